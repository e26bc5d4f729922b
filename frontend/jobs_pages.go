package frontend

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
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
	j.Bundesland = labelIn(search.Bundeslaender, fieldStr(f, "bundesland"), lang)
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

// Radii offered around a place, in km.
var radii = []int{10, 25, 50, 100}

const defaultRadius = 25

// jobParams are the checked parameters of /jobs, the same names as GET
// /api/v1/search/jobs.
type jobParams struct {
	*listParams
	Q                                               string
	Roles, Cities, Laender, Remote, Employment, Skills []string
	SalaryMin                                       int
	FixedTerm                                       string
	Sort                                            string
	Page                                            int
	// Where is a place from the gazetteer; Radius in km around it.
	Where    string
	Place    *places.Place
	Radius   int
	NoPlace  bool // where named no known place
}

func readJobParams(c *fiber.Ctx) *jobParams {
	p := &jobParams{listParams: newListParams("/jobs")}
	p.Q = p.text(c, "q")
	p.Roles = p.multi(c, "role", content.IsSlug)
	p.Cities = p.multi(c, "city", func(v string) bool { return len(v) <= 80 })
	p.Laender = p.multi(c, "bundesland", func(v string) bool { _, ok := search.Bundeslaender[v]; return ok })
	p.Remote = p.multi(c, "remote", func(v string) bool { _, ok := search.RemoteModes[v]; return ok })
	p.Employment = p.multi(c, "employmentType", func(v string) bool { _, ok := search.EmploymentTypes[v]; return ok })
	p.Skills = p.multi(c, "skill", content.IsSlug)
	p.SalaryMin = p.number(c, "salaryMin", 1, 1_000_000)
	p.FixedTerm = p.oneOf(c, "fixedTerm", "true", "false")
	if where := p.text(c, "where"); where != "" {
		p.Where = where
		if pl, ok := places.Germany().Lookup(where); ok {
			p.Place = &pl
			p.Radius = p.number(c, "radius", 1, search.MaxRadiusKm)
			if p.Radius == 0 {
				p.Radius = defaultRadius
			}
		} else {
			p.NoPlace = true
			p.set("radius", "")
		}
	} else {
		p.set("radius", "")
	}
	sorts := []string{"relevance", "date", "salary"}
	if p.Place != nil {
		sorts = append(sorts, "distance")
	}
	p.Sort = p.oneOf(c, "sort", sorts...)
	if p.Sort == "relevance" {
		p.set("sort", "")
		p.Sort = ""
	}
	p.Page = p.pageNo(c)
	return p
}

// query is the search for these parameters; skip leaves out the salary
// filter (for counting the salary facet).
func (p *jobParams) query(skipSalary bool) search.Query {
	q := search.Query{Text: p.Q, Page: p.Page, Limit: perPage, Sort: search.SortKey(p.Sort),
		Facets: []string{"role", "bundesland", "cityKey", "remote", "employmentType", "skills"}}
	filterBy(&q, "role", p.Roles)
	filterBy(&q, "cityKey", p.Cities)
	filterBy(&q, "bundesland", p.Laender)
	filterBy(&q, "remote", p.Remote)
	filterBy(&q, "employmentType", p.Employment)
	filterBy(&q, "skills", p.Skills)
	if p.SalaryMin > 0 && !skipSalary {
		v := float64(p.SalaryMin)
		q.Filters = append(q.Filters, search.Between("salaryYearMax", &v, nil))
	}
	if p.FixedTerm != "" {
		q.Filters = append(q.Filters, search.Is("fixedTerm", p.FixedTerm == "true"))
	}
	if p.Place != nil {
		q.Near = &search.Circle{Lat: p.Place.Lat, Lng: p.Place.Lng, RadiusKm: float64(p.Radius)}
	}
	return q
}

// jobSearchView is /jobs.
type jobSearchView struct {
	*Page
	P       *jobParams
	Hits    []JobHit
	Total   int
	Facets  []facetGroup
	Salary  facetGroup
	Chips   []chip
	Pager   pager
	Sorts   []sortOption
	Radii   []sortOption
	ClearAll string
}

// sortOption is an option of a select.
type sortOption struct {
	Value, Label string
	Selected     bool
}

// jobSearch is the job search: text, place, facets with counts, sort and
// pages, every filter in the URL.
func (s *Site) jobSearch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := readJobParams(c)
		v := jobSearchView{Page: s.newPage(c, "", ""), P: p}
		v.Q = p.Q
		lang := v.Lang
		res, salaryCounts, err := s.searchJobs(ctx(c), p)
		if err != nil {
			return err
		}
		v.Hits, v.Total = jobHitsOf(res.Hits, lang), res.Total
		if last := min((v.Total+perPage-1)/perPage, search.MaxPage); len(v.Hits) == 0 && p.Page > 1 && last >= 1 {
			// A page past the end (the list shrank): its last page.
			return c.Redirect(p.atPage(last), fiber.StatusFound)
		}
		v.Title = v.T("jobs.title")
		if p.Q != "" {
			v.Title = v.T("jobs.titleFor", "Q", p.Q)
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
			facetGroupOf(p.listParams, "role", v.T("jobs.facet.role"), res.Facets["role"], 10, roleLabel),
			facetGroupOf(p.listParams, "bundesland", v.T("jobs.facet.bundesland"), res.Facets["bundesland"], 16, label(search.Bundeslaender)),
			facetGroupOf(p.listParams, "city", v.T("jobs.facet.city"), res.Facets["cityKey"], 10, ident),
			facetGroupOf(p.listParams, "remote", v.T("jobs.facet.remote"), res.Facets["remote"], 3, label(search.RemoteModes)),
			facetGroupOf(p.listParams, "employmentType", v.T("jobs.facet.employment"), res.Facets["employmentType"], 6, label(search.EmploymentTypes)),
			facetGroupOf(p.listParams, "skill", v.T("jobs.facet.skill"), res.Facets["skills"], 12, skillLabel),
		}
		v.Salary = facetGroup{Param: "salaryMin", Legend: v.T("jobs.facet.salary"), Radio: true}
		v.Salary.Items = append(v.Salary.Items, facetItem{ID: "f-salaryMin-any", Label: v.T("jobs.salaryAny"), Count: -1, Checked: p.SalaryMin == 0})
		for i, t := range salaryThresholds {
			v.Salary.Items = append(v.Salary.Items, facetItem{ID: "f-salaryMin-" + strconv.Itoa(i), Value: strconv.Itoa(t),
				Label: v.T("jobs.salaryFrom", "Amount", v.Money(t)), Count: salaryCounts[t], Checked: p.SalaryMin == t})
		}
		if p.SalaryMin > 0 && !slices.Contains(salaryThresholds, p.SalaryMin) {
			v.Salary.Items = append(v.Salary.Items, facetItem{ID: "f-salaryMin-own", Value: strconv.Itoa(p.SalaryMin),
				Label: v.T("jobs.salaryFrom", "Amount", v.Money(p.SalaryMin)), Count: res.Total, Checked: true})
		}

		// Active filters, each with the link that drops it.
		for _, g := range v.Facets {
			for _, it := range g.Items {
				if it.Checked {
					v.Chips = append(v.Chips, chip{Label: it.Label, Remove: p.without(g.Param, it.Value)})
				}
			}
		}
		if p.SalaryMin > 0 {
			v.Chips = append(v.Chips, chip{Label: v.T("jobs.salaryFrom", "Amount", v.Money(p.SalaryMin)), Remove: p.without("salaryMin", "")})
		}
		if p.FixedTerm != "" {
			v.Chips = append(v.Chips, chip{Label: v.T("jobs.fixedTerm." + p.FixedTerm), Remove: p.without("fixedTerm", "")})
		}
		if p.Where != "" {
			name := p.Where
			if p.Place != nil {
				name = v.T("jobs.near", "Place", p.Place.Name, "Km", p.Radius)
			}
			v.Chips = append(v.Chips, chip{Label: name, Remove: p.url(func(u url.Values) { u.Del("where"); u.Del("radius"); u.Del("page"); if u.Get("sort") == "distance" { u.Del("sort") } })})
		}
		if p.Q != "" {
			v.Chips = append(v.Chips, chip{Label: "„" + p.Q + "“", Remove: p.without("q", "")})
		}
		v.ClearAll = "/jobs"
		v.Pager = newPager(p.listParams, p.Page, v.Total)
		for _, o := range []string{"relevance", "date", "salary", "distance"} {
			if o == "distance" && p.Place == nil {
				continue
			}
			sel := p.Sort == o || (o == "relevance" && p.Sort == "")
			v.Sorts = append(v.Sorts, sortOption{Value: o, Label: v.T("jobs.sort." + o), Selected: sel})
		}
		for _, r := range radii {
			v.Radii = append(v.Radii, sortOption{Value: strconv.Itoa(r), Label: v.T("jobs.km", "Km", r), Selected: p.Radius == r || (p.Radius == 0 && r == defaultRadius)})
		}
		return s.render(c, fiber.StatusOK, "jobs", v)
	}
}

// searchJobs runs the page's search and counts the salary facet: how many
// jobs each threshold would leave (every other filter applied), counted
// concurrently.
func (s *Site) searchJobs(ctx context.Context, p *jobParams) (search.Result, map[int]int, error) {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		counts = map[int]int{}
		errs   []error
	)
	for _, t := range salaryThresholds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := p.query(true)
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
	res, err := s.runSearch(ctx, search.Jobs, p.query(false))
	wg.Wait()
	if err != nil {
		return res, nil, err
	}
	if len(errs) > 0 {
		return res, nil, errs[0]
	}
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

// notYet answers 404 for a page still being built (the foundation's
// placeholders of other page groups use it until they land).
func notYet(*fiber.Ctx) error { return fiber.ErrNotFound }
