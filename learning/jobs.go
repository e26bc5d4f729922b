package learning

import (
	"context"

	"github.com/laufbahn/laufbahn/jobs"
)

// JobsSnapshot is Snapshot in the shape the jobs package attaches to an
// application the learner chose to share their progress with; its method
// value is a jobs.SnapshotSource (jobs.Config.Snapshot). Names are German:
// the snapshot is stored with the application for the employer.
func (s *Service) JobsSnapshot(ctx context.Context, userID string) (*jobs.Snapshot, error) {
	snap, err := s.Snapshot(ctx, userID, "de")
	if err != nil {
		return nil, err
	}
	out := &jobs.Snapshot{TakenAt: snap.TakenAt, Skills: make([]jobs.SnapshotSkill, 0, len(snap.Assessments)),
		Training: make([]jobs.SnapshotTraining, 0, len(snap.Enrolments))}
	for _, a := range snap.Assessments {
		out.Skills = append(out.Skills, jobs.SnapshotSkill{Slug: a.Skill, Name: a.Name, Level: a.LevelName})
	}
	for _, e := range snap.Enrolments {
		out.Training = append(out.Training, jobs.SnapshotTraining{Path: e.Path, Title: e.Title, StepsDone: e.Progress.DoneSteps, StepsTotal: e.Progress.TotalSteps})
	}
	return out, nil
}

var _ jobs.SnapshotSource = (*Service)(nil).JobsSnapshot
