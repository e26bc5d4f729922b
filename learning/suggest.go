package learning

import (
	"context"
	"slices"

	"github.com/laufbahn/laufbahn/apperr"
)

// StepSuggestions returns the skill raises that finishing step number
// (from 1, as UpdateStep) of the learner's enrolment in a path suggests, computed again
// from the step's course and the assessments now (as UpdateStep returned
// them): nothing when the step is not done or has no course. A page can
// offer them after a redirect without carrying levels through the client.
func (s *Service) StepSuggestions(ctx context.Context, userID, pathSlug string, number int, lang string) ([]Suggestion, error) {
	e, err := s.Enrolment(ctx, userID, pathSlug, lang)
	if err != nil {
		return nil, err
	}
	index, ok := stepIndex(number, len(e.Steps))
	if !ok {
		return nil, apperr.New(apperr.NotFound, "path %q has no step %d", pathSlug, number)
	}
	st := e.Steps[index]
	if st.state() != Done || st.Course == "" {
		return []Suggestion{}, nil
	}
	return s.suggest(ctx, userID, st.Course, lang)
}

// Raise is the learner's answer to one suggestion: raise Skill, which the
// learner saw at level From.
type Raise struct {
	Skill string
	From  int
}

// AcceptSuggestions raises the chosen skills among the suggestions of a
// finished step (see StepSuggestions) by one level each, never above
// expert. Only skills the step suggests are raised, and only from the
// level the learner saw (From), so a resent form raises nothing twice and
// a client cannot name a level of its own. It returns the raised skills.
func (s *Service) AcceptSuggestions(ctx context.Context, userID, pathSlug string, number int, chosen []Raise, lang string) ([]Suggestion, error) {
	sugs, err := s.StepSuggestions(ctx, userID, pathSlug, number, lang)
	if err != nil {
		return nil, err
	}
	as, err := s.Assessments(ctx, userID)
	if err != nil {
		return nil, err
	}
	raised := []Suggestion{}
	for _, sg := range sugs {
		i := slices.IndexFunc(chosen, func(r Raise) bool { return r.Skill == sg.Skill })
		if i < 0 || chosen[i].From != sg.Current || sg.Suggested > LevelExpert {
			continue
		}
		if _, err := s.SetAssessment(ctx, userID, sg.Skill, SkillInput{Level: sg.Suggested, Evidence: as[sg.Skill].Evidence}); err != nil {
			return raised, err
		}
		raised = append(raised, sg)
	}
	return raised, nil
}
