package api

import (
	"context"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
	"github.com/laufbahn/laufbahn/search/places"
)

// newJobSearchApp returns the API over a real Bleve index (with the curated
// vocabulary) holding postings around Munich and Hamburg.
func newJobSearchApp(t *testing.T) *fiber.App {
	t.Helper()
	ctx := context.Background()
	store, _ := contenttest.Seeded(t)
	idx, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	v, err := content.CuratedVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	idx.UseVocabulary(v)
	for _, s := range []search.Schema{search.JobSchema, search.RoleSchema, search.CourseSchema} {
		if err := idx.Apply(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	n := 0
	job := func(id, title, city, bl, typ string, hours float64, period string, max float64, desc string) search.JobDoc {
		n++
		j := search.JobDoc{ID: id, Title: title, Role: "backoffice-mitarbeiter", RoleTitle: "Backoffice-Mitarbeiter/in", Employer: "Firma " + id,
			City: city, Bundesland: bl, PostalCode: "12345", Remote: "onsite", EmploymentType: typ, SalaryMin: max * 0.9, SalaryMax: max,
			SalaryPeriod: period, Description: desc, PublishedAt: day.Add(time.Duration(n) * time.Hour)}
		switch {
		case period == "hour":
			j.SalaryYearMax = max * 2080
		case typ == "teilzeit" || typ == "minijob":
			if hours > 0 {
				j.SalaryYearMax = max * map[string]float64{"year": 1, "month": 12}[period] * 40 / hours
			}
		default:
			j.SalaryYearMax = max * map[string]float64{"year": 1, "month": 12}[period]
		}
		if p, ok := places.Germany().LookupIn(city, bl); ok {
			j.Lat, j.Lng, j.HasGeo = p.Lat, p.Lng, true
		}
		return j
	}
	jobs := []search.JobDoc{
		job("m-tz-1", "Sachbearbeiter Buchhaltung (m/w/d) in Teilzeit", "München", "BY", "teilzeit", 20, "month", 1900, "Finanzbuchhaltung und Zahlungsverkehr."),
		job("m-tz-2", "Teamassistenz (m/w/d)", "München", "BY", "teilzeit", 25, "month", 2100, "Sie unterstützen unser Team am Empfang."),
		job("m-tz-3", "Bürokraft (m/w/d)", "München", "BY", "teilzeit", 30, "year", 30000, "Allgemeine Büroarbeiten mit Excel und Word."),
		job("m-tz-4", "Office Manager (m/w/d)", "München", "BY", "teilzeit", 20, "year", 24000, "Organisation des Büros."),
		job("m-vz-1", "Backoffice-Manager (m/w/d)", "München", "BY", "vollzeit", 0, "year", 52000, "Leitung des Backoffice."),
		job("m-mini", "Empfangskraft (m/w/d) auf Minijob-Basis", "München", "BY", "minijob", 0, "month", 556, "Empfang und Telefon."),
		job("n-tz-1", "Assistenz (m/w/d) in Teilzeit", "Nürnberg", "BY", "teilzeit", 20, "month", 1700, "Assistenz der Geschäftsleitung."),
		job("h-vz-1", "Mitarbeiter Empfang (m/w/d)", "Hamburg", "HH", "vollzeit", 0, "year", 38000, "Empfang unserer Gäste."),
		job("h-vz-2", "Kaufmann für Büromanagement (m/w/d)", "Norderstedt", "SH", "vollzeit", 0, "month", 3200, "Büromanagement im Team."),
		job("h-vz-3", "Sekretariat (m/w/d)", "Pinneberg", "SH", "vollzeit", 0, "year", 41000, "Sekretariat der Geschäftsführung."),
		job("h-vz-4", "Buchhalter (m/w/d)", "Lübeck", "SH", "vollzeit", 0, "year", 45000, "Finanzbuchhaltung mit DATEV."),
		job("b-ws", "Werkstudent Verwaltung (m/w/d)", "Berlin", "BE", "werkstudent", 0, "hour", 16, "Verwaltung und Ablage, remote möglich."),
	}
	jobs[len(jobs)-1].Remote = "remote"
	docs := make([]search.Document, 0, len(jobs))
	for _, j := range jobs {
		docs = append(docs, j.Document())
	}
	if err := idx.Upsert(ctx, search.Jobs, docs); err != nil {
		t.Fatal(err)
	}
	return New(Deps{Content: store, Search: idx})
}

func chipsOf(t *testing.T, b map[string]any) []map[string]any {
	t.Helper()
	raw, ok := b["chips"].([]any)
	if !ok {
		t.Fatalf("no chips in %v", b)
	}
	out := make([]map[string]any, len(raw))
	for i, c := range raw {
		out[i] = c.(map[string]any)
	}
	return out
}

func wantIDs(want ...string) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		t.Helper()
		got := hitIDs(t, b, "id")
		if !slices.Equal(sorted(got), sorted(want)) {
			t.Errorf("hits %v, want %v", got, want)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestJobSearchUnderstands(t *testing.T) {
	app := newJobSearchApp(t)
	munichPartTime := []string{"m-tz-1", "m-tz-2", "m-tz-3", "m-tz-4"}
	runScenarios(t, app, []scenario{
		{name: "Teilzeit München: place and employment read as named filters", path: "/api/v1/search/jobs?q=" + url.QueryEscape("Teilzeit München"),
			wantStatus: 200, check: func(t *testing.T, b map[string]any) {
				wantIDs(munichPartTime...)(t, b)
				if b["searchText"] != "" || b["sort"] != "date" {
					t.Errorf("searchText %q, sort %v", b["searchText"], b["sort"])
				}
				cs := chipsOf(t, b)
				if len(cs) != 2 || cs[0]["kind"] != "employmentType" || cs[0]["value"] != "teilzeit" || cs[0]["label"] != "Teilzeit" ||
					cs[1]["kind"] != "place" || cs[1]["value"] != "München" || cs[1]["label"] != "in München" {
					t.Fatalf("chips %v", cs)
				}
				if cs[0]["remove"] != "q=M%C3%BCnchen" || cs[1]["remove"] != "q=Teilzeit" {
					t.Errorf("remove queries %q, %q", cs[0]["remove"], cs[1]["remove"])
				}
				if p := b["place"].(map[string]any); p["name"] != "München" || p["bundesland"] != "BY" {
					t.Errorf("place %v", p)
				}
			}},
		{name: "Munich part-time in English", path: "/api/v1/search/jobs?q=part-time%20Munich&lang=en", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantIDs(munichPartTime...)(t, b)
			if cs := chipsOf(t, b); cs[0]["label"] != "Part time" {
				t.Errorf("chips %v", cs)
			}
		}},
		{name: "city in any spelling: münchen", path: "/api/v1/search/jobs?city=m%C3%BCnchen&employmentType=teilzeit", wantStatus: 200, check: wantIDs(munichPartTime...)},
		{name: "city in any spelling: Muenchen", path: "/api/v1/search/jobs?city=Muenchen&employmentType=teilzeit", wantStatus: 200, check: wantIDs(munichPartTime...)},
		{name: "city in any spelling: Munich", path: "/api/v1/search/jobs?city=Munich&employmentType=teilzeit", wantStatus: 200, check: wantIDs(munichPartTime...)},
		{name: "bundesland by name", path: "/api/v1/search/jobs?bundesland=Bayern&employmentType=teilzeit", wantStatus: 200,
			check: wantIDs(append(munichPartTime, "n-tz-1")...)},
		{name: "bundesland by code in q", path: "/api/v1/search/jobs?q=Assistenz%20BY", wantStatus: 200, check: wantIDs("n-tz-1", "m-tz-2")},
		{name: "bundesland unknown", path: "/api/v1/search/jobs?bundesland=Atlantis", wantStatus: 400, check: wantError("bundesland")},
		{name: "Hamburg + 25 km by distance", path: "/api/v1/search/jobs?where=Hamburg&radius=25", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if got := strings.Join(hitIDs(t, b, "id"), ","); got != "h-vz-1,h-vz-2,h-vz-3" {
				t.Errorf("hits %s, want Hamburg, Norderstedt (17 km), Pinneberg (18 km); not Lübeck", got)
			}
			if b["sort"] != "distance" {
				t.Errorf("sort %v", b["sort"])
			}
			var last float64
			for _, it := range items(t, b) {
				d, ok := it["distanceKm"].(float64)
				if !ok || d < last || d > 25 {
					t.Errorf("%v: distance %v after %v", it["id"], it["distanceKm"], last)
				}
				last = d
			}
			if cs := chipsOf(t, b); len(cs) != 1 || cs[0]["label"] != "Hamburg + 25 km" || cs[0]["remove"] != "" {
				t.Errorf("chips %v", cs)
			}
		}},
		{name: "Hamburg + 100 km reaches Lübeck", path: "/api/v1/search/jobs?where=Hamburg&radius=100", wantStatus: 200, check: wantIDs("h-vz-1", "h-vz-2", "h-vz-3", "h-vz-4")},
		{name: "where a Bundesland", path: "/api/v1/search/jobs?where=Schleswig-Holstein", wantStatus: 200, check: wantIDs("h-vz-2", "h-vz-3", "h-vz-4")},
		{name: "where unknown", path: "/api/v1/search/jobs?where=Atlantis", wantStatus: 400, check: wantError("where")},
		{name: "radius not offered", path: "/api/v1/search/jobs?where=Hamburg&radius=30", wantStatus: 400, check: wantError("radius")},
		{name: "radius without where", path: "/api/v1/search/jobs?radius=25", wantStatus: 400, check: wantError("radius")},
		{name: "distance without place", path: "/api/v1/search/jobs?sort=distance", wantStatus: 400, check: wantError("sort")},
		{name: "remote and Homeoffice are work modes", path: "/api/v1/search/jobs?q=Homeoffice", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantIDs("b-ws")(t, b)
			if cs := chipsOf(t, b); cs[0]["kind"] != "remote" || cs[0]["label"] != "Homeoffice möglich" {
				t.Errorf("chips %v", cs)
			}
		}},
		{name: "understand=false searches the words", path: "/api/v1/search/jobs?q=remote&understand=false", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(chipsOf(t, b)) != 0 || b["searchText"] != "remote" {
				t.Errorf("chips %v, searchText %v", b["chips"], b["searchText"])
			}
		}},
		{name: "Rezeption finds Empfang", path: "/api/v1/search/jobs?q=Rezeption", wantStatus: 200, check: wantHits("id", "h-vz-1", "m-mini", "m-tz-2")},
		{name: "secretary finds Sekretariat", path: "/api/v1/search/jobs?q=secretary", wantStatus: 200, check: wantHits("id", "h-vz-3")},
		{name: "accounting finds Buchhaltung", path: "/api/v1/search/jobs?q=accounting", wantStatus: 200, check: wantHits("id", "m-tz-1", "h-vz-4")},
		{name: "browsing is newest first", path: "/api/v1/search/jobs?limit=3", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if got := strings.Join(hitIDs(t, b, "id"), ","); got != "b-ws,h-vz-4,h-vz-3" || b["sort"] != "date" {
				t.Errorf("hits %s, sort %v", got, b["sort"])
			}
		}},
		{name: "salary with period and yearly equivalent", path: "/api/v1/search/jobs?city=M%C3%BCnchen&sort=salary", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			its := items(t, b)
			// Full-time equivalents: 52,000; 24,000 for 20 h = 48,000; 1,900 a
			// month for 20 h = 45,600; 2,100 for 25 h = 40,320; 30,000 for
			// 30 h = 40,000; the minijob has none and comes last.
			if got := strings.Join(hitIDs(t, b, "id"), ","); got != "m-vz-1,m-tz-4,m-tz-1,m-tz-2,m-tz-3,m-mini" {
				t.Errorf("by yearly equivalent: %s", got)
			}
			first := its[0]["salary"].(map[string]any)
			if first["period"] != "year" || first["periodLabel"] != "pro Jahr" || first["yearlyMax"] != 52000.0 {
				t.Errorf("salary %v", first)
			}
			tz := its[3]["salary"].(map[string]any)
			if tz["period"] != "month" || tz["max"] != 2100.0 || tz["yearlyMax"] != 2100.0*12*40/25 || !strings.Contains(tz["yearlyLabel"].(string), "Vollzeit") {
				t.Errorf("part-time salary %v", tz)
			}
			mini := its[len(its)-1]["salary"].(map[string]any)
			if mini["yearlyMax"] != nil || !strings.Contains(mini["yearlyLabel"].(string), "Kein Vollzeit-Vergleich") {
				t.Errorf("minijob salary %v", mini)
			}
		}},
		{name: "salaryMin never compares a minijob as full time", path: "/api/v1/search/jobs?city=M%C3%BCnchen&salaryMin=6000", wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				if slices.Contains(hitIDs(t, b, "id"), "m-mini") {
					t.Error("a minijob without hours passed a yearly salary filter")
				}
			}},
		{name: "nothing found: drop a filter", path: "/api/v1/search/jobs?q=" + url.QueryEscape("Teilzeit Hamburg"), wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantTotal(0)(t, b)
			rs, _ := b["relaxations"].([]any)
			if len(rs) == 0 {
				t.Fatalf("no relaxations: %v", b)
			}
			// Most results first: all part-time jobs (5), then Hamburg's (1).
			r := rs[1].(map[string]any)
			if len(rs) != 2 || r["label"] != "1 Treffer ohne den Filter Teilzeit" || r["query"] != "q=Hamburg" || r["total"] != 1.0 {
				t.Errorf("relaxations %v", rs)
			}
		}},
		{name: "nothing found: did you mean", path: "/api/v1/search/jobs?q=Exel", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantTotal(0)(t, b)
			d, ok := b["didYouMean"].(map[string]any)
			if !ok || !strings.EqualFold(d["text"].(string), "excel") || d["total"] != 1.0 || d["label"] != "Meinten Sie „"+d["text"].(string)+"“?" {
				t.Errorf("didYouMean %v", b["didYouMean"])
			}
		}},
	})
}

func TestSuggest(t *testing.T) {
	app := newJobSearchApp(t)
	kinds := func(b map[string]any) map[string][]string {
		out := map[string][]string{}
		for _, it := range items(t, b) {
			out[it["kind"].(string)] = append(out[it["kind"].(string)], it["text"].(string))
		}
		return out
	}
	runScenarios(t, app, []scenario{
		{name: "titles, roles and skills", path: "/api/v1/search/suggest?q=Team", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			k := kinds(b)
			if !slices.Contains(k["title"], "Teamassistenz") || !slices.Contains(k["skill"], "Teamfähigkeit") {
				t.Errorf("suggestions %v", k)
			}
		}},
		{name: "places for Wo", path: "/api/v1/search/suggest?q=hamb&field=where", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if k := kinds(b); len(k["place"]) == 0 || k["place"][0] != "Hamburg" {
				t.Errorf("suggestions %v", k)
			}
		}},
		{name: "Bundesland for Wo", path: "/api/v1/search/suggest?q=bay&field=where", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if k := kinds(b); len(k["bundesland"]) != 1 || k["bundesland"][0] != "Bayern" {
				t.Errorf("suggestions %v", k)
			}
		}},
		{name: "too short", path: "/api/v1/search/suggest?q=B", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(items(t, b)) != 0 {
				t.Errorf("items %v", b["items"])
			}
		}},
		{name: "q required", path: "/api/v1/search/suggest", wantStatus: 400, check: wantError("q")},
		{name: "bad field", path: "/api/v1/search/suggest?q=ab&field=wann", wantStatus: 400, check: wantError("field")},
	})
}

func TestSearchAllReadsJobWords(t *testing.T) {
	app := newJobSearchApp(t)
	runScenarios(t, app, []scenario{
		{name: "remote in the one box", path: "/api/v1/search?q=remote", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			jobs := b["jobs"].(map[string]any)
			if jobs["total"] != 1.0 {
				t.Errorf("jobs %v", jobs)
			}
		}},
		{name: "Teilzeit München in the one box", path: "/api/v1/search?q=Teilzeit%20M%C3%BCnchen&limit=10", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if jobs := b["jobs"].(map[string]any); jobs["total"] != 4.0 {
				t.Errorf("jobs %v", jobs["total"])
			}
		}},
	})
}
