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

// RateLimits are the abuse limits of the account routes. Each route is
// counted twice: per client IP and per account (the normalised e-mail of the
// body, or the refresh token), so neither many addresses from one machine
// nor one address from many machines get far.
type RateLimits struct {
	// Login counts failed attempts only: signing in often is fine,
	// guessing is not.
	LoginPerAccount, LoginPerIP Limit
	// Register counts sign-ups (each may send a mail).
	RegisterPerAccount, RegisterPerIP Limit
	// Mail counts password-reset and verification-resend requests.
	MailPerAccount, MailPerIP Limit
	// Token counts attempts to use a mailed token (verify, reset confirm).
	TokenPerIP Limit
	// Refresh counts refreshes per refresh token and per IP.
	RefreshPerToken, RefreshPerIP Limit
}

// DefaultRateLimits are the production limits.
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
	}
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
