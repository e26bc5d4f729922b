package frontend

import (
	"html/template"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// Page is what every template gets besides its own view: language, the
// head's title, description, canonical and alternate URLs, the signed-in
// user and the CSRF token. Page views embed *Page, so {{.T "key"}} works in
// every template.
type Page struct {
	Lang        string
	Title       string
	Description string
	Canonical   string
	Alternates  []Alternate
	// Path is the request path, for marking the current navigation item.
	Path string
	// Q is the text of the header's search box.
	Q    string
	User *UserView
	CSRF string
	// NoIndex keeps search engines off personal and form pages.
	NoIndex bool
	// JSONLD is structured data for the head (already JSON, escaped).
	JSONLD template.JS
	// Flash is a one-line notice shown above the content.
	Flash string
	// Unread is the signed-in user's number of unread notifications (the
	// header's bell).
	Unread int
	site   *Site
}

// Alternate is the same page in another language. URL is its address
// for search engines (German without ?lang); Switch names the language
// explicitly, so following it changes a remembered choice.
type Alternate struct {
	Lang, URL, Switch, Label string
	Current                  bool
}

// UserView is the signed-in user as the header shows them.
type UserView struct {
	ID       string
	Name     string
	Email    string
	Role     string
	Language string
}

// T translates a UI string (see catalog.T).
func (p *Page) T(id string, args ...any) string { return p.site.i18n.T(p.Lang, id, args...) }

// Num formats a number per language.
func (p *Page) Num(v any) string { return formatNumber(p.Lang, toFloat(v)) }

// Money formats an amount in euros per language.
func (p *Page) Money(v any) string { return formatMoney(p.Lang, toFloat(v)) }

// Date formats a date per language.
func (p *Page) Date(v any) string {
	switch t := v.(type) {
	case time.Time:
		return formatDate(p.Lang, t)
	case *time.Time:
		if t == nil {
			return ""
		}
		return formatDate(p.Lang, *t)
	case string:
		if d, err := time.Parse("2006-01-02", t); err == nil {
			return formatDate(p.Lang, d)
		}
		return t
	}
	return ""
}

// In picks the German or English text.
func (p *Page) In(de, en string) string {
	if p.Lang == "en" && en != "" {
		return en
	}
	return de
}

// SignedIn reports whether a user is signed in.
func (p *Page) SignedIn() bool { return p.User != nil }

// Active reports whether the navigation item for prefix is the current one.
func (p *Page) Active(prefix string) bool {
	if prefix == "/" {
		return p.Path == "/"
	}
	return p.Path == prefix || strings.HasPrefix(p.Path, prefix+"/")
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case float64:
		return n
	case *int:
		if n != nil {
			return float64(*n)
		}
	case float32:
		return float64(n)
	}
	return 0
}

// newPage builds the Page of a request, with the title and description.
func (s *Site) newPage(c *fiber.Ctx, title, description string) *Page {
	lang := langOf(c)
	p := &Page{Lang: lang, Title: title, Description: description, Path: c.Path(), site: s}
	if u := userOf(c); u != nil {
		p.User = &UserView{ID: u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role), Language: u.Language}
		p.NoIndex = true
		if s.Notify != nil && (u.Role == account.Learner || u.Role == account.Employer) {
			if n, err := s.Notify.UnreadCount(ctx(c), u.ID); err == nil {
				p.Unread = n
			}
		}
	}
	if tok, ok := c.Locals(csrfKey).(string); ok {
		p.CSRF = tok
	}
	p.Canonical, p.Alternates = s.canonical(c, lang)
	return p
}

// canonical returns the page's canonical URL (the query without lang, in
// a stable order; ?lang=en for English) and its language alternates.
func (s *Site) canonical(c *fiber.Ctx, lang string) (string, []Alternate) {
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if string(k) != "lang" {
			q.Add(string(k), string(v))
		}
	})
	build := func(l string, explicit bool) string {
		qq := url.Values{}
		for k, vs := range q {
			qq[k] = vs
		}
		if l != languages[0] || explicit {
			qq.Set("lang", l)
		}
		u := s.base.String() + c.Path()
		if enc := encodeSorted(qq); enc != "" {
			u += "?" + enc
		}
		return u
	}
	alts := []Alternate{
		{Lang: "de", URL: build("de", false), Switch: build("de", true), Label: "Deutsch", Current: lang == "de"},
		{Lang: "en", URL: build("en", false), Switch: build("en", true), Label: "English", Current: lang == "en"},
	}
	return build(lang, false), alts
}

// encodeSorted encodes v with its keys sorted (url.Values.Encode does
// that) and keeps empty values out.
func encodeSorted(v url.Values) string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := url.Values{}
	for _, k := range keys {
		for _, x := range v[k] {
			if x != "" {
				out.Add(k, x)
			}
		}
	}
	return out.Encode()
}

// Locals keys.
const (
	langKey = "laufbahn.lang"
	userKey = "laufbahn.user"
	csrfKey = "laufbahn.csrf"
)

func langOf(c *fiber.Ctx) string {
	if l, ok := c.Locals(langKey).(string); ok && l != "" {
		return l
	}
	return languages[0]
}

func userOf(c *fiber.Ctx) *account.User {
	u, _ := c.Locals(userKey).(*account.User)
	return u
}

// language picks the page language: ?lang= (remembered in a cookie), the
// cookie, the signed-in user's language, Accept-Language, German.
func (s *Site) language(c *fiber.Ctx) error {
	s.setLanguage(c)
	return c.Next()
}

func (s *Site) setLanguage(c *fiber.Ctx) {
	lang := ""
	if q := c.Query("lang"); q != "" {
		if lang = pickLanguage(q); lang != "" && c.Cookies(cookieLang) != lang {
			c.Cookie(&fiber.Cookie{Name: cookieLang, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
		}
	}
	if lang == "" {
		lang = pickLanguage(c.Cookies(cookieLang))
	}
	if lang == "" {
		if u := userOf(c); u != nil {
			lang = pickLanguage(u.Language)
		}
	}
	if lang == "" {
		lang = c.AcceptsLanguages(languages...)
	}
	if lang == "" {
		lang = languages[0]
	}
	c.Locals(langKey, lang)
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
}

const cookieLang = "lb_lang"
