// Package frontend serves Laufbahn's website: server-rendered pages on the
// same Fiber app as the JSON API. Templates, static files and the message
// catalogs are embedded and parsed once at start; handlers call the feature
// services in process. routes.go holds the whole route table.
package frontend

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/notify"
	"github.com/laufbahn/laufbahn/search"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed locales
var localeFS embed.FS

// Deps are everything the website needs; New takes them explicitly.
type Deps struct {
	Logger  *slog.Logger
	Content *content.Store
	// Search runs the job, course and role searches; nil shows search as
	// unavailable.
	Search   search.Index
	Jobs     *jobs.Service
	Accounts *account.Service
	Learning *learning.Service
	// Notify is the notifications service (the header's bell, the list,
	// the preferences, unsubscribe links); nil hides them.
	Notify *notify.Service
	// BaseURL is the public address of the site (canonical URLs, the
	// Origin check, Secure cookies under https).
	BaseURL string
	// Storage keeps the CSRF tokens; share it between replicas. Nil keeps
	// them in this process.
	Storage fiber.Storage
	// Limiters limit the account forms as the API limits its account
	// routes (same counters); nil counts in Storage with the default
	// limits, trusting no proxy.
	Limiters *api.Limiters
	// ImpressumFile and PrivacyFile are the operator's legal texts (HTML
	// fragments or plain text); empty shows a clearly marked placeholder.
	ImpressumFile string
	PrivacyFile   string
	// Erase, if set, is called after an account is deleted from its page,
	// with its e-mail address (the API's Deps.Erase: mail files, the
	// database's free pages).
	Erase func(ctx context.Context, email string)
	// Now is the clock; nil uses time.Now.
	Now func() time.Time
}

// Site is the website.
type Site struct {
	Deps
	views   *html.Engine
	i18n    *catalog
	assets  *assets
	base    *url.URL
	secure  bool
	refresh *refreshCache
	// salaryCounts keeps the job search's salary facet counts briefly.
	salaryCounts *salaryCounts
}

// New parses the templates and message catalogs and hashes the static
// files; it fails when any of them is broken, so a bad template never
// reaches a visitor.
func New(d Deps) (*Site, error) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Limiters == nil {
		d.Limiters = api.NewLimiters(nil, d.Storage, nil)
	}
	if d.BaseURL == "" {
		d.BaseURL = "http://127.0.0.1:8080"
	}
	base, err := url.Parse(strings.TrimRight(d.BaseURL, "/"))
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("frontend: base URL %q is not an absolute URL", d.BaseURL)
	}
	cat, err := loadCatalog(localeFS)
	if err != nil {
		return nil, err
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	as, err := newAssets(static)
	if err != nil {
		return nil, err
	}
	tpl, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	engine := html.NewFileSystem(http.FS(tpl), ".html")
	engine.AddFuncMap(templateFuncs(as))
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("frontend: templates: %w", err)
	}
	return &Site{Deps: d, views: engine, i18n: cat, assets: as, base: base, secure: base.Scheme == "https", refresh: newRefreshCache(), salaryCounts: newSalaryCounts()}, nil
}

// render writes the page template name inside the base layout.
func (s *Site) render(c *fiber.Ctx, status int, name string, view any) error {
	var buf bytes.Buffer
	if err := s.views.Render(&buf, "pages/"+name, view, "layouts/base"); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(buf.Bytes())
}

// isPage reports whether a path belongs to the website rather than the API.
func isPage(path string) bool {
	return !(path == "/healthz" || path == "/readyz" || strings.HasPrefix(path, "/api/"))
}

// IsPage reports whether the error of a request to path should be shown
// as a page (the API's error handler asks).
func (s *Site) IsPage(path string) bool { return isPage(path) }

// ctx returns the request's context.
func ctx(c *fiber.Ctx) context.Context { return c.UserContext() }

// errNotFound is a page that does not exist.
var errNotFound = fiber.ErrNotFound

func isNotFound(err error) bool {
	var fe *fiber.Error
	return errors.As(err, &fe) && fe.Code == http.StatusNotFound
}
