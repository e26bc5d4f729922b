package learning

import (
	"context"
	"slices"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
)

// recentEvents is how many events the dashboard shows.
const recentEvents = 10

// Dashboard is the learner's overview.
type Dashboard struct {
	Enrolments []EnrolmentSummary `json:"enrolments"`
	// Checklist is the target role's checklist; nil without a target role.
	Checklist *Checklist `json:"checklist"`
	// Next is the recommended next step; nil when there is none.
	Next *NextStep `json:"next"`
	// Activity are the latest events, newest first.
	Activity []Event `json:"activity"`
}

// EnrolmentSummary is an enrolment without its steps and history.
type EnrolmentSummary struct {
	Path       string    `json:"path"`
	Title      string    `json:"title"`
	TargetRole string    `json:"targetRole"`
	EnrolledAt time.Time `json:"enrolledAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
	Progress   Progress  `json:"progress"`
}

// NextStep is what to do next: the first open step of the most recently
// active enrolment, or else the first course of the plan for the target
// role.
type NextStep struct {
	Kind string `json:"kind"` // "step" or "course"
	// Path and Step name the path step (kind step); Step is its number,
	// from 1.
	Path  string `json:"path,omitempty"`
	Step  *int   `json:"step,omitempty"`
	Title string `json:"title"`
	// Course is the linked or recommended course.
	Course string `json:"course,omitempty"`
}

func summary(e Enrolment) EnrolmentSummary {
	return EnrolmentSummary{Path: e.Path, Title: e.Title, TargetRole: e.TargetRole, EnrolledAt: e.EnrolledAt, UpdatedAt: e.UpdatedAt, Progress: e.Progress}
}

// Dashboard collects the overview; targetRole is the account's target role
// ("" for none).
func (s *Service) Dashboard(ctx context.Context, userID, targetRole, lang string) (*Dashboard, error) {
	list, err := s.Enrolments(ctx, userID, lang)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{Enrolments: make([]EnrolmentSummary, 0, len(list)), Activity: []Event{}}
	for _, e := range list {
		d.Enrolments = append(d.Enrolments, summary(e))
		d.Activity = append(d.Activity, e.History...)
		if d.Next != nil || e.Next == nil {
			continue
		}
		if i, ok := stepIndex(*e.Next, len(e.Steps)); ok {
			st := e.Steps[i]
			d.Next = &NextStep{Kind: "step", Path: e.Path, Step: e.Next, Title: st.Title, Course: st.Course}
		}
	}
	l, err := s.learner(ctx, userID)
	if err != nil {
		return nil, err
	}
	d.Activity = append(d.Activity, views(l.Events)...)
	slices.SortStableFunc(d.Activity, func(a, b Event) int { return b.At.Compare(a.At) })
	if len(d.Activity) > recentEvents {
		d.Activity = d.Activity[:recentEvents]
	}
	if targetRole != "" {
		cl, err := s.Checklist(ctx, userID, targetRole, lang)
		switch {
		case apperr.Is(err, apperr.NotFound):
			// the role was removed from the content; no checklist
		case err != nil:
			return nil, err
		default:
			d.Checklist = cl
			if d.Next == nil {
				g, err := s.GapForRole(ctx, userID, targetRole, lang)
				if err != nil {
					return nil, err
				}
				if len(g.Plan.Courses) > 0 {
					c := g.Plan.Courses[0]
					d.Next = &NextStep{Kind: "course", Title: c.Title, Course: c.Slug}
				}
			}
		}
	}
	return d, nil
}

// Snapshot is what an employer sees of a learner inside an application the
// learner chose to share their progress with: assessments, background and
// enrolment progress, without evidence notes, links or history.
type Snapshot struct {
	TakenAt     time.Time          `json:"takenAt"`
	Assessments []SkillLevel       `json:"assessments"`
	Background  Background         `json:"background"`
	Enrolments  []EnrolmentSummary `json:"enrolments"`
}

// SkillLevel is one self-assessed skill.
type SkillLevel struct {
	Skill     string `json:"skill"`
	Name      string `json:"name"`
	Level     int    `json:"level"`
	LevelName string `json:"levelName"`
}

// Snapshot returns the learner's shareable state. It performs no access
// check: the caller (an application the learner shared) decides.
func (s *Service) Snapshot(ctx context.Context, userID, lang string) (*Snapshot, error) {
	l, err := s.learner(ctx, userID)
	if err != nil {
		return nil, err
	}
	slugs := make([]string, 0, len(l.Assessments))
	for sk := range l.Assessments {
		slugs = append(slugs, sk)
	}
	slices.Sort(slugs)
	skills, err := s.content.SkillsBySlug(ctx, slugs)
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{TakenAt: s.clock(), Background: l.Background, Assessments: make([]SkillLevel, 0, len(slugs)), Enrolments: []EnrolmentSummary{}}
	for _, sk := range slugs {
		a := l.Assessments[sk]
		snap.Assessments = append(snap.Assessments, SkillLevel{Skill: sk, Name: skills[sk].Name.In(lang), Level: a.Level, LevelName: LevelName(a.Level, lang)})
	}
	list, err := s.Enrolments(ctx, userID, lang)
	if err != nil {
		return nil, err
	}
	for _, e := range list {
		snap.Enrolments = append(snap.Enrolments, summary(e))
	}
	return snap, nil
}

// Export is everything the service keeps about a learner (GDPR Art. 15/20):
// every enrolment with its steps, evidence and history, the assessments
// with their evidence, the background and the assessment history.
type Export struct {
	Enrolments  []Enrolment           `json:"enrolments"`
	Assessments map[string]Assessment `json:"assessments"`
	Background  Background            `json:"background"`
	History     []Event               `json:"history"`
}

// Export collects the learner's data.
func (s *Service) Export(ctx context.Context, userID, lang string) (*Export, error) {
	l, err := s.learner(ctx, userID)
	if err != nil {
		return nil, err
	}
	ex := &Export{Assessments: l.Assessments, Background: l.Background, History: views(l.Events)}
	if ex.Assessments == nil {
		ex.Assessments = map[string]Assessment{}
	}
	if ex.Enrolments, err = s.Enrolments(ctx, userID, lang); err != nil {
		return nil, err
	}
	return ex, nil
}
