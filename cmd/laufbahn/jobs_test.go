package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

// TestMain stops the shared test database the store tests start.
func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

// TestLearningSnapshot: the snapshot an applicant shares carries their
// self-assessed skills; a learner without learning data gets an empty one.
func TestLearningSnapshot(t *testing.T) {
	ctx := context.Background()
	store, db := contenttest.Seeded(t)
	l := learning.New(db, store, time.Now)
	snap := learningSnapshot(l)
	s, err := snap(ctx, "u_nobody")
	if err != nil {
		t.Fatal(err)
	}
	if s != nil && (len(s.Skills) != 0 || len(s.Training) != 0) {
		t.Fatalf("empty learner: %+v", s)
	}
	if _, err := l.SetAssessment(ctx, "u_lea", "geschaeftskorrespondenz", learning.SkillInput{Level: 2}); err != nil {
		t.Fatal(err)
	}
	s, err = snap(ctx, "u_lea")
	if err != nil || s == nil || len(s.Skills) != 1 || s.Skills[0].Slug != "geschaeftskorrespondenz" || s.Skills[0].Name == "" || s.Skills[0].Level == "" {
		t.Fatalf("snapshot %+v, %v", s, err)
	}
	if learningSnapshot(nil) != nil {
		t.Error("no learning service must give no snapshot source")
	}
}
