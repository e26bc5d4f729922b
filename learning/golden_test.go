package learning

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/content"
)

// learnerCase is a learner for a golden gap analysis on the curated content.
type learnerCase struct {
	name       string
	background Background
	skills     map[string]int
	role       string
	// want: the plan's courses in order, the entry path ("" for none), and
	// the gaps that must be reported as uncovered with their reason.
	wantCourses   string
	wantEntry     string
	wantUncovered map[string]string
	check         func(t *testing.T, g *GapAnalysis)
}

func TestGapAnalysisGolden(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	for i, tc := range []learnerCase{
		{
			name:       "(a) trained Kauffrau für Büromanagement, 3 years in an office → Backoffice-Manager",
			background: Background{CommercialTraining: true, OfficeYears: 3},
			skills: map[string]int{"ms-office": 3, "textverarbeitung": 3, "tabellenkalkulation": 3, "organisationstalent": 2,
				"kommunikation": 2, "teamfaehigkeit": 3, "englisch": 1},
			role: "backoffice-manager",
			// The further training (open to her through the commercial
			// training) covers English, HR and accounting; onboarding
			// newcomers covers communication and organisation. The
			// Fortbildung teaches the same as the Fernstudium and is not
			// added; the dual training she has is never proposed.
			wantCourses: "anleiten-neuer-mitarbeiter,fernstudium-backoffice-manager",
			wantUncovered: map[string]string{"empathie": UncoveredNoCourse, "verantwortungsbewusstsein": UncoveredNoCourse,
				"gedaechtnis": UncoveredNoCourse, "projektmanagement": UncoveredNeedsBackgound, "veranstaltungsmanagement": UncoveredNoCourse,
				"reiseorganisation": UncoveredNoCourse, "digitalisierung": UncoveredOptionalLong},
			check: func(t *testing.T, g *GapAnalysis) {
				if g.Plan.Quereinstieg || g.Plan.Entry != nil {
					t.Error("a trained clerk is treated as a career changer")
				}
				if c := g.Plan.Courses[1]; c.SatisfiedBy != "background:kaufmaennische-ausbildung" || c.Duration != "Dauer unbekannt" || c.Months != nil ||
					len(c.Usually) != 1 || !c.Usually[0].Met {
					t.Errorf("further training %+v", c)
				}
				if len(g.Plan.Assumptions) != 1 || g.Plan.Assumptions[0].Key != AssumptionExperienceYears {
					t.Errorf("assumptions %+v", g.Plan.Assumptions)
				}
				if g.Gaps[0].Essential != true || g.Gaps[len(g.Gaps)-1].Essential {
					t.Error("gaps are not essential first")
				}
				if g.Met != 2 {
					t.Errorf("met %d", g.Met)
				}
			},
		},
		{
			name:       "(b) Quereinsteiger without commercial training → Backoffice-Mitarbeiter",
			background: Background{},
			skills:     map[string]int{"kommunikation": 2, "serviceorientierung": 2, "teamfaehigkeit": 2},
			role:       "backoffice-mitarbeiter",
			// Starts from the career changers' path: into office work, using
			// the employer's software training; then short courses.
			wantEntry:   "quereinstieg-zeitarbeit",
			wantCourses: "software-schulung-im-job,anleiten-neuer-mitarbeiter,geschaeftskorrespondenz",
			wantUncovered: map[string]string{"serviceorientierung": UncoveredNoCourse, "teamfaehigkeit": UncoveredNoCourse,
				"englisch": UncoveredOptionalLong, "telekommunikation": UncoveredOptionalLong, "personalwesen": UncoveredOptionalLong,
				"zahlungsverkehr": UncoveredNoCourse, "reiseorganisation": UncoveredNoCourse, "veranstaltungsmanagement": UncoveredNoCourse},
			check: func(t *testing.T, g *GapAnalysis) {
				if !g.Plan.Quereinstieg || g.Plan.Courses[0].Reason != ReasonEntry {
					t.Errorf("plan does not start from the entry steps: %+v", g.Plan)
				}
				if st := g.Plan.Entry.Steps; len(st) != 2 || st[0].Kind != "experience" || st[1].Course != "software-schulung-im-job" {
					t.Errorf("entry steps %+v", st)
				}
			},
		},
		{
			name:       "(c) career changer without training or experience → Backoffice-Manager: the training comes first",
			background: Background{},
			skills:     map[string]int{"ms-office": 2},
			role:       "backoffice-manager",
			// English, HR and accounting are not essential for the role (001
			// names English for the further training, not for the job), so
			// the 36-month training plus further training is not proposed
			// for them; TestPlanBackgroundFromACourse covers the chain.
			check: func(t *testing.T, g *GapAnalysis) {
				slugs := planList(g.Plan)
				if f := slices.Index(slugs, "fernstudium-backoffice-manager"); f >= 0 {
					if a := slices.Index(slugs, "ausbildung-kaufmann-bueromanagement"); a < 0 || a > f {
						t.Fatalf("the further training without the commercial training before it: %v", slugs)
					}
				}
			},
			wantEntry: "quereinstieg-zeitarbeit",
		},
		{
			// 001 names the commercial training as the prerequisite of the
			// further training; experience is expected on top, never
			// instead of it.
			name:       "(d) four years of office work do not stand in for the training",
			background: Background{OfficeYears: 4},
			skills:     map[string]int{},
			role:       "backoffice-manager",
			check: func(t *testing.T, g *GapAnalysis) {
				plan := planList(g.Plan)
				for _, c := range g.Plan.Courses {
					if c.SatisfiedBy == "background:mehrjaehrige-bueroerfahrung" {
						t.Errorf("%s is opened by experience alone", c.Slug)
					}
				}
				if i := slices.Index(plan, "fernstudium-backoffice-manager"); i >= 0 {
					if j := slices.Index(plan, "ausbildung-kaufmann-bueromanagement"); j < 0 || j > i {
						t.Errorf("the further training is planned without the training before it: %v", plan)
					}
				}
			},
			wantEntry: "quereinstieg-zeitarbeit",
		},
		{
			name:       "(e) with the Abitur the degree opens up for project management",
			background: Background{CommercialTraining: true, Abitur: true, OfficeYears: 3},
			skills:     map[string]int{},
			role:       "backoffice-manager",
			check: func(t *testing.T, g *GapAnalysis) {
				i := slices.Index(planList(g.Plan), "bachelor-bwl")
				if i < 0 || g.Plan.Courses[i].SatisfiedBy != "background:abitur" || *g.Plan.Courses[i].Months != 36 {
					t.Errorf("plan %v", planList(g.Plan))
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := "u_golden" + string(rune('a'+i))
			if _, err := s.SetBackground(ctx, u, tc.background); err != nil {
				t.Fatal(err)
			}
			for sk, lv := range tc.skills {
				if _, err := s.SetAssessment(ctx, u, sk, SkillInput{Level: lv}); err != nil {
					t.Fatal(err)
				}
			}
			g, err := s.GapForRole(ctx, u, tc.role, "de")
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantCourses != "" {
				if got := strings.Join(planList(g.Plan), ","); got != tc.wantCourses {
					t.Errorf("plan %s\nwant %s", got, tc.wantCourses)
				}
			}
			entry := ""
			if g.Plan.Entry != nil {
				entry = g.Plan.Entry.Path
			}
			if entry != tc.wantEntry {
				t.Errorf("entry path %q, want %q", entry, tc.wantEntry)
			}
			for sk, reason := range tc.wantUncovered {
				i := slices.IndexFunc(g.Plan.Uncovered, func(u Uncovered) bool { return u.Skill == sk })
				if i < 0 || g.Plan.Uncovered[i].Reason != reason || g.Plan.Uncovered[i].Message == "" {
					t.Errorf("%s: uncovered %+v, want reason %s", sk, g.Plan.Uncovered, reason)
				}
			}
			if len(tc.wantUncovered) > 0 && len(g.Plan.Uncovered) != len(tc.wantUncovered) {
				t.Errorf("uncovered %+v", g.Plan.Uncovered)
			}
			checkPrerequisites(t, s, tc.background, g.Plan)
			if tc.check != nil {
				tc.check(t, g)
			}
		})
	}
}

// checkPrerequisites: no planned course has unmet prerequisites — each is
// satisfied by the learner's background or by a course earlier in the plan.
func checkPrerequisites(t *testing.T, s *Service, bg Background, p CoursePlan) {
	t.Helper()
	for i, pc := range p.Courses {
		co, err := s.content.Course(context.Background(), pc.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(co.Requires) == 0 {
			continue
		}
		kind, what, _ := strings.Cut(pc.SatisfiedBy, ":")
		ok := false
		for _, alt := range co.Requires {
			switch {
			case kind == "background" && alt.Background == what && bg.Has(what, 0):
				ok = true
			case kind == "course":
				j := slices.Index(planList(p), what)
				conf, _ := s.content.Course(context.Background(), what)
				if j >= 0 && j < i && (alt.Course == what || (alt.Background != "" && conf.Confers == alt.Background)) {
					ok = true
				}
			}
		}
		if !ok {
			t.Errorf("%s is planned with unmet prerequisites (satisfied by %q)", pc.Slug, pc.SatisfiedBy)
		}
	}
	if p.UnknownDurations+countKnown(p) != len(p.Courses) {
		t.Errorf("duration counts do not add up")
	}
}

func countKnown(p CoursePlan) int {
	n := 0
	for _, c := range p.Courses {
		if c.Months != nil {
			n++
		}
	}
	return n
}

func planList(p CoursePlan) []string {
	var out []string
	for _, c := range p.Courses {
		out = append(out, c.Slug)
	}
	return out
}

// TestPlanPrerequisiteCourse covers a course that requires another course
// (not a background), and the default weights.
func TestPlanPrerequisiteCourse(t *testing.T) {
	courses := []content.Course{
		{Slug: "basis", ProviderType: "volkshochschule", Skills: []string{"a"}},
		{Slug: "aufbau", ProviderType: "volkshochschule", Skills: []string{"b", "c"}, Requires: []content.Prerequisite{{Course: "basis"}}},
		{Slug: "studium", ProviderType: "hochschule", Skills: []string{"c"}, Duration: &content.Duration{Min: 3, Max: 3, Unit: "years", Source: "s"}},
		{Slug: "studium-2", ProviderType: "hochschule", Skills: []string{"d"}},
	}
	gaps := []Gap{
		{ChecklistItem: ChecklistItem{Skill: "b", Essential: true}, Size: 2, Importance: 6},
		{ChecklistItem: ChecklistItem{Skill: "c", Essential: true}, Size: 1, Importance: 3},
		{ChecklistItem: ChecklistItem{Skill: "d", Essential: true}, Size: 1, Importance: 3},
		{ChecklistItem: ChecklistItem{Skill: "e", Essential: false}, Size: 1, Importance: 1},
	}
	p := Plan(PlanInput{Gaps: gaps, Courses: courses, Background: Background{CommercialTraining: true}, Lang: "en"})
	if got := strings.Join(planList(p), ","); got != "basis,aufbau,studium-2" {
		t.Fatalf("plan %s", got)
	}
	if p.Courses[0].PrerequisiteFor != "aufbau" || p.Courses[1].SatisfiedBy != "course:basis" {
		t.Errorf("prerequisite chain %+v", p.Courses)
	}
	// Without a sourced duration a degree weighs like the sourced degree
	// (36), other courses DefaultCourseMonths.
	if p.Courses[2].Weight != 36 || p.Courses[0].Weight != DefaultCourseMonths || p.Courses[2].Duration != "duration unknown" {
		t.Errorf("weights %+v", p.Courses)
	}
	if len(p.Uncovered) != 1 || p.Uncovered[0].Skill != "e" || p.Uncovered[0].Reason != UncoveredNoCourse {
		t.Errorf("uncovered %+v", p.Uncovered)
	}
}

// TestPlanKeepsACourseThatOpensAnother: a course chosen for a gap that
// later opens another planned course stays, even when a third course also
// teaches its skills.
func TestPlanKeepsACourseThatOpensAnother(t *testing.T) {
	courses := []content.Course{
		{Slug: "x", ProviderType: "online-anbieter", Skills: []string{"a"}, Duration: months(3)}, // 6 per 3 months: first
		{Slug: "y", ProviderType: "volkshochschule", Skills: []string{"b"}, Requires: []content.Prerequisite{{Course: "x"}}},
		{Slug: "z", ProviderType: "volkshochschule", Skills: []string{"a", "d"}},
	}
	gaps := []Gap{
		{ChecklistItem: ChecklistItem{Skill: "a", Essential: true}, Size: 2, Importance: 6},
		{ChecklistItem: ChecklistItem{Skill: "b", Essential: true}, Size: 1, Importance: 3},
		{ChecklistItem: ChecklistItem{Skill: "d"}, Size: 1, Importance: 1},
	}
	p := Plan(PlanInput{Gaps: gaps, Courses: courses, Background: Background{CommercialTraining: true}, Lang: "de"})
	if got := strings.Join(planList(p), ","); got != "x,y,z" {
		t.Fatalf("plan %s, want x,y,z", got)
	}
	if p.Courses[1].SatisfiedBy != "course:x" {
		t.Errorf("y satisfied by %q", p.Courses[1].SatisfiedBy)
	}
}

// TestPlanBackgroundFromACourse: a course that requires a background the
// learner lacks comes after the course that confers it, and years of
// experience (usually expected on top) never stand in for it.
func TestPlanBackgroundFromACourse(t *testing.T) {
	courses := []content.Course{
		{Slug: "training", ProviderType: "betrieb-berufsschule", Skills: []string{"x"}, Confers: content.BackgroundCommercialTraining,
			Duration: &content.Duration{Min: 3, Max: 3, Unit: "years", Source: "s"}},
		{Slug: "further", ProviderType: "fernschule", Skills: []string{"a"},
			Requires: []content.Prerequisite{{Background: content.BackgroundCommercialTraining}},
			Usually:  []content.Prerequisite{{Background: content.BackgroundOfficeExperience}}},
	}
	gaps := []Gap{{ChecklistItem: ChecklistItem{Skill: "a", Essential: true}, Size: 2, Importance: 6}}
	p := Plan(PlanInput{Gaps: gaps, Courses: courses, Background: Background{OfficeYears: 10}, Lang: "de"})
	if got := strings.Join(planList(p), ","); got != "training,further" {
		t.Fatalf("plan %s, want training,further (experience does not replace the training)", got)
	}
	if c := p.Courses[0]; c.Reason != ReasonPrerequisite || c.PrerequisiteFor != "further" || *c.Months != 36 {
		t.Errorf("prerequisite %+v", c)
	}
	if c := p.Courses[1]; c.SatisfiedBy != "course:training" || len(c.Usually) != 1 || !c.Usually[0].Met {
		t.Errorf("further %+v", c)
	}
	if len(p.Assumptions) != 1 || p.Assumptions[0].Value != DefaultExperienceYears {
		t.Errorf("assumptions %+v", p.Assumptions)
	}
	// With the training, the further training alone; too few years are
	// reported, not blocking.
	p = Plan(PlanInput{Gaps: gaps, Courses: courses, Background: Background{CommercialTraining: true, OfficeYears: 1}, Lang: "en", ExperienceYears: 5})
	if got := strings.Join(planList(p), ","); got != "further" {
		t.Fatalf("plan %s, want further", got)
	}
	if u := p.Courses[0].Usually; len(u) != 1 || u[0].Met || !strings.Contains(u[0].Message, "5 or more") {
		t.Errorf("usually %+v", u)
	}
}
