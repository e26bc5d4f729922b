package api

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
)

// newSearchApp returns the API with the curated content indexed in a real
// Bleve index through the sync worker, plus a few job postings.
func newSearchApp(t *testing.T) *fiber.App {
	t.Helper()
	ctx := context.Background()
	store, db := contenttest.Seeded(t)
	idx, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	syncer := search.NewSyncer(idx, slog.New(slog.DiscardHandler), store.SearchSources()...)
	if err := syncer.ApplySchemas(ctx); err != nil {
		t.Fatal(err)
	}
	if err := idx.Apply(ctx, search.JobSchema); err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	jobs := []search.JobDoc{
		{ID: "job-1", Title: "Backoffice-Mitarbeiter (m/w/d) Vertrieb", Role: "backoffice-mitarbeiter", RoleTitle: "Backoffice-Mitarbeiter/in",
			Employer: "Muster GmbH", City: "München", Bundesland: "BY", PostalCode: "80331", Remote: "hybrid", EmploymentType: "vollzeit",
			SalaryMin: 34000, SalaryMax: 40000, SalaryYearMax: 40000, Skills: []string{"ms-office", "kommunikation"},
			Description: "Sie bearbeiten Aufträge, pflegen Kundendaten und organisieren Termine.", PublishedAt: day},
		{ID: "job-2", Title: "Back-Office-Manager (m/w/d)", Role: "backoffice-manager", RoleTitle: "Backoffice-Manager/in",
			Employer: "Nordlicht AG", City: "Hamburg", Bundesland: "HH", PostalCode: "20095", Remote: "onsite", EmploymentType: "vollzeit",
			SalaryMin: 42000, SalaryMax: 48000, SalaryYearMax: 48000, Skills: []string{"projektmanagement"},
			Description: "Sie leiten das Backoffice-Team und planen Veranstaltungen.", PublishedAt: day.Add(48 * time.Hour)},
		{ID: "job-3", Title: "Büroleitung (m/w/d) in Teilzeit", Role: "bueroleiter", RoleTitle: "Büroleiter/in",
			Employer: "Kanzlei Berg", City: "Berlin", Bundesland: "BE", PostalCode: "10115", Remote: "remote", EmploymentType: "teilzeit",
			FixedTerm: true, SalaryMin: 2800, SalaryMax: 3300, SalaryYearMax: 39600, Skills: []string{"organisationstalent"},
			Description: "Sie führen das Sekretariat und die Buchhaltung.", PublishedAt: day.Add(24 * time.Hour)},
	}
	docs := make([]search.Document, 0, len(jobs))
	for _, j := range jobs {
		docs = append(docs, j.Document())
	}
	if err := idx.Upsert(ctx, search.Jobs, docs); err != nil {
		t.Fatal(err)
	}
	return New(Deps{Content: store, Search: idx, SearchStatus: syncer.Status, Ready: func(ctx context.Context) error { return db.Client().Ping(ctx, nil) }})
}

func hitIDs(t *testing.T, b map[string]any, key string) []string {
	t.Helper()
	var out []string
	for _, it := range items(t, b) {
		out = append(out, it[key].(string))
	}
	return out
}

func wantHits(key string, want ...string) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		t.Helper()
		got := hitIDs(t, b, key)
		for _, w := range want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			if !found {
				t.Errorf("%s not among hits %v", w, got)
			}
		}
	}
}

func TestSearchAPI(t *testing.T) {
	app := newSearchApp(t)
	runScenarios(t, app, []scenario{
		{name: "courses: the issue's typo query", path: "/api/v1/search/courses?q=bueromanagment", wantStatus: 200, check: wantHits("slug", "ausbildung-kaufmann-bueromanagement")},
		{name: "courses: English titles", path: "/api/v1/search/courses?q=bueromanagment&lang=en", wantStatus: 200, wantBody: []string{`"lang":"en"`, "office management clerk"}},
		{name: "courses: filter and facets", path: "/api/v1/search/courses?format=dual", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			for _, it := range items(t, b) {
				if it["format"] != "dual" {
					t.Errorf("format filter leaked %v", it["slug"])
				}
			}
			f := b["facets"].(map[string]any)
			for _, name := range []string{"format", "providerType", "skill", "role"} {
				if _, ok := f[name]; !ok {
					t.Errorf("facet %s missing: %v", name, f)
				}
			}
			// Disjunctive: the format facet still counts the other formats.
			if len(f["format"].([]any)) < 2 {
				t.Errorf("format facet ignores other values: %v", f["format"])
			}
		}},
		{name: "courses: bad format", path: "/api/v1/search/courses?format=vr", wantStatus: 400, check: wantError("format")},
		{name: "courses: q too long", path: "/api/v1/search/courses?q=" + strings.Repeat("a", 201), wantStatus: 400, check: wantError("q")},
		{name: "courses: unknown filter", path: "/api/v1/search/courses?colour=blue", wantStatus: 400, check: wantError("colour")},
		{name: "roles: synonym", path: "/api/v1/search/roles?q=Office-Manager", wantStatus: 200, check: wantHits("slug", "bueroleiter")},
		{name: "roles: level filter", path: "/api/v1/search/roles?level=leitung", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if got := hitIDs(t, b, "slug"); len(got) != 1 || got[0] != "bueroleiter" {
				t.Errorf("hits %v", got)
			}
		}},
		{name: "jobs: hyphen variants", path: "/api/v1/search/jobs?q=Back%20Office", wantStatus: 200, check: wantHits("id", "job-1", "job-2")},
		{name: "jobs: filters with labels", path: "/api/v1/search/jobs?bundesland=BY&bundesland=HH&sort=date", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if got := strings.Join(hitIDs(t, b, "id"), ","); got != "job-2,job-1" {
				t.Errorf("hits by date %s", got)
			}
			labels := map[string]string{}
			for _, v := range b["facets"].(map[string]any)["bundesland"].([]any) {
				m := v.(map[string]any)
				labels[m["value"].(string)] = m["label"].(string)
			}
			if labels["BY"] != "Bayern" || labels["BE"] != "Berlin" {
				t.Errorf("bundesland facet labels %v", labels)
			}
		}},
		{name: "jobs: salary and fixed term", path: "/api/v1/search/jobs?salaryMin=39000&fixedTerm=false&sort=salary", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if got := strings.Join(hitIDs(t, b, "id"), ","); got != "job-2,job-1" {
				t.Errorf("hits %s", got)
			}
		}},
		{name: "jobs: highlight", path: "/api/v1/search/jobs?q=Buchhaltung", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			hl := items(t, b)[0]["highlights"].(map[string]any)
			if hl["description"] != "Sie führen das Sekretariat und die <mark>Buchhaltung</mark>." {
				t.Errorf("highlights %v", hl)
			}
		}},
		{name: "jobs: injection is a literal value", path: "/api/v1/search/jobs?city=Berlin%22%20OR%20city%20!%3D%20%22", wantStatus: 200, check: wantTotal(0)},
		{name: "jobs: bad bundesland", path: "/api/v1/search/jobs?bundesland=XX", wantStatus: 400, check: wantError("bundesland")},
		{name: "jobs: unknown role is a 400 like an unknown bundesland", path: "/api/v1/search/jobs?role=astronaut", wantStatus: 400, check: wantError("role"),
			wantBody: []string{"backoffice-manager", "bueroleiter"}},
		{name: "courses: unknown role", path: "/api/v1/search/courses?role=astronaut", wantStatus: 400, check: wantError("role")},
		{name: "jobs: a known role filters", path: "/api/v1/search/jobs?role=bueroleiter", wantStatus: 200},
		{name: "jobs: bad salary", path: "/api/v1/search/jobs?salaryMin=viel", wantStatus: 400, check: wantError("salaryMin")},
		{name: "jobs: bad sort", path: "/api/v1/search/jobs?sort=random", wantStatus: 400, check: wantError("sort")},
		{name: "jobs: bad bool", path: "/api/v1/search/jobs?fixedTerm=vielleicht", wantStatus: 400, check: wantError("fixedTerm")},
		{name: "all: grouped", path: "/api/v1/search?q=Buchhaltung", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			for _, g := range []string{"jobs", "courses", "roles"} {
				if _, ok := b[g].(map[string]any); !ok {
					t.Errorf("group %s missing", g)
				}
			}
			if b["jobs"].(map[string]any)["total"].(float64) < 1 || b["courses"].(map[string]any)["total"].(float64) < 1 {
				t.Errorf("expected job and course hits: %v", b)
			}
		}},
		{name: "all: q required", path: "/api/v1/search", wantStatus: 400, check: wantError("q")},
		{name: "readyz reports search", path: "/readyz", wantStatus: 200, wantBody: []string{`"engine":"bleve"`, `"search":"ok"`}},
	})
}

func TestSearchUnavailable(t *testing.T) {
	app := newTestApp(t, nil)
	runScenarios(t, app, []scenario{
		{name: "no engine", path: "/api/v1/search/courses?q=x", wantStatus: 503},
	})
}
