package frontend

import (
	"github.com/gofiber/fiber/v2"

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
}

// gapChart draws required vs. assessed level (0–3) per skill.
type gapChart struct {
	Width, Height int
	Rows          []gapChartRow
	Grid          []chartTick
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
	ch.Height = 20 + len(cl.Items)*gapRowHeight + 16
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
		for _, it := range v.Checklist.Items {
			v.Names[it.Skill] = it.Name
		}
		v.Chart = newGapChart(v.Page, v.Checklist)
		if e := v.Gap.Plan.Entry; e != nil {
			if _, err := s.Learning.Enrolment(ctx(c), u.ID, e.Path, v.Lang); err == nil {
				v.EntryEnrolled = true
			}
		}
		return s.render(c, fiber.StatusOK, "learner-gap", v)
	}
}
