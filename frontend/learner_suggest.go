package frontend

// Skill raises suggested after a finished step (issue 11, part 3): ticking
// a step with a course done redirects to the enrolment page with
// ?vorschlaege={step}; the page asks the learning service again which
// raises the step suggests (never trusting levels from the address or a
// form) and offers them: accept all, accept the ticked ones, or dismiss.
// Nothing is raised without the learner's answer.

import (
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/learning"
)

// suggestState is which step's suggestions to show and, after a wrong
// answer, the error and the ticked skills.
type suggestState struct {
	No     int
	Err    string
	Chosen []string
}

// suggestRow is one suggested raise.
type suggestRow struct {
	Skill, Name      string
	Current          int
	FromName, ToName string
	Checked          bool
}

// suggestView is the suggestions section of the enrolment page.
type suggestView struct {
	// No is the finished step's number as shown (from 1), Title its title.
	No    int
	Title string
	Path  string
	Items []suggestRow
	Err   string
}

// suggestions builds the section for st (nil: none asked for); a step
// that suggests nothing (not done, no course, every skill at expert)
// shows none.
func (s *Site) suggestions(c *fiber.Ctx, p *Page, userID string, e *learning.Enrolment, st *suggestState) (*suggestView, error) {
	if st == nil {
		return nil, nil
	}
	i := slices.IndexFunc(e.Steps, func(sv learning.StepView) bool { return sv.Number == st.No })
	if i < 0 {
		return nil, nil
	}
	sugs, err := s.Learning.StepSuggestions(ctx(c), userID, e.Path, st.No, p.Lang)
	if err != nil || len(sugs) == 0 {
		return nil, err
	}
	v := &suggestView{No: st.No, Title: e.Steps[i].Title, Path: e.Path, Err: st.Err}
	for _, sg := range sugs {
		v.Items = append(v.Items, suggestRow{Skill: sg.Skill, Name: sg.Name, Current: sg.Current,
			FromName: p.LevelName(sg.Current), ToName: p.LevelName(sg.Suggested), Checked: slices.Contains(st.Chosen, sg.Skill)})
	}
	return v, nil
}

// suggestQuery reads ?vorschlaege={step} of the enrolment page.
func suggestQuery(c *fiber.Ctx) *suggestState {
	no, err := strconv.Atoi(c.Query("vorschlaege"))
	if err != nil || no < 1 {
		return nil
	}
	return &suggestState{No: no}
}

// answerSuggestions takes the learner's answer to a finished step's
// suggested raises (fields weg, schritt, aktion alle|auswahl|verwerfen,
// skill per ticked skill, stand-{skill} the level the learner saw).
func (s *Site) answerSuggestions() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, ok, err := s.learnerOf(c)
		if !ok {
			return err
		}
		slug := c.FormValue("weg")
		no, convErr := strconv.Atoi(c.FormValue("schritt"))
		if !content.IsSlug(slug) || convErr != nil || no < 1 || no > 1000 {
			return errNotFound
		}
		aktion := c.FormValue("aktion")
		if aktion != "alle" && aktion != "auswahl" && aktion != "verwerfen" {
			return apperr.Field("aktion", "must be alle, auswahl or verwerfen")
		}
		// Someone else's enrolment or a step that does not exist is 404.
		sugs, err := s.Learning.StepSuggestions(ctx(c), u.ID, slug, no, langOf(c))
		if err != nil {
			return err
		}
		back := "/mein-bereich/wege/" + slug
		if aktion == "verwerfen" {
			return c.Redirect(back+"?hinweis=verworfen#schritt-"+strconv.Itoa(no), fiber.StatusSeeOther)
		}
		var chosen []string
		for _, v := range c.Context().PostArgs().PeekMulti("skill") {
			chosen = append(chosen, string(v))
		}
		var raises []learning.Raise
		for _, sg := range sugs {
			if aktion == "auswahl" && !slices.Contains(chosen, sg.Skill) {
				continue
			}
			from, err := strconv.Atoi(c.FormValue("stand-" + sg.Skill))
			if err != nil {
				continue
			}
			raises = append(raises, learning.Raise{Skill: sg.Skill, From: from})
		}
		if aktion == "auswahl" && len(raises) == 0 && len(sugs) > 0 {
			p := s.newPage(c, "", "")
			return s.enrolmentPage(c, fiber.StatusUnprocessableEntity, u.ID, slug, nil, &suggestState{No: no, Err: p.T("learner.sug.none"), Chosen: chosen})
		}
		if _, err := s.Learning.AcceptSuggestions(ctx(c), u.ID, slug, no, raises, langOf(c)); err != nil {
			return err
		}
		return c.Redirect(back+"?hinweis=angehoben#schritt-"+strconv.Itoa(no), fiber.StatusSeeOther)
	}
}
