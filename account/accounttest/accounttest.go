// Package accounttest helps tests that need accounts: a Mailbox that keeps
// the mails instead of sending them (a hand-written fake at the mail
// boundary), a settable clock, and a Service on a real test database with
// cheap argon2 parameters.
package accounttest

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/mail"
)

// CheapArgon2 makes hashing fast for tests that do not check the real
// parameters.
var CheapArgon2 = account.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// BaseURL is the base of links in test mails.
const BaseURL = "http://laufbahn.test"

// Mailbox records messages.
type Mailbox struct {
	mu   sync.Mutex
	msgs []mail.Message
	// gate, while set, holds every Send until it is closed (Hold).
	gate chan struct{}
}

// Send records m.
func (b *Mailbox) Send(ctx context.Context, m mail.Message) error {
	b.mu.Lock()
	gate := b.gate
	b.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs = append(b.msgs, m)
	return nil
}

// Hold makes every Send wait until release is called, as a slow mail
// server would; a test sees what happens before a mail goes out.
func (b *Mailbox) Hold() (release func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	gate := make(chan struct{})
	b.gate = gate
	var once sync.Once
	return func() {
		once.Do(func() {
			b.mu.Lock()
			b.gate = nil
			b.mu.Unlock()
			close(gate)
		})
	}
}

// All returns every message so far.
func (b *Mailbox) All() []mail.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]mail.Message(nil), b.msgs...)
}

// To returns the messages to an address.
func (b *Mailbox) To(addr string) []mail.Message {
	var out []mail.Message
	for _, m := range b.All() {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// Last returns the last message to addr; it fails the test if there is none.
func (b *Mailbox) Last(t testing.TB, addr string) mail.Message {
	t.Helper()
	ms := b.To(addr)
	if len(ms) == 0 {
		t.Fatalf("no mail to %s", addr)
	}
	return ms[len(ms)-1]
}

var tokenRe = regexp.MustCompile(`https?://\S+\?token=([A-Za-z0-9_%-]+)`)

// Token returns the token of the link in the last message to addr.
func (b *Mailbox) Token(t testing.TB, addr string) string {
	t.Helper()
	return LinkToken(t, b.Last(t, addr).Text)
}

// LinkToken returns the token of the first link in text.
func LinkToken(t testing.TB, text string) string {
	t.Helper()
	m := tokenRe.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no link with a token in:\n%s", text)
	}
	tok, err := url.QueryUnescape(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Env is a service with its fakes.
type Env struct {
	Service *account.Service
	DB      *mongo.Database
	Mailbox *Mailbox
	Clock   *Clock
	Keys    *account.Keys
}

// Options change the test service.
type Options struct {
	Argon2     *account.Argon2Params
	RoleExists account.RoleChecker
}

// New returns a Service on db with cheap hashing, a Mailbox and a Clock
// starting now.
func New(t testing.TB, db *mongo.Database, opts ...Options) *Env {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	params := CheapArgon2
	if o.Argon2 != nil {
		params = *o.Argon2
	}
	pw, err := account.NewPasswords(params)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := account.NewKeySpec("test")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := account.ParseKeys(spec)
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{DB: db, Mailbox: &Mailbox{}, Clock: NewClock(time.Now().UTC().Truncate(time.Second)), Keys: keys}
	env.Service, err = account.New(account.Config{DB: db, Keys: keys, Mailer: env.Mailbox, Passwords: pw, BaseURL: BaseURL,
		RoleExists: o.RoleExists, Now: env.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// Password is a password the policy accepts.
const Password = "Tintenfass Gartenzaun 47"

// User registers, verifies and returns a user with the role (learner or
// employer) and Password; an employer gets an organisation when withOrg.
func (e *Env) User(t testing.TB, email string, role account.Role, withOrg bool) *account.User {
	t.Helper()
	ctx := context.Background()
	r := account.Registration{Email: email, Password: Password, Name: strings.Split(email, "@")[0], Role: role}
	if withOrg {
		r.Organisation = &account.OrganisationInput{Name: "Kanzlei " + r.Name, SizeClass: "10-49", Industry: "Recht",
			Locations: []account.Location{{City: "Hamburg", PostalCode: "20095", Bundesland: "HH"}}}
	}
	if role == account.Admin {
		link, err := e.Service.CreateAdmin(ctx, email, r.Name, "de")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Service.ResetPassword(ctx, LinkToken(t, link), Password); err != nil {
			t.Fatal(err)
		}
	} else {
		if err := e.Service.Register(ctx, r); err != nil {
			t.Fatal(err)
		}
		if err := e.Service.VerifyEmail(ctx, e.Mailbox.Token(t, email)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := e.Service.Login(ctx, email, Password, account.Client{UserAgent: "accounttest"})
	if err != nil {
		t.Fatal(err)
	}
	return s.User
}

// Login signs in with Password and returns the session.
func (e *Env) Login(t testing.TB, email string) *account.Session {
	t.Helper()
	s, err := e.Service.Login(context.Background(), email, Password, account.Client{UserAgent: "accounttest"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
