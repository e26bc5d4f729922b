package api

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
)

// Languages the API answers in; the first is the default.
var languages = []string{"de", "en"}

// query reads and checks the query string of one request. Every parameter
// must be one the route declares, so a typo in a filter is an error rather
// than a silently unfiltered list.
type query struct {
	c    *fiber.Ctx
	errs apperr.Problems
	lang string
}

// newQuery checks that the request names only allowed parameters (lang is
// always allowed) and negotiates the language (see requestLang).
func newQuery(c *fiber.Ctx, allowed ...string) *query {
	q := &query{c: c}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		key := string(k)
		if key != "lang" && !slices.Contains(allowed, key) {
			if len(allowed) == 0 {
				q.errs.Add(key, "unknown parameter; this route takes only lang")
			} else {
				q.errs.Addf(key, "unknown parameter; allowed: lang, %s", strings.Join(allowed, ", "))
			}
		}
	})
	q.lang = requestLang(c)
	return q
}

// requestLang negotiates the response language and sets Content-Language:
// ?lang= first (case-insensitive; a region such as en-GB counts as en; a
// language we do not offer is ignored, not an error), then Accept-Language,
// then the signed-in user's chosen language (PATCH /me), then German.
func requestLang(c *fiber.Ctx) string {
	lang := ""
	if l := normaliseLang(c.Query("lang")); l != "" {
		lang = l
	} else if c.Get(fiber.HeaderAcceptLanguage) != "" {
		lang = c.AcceptsLanguages(languages...)
	}
	if lang == "" {
		if u := currentUser(c); u != nil && slices.Contains(languages, u.Language) {
			lang = u.Language
		}
	}
	if lang == "" {
		lang = languages[0]
	}
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Vary(fiber.HeaderAcceptLanguage)
	return lang
}

// normaliseLang maps "EN", "en-GB" or "en_GB" to "en"; "" when the language
// is not one we offer.
func normaliseLang(raw string) string {
	l := strings.ToLower(strings.TrimSpace(raw))
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	if slices.Contains(languages, l) {
		return l
	}
	return ""
}

// oneOf returns the parameter if it is empty or one of the values.
func (q *query) oneOf(name string, values ...string) string {
	v := q.c.Query(name)
	if v != "" && !slices.Contains(values, v) {
		q.errs.Add(name, "must be one of: "+strings.Join(values, ", "))
		return ""
	}
	return v
}

// slug returns the parameter if it is empty or a well-formed slug.
func (q *query) slug(name string) string {
	v := q.c.Query(name)
	if v != "" && !content.IsSlug(v) {
		q.errs.Add(name, "must be a slug (lowercase letters, digits and hyphens)")
		return ""
	}
	return v
}

// intIn returns the parameter as an integer in [min, max], or def.
func (q *query) intIn(name string, def, min, max int) int {
	raw := q.c.Query(name)
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < min || n > max {
		q.errs.Addf(name, "must be an integer from %d to %d", min, max)
		return def
	}
	return n
}

// page reads limit (default 20, max 100) and page (from 1).
func (q *query) page() content.ListOptions {
	return content.ListOptions{Limit: q.intIn("limit", 20, 1, 100), Page: q.intIn("page", 1, 1, 10000)}
}

// err returns the collected problems as one 400.
func (q *query) err() error { return q.errs.Err("invalid query parameters") }

// pathSlug reads a slug path parameter; a malformed one cannot name anything,
// so it answers 404 like an unknown one.
func pathSlug(c *fiber.Ctx, kind string) (string, error) {
	v := c.Params("slug")
	if !content.IsSlug(v) {
		return "", apperr.New(apperr.NotFound, "%s %q not found", kind, v)
	}
	return v, nil
}

// multi returns every value of a repeatable parameter (?remote=a&remote=b),
// each checked with ok.
func (q *query) multi(name string, ok func(string) bool, problem string) []string {
	var out []string
	for _, raw := range q.c.Context().QueryArgs().PeekMulti(name) {
		v := string(raw)
		if !ok(v) {
			q.errs.Add(name, problem)
			return nil
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// boolean reads an optional true/false parameter.
func (q *query) boolean(name string) *bool {
	switch q.c.Query(name) {
	case "":
		return nil
	case "true":
		b := true
		return &b
	case "false":
		b := false
		return &b
	}
	q.errs.Add(name, "must be true or false")
	return nil
}

// text reads free text, at most max characters.
func (q *query) text(name string, max int) string {
	v := strings.TrimSpace(q.c.Query(name))
	if utf8.RuneCountInString(v) > max {
		q.errs.Addf(name, "must be at most %d characters", max)
		return ""
	}
	return v
}
