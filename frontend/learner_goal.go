package frontend

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/learning"
)

// goalFields are the fields of the goal form, top to bottom.
var goalFields = []string{"targetRole", "commercialTraining", "abitur", "officeYears"}

// goalView is /mein-bereich/ziel: the target role and the background.
type goalView struct {
	*Page
	Form  *form
	Roles []option
}

func (s *Site) goalPage(c *fiber.Ctx, status int, f *form) error {
	v := goalView{Page: s.learnerPage(c, "learner.goal.title"), Form: f}
	roles, _, err := s.Content.Roles(ctx(c), content.RoleFilter{}, content.ListOptions{})
	if err != nil {
		return err
	}
	for _, r := range orderRoles(roles) {
		v.Roles = append(v.Roles, option{Value: r.Slug, Label: r.Title.In(v.Lang)})
	}
	return s.render(c, status, "learner-goal", v)
}

// goalForm shows the goal form filled with what is stored.
func (s *Site) goalForm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		bg, err := s.Learning.Background(ctx(c), u.ID)
		if err != nil {
			return err
		}
		f := newForm(goalFields...)
		f.values["targetRole"] = u.TargetRole
		f.values["officeYears"] = strconv.Itoa(bg.OfficeYears)
		if bg.CommercialTraining {
			f.values["commercialTraining"] = "on"
		}
		if bg.Abitur {
			f.values["abitur"] = "on"
		}
		return s.goalPage(c, fiber.StatusOK, f)
	}
}

// saveGoal stores the target role (account) and the background
// (learning). Both are checked before either is written, so a wrong
// field changes nothing.
func (s *Site) saveGoal() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		f := newForm(goalFields...).read(c)
		p := s.newPage(c, "", "")
		bg := learning.Background{CommercialTraining: f.Val("commercialTraining") != "", Abitur: f.Val("abitur") != ""}
		years := f.Val("officeYears")
		if years == "" {
			years = "0"
		}
		n, convErr := strconv.Atoi(years)
		bg.OfficeYears = n
		if convErr != nil || bg.Validate() != nil {
			f.set("officeYears", p.T("learner.goal.yearsBad"))
		}
		role := f.Val("targetRole")
		if role != "" {
			if _, err := s.Content.Role(ctx(c), role); err != nil {
				f.set("targetRole", p.T("learner.goal.roleBad"))
			}
		}
		if f.HasErrors() {
			return s.goalPage(c, fiber.StatusUnprocessableEntity, f)
		}
		if _, err := s.Accounts.UpdateProfile(ctx(c), u.ID, account.ProfileUpdate{TargetRole: &role}); err != nil {
			if p.problems(f, err, func(path string) string { return path }) {
				return s.goalPage(c, fiber.StatusUnprocessableEntity, f)
			}
			return err
		}
		if _, err := s.Learning.SetBackground(ctx(c), u.ID, bg); err != nil {
			return err
		}
		return c.Redirect("/mein-bereich?hinweis=ziel", fiber.StatusSeeOther)
	}
}
