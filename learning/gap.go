package learning

import (
	"cmp"
	"context"
	"slices"

	"github.com/laufbahn/laufbahn/content"
)

// Checklist statuses.
const (
	Met     = "met"
	Partly  = "partly"
	Missing = "missing"
)

// Needed is the self-assessed level that meets a required checklist
// level. Checklists and self-assessments share one scale (0–4, see
// LevelName), so it is the required level itself; a level outside 1–4 (a
// posting that names no level) counts as 1.
func Needed(required int) int {
	if required < content.MinLevel || required > content.MaxLevel {
		return content.MinLevel
	}
	return required
}

// Status rates an assessed level (nil: not assessed) against a required
// level: met when assessed ≥ Needed(required), partly when above 0,
// missing otherwise.
func Status(assessed *int, required int) string {
	switch {
	case assessed == nil || *assessed <= 0:
		return Missing
	case *assessed >= Needed(required):
		return Met
	}
	return Partly
}

// Requirement is one skill a role or a posting asks for.
type Requirement struct {
	Skill     string
	Essential bool
	// Level is required on the 1–4 scale; 0 means "any" (counts as 1).
	Level int
}

// RequirementsOf turns a role's checklist into requirements.
func RequirementsOf(items []content.ChecklistItem) []Requirement {
	out := make([]Requirement, len(items))
	for i, it := range items {
		out[i] = Requirement{Skill: it.Skill, Essential: it.Essential, Level: it.Level}
	}
	return out
}

// ChecklistItem is one requirement rated against the learner's assessment.
type ChecklistItem struct {
	Skill     string `json:"skill"`
	Name      string `json:"name"`
	Essential bool   `json:"essential"`
	// Required is the level on the 1–4 scale and RequiredName its name.
	Required     int    `json:"required"`
	RequiredName string `json:"requiredName"`
	// Needed is the self-assessed level that meets Required: the same
	// number, as both use one scale (kept for API clients).
	Needed int `json:"needed"`
	// Assessed is the learner's level; nil when not assessed.
	Assessed *int   `json:"assessed"`
	Status   string `json:"status"`
}

// Checklist is a role's checklist rated for a learner.
type Checklist struct {
	Role    string          `json:"role"`
	Title   string          `json:"title"`
	Items   []ChecklistItem `json:"items"`
	Met     int             `json:"met"`
	Partly  int             `json:"partly"`
	Missing int             `json:"missing"`
	// EssentialMet counts met essential items out of Essential.
	Essential    int `json:"essential"`
	EssentialMet int `json:"essentialMet"`
}

// rate rates requirements against assessments, essential items first and
// otherwise in the given order.
func rate(reqs []Requirement, as map[string]Assessment, skills map[string]content.Skill, lang string) []ChecklistItem {
	out := make([]ChecklistItem, 0, len(reqs))
	for _, r := range reqs {
		level := r.Level
		level = Needed(level)
		it := ChecklistItem{Skill: r.Skill, Name: skills[r.Skill].Name.In(lang), Essential: r.Essential, Required: level,
			RequiredName: content.LevelName(level, lang), Needed: Needed(level)}
		if a, ok := as[r.Skill]; ok {
			l := a.Level
			it.Assessed = &l
		}
		it.Status = Status(it.Assessed, level)
		out = append(out, it)
	}
	slices.SortStableFunc(out, func(a, b ChecklistItem) int { return cmpBool(a.Essential, b.Essential) })
	return out
}

// cmpBool orders true before false.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// Checklist rates the role's checklist for the learner.
func (s *Service) Checklist(ctx context.Context, userID, roleSlug, lang string) (*Checklist, error) {
	role, err := s.content.Role(ctx, roleSlug)
	if err != nil {
		return nil, err
	}
	as, err := s.Assessments(ctx, userID)
	if err != nil {
		return nil, err
	}
	reqs := RequirementsOf(role.Checklist)
	skills, err := s.skillsOf(ctx, reqs)
	if err != nil {
		return nil, err
	}
	cl := &Checklist{Role: role.Slug, Title: role.Title.In(lang), Items: rate(reqs, as, skills, lang)}
	for _, it := range cl.Items {
		switch it.Status {
		case Met:
			cl.Met++
		case Partly:
			cl.Partly++
		default:
			cl.Missing++
		}
		if it.Essential {
			cl.Essential++
			if it.Status == Met {
				cl.EssentialMet++
			}
		}
	}
	return cl, nil
}

func (s *Service) skillsOf(ctx context.Context, reqs []Requirement) (map[string]content.Skill, error) {
	slugs := make([]string, len(reqs))
	for i, r := range reqs {
		slugs[i] = r.Skill
	}
	return s.content.SkillsBySlug(ctx, slugs)
}

// Gap is a requirement the learner does not meet yet.
type Gap struct {
	ChecklistItem
	// Size is how many levels are missing (Needed − assessed).
	Size int `json:"size"`
	// Importance weighs the gap in the course plan: Size × 3 for essential
	// items, Size × 1 for the others.
	Importance int `json:"importance"`
}

// essentialFactor weighs essential gaps against optional ones.
const essentialFactor = 3

// gaps returns the unmet requirements by importance: essential first, then
// the larger gap, then the order of the checklist.
func gaps(items []ChecklistItem) []Gap {
	var out []Gap
	for _, it := range items {
		if it.Status == Met {
			continue
		}
		cur := 0
		if it.Assessed != nil {
			cur = *it.Assessed
		}
		g := Gap{ChecklistItem: it, Size: it.Needed - cur}
		g.Importance = g.Size
		if it.Essential {
			g.Importance *= essentialFactor
		}
		out = append(out, g)
	}
	slices.SortStableFunc(out, func(a, b Gap) int {
		if c := cmpBool(a.Essential, b.Essential); c != 0 {
			return c
		}
		return cmp.Compare(b.Size, a.Size)
	})
	if out == nil {
		out = []Gap{}
	}
	return out
}
