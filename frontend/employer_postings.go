package frontend

// The employer's postings (issue 12, parts 1 and 2): the dashboard (this
// file) with the actions on a posting (publish, close, extend, duplicate),
// and the posting editor with its live quality check and the preview
// (employer_editor.go). Every page is private: an anonymous visitor is sent
// to sign in and comes back, any other role gets 404, an employer without
// an organisation is led to /arbeitgeber/organisation, and another
// organisation's posting is 404 like a missing one.

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
)

// expiringWithin is how soon a published posting's end is highlighted.
const expiringWithin = 7 * 24 * time.Hour

// employerOf returns the signed-in employer with an organisation, or
// answers the request: anonymous → sign in and come back; another role →
// 404; no organisation yet → the organisation page, to create or join one.
// When ok is false, return err.
func (s *Site) employerOf(c *fiber.Ctx) (u *account.User, ok bool, err error) {
	u = userOf(c)
	if u == nil {
		return nil, false, c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
	}
	if u.Role != account.Employer {
		return nil, false, errNotFound
	}
	if s.Jobs == nil {
		return nil, false, apperr.New(apperr.Unavailable, "job postings are not available")
	}
	if u.OrgID == "" {
		return nil, false, c.Redirect("/arbeitgeber/organisation", fiber.StatusSeeOther)
	}
	return u, true, nil
}

// employerPage is the Page of an employer page: private, with ?hinweis=.
func (s *Site) employerPage(c *fiber.Ctx, titleKey string) *Page {
	p := s.newPage(c, "", "")
	p.Title = p.T(titleKey)
	private(c, p)
	if key, ok := employerNotices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
	} else {
		notice(c, p)
	}
	return p
}

// employerNotices are the one-line messages after an employer form
// (?hinweis=); only these keys are shown, never text from the address.
var employerNotices = map[string]string{
	"gespeichert":     "employer.notice.saved",
	"erstellt":        "employer.notice.created",
	"veroeffentlicht": "employer.notice.published",
	"geschlossen":     "employer.notice.closed",
	"verlaengert":     "employer.notice.extended",
	"dupliziert":      "employer.notice.duplicated",
}

// postingOf loads the organisation's posting of the :id parameter; another
// organisation's posting and a malformed id are 404.
// withPosting serves h for one of the signed-in employer's postings (:id):
// visitors sign in, other roles get 404 (employerOf), so does another
// organisation's posting (postingOf).
func (s *Site) withPosting(h func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.employerOf(c)
		if !ok {
			return err
		}
		p, err := s.postingOf(c, u)
		if err != nil {
			return err
		}
		return h(c, u, p)
	}
}

func (s *Site) postingOf(c *fiber.Ctx, u *account.User) (*jobs.Posting, error) {
	id := c.Params("id")
	if !jobIDRe.MatchString(id) {
		return nil, errNotFound
	}
	p, err := s.Jobs.Posting(ctx(c), u.OrgID, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, errNotFound
	}
	return p, err
}

// dashboardGroups are the dashboard's sections, in order.
var dashboardGroups = []jobs.State{jobs.Draft, jobs.Published, jobs.Closed, jobs.Expired}

// employerDashView is /arbeitgeber.
type employerDashView struct {
	*Page
	Org      string
	Groups   []postingGroup
	Total    int
	Expiring int
	// NewApps counts the applications nobody has looked at yet (received).
	NewApps int
	// Tomorrow is the earliest date a posting can be extended to.
	Tomorrow string
	// NoOrg: the employer belongs to no organisation yet.
	NoOrg bool
}

// postingGroup is the postings in one state.
type postingGroup struct {
	State string
	Rows  []postingRow
}

// postingRow is one posting with its numbers and the actions its state allows.
type postingRow struct {
	ID, Title, City, State, CloseReason string
	Apps, New                           int
	ValidThrough, PublishedAt           *time.Time
	UpdatedAt                           time.Time
	ExpiresSoon                         bool
	DaysLeft                            int
	// Missing counts the fields publishing still requires.
	Missing int
	// Extend is the date field of the extend form: its value (typed or
	// proposed) and what is wrong with it.
	ExtendVal, ExtendErr string
}

// employerHome is the dashboard: the organisation's postings by state.
func (s *Site) employerHome() fiber.Handler {
	return func(c *fiber.Ctx) error {
		// An employer without an organisation sees why the dashboard is
		// empty and the way to the organisation page; the other employer
		// pages send them there directly.
		if u := userOf(c); u != nil && u.Role == account.Employer && u.OrgID == "" {
			v := employerDashView{Page: s.employerPage(c, "employer.dash.title"), NoOrg: true}
			return s.render(c, fiber.StatusOK, "employer-dashboard", v)
		}
		u, ok, err := s.employerOf(c)
		if !ok {
			return err
		}
		return s.dashboard(c, u, fiber.StatusOK, nil)
	}
}

// dashboard renders the dashboard; failed, when set, is a row whose extend
// form was wrong (its typed date and message replace the proposal).
func (s *Site) dashboard(c *fiber.Ctx, u *account.User, status int, failed *postingRow) error {
	v := employerDashView{Page: s.employerPage(c, "employer.dash.title")}
	if o, err := s.Accounts.Organisation(ctx(c), u.OrgID); err == nil {
		v.Org = o.Name
	} else if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	ps, _, err := s.Jobs.List(ctx(c), u.OrgID, 0, 0)
	if err != nil {
		return err
	}
	now := s.Now()
	v.Tomorrow = now.In(berlin).AddDate(0, 0, 1).Format(time.DateOnly)
	groups := map[jobs.State][]postingRow{}
	for _, p := range ps {
		r, err := s.postingRowOf(c, u, p, now)
		if err != nil {
			return err
		}
		if failed != nil && failed.ID == r.ID {
			r.ExtendVal, r.ExtendErr = failed.ExtendVal, failed.ExtendErr
		}
		if r.ExpiresSoon {
			v.Expiring++
		}
		v.NewApps += r.New
		groups[p.State] = append(groups[p.State], r)
		v.Total++
	}
	for _, st := range dashboardGroups {
		rows := groups[st]
		if st == jobs.Published {
			// The soonest end first: what needs attention comes first.
			slices.SortStableFunc(rows, func(a, b postingRow) int {
				if a.ValidThrough == nil || b.ValidThrough == nil {
					return 0
				}
				return a.ValidThrough.Compare(*b.ValidThrough)
			})
		}
		v.Groups = append(v.Groups, postingGroup{State: string(st), Rows: rows})
	}
	return s.render(c, status, "employer-dashboard", v)
}

// postingRowOf builds a dashboard row, counting the posting's applications
// (all and those still "eingegangen", i.e. not yet looked at).
func (s *Site) postingRowOf(c *fiber.Ctx, u *account.User, p *jobs.Posting, now time.Time) (postingRow, error) {
	r := postingRow{ID: p.ID, Title: p.Title, City: p.Location.City, State: string(p.State), CloseReason: p.CloseReason,
		ValidThrough: p.ValidThrough, PublishedAt: p.PublishedAt, UpdatedAt: p.UpdatedAt, Missing: len(jobs.MissingToPublish(&p.Input))}
	if p.FirstPublishedAt != nil {
		apps, _, err := s.Jobs.PostingApplications(ctx(c), u.OrgID, p.ID, 0, 0)
		if err != nil {
			return r, err
		}
		for _, a := range apps {
			r.Apps++
			if a.Status == jobs.Received {
				r.New++
			}
		}
	}
	if p.State == jobs.Published && p.ValidThrough != nil {
		left := p.ValidThrough.Sub(now)
		r.ExpiresSoon = left < expiringWithin
		r.DaysLeft = max(0, int(left.Hours()/24))
		// Propose four weeks past the current end.
		r.ExtendVal = p.ValidThrough.In(berlin).AddDate(0, 0, 28).Format(time.DateOnly)
	}
	return r, nil
}

// postingPublish publishes a draft (or republishes a closed or expired
// posting). Refused when fields are missing: the editor then shows each
// missing field next to it, with what was stored kept.
func (s *Site) postingPublish() fiber.Handler {
	return s.withPosting(func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
		return s.publishOrEdit(c, u, p)
	})
}

// publishOrEdit publishes p and goes to the dashboard; when fields are
// missing, the editor shows each next to its field (422), nothing changed.
func (s *Site) publishOrEdit(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
	_, _, err := s.Jobs.Publish(ctx(c), u.OrgID, u.ID, p.ID, nil)
	if apperr.Is(err, apperr.Invalid) {
		v := s.editorView(c, u, p)
		v.Form = postingForm(p)
		v.Page.problems(v.Form, err, postingField)
		v.Form.Error = v.T("employer.publish.missing")
		v.Refused = true
		return s.renderEditor(c, fiber.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	return c.Redirect("/arbeitgeber?hinweis=veroeffentlicht", fiber.StatusSeeOther)
}

// postingClose closes a posting as filled (besetzt) or withdrawn
// (zurückgezogen): the button pressed names the reason.
func (s *Site) postingClose() fiber.Handler {
	return s.withPosting(func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
		reason := c.FormValue("reason")
		if reason != jobs.Filled && reason != jobs.Withdrawn {
			return apperr.Field("reason", "must be filled or withdrawn")
		}
		if _, err := s.Jobs.Close(ctx(c), u.OrgID, u.ID, p.ID, reason); err != nil {
			return err
		}
		return c.Redirect("/arbeitgeber?hinweis=geschlossen", fiber.StatusSeeOther)
	})
}

// postingExtend moves a published posting's end to the date of the form;
// a wrong date shows the dashboard again with the message at that field.
func (s *Site) postingExtend() fiber.Handler {
	return s.withPosting(func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
		pg := s.newPage(c, "", "")
		typed := c.FormValue("validThrough")
		failed := &postingRow{ID: p.ID, ExtendVal: typed}
		vt, err := parseDay(typed)
		if err != nil {
			failed.ExtendErr = pg.T("employer.form.date")
			return s.dashboard(c, u, fiber.StatusUnprocessableEntity, failed)
		}
		_, err = s.Jobs.Extend(ctx(c), u.OrgID, u.ID, p.ID, vt)
		switch {
		case apperr.Is(err, apperr.Invalid):
			failed.ExtendErr = pg.T("employer.form.validThrough")
			return s.dashboard(c, u, fiber.StatusUnprocessableEntity, failed)
		case err != nil:
			return err
		}
		return c.Redirect("/arbeitgeber?hinweis=verlaengert", fiber.StatusSeeOther)
	})
}

// postingDuplicate copies a posting into a new draft and opens it.
func (s *Site) postingDuplicate() fiber.Handler {
	return s.withPosting(func(c *fiber.Ctx, u *account.User, p *jobs.Posting) error {
		d, _, err := s.Jobs.Duplicate(ctx(c), u.OrgID, u.ID, p.ID)
		if err != nil {
			return err
		}
		return c.Redirect("/arbeitgeber/stellen/"+d.ID+"?hinweis=dupliziert", fiber.StatusSeeOther)
	})
}

// parseDay reads a date of a date field (YYYY-MM-DD, the end of that day in
// Germany).
func parseDay(v string) (time.Time, error) {
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return time.Time{}, apperr.Field("validThrough", "must be a date YYYY-MM-DD")
	}
	return jobs.ParseDeadline(v)
}
