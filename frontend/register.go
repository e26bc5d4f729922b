package frontend

import (
	"net/url"
	"regexp"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// registerFields are the sign-up form's fields, top to bottom.
var registerFields = []string{"role", "name", "email", "password", "orgName", "sizeClass", "industry", "city", "postalCode", "bundesland"}

// option is a choice of a select or radio group.
type option struct{ Value, Label string }

// registerView is the sign-up page, or (Sent) the note to check the mail.
type registerView struct {
	*Page
	Form *form
	// Invite is the invitation the sign-up joins (employers only).
	Invite      string
	Sent        bool
	SizeClasses []option
	States      []option
}

func (s *Site) registerPage(c *fiber.Ctx, status int, f *form, invite string) error {
	v := registerView{Page: s.newPage(c, "", ""), Form: f, Invite: invite}
	v.Title = v.T("register.title")
	v.Description = v.T("register.description")
	private(c, v.Page)
	for _, sc := range account.SizeClasses {
		v.SizeClasses = append(v.SizeClasses, option{Value: sc, Label: v.T("register.sizeClass.option", "N", sc)})
	}
	for _, st := range account.Bundeslaender {
		v.States = append(v.States, option{Value: st, Label: v.T("state." + st)})
	}
	return s.render(c, status, "register", v)
}

// registerForm shows the sign-up form (?einladung= joins an organisation)
// or, after signing up (?versendet=1), the note to check the mail.
func (s *Site) registerForm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		invite := c.Query("einladung")
		if u := userOf(c); u != nil {
			if invite != "" {
				return c.Redirect("/einladung?token="+url.QueryEscape(invite), fiber.StatusSeeOther)
			}
			return c.Redirect(landing(u), fiber.StatusSeeOther)
		}
		if c.Query("versendet") != "" {
			v := registerView{Page: s.newPage(c, "", ""), Sent: true}
			v.Title = v.T("register.sent.title")
			private(c, v.Page)
			return s.render(c, fiber.StatusOK, "register", v)
		}
		f := newForm(registerFields...)
		f.values["role"] = string(account.Learner)
		if c.Query("rolle") == "arbeitgeber" || invite != "" {
			f.values["role"] = string(account.Employer)
		}
		return s.registerPage(c, fiber.StatusOK, f, invite)
	}
}

// register signs up and sends the visitor to the note to check the mail;
// a taken address gets the same answer (the account service mails its
// owner instead), as in the API.
func (s *Site) register() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Accounts == nil {
			return apperr.New(apperr.Unavailable, "accounts are not available")
		}
		f := newForm(registerFields...).read(c)
		invite := c.FormValue("einladung")
		r := account.Registration{Email: f.Val("email"), Password: c.FormValue("password"), Name: f.Val("name"),
			Language: langOf(c), Role: account.Role(f.Val("role"))}
		switch {
		case invite != "":
			r.Role, r.InviteToken = account.Employer, invite
			f.values["role"] = string(account.Employer)
		case r.Role == account.Employer:
			r.Organisation = &account.OrganisationInput{Name: f.Val("orgName"), SizeClass: f.Val("sizeClass"), Industry: f.Val("industry"),
				Locations: []account.Location{{City: f.Val("city"), PostalCode: f.Val("postalCode"), Bundesland: f.Val("bundesland")}}}
		}
		err := s.Accounts.Register(ctx(c), r)
		if err == nil {
			return c.Redirect("/registrieren?versendet=1", fiber.StatusSeeOther)
		}
		p := s.newPage(c, "", "")
		if !p.problems(f, err, registerField) {
			return err
		}
		return s.registerPage(c, fiber.StatusBadRequest, f, invite)
	}
}

var locationField = regexp.MustCompile(`^organisation\.locations\[\d+\]\.(city|postalCode|bundesland)$`)

// registerField maps a field of account.Registration to the form's.
func registerField(path string) string {
	switch path {
	case "email", "password", "name":
		return path
	case "organisation", "organisation.name":
		return "orgName"
	case "organisation.sizeClass":
		return "sizeClass"
	case "organisation.industry":
		return "industry"
	case "organisation.locations":
		return "city"
	}
	if m := locationField.FindStringSubmatch(path); m != nil {
		return m[1]
	}
	return ""
}
