package frontend

import (
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
)

// csrfProtect is Fiber's CSRF middleware (double-submit cookie, token in
// the form field _csrf or the X-Csrf-Token header, kept in Storage). Safe
// requests of anonymous visitors to pages without a form skip it, so
// reading the site stores nothing.
func (s *Site) csrfProtect() fiber.Handler {
	return csrf.New(csrf.Config{
		Next: func(c *fiber.Ctx) bool {
			switch c.Method() {
			case fiber.MethodGet, fiber.MethodHead:
				return userOf(c) == nil && !formPages[c.Path()]
			}
			return false
		},
		CookieName:     "lb_csrf",
		CookieSameSite: "Lax",
		CookieHTTPOnly: true,
		CookieSecure:   s.secure,
		Expiration:     2 * time.Hour,
		Storage:        s.Storage,
		ContextKey:     csrfKey,
		Extractor: func(c *fiber.Ctx) (string, error) {
			if v := c.FormValue("_csrf"); v != "" {
				return v, nil
			}
			if v := c.Get(csrf.HeaderName); v != "" {
				return v, nil
			}
			return "", csrf.ErrTokenNotFound
		},
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			return errCSRF
		},
	})
}

// formPages are the anonymous pages with a state-changing form; they get a
// CSRF token on GET.
var formPages = map[string]bool{
	"/anmelden": true, "/registrieren": true, "/passwort-vergessen": true,
	"/passwort-zuruecksetzen": true, "/einladung": true, "/e-mail-bestaetigen": true,
	"/benachrichtigungen/abbestellen": true,
}

// errCSRF is a form sent without its token, with a stale one or from
// another site.
var errCSRF = fiber.NewError(http.StatusForbidden, "csrf")

// checkOrigin refuses unsafe requests that a browser says come from
// another origin (Origin header, or Sec-Fetch-Site: cross-site).
func (s *Site) checkOrigin(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if o := c.Get(fiber.HeaderOrigin); o != "" && o != "null" && !strings.EqualFold(o, s.base.Scheme+"://"+s.base.Host) {
		return errCSRF
	} else if o == "null" {
		return errCSRF
	}
	if c.Get("Sec-Fetch-Site") == "cross-site" {
		return errCSRF
	}
	return c.Next()
}
