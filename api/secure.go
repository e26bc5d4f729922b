package api

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"

	"github.com/laufbahn/laufbahn/apperr"
)

// ContentSecurityPolicy is sent with every response, JSON and HTML alike:
// scripts, styles, fonts and connections only from our own origin, images
// also as data: URLs, no plugins, no framing, forms only to us. Pages
// therefore carry no inline script or style (the API docs page links
// /api/docs.css).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// hstsMaxAge is one year, in seconds.
const hstsMaxAge = 365 * 24 * 60 * 60

// secureHeaders sets the security headers of every response, errors
// included (it runs before every route and the error handler keeps the
// headers): Fiber's helmet with our CSP, no framing and a referrer policy
// that keeps paths on our own origin; HSTS when the public base URL is
// https (helmet's own HSTS looks at the request's scheme, which behind a
// TLS-terminating proxy is http).
func (s *server) secureHeaders() fiber.Handler {
	h := helmet.New(helmet.Config{
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "strict-origin-when-cross-origin",
		ContentSecurityPolicy: ContentSecurityPolicy,
		HSTSMaxAge:            0,
	})
	hsts := ""
	if strings.HasPrefix(s.BaseURL, "https://") {
		hsts = "max-age=" + strconv.Itoa(hstsMaxAge) + "; includeSubDomains"
	}
	return func(c *fiber.Ctx) error {
		if hsts != "" {
			c.Set(fiber.HeaderStrictTransportSecurity, hsts)
		}
		return h(c)
	}
}

// originOf is the scheme://host[:port] of an absolute URL; "" if it has none.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// checkOrigin guards the routes that act on the refresh cookie against
// cross-site requests: the browser's Origin (or, without one, the origin of
// the Referer) must be the site's own, the public base URL (or, without one,
// the origin the request was made to). A request with neither header is
// refused: browsers send Origin with every POST.
func (s *server) checkOrigin(c *fiber.Ctx) error {
	want := originOf(s.BaseURL)
	if want == "" {
		want = strings.ToLower(c.BaseURL())
	}
	got := c.Get(fiber.HeaderOrigin)
	if got == "" || got == "null" {
		got = originOf(c.Get(fiber.HeaderReferer))
	}
	if got == "" || strings.ToLower(got) != want {
		return apperr.New(apperr.Forbidden, "the refresh cookie is only accepted from %s (check the Origin header)", want)
	}
	return nil
}
