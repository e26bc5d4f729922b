package frontend

// The editors' pages under /admin (role admin): the overview, the content
// editor with its history (admin_content*.go) and user administration
// (admin_users.go). Anonymous visitors are sent to sign in; every other
// role gets 404, so the pages' existence is not confirmed.

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// adminOf returns the signed-in admin. ok is false when the handler must
// return err: the redirect to sign in, or 404 for other roles.
func (s *Site) adminOf(c *fiber.Ctx) (u *account.User, ok bool, err error) {
	u = userOf(c)
	if u == nil {
		return nil, false, c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
	}
	if u.Role != account.Admin {
		return nil, false, errNotFound
	}
	return u, true, nil
}

// adminPage is the Page of an admin page: private, with ?hinweis=.
func (s *Site) adminPage(c *fiber.Ctx, titleKey string, args ...any) *Page {
	p := s.newPage(c, "", "")
	p.Title = p.T(titleKey, args...)
	private(c, p)
	if key, ok := adminNotices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
	}
	return p
}

// adminNotices are the one-line messages after an admin form (?hinweis=);
// only these keys are shown, never text from the address.
var adminNotices = map[string]string{
	"gesperrt":          "admin.notice.disabled",
	"entsperrt":         "admin.notice.enabled",
	"gespeichert":       "admin.notice.saved",
	"angelegt":          "admin.notice.created",
	"zurueckgezogen":    "admin.notice.retired",
	"wiederhergestellt": "admin.notice.reverted",
}

// adminKinds are the content types the editor knows, in the navigation's
// order, as they appear in /admin/inhalte/{kind}.
var adminKinds = []string{"rollen", "kompetenzen", "kurse", "wege", "gehaelter", "quellen"}

// AdminKinds lists the content types for the admin navigation.
func (p *Page) AdminKinds() []string { return adminKinds }
