package frontend

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// areaView is the start of a signed-in user's area. The learner and
// employer pages (later issues) fill it; for now it welcomes and says what
// is coming.
type areaView struct {
	*Page
	// Kind is learner, employer or admin.
	Kind string
	// Organisation is the employer's organisation, if any.
	Organisation string
}

// area serves the area of role: anonymous visitors go to sign in and come
// back; other roles get 404, so the area's existence is not confirmed.
func (s *Site) area(role account.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := userOf(c)
		if u == nil {
			return c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
		}
		if u.Role != role {
			return errNotFound
		}
		v := areaView{Page: s.newPage(c, "", ""), Kind: string(role)}
		v.Title = v.T("area." + v.Kind + ".title")
		private(c, v.Page)
		notice(c, v.Page)
		if role == account.Employer && u.OrgID != "" {
			o, err := s.Accounts.Organisation(ctx(c), u.OrgID)
			if err != nil {
				return err
			}
			v.Organisation = o.Name
		}
		return s.render(c, fiber.StatusOK, "area", v)
	}
}

// todo is a temporary handler of a page still being built: 404 until then.
func todo() fiber.Handler { return func(*fiber.Ctx) error { return errNotFound } }
