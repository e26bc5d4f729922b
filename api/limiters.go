package api

import (
	"net/netip"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// Limiters builds the account routes' limiters for another entrance to the
// same actions (the website's forms): the same counter names and keys, the
// same client-address rule and the same storage, so attempts through the
// API and through the site count together.
type Limiters struct {
	limits  RateLimits
	storage fiber.Storage
	s       *server
}

// NewLimiters returns the limiters counting in storage (nil: in this
// process) under limits (nil: DefaultRateLimits), believing X-Forwarded-For
// from the trusted proxies only.
func NewLimiters(limits *RateLimits, storage fiber.Storage, trusted []netip.Prefix) *Limiters {
	l := &Limiters{limits: DefaultRateLimits(), storage: storage, s: &server{Deps: Deps{TrustedProxies: trusted}}}
	if limits != nil {
		l.limits = *limits
	}
	return l
}

// Limits returns the limits in use.
func (l *Limiters) Limits() RateLimits { return l.limits }

// Counting says which answers a limiter counts.
type Counting int

// Countings.
const (
	// CountAll counts every request.
	CountAll Counting = iota
	// CountFailed counts answers of status 400 and above (sign-in attempts).
	CountFailed
	// CountSucceeded counts answers below 400 (a form sent back with its
	// mistakes did no work worth limiting).
	CountSucceeded
)

// Chain returns the limiters of the account action name ("login",
// "register", "mail", "token": the API's names): per client IP and, when
// perAccount has a Max and accountKey is given, per account keyed by
// accountKey (see EmailKey; "" is not counted). A limit reached is an
// apperr.TooMany error with the Retry-After header set.
func (l *Limiters) Chain(name string, perIP, perAccount Limit, accountKey func(*fiber.Ctx) string, count Counting) []fiber.Handler {
	ch := []fiber.Handler{l.limit(name+"-ip", perIP, count, l.ClientIP)}
	if perAccount.Max > 0 && accountKey != nil {
		ch = append(ch, l.limit(name+"-account", perAccount, count, accountKey))
	}
	return ch
}

// limit is server.limit with a choice of what counts.
func (l *Limiters) limit(name string, lim Limit, count Counting, key func(*fiber.Ctx) string) fiber.Handler {
	return limiter.New(limiter.Config{
		Max:        lim.Max,
		Expiration: lim.Window,
		Next:       func(c *fiber.Ctx) bool { return key(c) == "" },
		KeyGenerator: func(c *fiber.Ctx) string {
			return "rl:" + name + ":" + key(c)
		},
		LimitReached: func(c *fiber.Ctx) error {
			return apperr.New(apperr.TooMany, "too many attempts; try again in %s seconds", c.GetRespHeader(fiber.HeaderRetryAfter))
		},
		SkipSuccessfulRequests: count == CountFailed,
		SkipFailedRequests:     count == CountSucceeded,
		Storage:                l.storage,
	})
}

// ClientIP is the address a request comes from, as the API sees it.
func (l *Limiters) ClientIP(c *fiber.Ctx) string { return l.s.clientIP(c) }

// EmailKey is the per-account limiter key of an e-mail address, as the API
// counts it ("" for no address).
func EmailKey(email string) string {
	if email = account.NormalizeEmail(email); email == "" {
		return ""
	}
	return digest(email)
}
