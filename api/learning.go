package api

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
)

// Learning routes: everything lives under /me, so a learner only ever
// names their own enrolments and assessments; there are no ids of other
// people's to probe.

// needLearning answers 503 when the API runs without the learning service.
func (s *server) needLearning(c *fiber.Ctx) error {
	if s.Learning == nil {
		return apperr.New(apperr.Unavailable, "learning is not available")
	}
	return c.Next()
}

// DashboardView is the learner's overview: learning's dashboard plus, when
// the API runs with jobs, their applications and saved postings.
type DashboardView struct {
	*learning.Dashboard
	Applications  *[]ApplicationView `json:"applications,omitempty"`
	SavedPostings *SavedPostingList  `json:"savedPostings,omitempty"`
}

// EnrolmentList lists the learner's enrolments.
type EnrolmentList struct {
	Items []learning.Enrolment `json:"items"`
}

// SkillAssessmentView is one self-assessed skill.
type SkillAssessmentView struct {
	Skill     string    `json:"skill"`
	Name      string    `json:"name"`
	Level     int       `json:"level"`
	LevelName string    `json:"levelName"`
	Evidence  string    `json:"evidence,omitempty"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// SkillAssessmentList lists the learner's self-assessments by skill slug.
type SkillAssessmentList struct {
	Items []SkillAssessmentView `json:"items"`
}

type enrolRequest struct {
	Path string `json:"path"`
}

// listEnrolments lists my enrolments with their progress.
func (s *server) listEnrolments() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		list, err := s.Learning.Enrolments(c.UserContext(), currentUser(c).ID, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(EnrolmentList{Items: list})
	}
}

// enrol enrols me in a path: 201 when new, 200 when I already was.
func (s *server) enrol() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		var r enrolRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		if r.Path == "" {
			return apperr.Field("path", "is required: the slug of a path")
		}
		e, created, err := s.Learning.Enrol(c.UserContext(), currentUser(c).ID, r.Path, q.lang)
		if err != nil {
			return err
		}
		status := http.StatusOK
		if created {
			status = http.StatusCreated
		}
		c.Location("/api/v1/me/enrolments/" + e.Path)
		return c.Status(status).JSON(e)
	}
}

// getEnrolment returns one of my enrolments.
func (s *server) getEnrolment() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		e, err := s.Learning.Enrolment(c.UserContext(), currentUser(c).ID, c.Params("slug"), q.lang)
		if err != nil {
			return err
		}
		return c.JSON(e)
	}
}

// unenrol ends my enrolment in a path.
func (s *server) unenrol() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := newQuery(c).err(); err != nil {
			return err
		}
		if err := s.Learning.Unenrol(c.UserContext(), currentUser(c).ID, c.Params("slug")); err != nil {
			return err
		}
		return c.SendStatus(http.StatusNoContent)
	}
}

// updateStep changes the state or planned dates of one step.
func (s *server) updateStep() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		// :number counts from 1, like StepView.Number; the learning
		// service answers a number beyond the last step with not found.
		raw := c.Params("number")
		number, err := strconv.Atoi(raw)
		if err != nil || number < 1 || strconv.Itoa(number) != raw {
			return apperr.New(apperr.NotFound, "no step %q", raw)
		}
		var up learning.StepUpdate
		if err := decodeJSON(c, &up); err != nil {
			return err
		}
		res, err := s.Learning.UpdateStep(c.UserContext(), currentUser(c).ID, c.Params("slug"), number, up, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(res)
	}
}

// listAssessments lists my self-assessed skills.
func (s *server) listAssessments() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		ctx := c.UserContext()
		as, err := s.Learning.Assessments(ctx, currentUser(c).ID)
		if err != nil {
			return err
		}
		slugs := make([]string, 0, len(as))
		for sk := range as {
			slugs = append(slugs, sk)
		}
		slices.Sort(slugs)
		skills, err := s.Content.SkillsBySlug(ctx, slugs)
		if err != nil {
			return err
		}
		out := SkillAssessmentList{Items: make([]SkillAssessmentView, 0, len(slugs))}
		for _, sk := range slugs {
			a := as[sk]
			out.Items = append(out.Items, SkillAssessmentView{Skill: sk, Name: skills[sk].Name.In(q.lang), Level: a.Level,
				LevelName: learning.LevelName(a.Level, q.lang), Evidence: a.Evidence, UpdatedAt: a.UpdatedAt})
		}
		return c.JSON(out)
	}
}

// putAssessment sets my level of a skill.
func (s *server) putAssessment() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		slug, err := pathSlug(c, "skill")
		if err != nil {
			return err
		}
		var in struct {
			Level    *int   `json:"level"`
			Evidence string `json:"evidence"`
		}
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		if in.Level == nil {
			return apperr.Field("level", "is required: 0 (none), 1 (basic), 2 (good) or 3 (expert)")
		}
		ctx := c.UserContext()
		a, err := s.Learning.SetAssessment(ctx, currentUser(c).ID, slug, learning.SkillInput{Level: *in.Level, Evidence: in.Evidence})
		if err != nil {
			return err
		}
		sk, err := s.Content.Skill(ctx, slug)
		if err != nil {
			return err
		}
		return c.JSON(SkillAssessmentView{Skill: slug, Name: sk.Name.In(q.lang), Level: a.Level, LevelName: learning.LevelName(a.Level, q.lang),
			Evidence: a.Evidence, UpdatedAt: a.UpdatedAt})
	}
}

// deleteAssessment removes my assessment of a skill.
func (s *server) deleteAssessment() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := newQuery(c).err(); err != nil {
			return err
		}
		if err := s.Learning.DeleteAssessment(c.UserContext(), currentUser(c).ID, c.Params("slug")); err != nil {
			return err
		}
		return c.SendStatus(http.StatusNoContent)
	}
}

// getBackground returns what I bring (commercial training, Abitur, years).
func (s *server) getBackground() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := newQuery(c).err(); err != nil {
			return err
		}
		b, err := s.Learning.Background(c.UserContext(), currentUser(c).ID)
		if err != nil {
			return err
		}
		return c.JSON(b)
	}
}

// putBackground replaces my background.
func (s *server) putBackground() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := newQuery(c).err(); err != nil {
			return err
		}
		var in struct {
			CommercialTraining *bool `json:"commercialTraining"`
			Abitur             *bool `json:"abitur"`
			OfficeYears        *int  `json:"officeYears"`
		}
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		var p apperr.Problems
		if in.CommercialTraining == nil {
			p.Add("commercialTraining", "is required: true or false")
		}
		if in.Abitur == nil {
			p.Add("abitur", "is required: true or false")
		}
		if in.OfficeYears == nil {
			p.Add("officeYears", "is required: years of office work")
		}
		if err := p.Err("invalid background"); err != nil {
			return err
		}
		b, err := s.Learning.SetBackground(c.UserContext(), currentUser(c).ID,
			learning.Background{CommercialTraining: *in.CommercialTraining, Abitur: *in.Abitur, OfficeYears: *in.OfficeYears})
		if err != nil {
			return err
		}
		return c.JSON(b)
	}
}

// targetRole reads ?role=, falling back to the account's target role.
func targetRole(c *fiber.Ctx, q *query) (string, error) {
	role := q.slug("role")
	if err := q.err(); err != nil {
		return "", err
	}
	if role == "" {
		role = currentUser(c).TargetRole
	}
	if role == "" {
		return "", apperr.Field("role", "pass ?role= or set a target role on your account (PATCH /api/v1/me)")
	}
	return role, nil
}

// roleParamError makes an unknown ?role= a 400 (the path exists, the
// parameter is wrong).
func roleParamError(err error, role string) error {
	if apperr.Is(err, apperr.NotFound) {
		return apperr.Field("role", "unknown role "+strconv.Quote(role))
	}
	return err
}

// getMyChecklist rates a role's checklist against my assessments.
func (s *server) getMyChecklist() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "role")
		role, err := targetRole(c, q)
		if err != nil {
			return err
		}
		cl, err := s.Learning.Checklist(c.UserContext(), currentUser(c).ID, role, q.lang)
		if err != nil {
			return roleParamError(err, role)
		}
		return c.JSON(cl)
	}
}

// getGapAnalysis returns my gaps for a role and a course plan to close them.
func (s *server) getGapAnalysis() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "role")
		role, err := targetRole(c, q)
		if err != nil {
			return err
		}
		g, err := s.Learning.GapForRole(c.UserContext(), currentUser(c).ID, role, q.lang)
		if err != nil {
			return roleParamError(err, role)
		}
		return c.JSON(g)
	}
}

// getDashboard returns my overview.
func (s *server) getDashboard() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		u := currentUser(c)
		d, err := s.Learning.Dashboard(c.UserContext(), u.ID, u.TargetRole, q.lang)
		if err != nil {
			return err
		}
		out := DashboardView{Dashboard: d}
		if s.Jobs != nil {
			as, err := s.Jobs.MyApplications(c.UserContext(), u.ID)
			if err != nil {
				return err
			}
			apps := applicationList(as, myApplications).Items
			out.Applications = &apps
			entries, err := s.Jobs.SavedPostings(c.UserContext(), u.ID)
			if err != nil {
				return err
			}
			saved := SavedPostingList{Items: make([]SavedPostingView, 0, len(entries)), Total: len(entries)}
			for _, e := range entries {
				v := SavedPostingView{PostingID: e.PostingID, SavedAt: e.SavedAt}
				if e.Posting != nil {
					v.State = e.Posting.State
					if e.Posting.State == jobs.Published {
						jv := jobView(e.Posting)
						v.Posting = &jv
					}
				}
				saved.Items = append(saved.Items, v)
			}
			out.SavedPostings = &saved
		}
		return c.JSON(out)
	}
}
