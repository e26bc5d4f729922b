package frontend

import (
	"encoding/json"
	"errors"
	"html/template"
	"regexp"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
)

// jobIDRe is the shape of a posting id; anything else names nothing.
var jobIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// jobPageView is /jobs/{id}: an open posting, or the 410 page of a closed
// or expired one with similar open jobs.
type jobPageView struct {
	*Page
	Job jobs.PublicView
	// RoleTitle, Bundesland, Remote and Employment are in the page's language.
	RoleTitle, Bundesland, Remote, Employment string
	Skills                                    []jobSkill
	// Gone is closed-filled, closed-withdrawn, closed or expired for a
	// posting that is no longer open.
	Gone     string
	Similar  []JobHit
	SimilarN int
	// Learner is the signed-in learner's part of an open posting: the
	// match, keep, apply (learner_apply.go); nil for anyone else.
	Learner *jobLearner
	// LoginNext is the sign-in address that comes back to this page.
	LoginNext string
}

// jobSkill is a skill the posting asks for, linked to its page.
type jobSkill struct {
	Slug, Name string
	Essential  bool
}

// jobPage shows a posting: 200 with its JSON-LD while open, 410 once
// closed or expired (with similar open jobs), 404 for anything else.
func (s *Site) jobPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("id")
		if !jobIDRe.MatchString(id) || s.Jobs == nil {
			return errNotFound
		}
		p, err := s.Jobs.PublicPosting(ctx(c), id)
		var gone *jobs.GoneError
		switch {
		case errors.As(err, &gone) && p != nil:
		case apperr.Is(err, apperr.NotFound):
			return errNotFound
		case err != nil:
			return err
		}
		v := s.jobView(c, p)
		// A closed posting must never be served as open from a cache.
		c.Set(fiber.HeaderCacheControl, "no-cache")
		if gone != nil {
			v.Gone = string(gone.State)
			if gone.Reason != "" {
				v.Gone += "-" + gone.Reason
			}
			v.NoIndex = true
			v.Similar, v.SimilarN = s.jobsForRole(c, p.Role, 5)
			return s.render(c, fiber.StatusGone, "job", v)
		}
		ld, err := json.Marshal(p.JSONLD()) // escapes <, > and & so the data block cannot end early
		if err != nil {
			return err
		}
		v.JSONLD = template.JS(ld) //nolint:gosec // json.Marshal output with HTML escaping
		v.LoginNext = loginURL("/jobs/" + p.ID)
		if u := userOf(c); u != nil && u.Role == account.Learner {
			if v.Learner, err = s.jobLearnerOf(c, v.Page, u, p); err != nil {
				return err
			}
			applyNotice(c, v.Page)
			private(c, v.Page)
		}
		return s.render(c, fiber.StatusOK, "job", v)
	}
}

// jobView builds the job page's view of a posting: the public page and the
// employer's preview (employer_editor.go) show a posting through it, so the
// preview is exactly what the public will see.
func (s *Site) jobView(c *fiber.Ctx, p *jobs.Posting) jobPageView {
	v := jobPageView{Page: s.newPage(c, p.Title, ""), Job: jobs.PublicViewOf(p)}
	lang := v.Lang
	v.RoleTitle = s.roleTitle(ctx(c), p.Role, lang)
	v.Bundesland = labelIn(search.Bundeslaender, p.Location.Bundesland, lang)
	v.Remote = labelIn(search.RemoteModes, p.Remote.Mode, lang)
	v.Employment = labelIn(search.EmploymentTypes, p.Employment.Type, lang)
	for _, sk := range v.Job.Skills {
		name := s.skillName(ctx(c), sk.Slug, lang)
		if name == sk.Slug && sk.Name != "" {
			name = sk.Name
		}
		v.Skills = append(v.Skills, jobSkill{Slug: sk.Slug, Name: name, Essential: sk.Essential})
	}
	v.Description = v.T("job.description", "Title", p.Title, "Employer", p.Employer.Name, "City", p.Location.City)
	return v
}
