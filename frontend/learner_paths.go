package frontend

// A learner's enrolments: enrol from /wege/{slug}, follow the steps on
// /mein-bereich/wege/{slug}, leave with a confirmation.
//
// Step numbers: the pages, their URLs (/schritte/{nr}, #schritt-1) and the
// JSON API count steps from 1, as the public path page does. The learning
// service speaks numbers (StepView.Number, Event.Step, UpdateStep's
// number) and maps them to stored positions in one place; the pages pass
// them through unchanged.

import (
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/learning"
)

// stepFields are every field of the step forms; their names differ per
// action, so one form value map holds a step's forms.
var stepFields = []string{"doneOn", "note", "link", "reason", "plannedStart", "plannedEnd"}

// stepRow is one step of the enrolment page.
type stepRow struct {
	learning.StepView
	// F holds the step forms' values (stored or typed) and errors.
	F *form
	// Open shows the step's forms unfolded (after an error).
	Open bool
	// Next marks the recommended next step.
	Next bool
}

// ID is the id of a step form's field.
func (r stepRow) ID(name string) string { return "s" + strconv.Itoa(r.Number) + "-" + name }

// enrolmentView is /mein-bereich/wege/{slug}.
type enrolmentView struct {
	*Page
	E     *learning.Enrolment
	Row   enrolmentRow
	Steps []stepRow
	Today string
	// Suggest offers the skill raises of a just finished step.
	Suggest *suggestView
}

func (s *Site) enrolmentPage(c *fiber.Ctx, status int, u string, slug string, failed *stepRow, sug *suggestState) error {
	p := s.learnerPage(c, "learner.enrolment.title")
	e, err := s.Learning.Enrolment(ctx(c), u, slug, p.Lang)
	if err != nil {
		return err
	}
	v := enrolmentView{Page: p, E: e, Row: enrolmentRowOf(p, summary(e)), Today: s.Now().Format(time.DateOnly)}
	v.Title = e.Title
	for _, st := range e.Steps {
		r := stepRow{StepView: st, F: newForm(stepFields...), Next: e.Next != nil && *e.Next == st.Number}
		r.F.values = map[string]string{"doneOn": st.DoneOn, "note": st.Note, "link": st.Link, "reason": st.Reason,
			"plannedStart": st.PlannedStart, "plannedEnd": st.PlannedEnd}
		if r.F.values["doneOn"] == "" {
			r.F.values["doneOn"] = v.Today
		}
		if failed != nil && failed.Number == r.Number {
			r.F, r.Open = failed.F, true
		}
		v.Steps = append(v.Steps, r)
	}
	if v.Suggest, err = s.suggestions(c, p, u, e, sug); err != nil {
		return err
	}
	return s.render(c, status, "learner-path", v)
}

func summary(e *learning.Enrolment) learning.EnrolmentSummary {
	return learning.EnrolmentSummary{Path: e.Path, Title: e.Title, TargetRole: e.TargetRole, EnrolledAt: e.EnrolledAt, UpdatedAt: e.UpdatedAt, Progress: e.Progress}
}

// enrolmentShow shows an enrolment; a path the learner is not enrolled in
// is 404.
func (s *Site) enrolmentShow() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		slug := c.Params("slug")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		return s.enrolmentPage(c, fiber.StatusOK, u.ID, slug, nil, suggestQuery(c))
	}
}

// enrol enrols the learner in the path of the form (from /wege/{slug});
// enrolling again changes nothing.
func (s *Site) enrol() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		slug := c.FormValue("path")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		if _, _, err := s.Learning.Enrol(ctx(c), u.ID, slug, langOf(c)); err != nil {
			if apperr.Is(err, apperr.Invalid) {
				return errNotFound // an unknown path
			}
			return err
		}
		return c.Redirect("/mein-bereich/wege/"+slug+"?hinweis=eingeschrieben", fiber.StatusSeeOther)
	}
}

// updateStep changes one step: aktion done (date, note, https link),
// skip (reason), plan (start, end), start or reset. :nr counts from 1.
func (s *Site) updateStep() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		slug := c.Params("slug")
		no, err := strconv.Atoi(c.Params("nr"))
		if !content.IsSlug(slug) || err != nil || no < 1 || no > 1000 {
			return errNotFound
		}
		f := newForm(stepFields...).read(c)
		val := func(name string) *string { v := f.Val(name); return &v }
		var up learning.StepUpdate
		state := func(st string) { up.State = &st }
		switch c.FormValue("aktion") {
		case "done":
			state(learning.Done)
			up.DoneOn, up.Note, up.Link = val("doneOn"), val("note"), val("link")
		case "skip":
			state(learning.Skipped)
			up.Reason = val("reason")
		case "start":
			state(learning.InProgress)
		case "reset":
			state(learning.NotStarted)
			empty := ""
			up.PlannedStart, up.PlannedEnd = &empty, &empty
		case "plan":
			up.PlannedStart, up.PlannedEnd = val("plannedStart"), val("plannedEnd")
		default:
			return fiber.NewError(fiber.StatusBadRequest, "aktion")
		}
		res, err := s.Learning.UpdateStep(ctx(c), u.ID, slug, no, up, langOf(c))
		if err != nil {
			p := s.newPage(c, "", "")
			var ae *apperr.Error
			if errors.As(err, &ae) && ae.Code == apperr.Invalid && len(ae.Fields) > 0 {
				for name, msg := range ae.Fields {
					if containsName(f.order, name) {
						f.set(name, stepMessage(p, msg))
					} else if f.Error == "" {
						f.Error = stepMessage(p, msg)
					}
				}
				return s.enrolmentPage(c, fiber.StatusUnprocessableEntity, u.ID, slug, &stepRow{StepView: learning.StepView{Number: no}, F: f}, nil)
			}
			return err
		}
		if len(res.Suggestions) > 0 {
			// Offer the raises the finished course suggests; the page
			// computes them again from the step.
			return c.Redirect("/mein-bereich/wege/"+slug+"?hinweis=schritt&vorschlaege="+strconv.Itoa(no)+"#vorschlaege", fiber.StatusSeeOther)
		}
		return c.Redirect("/mein-bereich/wege/"+slug+"?hinweis=schritt#schritt-"+strconv.Itoa(no), fiber.StatusSeeOther)
	}
}

// stepMessages translate the learning service's step problems.
var stepMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^must be a date`), "learner.err.date"},
	{regexp.MustCompile(`^must not be in the future`), "learner.err.future"},
	{regexp.MustCompile(`^must be an https link`), "learner.err.link"},
	{regexp.MustCompile(`^is required to skip`), "learner.err.reason"},
	{regexp.MustCompile(`^must not be before plannedStart`), "learner.err.endBeforeStart"},
}

func stepMessage(p *Page, msg string) string {
	for _, m := range stepMessages {
		if m.re.MatchString(msg) {
			return p.T(m.key)
		}
	}
	return p.fieldMessage(msg)
}

// unenrolView asks before leaving a path.
type unenrolView struct {
	*Page
	E *learning.Enrolment
}

// unenrolConfirm asks whether to leave the path and lose its progress.
func (s *Site) unenrolConfirm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		slug := c.Params("slug")
		if !content.IsSlug(slug) {
			return errNotFound
		}
		v := unenrolView{Page: s.learnerPage(c, "learner.unenrol.title")}
		if v.E, err = s.Learning.Enrolment(ctx(c), u.ID, slug, v.Lang); err != nil {
			return err
		}
		return s.render(c, fiber.StatusOK, "learner-unenrol", v)
	}
}

// unenrol leaves the path.
func (s *Site) unenrol() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		if err := s.Learning.Unenrol(ctx(c), u.ID, c.Params("slug")); err != nil {
			return err
		}
		return c.Redirect("/mein-bereich?hinweis=abgemeldet", fiber.StatusSeeOther)
	}
}

// enrolState sets whether the path page offers to enrol: only to a
// signed-in learner, who is not yet enrolled.
func (s *Site) enrolState(c *fiber.Ctx, v *pathView) error {
	u := userOf(c)
	if u == nil || u.Role != account.Learner || s.Learning == nil {
		return nil
	}
	_, err := s.Learning.Enrolment(ctx(c), u.ID, v.Path.Slug, v.Lang)
	switch {
	case err == nil:
		v.Enrolled = true
	case apperr.Is(err, apperr.NotFound):
		v.CanEnrol = true
	default:
		return err
	}
	return nil
}
