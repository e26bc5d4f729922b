package api

import (
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// Suggestion is one type-ahead entry for the job search box.
type Suggestion struct {
	// Text is what goes into the box.
	Text string `json:"text"`
	// Kind is title (of open postings), role, skill, place or bundesland.
	Kind string `json:"kind"`
	// Field is the box it belongs in: q ("Was") or where ("Wo").
	Field string `json:"field"`
	// Slug names the role or skill.
	Slug string `json:"slug,omitempty"`
}

// SuggestResponse is the answer of the suggestions route.
type SuggestResponse struct {
	Query  string       `json:"query"`
	Items  []Suggestion `json:"items"`
	TookMs float64      `json:"tookMs"`
}

// minSuggestRunes is the shortest input that gets suggestions.
const minSuggestRunes = 2

// suggest answers type-ahead for the job search box: for field=q (the
// default) posting titles, roles and skills matching what was typed, then
// places; for field=where places and Bundesländer. Small and cacheable.
func (s *server) suggest() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "q", "field", "limit")
		text := q.text("q", 100)
		if q.c.Query("q") == "" {
			q.errs.Add("q", "is required")
		}
		field := q.oneOf("field", "q", "where")
		if field == "" {
			field = "q"
		}
		limit := q.intIn("limit", 8, 1, 20)
		if err := q.err(); err != nil {
			return err
		}
		start := time.Now()
		out := SuggestResponse{Query: text, Items: []Suggestion{}}
		c.Set(fiber.HeaderCacheControl, "public, max-age=300")
		if len([]rune(text)) < minSuggestRunes {
			out.TookMs = ms(time.Since(start))
			return c.JSON(out)
		}
		seen := map[string]bool{}
		add := func(sg Suggestion) {
			k := sg.Field + "|" + strings.ToLower(sg.Text)
			if len(out.Items) < limit && !seen[k] {
				seen[k] = true
				out.Items = append(out.Items, sg)
			}
		}
		places := func(n int) {
			for _, p := range placesFor(text, n) {
				add(Suggestion{Text: p.Name, Kind: "place", Field: "where"})
			}
		}
		if field == "where" {
			for code, l := range search.Bundeslaender {
				for _, name := range []string{l.DE, l.EN} {
					if hasPrefixFold(name, text) && !isCityStateName(code) {
						add(Suggestion{Text: l.In(q.lang), Kind: "bundesland", Field: "where", Slug: code})
					}
				}
			}
			places(limit)
			out.TookMs = ms(time.Since(start))
			return c.JSON(out)
		}
		ctx := c.UserContext()
		// Posting titles, without the gender note.
		if s.Search != nil {
			res, err := s.runSearch(ctx, search.Jobs, search.Query{Text: text, Page: 1, Limit: 20})
			if err == nil {
				n := 0
				for _, h := range res.Hits {
					if t := cleanTitle(str(h.Fields["title"])); t != "" && n < 4 && !seen["q|"+strings.ToLower(t)] {
						add(Suggestion{Text: t, Kind: "title", Field: "q"})
						n++
					}
				}
			}
			roles, err := s.runSearch(ctx, search.Roles, search.Query{Text: text, Page: 1, Limit: 3})
			if err == nil {
				for _, h := range roles.Hits {
					add(Suggestion{Text: str(h.Fields["title"]), Kind: "role", Field: "q", Slug: h.ID})
				}
			}
		}
		if s.Content != nil {
			skills, _, err := s.Content.Skills(ctx, content.SkillFilter{}, content.ListOptions{})
			if err != nil {
				return err
			}
			n := 0
			for _, sk := range skills {
				name := sk.Name.In(q.lang)
				if n < 3 && wordPrefixFold(name, text) {
					add(Suggestion{Text: name, Kind: "skill", Field: "q", Slug: sk.Slug})
					n++
				}
			}
		}
		places(2)
		out.TookMs = ms(time.Since(start))
		return c.JSON(out)
	}
}

// placesFor returns up to n places starting with text.
func placesFor(text string, n int) []places.Place {
	return places.Germany().Prefix(text, n)
}

func isCityStateName(code string) bool { return code == "BE" || code == "HH" || code == "HB" }

// cleanTitle drops the gender note and trailing punctuation of a posting
// title: "Teamassistenz (m/w/d)" → "Teamassistenz".
func cleanTitle(t string) string {
	for _, note := range []string{"(m/w/d)", "(w/m/d)", "(m/w/x)", "(all genders)", "(d/m/w)"} {
		t = strings.ReplaceAll(t, note, "")
	}
	return strings.Join(strings.Fields(t), " ")
}

// hasPrefixFold reports whether s starts with prefix, ignoring case and
// umlaut spelling.
func hasPrefixFold(s, prefix string) bool {
	for _, k := range places.Keys(s) {
		for _, p := range places.Keys(prefix) {
			if strings.HasPrefix(k, p) {
				return true
			}
		}
	}
	return false
}

// wordPrefixFold reports whether a word of s starts with prefix.
func wordPrefixFold(s, prefix string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '/' || r == '(' })
	return slices.ContainsFunc(words, func(w string) bool { return hasPrefixFold(w, prefix) }) || hasPrefixFold(s, prefix)
}
