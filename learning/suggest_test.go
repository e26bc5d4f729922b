package learning

import (
	"context"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
)

func TestStepSuggestionsAndAccept(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	const u, path = "u_sugg", "quereinstieg-zeitarbeit"
	if _, _, err := s.Enrol(ctx, u, path, "de"); err != nil {
		t.Fatal(err)
	}
	// Not done yet: nothing to suggest.
	if sg, err := s.StepSuggestions(ctx, u, path, 2, "de"); err != nil || len(sg) != 0 {
		t.Fatalf("open step suggests %v (%v)", sg, err)
	}
	res, err := s.UpdateStep(ctx, u, path, 2, StepUpdate{State: ptr(Done)}, "de")
	if err != nil || len(res.Suggestions) < 3 {
		t.Fatalf("tick: %v %+v", err, res)
	}
	first, second, third := res.Suggestions[0], res.Suggestions[1], res.Suggestions[2]
	// An expert is not offered a raise (4 is the top of the scale).
	if _, err := s.SetAssessment(ctx, u, third.Skill, SkillInput{Level: LevelExpert, Evidence: "IHK"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetAssessment(ctx, u, second.Skill, SkillInput{Level: LevelVeryGood, Evidence: "Zeugnis"}); err != nil {
		t.Fatal(err)
	}
	sugs, err := s.StepSuggestions(ctx, u, path, 2, "de")
	if err != nil || len(sugs) != len(res.Suggestions)-1 {
		t.Fatalf("suggestions again: %v %+v", err, sugs)
	}
	for _, sg := range sugs {
		if sg.Skill == third.Skill {
			t.Fatal("an expert skill is suggested")
		}
		if sg.Skill == second.Skill && (sg.Current != 3 || sg.Suggested != 4) {
			t.Fatalf("very good is raised to %d", sg.Suggested)
		}
	}
	// Chosen: the first (seen at 0), the second (seen at 3), a skill the
	// step does not suggest, and the first again as seen at a wrong level.
	raised, err := s.AcceptSuggestions(ctx, u, path, 2, []Raise{{Skill: first.Skill, From: 0}, {Skill: second.Skill, From: 3}, {Skill: "englisch", From: 0}}, "de")
	if err != nil || len(raised) != 2 {
		t.Fatalf("raised %+v (%v)", raised, err)
	}
	as, _ := s.Assessments(ctx, u)
	if as[first.Skill].Level != 1 || as[second.Skill].Level != 4 || as[second.Skill].Evidence != "Zeugnis" || as[third.Skill].Level != 4 {
		t.Fatalf("assessments %+v", as)
	}
	if _, ok := as["englisch"]; ok {
		t.Fatal("a skill the step does not teach was raised")
	}
	// The same answer again (a resent form) raises nothing twice.
	raised, err = s.AcceptSuggestions(ctx, u, path, 2, []Raise{{Skill: first.Skill, From: 0}, {Skill: second.Skill, From: 3}}, "de")
	if err != nil || len(raised) != 0 {
		t.Fatalf("second answer raised %+v (%v)", raised, err)
	}
	if as, _ := s.Assessments(ctx, u); as[first.Skill].Level != 1 {
		t.Fatalf("raised twice: %d", as[first.Skill].Level)
	}
	// Someone else's enrolment, or no such step: not found.
	if _, err := s.AcceptSuggestions(ctx, "u_other", path, 2, []Raise{{Skill: first.Skill}}, "de"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("other learner: %v", err)
	}
	for _, n := range []int{0, 99} {
		if _, err := s.StepSuggestions(ctx, u, path, n, "de"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("step %d: %v", n, err)
		}
	}
}
