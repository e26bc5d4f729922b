package frontend

import (
	"compress/gzip"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
)

// jobFixture are the postings of the job page tests: two open ones in the
// database and the index, a withdrawn one, and listings put straight into
// the index (for paging and for hostile text that validation keeps out of
// the database).
type jobFixture struct {
	*testEnv
	berlin, munich, withdrawn string
}

func postingInput() jobs.Input {
	return jobs.Input{
		Title: "Backoffice-Mitarbeiter (m/w/d)", Role: "backoffice-mitarbeiter",
		Description: "## Ihre Aufgaben\n\nSie organisieren das Büro und betreuen Kunden am Telefon und per E-Mail. " +
			strings.Repeat("Sie pflegen Kundendaten und bereiten Angebote vor. ", 8) + "\n\n<script>alert('xss')</script>",
		Tasks:    []string{"Post bearbeiten", "Termine koordinieren"},
		Skills:   []jobs.SkillRequirement{{Slug: "geschaeftskorrespondenz", Essential: true}, {Slug: "buchhaltung-grundlagen"}},
		Location: jobs.Location{PostalCode: "10115", City: "Berlin", Bundesland: "BE", Street: "Unter den Linden 1"},
		Remote:   jobs.Remote{Mode: "onsite"}, Employment: jobs.Employment{Type: "vollzeit"}, StartDate: "2027-01-01",
		Benefits: []string{"Jobticket"}, Contact: &jobs.Contact{Name: "Frau Berg", Email: "jobs@muster.example"},
		Apply:  jobs.HowToApply{Method: "platform"},
		Salary: jobs.Salary{Min: 36000, Max: 42000, Period: jobs.PerYear, Currency: "EUR"},
	}
}

func newJobFixture(t *testing.T) *jobFixture {
	t.Helper()
	ctx := context.Background()
	f := &jobFixture{testEnv: newTestEnv(t)}
	emp := f.Accounts.User(t, "chef@example.de", account.Employer, true)
	publish := func(in jobs.Input) string {
		t.Helper()
		p, _, err := f.Jobs.Create(ctx, emp.OrgID, emp.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.Jobs.Publish(ctx, emp.OrgID, emp.ID, p.ID, nil); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	f.berlin = publish(postingInput())
	in := postingInput()
	in.Title = "Sachbearbeiter/in Buchhaltung"
	in.Location = jobs.Location{PostalCode: "80331", City: "München", Bundesland: "BY"}
	in.Remote = jobs.Remote{Mode: "hybrid", DaysPerWeek: 2}
	in.Employment = jobs.Employment{Type: "teilzeit", HoursPerWeek: 20, FixedTerm: true}
	in.Salary = jobs.Salary{Min: 18.5, Max: 21, Period: jobs.PerHour, Currency: "EUR"}
	in.Apply = jobs.HowToApply{Method: "external", URL: "https://muster.example/bewerben"}
	f.munich = publish(in)
	in = postingInput()
	in.Title = "Assistenz der Geschäftsführung"
	f.withdrawn = publish(in)
	if _, err := f.Jobs.Close(ctx, emp.OrgID, emp.ID, f.withdrawn, jobs.Withdrawn); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	// 45 listings in Köln for paging, one with a hostile title.
	var docs []search.Document
	for i := range 45 {
		d := search.JobDoc{ID: fmt.Sprintf("p_koeln_%02d", i), Title: fmt.Sprintf("Bürokraft Köln %02d", i), Role: "back-office-administrator",
			Employer: "Rhein GmbH", City: "Köln", Bundesland: "NW", PostalCode: "50667", Remote: "remote", EmploymentType: "minijob",
			SalaryMin: 538, SalaryMax: 538, SalaryPeriod: "month", Description: "Ablage und Post", PublishedAt: time.Now().Add(-time.Duration(i) * time.Hour)}
		if i == 0 {
			d.Title = `<script>alert("titel")</script> Bürokraft`
			d.Employer = `<img src=x onerror=alert(1)>`
		}
		docs = append(docs, d.Document())
	}
	if err := f.Index.Upsert(ctx, search.Jobs, docs); err != nil {
		t.Fatal(err)
	}
	return f
}

// page checks what every page must have: the status, the language, the
// canonical URL and the hreflang alternates.
func (f *jobFixture) page(t *testing.T, path string, status int, lang string, wants ...string) string {
	t.Helper()
	resp, body := f.get(t, path)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d", path, resp.StatusCode, status)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET %s: content type %q", path, ct)
	}
	mustContain(t, body, `<html lang="`+lang+`"`, `<link rel="canonical" href="http`, `hreflang="de"`, `hreflang="en"`)
	mustContain(t, body, wants...)
	return body
}

func mustNotContain(t testing.TB, body string, bans ...string) {
	t.Helper()
	for _, b := range bans {
		if strings.Contains(body, b) {
			t.Errorf("page contains %q", b)
		}
	}
}

// hrefs returns the unescaped href values of body's links and forms.
func hrefs(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestJobSearchPage(t *testing.T) {
	f := newJobFixture(t)

	t.Run("all open jobs with facets and pay per period", func(t *testing.T) {
		body := f.page(t, "/jobs", 200, "de", "Backoffice-Mitarbeiter (m/w/d)", "Sachbearbeiter/in Buchhaltung",
			"47 offene Stellen", "36.000\u00a0€ – 42.000\u00a0€ pro Jahr", "18,50\u00a0€ – 21\u00a0€ pro Stunde", "538\u00a0€ pro Monat",
			`name="bundesland" value="BE"`, `name="bundesland" value="NW"`, "Nordrhein-Westfalen <span class=\"count\">(45)</span>",
			`name="remote" value="hybrid"`, `name="employmentType" value="teilzeit"`, `name="skill" value="geschaeftskorrespondenz"`,
			`name="salaryMin" value="40000"`, `data-live="job-results"`, `<button type="submit"`, "Hybrid", "Teilzeit", "befristet")
		mustNotContain(t, body, "Assistenz der Geschäftsführung")
	})

	t.Run("hostile text comes out escaped", func(t *testing.T) {
		body := f.page(t, "/jobs?bundesland=NW&sort=date", 200, "de", "&lt;script&gt;alert(&#34;titel&#34;)&lt;/script&gt; Bürokraft", "&lt;img src=x onerror=alert(1)&gt;")
		mustNotContain(t, body, `<script>alert("titel")`, "<img src=x")
		q := url.QueryEscape(`<script>alert("q")</script>`)
		body = f.page(t, "/jobs?q="+q, 200, "de", "&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;")
		mustNotContain(t, body, `<script>alert("q")`)
	})

	t.Run("facets narrow and disjunctive counts stay", func(t *testing.T) {
		body := f.page(t, "/jobs?bundesland=BE", 200, "de", "1 offene Stelle", "Backoffice-Mitarbeiter (m/w/d)",
			`value="BE" checked`, "Bayern <span class=\"count\">(1)</span>", `<meta name="robots" content="noindex">`)
		mustNotContain(t, body, "Sachbearbeiter/in Buchhaltung")
		f.page(t, "/jobs?remote=hybrid&employmentType=teilzeit", 200, "de", "1 offene Stelle", "Sachbearbeiter/in Buchhaltung")
		f.page(t, "/jobs?salaryMin=40000", 200, "de", "2 offene Stellen") // 42,000 a year; 21 € an hour is 43,680
		f.page(t, "/jobs?salaryMin=50000", 200, "de", "Keine Stelle passt")
		f.page(t, "/jobs?fixedTerm=true", 200, "de", "1 offene Stelle", "Sachbearbeiter/in Buchhaltung")
	})

	t.Run("links keep the other filters", func(t *testing.T) {
		body := f.page(t, "/jobs?q=B%C3%BCrokraft&remote=remote&bundesland=NW&page=2", 200, "de", `aria-current="page">2</a>`)
		links := hrefs(body)
		want := []string{
			"/jobs?bundesland=NW&q=B%C3%BCrokraft&remote=remote",        // page 1 and the previous page
			"/jobs?bundesland=NW&page=3&q=B%C3%BCrokraft&remote=remote", // next
			"/jobs?q=B%C3%BCrokraft&remote=remote",                      // drop the Bundesland
			"/jobs?bundesland=NW&q=B%C3%BCrokraft",                      // drop remote
			"/jobs?bundesland=NW&remote=remote",                         // drop the text
		}
		for _, w := range want {
			found := false
			for _, l := range links {
				found = found || l == w
			}
			if !found {
				t.Errorf("no link %s", w)
			}
		}
		mustContain(t, body, `rel="canonical" href="`+f.Site.base.String()+`/jobs?bundesland=NW&amp;page=2&amp;q=B%C3%BCrokraft&amp;remote=remote"`)
	})

	t.Run("unknown values are dropped, a page past the end goes to the last", func(t *testing.T) {
		body := f.page(t, "/jobs?remote=moon&bundesland=XX&salaryMin=abc&page=-3", 200, "de", "47 offene Stellen", `rel="canonical" href="`+f.Site.base.String()+`/jobs"`)
		mustNotContain(t, body, "moon")
		resp, _ := f.get(t, "/jobs?bundesland=NW&page=9")
		if resp.StatusCode != 302 || resp.Header.Get("Location") != "/jobs?bundesland=NW&page=3" {
			t.Fatalf("past the end: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})

	t.Run("place and distance", func(t *testing.T) {
		body := f.page(t, "/jobs?where=Muenchen&radius=50&sort=distance", 200, "de", "1 offene Stelle", "Sachbearbeiter/in Buchhaltung", "München &#43; 50 km",
			`<option value="distance" selected>`, `<option value="50" selected>`)
		mustNotContain(t, body, "Backoffice-Mitarbeiter (m/w/d)")
		f.page(t, "/jobs?where=Atlantis", 200, "de", "Den Ort „Atlantis“ kennen wir nicht", `aria-invalid="true"`, "47 offene Stellen")
		// Place and employment words in the text are read as filters, as the API reads them.
		body = f.page(t, "/jobs?q="+url.QueryEscape("Teilzeit in München"), 200, "de", "1 offene Stelle", "Sachbearbeiter/in Buchhaltung", "in München")
		mustNotContain(t, body, "Bürokraft Köln")
	})

	t.Run("English", func(t *testing.T) {
		f.page(t, "/jobs?lang=en", 200, "en", "47 open positions", "€36,000 – €42,000 per year", "€18.50 – €21 per hour", "Part time", "Federal state")
	})

	t.Run("empty result offers to drop filters", func(t *testing.T) {
		body := f.page(t, "/jobs?q=Astronaut&bundesland=BE", 200, "de", "Keine Stelle passt", "Entfernen Sie einen Filter", "Alle Filter entfernen")
		links := hrefs(body)
		for _, w := range []string{"/jobs?bundesland=BE", "/jobs?q=Astronaut"} {
			found := false
			for _, l := range links {
				found = found || l == w
			}
			if !found {
				t.Errorf("no link %s", w)
			}
		}
	})
}

func TestJobPage(t *testing.T) {
	f := newJobFixture(t)

	t.Run("open posting", func(t *testing.T) {
		body := f.page(t, "/jobs/"+f.berlin, 200, "de", "<h1>Backoffice-Mitarbeiter (m/w/d)</h1>", "Kanzlei chef", "Ihre Aufgaben</h2>",
			`href="/kompetenzen/geschaeftskorrespondenz"`, "36.000\u00a0€ – 42.000\u00a0€ pro Jahr", "Vor Ort", "Vollzeit", "01.01.2027",
			"Ausgeschrieben bis", `<script type="application/ld+json">`, `"@type":"JobPosting"`, `href="/berufe/backoffice-mitarbeiter"`,
			`href="mailto:jobs@muster.example"`, "Anmelden, um sich zu bewerben oder die Stelle zu merken", `href="/anmelden?weiter=%2Fjobs%2F`+f.berlin+`"`)
		mustNotContain(t, body, "<script>alert('xss')")
		if resp, _ := f.get(t, "/jobs/"+f.berlin); resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("cache control %q", resp.Header.Get("Cache-Control"))
		}
	})

	t.Run("hourly pay shows its period and the year", func(t *testing.T) {
		f.page(t, "/jobs/"+f.munich, 200, "de", "18,50\u00a0€ – 21\u00a0€ pro Stunde", "38.480\u00a0€ – 43.680\u00a0€ pro Jahr", "2 Tage pro Woche", "20 Stunden pro Woche",
			`href="https://muster.example/bewerben"`, "befristet")
		f.page(t, "/jobs/"+f.munich+"?lang=en", 200, "en", "€18.50 – €21 per hour", "Part time", "Apply on the employer")
	})

	t.Run("withdrawn posting is gone, with similar open jobs", func(t *testing.T) {
		body := f.page(t, "/jobs/"+f.withdrawn, 410, "de", "Der Arbeitgeber hat diese Stelle zurückgezogen", "Ähnliche offene Stellen", "/jobs/"+f.berlin)
		mustNotContain(t, body, "application/ld+json", "Anmelden, um")
		f.page(t, "/jobs/"+f.withdrawn+"?lang=en", 410, "en", "The employer has withdrawn this position")
	})

	t.Run("unknown and malformed ids", func(t *testing.T) {
		f.page(t, "/jobs/p_0000000000000000", 404, "de", "Seite nicht gefunden")
		f.page(t, "/jobs/"+url.PathEscape("<script>"), 404, "de", "Seite nicht gefunden")
		f.page(t, "/jobs/p_koeln_01", 404, "de") // in the index, not in the database
	})
}

func TestSearchAndCoursePages(t *testing.T) {
	f := newJobFixture(t)

	t.Run("grouped search", func(t *testing.T) {
		body := f.page(t, "/suche?q=Backoffice", 200, "de", `href="/berufe/backoffice-manager"`, `href="/jobs?q=Backoffice"`, `href="/weiterbildung?q=Backoffice"`,
			`href="/berufe"`, "Backoffice-Mitarbeiter (m/w/d)", `<h2 id="g-jobs">Jobs <span class="count">(`)
		mustContain(t, body, `value="Backoffice"`)
		f.page(t, "/suche?q=Backoffice&lang=en", 200, "en", "Search results", "See all")
		// The jobs group reads place and employment words as the job search does.
		body = f.page(t, "/suche?q="+url.QueryEscape("Teilzeit München"), 200, "de", "Sachbearbeiter/in Buchhaltung", `<h2 id="g-jobs">Jobs <span class="count">(1)</span>`)
		mustNotContain(t, body, "Backoffice-Mitarbeiter (m/w/d)</a>")
		f.page(t, "/suche", 200, "de", `id="suche-q"`)
		body = f.page(t, "/suche?q="+url.QueryEscape("<script>x</script>"), 200, "de", "&lt;script&gt;x&lt;/script&gt;")
		mustNotContain(t, body, "<script>x</script>")
	})

	t.Run("course search", func(t *testing.T) {
		body := f.page(t, "/weiterbildung", 200, "de", `name="format" value="`, `name="providerType" value="`, `name="role" value="`, `name="skill" value="`,
			`href="/weiterbildung/`, `data-live="course-results"`)
		mustNotContain(t, body, `content="noindex"`)
		body = f.page(t, "/weiterbildung?format=fernstudium&role=backoffice-manager", 200, "de", `value="fernstudium" checked`, `<meta name="robots" content="noindex">`)
		if !strings.Contains(body, "/weiterbildung?role=backoffice-manager\"") {
			t.Error("no chip dropping the format and keeping the role")
		}
		f.page(t, "/weiterbildung?lang=en", 200, "en", "Find training")
		f.page(t, "/weiterbildung?q=Raumfahrt", 200, "de", "Keine Weiterbildung passt")
	})

	t.Run("home and role pages list open jobs", func(t *testing.T) {
		f.page(t, "/", 200, "de", "/jobs/"+f.berlin, "/jobs/"+f.munich)
		f.page(t, "/berufe/backoffice-mitarbeiter", 200, "de", "/jobs/"+f.berlin, `href="/jobs?role=backoffice-mitarbeiter"`)
	})
}

func TestSitemapAndRobots(t *testing.T) {
	f := newJobFixture(t)
	resp, body := f.get(t, "/sitemap.xml")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("sitemap: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	base := f.Site.base.String()
	mustContain(t, body, `<?xml`, "<urlset", base+"/berufe/backoffice-manager</loc>", base+"/weiterbildung/bachelor-bwl</loc>",
		base+"/kompetenzen/englisch</loc>", base+"/wege/", base+"/jobs/"+f.berlin+"</loc>", `hreflang="en" href="`+base+"/jobs/"+f.berlin+`?lang=en"`)
	mustNotContain(t, body, f.withdrawn)

	// Compressed for clients that take gzip, the same document.
	req := httptest.NewRequest(http.MethodGet, "/sitemap.xml", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, zipped := f.do(t, req)
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("sitemap not compressed: %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := io.ReadAll(zr); err != nil || string(plain) != body {
		t.Fatalf("compressed sitemap differs (%v)", err)
	}

	resp, body = f.get(t, "/robots.txt")
	if resp.StatusCode != 200 {
		t.Fatalf("robots: %d", resp.StatusCode)
	}
	mustContain(t, body, "User-agent: *", "Disallow: /mein-bereich", "Disallow: /arbeitgeber", "Disallow: /admin", "Disallow: /api/", "Sitemap: "+base+"/sitemap.xml")
}

func TestSearchUnavailable(t *testing.T) {
	e := newTestEnv(t)
	if err := e.Index.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/jobs", "/weiterbildung", "/suche?q=Backoffice"} {
		resp, body := e.get(t, p)
		if resp.StatusCode != 503 {
			t.Fatalf("%s: status %d", p, resp.StatusCode)
		}
		mustContain(t, body, "Gerade nicht verfügbar")
	}
	// Pages that only show a few jobs beside other content still work.
	if resp, _ := e.get(t, "/"); resp.StatusCode != 200 {
		t.Fatalf("home: %d", resp.StatusCode)
	}
	if resp, body := e.get(t, "/sitemap.xml"); resp.StatusCode != 200 || !strings.Contains(body, "/berufe/backoffice-manager") {
		t.Fatalf("sitemap: %d", resp.StatusCode)
	}
}

// TestEmptyJobSearchOffersAWayOut: a search that a filter empties offers
// the same search without that filter, as the API does (whose tests cover
// "Meinten Sie …?", computed by the same code).
func TestEmptyJobSearchOffersAWayOut(t *testing.T) {
	e := newTestEnv(t)
	seedJobs(t, e, 4)
	_, body := e.get(t, "/jobs?q=Mandantenbetreuung&bundesland=SL")
	mustContain(t, body, "ohne den Filter", `href="/jobs?`)
	_, body = e.get(t, "/jobs?q=Mandantenbetreuung&bundesland=SL&lang=en")
	mustContain(t, body, "without the filter")
}
