package meili

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// Private highlight tags: control characters that are not HTML, so the
// formatted text can be HTML-escaped first and the tags replaced by <mark>
// afterwards.
const (
	preTag  = "\x02"
	postTag = "\x03"
)

// matchingStrategy "all" makes every query word required, as in the Bleve
// engine; Meilisearch's default "last" would drop words from the end of the
// query until enough documents match.
const matchingStrategy = meilisearch.All

// attrRE is what an attribute name from a schema must look like before it is
// written into a filter expression; schema names are code constants, this
// is a second lock on the door.
var attrRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// clause is one filter expression and the attribute it restricts.
type clause struct {
	attr string
	expr string
}

// buildClauses turns typed filters into Meilisearch filter expressions. The
// attribute name comes from the schema, never from the filter, and must be
// filterable there; every string value is quoted and escaped.
func buildClauses(s search.Schema, filters []search.Filter) ([]clause, error) {
	out := make([]clause, 0, len(filters))
	for _, f := range filters {
		fd, ok := s.Field(f.Field)
		if !ok || !(fd.Filterable || fd.Facet) || !attrRE.MatchString(fd.Name) {
			return nil, apperr.Field(f.Field, fmt.Sprintf("is not a filter of %s", s.Kind))
		}
		attr := fd.Name
		var expr string
		switch f.Op {
		case search.Equals:
			if len(f.Values) != 1 {
				return nil, apperr.Field(f.Field, "needs a value")
			}
			expr = attr + " = " + quote(f.Values[0])
		case search.In:
			if len(f.Values) == 0 {
				return nil, apperr.Field(f.Field, "needs a value")
			}
			vals := make([]string, len(f.Values))
			for i, v := range f.Values {
				vals[i] = quote(v)
			}
			expr = attr + " IN [" + strings.Join(vals, ", ") + "]"
		case search.Range:
			var parts []string
			if f.Min != nil {
				n, err := number(f.Field, *f.Min)
				if err != nil {
					return nil, err
				}
				parts = append(parts, attr+" >= "+n)
			}
			if f.Max != nil {
				n, err := number(f.Field, *f.Max)
				if err != nil {
					return nil, err
				}
				parts = append(parts, attr+" <= "+n)
			}
			if len(parts) == 0 {
				return nil, apperr.Field(f.Field, "needs a numeric range with min <= max")
			}
			expr = strings.Join(parts, " AND ")
		case search.IsBool:
			expr = attr + " = " + strconv.FormatBool(f.Bool)
		default:
			return nil, apperr.Field(f.Field, "unknown filter operation")
		}
		out = append(out, clause{attr: attr, expr: expr})
	}
	return out, nil
}

// quote returns v as a double-quoted Meilisearch filter string. Meilisearch
// unescapes \" and then every other backslash sequence, so both the quote
// and the backslash are escaped; nothing else can end the string.
func quote(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for _, r := range v {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// number formats a bound without exponent, as the filter grammar wants.
func number(field string, v float64) (string, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "", apperr.Field(field, "needs a finite number")
	}
	return strconv.FormatFloat(v, 'f', -1, 64), nil
}

// coord formats a latitude or longitude (Validate checked the range).
func coord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// combine joins clauses with AND, each in parentheses; skip leaves out the
// clauses on one attribute (for its disjunctive facet count). It returns nil
// when nothing is left, so no filter is sent.
func combine(cs []clause, skip string) any {
	var parts []string
	for _, c := range cs {
		if skip != "" && c.attr == skip {
			continue
		}
		parts = append(parts, "("+c.expr+")")
	}
	if len(parts) == 0 {
		return nil
	}
	return strings.Join(parts, " AND ")
}

// FilterExpression returns the Meilisearch filter expression for filters
// under schema s, as Search sends it; nil filters give "".
func FilterExpression(s search.Schema, filters []search.Filter) (string, error) {
	cs, err := buildClauses(s, filters)
	if err != nil {
		return "", err
	}
	f, _ := combine(cs, "").(string)
	return f, nil
}

// Search implements search.Index. It sends one multi-search request: the
// query with every filter, and for each requested facet that has filters of
// its own, the query without those filters and without hits, whose counts
// replace that facet's (disjunctive faceting).
func (e *Engine) Search(ctx context.Context, kind search.Kind, q search.Query) (search.Result, error) {
	s, err := e.schema(kind)
	if err != nil {
		return search.Result{}, err
	}
	if err := s.Validate(q); err != nil {
		return search.Result{}, err
	}
	reqs, facetOf, err := e.searchRequests(s, q)
	if err != nil {
		return search.Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.TaskTimeout)
	defer cancel()
	resp, err := e.multiSearch(ctx, reqs)
	if settingsMissing(err) {
		// The index lost its settings (deleted and recreated by a document
		// write, or changed by hand): put them back and ask again once.
		e.log.Warn("meilisearch index lacks its settings; applying them again", "index", e.uid(kind), "err", err)
		if aerr := e.Apply(ctx, s); aerr != nil {
			return search.Result{}, apperr.Wrap(apperr.Unavailable, errors.Join(err, aerr), "search index %s is being set up", e.uid(kind))
		}
		resp, err = e.multiSearch(ctx, reqs)
	}
	if err != nil {
		if isCode(err, "index_not_found") {
			// The sync worker's next reconcile creates it with its settings.
			return search.Result{}, apperr.Wrap(apperr.Unavailable, err, "search index %s does not exist yet", e.uid(kind))
		}
		if settingsMissing(err) {
			return search.Result{}, apperr.Wrap(apperr.Unavailable, err, "search index %s is being set up", e.uid(kind))
		}
		return search.Result{}, e.fail(ctx, err, "search %s", e.uid(kind))
	}
	if len(resp.Results) != len(reqs) {
		return search.Result{}, apperr.New(apperr.Internal, "search engine answered %d of %d queries", len(resp.Results), len(reqs))
	}
	results := make([]meilisearch.SearchResponse, len(resp.Results))
	degraded := false
	for i, r := range resp.Results {
		results[i] = r.SearchResponse
		degraded = degraded || r.Degraded
	}
	res, err := mapResult(s, q, results, facetOf)
	if degraded {
		// Meilisearch stopped at searchCutoffMs: the hits, totals or facet
		// counts may be incomplete.
		e.log.Warn("meilisearch answered a degraded search (search cutoff reached)", "index", e.uid(kind))
		res.Degraded = true
	}
	return res, err
}

// answer is one result of a multi-search, with the degraded flag the
// client library does not read.
type answer struct {
	meilisearch.SearchResponse
	Degraded bool `json:"degraded"`
}

// multiAnswer is the answer of /multi-search.
type multiAnswer struct {
	Results []answer `json:"results"`
}

// multiSearch sends the queries in one request.
func (e *Engine) multiSearch(ctx context.Context, reqs []*meilisearch.SearchRequest) (*multiAnswer, error) {
	var resp multiAnswer
	if err := e.do(ctx, http.MethodPost, "/multi-search", &meilisearch.MultiSearchRequest{Queries: reqs}, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// settingsMissing reports an answer that means the index does not have the
// settings the query needs: an attribute is not filterable, sortable or a
// facet (an index recreated with defaults by a document write).
func settingsMissing(err error) bool {
	for _, code := range []string{"invalid_search_facets", "invalid_search_filter", "invalid_search_sort"} {
		if isCode(err, code) {
			return true
		}
	}
	return false
}

// searchRequests builds the multi-search queries; facetOf[i] names the facet
// whose counts query i+1 carries.
func (e *Engine) searchRequests(s search.Schema, q search.Query) ([]*meilisearch.SearchRequest, []string, error) {
	cs, err := buildClauses(s, q.Filters)
	if err != nil {
		return nil, nil, err
	}
	if c := q.Near; c != nil && c.RadiusKm > 0 {
		// The radius is part of every count, facets included.
		cs = append(cs, clause{attr: geoAttr, expr: fmt.Sprintf("_geoRadius(%s, %s, %s)",
			coord(c.Lat), coord(c.Lng), strconv.FormatFloat(math.Round(c.RadiusKm*1000), 'f', 0, 64))})
	}
	uid := e.uid(s.Kind)
	hpp := int64(q.Limit)
	main := &meilisearch.SearchRequest{
		IndexUID:         uid,
		Query:            q.Text,
		MatchingStrategy: matchingStrategy,
		Filter:           combine(cs, ""),
		Page:             int64(q.Page),
		HitsPerPage:      &hpp,
		ShowRankingScore: true,
	}
	if len(q.Facets) > 0 {
		main.Facets = slices.Clone(q.Facets)
	}
	switch {
	case q.Sort == search.ByDistance:
		main.Sort = []string{fmt.Sprintf("_geoPoint(%s, %s):asc", coord(q.Near.Lat), coord(q.Near.Lng))}
	case q.Sort != search.ByRelevance:
		field, _ := s.SortField(q.Sort) // Validate checked it exists
		main.Sort = []string{field + ":desc"}
	}
	for _, f := range s.Fields {
		if f.Highlight {
			main.AttributesToHighlight = append(main.AttributesToHighlight, f.Name)
		}
	}
	if len(main.AttributesToHighlight) > 0 {
		main.HighlightPreTag, main.HighlightPostTag = preTag, postTag
	}
	reqs := []*meilisearch.SearchRequest{main}
	var facetOf []string
	for _, facet := range q.Facets {
		if !slices.ContainsFunc(cs, func(c clause) bool { return c.attr == facet }) {
			continue
		}
		zero := int64(0)
		reqs = append(reqs, &meilisearch.SearchRequest{
			IndexUID:         uid,
			Query:            q.Text,
			MatchingStrategy: matchingStrategy,
			Filter:           combine(cs, facet),
			Facets:           []string{facet},
			// hitsPerPage 0: counts only, no documents (the client drops
			// "limit": 0 as empty).
			Page:        1,
			HitsPerPage: &zero,
		})
		facetOf = append(facetOf, facet)
	}
	return reqs, facetOf, nil
}

// mapResult turns the multi-search answers into a search.Result.
func mapResult(s search.Schema, q search.Query, results []meilisearch.SearchResponse, facetOf []string) (search.Result, error) {
	main := results[0]
	res := search.Result{Total: int(main.TotalHits), Hits: make([]search.Hit, 0, len(main.Hits))}
	var took int64
	for _, r := range results {
		took += r.ProcessingTimeMs
	}
	res.Took = time.Duration(took) * time.Millisecond

	var highlight []string
	for _, f := range s.Fields {
		if f.Highlight {
			highlight = append(highlight, f.Name)
		}
	}
	for _, h := range main.Hits {
		hit, err := mapHit(h, highlight)
		if err != nil {
			return search.Result{}, apperr.Wrap(apperr.Internal, err, "read search hit")
		}
		res.Hits = append(res.Hits, hit)
	}

	if len(q.Facets) > 0 {
		dist, err := facetDistribution(main.FacetDistribution)
		if err != nil {
			return search.Result{}, apperr.Wrap(apperr.Internal, err, "read facet counts")
		}
		for i, facet := range facetOf {
			d, err := facetDistribution(results[i+1].FacetDistribution)
			if err != nil {
				return search.Result{}, apperr.Wrap(apperr.Internal, err, "read facet counts")
			}
			dist[facet] = d[facet]
		}
		res.Facets = make(map[string][]search.FacetCount, len(q.Facets))
		for _, facet := range q.Facets {
			res.Facets[facet] = facetCounts(dist[facet])
		}
	}
	return res, nil
}

func facetDistribution(raw json.RawMessage) (map[string]map[string]int, error) {
	dist := map[string]map[string]int{}
	if len(raw) == 0 || string(raw) == "null" {
		return dist, nil
	}
	if err := json.Unmarshal(raw, &dist); err != nil {
		return nil, err
	}
	return dist, nil
}

// facetCounts sorts counts most frequent first, ties by value.
func facetCounts(m map[string]int) []search.FacetCount {
	out := make([]search.FacetCount, 0, len(m))
	for v, n := range m {
		if n > 0 {
			out = append(out, search.FacetCount{Value: v, Count: n})
		}
	}
	slices.SortFunc(out, func(a, b search.FacetCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// mapHit turns one Meilisearch hit into a search.Hit: the id, the stored
// fields (without "id" and Meilisearch's "_" fields) and the highlights.
func mapHit(h meilisearch.Hit, highlight []string) (search.Hit, error) {
	id, err := hitID(h)
	if err != nil {
		return search.Hit{}, err
	}
	hit := search.Hit{ID: id, Fields: make(map[string]any, len(h))}
	for k, raw := range h {
		switch {
		case k == "id":
			continue
		case k == "_rankingScore":
			if err := json.Unmarshal(raw, &hit.Score); err != nil {
				return search.Hit{}, fmt.Errorf("_rankingScore: %w", err)
			}
			continue
		case strings.HasPrefix(k, "_"):
			continue
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return search.Hit{}, fmt.Errorf("field %s: %w", k, err)
		}
		hit.Fields[k] = fieldValue(v)
	}
	if raw, ok := h["_formatted"]; ok && len(highlight) > 0 {
		var formatted map[string]any
		if err := json.Unmarshal(raw, &formatted); err != nil {
			return search.Hit{}, fmt.Errorf("_formatted: %w", err)
		}
		for _, name := range highlight {
			if text, ok := formatted[name].(string); ok && text != "" {
				if hit.Highlights == nil {
					hit.Highlights = map[string]string{}
				}
				hit.Highlights[name] = markup(text)
			}
		}
	}
	return hit, nil
}

// fieldValue gives lists of strings back their Go type; JSON numbers are
// float64 and booleans bool already, as search.Document has them.
func fieldValue(v any) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	strs := make([]string, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return v
		}
		strs[i] = s
	}
	return strs
}

// markup HTML-escapes text formatted with the private tags and turns the
// tags into <mark>…</mark>. Stray tag characters from the document itself
// are dropped, so the marks always balance.
func markup(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 32)
	open := false
	for len(text) > 0 {
		i := strings.IndexAny(text, preTag+postTag)
		if i < 0 {
			b.WriteString(html.EscapeString(text))
			break
		}
		b.WriteString(html.EscapeString(text[:i]))
		switch text[i : i+1] {
		case preTag:
			if !open {
				b.WriteString("<mark>")
				open = true
			}
		case postTag:
			if open {
				b.WriteString("</mark>")
				open = false
			}
		}
		text = text[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
