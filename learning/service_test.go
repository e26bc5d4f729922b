package learning

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

func newService(t *testing.T) *Service {
	t.Helper()
	store, db := contenttest.Seeded(t)
	return New(db, store, time.Now)
}

func ptr[T any](v T) *T { return &v }

func TestEnrolTickAssessAndPlan(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	const u = "u_erika"
	e, created, err := s.Enrol(ctx, u, "quereinstieg-zeitarbeit", "de")
	if err != nil || !created {
		t.Fatalf("enrol: %v %v", created, err)
	}
	// Steps count from 1, and Next is a step number.
	if len(e.Steps) != 9 || e.Progress.Percent != 0 || e.Steps[0].Number != 1 || e.Steps[8].Number != 9 || *e.Next != 1 {
		t.Fatalf("fresh enrolment %+v", e)
	}
	if _, created, err := s.Enrol(ctx, u, "quereinstieg-zeitarbeit", "de"); err != nil || created {
		t.Fatalf("second enrol: created %v %v", created, err)
	}
	if _, _, err := s.Enrol(ctx, u, "mars-mission", "de"); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("unknown path: %v", err)
	}
	res, err := s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", 1, StepUpdate{State: ptr(Done), Note: ptr("Zeitarbeit bei Kanzlei")}, "de")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Suggestions) != 0 {
		t.Errorf("an experience step suggests %v", res.Suggestions)
	}
	if st := res.Enrolment.Steps[0]; st.Number != 1 || st.State != Done || *res.Enrolment.Next != 2 {
		t.Errorf("step number 1 is not the first step: %+v, next %d", st, *res.Enrolment.Next)
	}
	res, err = s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", 2, StepUpdate{State: ptr(Done), Link: ptr("https://example.de/zertifikat.pdf")}, "de")
	if err != nil {
		t.Fatal(err)
	}
	// The software training teaches four skills: each suggested one level up.
	if len(res.Suggestions) != 4 || res.Suggestions[0].Suggested != 1 {
		t.Errorf("suggestions %+v", res.Suggestions)
	}
	// No sourced durations on this path: every counted step weighs 1, the
	// two optional ones do not count: 2 of 7.
	if p := res.Enrolment.Progress; p.DoneSteps != 2 || p.CountedSteps != 7 || p.Percent != 28.6 {
		t.Errorf("progress %+v", p)
	}
	if len(res.Enrolment.History) != 3 || res.Enrolment.History[0].Kind != EventStep {
		t.Errorf("history %+v", res.Enrolment.History)
	} else if h := res.Enrolment.History; *h[0].Step != 2 || *h[1].Step != 1 {
		t.Errorf("history step numbers %d, %d, want 2, 1", *h[0].Step, *h[1].Step)
	}
	// The stored events keep the step's index, as they always had: no
	// migration, the number is made at the view.
	var stored enrolmentDoc
	if err := s.enrolments.FindOne(ctx, idFilter(enrolmentID(u, "quereinstieg-zeitarbeit"))).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	if ev := stored.Events[len(stored.Events)-1]; ev.Step == nil || *ev.Step != 1 {
		t.Errorf("stored event %+v, want the index 1", ev)
	}
	for _, bad := range []struct {
		up    StepUpdate
		field string
	}{
		{StepUpdate{State: ptr("fertig")}, "state"},
		{StepUpdate{State: ptr(Skipped)}, "reason"},
		{StepUpdate{State: ptr(Done), Link: ptr("http://example.de")}, "link"},
		{StepUpdate{State: ptr(Done), DoneOn: ptr("2999-01-01")}, "doneOn"},
		{StepUpdate{State: ptr(InProgress), Reason: ptr("x")}, "reason"},
		{StepUpdate{PlannedStart: ptr("2027-02-01"), PlannedEnd: ptr("2027-01-01")}, "plannedEnd"},
		{StepUpdate{Note: ptr("x")}, "note"},
		{StepUpdate{}, "body"},
	} {
		_, err := s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", 3, bad.up, "de")
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || ae.Fields[bad.field] == "" {
			t.Errorf("%+v: %v", bad.up, err)
		}
	}
	// Planned dates: the end is checked against the stored start too.
	if _, err := s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", 3, StepUpdate{PlannedStart: ptr("2027-03-01")}, "de"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", 3, StepUpdate{PlannedEnd: ptr("2027-02-01")}, "de"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("end before the stored start: %v", err)
	}
	if res, err := s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", 3, StepUpdate{PlannedEnd: ptr("2027-06-30")}, "de"); err != nil || res.Enrolment.Steps[2].PlannedStart != "2027-03-01" || res.Enrolment.History[0].Kind != EventPlanned {
		t.Errorf("planning: %v", err)
	}
	for _, n := range []int{0, -1, 10} {
		if _, err := s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", n, StepUpdate{State: ptr(Done)}, "de"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("step %d out of range: %v", n, err)
		}
	}
	if _, err := s.UpdateStep(ctx, "u_other", "quereinstieg-zeitarbeit", 3, StepUpdate{State: ptr(Done)}, "de"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("someone else's enrolment: %v", err)
	}
	for skill, level := range map[string]int{"ms-office": 2, "organisationstalent": 2, "englisch": 1} {
		if _, err := s.SetAssessment(ctx, u, skill, SkillInput{Level: level}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetAssessment(ctx, u, "zaubern", SkillInput{Level: 1}); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown skill: %v", err)
	}
	if _, err := s.SetAssessment(ctx, u, "englisch", SkillInput{Level: 5}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("level 5: %v", err)
	}
	g, err := s.GapForRole(ctx, u, "backoffice-manager", "de")
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Plan.Courses) == 0 {
		t.Fatalf("no plan: %+v", g)
	}
	// The finished software training is not planned again.
	for _, c := range g.Plan.Courses {
		if c.Slug == "software-schulung-im-job" {
			t.Errorf("a finished course is planned again")
		}
	}
	if err := s.Unenrol(ctx, u, "quereinstieg-zeitarbeit"); err != nil {
		t.Fatal(err)
	}
	if err := s.Unenrol(ctx, u, "quereinstieg-zeitarbeit"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("second unenrol: %v", err)
	}
	if list, err := s.Enrolments(ctx, u, "de"); err != nil || len(list) != 0 {
		t.Errorf("after unenrol: %v %v", list, err)
	}
}

// TestConcurrentStepUpdates ticks every step of one enrolment at once, from
// many goroutines, several times each: nothing may be lost.
func TestConcurrentStepUpdates(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	const u = "u_tabs"
	if _, _, err := s.Enrol(ctx, u, "quereinstieg-zeitarbeit", "de"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 1; i <= 9; i++ {
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.UpdateStep(ctx, u, "quereinstieg-zeitarbeit", i, StepUpdate{State: ptr(Done), Note: ptr(fmt.Sprint("step ", i))}, "de"); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := s.SetAssessment(ctx, u, "englisch", SkillInput{Level: 2}); err != nil {
			errs <- err
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	e, err := s.Enrolment(ctx, u, "quereinstieg-zeitarbeit", "de")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range e.Steps {
		if st.State != Done || st.Note != fmt.Sprint("step ", st.Number) {
			t.Errorf("step %d lost its update: %+v", st.Number, st)
		}
	}
	if len(e.History) != 1+27 {
		t.Errorf("history has %d events, want 28", len(e.History))
	}
	if e.Progress.Percent != 100 || !e.Progress.Complete {
		t.Errorf("progress %+v", e.Progress)
	}
}

func TestHistoryIsCapped(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	const u = "u_many"
	if _, _, err := s.Enrol(ctx, u, "bwl-studium", "de"); err != nil {
		t.Fatal(err)
	}
	for i := range maxEvents + 5 {
		st := InProgress
		if i%2 == 0 {
			st = NotStarted
		}
		if _, err := s.UpdateStep(ctx, u, "bwl-studium", 1, StepUpdate{State: &st}, "de"); err != nil {
			t.Fatal(err)
		}
	}
	e, err := s.Enrolment(ctx, u, "bwl-studium", "de")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.History) != maxEvents || e.History[0].State != NotStarted {
		t.Errorf("history %d events, newest %+v", len(e.History), e.History[0])
	}
}

// TestSnapshot: what an employer may see inside a shared application —
// levels and progress, never evidence notes, links or history.
func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	const u = "u_share"
	if _, _, err := s.Enrol(ctx, u, "bwl-studium", "de"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateStep(ctx, u, "bwl-studium", 1, StepUpdate{State: ptr(Done), Note: ptr("private note"), Link: ptr("https://example.de/private")}, "de"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetAssessment(ctx, u, "englisch", SkillInput{Level: 2, Evidence: "private evidence"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetBackground(ctx, u, Background{Abitur: true}); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx, u, "de")
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Assessments) != 1 || snap.Assessments[0] != (SkillLevel{Skill: "englisch", Name: "Englisch", Level: 2, LevelName: "Gute Kenntnisse"}) {
		t.Errorf("assessments %+v", snap.Assessments)
	}
	if len(snap.Enrolments) != 1 || snap.Enrolments[0].Progress.DoneSteps != 1 || snap.Enrolments[0].Progress.TotalSteps != 4 || !snap.Background.Abitur {
		t.Errorf("snapshot %+v", snap)
	}
	b, _ := json.Marshal(snap)
	for _, private := range []string{"private note", "example.de/private", "private evidence", "history"} {
		if strings.Contains(string(b), private) {
			t.Errorf("the snapshot contains %q", private)
		}
	}
	// Nothing stored yet: an empty snapshot, not an error.
	if snap, err := s.Snapshot(ctx, "u_nobody", "de"); err != nil || len(snap.Assessments) != 0 || len(snap.Enrolments) != 0 {
		t.Errorf("empty snapshot %+v %v", snap, err)
	}
	// Account deletion removes everything.
	if err := s.DeleteUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if snap, _ := s.Snapshot(ctx, u, "de"); len(snap.Assessments) != 0 || len(snap.Enrolments) != 0 {
		t.Errorf("after deletion %+v", snap)
	}
	if _, err := s.Enrolment(ctx, u, "bwl-studium", "de"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("enrolment after deletion: %v", err)
	}
}
