package notify

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/searchtest"
)

var published = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestAlertMatchingGolden(t *testing.T) {
	posting := search.JobDoc{ID: "p_1", Title: "Sachbearbeiter Buchhaltung (m/w/d)", Role: "backoffice-mitarbeiter", RoleTitle: "Backoffice-Mitarbeiter/in",
		Employer: "Kanzlei Grün GmbH", City: "München", Bundesland: "BY", Remote: "hybrid", EmploymentType: "vollzeit",
		SalaryYearMax: 48000, Skills: []string{"datev", "geschaeftskorrespondenz"}, SkillNames: []string{"DATEV"},
		Description: "Sie übernehmen die Kreditorenbuchhaltung und die Büroorganisation.", Lat: 48.1372, Lng: 11.5756, HasGeo: true}
	cases := []struct {
		query string
		want  bool
	}{
		{"bundesland=BY&q=Buchhaltung", true},
		{"bundesland=BE&q=Buchhaltung", false},
		{"bundesland=BE", false},
		{"bundesland=BY", true},
		{"bundesland=BE&bundesland=BY", true},
		{"q=buchhaltung", true},
		{"q=BUCHHALTUNG+m%C3%BCnchen", true},
		{"q=Buchhaltung+Hamburg", false},
		{"q=Lohnbuchhaltung", false},
		{"q=B%C3%BCroorganisation", true},
		{"q=buroorganisation", true},
		{"q=Kreditoren", true},
		{"city=M%C3%BCnchen", true},
		{"city=Berlin", false},
		{"role=backoffice-mitarbeiter&q=Buchhaltung", true},
		{"role=bueroleiter", false},
		{"skill=datev", true},
		{"skill=excel", false},
		{"remote=hybrid&employmentType=vollzeit", true},
		{"remote=remote", false},
		{"employmentType=teilzeit", false},
		{"salaryMin=45000", true},
		{"salaryMin=50000", false},
		{"fixedTerm=true", false},
		{"fixedTerm=false&bundesland=BY", true},
		{"", true},
		// "Wo" and the radius, as the job search reads them.
		{"where=M%C3%BCnchen", true},
		{"where=Muenchen&q=Buchhaltung", true},
		{"where=Augsburg", false},
		{"where=Augsburg&radius=100", true},
		{"where=Augsburg&radius=25", false},
		{"where=Bayern", true},
		{"where=Berlin&radius=50", false},
	}
	subs := make([]Subscription, len(cases))
	for i, c := range cases {
		f, err := ParseFilter(c.query)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		subs[i] = Subscription{SearchID: fmt.Sprint(i), Query: c.query, CreatedAt: published.Add(-time.Hour), Filter: f}
	}
	// One subscription created after the posting was published: it never
	// hears about what was there before it.
	late, _ := ParseFilter("bundesland=BY")
	subs = append(subs, Subscription{SearchID: "late", Query: "bundesland=BY (late)", CreatedAt: published.Add(time.Minute), Filter: late})
	m := NewMatcher(subs)
	got := map[string]bool{}
	m.Match(NewCandidate(posting, published), func(s *Subscription) {
		if got[s.Query] {
			t.Errorf("%q matched twice", s.Query)
		}
		got[s.Query] = true
	})
	for _, c := range cases {
		if got[c.query] != c.want {
			t.Errorf("%q: matched %v, want %v", c.query, got[c.query], c.want)
		}
	}
	if got["bundesland=BY (late)"] {
		t.Error("a saved search created after the posting was alerted")
	}
}

// TestMatcherAgreesWithFullScan checks the index against evaluating every
// filter for every posting, on generated postings and searches.
func TestMatcherAgreesWithFullScan(t *testing.T) {
	docs, subs := generated(t, 3000, 300)
	m := NewMatcher(subs)
	total := 0
	for _, d := range docs {
		c := NewCandidate(d, published)
		var viaIndex, viaScan []string
		m.Match(c, func(s *Subscription) { viaIndex = append(viaIndex, s.SearchID) })
		for i := range subs {
			if subs[i].Filter.Matches(c) {
				viaScan = append(viaScan, subs[i].SearchID)
			}
		}
		slices.Sort(viaIndex)
		slices.Sort(viaScan)
		if !slices.Equal(viaIndex, viaScan) {
			t.Fatalf("posting %s: index %v, scan %v", d.ID, viaIndex, viaScan)
		}
		total += len(viaScan)
	}
	if total == 0 {
		t.Fatal("no posting matched any search: the generated data test nothing")
	}
}

// generated returns n saved searches shaped like real ones (a Bundesland
// or city, often a role or a word, sometimes a skill, contract type or
// salary floor) and p postings from the search test generator.
func generated(tb testing.TB, n, p int) ([]search.JobDoc, []Subscription) {
	tb.Helper()
	set, err := content.Load(content.Curated())
	if err != nil {
		tb.Fatal(err)
	}
	var v searchtest.Vocabulary
	for _, r := range set.Roles {
		vr := searchtest.VocabRole{Slug: r.Slug, Title: r.Title.DE}
		for _, t := range r.Tasks {
			vr.Tasks = append(vr.Tasks, t.Text.DE)
			v.Tasks = append(v.Tasks, t.Text.DE)
		}
		v.Roles = append(v.Roles, vr)
	}
	for _, s := range set.Skills {
		v.Skills = append(v.Skills, searchtest.VocabSkill{Slug: s.Slug, Name: s.Name.DE})
	}
	docs := searchtest.GenerateJobs(p, 7, v)
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"Buchhaltung", "Büro", "Assistenz", "Sachbearbeiter", "Teamassistenz", "Office", "Verwaltung", "Empfang", "Sekretariat", "Backoffice"}
	bls := []string{"BY", "BE", "HH", "NW", "HE", "BW", "SN", "NI"}
	cities := []string{"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart"}
	subs := make([]Subscription, n)
	for i := range subs {
		var q []string
		switch r.IntN(3) {
		case 0:
			q = append(q, "bundesland="+bls[r.IntN(len(bls))])
		case 1:
			q = append(q, "city="+cities[r.IntN(len(cities))])
		}
		if r.IntN(2) == 0 {
			q = append(q, "role="+v.Roles[r.IntN(len(v.Roles))].Slug)
		}
		if r.IntN(2) == 0 {
			q = append(q, "q="+words[r.IntN(len(words))])
		}
		if r.IntN(5) == 0 {
			q = append(q, "skill="+v.Skills[r.IntN(len(v.Skills))].Slug)
		}
		if r.IntN(6) == 0 {
			q = append(q, "employmentType=teilzeit")
		}
		if r.IntN(8) == 0 {
			q = append(q, "salaryMin=40000")
		}
		query := strings.Join(q, "&")
		f, err := ParseFilter(query)
		if err != nil {
			tb.Fatal(err)
		}
		subs[i] = Subscription{UserID: fmt.Sprintf("u_%d", i), SearchID: fmt.Sprintf("s_%d", i), Query: query, CreatedAt: published.Add(-time.Hour), Filter: f}
	}
	return docs, subs
}

// BenchmarkAlertMatching matches 1,000 new postings against 10,000 saved
// searches: building the index, preparing each posting and matching it
// (see docs/BENCHMARKS.md, "Saved-search alerts").
func BenchmarkAlertMatching(b *testing.B) {
	docs, subs := generated(b, 10_000, 1_000)
	matches := 0
	for b.Loop() {
		matches = 0
		m := NewMatcher(subs)
		for _, d := range docs {
			m.Match(NewCandidate(d, published), func(*Subscription) { matches++ })
		}
	}
	b.ReportMetric(float64(matches), "matches")
}

// BenchmarkAlertFullScan is the naive alternative for comparison: every
// filter evaluated for every posting (still in memory, no search engine).
func BenchmarkAlertFullScan(b *testing.B) {
	docs, subs := generated(b, 10_000, 1_000)
	matches := 0
	for b.Loop() {
		matches = 0
		for _, d := range docs {
			c := NewCandidate(d, published)
			for i := range subs {
				if subs[i].Filter.Matches(c) {
					matches++
				}
			}
		}
	}
	b.ReportMetric(float64(matches), "matches")
}
