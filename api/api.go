// Package api serves Laufbahn's JSON API under /api/v1 on Fiber: the route
// table (routes.go), one file per resource, problem+json error mapping,
// middleware and the embedded OpenAPI document.
package api

import (
	"context"
	"log/slog"
	"net/netip"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/notify"
	"github.com/laufbahn/laufbahn/search"
)

// Deps are everything the API needs; New takes them explicitly.
type Deps struct {
	Logger  *slog.Logger
	Content *content.Store
	// Ready reports whether the database is reachable (for /readyz).
	Ready func(ctx context.Context) error
	// Search runs searches; nil answers search routes with 503.
	Search search.Index
	// SearchStatus reports the sync worker's state for /readyz; may be nil.
	SearchStatus func() search.SyncStatus
	// Version is the build version shown by /healthz.
	Version string
	// BodyLimit caps request bodies in bytes (default 1 MiB).
	BodyLimit int

	// Accounts serves sign-up, sessions, profiles and organisations; nil
	// answers those routes with 503.
	Accounts *account.Service
	// RateLimits are the abuse limits of the account routes; nil uses
	// DefaultRateLimits.
	RateLimits *RateLimits
	// RateLimitStorage keeps the limiter counters; share it between
	// replicas (NewLimitStorage). Nil counts in this process only.
	RateLimitStorage fiber.Storage
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// Erase, if set, is called after an account and its data are deleted,
	// with its e-mail address, to remove what is left of the address
	// outside the documents (mail files, the database's free pages); it
	// returns at once and does the work in the background.
	Erase func(ctx context.Context, email string)

	// BaseURL is the public address of the site (e.g. https://laufbahn.de):
	// HSTS is sent when it is https, and the refresh cookie is accepted only
	// from its origin.
	BaseURL string

	// Learning serves enrolments, assessments, gap analysis and the
	// dashboard; nil answers those routes with 503.
	Learning *learning.Service

	// Jobs serves postings, applications, saved postings and searches and
	// salary insights; nil answers those routes with 503.
	Jobs *jobs.Service

	// Notify serves the in-app notifications, preferences and unsubscribe
	// links; nil answers those routes with 503.
	Notify *notify.Service

	// Middleware run on every request right after the request id is set
	// and before any route, e.g. the request metrics; may be empty.
	Middleware []fiber.Handler

	// Site is the server-rendered website on the same app (package
	// frontend); nil serves the API alone.
	Site Site
}

// Site is the website mounted beside the API: it installs its routes after
// the API's, and renders the errors of its own paths as pages.
type Site interface {
	Routes(app *fiber.App)
	IsPage(path string) bool
	HandleError(c *fiber.Ctx, err error) error
}

// New returns the Fiber app with every route and middleware installed.
func New(d Deps) *fiber.App {
	app, _ := newApp(d)
	return app
}

// newApp builds the app and returns the server too, whose access rules the
// tests read.
func newApp(d Deps) (*fiber.App, *server) {
	if d.BodyLimit <= 0 {
		d.BodyLimit = 1 << 20
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	s := &server{Deps: d, spec: mustLoadSpec(), rules: map[string]access{}, writeLimited: map[string]bool{}, limits: DefaultRateLimits()}
	if d.RateLimits != nil {
		s.limits = *d.RateLimits
	}
	proxies := make([]string, 0, len(d.TrustedProxies))
	for _, p := range d.TrustedProxies {
		proxies = append(proxies, p.String())
	}
	app := fiber.New(fiber.Config{
		AppName: "laufbahn",
		// The server takes bodies up to the CV upload's size; JSON bodies
		// are held to d.BodyLimit by decodeJSON (see jsonBodyLimit).
		BodyLimit:             max(d.BodyLimit, uploadBodyLimit),
		CaseSensitive:         true,
		StrictRouting:         false,
		DisableStartupMessage: true,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           2 * time.Minute,
		ErrorHandler:          s.handleError,
		// Only the listed proxies may tell us the client's address or
		// scheme; clientIP reads X-Forwarded-For from the right.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          proxies,
		ProxyHeader:             fiber.HeaderXForwardedFor,
	})
	app.Use(requestid.New())
	for _, h := range d.Middleware {
		app.Use(h)
	}
	app.Use(s.secureHeaders())
	app.Use(func(c *fiber.Ctx) error {
		c.Locals(jsonLimitKey, d.BodyLimit)
		return c.Next()
	})
	app.Use(s.accessLog)
	app.Use(recover.New(recover.Config{
		EnableStackTrace: true,
		StackTraceHandler: func(c *fiber.Ctx, e any) {
			s.log(c).Error("panic", "panic", e)
		},
	}))
	s.routes(app)
	if d.Site != nil {
		d.Site.Routes(app)
	}
	return app, s
}

// uploadBodyLimit is the largest body the server reads: a CV of
// jobs.MaxCVBytes with the multipart framing and the other form fields.
const uploadBodyLimit = jobs.MaxCVBytes + 1<<20

// jsonLimitKey is the Locals key of the JSON body limit.
const jsonLimitKey = "laufbahn.jsonLimit"

// server carries the dependencies shared by the handlers.
type server struct {
	Deps
	spec   *specDoc
	limits RateLimits
	// rules maps "METHOD /path" to the route's access rule.
	rules map[string]access
	// writeLimited marks the routes with a per-account write limit.
	writeLimited map[string]bool
}

// log returns the logger with the request id of c.
func (s *server) log(c *fiber.Ctx) *slog.Logger {
	return s.Logger.With("request_id", requestID(c))
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(requestid.ConfigDefault.ContextKey).(string)
	return id
}

// accessLog writes one structured line per request. Errors are rendered here
// (as Fiber's own logger does) so the logged status is the one sent.
func (s *server) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.Logger.LogAttrs(c.UserContext(), level, "request",
		slog.String("request_id", requestID(c)),
		slog.String("method", c.Method()),
		slog.String("path", c.Path()),
		slog.Int("status", status),
		slog.Int("bytes", len(c.Response().Body())),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("ip", s.clientIP(c)),
	)
	return nil
}
