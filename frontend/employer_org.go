package frontend

// The employer's organisation page (issue 12, part 4): create one (an
// employer without organisation) or change it (name, size, industry,
// locations, website), its members, and invitations of colleagues by mail
// (the account service mails the single-use link) with the open ones
// listed.

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// orgFormRows is how many location rows the form shows beyond the
// organisation's own: one empty row to add a place.
const orgFormRows = 1

// orgView is /arbeitgeber/organisation.
type orgView struct {
	*Page
	// Create is an employer without organisation: the form creates one.
	Create      bool
	Form        *form
	Rows        []int
	SizeClasses []option
	States      []option
	Members     []string
	Pending     []pendingRow
	Invite      *form
}

// pendingRow is an open invitation.
type pendingRow struct {
	Email, By string
	At, Until time.Time
}

// orgFields are the form's fields for rows location rows, top to bottom.
func orgFields(rows int) []string {
	f := []string{"name", "sizeClass", "industry", "website"}
	for i := range rows {
		n := strconv.Itoa(i)
		f = append(f, "city-"+n, "postalCode-"+n, "bundesland-"+n)
	}
	return f
}

// orgEmployerOf returns the signed-in employer (with or without organisation)
// or answers the request.
func (s *Site) orgEmployerOf(c *fiber.Ctx) (*account.User, bool, error) {
	u := userOf(c)
	if u == nil {
		return nil, false, c.Redirect(loginURL("/arbeitgeber/organisation"), fiber.StatusSeeOther)
	}
	if u.Role != account.Employer {
		return nil, false, errNotFound
	}
	if s.Accounts == nil {
		return nil, false, apperr.New(apperr.Unavailable, "accounts are not available")
	}
	return u, true, nil
}

// orgPage shows the organisation's form, members and invitations.
func (s *Site) orgPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.orgEmployerOf(c)
		if !ok {
			return err
		}
		var f *form
		if u.OrgID != "" {
			o, err := s.Accounts.Organisation(ctx(c), u.OrgID)
			if err != nil {
				return err
			}
			f = orgFormOf(o)
		} else {
			f = newForm(orgFields(orgFormRows)...)
		}
		return s.orgRender(c, u, fiber.StatusOK, f, newForm("email"))
	}
}

// orgFormOf fills the form with the organisation's fields.
func orgFormOf(o *account.Organisation) *form {
	f := newForm(orgFields(len(o.Locations) + orgFormRows)...)
	f.values["name"], f.values["sizeClass"], f.values["industry"], f.values["website"] = o.Name, o.SizeClass, o.Industry, o.Website
	for i, l := range o.Locations {
		n := strconv.Itoa(i)
		f.values["city-"+n], f.values["postalCode-"+n], f.values["bundesland-"+n] = l.City, l.PostalCode, l.Bundesland
	}
	return f
}

func (s *Site) orgRender(c *fiber.Ctx, u *account.User, status int, f, inv *form) error {
	v := orgView{Page: s.hrPage(c, ""), Create: u.OrgID == "", Form: f, Invite: inv}
	v.Title = v.T("org.title")
	if v.Create {
		v.Title = v.T("org.create.title")
	}
	for i := range orgRows(f) {
		v.Rows = append(v.Rows, i)
	}
	for _, sc := range account.SizeClasses {
		v.SizeClasses = append(v.SizeClasses, option{Value: sc, Label: v.T("register.sizeClass.option", "N", sc)})
	}
	for _, st := range account.Bundeslaender {
		v.States = append(v.States, option{Value: st, Label: v.T("state." + st)})
	}
	if !v.Create {
		o, err := s.Accounts.Organisation(ctx(c), u.OrgID)
		if err != nil {
			return err
		}
		ms, err := s.Accounts.Members(ctx(c), o)
		if err != nil {
			return err
		}
		for _, m := range ms {
			name := m.Name
			if name == "" {
				name = v.T("org.member.noName")
			}
			v.Members = append(v.Members, name)
		}
		ps, err := s.Accounts.PendingInvitations(ctx(c), u.OrgID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			v.Pending = append(v.Pending, pendingRow{Email: p.Email, By: p.InvitedBy, At: p.CreatedAt, Until: p.ExpiresAt})
		}
	}
	return s.render(c, status, "org", v)
}

// orgRows is the number of location rows of the form.
func orgRows(f *form) int {
	n := 0
	for _, name := range f.order {
		if len(name) > 5 && name[:5] == "city-" {
			n++
		}
	}
	return n
}

// orgSave creates the organisation or changes it.
func (s *Site) orgSave() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.orgEmployerOf(c)
		if !ok {
			return err
		}
		// The form sends its rows; take as many as it has (bounded).
		rows := 0
		for rows < 60 && c.Request().PostArgs().Has("city-"+strconv.Itoa(rows)) {
			rows++
		}
		f := newForm(orgFields(max(rows, 1))...).read(c)
		in := account.OrganisationInput{Name: f.Val("name"), SizeClass: f.Val("sizeClass"), Industry: f.Val("industry"), Website: f.Val("website")}
		// Rows left empty are not locations; index maps the service's
		// location index back onto the form's row.
		var index []int
		for i := range orgRows(f) {
			n := strconv.Itoa(i)
			l := account.Location{City: f.Val("city-" + n), PostalCode: f.Val("postalCode-" + n), Bundesland: f.Val("bundesland-" + n)}
			if l == (account.Location{}) {
				continue
			}
			in.Locations = append(in.Locations, l)
			index = append(index, i)
		}
		if u.OrgID == "" {
			_, err = s.Accounts.CreateOrganisation(ctx(c), u, in)
		} else {
			locs := in.Locations
			_, err = s.Accounts.UpdateOrganisation(ctx(c), u.OrgID, account.OrganisationUpdate{Name: &in.Name, SizeClass: &in.SizeClass,
				Industry: &in.Industry, Locations: &locs, Website: &in.Website})
		}
		if err == nil {
			hint := "gespeichert"
			if u.OrgID == "" {
				hint = "angelegt"
			}
			return c.Redirect("/arbeitgeber/organisation?hinweis="+hint, fiber.StatusSeeOther)
		}
		p := s.newPage(c, "", "")
		if !p.problems(f, err, func(path string) string { return orgField(path, index) }) {
			return err
		}
		return s.orgRender(c, u, fiber.StatusBadRequest, f, newForm("email"))
	}
}

var orgLocationField = regexp.MustCompile(`^locations\[(\d+)\]\.(city|postalCode|bundesland)$`)

// orgField maps a field of account.OrganisationInput onto the form's;
// index is the form row of each location sent.
func orgField(path string, index []int) string {
	switch path {
	case "name", "sizeClass", "industry", "website":
		return path
	case "locations":
		return "city-0"
	}
	if m := orgLocationField.FindStringSubmatch(path); m != nil {
		i, _ := strconv.Atoi(m[1])
		if i < len(index) {
			return fmt.Sprintf("%s-%d", m[2], index[i])
		}
	}
	return ""
}

// orgInvite mails a colleague a single-use invitation link.
func (s *Site) orgInvite() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.orgEmployerOf(c)
		if !ok {
			return err
		}
		if u.OrgID == "" {
			return errNotFound
		}
		inv := newForm("email").read(c)
		p := s.newPage(c, "", "")
		if inv.Val("email") == "" {
			inv.set("email", p.T("form.required"))
		} else if _, err := s.Accounts.CreateInvite(ctx(c), u, inv.Val("email"), langOf(c)); err == nil {
			return c.Redirect("/arbeitgeber/organisation?hinweis=eingeladen#einladen", fiber.StatusSeeOther)
		} else if !p.problems(inv, err, func(path string) string {
			if path == "email" {
				return "email"
			}
			return ""
		}) {
			return err
		}
		o, err := s.Accounts.Organisation(ctx(c), u.OrgID)
		if err != nil {
			return err
		}
		return s.orgRender(c, u, fiber.StatusBadRequest, orgFormOf(o), inv)
	}
}
