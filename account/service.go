package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Collections the account package owns. Every lookup on a request path is by
// _id: embedded FerretDB pushes only an exact {_id: ...} filter down to
// SQLite and scans the whole collection for anything else.
const (
	CollUsers         = "users"           // _id: user id
	CollUserEmails    = "user_emails"     // _id: normalised e-mail → user id; insert-first makes addresses unique
	CollOrganisations = "organisations"   // _id: organisation id
	CollInvites       = "org_invites"     // _id: sha256 of the invitation token
	CollRefreshTokens = "refresh_tokens"  // _id: sha256 of the refresh token
	CollFamilies      = "token_families"  // _id: session id; one per login
	CollOneTimeTokens = "one_time_tokens" // _id: sha256 of the token (verify e-mail, reset password)
	CollTokenUses     = "token_uses"      // _id: "<kind>:<sha256>"; inserting it spends a token exactly once
)

// Lifetimes of the tokens the package issues.
const (
	VerifyTTL     = 24 * time.Hour
	ResetTTL      = time.Hour
	AdminSetupTTL = 24 * time.Hour
	InviteTTL     = 7 * 24 * time.Hour
	// orphanGrace is how old an e-mail claim without its user must be before
	// it is treated as left over from a crash rather than a sign-up in
	// progress.
	orphanGrace = 10 * time.Minute
)

// Pages of the web frontend that the links in mails open; the frontend
// reads the token from the query and calls the API.
const (
	VerifyPath = "/e-mail-bestaetigen"
	ResetPath  = "/passwort-zuruecksetzen"
	InvitePath = "/einladung"
)

// Config is everything a Service needs.
type Config struct {
	DB     *mongo.Database
	Keys   *Keys
	Mailer mail.Mailer
	// Passwords hashes passwords; nil uses DefaultArgon2.
	Passwords *Passwords
	// BaseURL prefixes the links in mails, e.g. https://laufbahn.de.
	BaseURL string
	// RoleExists validates target roles against the content; nil accepts any.
	RoleExists RoleChecker
	Logger     *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Service implements accounts, organisations and sessions on MongoDB.
type Service struct {
	db                                                    *mongo.Database
	users, emails, orgs, invites, refresh, families, otts *mongo.Collection
	uses                                                  *mongo.Collection
	keys                                                  *Keys
	mailer                                                mail.Mailer
	pw                                                    *Passwords
	baseURL                                               string
	roleExists                                            RoleChecker
	log                                                   *slog.Logger
	now                                                   func() time.Time

	// docLocks serialise writes to one user or organisation document
	// within this process. FerretDB v1 applies an update by reading the
	// document and writing it back whole, so two concurrent updates of one
	// user (a profile edit and a password change) could otherwise undo each
	// other; MongoDB applies update operators atomically anyway.
	docLocks mongodb.DocLocks

	// background counts work started after answering (password reset),
	// so Wait can let it finish.
	background sync.WaitGroup
}

// Wait blocks until the work the service started in the background is
// done (call it on shutdown, before closing the database).
func (s *Service) Wait() { s.background.Wait() }

// New returns the service.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Keys == nil || cfg.Mailer == nil {
		return nil, errors.New("account: DB, Keys and Mailer are required")
	}
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("account: BaseURL must be an absolute http(s) URL")
	}
	if cfg.Passwords == nil {
		if cfg.Passwords, err = NewPasswords(DefaultArgon2); err != nil {
			return nil, err
		}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	db := cfg.DB
	return &Service{
		db:    db,
		users: db.Collection(CollUsers), emails: db.Collection(CollUserEmails), orgs: db.Collection(CollOrganisations),
		invites: db.Collection(CollInvites), refresh: db.Collection(CollRefreshTokens), families: db.Collection(CollFamilies),
		otts: db.Collection(CollOneTimeTokens), uses: db.Collection(CollTokenUses),
		keys: cfg.Keys, mailer: cfg.Mailer, pw: cfg.Passwords, baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		roleExists: cfg.RoleExists, log: cfg.Logger, now: cfg.Now,
	}, nil
}

// Indexes are the secondary indexes of the account collections. No request
// path needs them (those go by _id); they keep the periodic cleanup, the
// export and account deletion cheap on MongoDB.
func Indexes() []mongodb.Index {
	var ix []mongodb.Index
	for _, c := range []string{CollRefreshTokens, CollFamilies, CollOneTimeTokens, CollTokenUses, CollInvites} {
		ix = append(ix, mongodb.Index{Collection: c, Keys: bson.D{{Key: "expiresAt", Value: 1}}})
	}
	for _, c := range []string{CollRefreshTokens, CollFamilies, CollOneTimeTokens} {
		ix = append(ix, mongodb.Index{Collection: c, Keys: bson.D{{Key: "userId", Value: 1}}})
	}
	return ix
}

// Passwords returns the hasher, whose Runs tests compare.
func (s *Service) Passwords() *Passwords { return s.pw }

// Keys returns the access token keys.
func (s *Service) Keys() *Keys { return s.keys }

// clock returns the current time at the precision BSON stores.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func (s *Service) lockDoc(id string) func() { return s.docLocks.Lock(id) }

// randomToken returns 256 random bits, base64url without padding: the
// secret part of refresh, one-time and invitation tokens.
func randomToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// hashToken is how a token is stored: only its SHA-256, so a copy of the
// database does not hand out sessions. A fast hash is right here because
// the tokens are 256 random bits, not guessable passwords.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newID returns prefix + 80 random bits in lower-case base32.
func newID(prefix string) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return prefix + strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// link builds a frontend link carrying a token.
func (s *Service) link(path, token string) string {
	return s.baseURL + path + "?token=" + url.QueryEscape(token)
}

// sendMail renders and sends a message. Failures are logged, not returned:
// whether a mail could be sent must not change the answer a client gets
// (that would tell which addresses have accounts), and every flow lets the
// user ask again.
func (s *Service) sendMail(ctx context.Context, kind mail.Kind, lang, to string, d mail.Data) {
	m, err := mail.Render(kind, lang, to, d)
	if err == nil {
		err = s.mailer.Send(ctx, m)
	}
	if err != nil {
		s.log.ErrorContext(ctx, "sending mail", "kind", string(kind), "err", err)
	}
}

// user loads a user by id.
func (s *Service) user(ctx context.Context, id string) (*User, error) {
	var u User
	if err := s.users.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&u); err != nil {
		return nil, mongodb.Translate(err, "user")
	}
	return &u, nil
}

// User returns the active user with the id; deleted users are not found.
func (s *Service) User(ctx context.Context, id string) (*User, error) {
	u, err := s.user(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.DeletedAt != nil {
		return nil, apperr.New(apperr.NotFound, "user not found")
	}
	return u, nil
}

// userByEmail finds the user with a normalised address; nil when none.
func (s *Service) userByEmail(ctx context.Context, email string) (*User, error) {
	var claim emailClaim
	err := s.emails.FindOne(ctx, bson.D{{Key: "_id", Value: email}}).Decode(&claim)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, mongodb.Translate(err, "e-mail address")
	}
	u, err := s.user(ctx, claim.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil // an orphan claim; see Register
	}
	if err != nil {
		return nil, err
	}
	if u.DeletedAt != nil || u.Email != email {
		return nil, nil
	}
	return u, nil
}

// emailClaim reserves an address for a user.
type emailClaim struct {
	Email     string    `bson:"_id"`
	UserID    string    `bson:"userId"`
	CreatedAt time.Time `bson:"createdAt"`
}

// updateUser applies an update to one user by _id.
func (s *Service) updateUser(ctx context.Context, id string, update bson.D) error {
	res, err := s.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
	if err != nil {
		return mongodb.Translate(err, "user")
	}
	if res.MatchedCount == 0 {
		return apperr.New(apperr.NotFound, "user not found")
	}
	return nil
}

// bumpVersion increments the user's token version, with set applied in the
// same write: every access token and session issued before stops working.
func (s *Service) bumpVersion(ctx context.Context, id string, set bson.D) error {
	set = append(set, bson.E{Key: "updatedAt", Value: s.clock()})
	return s.updateUser(ctx, id, bson.D{
		{Key: "$set", Value: set},
		{Key: "$inc", Value: bson.D{{Key: "tokenVersion", Value: int64(1)}}},
	})
}

// spend records that a token was used. Inserting a document whose _id names
// the token is atomic on MongoDB and on FerretDB (a unique SQLite key),
// unlike a conditional update, which FerretDB v1 runs as read-then-write;
// so of two concurrent uses exactly one wins. It returns false when the
// token had been spent before.
func (s *Service) spend(ctx context.Context, kind, hash string, expiresAt time.Time) (bool, error) {
	_, err := s.uses.InsertOne(ctx, bson.D{
		{Key: "_id", Value: kind + ":" + hash},
		{Key: "usedAt", Value: s.clock()},
		{Key: "expiresAt", Value: expiresAt},
	})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, mongodb.Translate(err, "token")
	}
	return true, nil
}
