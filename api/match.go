package api

import (
	"context"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/search"
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

// sortByMatch is the job search's sort that ranks by the learner's match.
const sortByMatch = "match"

// MatchWindow is how many of the most relevant hits sort=match ranks: the
// match is computed in the API from each posting's skills (one _id read
// each), so it covers a window, not the whole result.
const MatchWindow = 100

// matchLearner authenticates the optional bearer token of the public job
// search: sorting by match needs a signed-in learner.
func (s *server) matchLearner(c *fiber.Ctx) (*account.User, error) {
	if s.Accounts == nil || s.Learning == nil || s.Jobs == nil {
		return nil, apperr.New(apperr.Unavailable, "sorting by match is not available")
	}
	scheme, token, ok := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="laufbahn"`)
		return nil, apperr.New(apperr.Unauthorized, "sort=match needs a signed-in learner: send Authorization: Bearer <access token>")
	}
	u, _, err := s.Accounts.Authenticate(c.UserContext(), strings.TrimSpace(token))
	if err != nil {
		if apperr.Is(err, apperr.Unauthorized) {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="laufbahn", error="invalid_token"`)
		}
		return nil, err
	}
	if u.Role != account.Learner {
		return nil, apperr.New(apperr.Forbidden, "sort=match is for learners; you are %s", u.Role)
	}
	return u, nil
}

// searchJobsByMatch runs the job search by relevance over the first
// MatchWindow hits, ranks them by the learner's match score (highest
// first, postings without skills last, relevance deciding ties) and cuts
// the requested page from them. Total is capped at the window.
func (s *server) searchJobsByMatch(c *fiber.Ctx, sq search.Query) (search.Result, []*int, error) {
	u, err := s.matchLearner(c)
	if err != nil {
		return search.Result{}, nil, err
	}
	return s.rankByMatch(c.UserContext(), u.ID, sq)
}

// rankByMatch is searchJobsByMatch for a known learner.
func (s *server) rankByMatch(ctx context.Context, userID string, sq search.Query) (search.Result, []*int, error) {
	w := sq
	w.Page, w.Limit = 1, MatchWindow
	res, err := s.runSearch(ctx, search.Jobs, w)
	if err != nil {
		return res, nil, err
	}
	reqs := make([][]learning.Requirement, len(res.Hits))
	for i, h := range res.Hits {
		p, err := s.Jobs.PublicPosting(ctx, h.ID)
		if err != nil {
			if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Gone) {
				continue // the index lags a close or delete: no score
			}
			return res, nil, err
		}
		if reqs[i], err = s.postingRequirements(ctx, p); err != nil {
			return res, nil, err
		}
	}
	scores, err := s.Learning.MatchScores(ctx, userID, reqs)
	if err != nil {
		return res, nil, err
	}
	order := make([]int, len(res.Hits))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		sa, sb := scores[a], scores[b]
		switch {
		case sa == nil && sb == nil:
			return 0
		case sa == nil:
			return 1
		case sb == nil:
			return -1
		}
		return *sb - *sa
	})
	start := min((sq.Page-1)*sq.Limit, len(order))
	end := min(start+sq.Limit, len(order))
	hits := make([]search.Hit, 0, end-start)
	pageScores := make([]*int, 0, end-start)
	for _, i := range order[start:end] {
		hits = append(hits, res.Hits[i])
		pageScores = append(pageScores, scores[i])
	}
	res.Hits = hits
	res.Total = min(res.Total, MatchWindow)
	return res, pageScores, nil
}
