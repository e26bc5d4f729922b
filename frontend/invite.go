package frontend

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
)

// inviteView is the page of a mailed invitation into an organisation.
type inviteView struct {
	*Page
	Form  *form
	Token string
	// State is what the visitor can do: "anonymous" (sign in or sign up
	// first), "join" (an employer without organisation), "member" (already
	// in one), "notEmployer", "bad" (no token, or used/expired).
	State string
	// Back is this page's address, to come back to after signing in.
	Back string
	// RegisterURL is the sign-up with the invitation.
	RegisterURL string
}

func (s *Site) invitationPage(c *fiber.Ctx, status int, token string, f *form) error {
	v := inviteView{Page: s.newPage(c, "", ""), Form: f, Token: token}
	v.Title = v.T("invite.title")
	private(c, v.Page)
	v.Back = "/einladung?token=" + url.QueryEscape(token)
	v.RegisterURL = "/registrieren?einladung=" + url.QueryEscape(token)
	u := userOf(c)
	switch {
	case token == "":
		v.State = "bad"
	case u == nil:
		v.State = "anonymous"
	case u.Role != account.Employer:
		v.State = "notEmployer"
	case u.OrgID != "":
		v.State = "member"
	default:
		v.State = "join"
	}
	if f.Error != "" && v.State == "join" {
		v.State = "bad"
	}
	if v.State == "bad" && status == fiber.StatusOK {
		status = fiber.StatusBadRequest
	}
	return s.render(c, status, "invite", v)
}

// invitePage shows what the visitor can do with the invitation.
func (s *Site) invitePage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		return s.invitationPage(c, fiber.StatusOK, c.Query("token"), newForm())
	}
}

// acceptInvite joins the signed-in employer to the organisation.
func (s *Site) acceptInvite() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Accounts == nil {
			return apperr.New(apperr.Unavailable, "accounts are not available")
		}
		token := c.FormValue("token")
		u := userOf(c)
		if u == nil {
			return c.Redirect(loginURL("/einladung?token="+url.QueryEscape(token)), fiber.StatusSeeOther)
		}
		_, err := s.Accounts.JoinOrganisation(ctx(c), u, token)
		if err == nil {
			return c.Redirect("/arbeitgeber?hinweis=beigetreten", fiber.StatusSeeOther)
		}
		f := newForm()
		p := s.newPage(c, "", "")
		switch {
		case p.problems(f, err, func(string) string { return "" }):
		case apperr.Is(err, apperr.Forbidden), apperr.Is(err, apperr.Conflict):
			// Not an employer, or already a member: the page says which.
			return s.invitationPage(c, api.StatusOf(apperr.CodeOf(err)), token, f)
		default:
			return err
		}
		return s.invitationPage(c, fiber.StatusBadRequest, token, f)
	}
}
