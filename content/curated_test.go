package content

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/laufbahn/laufbahn/apperr"
)

// Source ids of the seed documents, as used in the curated files.
const (
	src000 = "000_004f9c166f82bdc9.txt"
	src001 = "001_8991a098efc6fbdb.txt"
	src003 = "003_652bf3174c3e923e.txt"
)

// TestCuratedContent checks that the shipped content loads and covers every
// fact the seed README requires.
func TestCuratedContent(t *testing.T) {
	set, err := Load(Curated())
	if err != nil {
		t.Fatalf("Load(Curated()): %v", err)
	}

	roles := map[string]*Role{}
	for i := range set.Roles {
		roles[set.Roles[i].Slug] = &set.Roles[i]
	}
	role := func(t *testing.T, slug string) *Role {
		t.Helper()
		r, ok := roles[slug]
		if !ok {
			t.Fatalf("role %q is missing", slug)
		}
		return r
	}

	t.Run("roles", func(t *testing.T) {
		want := []struct{ slug, title, level string }{
			{"backoffice-manager", "Backoffice-Manager/in", ""},
			{"backoffice-mitarbeiter", "Backoffice-Mitarbeiter/in", "einstieg"},
			{"back-office-administrator", "Back-Office-Administrator/in", ""},
			{"bueroleiter", "Büroleiter/in", "leitung"},
		}
		for _, w := range want {
			r, ok := roles[w.slug]
			if !ok {
				t.Errorf("role %q is missing", w.slug)
				continue
			}
			if r.Title.DE != w.title {
				t.Errorf("role %q: title.de = %q, want %q", w.slug, r.Title.DE, w.title)
			}
			if w.level != "" && r.Level != w.level {
				t.Errorf("role %q: level = %q, want %q", w.slug, r.Level, w.level)
			}
			if n := len(r.Checklist); n < 8 || n > 14 {
				t.Errorf("role %q: checklist has %d items, want 8–14", w.slug, n)
			}
		}
		if r, ok := roles["backoffice-mitarbeiter"]; ok && !slices.Contains(r.AltTitles, "Büro-Allrounder/in") {
			t.Errorf("role backoffice-mitarbeiter: altTitles %q lack Büro-Allrounder/in", r.AltTitles)
		}
		if r, ok := roles["bueroleiter"]; ok && !slices.Contains(r.AltTitles, "Büromanager/in") {
			t.Errorf("role bueroleiter: altTitles %q lack Büromanager/in", r.AltTitles)
		}
	})

	t.Run("specializations", func(t *testing.T) {
		r := role(t, "backoffice-manager")
		for _, slug := range []string{"feelgood-management", "event-management", "it-management"} {
			if !slices.ContainsFunc(r.Specializations, func(s Specialization) bool {
				return s.Slug == slug && slices.Contains(s.Sources, src000)
			}) {
				t.Errorf("backoffice-manager: specialization %q (source %s) is missing", slug, src000)
			}
		}
	})

	t.Run("skills", func(t *testing.T) {
		if n := len(set.Skills); n < 25 {
			t.Errorf("have %d skills, want at least 25", n)
		}
		perCategory := map[string]int{}
		for _, s := range set.Skills {
			perCategory[s.Category]++
		}
		for _, c := range []string{"fachlich", "digital", "sprache", "sozial", "methodisch"} {
			if perCategory[c] < 3 {
				t.Errorf("category %q has %d skills, want at least 3", c, perCategory[c])
			}
		}
	})

	t.Run("courses-and-paths", func(t *testing.T) {
		if n := len(set.Courses); n < 12 {
			t.Errorf("have %d courses, want at least 12", n)
		}
		if n := len(set.Paths); n < 5 {
			t.Errorf("have %d paths, want at least 5", n)
		}
		targets := map[string]string{}
		for _, p := range set.Paths {
			targets[p.Slug] = p.TargetRole
		}
		for slug, target := range map[string]string{
			"duale-ausbildung-bueromanagement": "backoffice-mitarbeiter",
			"bwl-studium":                      "",
			"weiterbildung-backoffice-manager": "backoffice-manager",
			"quereinstieg-zeitarbeit":          "",
			"back-office-administrator":        "back-office-administrator",
		} {
			got, ok := targets[slug]
			switch {
			case !ok:
				t.Errorf("path %q is missing", slug)
			case target != "" && got != target:
				t.Errorf("path %q: targetRole = %q, want %q", slug, got, target)
			}
		}
	})

	t.Run("salary", func(t *testing.T) {
		i := slices.IndexFunc(set.Salaries, func(s SalaryRange) bool { return s.Role == "backoffice-manager" })
		if i < 0 {
			t.Fatal("no salary range for backoffice-manager")
		}
		s := set.Salaries[i]
		if s.Low != 27600 || s.Average != 37400 || s.High != 48800 {
			t.Errorf("salary low/average/high = %d/%d/%d, want 27600/37400/48800", s.Low, s.Average, s.High)
		}
		if s.Currency != "EUR" || s.Period != "year" || s.Basis != "gross" {
			t.Errorf("salary is %s per %s %s, want EUR per year gross", s.Currency, s.Period, s.Basis)
		}
		if s.Source != src001 {
			t.Errorf("salary source = %q, want %q", s.Source, src001)
		}
		if len(s.Factors) != 3 {
			t.Errorf("salary has %d factors, want 3 (employer, federal state, length of service)", len(s.Factors))
		}
		if len(s.Benefits) != 7 {
			t.Errorf("salary has %d benefits, want 7", len(s.Benefits))
		}
	})

	// Every task named in the seed README must appear in the German task
	// text of at least one role.
	t.Run("tasks", func(t *testing.T) {
		for _, kw := range []string{
			"Büromaterial", "IT-Lizenzen", "Dienstreise", "Veranstaltung", "Seminar",
			"Post- und Telefon", "Empfang", "Telefonzentrale", "Termin", "E-Mail",
			"Urlaubsplanung", "Zeiterfassung", "Vertrags", "Datenpflege", "Kundenbetreuung",
			"IT-Support", "Personal- und Organisationsfragen", "Zahlungsverkehr", "Devisen",
			"Datenbank", "Website", "Frachtbrief", "Import", "Export", "Versicherung",
			"medizinische Terminologie", "Vorschriften",
		} {
			t.Run(kw, func(t *testing.T) {
				if !anyRole(set.Roles, func(r Role) bool {
					return slices.ContainsFunc(r.Tasks, func(x Task) bool { return containsFold(x.Text.DE, kw) })
				}) {
					t.Errorf("no role has a task whose German text contains %q", kw)
				}
			})
		}
	})

	// Industry-specific tasks carry the industry as context.
	t.Run("task-contexts", func(t *testing.T) {
		for _, c := range []struct{ keyword, context string }{
			{"Zahlungsverkehr", "Finanzbranche"},
			{"Devisen", "Finanzbranche"},
			{"Frachtbrief", "Industriebetrieb"},
			{"Export", "Industriebetrieb"},
			{"Versicherung", "Krankenhaus"},
			{"medizinische Terminologie", "Krankenhaus"},
		} {
			if !anyRole(set.Roles, func(r Role) bool {
				return slices.ContainsFunc(r.Tasks, func(x Task) bool {
					return containsFold(x.Text.DE, c.keyword) && x.Context != nil && x.Context.DE == c.context
				})
			}) {
				t.Errorf("no task containing %q has context %q", c.keyword, c.context)
			}
		}
	})

	// Every requirement named in the seed README must appear in the German
	// requirement text of at least one role.
	t.Run("requirements", func(t *testing.T) {
		for _, kw := range []string{
			"kaufmännische Ausbildung", "mehrjährige Berufserfahrung", "gute Englischkenntnisse",
			"MS-Office", "Textverarbeitung", "Tabellenkalkulation", "fehlerfreies Deutsch",
			"Organisationstalent", "Verantwortungsbewusstsein", "Projektmanagement",
			"Kommunikationsfähigkeit", "Empathie", "Gedächtnis", "Teamgeist",
			"freundliches Auftreten", "Serviceorientierung", "Genauigkeit", "Liebe zum Detail",
			"Umgang mit Führungskräften",
		} {
			t.Run(kw, func(t *testing.T) {
				if !anyRole(set.Roles, func(r Role) bool {
					return slices.ContainsFunc(r.Requirements, func(q Requirement) bool { return containsFold(q.Text.DE, kw) })
				}) {
					t.Errorf("no role has a requirement whose German text contains %q", kw)
				}
			})
		}
	})

	t.Run("industries", func(t *testing.T) {
		for _, kw := range []string{"Finanzbranche", "Krankenhaus", "Industriebetrieb", "Kleine Unternehmen", "Große Unternehmen"} {
			if !anyRole(set.Roles, func(r Role) bool {
				return slices.ContainsFunc(r.Industries, func(n IndustryNote) bool { return containsFold(n.Industry.DE, kw) })
			}) {
				t.Errorf("no role has an industry note for %q", kw)
			}
		}
	})

	t.Run("outlook", func(t *testing.T) {
		r := role(t, "backoffice-manager")
		var text strings.Builder
		for _, f := range r.Outlook {
			text.WriteString(f.Text.DE + "\n")
		}
		for _, city := range []string{"Hamburg", "Berlin", "München"} {
			if !strings.Contains(text.String(), city) {
				t.Errorf("backoffice-manager outlook does not mention %s", city)
			}
		}
		if !containsFold(text.String(), "IT-Bereich") || !containsFold(text.String(), "digitale Transformation") {
			t.Error("backoffice-manager outlook should mention the IT sector and the digital transformation")
		}
	})

	t.Run("career-moves", func(t *testing.T) {
		for _, m := range []struct{ from, to string }{
			{"backoffice-mitarbeiter", "backoffice-manager"},
			{"backoffice-mitarbeiter", "back-office-administrator"},
			{"back-office-administrator", "bueroleiter"},
		} {
			r := role(t, m.from)
			if !slices.ContainsFunc(r.MovesTo, func(c CareerMove) bool { return c.Role == m.to && len(c.Sources) > 0 }) {
				t.Errorf("role %q has no sourced move to %q", m.from, m.to)
			}
			r = role(t, m.to)
			if !slices.ContainsFunc(r.MovesFrom, func(c CareerMove) bool { return c.Role == m.from }) {
				t.Errorf("role %q has no move from %q", m.to, m.from)
			}
		}
	})

	t.Run("durations", func(t *testing.T) {
		courses := map[string]Course{}
		for _, c := range set.Courses {
			courses[c.Slug] = c
			// The only duration any source gives is three years (003).
			if d := c.Duration; d != nil && (d.Min != 3 || d.Max != 3 || d.Unit != "years" || d.Source != src003) {
				t.Errorf("course %q: duration %+v is not the sourced three years from %s", c.Slug, *d, src003)
			}
		}
		for _, p := range set.Paths {
			for i, st := range p.Steps {
				if d := st.Duration; d != nil && (d.Min != 3 || d.Max != 3 || d.Unit != "years" || d.Source != src003) {
					t.Errorf("path %q step %d: duration %+v is not the sourced three years from %s", p.Slug, i, *d, src003)
				}
			}
		}
		for _, want := range []struct{ providerType, format, title string }{
			{"betrieb-berufsschule", "dual", "Kaufmann/Kauffrau für Büromanagement"},
			{"hochschule", "praesenz", "BWL"},
		} {
			i := slices.IndexFunc(set.Courses, func(c Course) bool {
				return c.ProviderType == want.providerType && c.Format == want.format && strings.Contains(c.Title.DE, want.title)
			})
			if i < 0 {
				t.Errorf("no %s/%s course titled %q", want.providerType, want.format, want.title)
				continue
			}
			c := set.Courses[i]
			if d := c.Duration; d == nil || d.Min != 3 || d.Max != 3 || d.Unit != "years" || d.Source != src003 {
				t.Errorf("course %q: duration = %+v, want 3 years sourced to %s", c.Slug, d, src003)
			}
		}
		if c, ok := courses["bachelor-bwl"]; !ok || !slices.ContainsFunc(c.Prerequisites, func(x Text) bool {
			return strings.Contains(x.DE, "Abitur") && strings.Contains(x.DE, "Hochschulzugangsberechtigung")
		}) {
			t.Error("course bachelor-bwl must name Abitur or another Hochschulzugangsberechtigung as prerequisite")
		}
	})

	t.Run("further-training", func(t *testing.T) {
		var found int
		for _, c := range set.Courses {
			if !slices.Contains(c.Roles, "backoffice-manager") || !slices.Contains(c.Sources, src001) {
				continue
			}
			if c.Format != "fernstudium" && !strings.Contains(c.Title.DE, "berufsbegleitend") && !strings.Contains(c.Title.DE, "Berufsbegleitend") {
				continue
			}
			found++
			for _, topic := range []string{
				"Telekommunikation", "Rechnungswesen und Controlling", "Fremdsprachen",
				"Recht, Steuern und Finanzen", "Personalwesen", "Marketing und Werbung",
			} {
				if !slices.ContainsFunc(c.Topics, func(x Text) bool { return x.DE == topic }) {
					t.Errorf("course %q lacks topic %q", c.Slug, topic)
				}
			}
			for _, pre := range []string{"Kaufmännische Ausbildung", "mehrjährige Berufserfahrung", "gute Englischkenntnisse"} {
				if !slices.ContainsFunc(c.Prerequisites, func(x Text) bool { return containsFold(x.DE, pre) }) {
					t.Errorf("course %q lacks prerequisite %q", c.Slug, pre)
				}
			}
		}
		if found != 2 {
			t.Errorf("found %d further-training courses to Backoffice-Manager (Fernstudium and berufsbegleitend), want 2", found)
		}
	})
}

func anyRole(roles []Role, f func(Role) bool) bool { return slices.ContainsFunc(roles, f) }

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// TestCuratedRejects checks that Load rejects curated content that breaks the
// rules the curated files rely on, and says where and why.
func TestCuratedRejects(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"sources.yaml": {Data: []byte(`sources:
  - id: 003_652bf3174c3e923e.txt
    title: Quelle
    retrieved: "2026-11-22"
    covers: {de: Ausbildung, en: Training}
`)},
			"skills.yaml": {Data: []byte(`skills:
` + tinySkill("a") + tinySkill("b") + tinySkill("c") + tinySkill("d") + tinySkill("e"))},
			"roles.yaml": {Data: []byte(tinyRole())},
			"courses.yaml": {Data: []byte(`courses:
  - slug: kurs
    title: {de: Kurs, en: Course}
    providerType: berufsschule
    format: praesenz
    summary: {de: Kurs, en: Course}
    duration: {min: 3, max: 3, unit: years, source: 003_652bf3174c3e923e.txt}
    skills: [a]
    roles: [rolle]
    sources: [003_652bf3174c3e923e.txt]
`)},
			"paths.yaml": {Data: []byte(`paths:
  - slug: weg
    title: {de: Weg, en: Path}
    summary: {de: Weg, en: Path}
    targetRole: rolle
    audience: [schulabgaenger]
    steps:
      - {kind: training, title: {de: A, en: A}, summary: {de: A, en: A}, course: kurs, duration: {min: 3, max: 3, unit: years, source: 003_652bf3174c3e923e.txt}}
      - {kind: experience, title: {de: B, en: B}, summary: {de: B, en: B}}
    sources: [003_652bf3174c3e923e.txt]
`)},
		}
	}

	t.Run("base-is-valid", func(t *testing.T) {
		if _, err := Load(base()); err != nil {
			t.Fatalf("the valid base content is rejected: %v", err)
		}
	})

	cases := []struct {
		name   string
		file   string
		edit   func(string) string
		field  string // full key in the error: "file: kind[i].field"
		reason string
	}{
		{
			name:   "course duration without source",
			file:   "courses.yaml",
			edit:   func(s string) string { return strings.Replace(s, ", source: 003_652bf3174c3e923e.txt}", "}", 1) },
			field:  "courses.yaml: courses[0].duration.source",
			reason: "is required",
		},
		{
			name: "course duration with unknown source",
			file: "courses.yaml",
			edit: func(s string) string {
				return strings.Replace(s, "source: 003_652bf3174c3e923e.txt}", "source: 009_0000000000000000.txt}", 1)
			},
			field:  "courses.yaml: courses[0].duration.source",
			reason: `unknown source "009_0000000000000000.txt"`,
		},
		{
			name:   "path step duration without source",
			file:   "paths.yaml",
			edit:   func(s string) string { return strings.Replace(s, ", source: 003_652bf3174c3e923e.txt}", "}", 1) },
			field:  "paths.yaml: paths[0].steps[0].duration.source",
			reason: "is required",
		},
		{
			name:   "checklist with unknown skill",
			file:   "roles.yaml",
			edit:   func(s string) string { return strings.Replace(s, "skill: e,", "skill: zauberei,", 1) },
			field:  "roles.yaml: roles[0].checklist[4].skill",
			reason: `unknown skill "zauberei"`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := base()
			before := string(fsys[c.file].Data)
			after := c.edit(before)
			if after == before {
				t.Fatalf("test setup: edit did not change %s", c.file)
			}
			fsys[c.file] = &fstest.MapFile{Data: []byte(after)}

			set, err := Load(fsys)
			if err == nil {
				t.Fatalf("Load accepted %s (got %d courses), want an error", c.name, len(set.Courses))
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
				t.Fatalf("Load error = %v, want an Invalid *apperr.Error", err)
			}
			if got, ok := ae.Fields[c.field]; !ok || got != c.reason {
				t.Errorf("Load error fields = %q, want %q: %q", ae.Fields, c.field, c.reason)
			}
			if msg := err.Error(); !strings.Contains(msg, c.field+": "+c.reason) {
				t.Errorf("Load error message %q does not name file, field and reason (%q)", msg, c.field+": "+c.reason)
			}
		})
	}
}

func tinySkill(slug string) string {
	return `  - {slug: ` + slug + `, name: {de: ` + slug + `, en: ` + slug + `}, category: fachlich, description: {de: x, en: x}, sources: [003_652bf3174c3e923e.txt]}
`
}

func tinyRole() string {
	task := `      - {text: {de: Aufgabe, en: Task}, sources: [003_652bf3174c3e923e.txt]}
`
	req := `      - {kind: persoenlich, text: {de: Anforderung, en: Requirement}, sources: [003_652bf3174c3e923e.txt]}
`
	var items strings.Builder
	for _, s := range []string{"a", "b", "c", "d", "e"} {
		items.WriteString(`      - {skill: ` + s + `, level: 2, essential: true, evidence: {de: Zeugnis, en: Certificate}, sources: [003_652bf3174c3e923e.txt]}
`)
	}
	return `roles:
  - slug: rolle
    title: {de: Rolle, en: Role}
    level: einstieg
    summary: {de: Rolle, en: Role}
    description: {de: Rolle, en: Role}
    tasks:
` + task + task + task + `    requirements:
` + req + req + req + `    checklist:
` + items.String() + `    sources: [003_652bf3174c3e923e.txt]
`
}
