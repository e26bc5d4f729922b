package content

import (
	"fmt"
	"strings"
)

// Moved says that a slug is an alternative name of another document (e.g.
// "back-office-manager" for the role "backoffice-manager"). Store.Role
// returns it wrapped in an apperr NotFound, so a caller that does not know
// it answers 404, and the HTTP layer can redirect to To instead.
type Moved struct {
	Kind     string
	From, To string
}

func (m *Moved) Error() string { return fmt.Sprintf("%s %q is called %q", m.Kind, m.From, m.To) }

// SlugOf turns a title into a slug: lower case, umlauts spelt out (ä → ae,
// ß → ss), the gender suffix ("/in", "/innen", "/r") dropped, and every run
// of other characters a single hyphen.
func SlugOf(title string) string {
	t := strings.ToLower(title)
	for _, suffix := range []string{"/innen", "/in", "/r"} {
		t = strings.ReplaceAll(t, suffix, "")
	}
	t = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(t)
	var b strings.Builder
	hyphen := false
	for _, r := range t {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			hyphen = false
		} else if !hyphen && b.Len() > 0 {
			b.WriteByte('-')
			hyphen = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// roleAliases maps the slugs of the roles' other titles (German, English
// and alternative titles) to the role's slug. A slug that is some role's
// own slug, or that two roles would share, is no alias.
func roleAliases(roles []Role) map[string]string {
	own := map[string]bool{}
	for _, r := range roles {
		own[r.Slug] = true
	}
	out, ambiguous := map[string]string{}, map[string]bool{}
	for _, r := range roles {
		for _, title := range append([]string{r.Title.DE, r.Title.EN}, r.AltTitles...) {
			s := SlugOf(title)
			if s == "" || own[s] || !IsSlug(s) {
				continue
			}
			if to, seen := out[s]; seen && to != r.Slug {
				ambiguous[s] = true
			}
			out[s] = r.Slug
		}
	}
	for s := range ambiguous {
		delete(out, s)
	}
	return out
}
