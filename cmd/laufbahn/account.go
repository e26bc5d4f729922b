package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// cleanupInterval is how often expired tokens, sessions and limiter
// counters are swept.
const cleanupInterval = 10 * time.Minute

// accounts is the account service and what runs beside it.
type accounts struct {
	service *account.Service
	limits  *api.LimitStorage
	outbox  *mail.Outbox
	log     *slog.Logger
	// files is the mail directory when mail goes to files (nil with SMTP).
	files *mail.Files
	// erase removes deleted accounts' addresses from the data directory.
	erase *eraser
}

// openAccounts wires the account service: signing keys from the
// environment or the key file in the data dir, mail through SMTP or into
// .eml files (behind an outbox, so requests never wait for mail), target
// roles checked against the content.
func openAccounts(ctx context.Context, cfg Config, db *mongo.Database, store *content.Store, log *slog.Logger) (*accounts, error) {
	var keys *account.Keys
	var err error
	if cfg.JWTKeys != "" {
		keys, err = account.ParseKeys(cfg.JWTKeys)
	} else {
		keys, err = account.LoadOrCreateKeyFile(filepath.Join(cfg.DataDir, "secrets", "jwt-keys"))
	}
	if err != nil {
		return nil, fmt.Errorf("access token keys: %w", err)
	}
	mlog := log.With("component", "mail")
	var mailer mail.Mailer
	var files *mail.Files
	if cfg.SMTPURL != "" {
		mailer, err = mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
		log.Info("mail", "via", "SMTP at "+mongodb.Redact(cfg.SMTPURL))
	} else {
		dir := filepath.Join(cfg.DataDir, "mail")
		files, err = mail.NewFiles(dir, cfg.MailFrom, mlog)
		mailer = files
		log.Info("mail", "via", ".eml files in "+dir+" (set LAUFBAHN_SMTP_URL to send)")
	}
	if err != nil {
		return nil, err
	}
	if err := mongodb.EnsureIndexes(ctx, db, account.Indexes()); err != nil {
		return nil, err
	}
	outbox := mail.NewOutbox(mailer, mlog, 1000)
	svc, err := account.New(account.Config{DB: db, Keys: keys, Mailer: outbox, BaseURL: cfg.BaseURL,
		RoleExists: roleChecker(store), Logger: log.With("component", "account")})
	if err != nil {
		_ = outbox.Close(ctx)
		return nil, err
	}
	return &accounts{service: svc, limits: api.NewLimitStorage(db, log.With("component", "ratelimit")), outbox: outbox, log: log, files: files}, nil
}

// roleChecker validates target roles against the curated content.
func roleChecker(store *content.Store) account.RoleChecker {
	return func(ctx context.Context, slug string) (bool, error) {
		if !content.IsSlug(slug) {
			return false, nil
		}
		_, err := store.Role(ctx, slug)
		if apperr.Is(err, apperr.NotFound) {
			return false, nil
		}
		return err == nil, err
	}
}

// close lets the work started after answering finish (password resets,
// erasures of deleted accounts) and sends the mail still queued, waiting
// at most timeout for the mail.
func (a *accounts) close(timeout time.Duration) {
	a.service.Wait()
	if a.erase != nil {
		a.erase.wait()
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := a.outbox.Close(ctx); err != nil {
		a.log.Warn("mail still queued at shutdown was not sent", "err", err)
	}
}

const adminUsage = `laufbahn admin – manage administrators

Usage: laufbahn admin create --email ADDRESS [--name NAME] [--language de|en]

  create   create a verified admin account and print a one-time link (valid 24 hours)
           on which they set their password; no password passes the command line
`

// admin runs "laufbahn admin <subcommand>".
func admin(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprint(stderr, adminUsage)
		switch {
		case len(args) == 0:
			return errors.New("admin: name a subcommand")
		case args[0] == "-h" || args[0] == "--help" || args[0] == "help":
			return flag.ErrHelp
		}
		return fmt.Errorf("admin: unknown subcommand %q", args[0])
	}
	// Only what creating the account and its link needs: the database, the
	// base URL of the link and the token keys; it sends no mail.
	cmd := newCommand("admin create", "create an administrator and print a link to set the password", stderr, append(slices.Clone(dbSettings), "base-url", "jwt-keys")...)
	email := cmd.fs.String("email", "", "the admin's e-mail address (required)")
	name := cmd.fs.String("name", "", "the admin's name")
	lang := cmd.fs.String("language", "de", "language of the account: de or en")
	cfg, err := cmd.parse(args[1:], getenv)
	if err != nil {
		return err
	}
	if *email == "" {
		return errors.New("admin create: --email is required")
	}
	cfg.MailFrom = settingDefault("mail-from") // the account service needs a sender; nothing is sent
	lock, err := lockDataDir(cfg, "admin create", false)
	if err != nil {
		return err
	}
	defer lock.release()
	log := newLogger(cfg, stderr)
	conn, store, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	acc, err := openAccounts(ctx, cfg, conn.DB, store, log)
	if err != nil {
		return err
	}
	defer acc.close(10 * time.Second)
	link, err := acc.service.CreateAdmin(ctx, *email, *name, *lang)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created the admin %s.\nThey set their password within %s at:\n\n  %s\n\n",
		account.NormalizeEmail(*email), humanDuration(account.AdminSetupTTL), link)
	fmt.Fprintf(stdout, "(Without the web pages: POST %s/api/v1/auth/password-reset/confirm with {\"token\": \"<token from the link>\", \"password\": \"...\"}.)\n", cfg.BaseURL)
	return nil
}
