package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/notify"
)

// notifyInterval is how often the notification worker looks for due mails
// when nothing wakes it (an instant notification wakes it at once).
const notifyInterval = 5 * time.Second

// openNotify wires the notifications: their own mailer (SMTP or .eml
// files, without the account mails' in-memory outbox: the notification
// worker keeps its queue in the database and retries itself), the signing
// key of unsubscribe links, and the jobs service as the source of events.
func openNotify(ctx context.Context, cfg Config, db *mongo.Database, store *content.Store, acc *account.Service, js *jobs.Service, lrn *learning.Service, log *slog.Logger) (*notify.Service, error) {
	if err := mongodb.EnsureIndexes(ctx, db, notify.Indexes()); err != nil {
		return nil, err
	}
	var key []byte
	var err error
	if cfg.NotifyKey != "" {
		key, err = hex.DecodeString(cfg.NotifyKey)
	} else {
		key, err = notify.LoadOrCreateKey(filepath.Join(cfg.DataDir, "secrets", "notify-key"))
	}
	if err != nil {
		return nil, fmt.Errorf("unsubscribe link key: %w", err)
	}
	nlog := log.With("component", "notify")
	var mailer mail.Mailer
	if cfg.SMTPURL != "" {
		mailer, err = mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
	} else {
		mailer, err = mail.NewFiles(filepath.Join(cfg.DataDir, "mail"), cfg.MailFrom, nlog)
	}
	if err != nil {
		return nil, err
	}
	if !cfg.NotifySend {
		log.Info("notification mails are not sent (LAUFBAHN_NOTIFY_SEND=off); they wait in the queue")
	}
	cfgN := notify.Config{DB: db, Accounts: acc, Jobs: js, Mailer: mailer, BaseURL: cfg.BaseURL, Key: key, Logger: nlog, Content: store}
	if lrn != nil {
		cfgN.Learners = learners{lrn}
	}
	return notify.New(cfgN)
}

// learners adapts the learning service to what the learning updates need.
type learners struct{ l *learning.Service }

func (a learners) LearnerIDs(ctx context.Context) ([]string, error) { return a.l.LearnerIDs(ctx) }

// GapSkills are the skills of the learner's gaps for the role.
func (a learners) GapSkills(ctx context.Context, userID, role string) ([]string, error) {
	g, err := a.l.GapForRole(ctx, userID, role, "de")
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(g.Gaps))
	for _, gap := range g.Gaps {
		out = append(out, gap.Skill)
	}
	return out, nil
}

// maskKey shows whether a key is set, never the key.
func maskKey(k string) string {
	if k == "" {
		return "(key file under <data>/secrets)"
	}
	return "xxxxx"
}
