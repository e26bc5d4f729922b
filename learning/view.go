package learning

import (
	"context"
	"time"

	"github.com/laufbahn/laufbahn/content"
)

// Enrolment is an enrolment as its owner sees it: the path's steps with
// the learner's state of each, the progress and the history.
type Enrolment struct {
	Path       string     `json:"path"`
	Title      string     `json:"title"`
	TargetRole string     `json:"targetRole"`
	EnrolledAt time.Time  `json:"enrolledAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	Progress   Progress   `json:"progress"`
	Steps      []StepView `json:"steps"`
	// Next is the number (from 1) of the first open step that counts; nil
	// when none.
	Next *int `json:"next"`
	// History lists the events, newest first.
	History []Event `json:"history"`
}

// StepView is one path step with the learner's state.
type StepView struct {
	// Number is the step's number, from 1: the number the pages show and
	// the API's …/steps/{number} takes.
	Number   int    `json:"number"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Course   string `json:"course,omitempty"`
	Optional bool   `json:"optional"`
	// Weight is the step's weight in the percentage.
	Weight StepWeight `json:"weight"`
	StepProgress
}

// courseMap returns every catalogue course by slug.
func (s *Service) courseMap(ctx context.Context) (map[string]content.Course, []content.Course, error) {
	list, _, err := s.content.Courses(ctx, content.CourseFilter{}, content.ListOptions{})
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]content.Course, len(list))
	for _, c := range list {
		m[c.Slug] = c
	}
	return m, list, nil
}

func (s *Service) view(ctx context.Context, d enrolmentDoc, lang string) (*Enrolment, error) {
	p, err := s.content.Path(ctx, d.Path)
	if err != nil {
		return nil, err
	}
	courses, _, err := s.courseMap(ctx)
	if err != nil {
		return nil, err
	}
	w := Weights(p, courses)
	e := &Enrolment{Path: p.Slug, Title: p.Title.In(lang), TargetRole: p.TargetRole, EnrolledAt: d.EnrolledAt, UpdatedAt: d.UpdatedAt,
		Progress: Compute(p, w, d.Steps, d.EnrolledAt, s.now()), Steps: make([]StepView, len(p.Steps)), History: make([]Event, 0, len(d.Events))}
	for i, st := range p.Steps {
		var sp StepProgress
		if i < len(d.Steps) {
			sp = d.Steps[i]
		}
		sp.State = sp.state()
		e.Steps[i] = StepView{Number: stepNumber(i), Kind: st.Kind, Title: st.Title.In(lang), Course: st.Course, Optional: st.Optional, Weight: w[i], StepProgress: sp}
		if e.Next == nil && counts(st, sp) && sp.State != Done {
			n := stepNumber(i)
			e.Next = &n
		}
	}
	for i := len(d.Events) - 1; i >= 0; i-- {
		e.History = append(e.History, d.Events[i].view())
	}
	return e, nil
}
