package frontend

// The employer's applicant pages (issue 12, part 3): a posting's
// applications as a pipeline by status, one application with its cover
// note, CV, the shared snapshot and history, and the status change with a
// message to the applicant (the notify service tells the applicant, as it
// does for the API's moves). Only members of the posting's organisation
// see them: an anonymous visitor is sent to sign in, everyone else
// (learners, admins, other organisations) gets 404.

import (
	"context"
	"mime"
	"net/url"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
)

// orgMemberOf returns the signed-in employer with an organisation, or
// answers the request: anonymous visitors go to sign in and come back to
// back (the request's address when ""), an employer without organisation
// goes to create or join one, other users get 404. When ok is false,
// return err.
func (s *Site) orgMemberOf(c *fiber.Ctx, back string) (u *account.User, ok bool, err error) {
	u = userOf(c)
	if u == nil {
		if back == "" {
			back = requestURI(c)
		}
		return nil, false, c.Redirect(loginURL(back), fiber.StatusSeeOther)
	}
	if u.Role != account.Employer {
		return nil, false, errNotFound
	}
	if u.OrgID == "" {
		// As on the dashboard: first create or join an organisation.
		return nil, false, c.Redirect("/arbeitgeber/organisation", fiber.StatusSeeOther)
	}
	if s.Jobs == nil || s.Accounts == nil {
		return nil, false, apperr.New(apperr.Unavailable, "jobs are not available")
	}
	return u, true, nil
}

// applicantNotices are the one-line messages after the employer's forms on
// these pages (?hinweis=); only these keys are shown.
var applicantNotices = map[string]string{
	"status":      "applicants.notice.moved",
	"angelegt":    "org.notice.created",
	"gespeichert": "org.notice.saved",
	"eingeladen":  "org.notice.invited",
}

func applicantNotice(c *fiber.Ctx, p *Page) {
	if key, ok := applicantNotices[c.Query("hinweis")]; ok {
		p.Flash = p.T(key)
		return
	}
	notice(c, p)
}

// hrPage is the Page of an employer page: private, with ?hinweis=.
func (s *Site) hrPage(c *fiber.Ctx, title string) *Page {
	p := s.newPage(c, "", "")
	p.Title = title
	private(c, p)
	applicantNotice(c, p)
	return p
}

// pipelineView is /arbeitgeber/stellen/{id}/bewerbungen.
type pipelineView struct {
	*Page
	PostingID, PostingTitle, PostingState string
	// Columns are the open and decided statuses in the pipeline's order;
	// Withdrawn (by the applicants) is shown apart.
	Columns   []pipelineColumn
	Withdrawn pipelineColumn
	Total     int
}

// pipelineColumn is the applications in one status.
type pipelineColumn struct {
	Status, Label string
	Cards         []pipelineCard
}

// pipelineCard is one application in the pipeline.
type pipelineCard struct {
	ID, Name, Href string
	At             time.Time
	// Score is the match score of the shared snapshot against the posting
	// (0–100); nil when nothing was shared or the posting names no skills.
	Score *int
	// Shared says the applicant shared their snapshot.
	Shared bool
}

// applicantStatusLabel names an application status as the employer sees it.
func applicantStatusLabel(p *Page, st jobs.Status) string {
	return p.T("applicants.status." + string(st))
}

// applicantHref is the address of an application's page.
func applicantHref(id string) string { return "/arbeitgeber/bewerbungen/" + url.PathEscape(id) }

// pipelinePage shows a posting's applications by status.
func (s *Site) pipelinePage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.orgMemberOf(c, "")
		if !ok {
			return err
		}
		p, err := s.Jobs.Posting(ctx(c), u.OrgID, c.Params("id"))
		if err != nil {
			return hrNotFound(err)
		}
		apps, _, err := s.Jobs.PostingApplications(ctx(c), u.OrgID, p.ID, 0, 0)
		if err != nil {
			return hrNotFound(err)
		}
		v := pipelineView{Page: s.hrPage(c, ""), PostingID: p.ID, PostingTitle: p.Title, PostingState: string(p.State), Total: len(apps)}
		v.Title = v.T("applicants.pipeline.title", "Title", p.Title)
		rater, err := s.snapshotRater(ctx(c), p, v.Lang)
		if err != nil {
			return err
		}
		cols := map[jobs.Status]*pipelineColumn{}
		for _, st := range jobs.Pipeline {
			col := pipelineColumn{Status: string(st), Label: applicantStatusLabel(v.Page, st)}
			if st == jobs.WithdrawnByApplicant {
				v.Withdrawn = col
				cols[st] = &v.Withdrawn
				continue
			}
			v.Columns = append(v.Columns, col)
		}
		for i := range v.Columns {
			cols[jobs.Status(v.Columns[i].Status)] = &v.Columns[i]
		}
		for _, a := range apps {
			card := pipelineCard{ID: a.ID, Name: applicantName(v.Page, a), Href: applicantHref(a.ID), At: a.CreatedAt}
			if a.SnapshotConsent && a.Snapshot != nil {
				card.Shared = true
				card.Score = rater.rate(a.Snapshot).Score
			}
			if col := cols[a.Status]; col != nil {
				col.Cards = append(col.Cards, card)
			}
		}
		return s.render(c, fiber.StatusOK, "employer-applicants", v)
	}
}

// applicantName is the applicant's name, or their address when they gave
// none.
func applicantName(p *Page, a *jobs.Application) string {
	if a.ApplicantName != "" {
		return a.ApplicantName
	}
	if a.ApplicantEmail != "" {
		return a.ApplicantEmail
	}
	return p.T("applicants.noName")
}

// hrNotFound turns a not-found error of a service into the 404 page.
func hrNotFound(err error) error {
	if apperr.Is(err, apperr.NotFound) {
		return errNotFound
	}
	return err
}

// applicantView is /arbeitgeber/bewerbungen/{id}.
type applicantView struct {
	*Page
	ID, Href, PostingID, PostingTitle string
	Name, Email, CoverNote            string
	Status, StatusLabel               string
	Applied                           time.Time
	CV                                *applicantCVRow
	// Shared is the snapshot the applicant shared, exactly as their apply
	// form showed it (partials/snapshot.html); nil when they did not share
	// one. Snapshot is it rated against the posting's skills.
	Shared   *snapshotView
	Snapshot *snapshotRating
	History  []applicantHistoryRow
	// Next are the statuses the application may move to; empty once final.
	Next []option
	Form *form
}

// applicantCVRow describes the attached CV.
type applicantCVRow struct {
	Filename, Size, Href string
}

// applicantHistoryRow is one entry of the status history, in words.
type applicantHistoryRow struct {
	At             time.Time
	Label, By, Msg string
}

// snapshotRating is a shared snapshot drawn like the learner's own
// checklist: each skill the posting asks for, rated met, partly or
// missing against the level the applicant gave themselves.
type snapshotRating struct {
	TakenAt              time.Time
	TargetRole           string
	Items                []learning.ChecklistItem
	Score                *int
	Met, Partly, Missing int
}

// snapshotRater rates snapshots against one posting's requirements.
type snapshotRater struct {
	reqs  []learning.Requirement
	names map[string]string
	lang  string
}

func (s *Site) snapshotRater(c context.Context, p *jobs.Posting, lang string) (*snapshotRater, error) {
	reqs, err := api.PostingRequirements(c, s.Content, p)
	if err != nil {
		return nil, err
	}
	slugs := make([]string, len(reqs))
	for i, r := range reqs {
		slugs[i] = r.Skill
	}
	skills, err := s.Content.SkillsBySlug(c, slugs)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for slug, sk := range skills {
		names[slug] = sk.Name.In(lang)
	}
	return &snapshotRater{reqs: reqs, names: names, lang: lang}, nil
}

// snapshotLevelOf reads a snapshot's level name (stored in German, as the
// applicant's words at the time) back into the level scale.
func snapshotLevelOf(name string) (int, bool) {
	for l := 0; l <= 10; l++ {
		for _, lang := range languages {
			if n := learning.LevelName(l, lang); n != "" && n == name {
				return l, true
			}
		}
	}
	return 0, false
}

// rate rates a snapshot with learning's rules (learning.Status, Needed,
// MatchScore): the same met/partly/missing the learner sees.
func (r *snapshotRater) rate(snap *jobs.Snapshot) snapshotRating {
	out := snapshotRating{TakenAt: snap.TakenAt, TargetRole: snap.TargetRole}
	levels := map[string]int{}
	for _, sk := range snap.Skills {
		if l, ok := snapshotLevelOf(sk.Level); ok {
			levels[sk.Slug] = l
		}
	}
	for _, req := range r.reqs {
		need := learning.Needed(req.Level)
		it := learning.ChecklistItem{Skill: req.Skill, Name: r.names[req.Skill], Essential: req.Essential, Required: need,
			RequiredName: learning.LevelName(need, r.lang), Needed: need}
		if it.Name == "" {
			it.Name = req.Skill
		}
		if l, ok := levels[req.Skill]; ok {
			it.Assessed = &l
		}
		it.Status = learning.Status(it.Assessed, need)
		switch it.Status {
		case learning.Met:
			out.Met++
		case learning.Partly:
			out.Partly++
		default:
			out.Missing++
		}
		out.Items = append(out.Items, it)
	}
	slices.SortStableFunc(out.Items, func(a, b learning.ChecklistItem) int {
		switch {
		case a.Essential == b.Essential:
			return 0
		case a.Essential:
			return -1
		}
		return 1
	})
	out.Score = learning.MatchScore(out.Items)
	return out
}

// moveFields are the status form's fields.
var moveFields = []string{"status", "message"}

// applicantShow shows one application.
func (s *Site) applicantShow() fiber.Handler {
	return func(c *fiber.Ctx) error {
		return s.applicantPage(c, fiber.StatusOK, newForm(moveFields...))
	}
}

func (s *Site) applicantPage(c *fiber.Ctx, status int, f *form) error {
	u, ok, err := s.orgMemberOf(c, applicantHref(applicantID(c)))
	if !ok {
		return err
	}
	a, err := s.Jobs.OrgApplication(ctx(c), u.OrgID, applicantID(c))
	if err != nil {
		return hrNotFound(err)
	}
	v := applicantView{Page: s.hrPage(c, ""), ID: a.ID, Href: applicantHref(a.ID), PostingID: a.PostingID, PostingTitle: a.PostingTitle,
		Email: a.ApplicantEmail, CoverNote: a.CoverNote, Status: string(a.Status), Applied: a.CreatedAt, Form: f}
	v.Name = applicantName(v.Page, a)
	v.StatusLabel = applicantStatusLabel(v.Page, a.Status)
	v.Title = v.T("applicants.detail.title", "Name", v.Name)
	if a.CV != nil {
		v.CV = &applicantCVRow{Filename: a.CV.Filename, Size: v.T("applicants.cv.size", "KB", v.Num((a.CV.Size+1023)/1024)), Href: v.Href + "/lebenslauf"}
	}
	if a.SnapshotConsent && a.Snapshot != nil {
		p, err := s.Jobs.Posting(ctx(c), u.OrgID, a.PostingID)
		if err != nil {
			return hrNotFound(err)
		}
		rater, err := s.snapshotRater(ctx(c), p, v.Lang)
		if err != nil {
			return err
		}
		r := rater.rate(a.Snapshot)
		v.Snapshot = &r
		v.Shared = s.snapshotViewOf(c, v.Lang, a.Snapshot)
	}
	for i := len(a.History) - 1; i >= 0; i-- {
		h := a.History[i]
		v.History = append(v.History, applicantHistoryRow{At: h.At, Label: applicantStatusLabel(v.Page, h.Status), By: v.T("applicants.by." + h.By), Msg: h.Message})
	}
	for _, st := range a.Status.Next() {
		v.Next = append(v.Next, option{Value: string(st), Label: applicantStatusLabel(v.Page, st)})
	}
	return s.render(c, status, "employer-applicant", v)
}

// applicantID is the application id of the request's address.
func applicantID(c *fiber.Ctx) string {
	id := c.Params("id")
	if un, err := url.PathUnescape(id); err == nil {
		return un
	}
	return id
}

// applicantCV sends the application's CV as a download.
func (s *Site) applicantCV() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.orgMemberOf(c, "")
		if !ok {
			return err
		}
		a, err := s.Jobs.OrgApplication(ctx(c), u.OrgID, applicantID(c))
		if err != nil {
			return hrNotFound(err)
		}
		name, data, err := s.Jobs.CV(ctx(c), a)
		if err != nil {
			return hrNotFound(err)
		}
		if name == "" {
			name = "lebenslauf.pdf"
		}
		// Uploads are checked to be PDF files when applying (jobs.CVUpload).
		c.Set(fiber.HeaderContentType, "application/pdf")
		c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.Send(data)
	}
}

// applicantMove moves the application on, with a message to the applicant.
func (s *Site) applicantMove() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.orgMemberOf(c, applicantHref(applicantID(c)))
		if !ok {
			return err
		}
		f := newForm(moveFields...).read(c)
		p := s.newPage(c, "", "")
		if f.Val("status") == "" {
			f.set("status", p.T("applicants.move.choose"))
			return s.applicantPage(c, fiber.StatusBadRequest, f)
		}
		a, err := s.Jobs.Move(ctx(c), u.OrgID, applicantID(c), jobs.Status(f.Val("status")), f.Val("message"))
		switch {
		case err == nil:
			return c.Redirect(applicantHref(a.ID)+"?hinweis=status#verlauf", fiber.StatusSeeOther)
		case apperr.Is(err, apperr.NotFound):
			return errNotFound
		case apperr.Is(err, apperr.Conflict):
			// Moved meanwhile (another member, or the applicant withdrew):
			// the page shows the status now and what is still possible.
			f.Error = p.T("applicants.move.conflict")
			return s.applicantPage(c, fiber.StatusConflict, f)
		case p.problems(f, err, func(path string) string { return path }):
			return s.applicantPage(c, fiber.StatusBadRequest, f)
		}
		return err
	}
}
