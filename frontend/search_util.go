package frontend

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// The search pages (/jobs, /weiterbildung, /suche) share this: reading
// their parameters leniently (a value that names nothing is dropped, never a
// 500 and never a dead end), keeping every filter in the URL of each facet,
// chip and page link, and the facet and pager views.

// perPage is the number of hits on a page of results.
const perPage = 20

// listParams are a search page's parameters, checked, in a stable order.
// Every link of the page is built from them, so filters survive paging,
// sorting and removing one filter.
type listParams struct {
	path string
	v    url.Values
}

func newListParams(path string) *listParams { return &listParams{path: path, v: url.Values{}} }

// multi reads a repeatable parameter, keeping the values ok accepts, each
// once.
func (p *listParams) multi(c *fiber.Ctx, name string, ok func(string) bool) []string {
	var out []string
	for _, raw := range c.Context().QueryArgs().PeekMulti(name) {
		v := strings.TrimSpace(string(raw))
		if v != "" && ok(v) && !slices.Contains(out, v) && len(out) < search.MaxFilterValues {
			out = append(out, v)
		}
	}
	p.v[name] = out
	return out
}

// text reads the search text, cut to the longest the index takes.
func (p *listParams) text(c *fiber.Ctx, name string) string {
	v := strings.Join(strings.Fields(c.Query(name)), " ")
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "")
	}
	if utf8.RuneCountInString(v) > search.MaxTextLen {
		v = string([]rune(v)[:search.MaxTextLen])
	}
	p.set(name, v)
	return v
}

// oneOf reads a single parameter that must be one of values ("" if not).
func (p *listParams) oneOf(c *fiber.Ctx, name string, values ...string) string {
	v := c.Query(name)
	if !slices.Contains(values, v) {
		v = ""
	}
	p.set(name, v)
	return v
}

// number reads a whole number from min to max (0 if absent or outside).
func (p *listParams) number(c *fiber.Ctx, name string, min, max int) int {
	n, err := strconv.Atoi(c.Query(name))
	if err != nil || n < min || n > max {
		p.set(name, "")
		return 0
	}
	p.set(name, strconv.Itoa(n))
	return n
}

// pageNo reads the page number (1 when absent or malformed).
func (p *listParams) pageNo(c *fiber.Ctx) int {
	n := p.number(c, "page", 1, search.MaxPage)
	if n <= 1 {
		p.set("page", "")
		return 1
	}
	return n
}

func (p *listParams) set(name, v string) {
	if v == "" {
		delete(p.v, name)
		return
	}
	p.v[name] = []string{v}
}

func (p *listParams) has(name, v string) bool { return slices.Contains(p.v[name], v) }

// filtered reports whether any parameter but page and sort narrows the list.
func (p *listParams) filtered() bool {
	for k, vs := range p.v {
		if k != "page" && k != "sort" && len(vs) > 0 {
			return true
		}
	}
	return false
}

// url is the page's address with the parameters changed by fn; every
// change but paging goes back to page 1.
func (p *listParams) url(fn func(url.Values)) string {
	v := url.Values{}
	for k, vs := range p.v {
		v[k] = slices.Clone(vs)
	}
	if fn != nil {
		fn(v)
	}
	if enc := encodeSorted(v); enc != "" {
		return p.path + "?" + enc
	}
	return p.path
}

// self is the page's own address.
func (p *listParams) self() string { return p.url(nil) }

// atPage is the address of page n.
func (p *listParams) atPage(n int) string {
	return p.url(func(v url.Values) {
		if n <= 1 {
			v.Del("page")
		} else {
			v.Set("page", strconv.Itoa(n))
		}
	})
}

// without is the address without one value of a parameter (all of it when
// value is empty), on page 1.
func (p *listParams) without(name, value string) string {
	return p.url(func(v url.Values) {
		v.Del("page")
		if value == "" {
			v.Del(name)
			return
		}
		v[name] = slices.DeleteFunc(slices.Clone(v[name]), func(x string) bool { return x == value })
	})
}

// only keeps the parameters named (for "remove all filters").
func (p *listParams) only(names ...string) string {
	return p.url(func(v url.Values) {
		for k := range v {
			if !slices.Contains(names, k) {
				v.Del(k)
			}
		}
	})
}

// canonical sets the page's canonical and alternate URLs from the checked
// parameters, so a dropped value never reaches them.
func (s *Site) canonicalFrom(pg *Page, p *listParams) {
	build := func(lang string, explicit bool) string {
		u := p.url(func(v url.Values) {
			if lang != languages[0] || explicit {
				v.Set("lang", lang)
			}
		})
		return s.base.String() + u
	}
	pg.Canonical = build(pg.Lang, false)
	for i := range pg.Alternates {
		pg.Alternates[i].URL = build(pg.Alternates[i].Lang, false)
		pg.Alternates[i].Switch = build(pg.Alternates[i].Lang, true)
	}
}

// facetGroup is one facet of a search page: a fieldset of checkboxes (or
// radio buttons) with counts.
type facetGroup struct {
	Param  string
	Legend string
	Radio  bool
	Items  []facetItem
}

// facetItem is one value of a facet.
type facetItem struct {
	ID      string
	Value   string
	Label   string
	Count   int
	Checked bool
}

// facetGroupOf builds a facet from the engine's counts: the checked values
// always (even with no hits), then the most frequent up to limit.
func facetGroupOf(p *listParams, param, legend string, counts []search.FacetCount, limit int, label func(string) string) facetGroup {
	g := facetGroup{Param: param, Legend: legend}
	seen, ids := map[string]bool{}, map[string]bool{}
	add := func(v string, n int) {
		if seen[v] {
			return
		}
		seen[v] = true
		// The id follows the value, so a live update keeps focus on the
		// same checkbox (app.js) even when the list reorders.
		id := "f-" + param + "-" + idSafe(v)
		if ids[id] {
			id += "-" + strconv.Itoa(len(g.Items))
		}
		ids[id] = true
		g.Items = append(g.Items, facetItem{ID: id, Value: v, Label: label(v), Count: n, Checked: p.has(param, v)})
	}
	for _, fc := range counts {
		if p.has(param, fc.Value) {
			add(fc.Value, fc.Count)
		}
	}
	for _, v := range p.v[param] {
		add(v, 0)
	}
	for _, fc := range counts {
		if len(g.Items) >= limit {
			break
		}
		add(fc.Value, fc.Count)
	}
	return g
}

// idSafe makes a value usable in an element id: ASCII letters, digits,
// hyphens and underscores.
func idSafe(v string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return r
		}
		return '_'
	}, v)
}

// chip is an active filter with the link that removes it.
type chip struct {
	Label  string
	Remove string
}

// pager is the page navigation under a result list.
type pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []pageLink
}

// pageLink is one entry of the pager; Gap is an ellipsis.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// newPager builds the pager: first, last and two pages either side.
func newPager(p *listParams, page, total int) pager {
	pages := (total + perPage - 1) / perPage
	pages = min(pages, search.MaxPage)
	if pages <= 1 {
		return pager{Page: page, Pages: pages}
	}
	pg := pager{Page: page, Pages: pages}
	if page > 1 {
		pg.Prev = p.atPage(min(page-1, pages))
	}
	if page < pages {
		pg.Next = p.atPage(page + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < page-2 || n > page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			pg.Links = append(pg.Links, pageLink{Gap: true})
		}
		pg.Links = append(pg.Links, pageLink{N: n, URL: p.atPage(n), Current: n == page})
		last = n
	}
	return pg
}

// runSearch runs a query on the index; no index is a 503.
func (s *Site) runSearch(ctx context.Context, kind search.Kind, q search.Query) (search.Result, error) {
	if s.Search == nil {
		return search.Result{}, apperr.New(apperr.Unavailable, "search is not available")
	}
	return s.Search.Search(ctx, kind, q)
}

// filterBy adds an equality (one value) or any-of (several) filter.
func filterBy(q *search.Query, field string, values []string) {
	switch len(values) {
	case 0:
	case 1:
		q.Filters = append(q.Filters, search.Eq(field, values[0]))
	default:
		q.Filters = append(q.Filters, search.AnyOf(field, values...))
	}
}

func fieldStr(f map[string]any, k string) string {
	s, _ := f[k].(string)
	return s
}

func fieldNum(f map[string]any, k string) float64 { return toFloat(f[k]) }

func fieldStrs(f map[string]any, k string) []string {
	switch l := f[k].(type) {
	case []string:
		return l
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		return []string{l}
	}
	return nil
}
