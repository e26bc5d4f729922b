package frontend

// A learner and the jobs (issue 11, parts 5 and 6): the learner's part of
// the job page (the match, keep, apply; see jobLearnerOf, used by
// job_detail.go), the apply form, the list and detail of the learner's
// applications with the CV they sent, and withdrawing one. Every route
// but the job page is private: anonymous visitors go to sign in and come
// back, other roles get 404, and another learner's application is 404.

import (
	"errors"
	"io"
	"mime"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
)

// applyNotices are the one-line messages after the forms of this file
// (?hinweis=); only these keys are shown.
var applyNotices = map[string]string{
	"gemerkt":        "apply.notice.saved",
	"vergessen":      "apply.notice.unsaved",
	"beworben":       "apply.notice.applied",
	"zurueckgezogen": "apply.notice.withdrawn",
	"schonbeworben":  "apply.notice.already",
	"merklistevoll":  "apply.notice.full",
}

func applyNotice(c *fiber.Ctx, p *Page) {
	if key, ok := applyNotices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
		return
	}
	learnerNotice(c, p)
}

// statusName is an application status in the page's language (the jobs
// package's statuses: eingegangen, in Prüfung, Gespräch, Angebot, Zusage,
// Absage, zurückgezogen).
func (p *Page) statusName(st jobs.Status) string {
	switch st {
	case jobs.Received, jobs.InReview, jobs.Interview, jobs.Offer, jobs.Hired, jobs.Rejected, jobs.WithdrawnByApplicant:
		return p.T("apply.status." + string(st))
	}
	return string(st)
}

// StatusName is statusName for templates.
func (p *Page) StatusName(st jobs.Status) string { return p.statusName(st) }

// appLink is the address of one of my applications.
func appLink(id string) string { return "/mein-bereich/bewerbungen/" + url.PathEscape(id) }

// jobLearner is the learner's part of an open job page.
type jobLearner struct {
	// Score is the match 0–100; nil when the posting names no skills.
	Score *int
	// ScoreN is *Score, for the templates.
	ScoreN int
	Items  []matchRow
	// Met, Partly and Missing count the items.
	Met, Partly, Missing int
	Saved                bool
	// Platform says the posting takes applications here.
	Platform bool
	// Applied is my application to this posting, if any.
	Applied *appRef
}

// matchRow is one skill the posting asks for, rated for the learner.
type matchRow struct {
	Skill, Name    string
	Essential      bool
	Required, Mine string
	Status         string
}

type appRef struct {
	ID, Href string
	Status   jobs.Status
}

// jobLearnerOf builds the learner's part of the job page of an open
// posting: the match (from the learning service's job match, the same the
// API's GET /jobs/{id}/match answers), kept or not, applied or not.
func (s *Site) jobLearnerOf(c *fiber.Ctx, p *Page, u *account.User, posting *jobs.Posting) (*jobLearner, error) {
	if s.Learning == nil {
		return nil, nil
	}
	reqs, err := api.PostingRequirements(ctx(c), s.Content, posting)
	if err != nil {
		return nil, err
	}
	m, err := s.Learning.Match(ctx(c), u.ID, reqs, p.Lang)
	if err != nil {
		return nil, err
	}
	jl := &jobLearner{Score: m.Score, Platform: posting.Apply.Method == "platform"}
	if m.Score != nil {
		jl.ScoreN = *m.Score
	}
	for _, it := range m.Items {
		r := matchRow{Skill: it.Skill, Name: it.Name, Essential: it.Essential, Required: it.RequiredName, Status: it.Status,
			Mine: p.T("learner.notRated")}
		if r.Name == "" {
			r.Name = s.skillName(ctx(c), it.Skill, p.Lang)
		}
		if it.Assessed != nil {
			r.Mine = p.LevelName(*it.Assessed)
		}
		switch it.Status {
		case learning.Met:
			jl.Met++
		case learning.Partly:
			jl.Partly++
		default:
			jl.Missing++
		}
		jl.Items = append(jl.Items, r)
	}
	saved, err := s.Jobs.SavedPostings(ctx(c), u.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range saved {
		if e.PostingID == posting.ID {
			jl.Saved = true
		}
	}
	a, err := s.Jobs.MyApplication(ctx(c), u.ID, jobs.ApplicationID(posting.ID, u.ID))
	switch {
	case err == nil:
		jl.Applied = &appRef{ID: a.ID, Href: appLink(a.ID), Status: a.Status}
	case !apperr.Is(err, apperr.NotFound):
		return nil, err
	}
	return jl, nil
}

// toggleSavedJob keeps (action=save) or forgets (action=unsave) a posting
// and goes back to it with a notice.
func (s *Site) toggleSavedJob() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		id := c.Params("id")
		if !jobIDRe.MatchString(id) {
			return errNotFound
		}
		var hint string
		switch c.FormValue("action") {
		case "save":
			err, hint = s.Jobs.SavePosting(ctx(c), u.ID, id), "gemerkt"
		case "unsave":
			err, hint = s.Jobs.UnsavePosting(ctx(c), u.ID, id), "vergessen"
		default:
			return fiber.NewError(fiber.StatusBadRequest, "action must be save or unsave")
		}
		if apperr.Is(err, apperr.Conflict) {
			// The list is full: the job page says so.
			err, hint = nil, "merklistevoll"
		}
		if err != nil {
			return err
		}
		return c.Redirect("/jobs/"+url.PathEscape(id)+"?hinweis="+hint, fiber.StatusSeeOther)
	}
}

// snapshotView is a shared skills and progress snapshot as the employer
// sees it inside an application (templates/partials/snapshot.html). The
// apply form previews it from the same type, so what the learner agrees to
// share is what the employer's applicant page shows.
type snapshotView struct {
	TakenAt    time.Time
	TargetRole string
	Skills     []snapshotSkill
	Training   []snapshotTraining
}

type snapshotSkill struct{ Name, Level string }

type snapshotTraining struct {
	Title       string
	Done, Total int
	// Percent is the share of steps done, rounded down.
	Percent int
}

// snapshotViewOf reads a snapshot of the jobs service (nil: nil).
func (s *Site) snapshotViewOf(c *fiber.Ctx, lang string, snap *jobs.Snapshot) *snapshotView {
	if snap == nil {
		return nil
	}
	v := &snapshotView{TakenAt: snap.TakenAt}
	if snap.TargetRole != "" {
		v.TargetRole = s.roleTitle(ctx(c), snap.TargetRole, lang)
	}
	for _, sk := range snap.Skills {
		name := sk.Name
		if name == "" {
			name = sk.Slug
		}
		v.Skills = append(v.Skills, snapshotSkill{Name: name, Level: sk.Level})
	}
	for _, t := range snap.Training {
		tr := snapshotTraining{Title: t.Title, Done: t.StepsDone, Total: t.StepsTotal}
		if tr.Title == "" {
			tr.Title = t.Path
		}
		if t.StepsTotal > 0 {
			tr.Percent = 100 * t.StepsDone / t.StepsTotal
		}
		v.Training = append(v.Training, tr)
	}
	return v
}

// applyView is /jobs/{id}/bewerben.
type applyView struct {
	*Page
	Form     *form
	Job      jobs.PublicView
	Snapshot *snapshotView
	// CVChosen says a file was sent with a form that came back with
	// errors: the browser cannot keep it, so it must be chosen again.
	CVChosen bool
	// MaxCoverNote is the cover note's limit (the jobs service's).
	MaxCoverNote int
	// MaxCV is the CV's size limit in bytes (the jobs service's): the
	// script checks a chosen file against it before sending, since a body
	// far over the server's limit is cut off before any page can answer.
	MaxCV int
}

// maxCoverNote mirrors the jobs service's limit for the textarea's
// maxlength; the service checks it.
const maxCoverNote = 5000

// applyFields are the apply form's fields top to bottom.
var applyFields = []string{"coverNote", "cv", "shareSnapshot"}

// applyPosting loads the open posting of the apply routes for u: the
// posting, or an answer (redirect or error) when one cannot apply here.
func (s *Site) applyPosting(c *fiber.Ctx, u *account.User) (*jobs.Posting, bool, error) {
	id := c.Params("id")
	if !jobIDRe.MatchString(id) {
		return nil, false, errNotFound
	}
	p, err := s.Jobs.PublicPosting(ctx(c), id)
	if err != nil {
		return nil, false, err
	}
	if p.Apply.Method != "platform" {
		// The employer takes applications elsewhere: the job page says where.
		return nil, false, c.Redirect("/jobs/"+url.PathEscape(id), fiber.StatusSeeOther)
	}
	if a, err := s.Jobs.MyApplication(ctx(c), u.ID, jobs.ApplicationID(p.ID, u.ID)); err == nil {
		return nil, false, c.Redirect(appLink(a.ID)+"?hinweis=schonbeworben", fiber.StatusSeeOther)
	}
	return p, true, nil
}

func (s *Site) applyPage(c *fiber.Ctx, status int, u *account.User, p *jobs.Posting, f *form, cvChosen bool) error {
	v := applyView{Page: s.learnerPage(c, "apply.title"), Form: f, Job: jobs.PublicViewOf(p), CVChosen: cvChosen, MaxCoverNote: maxCoverNote, MaxCV: jobs.MaxCVBytes}
	v.Title = v.T("apply.titleFor", "Title", p.Title)
	snap, err := s.Jobs.PreviewSnapshot(ctx(c), u)
	if err != nil {
		return err
	}
	v.Snapshot = s.snapshotViewOf(c, v.Lang, snap)
	return s.render(c, status, "apply", v)
}

// applyForm shows the apply form with the snapshot as it would be shared.
func (s *Site) applyForm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		p, ok, err := s.applyPosting(c, u)
		if !ok {
			return err
		}
		return s.applyPage(c, fiber.StatusOK, u, p, newForm(applyFields...), false)
	}
}

// cvMessages translate the jobs service's problems with a CV.
var cvMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^is empty$`), "apply.cv.empty"},
	{regexp.MustCompile(`^must be at most \d+ MB$`), "apply.cv.tooLarge"},
	{regexp.MustCompile(`^must be sent as application/pdf$`), "apply.cv.notPDF"},
	{regexp.MustCompile(`^is not a PDF file$`), "apply.cv.notPDF"},
}

// applyToJob sends the application: a multipart form with coverNote, the
// optional PDF cv and shareSnapshot (only "true" shares). Wrong input comes
// back with the messages next to the fields and the text kept; the file
// must be chosen again (browsers do not refill file inputs).
func (s *Site) applyToJob() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		p, ok, err := s.applyPosting(c, u)
		if !ok {
			return err
		}
		f := newForm(applyFields...)
		f.values["coverNote"] = c.FormValue("coverNote")
		if c.FormValue("shareSnapshot") == "true" {
			f.values["shareSnapshot"] = "true"
		}
		in := jobs.ApplyInput{CoverNote: f.values["coverNote"], ShareSnapshot: f.values["shareSnapshot"] == "true"}
		pg := s.newPage(c, "", "")
		cv, err := readCV(c)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) {
				return err
			}
			f.set("cv", cvMessage(pg, ae.Fields["cv"]))
			return s.applyPage(c, fiber.StatusUnprocessableEntity, u, p, f, true)
		}
		a, err := s.Jobs.Apply(ctx(c), u, p.ID, in, cv)
		if apperr.Is(err, apperr.Conflict) {
			if a, err := s.Jobs.MyApplication(ctx(c), u.ID, jobs.ApplicationID(p.ID, u.ID)); err == nil {
				return c.Redirect(appLink(a.ID)+"?hinweis=schonbeworben", fiber.StatusSeeOther)
			}
		}
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Code == apperr.Invalid && len(ae.Fields) > 0 {
			for field, msg := range ae.Fields {
				switch field {
				case "cv":
					f.set("cv", cvMessage(pg, msg))
				case "coverNote":
					f.set("coverNote", pg.fieldMessage(msg))
				default:
					if f.Error == "" {
						f.Error = pg.fieldMessage(msg)
					}
				}
			}
			return s.applyPage(c, fiber.StatusUnprocessableEntity, u, p, f, cv != nil)
		}
		if err != nil {
			return err
		}
		return c.Redirect(appLink(a.ID)+"?hinweis=beworben", fiber.StatusSeeOther)
	}
}

// cvMessage translates a CV problem of the jobs service.
func cvMessage(p *Page, msg string) string {
	for _, m := range cvMessages {
		if m.re.MatchString(msg) {
			return p.T(m.key, "MB", jobs.MaxCVBytes>>20)
		}
	}
	return p.fieldMessage(msg)
}

// readCV reads the optional file field cv of a multipart form: nil when no
// file was chosen (browsers send an empty part without a name).
func readCV(c *fiber.Ctx) (*jobs.CVUpload, error) {
	mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if mt != fiber.MIMEMultipartForm {
		return nil, nil
	}
	fh, err := c.FormFile("cv")
	if err != nil || (fh.Filename == "" && fh.Size == 0) {
		return nil, nil //nolint:nilerr // no file part: no CV
	}
	if fh.Size > jobs.MaxCVBytes {
		return nil, apperr.Field("cv", "must be at most 5 MB")
	}
	file, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, jobs.MaxCVBytes+1))
	if err != nil {
		return nil, err
	}
	return &jobs.CVUpload{Filename: fh.Filename, ContentType: fh.Header.Get(fiber.HeaderContentType), Data: data}, nil
}

// appListView is /mein-bereich/bewerbungen.
type appListView struct {
	*Page
	Apps  []appItem
	Total int
	Pager pager
}

type appItem struct {
	ID, Href, PostingID, Title, Employer string
	Status                               jobs.Status
	Applied, Updated                     time.Time
}

// appsPerPage is the length of a page of the application list.
const appsPerPage = 20

// applicationList lists my applications, newest first, paged (?seite=).
func (s *Site) applicationList() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		page := 1
		if n, err := strconv.Atoi(c.Query("seite")); err == nil && n > 1 && n <= 1000 {
			page = n
		}
		as, total, err := s.Jobs.MyApplicationsPage(ctx(c), u.ID, appsPerPage, page)
		if err != nil {
			return err
		}
		v := appListView{Page: s.learnerPage(c, "apply.list.title"), Total: total}
		applyNotice(c, v.Page)
		for _, a := range as {
			v.Apps = append(v.Apps, appItem{ID: a.ID, Href: appLink(a.ID), PostingID: a.PostingID, Title: a.PostingTitle,
				Employer: a.EmployerName, Status: a.Status, Applied: a.CreatedAt, Updated: a.UpdatedAt})
		}
		pages := (total + appsPerPage - 1) / appsPerPage
		v.Pager = pager{Page: page, Pages: pages}
		if page > 1 {
			v.Pager.Prev = "/mein-bereich/bewerbungen?seite=" + strconv.Itoa(min(page-1, max(pages, 1)))
		}
		if page < pages {
			v.Pager.Next = "/mein-bereich/bewerbungen?seite=" + strconv.Itoa(page+1)
		}
		for n := 1; n <= pages && pages > 1; n++ {
			v.Pager.Links = append(v.Pager.Links, pageLink{N: n, URL: "/mein-bereich/bewerbungen?seite=" + strconv.Itoa(n), Current: n == page})
		}
		return s.render(c, fiber.StatusOK, "applications", v)
	}
}

// appView is /mein-bereich/bewerbungen/{id}.
type appView struct {
	*Page
	App      *jobs.Application
	Href     string
	History  []appHistoryRow
	Snapshot *snapshotView
	// Open says the application can still be withdrawn.
	Open bool
	// PostingOpen says the posting's page is still there to link.
	PostingOpen bool
}

// appHistoryRow is one status change, with the employer's message.
type appHistoryRow struct {
	Status   jobs.Status
	At       time.Time
	Employer bool
	Message  string
}

// myApplication loads one of u's applications: any other is 404.
func (s *Site) myApplication(c *fiber.Ctx, u *account.User) (*jobs.Application, error) {
	id, err := url.PathUnescape(c.Params("id"))
	if err != nil || id == "" || len(id) > 200 {
		return nil, errNotFound
	}
	a, err := s.Jobs.MyApplication(ctx(c), u.ID, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, errNotFound
	}
	return a, err
}

// applicationShow shows one of my applications: its status history as a
// timeline with the employer's messages, and what I sent.
func (s *Site) applicationShow() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		a, err := s.myApplication(c, u)
		if err != nil {
			return err
		}
		v := appView{Page: s.learnerPage(c, "apply.detail.title"), App: a, Href: appLink(a.ID), Open: !a.Status.Final()}
		applyNotice(c, v.Page)
		v.Title = v.T("apply.detail.titleFor", "Title", a.PostingTitle)
		for _, h := range a.History {
			v.History = append(v.History, appHistoryRow{Status: h.Status, At: h.At, Employer: h.By == "employer", Message: h.Message})
		}
		v.Snapshot = s.snapshotViewOf(c, v.Lang, a.Snapshot)
		if _, err := s.Jobs.PublicPosting(ctx(c), a.PostingID); err == nil {
			v.PostingOpen = true
		}
		return s.render(c, fiber.StatusOK, "application", v)
	}
}

// applicationCV sends the CV I attached to an application.
func (s *Site) applicationCV() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		a, err := s.myApplication(c, u)
		if err != nil {
			return err
		}
		name, data, err := s.Jobs.CV(ctx(c), a)
		if apperr.Is(err, apperr.NotFound) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/pdf")
		c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.Send(data)
	}
}

// withdrawView is the confirmation before withdrawing.
type withdrawView struct {
	*Page
	App  *jobs.Application
	Href string
	Form *form
}

func (s *Site) withdrawPage(c *fiber.Ctx, status int, a *jobs.Application, f *form) error {
	v := withdrawView{Page: s.learnerPage(c, "apply.withdraw.title"), App: a, Href: appLink(a.ID), Form: f}
	v.Title = v.T("apply.withdraw.titleFor", "Title", a.PostingTitle)
	return s.render(c, status, "application-withdraw", v)
}

// withdrawConfirm asks before withdrawing an open application; a closed
// one goes back to its page.
func (s *Site) withdrawConfirm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		a, err := s.myApplication(c, u)
		if err != nil {
			return err
		}
		if a.Status.Final() {
			return c.Redirect(appLink(a.ID), fiber.StatusSeeOther)
		}
		return s.withdrawPage(c, fiber.StatusOK, a, newForm("message"))
	}
}

// withdrawApplicationPage withdraws it, with an optional message to the
// employer.
func (s *Site) withdrawApplicationPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		a, err := s.myApplication(c, u)
		if err != nil {
			return err
		}
		f := newForm("message").read(c)
		_, err = s.Jobs.Withdraw(ctx(c), u.ID, a.ID, f.Val("message"))
		switch {
		case err == nil:
			return c.Redirect(appLink(a.ID)+"?hinweis=zurueckgezogen", fiber.StatusSeeOther)
		case apperr.Is(err, apperr.Conflict):
			// Closed meanwhile (the employer decided): its page says how.
			return c.Redirect(appLink(a.ID), fiber.StatusSeeOther)
		}
		pg := s.newPage(c, "", "")
		if pg.problems(f, err, func(path string) string { return path }) {
			return s.withdrawPage(c, fiber.StatusUnprocessableEntity, a, f)
		}
		return err
	}
}
