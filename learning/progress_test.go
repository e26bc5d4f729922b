package learning

import (
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/content"
)

func months(n int) *content.Duration {
	return &content.Duration{Min: n, Max: n, Unit: "months", Source: "s"}
}

func TestWeights(t *testing.T) {
	courses := map[string]content.Course{"c": {Slug: "c", Duration: &content.Duration{Min: 3, Max: 3, Unit: "years", Source: "s"}}, "u": {Slug: "u"}}
	p := content.Path{Steps: []content.Step{
		{Course: "c"},          // 36 from the course
		{Duration: months(12)}, // 12 of its own
		{Course: "u"},          // unknown → mean 24
		{},                     // unknown → mean 24
		{Duration: &content.Duration{Min: 2, Max: 2, Unit: "days", Source: "s"}}, // days do not convert → mean
	}}
	got := Weights(p, courses)
	want := []StepWeight{{36, true}, {12, true}, {24, false}, {24, false}, {24, false}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// No known duration at all: every step weighs 1.
	for i, w := range Weights(content.Path{Steps: []content.Step{{}, {Course: "u"}}}, courses) {
		if w != (StepWeight{1, false}) {
			t.Errorf("unknown step %d: %+v", i, w)
		}
	}
}

func TestCompute(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := start.AddDate(0, 2, 0)
	p := content.Path{Steps: []content.Step{{Duration: months(6)}, {Duration: months(3)}, {}, {Optional: true, Duration: months(12)}}}
	w := Weights(p, nil) // 6, 3, stand-in = mean of the known (6+3+12)/3 = 7, 12
	if w[2].Months != 7 {
		t.Fatalf("stand-in weight %v, want 7", w[2].Months)
	}
	done := StepProgress{State: Done, DoneOn: "2026-02-01"}
	for _, tc := range []struct {
		name    string
		steps   []StepProgress
		percent float64
		counted int
		finish  string
		basis   string
	}{
		{"nothing done: optional step not counted, forecast from durations", nil, 0, 3, now.AddDate(0, 0, 488).Format(time.DateOnly), BasisDurations},
		{"first done: 6 of 16", []StepProgress{done}, 37.5, 3, "", BasisPace},
		{"skipping the second leaves 6 of 13", []StepProgress{done, {State: Skipped, Reason: "x"}}, 46.2, 2, "", BasisPace},
		{"starting the optional step counts it: 6 of 28", []StepProgress{done, {}, {}, {State: InProgress}}, 21.4, 4, "", BasisPace},
		{"all planned", []StepProgress{done, {PlannedEnd: "2026-06-30"}, {PlannedEnd: "2026-09-30"}}, 37.5, 3, "2026-09-30", BasisPlanned},
		{"all skipped: nothing left", []StepProgress{{State: Skipped}, {State: Skipped}, {State: Skipped}}, 100, 0, "", ""},
		{"all done", []StepProgress{done, {State: Done, DoneOn: "2026-02-20"}, {State: Done, DoneOn: "2026-02-10"}}, 100, 3, "2026-02-20", BasisFinished},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := Compute(p, w, tc.steps, start, now)
			if pr.Percent != tc.percent || pr.CountedSteps != tc.counted {
				t.Errorf("percent %v counted %d, want %v %d", pr.Percent, pr.CountedSteps, tc.percent, tc.counted)
			}
			if pr.ExpectedFinishBasis != tc.basis || (tc.finish != "" && pr.ExpectedFinish != tc.finish) {
				t.Errorf("finish %q (%s), want %q (%s)", pr.ExpectedFinish, pr.ExpectedFinishBasis, tc.finish, tc.basis)
			}
		})
	}
	// Pace: 6 weight-months done in the 59 days since enrolling; 10 remain
	// → 10 ÷ 6 × 59 = 98.3 → 99 days.
	pr := Compute(p, w, []StepProgress{done}, start, now)
	if want := now.AddDate(0, 0, 99).Format(time.DateOnly); pr.ExpectedFinish != want {
		t.Errorf("pace forecast %s, want %s", pr.ExpectedFinish, want)
	}
	// Too early for a pace: the durations decide.
	if pr := Compute(p, w, []StepProgress{done}, now.AddDate(0, 0, -3), now); pr.ExpectedFinishBasis != BasisDurations {
		t.Errorf("early basis %s", pr.ExpectedFinishBasis)
	}
	// An empty path.
	if pr := Compute(content.Path{}, nil, nil, start, now); pr.Percent != 0 || pr.Complete || pr.ExpectedFinish != "" {
		t.Errorf("empty path %+v", pr)
	}
	// Without any sourced duration and no pace, no forecast.
	q := content.Path{Steps: []content.Step{{}, {}}}
	if pr := Compute(q, Weights(q, nil), []StepProgress{{State: Done}}, start, start); pr.Percent != 50 || pr.ExpectedFinish != "" {
		t.Errorf("unknown durations %+v", pr)
	}
}

func TestNeededAndStatus(t *testing.T) {
	for req, want := range map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 0: 1, 5: 1} {
		if got := Needed(req); got != want {
			t.Errorf("Needed(%d) = %d, want %d", req, got, want)
		}
	}
	lv := func(n int) *int { return &n }
	for _, tc := range []struct {
		assessed *int
		required int
		want     string
	}{{nil, 2, Missing}, {lv(0), 1, Missing}, {lv(1), 2, Partly}, {lv(2), 2, Met}, {lv(2), 3, Partly}, {lv(3), 4, Partly}, {lv(4), 4, Met}, {lv(3), 3, Met}, {lv(1), 1, Met}} {
		if got := Status(tc.assessed, tc.required); got != tc.want {
			t.Errorf("Status(%v, %d) = %s, want %s", tc.assessed, tc.required, got, tc.want)
		}
	}
}

func TestMatchScore(t *testing.T) {
	lv := func(n int) *int { return &n }
	items := []ChecklistItem{
		{Skill: "a", Essential: true, Needed: 2, Assessed: lv(2), Status: Met},    // 2 of 2
		{Skill: "b", Essential: true, Needed: 2, Assessed: lv(1), Status: Partly}, // 1 of 2
		{Skill: "c", Essential: false, Needed: 3, Assessed: nil, Status: Missing}, // 0 of 1
		{Skill: "d", Essential: false, Needed: 1, Assessed: lv(3), Status: Met},   // 1 of 1
	}
	// (2 + 1 + 0 + 1) / 6 = 66.7 → 67
	if s := MatchScore(items); s == nil || *s != 67 {
		t.Fatalf("score %v, want 67", s)
	}
	m := MatchItems(items)
	if len(m.Essential.Met) != 1 || len(m.Essential.Partly) != 1 || len(m.Optional.Missing) != 1 || len(m.Optional.Met) != 1 {
		t.Errorf("groups %+v", m)
	}
	if MatchScore(nil) != nil {
		t.Error("score without requirements")
	}
}
