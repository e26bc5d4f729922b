package learning

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/content"
)

// TestExperienceYearsAssumption: "mehrjährige Berufserfahrung" has no number
// in any source. The plan counts it from a configurable number of years,
// says so as an assumption, and reports it on the further training as a
// usual (not blocking) prerequisite.
func TestExperienceYearsAssumption(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	const u = "u_assume"
	if _, err := s.SetBackground(ctx, u, Background{CommercialTraining: true, OfficeYears: 1}); err != nil {
		t.Fatal(err)
	}
	// English and HR are gaps the further training covers.
	for _, sk := range []string{"englisch", "personalwesen", "rechnungswesen-controlling"} {
		if _, err := s.SetAssessment(ctx, u, sk, SkillInput{Level: 0}); err != nil {
			t.Fatal(err)
		}
	}
	further := func(g *GapAnalysis) *PlannedCourse {
		for i, c := range g.Plan.Courses {
			if c.Slug == "fernstudium-backoffice-manager" || c.Slug == "fortbildung-backoffice-manager-berufsbegleitend" {
				return &g.Plan.Courses[i]
			}
		}
		return nil
	}
	assumption := func(g *GapAnalysis) *Assumption {
		i := slices.IndexFunc(g.Plan.Assumptions, func(a Assumption) bool { return a.Key == AssumptionExperienceYears })
		if i < 0 {
			return nil
		}
		return &g.Plan.Assumptions[i]
	}

	g, err := s.GapForRole(ctx, u, "backoffice-manager", "de")
	if err != nil {
		t.Fatal(err)
	}
	c := further(g)
	if c == nil {
		t.Fatalf("one year of experience must not block the further training: plan %v", planList(g.Plan))
	}
	if len(c.Usually) != 1 || c.Usually[0].Background != content.BackgroundOfficeExperience || c.Usually[0].Met {
		t.Fatalf("usually = %+v, want unmet office experience", c.Usually)
	}
	a := assumption(g)
	if a == nil || a.Value != DefaultExperienceYears || !strings.Contains(a.Message, "Annahme") || !strings.Contains(a.Message, "3 Jahren") {
		t.Fatalf("assumptions = %+v, want the default experience assumption stated in German", g.Plan.Assumptions)
	}

	// The number is configurable: with one year counting, it is met.
	if err := s.SetExperienceYears(1); err != nil {
		t.Fatal(err)
	}
	g, err = s.GapForRole(ctx, u, "backoffice-manager", "en")
	if err != nil {
		t.Fatal(err)
	}
	if c = further(g); c == nil || !c.Usually[0].Met {
		t.Fatalf("with 1 year configured, the experience is met: %+v", c)
	}
	if a = assumption(g); a == nil || a.Value != 1 || !strings.Contains(a.Message, "assumption") {
		t.Fatalf("assumptions = %+v, want value 1 in English", g.Plan.Assumptions)
	}
	if err := s.SetExperienceYears(0); err == nil {
		t.Error("SetExperienceYears(0) is accepted")
	}
}
