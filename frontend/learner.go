package frontend

// The learner's own pages ("Mein Bereich", issue 11): the dashboard (this
// file), the goal (learner_goal.go), the enrolments (learner_paths.go).
// Every page is private: an anonymous visitor is sent to sign in and comes
// back; any other role gets 404, so the pages' existence is not confirmed.

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/search"
)

// learnerOf returns the signed-in learner, or answers the request: an
// anonymous visitor goes to sign in and comes back to this address, any
// other role gets 404. When ok is false, return err.
func (s *Site) learnerOf(c *fiber.Ctx) (u *account.User, ok bool, err error) {
	u = userOf(c)
	if u == nil {
		return nil, false, c.Redirect(loginURL(requestURI(c)), fiber.StatusSeeOther)
	}
	if u.Role != account.Learner {
		return nil, false, errNotFound
	}
	if s.Learning == nil {
		return nil, false, apperr.New(apperr.Unavailable, "learning is not available")
	}
	return u, true, nil
}

// learnerPage is the Page of a learner page: private, with ?hinweis=.
func (s *Site) learnerPage(c *fiber.Ctx, titleKey string) *Page {
	p := s.newPage(c, "", "")
	p.Title = p.T(titleKey)
	private(c, p)
	learnerNotice(c, p)
	return p
}

// learnerNotices are the one-line messages after a learner form
// (?hinweis=); only these keys are shown, never text from the address.
var learnerNotices = map[string]string{
	"ziel":           "learner.notice.goal",
	"eingeschrieben": "learner.notice.enrolled",
	"schritt":        "learner.notice.step",
	"abgemeldet":     "learner.notice.unenrolled",
	"kompetenz":      "learner.notice.skill",
	"angehoben":      "learner.notice.raised",
	"verworfen":      "learner.notice.dismissed",
}

func learnerNotice(c *fiber.Ctx, p *Page) {
	if key, ok := learnerNotices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
		return
	}
	notice(c, p)
}

// dashboardView is /mein-bereich.
type dashboardView struct {
	*Page
	TargetRole  string
	TargetTitle string
	Enrolments  []enrolmentRow
	Next        *nextRow
	Checklist   *learning.Checklist
	Activity    []activityRow
	Apps        []appRow
	Saved       []savedRow
	Searches    []searchRow
	// Guide lists the first steps; empty once all are done.
	Guide []guideItem
	// First is a first visit: nothing at all yet.
	First bool
}

// enrolmentRow is one enrolment with its progress.
type enrolmentRow struct {
	Path, Title string
	// Percent is rounded down for the bar; PercentText has one decimal.
	Percent     int
	PercentText string
	Done, Total int
	Finish      string
	Basis       string
	Complete    bool
}

// nextRow is the recommended next step.
type nextRow struct {
	Title, Href, Kind string
	// Step is the step number as the path pages show it (from 1).
	Step      int
	PathTitle string
}

// activityRow is one event of the timeline, already in words.
type activityRow struct {
	At   time.Time
	Text string
	Href string
}

type appRow struct {
	ID, Title, Employer, Status, PostingID string
	At                                     time.Time
}

type savedRow struct {
	ID, Title, Employer, State string
	SavedAt                    time.Time
}

type searchRow struct {
	// ID names the saved search (/mein-bereich/suchauftraege/{id} lists
	// its new postings); Href is the search itself.
	ID, Name, Href string
	// New is the number of postings since the last look; Known is false
	// when the search cannot say.
	New   int
	Known bool
}

type guideItem struct {
	Key, Href string
	Done      bool
}

func enrolmentRowOf(p *Page, e learning.EnrolmentSummary) enrolmentRow {
	pr := e.Progress
	r := enrolmentRow{Path: e.Path, Title: e.Title, Percent: int(math.Floor(pr.Percent)), PercentText: percent(p.Lang, pr.Percent),
		Done: pr.DoneSteps, Total: pr.CountedSteps, Complete: pr.Complete}
	if pr.ExpectedFinish != "" {
		r.Finish = p.Date(pr.ExpectedFinish)
		r.Basis = p.T("learner.basis." + pr.ExpectedFinishBasis)
	}
	return r
}

// learnerHome is the dashboard.
func (s *Site) learnerHome() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		v := dashboardView{Page: s.learnerPage(c, "learner.dashboard.title"), TargetRole: u.TargetRole}
		cx := ctx(c)
		d, err := s.Learning.Dashboard(cx, u.ID, u.TargetRole, v.Lang)
		if err != nil {
			return err
		}
		titles := map[string]string{}
		for _, e := range d.Enrolments {
			v.Enrolments = append(v.Enrolments, enrolmentRowOf(v.Page, e))
			titles[e.Path] = e.Title
		}
		if d.Checklist != nil {
			v.Checklist = d.Checklist
			v.TargetTitle = d.Checklist.Title
		}
		if n := d.Next; n != nil {
			r := &nextRow{Title: n.Title, Kind: n.Kind}
			if n.Kind == "step" && n.Step != nil {
				r.Step = *n.Step
				r.PathTitle = titles[n.Path]
				r.Href = "/mein-bereich/wege/" + n.Path + "#schritt-" + strconv.Itoa(r.Step)
			} else if n.Course != "" {
				r.Href = "/weiterbildung/" + n.Course
			}
			v.Next = r
		}
		v.Activity = s.activityRows(cx, v.Page, d.Activity, titles)
		if s.Jobs != nil {
			if err := s.jobRows(c, u.ID, &v); err != nil {
				return err
			}
		}
		as, err := s.Learning.Assessments(cx, u.ID)
		if err != nil {
			return err
		}
		bg, err := s.Learning.Background(cx, u.ID)
		if err != nil {
			return err
		}
		guide := []guideItem{
			{Key: "goal", Href: "/mein-bereich/ziel", Done: u.TargetRole != ""},
			{Key: "background", Href: "/mein-bereich/ziel#hintergrund", Done: bg != (learning.Background{})},
			{Key: "skills", Href: "/mein-bereich/kompetenzen", Done: len(as) > 0},
			{Key: "enrol", Href: "/wege", Done: len(d.Enrolments) > 0},
		}
		if slices.ContainsFunc(guide, func(g guideItem) bool { return !g.Done }) {
			v.Guide = guide
		}
		v.First = !slices.ContainsFunc(guide, func(g guideItem) bool { return g.Done }) && len(v.Apps) == 0 && len(v.Saved) == 0 && len(v.Searches) == 0
		return s.render(c, fiber.StatusOK, "learner-dashboard", v)
	}
}

// activityRows puts the events in words; Event.Step is the step number
// (from 1) the path pages show.
func (s *Site) activityRows(cx context.Context, p *Page, evs []learning.Event, titles map[string]string) []activityRow {
	var slugs []string
	for _, ev := range evs {
		if ev.Kind == learning.EventSkill {
			slugs = append(slugs, ev.Skill)
		}
	}
	names := map[string]string{}
	if len(slugs) > 0 && s.Content != nil {
		if sk, err := s.Content.SkillsBySlug(cx, slugs); err == nil {
			for slug, k := range sk {
				names[slug] = k.Name.In(p.Lang)
			}
		}
	}
	out := make([]activityRow, 0, len(evs))
	for _, ev := range evs {
		r := activityRow{At: ev.At}
		title := titles[ev.Path]
		if title == "" {
			title = ev.Path
		}
		step := 0
		if ev.Step != nil {
			step = *ev.Step
		}
		switch ev.Kind {
		case learning.EventEnrolled:
			r.Text = p.T("learner.event.enrolled", "Path", title)
			r.Href = "/mein-bereich/wege/" + ev.Path
		case learning.EventStep:
			r.Text = p.T("learner.event.step", "Step", step, "Path", title, "State", p.T("learner.state."+ev.State))
			r.Href = "/mein-bereich/wege/" + ev.Path + "#schritt-" + strconv.Itoa(step)
		case learning.EventPlanned:
			r.Text = p.T("learner.event.planned", "Step", step, "Path", title)
			r.Href = "/mein-bereich/wege/" + ev.Path + "#schritt-" + strconv.Itoa(step)
		case learning.EventSkill:
			name := names[ev.Skill]
			if name == "" {
				name = ev.Skill
			}
			level := 0
			if ev.Level != nil {
				level = *ev.Level
			}
			r.Text = p.T("learner.event.skill", "Skill", name, "Level", learning.LevelName(level, p.Lang))
			r.Href = "/mein-bereich/kompetenzen#k-" + ev.Skill
		default:
			continue
		}
		out = append(out, r)
	}
	return out
}

// jobRows fills the applications, saved postings and saved searches.
func (s *Site) jobRows(c *fiber.Ctx, userID string, v *dashboardView) error {
	cx := ctx(c)
	apps, err := s.Jobs.MyApplications(cx, userID)
	if err != nil {
		return err
	}
	for _, a := range apps {
		v.Apps = append(v.Apps, appRow{ID: a.ID, Title: a.PostingTitle, Employer: a.EmployerName, Status: v.StatusName(a.Status), PostingID: a.PostingID, At: a.UpdatedAt})
	}
	saved, err := s.Jobs.SavedPostings(cx, userID)
	if err != nil {
		return err
	}
	for _, e := range saved {
		r := savedRow{ID: e.PostingID, SavedAt: e.SavedAt, State: "gone"}
		if e.Posting != nil {
			r.Title, r.Employer, r.State = e.Posting.Title, e.Posting.Employer.Name, string(e.Posting.State)
		}
		v.Saved = append(v.Saved, r)
	}
	searches, err := s.Jobs.SavedSearches(cx, userID)
	if err != nil {
		return err
	}
	for _, ss := range searches {
		r := searchRow{ID: ss.ID, Name: ss.Name, Href: jobsQuery(ss.Query)}
		if n := s.newPostings(c, ss); n != nil {
			r.New, r.Known = *n, true
		}
		v.Searches = append(v.Searches, r)
	}
	return nil
}

// newPostings counts the postings a saved search finds that were published
// after its last look, reading the stored query as the job search does
// (as the API's saved-search list counts them); nil when it cannot say.
func (s *Site) newPostings(c *fiber.Ctx, ss jobs.SavedSearch) *int {
	if s.Search == nil {
		return nil
	}
	uri := c.Request().URI()
	orig := string(uri.QueryString())
	uri.SetQueryString(ss.Query)
	read := api.ReadJobSearch(c, langOf(c))
	uri.SetQueryString(orig)
	if len(read.Problems) > 0 {
		return nil
	}
	q := read.Query
	after := math.Nextafter(float64(ss.LastSeenAt.UnixMicro())/1e6, math.Inf(1))
	q.Filters = append(slices.Clone(q.Filters), search.Between("publishedAt", &after, nil))
	q.Facets, q.Sort, q.Page, q.Limit = nil, search.ByDate, 1, 1
	res, err := s.runSearch(ctx(c), search.Jobs, q)
	if err != nil {
		return nil
	}
	n := res.Total
	return &n
}

// jobsQuery is a saved search's address on the job search.
func jobsQuery(q string) string {
	if _, err := url.ParseQuery(q); err != nil {
		return "/jobs"
	}
	return "/jobs?" + q
}

// LevelName names a level of the one skill scale (0–4) in the page's
// language; the checklists and the self-rating use this one scale.
func (p *Page) LevelName(level any) string {
	return learning.LevelName(int(toFloat(level)), p.Lang)
}

// levelStep is one step of the skill level scale, for the legend.
type levelStep struct {
	Level int
	Name  string
}

// LevelScale is the one skill level scale 0–4 with its names: the legend
// of the role checklists and of the learner's ratings (partial
// "levelscale").
func (p *Page) LevelScale() []levelStep {
	out := make([]levelStep, 0, learning.LevelExpert+1)
	for l := learning.LevelNone; l <= learning.LevelExpert; l++ {
		out = append(out, levelStep{Level: l, Name: learning.LevelName(l, p.Lang)})
	}
	return out
}

// percent writes a percentage with at most one decimal and the sign
// joined by a no-break space ("33,3 %", "33.3 %").
func percent(lang string, v float64) string {
	v = math.Round(v*10) / 10
	var n string
	if v == math.Trunc(v) {
		n = printer(lang).Sprintf("%d", int64(v))
	} else {
		n = printer(lang).Sprintf("%.1f", v)
	}
	return n + "\u00a0%"
}
