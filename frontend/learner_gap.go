package frontend

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/learning"
)

// gapView is /mein-bereich/analyse?rolle=: the gap to a role drawn as a
// chart (with a table as its text equivalent) and the course plan.
type gapView struct {
	*Page
	Role      string
	Roles     []option
	Checklist *learning.Checklist
	Gap       *learning.GapAnalysis
	Chart     gapChart
	// Names are the skill names by slug (for what a course covers).
	Names map[string]string
	// EntryEnrolled says the learner is already in the entry path.
	EntryEnrolled bool
	// Posting is the posting of ?stelle= (nil: a role).
	Posting *postingRef
}

// postingRef names the posting a gap analysis is for.
type postingRef struct{ ID, Title string }

// gapChart draws required vs. assessed level (0–4, the one scale) per skill.
type gapChart struct {
	Width, Height int
	Rows          []gapChartRow
	Grid          []chartTick
	// Labels are the level names under the grid, on two alternating
	// lines so that long names ("Sehr gute Kenntnisse") never overlap.
	Labels []gapChartLabel
	// GridBottom is where the grid lines end, above the labels.
	GridBottom int
}

type gapChartLabel struct {
	X     float64
	Y     int
	Text  string
	Class string // end (first), end right (last) or tick
}

type gapChartRow struct {
	Label          string
	Y              int
	XMine, XNeeded float64
}

const gapRowHeight = 48

func newGapChart(p *Page, cl *learning.Checklist) gapChart {
	ch := gapChart{Width: 600}
	x := func(level int) float64 {
		return chartLeft + (chartRight-chartLeft)*float64(level)/float64(learning.LevelExpert)
	}
	for l := learning.LevelNone; l <= learning.LevelExpert; l++ {
		ch.Grid = append(ch.Grid, chartTick{X: x(l), Text: learning.LevelName(l, p.Lang)})
	}
	for i, it := range cl.Items {
		mine := 0
		if it.Assessed != nil {
			mine = *it.Assessed
		}
		ch.Rows = append(ch.Rows, gapChartRow{Label: it.Name, Y: 20 + i*gapRowHeight, XMine: x(mine) - chartLeft, XNeeded: x(it.Needed) - chartLeft})
	}
	rowsEnd := 20 + len(cl.Items)*gapRowHeight
	ch.GridBottom = rowsEnd
	ch.Height = rowsEnd + 34
	for i, g := range ch.Grid {
		l := gapChartLabel{X: g.X, Y: rowsEnd + 14, Text: g.Text, Class: "tick"}
		if i%2 == 1 {
			l.Y += 16
		}
		switch i {
		case 0:
			l.Class = "end"
		case len(ch.Grid) - 1:
			l.Class = "end right"
		}
		ch.Labels = append(ch.Labels, l)
	}
	return ch
}

// gapPage shows the analysis for ?rolle= (default: the target role); no
// role at all shows a choice.
func (s *Site) gapPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		v := gapView{Page: s.learnerPage(c, "learner.gap.title"), Role: c.Query("rolle"), Names: map[string]string{}}
		if id := c.Query("stelle"); id != "" {
			return s.postingGap(c, u.ID, id, v)
		}
		if v.Role == "" {
			v.Role = u.TargetRole
		}
		roles, _, err := s.Content.Roles(ctx(c), content.RoleFilter{}, content.ListOptions{})
		if err != nil {
			return err
		}
		for _, r := range orderRoles(roles) {
			v.Roles = append(v.Roles, option{Value: r.Slug, Label: r.Title.In(v.Lang)})
		}
		if v.Role == "" {
			return s.render(c, fiber.StatusOK, "learner-gap", v)
		}
		if !content.IsSlug(v.Role) {
			return errNotFound
		}
		if v.Checklist, err = s.Learning.Checklist(ctx(c), u.ID, v.Role, v.Lang); err != nil {
			return err
		}
		if v.Gap, err = s.Learning.GapForRole(ctx(c), u.ID, v.Role, v.Lang); err != nil {
			return err
		}
		v.Title = v.T("learner.gap.titleFor", "Role", v.Checklist.Title)
		return s.renderGap(c, u.ID, v)
	}
}

// postingGap is the analysis for ?stelle=: the open posting's skills (at
// the levels its role's checklist asks for, as the API's GET
// /jobs/{id}/gap does), titled with the posting; a closed posting is 410,
// an unknown one 404.
func (s *Site) postingGap(c *fiber.Ctx, userID, id string, v gapView) error {
	if !jobIDRe.MatchString(id) || s.Jobs == nil {
		return errNotFound
	}
	p, err := s.Jobs.PublicPosting(ctx(c), id)
	if err != nil {
		return err
	}
	reqs, err := api.PostingRequirements(ctx(c), s.Content, p)
	if err != nil {
		return err
	}
	m, err := s.Learning.Match(ctx(c), userID, reqs, v.Lang)
	if err != nil {
		return err
	}
	role := p.Role
	if _, err := s.Content.Role(ctx(c), role); err != nil {
		role = "" // a role removed from the content: no entry path
	}
	v.Role = role
	if v.Gap, err = s.Learning.Gap(ctx(c), userID, learning.Target{Kind: "posting", ID: p.ID, Title: p.Title}, reqs, role, v.Lang); err != nil {
		return err
	}
	v.Posting = &postingRef{ID: p.ID, Title: p.Title}
	v.Checklist = checklistOf(p.Title, m.Items)
	v.Title = v.T("learner.gap.titleFor", "Role", p.Title)
	roles, _, err := s.Content.Roles(ctx(c), content.RoleFilter{}, content.ListOptions{})
	if err != nil {
		return err
	}
	for _, r := range orderRoles(roles) {
		v.Roles = append(v.Roles, option{Value: r.Slug, Label: r.Title.In(v.Lang)})
	}
	return s.renderGap(c, userID, v)
}

// checklistOf counts rated items as a role's checklist does.
func checklistOf(title string, items []learning.ChecklistItem) *learning.Checklist {
	cl := &learning.Checklist{Title: title, Items: items}
	for _, it := range items {
		switch it.Status {
		case learning.Met:
			cl.Met++
		case learning.Partly:
			cl.Partly++
		default:
			cl.Missing++
		}
		if it.Essential {
			cl.Essential++
			if it.Status == learning.Met {
				cl.EssentialMet++
			}
		}
	}
	return cl
}

// renderGap draws the chart and finds the entry path's enrolment.
func (s *Site) renderGap(c *fiber.Ctx, userID string, v gapView) error {
	for _, it := range v.Checklist.Items {
		v.Names[it.Skill] = it.Name
	}
	v.Chart = newGapChart(v.Page, v.Checklist)
	if e := v.Gap.Plan.Entry; e != nil {
		if _, err := s.Learning.Enrolment(ctx(c), userID, e.Path, v.Lang); err == nil {
			v.EntryEnrolled = true
		}
	}
	return s.render(c, fiber.StatusOK, "learner-gap", v)
}
