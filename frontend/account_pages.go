package frontend

// The account pages: sign-in and sign-out (this file), sign-up
// (register.go), the mailed links for the address and the password
// (password.go), invitations (invite.go) and the areas behind sign-in
// (areas.go). They call the account service in process and give the same
// answers as the API's account routes, translated.

import (
	"errors"
	"net/url"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
)

// form is a submitted (or empty) form: the typed values and what is wrong,
// per field, already translated.
type form struct {
	values map[string]string
	errs   map[string]string
	// order is the fields top to bottom, for focusing the first wrong one.
	order []string
	// Error is a problem of the whole form, shown above its fields.
	Error string
}

func newForm(order ...string) *form {
	return &form{values: map[string]string{}, errs: map[string]string{}, order: order}
}

// read takes the form's fields from the request body.
func (f *form) read(c *fiber.Ctx) *form {
	for _, name := range f.order {
		f.values[name] = strings.TrimSpace(c.FormValue(name))
	}
	return f
}

// Val is a field's value as typed.
func (f *form) Val(name string) string { return f.values[name] }

// Err is what is wrong with a field ("" when nothing).
func (f *form) Err(name string) string { return f.errs[name] }

// Focus reports whether name is the first wrong field (it gets autofocus).
func (f *form) Focus(name string) bool {
	for _, n := range f.order {
		if f.errs[n] != "" {
			return n == name
		}
	}
	return false
}

// HasErrors reports whether any field or the form is wrong.
func (f *form) HasErrors() bool { return len(f.errs) > 0 || f.Error != "" }

// set records a problem with a field (the first one wins).
func (f *form) set(name, msg string) {
	if _, ok := f.errs[name]; !ok {
		f.errs[name] = msg
	}
}

// problems puts the field problems of an apperr.Invalid error on the form's
// fields, translated; field maps the service's field path to a form field
// ("" for a problem of the whole form). It reports whether err was such an
// error.
func (p *Page) problems(f *form, err error, field func(path string) string) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid || len(ae.Fields) == 0 {
		return false
	}
	for path, msg := range ae.Fields {
		name := field(path)
		text := p.fieldMessage(msg)
		if name == "" || !containsName(f.order, name) {
			if f.Error == "" {
				f.Error = text
			}
			continue
		}
		f.set(name, text)
	}
	return true
}

func containsName(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// fieldMessages translate the account service's field problems (the API's
// field messages); a message not listed is shown as it is.
var fieldMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^is required$`), "form.required"},
	{regexp.MustCompile(`^must be an e-mail address`), "form.email"},
	{regexp.MustCompile(`^must be at least (\d+) characters`), "form.tooShort"},
	{regexp.MustCompile(`^must be at most (\d+) characters`), "form.tooLong"},
	{regexp.MustCompile(`^must be valid text$`), "form.text"},
	{regexp.MustCompile(`^must be a single line`), "form.singleLine"},
	{regexp.MustCompile(`^is too easy to guess`), "form.weakPassword"},
	{regexp.MustCompile(`^must be a German postal code`), "form.postalCode"},
	{regexp.MustCompile(`^must be a state code`), "form.bundesland"},
	{regexp.MustCompile(`^must be an https:// address`), "form.website"},
	{regexp.MustCompile(`^name at least one location`), "form.location"},
	{regexp.MustCompile(`^must be learner or employer`), "form.role"},
	{regexp.MustCompile(`^must be one of: `), "form.oneOf"},
	{regexp.MustCompile(`^is invalid, already used or expired; ask for a new link`), "form.tokenBad"},
	{regexp.MustCompile(`^is invalid, already used or expired; ask for a new invitation`), "form.inviteBad"},
	{regexp.MustCompile(`^the organisation no longer exists`), "form.orgGone"},
	{regexp.MustCompile(`^is wrong$`), "form.wrong"},
}

// fieldMessage translates a field problem of the account service.
func (p *Page) fieldMessage(msg string) string {
	for _, m := range fieldMessages {
		if sub := m.re.FindStringSubmatch(msg); sub != nil {
			if len(sub) > 1 {
				return p.T(m.key, "N", sub[1])
			}
			return p.T(m.key)
		}
	}
	return msg
}

// safeNext returns a local address to go to after signing in, or "" when
// v is not one: only a path on this site ("/..."), never an absolute URL,
// a scheme-relative "//host" or a backslash trick.
func safeNext(v string) string {
	if v == "" || len(v) > 500 || v[0] != '/' || strings.HasPrefix(v, "//") || strings.ContainsAny(v, "\\\r\n\t") {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	if strings.HasPrefix(u.Path, "/api/") || u.Path == "/abmelden" {
		return ""
	}
	return v
}

// loginURL is the sign-in page returning to next afterwards.
func loginURL(next string) string {
	if next = safeNext(next); next == "" {
		return "/anmelden"
	}
	return "/anmelden?weiter=" + url.QueryEscape(next)
}

// requestURI is the path and query of the request, to come back to.
func requestURI(c *fiber.Ctx) string {
	if q := string(c.Request().URI().QueryString()); q != "" {
		return c.Path() + "?" + q
	}
	return c.Path()
}

// private marks a personal or form page: not indexed, not cached.
func private(c *fiber.Ctx, p *Page) {
	p.NoIndex = true
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// limited puts the account limiters of action (the API's names: login,
// register, mail, token) in front of h, counting with the API's counters:
// per client IP and per e-mail address of the form.
func (s *Site) limited(action string, h fiber.Handler) []fiber.Handler {
	l := s.Limiters.Limits()
	email := func(c *fiber.Ctx) string { return api.EmailKey(c.FormValue("email")) }
	var ch []fiber.Handler
	switch action {
	case "login":
		// Failed attempts count, per address and client together (as the
		// API counts them), so nobody can lock an owner out.
		ch = s.Limiters.Chain("login", l.LoginPerIP, l.LoginPerAccount, func(c *fiber.Ctx) string {
			if k := email(c); k != "" {
				return k + ":" + s.Limiters.ClientIP(c)
			}
			return ""
		}, api.CountFailed)
	case "register":
		// A form sent back with its mistakes sent no mail: only sign-ups count.
		ch = s.Limiters.Chain("register", l.RegisterPerIP, l.RegisterPerAccount, email, api.CountSucceeded)
	case "mail":
		ch = s.Limiters.Chain("mail", l.MailPerIP, l.MailPerAccount, email, api.CountAll)
	case "token":
		ch = s.Limiters.Chain("token", l.TokenPerIP, api.Limit{}, nil, api.CountAll)
	default:
		panic("frontend: no limits for " + action)
	}
	return append(append([]fiber.Handler{s.tooMany}, ch...), h)
}

// tooMany shows a form whose limit is reached again, with the typed
// values and when to try again; other pages show the error page (which
// says it too).
func (s *Site) tooMany(c *fiber.Ctx) error {
	err := c.Next()
	if !apperr.Is(err, apperr.TooMany) {
		return err
	}
	p := s.newPage(c, "", "")
	msg := p.T("form.tooMany", "Seconds", c.GetRespHeader(fiber.HeaderRetryAfter))
	switch c.Path() {
	case "/anmelden":
		f := newForm("email", "password").read(c)
		f.Error = msg
		return s.loginPage(c, fiber.StatusTooManyRequests, f, c.FormValue("weiter"))
	case "/registrieren":
		f := newForm(registerFields...).read(c)
		f.Error = msg
		return s.registerPage(c, fiber.StatusTooManyRequests, f, c.FormValue("einladung"))
	case "/passwort-vergessen":
		f := newForm("email").read(c)
		f.Error = msg
		return s.forgotPage(c, fiber.StatusTooManyRequests, f, false)
	}
	return err
}

// notices are the one-line messages a redirect may ask for (?hinweis=);
// only these keys are shown, never text from the address.
var notices = map[string]string{
	"bestaetigt":  "login.notice.confirmed",
	"passwort":    "login.notice.reset",
	"link":        "login.notice.linkSent",
	"beigetreten": "area.notice.joined",
	// After the account page (learner_account.go).
	"abgemeldet":          "account.notice.signedOut",
	"ueberall-abgemeldet": "account.notice.signedOutEverywhere",
	"konto-geloescht":     "account.notice.deleted",
}

// notice sets the page's flash from ?hinweis=.
func notice(c *fiber.Ctx, p *Page) {
	if key, ok := notices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
	}
}

// loginView is the sign-in page.
type loginView struct {
	*Page
	Form *form
	Next string
	// Unconfirmed offers to send the confirmation link again.
	Unconfirmed bool
}

func (s *Site) loginPage(c *fiber.Ctx, status int, f *form, next string) error {
	v := loginView{Page: s.newPage(c, "", ""), Form: f, Next: safeNext(next)}
	v.Title = v.T("login.title")
	private(c, v.Page)
	notice(c, v.Page)
	return s.render(c, status, "login", v)
}

// loginForm shows the sign-in form; a signed-in user goes on at once.
func (s *Site) loginForm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if u := userOf(c); u != nil {
			if next := safeNext(c.Query("weiter")); next != "" {
				return c.Redirect(next, fiber.StatusSeeOther)
			}
			return c.Redirect(landing(u), fiber.StatusSeeOther)
		}
		return s.loginPage(c, fiber.StatusOK, newForm("email", "password"), c.Query("weiter"))
	}
}

// login signs in: to ?weiter= when it is a local address, else to the
// user's area. Every failure answers 4xx, so the limiter counts it.
func (s *Site) login() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Accounts == nil {
			return apperr.New(apperr.Unavailable, "accounts are not available")
		}
		f := newForm("email", "password").read(c)
		next := c.FormValue("weiter")
		sess, err := s.signIn(c, f.Val("email"), c.FormValue("password"))
		if err == nil {
			if n := safeNext(next); n != "" {
				return c.Redirect(n, fiber.StatusSeeOther)
			}
			return c.Redirect(landing(sess.User), fiber.StatusSeeOther)
		}
		p := s.newPage(c, "", "")
		status := api.StatusOf(apperr.CodeOf(err))
		switch {
		case p.problems(f, err, func(path string) string { return path }):
		case apperr.Is(err, apperr.Unauthorized):
			f.Error = p.T("login.wrong")
			f.set("password", p.T("login.wrongField"))
		case apperr.Is(err, apperr.Forbidden) && strings.HasPrefix(apperrMessage(err), "confirm your e-mail"):
			v := loginView{Page: p, Form: f, Next: safeNext(next), Unconfirmed: true}
			v.Title = v.T("login.title")
			private(c, v.Page)
			return s.render(c, fiber.StatusForbidden, "login", v)
		case apperr.Is(err, apperr.Forbidden):
			f.Error = p.T("login.disabled")
		default:
			return err
		}
		return s.loginPage(c, status, f, next)
	}
}

func apperrMessage(err error) string {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return ""
}

// resendVerification mails a new confirmation link; the answer is the same
// whether or not the address has an unconfirmed account.
func (s *Site) resendVerification() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Accounts == nil {
			return apperr.New(apperr.Unavailable, "accounts are not available")
		}
		f := newForm("email").read(c)
		if err := s.Accounts.ResendVerification(ctx(c), f.Val("email")); err != nil {
			p := s.newPage(c, "", "")
			if !p.problems(f, err, func(path string) string { return path }) {
				return err
			}
			v := loginView{Page: p, Form: f, Next: safeNext(c.FormValue("weiter")), Unconfirmed: true}
			v.Title = v.T("login.title")
			private(c, v.Page)
			return s.render(c, fiber.StatusBadRequest, "login", v)
		}
		return c.Redirect("/anmelden?hinweis=link", fiber.StatusSeeOther)
	}
}

// logout ends the session and goes to the start page.
func (s *Site) logout() fiber.Handler {
	return func(c *fiber.Ctx) error {
		s.signOut(c)
		return c.Redirect("/", fiber.StatusSeeOther)
	}
}
