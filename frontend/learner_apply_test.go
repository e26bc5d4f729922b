package frontend

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/search"
)

// applyPDF is a minimal valid PDF (one empty page).
const applyPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// upload is a file part of a multipart form.
type upload struct{ name, contentType, data string }

// postMultipart sends a multipart form (with the last page's CSRF token
// unless fields carry their own _csrf, "" for none) and an optional file.
func (b *visitor) postMultipart(path string, fields url.Values, file *upload) (*http.Response, string) {
	b.t.Helper()
	if _, ok := fields["_csrf"]; !ok {
		fields.Set("_csrf", b.csrf)
	} else if fields.Get("_csrf") == "" {
		fields.Del("_csrf")
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	if file != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="cv"; filename="`+file.name+`"`)
		h.Set("Content-Type", file.contentType)
		part, err := w.CreatePart(h)
		if err != nil {
			b.t.Fatal(err)
		}
		part.Write([]byte(file.data))
	}
	if err := w.Close(); err != nil {
		b.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.do(req)
}

// applyLearner is a learner with two rated skills, signed in.
func applyLearner(t *testing.T, e *testEnv, email string) (*account.User, *visitor) {
	t.Helper()
	ctx := context.Background()
	u := e.Accounts.User(t, email, account.Learner, false)
	if _, err := e.Learning.SetAssessment(ctx, u.ID, "geschaeftskorrespondenz", learning.SkillInput{Level: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Learning.SetAssessment(ctx, u.ID, "ms-office", learning.SkillInput{Level: 1}); err != nil {
		t.Fatal(err)
	}
	b := newVisitor(t, e.App)
	b.signIn(email, accounttest.Password, "")
	return u, b
}

func TestJobPageForEachRole(t *testing.T) {
	e := newTestEnv(t)
	id := seedJobs(t, e, 1)[0]
	job := "/jobs/" + id

	// Anonymous: the sign-in link that comes back here, no match.
	resp, body := e.get(t, job)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `href="/anmelden?weiter=`+url.QueryEscape(job)+`"`, "Anmelden, um sich zu bewerben oder die Stelle zu merken")
	for _, not := range []string{"Passt die Stelle zu mir?", "/merken", "/bewerben"} {
		if strings.Contains(body, not) {
			t.Fatalf("anonymous job page has %q", not)
		}
	}

	// An employer: none of it.
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	emp := newVisitor(t, e.App)
	emp.signIn("chefin@example.de", accounttest.Password, "")
	resp, body = emp.get(job)
	wantStatus(t, resp, body, 200)
	for _, not := range []string{"Passt die Stelle zu mir?", "/merken", "/bewerben", "Anmelden, um"} {
		if strings.Contains(body, not) {
			t.Fatalf("employer's job page has %q", not)
		}
	}

	// A learner: the match, essential first, keep, gap, apply.
	_, b := applyLearner(t, e, "lena@example.de")
	resp, body = b.get(job)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Passt die Stelle zu mir?", `<progress id="match-score" max="100" value="`,
		"Erfüllt: ", `href="/mein-bereich/analyse?stelle=`+id+`"`, "Was fehlt mir?",
		`action="/jobs/`+id+`/merken"`, `name="action" value="save"`, "Stelle merken",
		`href="/jobs/`+id+`/bewerben"`, ">Bewerben<")
	match := body[strings.Index(body, "Passt die Stelle zu mir?"):]
	i, j := strings.Index(match, "Geschäftskorrespondenz"), strings.Index(match, "MS Office")
	if i < 0 || j < 0 || i > j {
		t.Fatalf("the essential skill is not listed first (%d, %d)", i, j)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("a personal job page is cacheable: %q", resp.Header.Get("Cache-Control"))
	}

	// Keep it, then forget it; without the token nothing changes.
	resp, body = b.post(job+"/merken", url.Values{"_csrf": {""}, "action": {"save"}})
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = b.post(job+"/merken", url.Values{"action": {"save"}})
	wantRedirect(t, resp, body, job+"?hinweis=gemerkt")
	resp, body = b.get(job + "?hinweis=gemerkt")
	mustContain(t, body, "Die Stelle steht auf Ihrer Merkliste.", `name="action" value="unsave"`, "Nicht mehr merken")
	saved, err := e.Jobs.SavedPostings(context.Background(), userOfEmail(t, e, "lena@example.de"))
	if err != nil || len(saved) != 1 {
		t.Fatalf("saved %v, %v", saved, err)
	}
	resp, body = b.post(job+"/merken", url.Values{"action": {"unsave"}})
	wantRedirect(t, resp, body, job+"?hinweis=vergessen")
	resp, body = b.post(job+"/merken", url.Values{"action": {"weg"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	resp, body = b.post("/jobs/gibtesnicht/merken", url.Values{"action": {"save"}})
	wantStatus(t, resp, body, http.StatusNotFound)

	// English.
	resp, body = b.get(job + "?lang=en")
	mustContain(t, body, "Does this job fit me?", "What am I missing?", "Save job", ">Apply<")
	b.get(job + "?lang=de")

	// The gap analysis for the posting.
	resp, body = b.get("/mein-bereich/analyse?stelle=" + id)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung 1", `href="/jobs/`+id+`"`, "Geschäftskorrespondenz", `<svg role="img"`)
	resp, body = b.get("/mein-bereich/analyse?stelle=gibtesnicht")
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = emp.get("/mein-bereich/analyse?stelle=" + id)
	wantStatus(t, resp, body, http.StatusNotFound)
}

func userOfEmail(t *testing.T, e *testEnv, email string) string {
	t.Helper()
	u, err := e.Accounts.Service.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestApplyFollowAndWithdraw(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id := seedJobs(t, e, 1)[0]
	u, b := applyLearner(t, e, "lena@example.de")
	form := "/jobs/" + id + "/bewerben"

	resp, body := b.get(form)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `enctype="multipart/form-data"`, `name="_csrf"`, `<textarea id="f-coverNote" name="coverNote"`, `maxlength="5000"`,
		`type="file" accept="application/pdf,.pdf"`, `<input type="checkbox" id="f-shareSnapshot" name="shareSnapshot" value="true" aria-describedby="f-shareSnapshot-hint">`,
		"So sieht der Arbeitgeber Ihre Übersicht", "Selbst eingeschätzte Kompetenzen", "Geschäftskorrespondenz")

	// Wrong input: a cover note too long and a file that is no PDF; the
	// messages next to the fields, the text kept, nothing stored.
	long := strings.Repeat("Ich ", 1300)
	resp, body = b.postMultipart(form, url.Values{"coverNote": {long}, "shareSnapshot": {"true"}}, &upload{"cv.pdf", "application/pdf", "kein PDF"})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-cv-error"`, "Bitte wählen Sie eine PDF-Datei.", `aria-invalid="true"`, "Bitte wählen Sie die Datei noch einmal aus",
		strings.TrimSpace(long)[:40], `value="true" aria-describedby="f-shareSnapshot-hint" checked`)
	resp, body = b.postMultipart(form, url.Values{"coverNote": {long}}, nil)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-coverNote-error"`, `aria-describedby="f-coverNote-hint f-coverNote-error" aria-invalid="true" autofocus`)
	if as, _ := e.Jobs.MyApplications(ctx, u.ID); len(as) != 0 {
		t.Fatalf("a wrong form stored %d applications", len(as))
	}
	// Without the token (multipart: the middleware reads the form field).
	resp, body = b.postMultipart(form, url.Values{"_csrf": {""}, "coverNote": {"Hallo"}}, nil)
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = b.postMultipart(form, url.Values{"_csrf": {"falsch"}, "coverNote": {"Hallo"}}, nil)
	wantStatus(t, resp, body, http.StatusForbidden)
	if as, _ := e.Jobs.MyApplications(ctx, u.ID); len(as) != 0 {
		t.Fatal("a tokenless form applied")
	}

	// A good application with a PDF and the snapshot.
	b.get(form)
	resp, body = b.postMultipart(form, url.Values{"coverNote": {"Ich freue mich auf Ihre Antwort."}, "shareSnapshot": {"true"}},
		&upload{"mein-lebenslauf.pdf", "application/pdf", applyPDF})
	appID := jobs.ApplicationID(id, u.ID)
	detail := appLink(appID)
	wantRedirect(t, resp, body, detail+"?hinweis=beworben")
	resp, body = b.get(detail + "?hinweis=beworben")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Ihre Bewerbung ist abgeschickt.", "eingegangen", "Ich freue mich auf Ihre Antwort.",
		`href="`+detail+`/lebenslauf"`, "mein-lebenslauf.pdf", "Selbst eingeschätzte Kompetenzen", "Geschäftskorrespondenz",
		`href="`+detail+`/zurueckziehen"`, `<ol class="timeline history">`)
	resp, body = b.get(detail + "/lebenslauf")
	wantStatus(t, resp, body, 200)
	if body != applyPDF || resp.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(resp.Header.Get("Content-Disposition"), "mein-lebenslauf.pdf") {
		t.Fatalf("CV: %q, %q, %q", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), body)
	}
	// Applying again goes to the application; the job page links it.
	resp, body = b.get(form)
	wantRedirect(t, resp, body, detail+"?hinweis=schonbeworben")
	resp, body = b.get("/jobs/" + id)
	mustContain(t, body, "Sie haben sich beworben. Status:", `href="`+detail+`"`, "Zu Ihrer Bewerbung")
	if strings.Contains(body, `href="/jobs/`+id+`/bewerben"`) {
		t.Fatal("the job page offers to apply again")
	}

	// The list.
	resp, body = b.get("/mein-bereich/bewerbungen")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Meine Bewerbungen", "1 Bewerbung", `href="`+detail+`"`, "Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung 1", "Kanzlei Berg", "eingegangen")
	resp, body = b.get("/mein-bereich/bewerbungen?lang=en")
	mustContain(t, body, "My applications", "received")
	b.get("/mein-bereich/bewerbungen?lang=de")

	// The employer moves it on with a message: the timeline shows it.
	p, err := e.Jobs.PublicPosting(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Jobs.Move(ctx, p.Employer.ID, appID, jobs.InReview, "Wir melden uns bis Freitag."); err != nil {
		t.Fatal(err)
	}
	resp, body = b.get(detail)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "in Prüfung", "Wir melden uns bis Freitag.", "vom Arbeitgeber")

	// Withdraw: ask first, then do it (a message too long comes back).
	resp, body = b.get(detail + "/zurueckziehen")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Bewerbung zurückziehen", "Kanzlei Berg erfährt", `action="`+detail+`/zurueckziehen"`)
	resp, body = b.post(detail+"/zurueckziehen", url.Values{"message": {strings.Repeat("x", 2001)}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-message-error"`, `aria-invalid="true"`)
	resp, body = b.post(detail+"/zurueckziehen", url.Values{"_csrf": {""}})
	wantStatus(t, resp, body, http.StatusForbidden)
	a, _ := e.Jobs.MyApplication(ctx, u.ID, appID)
	if a.Status != jobs.InReview {
		t.Fatalf("status %s after refused withdrawals", a.Status)
	}
	b.get(detail + "/zurueckziehen")
	resp, body = b.post(detail+"/zurueckziehen", url.Values{"message": {"Ich habe eine andere Stelle."}})
	wantRedirect(t, resp, body, detail+"?hinweis=zurueckgezogen")
	resp, body = b.get(detail + "?hinweis=zurueckgezogen")
	mustContain(t, body, "Sie haben Ihre Bewerbung zurückgezogen.", "zurückgezogen", "Ich habe eine andere Stelle.")
	if strings.Contains(body, `href="`+detail+`/zurueckziehen"`) {
		t.Fatal("a withdrawn application offers to withdraw")
	}
	resp, body = b.get(detail + "/zurueckziehen")
	wantRedirect(t, resp, body, detail)
}

func TestApplyWithoutSnapshotAndCV(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id := seedJobs(t, e, 1)[0]
	u, b := applyLearner(t, e, "ohne@example.de")
	b.get("/jobs/" + id + "/bewerben")
	// The checkbox unticked (the field absent) shares nothing; an empty
	// file part (no file chosen) is no CV.
	resp, body := b.postMultipart("/jobs/"+id+"/bewerben", url.Values{"coverNote": {""}}, &upload{"", "application/octet-stream", ""})
	detail := appLink(jobs.ApplicationID(id, u.ID))
	wantRedirect(t, resp, body, detail+"?hinweis=beworben")
	a, err := e.Jobs.MyApplication(ctx, u.ID, jobs.ApplicationID(id, u.ID))
	if err != nil || a.SnapshotConsent || a.Snapshot != nil || a.CV != nil {
		t.Fatalf("application %+v, %v", a, err)
	}
	resp, body = b.get(detail)
	mustContain(t, body, "Nicht geteilt.", "Kein Lebenslauf.", "Kein Anschreiben.")
	resp, body = b.get(detail + "/lebenslauf")
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestApplyPagesArePrivate(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	id := seedJobs(t, e, 1)[0]
	owner, _ := applyLearner(t, e, "lena@example.de")
	if _, err := e.Jobs.Apply(ctx, owner, id, jobs.ApplyInput{CoverNote: "Hallo", ShareSnapshot: true},
		&jobs.CVUpload{Filename: "cv.pdf", ContentType: "application/pdf", Data: []byte(applyPDF)}); err != nil {
		t.Fatal(err)
	}
	detail := appLink(jobs.ApplicationID(id, owner.ID))
	pages := []string{"/jobs/" + id + "/bewerben", "/mein-bereich/bewerbungen", detail, detail + "/lebenslauf", detail + "/zurueckziehen"}
	posts := []string{"/jobs/" + id + "/merken", "/jobs/" + id + "/bewerben", detail + "/zurueckziehen"}

	anon := newVisitor(t, e.App)
	for _, path := range pages {
		resp, body := anon.get(path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
	}
	for _, path := range posts {
		resp, _ := anon.post(path, url.Values{"action": {"save"}})
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusForbidden {
			t.Fatalf("anonymous POST %s: status %d", path, resp.StatusCode)
		}
	}
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	for _, who := range []string{"chefin@example.de", "red@example.de"} {
		v := newVisitor(t, e.App)
		v.signIn(who, accounttest.Password, "")
		for _, path := range pages {
			resp, body := v.get(path)
			wantStatus(t, resp, body, http.StatusNotFound)
		}
		v.get("/")
		for _, path := range posts {
			resp, body := v.post(path, url.Values{"action": {"save"}})
			wantStatus(t, resp, body, http.StatusNotFound)
		}
	}
	// Another learner: the application, its CV and withdrawing it are 404.
	_, other := applyLearner(t, e, "max@example.de")
	for _, path := range []string{detail, detail + "/lebenslauf", detail + "/zurueckziehen", appLink("gibt:esnicht")} {
		resp, body := other.get(path)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	other.get("/mein-bereich/bewerbungen")
	resp, body := other.post(detail+"/zurueckziehen", url.Values{})
	wantStatus(t, resp, body, http.StatusNotFound)
	a, _ := e.Jobs.MyApplication(ctx, owner.ID, jobs.ApplicationID(id, owner.ID))
	if a.Status != jobs.Received {
		t.Fatalf("another learner changed the application: %s", a.Status)
	}
	resp, body = other.get("/mein-bereich/bewerbungen")
	wantStatus(t, resp, body, 200)
	if strings.Contains(body, detail) {
		t.Fatal("another learner's list shows the application")
	}
	// A posting that does not exist.
	resp, body = other.get("/jobs/gibtesnicht/bewerben")
	wantStatus(t, resp, body, http.StatusNotFound)
}

// seedSkillJob publishes a posting asking for one essential skill, from a
// new employer, and indexes it.
func seedSkillJob(t *testing.T, e *testEnv, title, skill string) string {
	t.Helper()
	ctx := context.Background()
	email := "skills-" + skill + "@arbeitgeber.example"
	err := e.Accounts.Service.Register(ctx, account.Registration{Email: email, Password: "Tintenfass Gartenzaun 47", Name: "Jana Roth",
		Language: "de", Role: account.Employer, Organisation: &account.OrganisationInput{Name: "Roth GmbH", SizeClass: "10-49", Industry: "Handel",
			Locations: []account.Location{{City: "Berlin", PostalCode: "10115", Bundesland: "BE"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Accounts.Service.VerifyEmail(ctx, e.Accounts.Mailbox.Token(t, email)); err != nil {
		t.Fatal(err)
	}
	sess, err := e.Accounts.Service.Login(ctx, email, "Tintenfass Gartenzaun 47", account.Client{})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"title":"` + title + `","role":"backoffice-mitarbeiter","description":"## Ihre Aufgaben\n\nSie pflegen Tabellen und Berichte für das Team.",
		"tasks":["Berichte erstellen"],"skills":[{"slug":"` + skill + `","essential":true}],
		"location":{"postalCode":"10115","city":"Berlin","bundesland":"BE","street":"Invalidenstraße 1"},
		"remote":{"mode":"onsite"},"employment":{"type":"vollzeit","fixedTerm":false},"apply":{"method":"platform"},
		"salary":{"min":38000,"max":44000,"period":"year","currency":"EUR"}}`
	var in jobs.Input
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	p, _, err := e.Jobs.Create(ctx, sess.User.OrgID, sess.User.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Jobs.Publish(ctx, sess.User.OrgID, sess.User.ID, p.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Syncer.Reindex(ctx, search.Jobs); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func TestJobSearchSortsByMatchForLearners(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	seedJobs(t, e, 3) // Geschäftskorrespondenz (essential) and MS Office
	fit := seedSkillJob(t, e, "Sachbearbeitung Tabellen", "ms-office")
	u := e.Accounts.User(t, "lena@example.de", account.Learner, false)
	if _, err := e.Learning.SetAssessment(ctx, u.ID, "ms-office", learning.SkillInput{Level: learning.LevelExpert}); err != nil {
		t.Fatal(err)
	}
	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")

	// The option is there for a learner; by relevance no scores are shown.
	resp, body := b.get("/jobs")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `<option value="match">Passend für mich</option>`)
	if strings.Contains(body, "% passend") {
		t.Fatal("scores without sort=match")
	}
	// By match: the posting that asks only for what she has comes first,
	// with its score; the others follow with theirs.
	resp, body = b.get("/jobs?sort=match")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `<option value="match" selected>Passend für mich</option>`, "100 % passend", "Sortiert nach Übereinstimmung", "4 offene Stellen")
	first := strings.Index(body, `<li class="hit job-hit">`)
	if first < 0 || !strings.Contains(body[first:first+300], `href="/jobs/`+fit+`"`) {
		t.Fatalf("the best match is not first:\n%.1500s", body[max(first, 0):])
	}
	if n := strings.Count(body, "% passend"); n != 4 {
		t.Fatalf("%d scores on the page, want 4", n)
	}
	resp, body = b.get("/jobs?sort=match&lang=en")
	mustContain(t, body, "Best fit for me", "100 % fit")
	b.get("/jobs?lang=de")

	// Anyone else: no such option, and sort=match is relevance.
	resp, body = e.get(t, "/jobs?sort=match")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "4 offene Stellen")
	for _, not := range []string{`value="match"`, "% passend", "Sortiert nach Übereinstimmung"} {
		if strings.Contains(body, not) {
			t.Fatalf("anonymous search has %q", not)
		}
	}
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	emp := newVisitor(t, e.App)
	emp.signIn("chefin@example.de", accounttest.Password, "")
	resp, body = emp.get("/jobs?sort=match")
	wantStatus(t, resp, body, 200)
	if strings.Contains(body, `value="match"`) || strings.Contains(body, "% passend") {
		t.Fatal("an employer gets the learner's sort")
	}
}
