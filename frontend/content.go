package frontend

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
)

// homeView is the start page.
type homeView struct {
	*Page
	Roles []content.RoleSummary
	Paths []content.PathSummary
	Jobs  []JobHit
	// JobsTotal is the number of open postings.
	JobsTotal int
}

// home is the start page: the search box, the four roles, the paths and
// the latest jobs.
func (s *Site) home() fiber.Handler {
	return func(c *fiber.Ctx) error {
		lang := langOf(c)
		v := homeView{Page: s.newPage(c, "", "")}
		notice(c, v.Page) // e.g. after deleting an account
		v.Title = v.T("home.title")
		v.Description = v.T("home.description")
		roles, _, err := s.Content.Roles(ctx(c), content.RoleFilter{}, content.ListOptions{})
		if err != nil {
			return err
		}
		for _, r := range orderRoles(roles) {
			v.Roles = append(v.Roles, content.RoleSummaryOf(r, lang))
		}
		paths, _, err := s.Content.Paths(ctx(c), content.PathFilter{}, content.ListOptions{})
		if err != nil {
			return err
		}
		if v.Paths, err = s.Content.PathSummaries(ctx(c), paths, lang); err != nil {
			return err
		}
		v.Jobs, v.JobsTotal = s.latestJobs(c, 6)
		return s.render(c, fiber.StatusOK, "home", v)
	}
}

// levelOrder orders roles from entry level to leadership.
var levelOrder = map[string]int{"einstieg": 0, "fachkraft": 1, "leitung": 2}

func orderRoles(roles []content.Role) []content.Role {
	out := slices.Clone(roles)
	slices.SortStableFunc(out, func(a, b content.Role) int { return levelOrder[a.Level] - levelOrder[b.Level] })
	return out
}

// roleListView lists the roles.
type roleListView struct {
	*Page
	Roles []content.RoleSummary
}

func (s *Site) roleList() fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := roleListView{Page: s.newPage(c, "", "")}
		v.Title = v.T("roles.title")
		v.Description = v.T("roles.description")
		roles, _, err := s.Content.Roles(ctx(c), content.RoleFilter{}, content.ListOptions{})
		if err != nil {
			return err
		}
		for _, r := range orderRoles(roles) {
			v.Roles = append(v.Roles, content.RoleSummaryOf(r, v.Lang))
		}
		return s.render(c, fiber.StatusOK, "roles", v)
	}
}

// roleView is a role's profile page.
type roleView struct {
	*Page
	Role  content.RoleDetail
	Chart salaryChart
	Jobs  []JobHit
	JobsN int
	// Essential and Optional split the checklist, essential first.
	Essential []content.ChecklistItemView
	Optional  []content.ChecklistItemView
}

func (s *Site) rolePage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		slug := c.Params("slug")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		v := roleView{Page: s.newPage(c, "", "")}
		var insights content.InsightsFunc
		if s.Jobs != nil {
			insights = s.Jobs.InsightsView
		}
		d, err := s.Content.RoleProfile(ctx(c), slug, v.Lang, insights)
		if err != nil {
			return err
		}
		v.Role = d
		v.Title = d.Title
		v.Description = d.Summary
		v.Chart = newSalaryChart(v.Page, d.Salary)
		for _, it := range d.Checklist.Items {
			if it.Essential {
				v.Essential = append(v.Essential, it)
			} else {
				v.Optional = append(v.Optional, it)
			}
		}
		v.Jobs, v.JobsN = s.jobsForRole(c, slug, 5)
		return s.render(c, fiber.StatusOK, "role", v)
	}
}

// courseView is a course's page.
type courseView struct {
	*Page
	Course content.CourseDetail
}

func (s *Site) coursePage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		slug := c.Params("slug")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		v := courseView{Page: s.newPage(c, "", "")}
		d, err := s.Content.CourseProfile(ctx(c), slug, v.Lang)
		if err != nil {
			return err
		}
		v.Course, v.Title, v.Description = d, d.Title, d.Summary
		return s.render(c, fiber.StatusOK, "course", v)
	}
}

// pathListView lists the paths.
type pathListView struct {
	*Page
	Paths []content.PathSummary
}

func (s *Site) pathList() fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := pathListView{Page: s.newPage(c, "", "")}
		v.Title, v.Description = v.T("paths.title"), v.T("paths.description")
		paths, _, err := s.Content.Paths(ctx(c), content.PathFilter{}, content.ListOptions{})
		if err != nil {
			return err
		}
		if v.Paths, err = s.Content.PathSummaries(ctx(c), paths, v.Lang); err != nil {
			return err
		}
		return s.render(c, fiber.StatusOK, "paths", v)
	}
}

// pathView is a path's page.
type pathView struct {
	*Page
	Path content.PathDetail
	// CanEnrol shows the form to enrol (a signed-in learner who is not
	// enrolled); Enrolled links to the learner's progress instead.
	CanEnrol bool
	Enrolled bool
}

func (s *Site) pathPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		slug := c.Params("slug")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		v := pathView{Page: s.newPage(c, "", "")}
		d, err := s.Content.PathProfile(ctx(c), slug, v.Lang)
		if err != nil {
			return err
		}
		v.Path, v.Title, v.Description = d, d.Title, d.Summary
		if err := s.enrolState(c, &v); err != nil {
			return err
		}
		return s.render(c, fiber.StatusOK, "path", v)
	}
}

// skillView is a skill's page.
type skillView struct {
	*Page
	Skill content.SkillDetail
}

func (s *Site) skillPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		slug := c.Params("slug")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		v := skillView{Page: s.newPage(c, "", "")}
		d, err := s.Content.SkillProfile(ctx(c), slug, v.Lang)
		if err != nil {
			return err
		}
		v.Skill, v.Title, v.Description = d, d.Name, d.Description
		return s.render(c, fiber.StatusOK, "skill", v)
	}
}

// sourcesView lists the source documents.
type sourcesView struct {
	*Page
	Sources []content.SourceView
}

func (s *Site) sourcesPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := sourcesView{Page: s.newPage(c, "", "")}
		v.Title, v.Description = v.T("sources.title"), v.T("sources.description")
		var err error
		if v.Sources, err = s.Content.AllSources(ctx(c), v.Lang); err != nil {
			return err
		}
		return s.render(c, fiber.StatusOK, "sources", v)
	}
}
