package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// Limit allows Max requests per Window (a fixed window, as Fiber's limiter
// counts).
type Limit struct {
	Max    int
	Window time.Duration
}

// RateLimits are the abuse limits. The account routes are counted twice:
// per client IP and per account (the normalised e-mail of the body, or the
// refresh token), so neither many addresses from one machine nor one
// address from many machines get far. Every other state-changing route is
// counted per signed-in account (Writes).
type RateLimits struct {
	// Login counts failed attempts only: signing in often is fine,
	// guessing is not. LoginPerAccount counts per account AND client
	// address, so an attacker's failures never lock the owner out from
	// another client (OWASP Authentication Cheat Sheet); LoginPerIP caps
	// guessing from one client across accounts.
	LoginPerAccount, LoginPerIP Limit
	// Register counts sign-ups (each may send a mail).
	RegisterPerAccount, RegisterPerIP Limit
	// Mail counts password-reset and verification-resend requests.
	MailPerAccount, MailPerIP Limit
	// Token counts attempts to use a mailed token (verify, reset confirm).
	TokenPerIP Limit
	// Refresh counts refreshes (and logouts) per refresh token and per IP.
	RefreshPerToken, RefreshPerIP Limit
	// Writes caps each state-changing route of signed-in users per account,
	// keyed "METHOD /api/v1/path" as in routes.go; a route not listed gets
	// WriteDefault. A zero Max means no limit.
	Writes       map[string]Limit
	WriteDefault Limit
}

// DefaultRateLimits are the production limits. The write limits are far
// above what a person does by hand (docs/SECURITY.md has the table); they
// stop scripts flooding the database, the search index and other people's
// inboxes.
func DefaultRateLimits() RateLimits {
	return RateLimits{
		LoginPerAccount:    Limit{10, 15 * time.Minute},
		LoginPerIP:         Limit{50, 15 * time.Minute},
		RegisterPerAccount: Limit{5, time.Hour},
		RegisterPerIP:      Limit{5, time.Hour},
		MailPerAccount:     Limit{5, time.Hour},
		MailPerIP:          Limit{20, time.Hour},
		TokenPerIP:         Limit{30, time.Hour},
		RefreshPerToken:    Limit{10, time.Minute},
		RefreshPerIP:       Limit{60, time.Minute},
		Writes:             DefaultWriteLimits(),
		WriteDefault:       Limit{300, time.Hour},
	}
}

// DefaultWriteLimits are the per-account limits of the state-changing
// routes that differ from the default of 300 an hour.
func DefaultWriteLimits() map[string]Limit {
	hour := func(n int) Limit { return Limit{n, time.Hour} }
	day := func(n int) Limit { return Limit{n, 24 * time.Hour} }
	return map[string]Limit{
		// Account and profile.
		"PATCH /api/v1/me":                 hour(30),
		"POST /api/v1/me/password":         hour(10),
		"DELETE /api/v1/me":                hour(10),
		"POST /api/v1/auth/logout-all":     hour(30),
		"DELETE /api/v1/me/sessions/:id":   hour(60),
		"POST /api/v1/organisations":       day(10),
		"POST /api/v1/organisations/join":  hour(10),
		"PATCH /api/v1/organisations/mine": hour(30),
		// Each invitation is a link someone mails on.
		"POST /api/v1/organisations/mine/invites": hour(30),
		// Postings: new ones and lifecycle changes.
		"POST /api/v1/organisations/mine/postings":                hour(60),
		"PATCH /api/v1/organisations/mine/postings/:id":           hour(300),
		"POST /api/v1/organisations/mine/postings/preview":        hour(600),
		"POST /api/v1/organisations/mine/postings/:id/publish":    hour(60),
		"POST /api/v1/organisations/mine/postings/:id/close":      hour(60),
		"POST /api/v1/organisations/mine/postings/:id/extend":     hour(60),
		"POST /api/v1/organisations/mine/postings/:id/duplicate":  hour(60),
		"POST /api/v1/organisations/mine/applications/:id/status": hour(300),
		// Applications each reach an employer.
		"POST /api/v1/jobs/:id/applications":        hour(30),
		"POST /api/v1/me/applications/:id/withdraw": hour(30),
		"POST /api/v1/me/saved/searches":            hour(60),
		// Learning: a path has a few dozen steps.
		"POST /api/v1/me/enrolments":                      hour(60),
		"DELETE /api/v1/me/enrolments/:slug":              hour(60),
		"PATCH /api/v1/me/enrolments/:slug/steps/:number": hour(120),
		"PUT /api/v1/me/background":                       hour(60),
	}
}

// writeLimit is the per-account limit of a state-changing route.
func (l RateLimits) writeLimit(route string) Limit {
	if w, ok := l.Writes[route]; ok {
		return w
	}
	return l.WriteDefault
}

// isWrite reports whether a method changes state.
func isWrite(method string) bool {
	return method != fiber.MethodGet && method != fiber.MethodHead && method != fiber.MethodOptions
}

// perAccountWrites limits a state-changing route per signed-in account; it
// runs after authenticate. Nil when the route has no limit.
func (s *server) perAccountWrites(route string) fiber.Handler {
	l := s.limits.writeLimit(route)
	if l.Max <= 0 {
		return nil
	}
	return s.limit("w:"+route, l, false, func(c *fiber.Ctx) string {
		if u := currentUser(c); u != nil {
			return u.ID
		}
		return ""
	})
}

// limit returns Fiber's limiter counting requests under name per key; a
// request for which key returns "" is not counted by this limiter.
func (s *server) limit(name string, l Limit, skipSuccessful bool, key func(*fiber.Ctx) string) fiber.Handler {
	return limiter.New(limiter.Config{
		Max:        l.Max,
		Expiration: l.Window,
		Next:       func(c *fiber.Ctx) bool { return key(c) == "" },
		KeyGenerator: func(c *fiber.Ctx) string {
			return "rl:" + name + ":" + key(c)
		},
		LimitReached: func(c *fiber.Ctx) error {
			return apperr.New(apperr.TooMany, "too many attempts; try again in %s seconds", c.GetRespHeader(fiber.HeaderRetryAfter))
		},
		SkipSuccessfulRequests: skipSuccessful,
		Storage:                s.RateLimitStorage,
	})
}

// chain is middleware to put in front of a handler.
type chain []fiber.Handler

// then returns the chain followed by h.
func (ch chain) then(h fiber.Handler) []fiber.Handler {
	return append(slices.Clip(ch), h)
}

// limited returns the middleware of a rate-limited account route: 503
// without accounts, the per-IP limiter, the per-account limiter (if
// perAccount has a Max), and renderErrors so the limiters see the status.
// Routes given the same chain share its counters.
func (s *server) limited(name string, perIP, perAccount Limit, accountKey func(*fiber.Ctx) string, skipSuccessful bool) chain {
	ch := chain{s.needAccounts, s.limit(name+"-ip", perIP, skipSuccessful, s.perIP)}
	if perAccount.Max > 0 {
		ch = append(ch, s.limit(name+"-account", perAccount, skipSuccessful, accountKey))
	}
	return append(ch, renderErrors)
}

// needAccounts answers 503 when the API runs without accounts.
func (s *server) needAccounts(c *fiber.Ctx) error {
	if s.Accounts == nil {
		return apperr.New(apperr.Unavailable, "accounts are not available")
	}
	return c.Next()
}

// perIP keys a limiter by the client's address.
func (s *server) perIP(c *fiber.Ctx) string { return s.clientIP(c) }

// perEmail keys a limiter by the e-mail address in the JSON body, hashed so
// the limiter storage holds no addresses.
func perEmail(c *fiber.Ctx) string {
	var b struct {
		Email any `json:"email"`
	}
	if json.Unmarshal(c.Body(), &b) != nil {
		return ""
	}
	email, _ := b.Email.(string)
	if email = account.NormalizeEmail(email); email == "" {
		return ""
	}
	return digest(email)
}

// perEmailAndIP keys the sign-in failure limiter by account and client
// together: failures from one client do not count against another.
func (s *server) perEmailAndIP(c *fiber.Ctx) string {
	e := perEmail(c)
	if e == "" {
		return ""
	}
	return e + ":" + s.clientIP(c)
}

// LoginKey is the key under which sign-in failures are counted for an
// address from a client address, for another entrance to sign-in (the
// website's form) to count with the API ("" for no address).
func LoginKey(email, clientIP string) string {
	if email = account.NormalizeEmail(email); email == "" {
		return ""
	}
	return digest(email) + ":" + clientIP
}

// perRefreshToken keys a limiter by the refresh token of the body or cookie.
func perRefreshToken(c *fiber.Ctx) string {
	if t := refreshTokenOf(c); t != "" {
		return digest(t)
	}
	return ""
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}

// renderErrors renders a handler's error at once, so the limiter in front
// of it sees the real status (it counts or skips by status).
func renderErrors(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		return c.App().ErrorHandler(c, err)
	}
	return nil
}

// clientIP is the address a request comes from. X-Forwarded-For counts only
// when the peer is a trusted proxy, and then it is read from the right: each
// trusted hop appends the address it saw, so the rightmost address that is
// not a trusted proxy is the client (the left part is whatever the client
// sent, and can be forged). Fiber's own c.IP() takes the leftmost entry.
func (s *server) clientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	peer = peer.Unmap()
	if !s.trusted(peer) {
		return peer.String()
	}
	client := peer
	headers := c.Request().Header.PeekAll(fiber.HeaderXForwardedFor)
	for h := len(headers) - 1; h >= 0; h-- {
		hops := strings.Split(string(headers[h]), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				return client.String()
			}
			client = a.Unmap()
			if !s.trusted(client) {
				return client.String()
			}
		}
	}
	return client.String()
}

func (s *server) trusted(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads a comma-separated list of IP addresses and CIDR
// ranges.
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR range", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// LimitStorage is a fiber.Storage on MongoDB, so every replica counts
// against the same numbers. (gofiber/storage's MongoDB adapter is not
// reachable from our module proxy, and is a few lines on mongo-driver v2.)
// Each key is one document looked up by _id; expiry is checked on Get and
// swept by Cleanup, since FerretDB has no TTL indexes.
//
// fiber.Storage has no context parameter, so each call gets its own
// timeout. Fiber's limiter reads and writes a counter in two steps, so two
// replicas counting the same key at the same instant can lose one count;
// the limits are about abuse, and that slack does not matter there.
type LimitStorage struct {
	coll    *mongo.Collection
	now     func() time.Time
	timeout time.Duration
	log     *slog.Logger
}

// CollRateLimits is the collection of the limiter counters.
const CollRateLimits = "rate_limits"

// NewLimitStorage returns the storage on db.
func NewLimitStorage(db *mongo.Database, log *slog.Logger) *LimitStorage {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &LimitStorage{coll: db.Collection(CollRateLimits), now: time.Now, timeout: 2 * time.Second, log: log}
}

type limitDoc struct {
	Key       string     `bson:"_id"`
	Value     []byte     `bson:"v"`
	ExpiresAt *time.Time `bson:"expiresAt,omitempty"`
}

// Get returns the value of key, or nil when it is missing or expired.
func (l *LimitStorage) Get(key string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), l.timeout)
	defer cancel()
	var d limitDoc
	err := l.coll.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		// Fiber's limiter ignores storage errors (it counts from zero), so
		// say it here.
		l.log.Warn("rate limit storage", "err", err)
		return nil, err
	}
	if d.ExpiresAt != nil && !l.now().Before(*d.ExpiresAt) {
		return nil, nil
	}
	return d.Value, nil
}

// Set stores val under key for exp (0: no expiry).
func (l *LimitStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.timeout)
	defer cancel()
	d := limitDoc{Key: key, Value: val}
	if exp > 0 {
		t := l.now().Add(exp).UTC()
		d.ExpiresAt = &t
	}
	_, err := l.coll.ReplaceOne(ctx, bson.D{{Key: "_id", Value: key}}, d, options.Replace().SetUpsert(true))
	if err != nil {
		l.log.Warn("rate limit storage", "err", err)
	}
	return err
}

// Delete removes key.
func (l *LimitStorage) Delete(key string) error {
	ctx, cancel := context.WithTimeout(context.Background(), l.timeout)
	defer cancel()
	_, err := l.coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: key}})
	return err
}

// Reset removes every key.
func (l *LimitStorage) Reset() error {
	ctx, cancel := context.WithTimeout(context.Background(), l.timeout)
	defer cancel()
	_, err := l.coll.DeleteMany(ctx, bson.D{})
	return err
}

// Close does nothing; the database connection belongs to the caller.
func (l *LimitStorage) Close() error { return nil }

// Cleanup removes expired counters.
func (l *LimitStorage) Cleanup(ctx context.Context) (int64, error) {
	res, err := l.coll.DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: l.now()}}}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// RunCleanup calls Cleanup every interval until ctx ends.
func (l *LimitStorage) RunCleanup(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Cleanup(ctx); err != nil && ctx.Err() == nil {
				l.log.Warn("rate limit cleanup", "err", err)
			}
		}
	}
}

var _ fiber.Storage = (*LimitStorage)(nil)
