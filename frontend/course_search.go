package frontend

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
)

// Course formats and provider types (the values of the course index's
// facets; their labels are format.* and provider.* in the catalogs).
var (
	courseFormats = []string{"online", "praesenz", "blended", "dual", "fernstudium"}
	providerTypes = []string{"betrieb-berufsschule", "hochschule", "fernschule", "volkshochschule", "berufsschule", "handelsschule", "weiterbildungstraeger", "online-anbieter", "arbeitgeber"}
)

// courseSearchView is /weiterbildung.
type courseSearchView struct {
	*Page
	Hits   []content.CourseSummary
	Total  int
	Facets []facetGroup
	Chips  []chip
	Pager  pager
}

// courseSearch is the course search: text, facets (format, provider type,
// skill, role) with counts, pages; every filter in the URL.
func (s *Site) courseSearch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := newListParams("/weiterbildung")
		text := p.text(c, "q")
		formats := p.multi(c, "format", func(v string) bool { return slices.Contains(courseFormats, v) })
		providers := p.multi(c, "providerType", func(v string) bool { return slices.Contains(providerTypes, v) })
		skills := p.multi(c, "skill", content.IsSlug)
		roles := p.multi(c, "role", content.IsSlug)
		page := p.pageNo(c)
		v := courseSearchView{Page: s.newPage(c, "", "")}
		v.Q = text
		lang := v.Lang
		q := search.Query{Text: text, Page: page, Limit: perPage, Facets: []string{"format", "providerType", "skills", "roles"}}
		filterBy(&q, "format", formats)
		filterBy(&q, "providerType", providers)
		filterBy(&q, "skills", skills)
		filterBy(&q, "roles", roles)
		res, err := s.runSearch(ctx(c), search.Courses, q)
		if err != nil {
			return err
		}
		v.Total = res.Total
		if last := min((v.Total+perPage-1)/perPage, search.MaxPage); len(res.Hits) == 0 && page > 1 && last >= 1 {
			return c.Redirect(p.atPage(last), fiber.StatusFound)
		}
		if v.Hits, err = s.courseSummaries(ctx(c), res.Hits, lang); err != nil {
			return err
		}
		v.Title, v.Description = v.T("courses.title"), v.T("courses.description")
		if text != "" {
			v.Title = v.T("courses.titleFor", "Q", text)
		}
		if page > 1 {
			v.Title += " · " + v.T("pager.page", "N", page)
		}
		v.NoIndex = v.NoIndex || p.filtered()
		s.canonicalFrom(v.Page, p)
		key := func(prefix string) func(string) string { return func(x string) string { return v.T(prefix + x) } }
		v.Facets = []facetGroup{
			facetGroupOf(p, "format", v.T("courses.facet.format"), res.Facets["format"], 10, key("format.")),
			facetGroupOf(p, "providerType", v.T("courses.facet.provider"), res.Facets["providerType"], 10, key("provider.")),
			facetGroupOf(p, "role", v.T("courses.facet.role"), res.Facets["roles"], 10, func(x string) string { return s.roleTitle(ctx(c), x, lang) }),
			facetGroupOf(p, "skill", v.T("courses.facet.skill"), res.Facets["skills"], 12, func(x string) string { return s.skillName(ctx(c), x, lang) }),
		}
		for _, g := range v.Facets {
			for _, it := range g.Items {
				if it.Checked {
					v.Chips = append(v.Chips, chip{Label: it.Label, Remove: p.without(g.Param, it.Value)})
				}
			}
		}
		if text != "" {
			v.Chips = append(v.Chips, chip{Label: "„" + text + "“", Remove: p.without("q", "")})
		}
		v.Pager = newPager(p, page, v.Total)
		return s.render(c, fiber.StatusOK, "courses", v)
	}
}
