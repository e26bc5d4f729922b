package frontend

import (
	"context"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
)

// groupSize is how many hits /suche shows per group.
const groupSize = 5

// searchView is /suche: one search over roles, jobs and courses, grouped,
// each group with its count and a link to its full search.
type searchView struct {
	*Page
	Roles    []content.RoleSummary
	RolesN   int
	Jobs     []JobHit
	JobsN    int
	Courses  []content.CourseSummary
	CoursesN int
	// JobsURL and CoursesURL are the full searches for the same text.
	JobsURL, CoursesURL string
}

func (s *Site) searchPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := newListParams("/suche")
		q := p.text(c, "q")
		v := searchView{Page: s.newPage(c, "", "")}
		v.Q = q
		v.Title, v.Description = v.T("search.title"), v.T("search.description")
		s.canonicalFrom(v.Page, p)
		if q == "" {
			return s.render(c, fiber.StatusOK, "search", v)
		}
		v.Title = v.T("search.titleFor", "Q", q)
		v.NoIndex = true
		v.JobsURL = "/jobs?q=" + url.QueryEscape(q)
		v.CoursesURL = "/weiterbildung?q=" + url.QueryEscape(q)
		sq := search.Query{Text: q, Page: 1, Limit: groupSize}
		ctx := ctx(c)
		roles, err := s.runSearch(ctx, search.Roles, sq)
		if err != nil {
			return err
		}
		// Jobs as the job search reads the text (place and employment
		// words as filters), so the count matches the full search's.
		jq := api.ReadJobSearch(c, v.Lang).Query
		jq.Page, jq.Limit, jq.Facets = 1, groupSize, nil
		jobs, err := s.runSearch(ctx, search.Jobs, jq)
		if err != nil {
			return err
		}
		courses, err := s.runSearch(ctx, search.Courses, sq)
		if err != nil {
			return err
		}
		if v.Roles, err = s.roleSummaries(ctx, roles.Hits, v.Lang); err != nil {
			return err
		}
		if v.Courses, err = s.courseSummaries(ctx, courses.Hits, v.Lang); err != nil {
			return err
		}
		v.RolesN, v.JobsN, v.CoursesN = roles.Total, jobs.Total, courses.Total
		v.Jobs = jobHitsOf(jobs.Hits, v.Lang)
		return s.render(c, fiber.StatusOK, "search", v)
	}
}

// roleSummaries renders role hits from the content; a hit the content no
// longer has is left out (the sync removes it from the index soon).
func (s *Site) roleSummaries(ctx context.Context, hits []search.Hit, lang string) ([]content.RoleSummary, error) {
	out := make([]content.RoleSummary, 0, len(hits))
	for _, h := range hits {
		r, err := s.Content.Role(ctx, h.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, content.RoleSummaryOf(r, lang))
	}
	return out, nil
}

// courseSummaries renders course hits from the content.
func (s *Site) courseSummaries(ctx context.Context, hits []search.Hit, lang string) ([]content.CourseSummary, error) {
	out := make([]content.CourseSummary, 0, len(hits))
	for _, h := range hits {
		co, err := s.Content.Course(ctx, h.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, content.CourseSummaryOf(co, lang))
	}
	return out, nil
}
