package searchtest

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// The relevance set (relevance.yaml) is real-world queries, German and
// English, with typos, places and compounds, each with a judgment saying
// which documents should come first. Relevance evaluates it on a fixed
// corpus (the contract fixture, a few postings written for the set, and
// 2,000 generated postings) through the same logic the API uses: a job
// query is read by search.Lexicon (places, employment and work-mode words
// become filters) and sent to the engine.

//go:embed relevance.yaml
var relevanceYAML []byte

// RelevanceCase is one query of the relevance set.
type RelevanceCase struct {
	Query string `yaml:"query"`
	// Kind is the index: jobs (default), courses or roles.
	Kind string `yaml:"kind"`
	// Relevant says which documents are relevant; every condition given
	// must hold.
	Relevant Judgment `yaml:"relevant"`
	Note     string   `yaml:"note"`
}

// Judgment describes the relevant documents. Text conditions match a
// substring of the folded text (lowercase, umlauts as plain vowels); list
// conditions match any of their values.
type Judgment struct {
	IDs            []string `yaml:"ids"`
	Title          []string `yaml:"title"`
	Text           []string `yaml:"text"` // title, description and skill names
	EmploymentType []string `yaml:"employmentType"`
	Remote         []string `yaml:"remote"`
	City           []string `yaml:"city"`
	Bundesland     []string `yaml:"bundesland"`
	Skills         []string `yaml:"skills"`
}

// RelevanceCases returns the relevance set.
func RelevanceCases(tb testing.TB) []RelevanceCase {
	tb.Helper()
	var cs []RelevanceCase
	dec := yaml.NewDecoder(bytes.NewReader(relevanceYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&cs); err != nil {
		tb.Fatalf("relevance.yaml: %v", err)
	}
	return cs
}

// relevanceGenerated is the size of the generated part of the corpus.
const relevanceGenerated = 2000

// ContentVocabulary fills the posting generator from the curated content.
func ContentVocabulary(tb testing.TB) Vocabulary {
	tb.Helper()
	set, err := content.Load(content.Curated())
	if err != nil {
		tb.Fatal(err)
	}
	var v Vocabulary
	for _, r := range set.Roles {
		vr := VocabRole{Slug: r.Slug, Title: r.Title.DE}
		for _, t := range r.Tasks {
			vr.Tasks = append(vr.Tasks, t.Text.DE)
			v.Tasks = append(v.Tasks, t.Text.DE)
		}
		v.Roles = append(v.Roles, vr)
	}
	for _, s := range set.Skills {
		v.Skills = append(v.Skills, VocabSkill{Slug: s.Slug, Name: s.Name.DE})
	}
	return v
}

// RelevanceCorpus returns the fixed corpus of the relevance set.
func RelevanceCorpus(tb testing.TB) (jobs []search.JobDoc, courses, roles []search.Document) {
	tb.Helper()
	jobs = append(Jobs(), relevanceJobs()...)
	jobs = append(jobs, GenerateJobs(relevanceGenerated, 15, ContentVocabulary(tb))...)
	for i := range jobs {
		if !jobs[i].HasGeo {
			if p, ok := places.Germany().LookupIn(jobs[i].City, jobs[i].Bundesland); ok {
				jobs[i].Lat, jobs[i].Lng, jobs[i].HasGeo = p.Lat, p.Lng, true
			}
		}
	}
	courses = append(Courses(), search.Document{ID: "textverarbeitung-tabellenkalkulation", Fields: map[string]any{
		"title": "Textverarbeitung und Tabellenkalkulation", "titleEn": "Word processing and spreadsheets",
		"skillNames": []string{"Textverarbeitung", "Tabellenkalkulation"},
		"summary":    "Briefe, Serienbriefe und Tabellen mit Formeln und Diagrammen sicher erstellen.",
		"format":     "online", "providerType": "volkshochschule",
		"skills": []string{"textverarbeitung", "tabellenkalkulation"}, "roles": []string{"backoffice-mitarbeiter"}, "durationMonths": 2,
	}})
	roles = append(Roles(), search.Document{ID: "back-office-administrator", Fields: map[string]any{
		"title": rtAdministrator, "altTitles": []string{"Backoffice-Administrator/in"}, "titleEn": "Back office administrator",
		"summary": "Sorgt im Hintergrund für verlässliche Daten, gepflegte Systeme und die Einhaltung von Vorschriften.",
		"tasks":   []string{"Datenbanken pflegen", "Die Website aktualisieren"}, "level": "fachkraft", "specializations": []string{},
	}})
	return jobs, courses, roles
}

// relevanceJobs are postings written for the relevance set: words the
// generated corpus does not use.
func relevanceJobs() []search.JobDoc {
	j := func(id, title, city, bl, typ, remote, desc string, skills ...string) search.JobDoc {
		return search.JobDoc{ID: id, Title: title, Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter, EmployerID: "e-" + id,
			Employer: "Relevanz " + id + " GmbH", City: city, Bundesland: bl, PostalCode: "00000", Remote: remote, EmploymentType: typ,
			SalaryMin: 36000, SalaryMax: 42000, SalaryPeriod: "year", SalaryYearMax: 42000, Skills: skills, SkillNames: skills,
			Description: desc, PublishedAt: day(30)}
	}
	return []search.JobDoc{
		j("x-finanzbuchhaltung", "Finanzbuchhaltung (m/w/d)", "Hamburg", "HH", "vollzeit", "onsite",
			"Sie buchen laufende Geschäftsvorfälle und bereiten Abschlüsse vor."),
		j("x-sekretaerin", "Sekretärin der Geschäftsleitung (m/w/d)", "Köln", "NW", "vollzeit", "onsite",
			"Terminplanung, Korrespondenz und Reiseorganisation für die Geschäftsleitung."),
		j("x-rezeption", "Mitarbeiter Rezeption (m/w/d)", "Berlin", "BE", "teilzeit", "onsite",
			"Sie begrüßen unsere Gäste und nehmen Anrufe entgegen."),
		j("x-front-office", "Front Office Mitarbeiter (m/w/d)", "Frankfurt am Main", "HE", "vollzeit", "onsite",
			"Gästebetreuung, Telefon und Post."),
		j("x-office-assistant", "Office Assistant (m/w/d)", "Berlin", "BE", "vollzeit", "hybrid",
			"You support our team with scheduling, travel and office supplies. Englisch fließend."),
		j("x-kundenservice-remote", "Sachbearbeitung Kundenservice (m/w/d) – 100 % Homeoffice", "Leipzig", "SN", "vollzeit", "remote",
			"Sie beantworten Kundenanfragen per Telefon und E-Mail."),
		j("x-datev", "Lohnbuchhalter (m/w/d) DATEV", "Hannover", "NI", "vollzeit", "hybrid",
			"Entgeltabrechnung mit DATEV Lohn und Gehalt."),
		j("x-sap", "Sachbearbeiter Einkauf SAP (m/w/d)", "Mannheim", "BW", "vollzeit", "onsite",
			"Bestellabwicklung im SAP MM, Lieferantenkontakt."),
		j("x-minijob-bremen", "Bürohilfe auf Minijob-Basis (m/w/d)", "Bremen", "HB", "minijob", "onsite",
			"Ablage, Post und Telefon an zwei Vormittagen."),
	}
}

// RelevanceResult is the outcome of one case.
type RelevanceResult struct {
	Case RelevanceCase
	// Judged is the number of relevant documents in the corpus.
	Judged int
	// First is the rank (from 1) of the first relevant hit, 0 if none in
	// the first page.
	First int
	// PrecisionAt5 is the share of relevant hits among the first five,
	// out of at most the number of relevant documents.
	PrecisionAt5 float64
	Top          []string
}

// RelevanceReport sums up a run of the set.
type RelevanceReport struct {
	Results []RelevanceResult
	// MeanPrecisionAt5 is the mean of the cases' precision@5.
	MeanPrecisionAt5 float64
	// FirstInTop3 is the share of cases whose first relevant hit is in the
	// top 3.
	FirstInTop3 float64
}

// Relevance loads the relevance corpus into a fresh engine from open and
// runs the relevance set; it fails the test for a case without a relevant
// document in the corpus (a broken judgment) and for every case whose first
// relevant hit is not in the top 3.
func Relevance(t *testing.T, open func(t *testing.T) search.Index) RelevanceReport {
	t.Helper()
	ix := open(t)
	ctx := context.Background()
	for _, s := range []search.Schema{search.JobSchema, search.CourseSchema, search.RoleSchema} {
		if err := ix.Apply(ctx, s); err != nil {
			t.Fatalf("Apply(%s): %v", s.Kind, err)
		}
	}
	jobs, courses, roles := RelevanceCorpus(t)
	jobDocs := make([]search.Document, len(jobs))
	byID := map[string]search.JobDoc{}
	for i, j := range jobs {
		jobDocs[i] = j.Document()
		byID[j.ID] = j
	}
	for kind, docs := range map[search.Kind][]search.Document{search.Jobs: jobDocs, search.Courses: courses, search.Roles: roles} {
		if err := ix.Upsert(ctx, kind, docs); err != nil {
			t.Fatalf("Upsert(%s): %v", kind, err)
		}
	}
	lex := search.NewLexicon(Words(t), places.Germany())
	var rep RelevanceReport
	inTop3 := 0
	for _, c := range RelevanceCases(t) {
		kind := search.Kind(c.Kind)
		if kind == "" {
			kind = search.Jobs
		}
		q := search.Query{Text: c.Query}
		if kind == search.Jobs {
			q = lex.Understand(c.Query).JobQuery()
		}
		q.Page, q.Limit = 1, 20
		res, err := ix.Search(ctx, kind, q)
		if err != nil {
			t.Fatalf("%s %q: %v", kind, c.Query, err)
		}
		relevant := func(id string, fields map[string]any) bool {
			if kind == search.Jobs {
				return c.Relevant.matchJob(byID[id])
			}
			return slices.Contains(c.Relevant.IDs, id)
		}
		judged := 0
		if kind == search.Jobs {
			for _, j := range jobs {
				if c.Relevant.matchJob(j) {
					judged++
				}
			}
		} else {
			judged = len(c.Relevant.IDs)
		}
		r := RelevanceResult{Case: c, Judged: judged}
		hits5 := 0
		for i, h := range res.Hits {
			if len(r.Top) < 5 {
				r.Top = append(r.Top, h.ID)
			}
			if relevant(h.ID, h.Fields) {
				if r.First == 0 {
					r.First = i + 1
				}
				if i < 5 {
					hits5++
				}
			}
		}
		if judged > 0 {
			r.PrecisionAt5 = float64(hits5) / float64(min(5, judged))
		}
		switch {
		case judged == 0:
			t.Errorf("%s %q: no document of the corpus is relevant; fix the judgment", kind, c.Query)
		case r.First == 0 || r.First > 3:
			t.Errorf("%s %q: first relevant hit at rank %d (want top 3); top: %v", kind, c.Query, r.First, r.Top)
		default:
			inTop3++
		}
		rep.MeanPrecisionAt5 += r.PrecisionAt5
		rep.Results = append(rep.Results, r)
	}
	if n := len(rep.Results); n > 0 {
		rep.MeanPrecisionAt5 /= float64(n)
		rep.FirstInTop3 = float64(inTop3) / float64(n)
	}
	return rep
}

// String renders the report as a table for logs and docs/BENCHMARKS.md.
func (r RelevanceReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d queries: mean precision@5 %.3f, first relevant hit in top 3: %.1f %%\n", len(r.Results), r.MeanPrecisionAt5, 100*r.FirstInTop3)
	for _, x := range r.Results {
		kind := x.Case.Kind
		if kind == "" {
			kind = "jobs"
		}
		fmt.Fprintf(&b, "  %-8s %-40q first %2d  P@5 %.2f  (%d relevant)\n", kind, x.Case.Query, x.First, x.PrecisionAt5, x.Judged)
	}
	return b.String()
}

func fold(s string) string {
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss").Replace(strings.ToLower(s))
}

func containsAny(text string, subs []string) bool {
	t := fold(text)
	return slices.ContainsFunc(subs, func(s string) bool { return strings.Contains(t, fold(s)) })
}

func (jd Judgment) matchJob(j search.JobDoc) bool {
	switch {
	case len(jd.IDs) > 0 && !slices.Contains(jd.IDs, j.ID):
		return false
	case len(jd.Title) > 0 && !containsAny(j.Title, jd.Title):
		return false
	case len(jd.Text) > 0 && !containsAny(j.Title+" "+j.Description+" "+strings.Join(j.SkillNames, " "), jd.Text):
		return false
	case len(jd.EmploymentType) > 0 && !slices.Contains(jd.EmploymentType, j.EmploymentType):
		return false
	case len(jd.Remote) > 0 && !slices.Contains(jd.Remote, j.Remote):
		return false
	case len(jd.City) > 0 && !slices.Contains(jd.City, j.City):
		return false
	case len(jd.Bundesland) > 0 && !slices.Contains(jd.Bundesland, j.Bundesland):
		return false
	case len(jd.Skills) > 0 && !slices.ContainsFunc(jd.Skills, func(s string) bool { return slices.Contains(j.Skills, s) }):
		return false
	}
	return true
}
