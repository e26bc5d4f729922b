package api

import (
	"context"
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// FacetValue is one value of a facet with its count and a readable label.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// SearchResponse is a page of search results.
type SearchResponse[T any] struct {
	Query  string                  `json:"query"`
	Items  []T                     `json:"items"`
	Total  int                     `json:"total"`
	Page   int                     `json:"page"`
	Limit  int                     `json:"limit"`
	Facets map[string][]FacetValue `json:"facets"`
	TookMs float64                 `json:"tookMs"`
	Lang   string                  `json:"lang"`
	// Degraded says the engine answered before it had looked at every
	// document (Meilisearch's search cutoff): results may be incomplete.
	Degraded bool `json:"degraded,omitempty"`
}

// JobHit is a job posting found by search.
type JobHit struct {
	ID             string  `json:"id"`
	Title          string  `json:"title"`
	Role           string  `json:"role"`
	RoleTitle      string  `json:"roleTitle"`
	Employer       string  `json:"employer"`
	City           string  `json:"city"`
	Bundesland     string  `json:"bundesland"`
	PostalCode     string  `json:"postalCode"`
	Remote         string  `json:"remote"`
	EmploymentType string  `json:"employmentType"`
	FixedTerm      bool    `json:"fixedTerm"`
	SalaryMin      float64 `json:"salaryMin"`
	SalaryMax      float64 `json:"salaryMax"`
	// Salary is the pay with its period and full-time yearly equivalent.
	Salary SalaryView `json:"salary"`
	// DistanceKm is the distance from the searched place (where), rounded
	// to 0.1 km; absent without a place or for a posting without one.
	DistanceKm  *float64          `json:"distanceKm,omitempty"`
	Skills      []string          `json:"skills"`
	PublishedAt time.Time         `json:"publishedAt"`
	Highlights  map[string]string `json:"highlights"`
	// MatchScore is the signed-in learner's match (sort=match only).
	MatchScore *int `json:"matchScore,omitempty"`
}

// CourseHit is a course found by search, rendered from the content.
type CourseHit struct {
	CourseSummary
	Highlights map[string]string `json:"highlights"`
}

// RoleHit is a role found by search, rendered from the content.
type RoleHit struct {
	RoleSummary
	Highlights map[string]string `json:"highlights"`
}

// SearchGroup is one index's part of the combined search.
type SearchGroup[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// SearchAllResponse groups the combined search by index.
type SearchAllResponse struct {
	Query   string                 `json:"query"`
	Jobs    SearchGroup[JobHit]    `json:"jobs"`
	Courses SearchGroup[CourseHit] `json:"courses"`
	Roles   SearchGroup[RoleHit]   `json:"roles"`
	TookMs  float64                `json:"tookMs"`
	Lang    string                 `json:"lang"`
}

// facetParam maps schema facet fields to the query parameter that filters
// them, which is also the key in the response's facets.
var facetParam = map[string]string{
	"role": "role", "cityKey": "city", "bundesland": "bundesland", "remote": "remote",
	"employmentType": "employmentType", "skills": "skill",
	"format": "format", "providerType": "providerType", "roles": "role",
	"level": "level", "specializations": "specialization",
}

var providerTypes = []string{"betrieb-berufsschule", "hochschule", "fernschule", "volkshochschule", "berufsschule", "handelsschule", "weiterbildungstraeger", "online-anbieter", "arbeitgeber"}

func oneOfFn(values ...string) func(string) bool {
	return func(v string) bool { return slices.Contains(values, v) }
}

func keysOf[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// jobQuery reads the job search parameters into a typed query (see
// readJobSearch in jobsearch.go). sort=match asks the engine for
// relevance; searchJobs re-ranks the most relevant hits by the learner's
// match (see match.go).
func jobQuery(q *query) search.Query { return readJobSearch(q).sq }

func courseQuery(q *query) search.Query {
	sq := search.Query{Text: q.text("q", search.MaxTextLen), Facets: []string{"format", "providerType", "skills", "roles"}}
	for field, vals := range map[string][]string{
		"format":       q.multi("format", oneOfFn(courseFormats...), "must be one of: "+strings.Join(courseFormats, ", ")),
		"providerType": q.multi("providerType", oneOfFn(providerTypes...), "must be one of: "+strings.Join(providerTypes, ", ")),
		"skills":       q.multi("skill", content.IsSlug, "must be a skill slug"),
		"roles":        q.multi("role", content.IsSlug, "must be a role slug"),
	} {
		if len(vals) > 0 {
			sq.Filters = append(sq.Filters, search.AnyOf(field, vals...))
		}
	}
	p := q.page()
	sq.Page, sq.Limit = p.Page, p.Limit
	return sq
}

func roleQuery(q *query) search.Query {
	sq := search.Query{Text: q.text("q", search.MaxTextLen), Facets: []string{"level", "specializations"}}
	if v := q.multi("level", oneOfFn(roleLevels...), "must be one of: "+strings.Join(roleLevels, ", ")); len(v) > 0 {
		sq.Filters = append(sq.Filters, search.AnyOf("level", v...))
	}
	if v := q.multi("specialization", content.IsSlug, "must be a specialization slug"); len(v) > 0 {
		sq.Filters = append(sq.Filters, search.AnyOf("specializations", v...))
	}
	p := q.page()
	sq.Page, sq.Limit = p.Page, p.Limit
	return sq
}

// runSearch checks that search is available and runs the query, naming
// parameters (not schema fields) in errors.
func (s *server) runSearch(ctx context.Context, kind search.Kind, sq search.Query) (search.Result, error) {
	if s.Search == nil {
		return search.Result{}, apperr.New(apperr.Unavailable, "search is not available")
	}
	res, err := s.Search.Search(ctx, kind, sq)
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Invalid {
		renamed := map[string]string{}
		for f, msg := range ae.Fields {
			if p, ok := facetParam[f]; ok {
				f = p
			}
			renamed[f] = msg
		}
		return res, &apperr.Error{Code: apperr.Invalid, Message: ae.Message, Fields: renamed}
	}
	return res, err
}

// checkRoles adds a problem for each role filter that names no role, as an
// unknown Bundesland is one (a filter that can match nothing is a mistake,
// not an empty result).
func (s *server) checkRoles(q *query) error {
	if s.Content == nil {
		return nil
	}
	for _, raw := range q.c.Context().QueryArgs().PeekMulti("role") {
		v := string(raw)
		if !content.IsSlug(v) {
			continue // the slug check already names it
		}
		if _, err := s.Content.Role(q.c.UserContext(), v); apperr.Is(err, apperr.NotFound) {
			roles, _, lerr := s.Content.Roles(q.c.UserContext(), content.RoleFilter{}, content.ListOptions{})
			if lerr != nil {
				return lerr
			}
			slugs := make([]string, 0, len(roles))
			for _, r := range roles {
				slugs = append(slugs, r.Slug)
			}
			q.errs.Addf("role", "unknown role %q; one of: %s", v, strings.Join(slugs, ", "))
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// searchJobs searches open job postings.
func (s *server) searchJobs() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "q", "where", "radius", "understand", "role", "city", "bundesland", "remote", "employmentType", "skill", "salaryMin",
			"fixedTerm", "sort", "limit", "page")
		js := readJobSearch(q)
		sq := js.sq
		if err := s.checkRoles(q); err != nil {
			return err
		}
		if err := q.err(); err != nil {
			return err
		}
		var res search.Result
		var scores []*int
		var err error
		if c.Query("sort") == sortByMatch {
			res, scores, err = s.searchJobsByMatch(c, sq)
		} else {
			res, err = s.runSearch(c.UserContext(), search.Jobs, sq)
		}
		if err != nil {
			return err
		}
		facets, err := s.facetViews(c.UserContext(), res.Facets, q.lang)
		if err != nil {
			return err
		}
		items := jobHitsIn(res.Hits, q.lang)
		for i := range scores {
			items[i].MatchScore = scores[i]
		}
		if js.place != nil {
			for i, h := range res.Hits {
				lat, okLat := h.Fields["lat"].(float64)
				lng, okLng := h.Fields["lng"].(float64)
				if okLat && okLng {
					d := math.Round(places.DistanceKm(js.place.Lat, js.place.Lng, lat, lng)*10) / 10
					items[i].DistanceKm = &d
				}
			}
		}
		out := JobSearchResponse{SearchResponse: SearchResponse[JobHit]{Query: js.text, Items: items, Total: res.Total, Page: sq.Page,
			Limit: sq.Limit, Facets: facets, TookMs: ms(res.Took), Lang: q.lang, Degraded: res.Degraded},
			SearchText: sq.Text, Chips: js.chips, Place: js.place, Sort: js.sort}
		if res.Total == 0 {
			if out.DidYouMean, out.Relaxations, err = s.retries(c.UserContext(), js, q.lang); err != nil {
				return err
			}
		}
		return c.JSON(out)
	}
}

// searchCourses searches the course catalogue.
func (s *server) searchCourses() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "q", "format", "providerType", "skill", "role", "limit", "page")
		sq := courseQuery(q)
		if err := s.checkRoles(q); err != nil {
			return err
		}
		if err := q.err(); err != nil {
			return err
		}
		res, err := s.runSearch(c.UserContext(), search.Courses, sq)
		if err != nil {
			return err
		}
		items, err := s.courseHits(c.UserContext(), res.Hits, q.lang)
		if err != nil {
			return err
		}
		facets, err := s.facetViews(c.UserContext(), res.Facets, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(SearchResponse[CourseHit]{Query: sq.Text, Items: items, Total: res.Total, Page: sq.Page, Limit: sq.Limit,
			Facets: facets, TookMs: ms(res.Took), Lang: q.lang, Degraded: res.Degraded})
	}
}

// searchRoles searches the role profiles.
func (s *server) searchRoles() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "q", "level", "specialization", "limit", "page")
		sq := roleQuery(q)
		if err := q.err(); err != nil {
			return err
		}
		res, err := s.runSearch(c.UserContext(), search.Roles, sq)
		if err != nil {
			return err
		}
		items, err := s.roleHits(c.UserContext(), res.Hits, q.lang)
		if err != nil {
			return err
		}
		facets, err := s.facetViews(c.UserContext(), res.Facets, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(SearchResponse[RoleHit]{Query: sq.Text, Items: items, Total: res.Total, Page: sq.Page, Limit: sq.Limit,
			Facets: facets, TookMs: ms(res.Took), Lang: q.lang, Degraded: res.Degraded})
	}
}

// searchAll is the one search box over jobs, courses and roles.
func (s *server) searchAll() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "q", "limit")
		text := q.text("q", search.MaxTextLen)
		if text == "" && q.c.Query("q") == "" {
			q.errs.Add("q", "is required")
		}
		limit := q.intIn("limit", 5, 1, 20)
		if err := q.err(); err != nil {
			return err
		}
		ctx := c.UserContext()
		start := time.Now()
		sq := search.Query{Text: text, Page: 1, Limit: limit}
		out := SearchAllResponse{Query: text, Lang: q.lang}
		// Jobs read the text as the job search does ("remote", "Teilzeit
		// München" become filters).
		jq := sq
		if lex, err := jobLexicon(); err == nil {
			jq = lex.Understand(text).JobQuery()
			jq.Page, jq.Limit = 1, limit
		}
		jobs, err := s.runSearch(ctx, search.Jobs, jq)
		if err != nil {
			return err
		}
		out.Jobs = SearchGroup[JobHit]{Items: jobHitsIn(jobs.Hits, q.lang), Total: jobs.Total}
		courses, err := s.runSearch(ctx, search.Courses, sq)
		if err != nil {
			return err
		}
		items, err := s.courseHits(ctx, courses.Hits, q.lang)
		if err != nil {
			return err
		}
		out.Courses = SearchGroup[CourseHit]{Items: items, Total: courses.Total}
		roles, err := s.runSearch(ctx, search.Roles, sq)
		if err != nil {
			return err
		}
		rItems, err := s.roleHits(ctx, roles.Hits, q.lang)
		if err != nil {
			return err
		}
		out.Roles = SearchGroup[RoleHit]{Items: rItems, Total: roles.Total}
		out.TookMs = ms(time.Since(start))
		return c.JSON(out)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func highlights(h search.Hit) map[string]string {
	if h.Highlights == nil {
		return map[string]string{}
	}
	return h.Highlights
}

func jobHits(hits []search.Hit) []JobHit { return jobHitsIn(hits, "de") }

// jobHitsIn renders hits with labels in lang.
func jobHitsIn(hits []search.Hit, lang string) []JobHit {
	out := make([]JobHit, 0, len(hits))
	for _, h := range hits {
		f := h.Fields
		out = append(out, JobHit{
			ID: h.ID, Title: str(f["title"]), Role: str(f["role"]), RoleTitle: str(f["roleTitle"]), Employer: str(f["employer"]),
			City: str(f["city"]), Bundesland: str(f["bundesland"]), PostalCode: str(f["postalCode"]), Remote: str(f["remote"]),
			EmploymentType: str(f["employmentType"]), FixedTerm: f["fixedTerm"] == true, SalaryMin: num(f["salaryMin"]),
			SalaryMax: num(f["salaryMax"]), Salary: salaryView(f, lang), Skills: strs(f["skills"]),
			PublishedAt: time.Unix(int64(num(f["publishedAt"])), 0).UTC(),
			Highlights:  highlights(h),
		})
	}
	return out
}

// courseHits renders hits from the content snapshot in the request's
// language; a hit the content no longer has is dropped (the sync worker
// removes it from the index soon).
func (s *server) courseHits(ctx context.Context, hits []search.Hit, lang string) ([]CourseHit, error) {
	out := make([]CourseHit, 0, len(hits))
	for _, h := range hits {
		co, err := s.Content.Course(ctx, h.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, CourseHit{CourseSummary: content.CourseSummaryOf(co, lang), Highlights: highlights(h)})
	}
	return out, nil
}

func (s *server) roleHits(ctx context.Context, hits []search.Hit, lang string) ([]RoleHit, error) {
	out := make([]RoleHit, 0, len(hits))
	for _, h := range hits {
		r, err := s.Content.Role(ctx, h.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, RoleHit{RoleSummary: content.RoleSummaryOf(r, lang), Highlights: highlights(h)})
	}
	return out, nil
}

// facetViews renames facet fields to their parameters and labels values.
func (s *server) facetViews(ctx context.Context, facets map[string][]search.FacetCount, lang string) (map[string][]FacetValue, error) {
	out := map[string][]FacetValue{}
	for field, counts := range facets {
		param := facetParam[field]
		if param == "" {
			param = field
		}
		views := make([]FacetValue, 0, len(counts))
		for _, fc := range counts {
			label, err := s.facetLabel(ctx, param, fc.Value, lang)
			if err != nil {
				return nil, err
			}
			views = append(views, FacetValue{Value: fc.Value, Label: label, Count: fc.Count})
		}
		out[param] = views
	}
	return out, nil
}

func (s *server) facetLabel(ctx context.Context, param, value, lang string) (string, error) {
	var l search.Label
	var ok bool
	switch param {
	case "bundesland":
		l, ok = search.Bundeslaender[value]
	case "remote":
		l, ok = search.RemoteModes[value]
	case "employmentType":
		l, ok = search.EmploymentTypes[value]
	case "role":
		r, err := s.Content.Role(ctx, value)
		if err == nil {
			return r.Title.In(lang), nil
		}
		if !apperr.Is(err, apperr.NotFound) {
			return "", err
		}
	case "skill":
		sk, err := s.Content.Skill(ctx, value)
		if err == nil {
			return sk.Name.In(lang), nil
		}
		if !apperr.Is(err, apperr.NotFound) {
			return "", err
		}
	}
	if ok {
		return l.In(lang), nil
	}
	return value, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	case int64:
		return float64(n)
	}
	return 0
}

func strs(v any) []string {
	switch l := v.(type) {
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
	return []string{}
}
