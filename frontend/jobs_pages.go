package frontend

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// JobHit is a posting in a list (search results, the home page, a role's
// open jobs, similar jobs), with its labels in the page's language.
type JobHit struct {
	ID, Title, Employer, City string
	// Bundesland, Remote and Employment are labels; RemoteMode is the value.
	Bundesland, Remote, RemoteMode, Employment string
	FixedTerm                                  bool
	SalaryMin, SalaryMax                       float64
	// SalaryPeriod is year, month or hour: the posting's own period.
	SalaryPeriod string
	PublishedAt  time.Time
	// MatchScore is the signed-in learner's match with the posting, in
	// words ("72 % passend"), on /jobs?sort=match only.
	MatchScore string
}

// jobHitOf reads a hit of the jobs index.
func jobHitOf(h search.Hit, lang string) JobHit {
	f := h.Fields
	j := JobHit{ID: h.ID, Title: fieldStr(f, "title"), Employer: fieldStr(f, "employer"), City: fieldStr(f, "city"),
		RemoteMode: fieldStr(f, "remote"), FixedTerm: f["fixedTerm"] == true,
		SalaryMin: fieldNum(f, "salaryMin"), SalaryMax: fieldNum(f, "salaryMax"), SalaryPeriod: fieldStr(f, "salaryPeriod")}
	if p := fieldNum(f, "publishedAt"); p > 0 {
		j.PublishedAt = time.Unix(int64(p), 0)
	}
	if j.Bundesland = labelIn(search.Bundeslaender, fieldStr(f, "bundesland"), lang); j.Bundesland == j.City {
		j.Bundesland = "" // Berlin, Hamburg, Bremen
	}
	j.Remote = labelIn(search.RemoteModes, j.RemoteMode, lang)
	j.Employment = labelIn(search.EmploymentTypes, fieldStr(f, "employmentType"), lang)
	if j.SalaryPeriod == "" {
		j.SalaryPeriod = "year"
	}
	return j
}

func labelIn(m map[string]search.Label, v, lang string) string {
	if l, ok := m[v]; ok {
		return l.In(lang)
	}
	return v
}

func jobHitsOf(hits []search.Hit, lang string) []JobHit {
	out := make([]JobHit, 0, len(hits))
	for _, h := range hits {
		out = append(out, jobHitOf(h, lang))
	}
	return out
}

// openJobs lists the newest open postings matching filters, with their
// number. A list beside other content (home, role page) never fails its
// page: without search it is empty.
func (s *Site) openJobs(c *fiber.Ctx, n int, filters ...search.Filter) ([]JobHit, int) {
	res, err := s.runSearch(ctx(c), search.Jobs, search.Query{Filters: filters, Sort: search.ByDate, Page: 1, Limit: n})
	if err != nil {
		if !apperr.Is(err, apperr.Unavailable) {
			s.Logger.Warn("listing open jobs", "err", err, "path", c.Path())
		}
		return nil, 0
	}
	return jobHitsOf(res.Hits, langOf(c)), res.Total
}

// latestJobs are the n newest open postings and how many are open.
func (s *Site) latestJobs(c *fiber.Ctx, n int) ([]JobHit, int) { return s.openJobs(c, n) }

// jobsForRole are the n newest open postings for a role and their number.
func (s *Site) jobsForRole(c *fiber.Ctx, role string, n int) ([]JobHit, int) {
	return s.openJobs(c, n, search.Eq("role", role))
}

// Salary thresholds of the "salary from" facet: yearly, full-time
// equivalent (the index's salaryYearMax).
var salaryThresholds = []int{30000, 40000, 50000, 60000}

// jobSearchParams are the parameters of /jobs: the same names as GET
// /api/v1/search/jobs, which reads them (api.ReadJobSearch) for both.
var jobSearchParams = []string{"q", "where", "radius", "role", "city", "bundesland", "remote", "employmentType", "skill", "salaryMin", "fixedTerm", "sort", "understand"}

// jobParams is a job search request: as the API reads it, and the raw
// parameters the page's links are built from (those the API could not read
// left out).
type jobParams struct {
	*listParams
	api.JobSearchRead
	// Q and Where are what was typed, for the form.
	Q, Where string
	Radius   string
	Page     int
	// FixedTerm is the fixedTerm parameter in force ("", "true", "false").
	FixedTerm string
	// NoPlace is set when where names no place we know.
	NoPlace bool
	// checked are the facet values in force by parameter.
	checked map[string][]string
}

func readJobParams(c *fiber.Ctx, lang string) *jobParams {
	p := &jobParams{listParams: newListParams("/jobs"), JobSearchRead: api.ReadJobSearch(c, lang), checked: map[string][]string{}}
	for _, name := range jobSearchParams {
		if _, bad := p.Problems[name]; bad {
			continue
		}
		p.multi(c, name, func(v string) bool { return utf8.RuneCountInString(v) <= search.MaxTextLen })
	}
	p.Q, p.Where = c.Query("q"), c.Query("where")
	if _, bad := p.Problems["where"]; bad {
		p.NoPlace = true
		delete(p.v, "radius")
	}
	if len(p.v["radius"]) > 0 {
		p.Radius = p.v["radius"][0]
	}
	if len(p.v["fixedTerm"]) > 0 {
		p.FixedTerm = p.v["fixedTerm"][0]
	}
	p.Page = p.pageNo(c)
	p.Query.Page, p.Query.Limit = p.Page, perPage
	for _, ch := range p.Chips {
		if ch.Source == ch.Kind {
			p.checked[ch.Kind] = append(p.checked[ch.Kind], ch.Value)
		}
	}
	return p
}

// withoutSalary is the query without its salary filter.
func (p *jobParams) withoutSalary() search.Query {
	for i, ch := range p.Chips {
		if ch.Kind == "salaryMin" {
			return p.WithoutChip[i]
		}
	}
	return p.Query
}

// jobSearchView is /jobs.
type jobSearchView struct {
	*Page
	// DidYouMean and Relaxations are offered when nothing matched.
	DidYouMean  *retryLink
	Relaxations []retryLink
	P           *jobParams
	Hits        []JobHit
	Total       int
	Facets      []facetGroup
	Salary      facetGroup
	Chips       []chip
	Pager       pager
	Sorts       []sortOption
	Radii       []sortOption
	ClearAll    string
	// MatchNote explains sort=match (a learner's "Passend für mich").
	MatchNote string
}

// sortOption is an option of a select.
type sortOption struct {
	Value, Label string
	Selected     bool
}

// jobSearch is the job search: text, place and distance, facets with
// counts, sort and pages, every filter in the URL. It reads a request as
// the API's job search does (place and employment words in the text become
// filters, shown as chips).
func (s *Site) jobSearch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := jobSearchView{Page: s.newPage(c, "", "")}
		lang := v.Lang
		p := readJobParams(c, lang)
		v.P = p
		v.Page.Q = p.Q
		res, salaryCounts, err := s.searchJobs(ctx(c), p)
		if err != nil {
			return err
		}
		v.Hits, v.Total = jobHitsOf(res.Hits, lang), res.Total
		learner := v.User != nil && v.User.Role == string(account.Learner) && s.Learning != nil && s.Jobs != nil
		if learner && p.Sort == "match" {
			if err := s.rankByMatch(c, &v, p); err != nil {
				return err
			}
		}
		if last := min((v.Total+perPage-1)/perPage, search.MaxPage); len(v.Hits) == 0 && p.Page > 1 && last >= 1 {
			// A page past the end (the list shrank): its last page.
			return c.Redirect(p.atPage(last), fiber.StatusFound)
		}
		if v.Total == 0 {
			// As the API offers: a corrected text and searches without
			// one filter each, where they find something.
			dym, rel, err := api.JobSearchRetries(ctx(c), s.Search, s.Content, c, lang)
			if err != nil {
				return err
			}
			if dym != nil {
				v.DidYouMean = &retryLink{Label: dym.Label, URL: "/jobs?" + dym.Query}
			}
			for _, r := range rel {
				v.Relaxations = append(v.Relaxations, retryLink{Label: r.Label, URL: "/jobs?" + strings.TrimPrefix(r.Query, "?")})
			}
		}
		v.Title = v.T("jobs.title")
		if p.Text != "" {
			v.Title = v.T("jobs.titleFor", "Q", p.Text)
		}
		if p.Page > 1 {
			v.Title += " · " + v.T("pager.page", "N", p.Page)
		}
		v.Description = v.T("jobs.description")
		v.NoIndex = v.NoIndex || p.filtered()
		s.canonicalFrom(v.Page, p.listParams)

		roleLabel := func(slug string) string { return s.roleTitle(ctx(c), slug, lang) }
		skillLabel := func(slug string) string { return s.skillName(ctx(c), slug, lang) }
		label := func(m map[string]search.Label) func(string) string {
			return func(x string) string { return labelIn(m, x, lang) }
		}
		ident := func(x string) string { return x }
		v.Facets = []facetGroup{
			p.facet("role", v.T("jobs.facet.role"), res.Facets["role"], 10, roleLabel),
			p.facet("bundesland", v.T("jobs.facet.bundesland"), res.Facets["bundesland"], 16, label(search.Bundeslaender)),
			p.facet("city", v.T("jobs.facet.city"), res.Facets["cityKey"], 10, ident),
			p.facet("remote", v.T("jobs.facet.remote"), res.Facets["remote"], 3, label(search.RemoteModes)),
			p.facet("employmentType", v.T("jobs.facet.employment"), res.Facets["employmentType"], 6, label(search.EmploymentTypes)),
			p.facet("skill", v.T("jobs.facet.skill"), res.Facets["skills"], 12, skillLabel),
		}
		salaryMin := 0
		for _, ch := range p.Chips {
			if ch.Kind == "salaryMin" {
				salaryMin, _ = strconv.Atoi(ch.Value)
			}
		}
		v.Salary = facetGroup{Param: "salaryMin", Legend: v.T("jobs.facet.salary"), Radio: true}
		v.Salary.Items = append(v.Salary.Items, facetItem{ID: "f-salaryMin-any", Label: v.T("jobs.salaryAny"), Count: -1, Checked: salaryMin == 0})
		for i, t := range salaryThresholds {
			v.Salary.Items = append(v.Salary.Items, facetItem{ID: "f-salaryMin-" + strconv.Itoa(i), Value: strconv.Itoa(t),
				Label: v.T("jobs.salaryFrom", "Amount", v.Money(t)), Count: salaryCounts[t], Checked: salaryMin == t})
		}
		if salaryMin > 0 && !slices.Contains(salaryThresholds, salaryMin) {
			v.Salary.Items = append(v.Salary.Items, facetItem{ID: "f-salaryMin-own", Value: strconv.Itoa(salaryMin),
				Label: v.T("jobs.salaryFrom", "Amount", v.Money(salaryMin)), Count: res.Total, Checked: true})
		}

		// The filters in force, each with the link that drops it.
		for _, ch := range p.Chips {
			lbl := ch.Label
			switch ch.Kind {
			case "role":
				lbl = roleLabel(ch.Value)
			case "skill":
				lbl = skillLabel(ch.Value)
			case "salaryMin":
				lbl = v.T("jobs.salaryFrom", "Amount", v.Money(salaryMin))
			}
			v.Chips = append(v.Chips, chip{Label: lbl, Remove: jobsLink(ch.Remove)})
		}
		if p.SearchText != "" {
			v.Chips = append(v.Chips, chip{Label: "„" + p.SearchText + "“", Remove: p.without("q", "")})
		}
		v.ClearAll = "/jobs"
		v.Pager = newPager(p.listParams, p.Page, v.Total)
		for _, o := range []string{"relevance", "date", "salary", "distance", "match"} {
			if o == "distance" && p.Place == nil || o == "match" && !learner {
				continue
			}
			v.Sorts = append(v.Sorts, sortOption{Value: o, Label: v.T("jobs.sort." + o), Selected: p.Sort == o})
		}
		v.Radii = append(v.Radii, sortOption{Value: "", Label: v.T("jobs.radiusNone"), Selected: p.Radius == ""})
		for _, r := range api.Radii {
			v.Radii = append(v.Radii, sortOption{Value: strconv.Itoa(r), Label: v.T("jobs.km", "Km", r), Selected: p.Radius == strconv.Itoa(r)})
		}
		return s.render(c, fiber.StatusOK, "jobs", v)
	}
}

// rankByMatch orders the page's hits by the learner's match score
// ("Passend für mich"), as the API's sort=match does and with its code
// (api.SearchJobsByMatch): the api.MatchWindow most relevant hits of the
// search are scored in Go (the score needs each posting's skills and the
// learner's self-assessment, which the search index does not hold) and
// the page is cut from them, so the ranking covers those hits, not every
// match of a broad search; the total shown is capped to the window.
// Facets and the salary counts stay those of the whole search.
func (s *Site) rankByMatch(c *fiber.Ctx, v *jobSearchView, p *jobParams) error {
	res, scores, err := api.SearchJobsByMatch(ctx(c), s.Search, s.Content, s.Jobs, s.Learning, v.User.ID, p.Query)
	if err != nil {
		return err
	}
	v.Hits, v.Total = jobHitsOf(res.Hits, v.Lang), res.Total
	for i := range v.Hits {
		if i < len(scores) && scores[i] != nil {
			v.Hits[i].MatchScore = v.T("jobs.matchScore", "Score", *scores[i])
		}
	}
	v.MatchNote = v.T("jobs.matchNote", "N", api.MatchWindow)
	private(c, v.Page)
	return nil
}

// facet builds a facet group whose checked values are those in force.
func (p *jobParams) facet(param, legend string, counts []search.FacetCount, limit int, label func(string) string) facetGroup {
	lp := &listParams{path: p.path, v: url.Values{}}
	for _, v := range p.checked[param] {
		// A city in force is checked under its name as the postings write it.
		for _, fc := range counts {
			if search.CityKey(fc.Value) == search.CityKey(v) {
				v = fc.Value
				break
			}
		}
		lp.v[param] = append(lp.v[param], v)
	}
	return facetGroupOf(lp, param, legend, counts, limit, label)
}

// jobsLink is /jobs with a query string the API built (a chip's removal),
// without the parameters a page link does not carry.
func jobsLink(query string) string {
	v, err := url.ParseQuery(query)
	if err != nil {
		return "/jobs"
	}
	v.Del("lang")
	v.Del("limit")
	v.Del("page")
	if enc := encodeSorted(v); enc != "" {
		return "/jobs?" + enc
	}
	return "/jobs"
}

// searchJobs runs the page's search and counts the salary facet: how many
// jobs each threshold would leave with every other filter applied.
func (s *Site) searchJobs(ctx context.Context, p *jobParams) (search.Result, map[int]int, error) {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		counts = map[int]int{}
		errs   []error
	)
	base := p.withoutSalary()
	key := salaryCountKey(base)
	if cached, ok := s.salaryCounts.get(key, s.Now()); ok {
		res, err := s.runSearch(ctx, search.Jobs, p.Query)
		return res, cached, err
	}
	for _, t := range salaryThresholds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := base
			q.Filters = slices.Clone(base.Filters)
			q.Facets, q.Page, q.Limit, q.Sort = nil, 1, 1, search.ByRelevance
			min := float64(t)
			q.Filters = append(q.Filters, search.Between("salaryYearMax", &min, nil))
			res, err := s.runSearch(ctx, search.Jobs, q)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			counts[t] = res.Total
		}()
	}
	res, err := s.runSearch(ctx, search.Jobs, p.Query)
	wg.Wait()
	if err != nil {
		return res, nil, err
	}
	if len(errs) > 0 {
		return res, nil, errs[0]
	}
	s.salaryCounts.put(key, counts, s.Now())
	return res, counts, nil
}

// roleTitle is a role's title in lang, or the slug for an unknown role.
func (s *Site) roleTitle(ctx context.Context, slug, lang string) string {
	if r, err := s.Content.Role(ctx, slug); err == nil {
		return r.Title.In(lang)
	}
	return slug
}

// skillName is a skill's name in lang, or the slug for an unknown skill.
func (s *Site) skillName(ctx context.Context, slug, lang string) string {
	if sk, err := s.Content.Skill(ctx, slug); err == nil {
		return sk.Name.In(lang)
	}
	return slug
}

// retryLink is a search that finds something where this one found nothing.
type retryLink struct{ Label, URL string }
