package frontend

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/jobs"
)

// draftFields are an editor form of a draft without a salary.
func draftFields() url.Values {
	return url.Values{
		"title": {"Backoffice-Mitarbeiter (m/w/d)"}, "role": {"backoffice-mitarbeiter"},
		"description": {"## Ihre Aufgaben\n\n" + strings.Repeat("Sie organisieren das Büro, pflegen Kundendaten und koordinieren Termine. ", 8)},
		"tasks":       {"Post bearbeiten\nTermine koordinieren"}, "skill-geschaeftskorrespondenz": {"essential"}, "skill-buchhaltung-grundlagen": {"optional"},
		"postalCode": {"20095"}, "city": {"Hamburg"}, "street": {"Mönckebergstraße 1"}, "remoteMode": {"hybrid"}, "remoteDays": {"2"},
		"employmentType": {"vollzeit"}, "startDate": {"2027-03-01"}, "benefits": {"30 Tage Urlaub\nJobticket"},
		"applyMethod": {"platform"}, "contactName": {"Frau Berg"}, "salaryPeriod": {"year"},
	}
}

// employerVisitor signs in a new employer (with an organisation unless
// noOrg) and returns the browser.
func employerVisitor(t *testing.T, e *testEnv, email string, withOrg bool) (*visitor, *account.User) {
	t.Helper()
	u := e.Accounts.User(t, email, account.Employer, withOrg)
	b := newVisitor(t, e.App)
	b.signIn(email, accounttest.Password, "")
	b.get("/arbeitgeber/stellen/neu")
	return b, u
}

var postingLocRe = regexp.MustCompile(`^/arbeitgeber/stellen/(p_[0-9a-f]+)\?hinweis=erstellt$`)

// createDraft posts the editor and returns the new posting's id.
func createDraft(t *testing.T, b *visitor, v url.Values) string {
	t.Helper()
	resp, body := b.post("/arbeitgeber/stellen", v)
	wantStatus(t, resp, body, http.StatusSeeOther)
	m := postingLocRe.FindStringSubmatch(resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("created draft: redirect to %q", resp.Header.Get("Location"))
	}
	return m[1]
}

func TestEmployerPagesArePrivate(t *testing.T) {
	e := newTestEnv(t)
	owner, _ := employerVisitor(t, e, "chefin@example.de", true)
	id := createDraft(t, owner, draftFields())
	e.Accounts.User(t, "lern@example.de", account.Learner, false)
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	gets := []string{"/arbeitgeber", "/arbeitgeber/stellen/neu", "/arbeitgeber/stellen/" + id, "/arbeitgeber/stellen/" + id + "/vorschau"}
	posts := []string{"/arbeitgeber/stellen", "/arbeitgeber/stellen/pruefen", "/arbeitgeber/stellen/" + id, "/arbeitgeber/stellen/" + id + "/veroeffentlichen",
		"/arbeitgeber/stellen/" + id + "/schliessen", "/arbeitgeber/stellen/" + id + "/verlaengern", "/arbeitgeber/stellen/" + id + "/duplizieren"}
	anon := newVisitor(t, e.App)
	for _, p := range gets {
		resp, body := anon.get(p)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(p))
	}
	for _, p := range posts {
		if resp, _ := anon.post(p, url.Values{}); resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusForbidden {
			t.Errorf("anonymous POST %s: %d", p, resp.StatusCode)
		}
	}
	for _, who := range []string{"lern@example.de", "red@example.de"} {
		b := newVisitor(t, e.App)
		b.signIn(who, accounttest.Password, "")
		b.get("/")
		for _, p := range gets {
			resp, body := b.get(p)
			wantStatus(t, resp, body, http.StatusNotFound)
		}
		for _, p := range posts {
			resp, body := b.post(p, draftFields())
			wantStatus(t, resp, body, http.StatusNotFound)
		}
	}
	// An employer without an organisation is led to create or join one.
	lone, _ := employerVisitor(t, e, "allein@example.de", false)
	resp, body := lone.get("/arbeitgeber")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Sie gehören noch zu keiner Organisation.", `href="/arbeitgeber/organisation"`)
	if strings.Contains(body, `id="stand-draft"`) {
		t.Error("an employer without an organisation gets the postings' sections")
	}
	resp, body = lone.get("/arbeitgeber/stellen/neu")
	wantRedirect(t, resp, body, "/arbeitgeber/organisation")
	resp, body = lone.post("/arbeitgeber/stellen", draftFields())
	wantRedirect(t, resp, body, "/arbeitgeber/organisation")
	// Another organisation's posting is not found, and nothing changes.
	other, _ := employerVisitor(t, e, "andere@example.de", true)
	for _, p := range gets[2:] {
		resp, body := other.get(p)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	before, _ := e.Jobs.Posting(context.Background(), userOfOrg(t, e, "chefin@example.de"), id)
	for _, p := range posts[2:] {
		v := draftFields()
		v.Set("revision", "1")
		v.Set("reason", "withdrawn")
		resp, body := other.post(p, v)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	after, _ := e.Jobs.Posting(context.Background(), userOfOrg(t, e, "chefin@example.de"), id)
	if after.Version != before.Version || after.State != jobs.Draft {
		t.Fatalf("another organisation changed the posting: version %d → %d, state %s", before.Version, after.Version, after.State)
	}
	// The other organisation's dashboard does not list it.
	_, body = other.get("/arbeitgeber")
	if strings.Contains(body, id) {
		t.Fatal("another organisation's dashboard lists the posting")
	}
}

func userOfOrg(t *testing.T, e *testEnv, email string) string {
	t.Helper()
	u, err := e.Accounts.Service.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.OrgID
}

// TestPostingEditorDraftWithoutSalaryThenPublish: the no-JavaScript path:
// a draft saved without a salary shows what publishing needs next to the
// fields, publishing is refused naming the salary fields, the salary is
// added at the form's revision, publishing succeeds, the posting is public.
func TestPostingEditorDraftWithoutSalaryThenPublish(t *testing.T) {
	e := newTestEnv(t)
	b, _ := employerVisitor(t, e, "chefin@example.de", true)

	resp, body := b.get("/arbeitgeber/stellen/neu")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `action="/arbeitgeber/stellen"`, `id="f-title"`, `id="f-salaryMin"`, `id="f-skill-geschaeftskorrespondenz"`,
		`data-check="/arbeitgeber/stellen/pruefen"`, `<meta name="robots" content="noindex">`, `aria-current="page">Neue Stelle`)

	id := createDraft(t, b, draftFields())
	resp, body = b.get("/arbeitgeber/stellen/" + id + "?hinweis=erstellt")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Der Entwurf ist gespeichert.", `value="Backoffice-Mitarbeiter (m/w/d)"`, `name="revision" value="1"`,
		`<div class="field-warn" id="w-salaryMin"><ul><li>zum Veröffentlichen nötig: das niedrigste angebotene Gehalt`,
		`aria-describedby="w-salaryMin"`, "Zum Veröffentlichen fehlen noch 2 Angaben.", `<option value="essential" selected>`,
		`<option value="HH" selected>`, // the state came from the gazetteer
		"<h2>Ihre Aufgaben</h2>")       // the description's preview
	// Only the salary's figures were missing (the period had a default).
	if strings.Contains(body, `id="w-salaryPeriod"><ul>`) {
		t.Error("the period warns although it was chosen")
	}

	// Publishing is refused, with the missing fields at their fields.
	resp, body = b.post("/arbeitgeber/stellen/"+id+"/veroeffentlichen", url.Values{})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, "Noch nicht veröffentlicht", `id="f-salaryMin-error"`, `id="f-salaryMax-error"`, `aria-invalid="true"`, `autofocus`)
	if p, _ := e.Jobs.Posting(context.Background(), userOfOrg(t, e, "chefin@example.de"), id); p.State != jobs.Draft {
		t.Fatalf("refused publish: state %s", p.State)
	}

	// A number that is none is named at its field, with what was typed.
	v := draftFields()
	v.Set("revision", "1")
	v.Set("salaryMin", "viel")
	resp, body = b.post("/arbeitgeber/stellen/"+id, v)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-salaryMin-error">Bitte eine Zahl eingeben`, `value="viel"`, `value="Mönckebergstraße 1"`)
	// A malformed field of the draft, with the typed values kept.
	v.Set("salaryMin", "3.200")
	v.Set("salaryMax", "3.600")
	v.Set("salaryPeriod", "month")
	v.Set("postalCode", "2009")
	resp, body = b.post("/arbeitgeber/stellen/"+id, v)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-postalCode-error"`, `value="2009"`, `value="3.200"`)

	// Save with the salary and publish in one go.
	v.Set("postalCode", "20095")
	v.Set("aktion", "veroeffentlichen")
	resp, body = b.post("/arbeitgeber/stellen/"+id, v)
	wantRedirect(t, resp, body, "/arbeitgeber?hinweis=veroeffentlicht")
	p, err := e.Jobs.Posting(context.Background(), userOfOrg(t, e, "chefin@example.de"), id)
	if err != nil || p.State != jobs.Published || p.Salary.Min != 3200 || p.Salary.Max != 3600 || p.Salary.Period != jobs.PerMonth {
		t.Fatalf("published posting: %+v %v", p, err)
	}
	if len(p.Skills) != 2 || p.Location.Bundesland != "HH" || p.Remote.DaysPerWeek != 2 || len(p.Benefits) != 2 {
		t.Fatalf("fields lost: %+v", p.Input)
	}
	resp, body = b.get("/arbeitgeber?hinweis=veroeffentlicht")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Die Anzeige ist veröffentlicht.", `id="stelle-`+id+`"`, `href="/jobs/`+id+`"`, "Bewerbungen: 0")
	resp, body = newVisitor(t, e.App).get("/jobs/" + id)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Backoffice-Mitarbeiter (m/w/d)")

	// A published posting's edit keeps its end date (changed by extending).
	resp, body = b.get("/arbeitgeber/stellen/" + id)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Änderungen speichern", "Die Laufzeit ändern Sie in der Übersicht")
	v = draftFields()
	v.Set("revision", "3")
	v.Set("salaryMin", "3200")
	v.Set("salaryMax", "3700")
	resp, body = b.post("/arbeitgeber/stellen/"+id, v)
	wantRedirect(t, resp, body, "/arbeitgeber/stellen/"+id+"?hinweis=gespeichert")
	// A published posting cannot lose its salary.
	v.Set("revision", "4")
	v.Del("salaryMin")
	v.Del("salaryMax")
	resp, body = b.post("/arbeitgeber/stellen/"+id, v)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-salaryMin-error"`)
}

// TestPostingEditorStaleRevision: a save over a revision someone else has
// moved past changes nothing and shows what was typed, with a message.
func TestPostingEditorStaleRevision(t *testing.T) {
	e := newTestEnv(t)
	b, _ := employerVisitor(t, e, "chefin@example.de", true)
	id := createDraft(t, b, draftFields())
	org := userOfOrg(t, e, "chefin@example.de")
	// A colleague saves first.
	if _, _, err := e.Jobs.Update(context.Background(), org, id, func(in *jobs.Input) error { in.Title = "Bürokraft (m/w/d)"; return nil }); err != nil {
		t.Fatal(err)
	}
	v := draftFields()
	v.Set("revision", "1")
	v.Set("title", "Meine Fassung (m/w/d)")
	resp, body := b.post("/arbeitgeber/stellen/"+id, v)
	wantStatus(t, resp, body, http.StatusConflict)
	mustContain(t, body, "Jemand hat die Anzeige inzwischen geändert", `value="Meine Fassung (m/w/d)"`, `name="revision" value="1"`)
	if p, _ := e.Jobs.Posting(context.Background(), org, id); p.Title != "Bürokraft (m/w/d)" {
		t.Fatalf("stale save overwrote: %q", p.Title)
	}
	// A save without a revision is refused.
	v.Del("revision")
	resp, body = b.post("/arbeitgeber/stellen/"+id, v)
	wantStatus(t, resp, body, http.StatusBadRequest)
}

// TestPostingCheckFragment: the live check answers the warnings of the
// posted fields as a fragment, stores nothing, and needs the CSRF token.
func TestPostingCheckFragment(t *testing.T) {
	e := newTestEnv(t)
	b, _ := employerVisitor(t, e, "chefin@example.de", true)
	v := draftFields()
	v.Set("title", "Bürokraft")
	v.Set("salaryMin", "30000")
	v.Set("salaryMax", "20000")
	req := httptest.NewRequest(http.MethodPost, "/arbeitgeber/stellen/pruefen", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Csrf-Token", b.csrf)
	resp, body := b.do(req)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `<div id="quality-body">`, `<div class="field-warn" id="w-title"><ul><li>dem Titel fehlt`,
		`id="w-salaryMax"><ul><li>darf nicht kleiner`, `<div id="desc-preview"><h2>Ihre Aufgaben</h2>`)
	if strings.Contains(body, "<html") {
		t.Fatal("the check answers a whole page")
	}
	v.Set("salaryMax", "36000")
	v.Set("title", "")
	resp, body = b.post("/arbeitgeber/stellen/pruefen", v)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `id="w-title"><ul><li>`, "Zum Veröffentlichen fehlen noch")
	// Without the token: refused.
	v.Del("_csrf")
	req = httptest.NewRequest(http.MethodPost, "/arbeitgeber/stellen/pruefen", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body = b.do(req)
	wantStatus(t, resp, body, http.StatusForbidden)
	if ps, n, _ := e.Jobs.List(context.Background(), userOfOrg(t, e, "chefin@example.de"), 0, 0); n != 0 {
		t.Fatalf("the check stored %d postings: %v", n, ps)
	}
}

// TestPostingPreviewIsThePublicPage: the preview is the public job page's
// template with a notice, never indexed; a draft stays non-public.
func TestPostingPreviewIsThePublicPage(t *testing.T) {
	e := newTestEnv(t)
	b, _ := employerVisitor(t, e, "chefin@example.de", true)
	id := createDraft(t, b, draftFields())
	resp, body := b.get("/arbeitgeber/stellen/" + id + "/vorschau")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Vorschau: So sieht die Anzeige öffentlich aus.", "Es fehlen noch 2 Angaben", `<meta name="robots" content="noindex">`,
		"<h2>Ihre Aufgaben</h2>", "Backoffice-Mitarbeiter (m/w/d)", "Kanzlei chefin", "Hamburg")
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("preview Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	if strings.Contains(body, "application/ld+json") {
		t.Error("the preview carries JSON-LD")
	}
	resp, body = newVisitor(t, e.App).get("/jobs/" + id)
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = b.get("/arbeitgeber/stellen/p_0000000000000000/vorschau")
	wantStatus(t, resp, body, http.StatusNotFound)
}

// TestEmployerDashboard: postings by state with application counts, an
// expiring posting highlighted, and the actions close, extend (a wrong date
// named at its field) and duplicate.
func TestEmployerDashboard(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	b, u := employerVisitor(t, e, "chefin@example.de", true)
	resp, body := b.get("/arbeitgeber")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Sie haben noch keine Stellenanzeige.", `aria-current="page">Übersicht`)

	full := draftFields()
	full.Set("salaryMin", "38000")
	full.Set("salaryMax", "44000")
	soon := createDraft(t, b, full)
	later := createDraft(t, b, full)
	draft := createDraft(t, b, draftFields())
	vt := time.Now().Add(3 * 24 * time.Hour)
	if _, _, err := e.Jobs.Publish(ctx, u.OrgID, u.ID, soon, &vt); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Jobs.Publish(ctx, u.OrgID, u.ID, later, nil); err != nil {
		t.Fatal(err)
	}
	for i, mail := range []string{"a@example.de", "b@example.de"} {
		l := e.Accounts.User(t, mail, account.Learner, false)
		a, err := e.Jobs.Apply(ctx, l, soon, jobs.ApplyInput{CoverNote: "Hallo"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if _, err := e.Jobs.Move(ctx, u.OrgID, a.ID, jobs.InReview, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	resp, body = b.get("/arbeitgeber")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `id="stand-draft"`, `id="stand-published"`, `id="stand-closed"`, `id="stand-expired"`,
		`<li class="hit posting expiring" id="stelle-`+soon+`"`, "Läuft bald ab: noch", `href="/arbeitgeber/stellen/`+soon+`/bewerbungen">Bewerbungen: 2</a> <span class="tag new-tag">1 neu</span>`,
		`<li class="hit posting" id="stelle-`+later+`"`, "Zum Veröffentlichen fehlen noch 2 Angaben.",
		`<strong>1</strong> neue Bewerbungen`, `<strong>1</strong> laufen in 7 Tagen ab`,
		`action="/arbeitgeber/stellen/`+draft+`/veroeffentlichen"`, `href="/arbeitgeber/stellen/`+draft+`/vorschau"`)
	// The soonest end first among the published.
	if strings.Index(body, "stelle-"+soon) > strings.Index(body, "stelle-"+later) {
		t.Error("the posting expiring first is not listed first")
	}

	// Extend: a past date is named at its field, the typed value kept.
	resp, body = b.post("/arbeitgeber/stellen/"+soon+"/verlaengern", url.Values{"validThrough": {"2020-01-01"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="vt-`+soon+`-error"`, `value="2020-01-01"`, `aria-invalid="true"`)
	resp, body = b.post("/arbeitgeber/stellen/"+soon+"/verlaengern", url.Values{"validThrough": {"morgen"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	day := time.Now().AddDate(0, 0, 40).Format(time.DateOnly)
	resp, body = b.post("/arbeitgeber/stellen/"+soon+"/verlaengern", url.Values{"validThrough": {day}})
	wantRedirect(t, resp, body, "/arbeitgeber?hinweis=verlaengert")
	if p, _ := e.Jobs.Posting(ctx, u.OrgID, soon); p.ValidThrough.Sub(time.Now()) < 39*24*time.Hour {
		t.Fatalf("not extended: %v", p.ValidThrough)
	}

	// Close as filled; a bad reason is refused.
	resp, body = b.post("/arbeitgeber/stellen/"+later+"/schliessen", url.Values{"reason": {"weg"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	resp, body = b.post("/arbeitgeber/stellen/"+later+"/schliessen", url.Values{"reason": {"filled"}})
	wantRedirect(t, resp, body, "/arbeitgeber?hinweis=geschlossen")
	_, body = b.get("/arbeitgeber")
	mustContain(t, body, "geschlossen: besetzt", `action="/arbeitgeber/stellen/`+later+`/veroeffentlichen"`)

	// Duplicate opens the copy as a new draft.
	resp, body = b.post("/arbeitgeber/stellen/"+soon+"/duplizieren", url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasSuffix(loc, "?hinweis=dupliziert") || !strings.HasPrefix(loc, "/arbeitgeber/stellen/p_") {
		t.Fatalf("duplicate went to %q", loc)
	}
	resp, body = b.get(loc)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Kopie als neuer Entwurf angelegt.", `value="38000"`)

	resp, body = b.get("/arbeitgeber?lang=en")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "My job postings", "Drafts", "closed: filled")
}
