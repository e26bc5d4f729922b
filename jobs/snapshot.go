package jobs

import (
	"context"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/learning"
)

// LearningSnapshot is the skills and training snapshot an applicant shares
// with consent, from their self-assessments and enrolments (names and level
// names in German, as the application keeps them).
func LearningSnapshot(l *learning.Service) SnapshotSource {
	if l == nil {
		return nil
	}
	return func(ctx context.Context, userID string) (*Snapshot, error) {
		ls, err := l.Snapshot(ctx, userID, "de")
		if apperr.Is(err, apperr.NotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		snap := &Snapshot{TakenAt: ls.TakenAt, Skills: []SnapshotSkill{}, Training: []SnapshotTraining{}}
		for _, a := range ls.Assessments {
			snap.Skills = append(snap.Skills, SnapshotSkill{Slug: a.Skill, Name: a.Name, Level: a.LevelName})
		}
		for _, e := range ls.Enrolments {
			snap.Training = append(snap.Training, SnapshotTraining{Path: e.Path, Title: e.Title, StepsDone: e.Progress.DoneSteps, StepsTotal: e.Progress.TotalSteps})
		}
		return snap, nil
	}
}

// PreviewSnapshot is the snapshot u would share by applying now: what the
// apply form shows, exactly as Apply would store it.
func (s *Service) PreviewSnapshot(ctx context.Context, u *account.User) (*Snapshot, error) {
	return s.buildSnapshot(ctx, u, s.clock())
}
