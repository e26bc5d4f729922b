package learning

import (
	"context"
	"math"
)

// Match is how a learner's self-assessment meets a posting's skills.
type Match struct {
	// Score is 0–100 (see MatchScore); nil when the posting names no skills.
	Score     *int            `json:"score"`
	Essential MatchGroup      `json:"essential"`
	Optional  MatchGroup      `json:"optional"`
	Items     []ChecklistItem `json:"items"`
}

// MatchGroup lists the met, partly met and missing skills of one kind.
type MatchGroup struct {
	Met     []string `json:"met"`
	Partly  []string `json:"partly"`
	Missing []string `json:"missing"`
}

// Weights of the match score.
const (
	essentialWeight = 2
	optionalWeight  = 1
)

// MatchScore scores rated requirements: each essential requirement weighs
// 2, each optional one 1; a requirement earns its weight × min(assessed ÷
// needed, 1) (needed: the required level, see Needed), so a partly met skill
// earns part of it; score = round(100 × earned ÷ total weight). Nil without
// requirements.
func MatchScore(items []ChecklistItem) *int {
	var earned, total float64
	for _, it := range items {
		w := float64(optionalWeight)
		if it.Essential {
			w = essentialWeight
		}
		total += w
		if it.Assessed != nil && *it.Assessed > 0 {
			earned += w * math.Min(float64(*it.Assessed)/float64(it.Needed), 1)
		}
	}
	if total == 0 {
		return nil
	}
	score := int(math.Round(100 * earned / total))
	return &score
}

// MatchItems rates requirements against assessments and groups them.
func MatchItems(items []ChecklistItem) Match {
	m := Match{Score: MatchScore(items), Items: items,
		Essential: MatchGroup{Met: []string{}, Partly: []string{}, Missing: []string{}},
		Optional:  MatchGroup{Met: []string{}, Partly: []string{}, Missing: []string{}}}
	for _, it := range items {
		g := &m.Optional
		if it.Essential {
			g = &m.Essential
		}
		switch it.Status {
		case Met:
			g.Met = append(g.Met, it.Skill)
		case Partly:
			g.Partly = append(g.Partly, it.Skill)
		default:
			g.Missing = append(g.Missing, it.Skill)
		}
	}
	return m
}

// Match rates the learner against a posting's required skills.
func (s *Service) Match(ctx context.Context, userID string, reqs []Requirement, lang string) (*Match, error) {
	as, err := s.Assessments(ctx, userID)
	if err != nil {
		return nil, err
	}
	skills, err := s.skillsOf(ctx, reqs)
	if err != nil {
		return nil, err
	}
	m := MatchItems(rate(reqs, as, skills, lang))
	return &m, nil
}

// MatchScores scores many postings for one learner with one read of the
// assessments (for ranking search hits); the result is aligned with
// postings, nil where a posting names no skills.
func (s *Service) MatchScores(ctx context.Context, userID string, postings [][]Requirement) ([]*int, error) {
	as, err := s.Assessments(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]*int, len(postings))
	for i, reqs := range postings {
		out[i] = MatchScore(rate(reqs, as, nil, ""))
	}
	return out, nil
}
