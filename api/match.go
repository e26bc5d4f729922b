package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
)

// JobMatch is how the signed-in learner's self-assessment meets an open
// posting's skills.
type JobMatch struct {
	Posting PostingRef `json:"posting"`
	learning.Match
}

// PostingRef names a posting.
type PostingRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Role  string `json:"role"`
}

// postingRequirements turns a posting's skills into requirements. A posting
// names no level, so each skill takes the level the posting's role
// checklist asks for, else 1 (basic).
func (s *server) postingRequirements(ctx context.Context, p *jobs.Posting) ([]learning.Requirement, error) {
	levels := map[string]int{}
	if p.Role != "" {
		role, err := s.Content.Role(ctx, p.Role)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		for _, it := range role.Checklist {
			levels[it.Skill] = it.Level
		}
	}
	out := make([]learning.Requirement, 0, len(p.Skills))
	for _, sk := range p.Skills {
		out = append(out, learning.Requirement{Skill: sk.Slug, Essential: sk.Essential, Level: max(levels[sk.Slug], 1)})
	}
	return out, nil
}

// openPosting loads a posting the public may see (410 once closed).
func (s *server) openPosting(c *fiber.Ctx) (*jobs.Posting, []learning.Requirement, error) {
	p, err := s.Jobs.PublicPosting(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, nil, err
	}
	reqs, err := s.postingRequirements(c.UserContext(), p)
	return p, reqs, err
}

// getJobMatch rates the learner against an open posting's skills.
func (s *server) getJobMatch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		p, reqs, err := s.openPosting(c)
		if err != nil {
			return err
		}
		m, err := s.Learning.Match(c.UserContext(), currentUser(c).ID, reqs, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(JobMatch{Posting: PostingRef{ID: p.ID, Title: p.Title, Role: p.Role}, Match: *m})
	}
}

// getJobGap analyses the learner against an open posting's skills, with a
// course plan.
func (s *server) getJobGap() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c)
		if err := q.err(); err != nil {
			return err
		}
		p, reqs, err := s.openPosting(c)
		if err != nil {
			return err
		}
		role := p.Role
		if _, err := s.Content.Role(c.UserContext(), role); err != nil {
			role = "" // a role removed from the content: no entry path
		}
		g, err := s.Learning.Gap(c.UserContext(), currentUser(c).ID, learning.Target{Kind: "posting", ID: p.ID, Title: p.Title}, reqs, role, q.lang)
		if err != nil {
			return err
		}
		return c.JSON(g)
	}
}
