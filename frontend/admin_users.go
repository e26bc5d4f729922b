package frontend

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// adminUsersView is /admin/nutzer: the search by e-mail address and, when
// one was found, the user with their state, history and the form to
// disable or enable them.
type adminUsersView struct {
	*Page
	// Search is the GET form (field email).
	Search *form
	// Found is the user, nil before a search or when none was found.
	Found *adminUserRow
	// Form is the disable/enable form (field reason).
	Form *form
}

// adminUserRow is a user as the admin page shows them.
type adminUserRow struct {
	ID, Email, Name, Role string
	Disabled, Verified    bool
	Created               time.Time
	// Self is the signed-in admin: they cannot disable themselves.
	Self    bool
	History []adminStatusRow
}

// adminStatusRow is one disabling or enabling.
type adminStatusRow struct {
	At       time.Time
	Disabled bool
	By       string
	Reason   string
}

func newAdminUserRow(u *account.User, admin *account.User) *adminUserRow {
	r := &adminUserRow{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Disabled: u.Disabled, Verified: u.EmailVerified, Created: u.CreatedAt, Self: u.ID == admin.ID}
	for i := len(u.StatusHistory) - 1; i >= 0; i-- { // newest first
		h := u.StatusHistory[i]
		r.History = append(r.History, adminStatusRow{At: h.At, Disabled: h.Disabled, By: h.ByName, Reason: h.Reason})
	}
	return r
}

// When is the moment of the change as date and time (Berlin) per language.
func (r adminStatusRow) When(lang string) string { return adminTime(lang, r.At) }

// adminTime formats a moment as date and time in Berlin.
func adminTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDate(lang, t) + ", " + t.In(berlin).Format("15:04")
}

func (s *Site) adminUsersPage(c *fiber.Ctx, status int, v adminUsersView) error {
	if v.Form == nil {
		v.Form = newForm("reason")
	}
	return s.render(c, status, "admin-users", v)
}

// adminUsers finds a user by ?email=.
func (s *Site) adminUsers() fiber.Handler {
	return func(c *fiber.Ctx) error {
		admin, ok, err := s.adminOf(c)
		if !ok {
			return err
		}
		v := adminUsersView{Page: s.adminPage(c, "admin.users.title"), Search: newForm("email")}
		v.Search.values["email"] = c.Query("email")
		if _, asked := c.Queries()["email"]; !asked {
			return s.adminUsersPage(c, fiber.StatusOK, v)
		}
		u, err := s.Accounts.UserByEmail(ctx(c), v.Search.Val("email"))
		switch {
		case apperr.Is(err, apperr.NotFound):
			v.Search.set("email", v.T("admin.users.none"))
			return s.adminUsersPage(c, fiber.StatusOK, v)
		case err != nil:
			if v.problems(v.Search, err, func(string) string { return "email" }) {
				return s.adminUsersPage(c, fiber.StatusUnprocessableEntity, v)
			}
			return err
		}
		v.Found = newAdminUserRow(u, admin)
		return s.adminUsersPage(c, fiber.StatusOK, v)
	}
}

// adminSetDisabled disables or enables the user :id with the reason of
// the form, then shows them again.
func (s *Site) adminSetDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		admin, ok, err := s.adminOf(c)
		if !ok {
			return err
		}
		u, err := s.Accounts.User(ctx(c), c.Params("id"))
		if err != nil {
			return err // not found: 404
		}
		f := newForm("reason").read(c)
		changed, err := s.Accounts.SetDisabled(ctx(c), admin, u.ID, disabled, f.Val("reason"))
		if err != nil {
			v := adminUsersView{Page: s.adminPage(c, "admin.users.title"), Search: newForm("email"), Form: f, Found: newAdminUserRow(u, admin)}
			v.Search.values["email"] = u.Email
			switch {
			case v.problems(f, err, func(string) string { return "reason" }):
			case apperr.Is(err, apperr.Conflict):
				f.Error = v.T("admin.users.notSelf")
			default:
				return err
			}
			return s.adminUsersPage(c, fiber.StatusUnprocessableEntity, v)
		}
		note := "entsperrt"
		if changed.Disabled {
			note = "gesperrt"
		}
		return c.Redirect("/admin/nutzer?"+url.Values{"email": {changed.Email}, "hinweis": {note}}.Encode(), fiber.StatusSeeOther)
	}
}

func (s *Site) adminDisableUser() fiber.Handler { return s.adminSetDisabled(true) }
func (s *Site) adminEnableUser() fiber.Handler  { return s.adminSetDisabled(false) }
