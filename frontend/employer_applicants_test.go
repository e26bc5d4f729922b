package frontend

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
)

// applicantFixture is an employer with a published posting and three
// applications: Lea shared her snapshot and sent a CV, Max shared nothing,
// Ria withdrew. Another organisation's employer, a learner and an admin
// are there to be refused.
type applicantFixture struct {
	*testEnv
	emp, other       *account.User
	posting          string
	lea, max, ria    *jobs.Application
	leaUser, maxUser *account.User
}

var applicantTestPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func newApplicantFixture(t *testing.T) *applicantFixture {
	t.Helper()
	ctx := context.Background()
	f := &applicantFixture{testEnv: newTestEnv(t)}
	f.emp = f.Accounts.User(t, "chefin@example.de", account.Employer, true)
	f.other = f.Accounts.User(t, "fremd@example.de", account.Employer, true)
	f.Accounts.User(t, "red@example.de", account.Admin, false)
	p, _, err := f.Jobs.Create(ctx, f.emp.OrgID, f.emp.ID, postingInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Jobs.Publish(ctx, f.emp.OrgID, f.emp.ID, p.ID, nil); err != nil {
		t.Fatal(err)
	}
	f.posting = p.ID
	// The same database, with the snapshot source the binary uses (the
	// applicants' snapshots hold their skills).
	withSnap, err := jobs.New(jobs.Config{DB: f.Accounts.DB, Content: f.Site.Content, Orgs: jobs.AccountOrgs(f.Accounts.Service), Snapshot: jobs.LearningSnapshot(f.Learning)})
	if err != nil {
		t.Fatal(err)
	}
	f.leaUser = f.Accounts.User(t, "lea@example.de", account.Learner, false)
	// Lea meets the essential skill (level 4), has not rated the optional
	// one, and rated a skill the posting does not ask for.
	if _, err := f.Learning.SetAssessment(ctx, f.leaUser.ID, "geschaeftskorrespondenz", learning.SkillInput{Level: 4}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Learning.SetAssessment(ctx, f.leaUser.ID, "ms-office", learning.SkillInput{Level: 2}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Learning.Enrol(ctx, f.leaUser.ID, testPath, "de"); err != nil {
		t.Fatal(err)
	}
	if f.lea, err = withSnap.Apply(ctx, f.leaUser, p.ID, jobs.ApplyInput{CoverNote: "Ich organisiere gern <b>Büros</b>.", ShareSnapshot: true},
		&jobs.CVUpload{Filename: "Lea Lebenslauf.pdf", ContentType: "application/pdf", Data: applicantTestPDF}); err != nil {
		t.Fatal(err)
	}
	f.maxUser = f.Accounts.User(t, "max@example.de", account.Learner, false)
	if f.max, err = withSnap.Apply(ctx, f.maxUser, p.ID, jobs.ApplyInput{CoverNote: "Hallo"}, nil); err != nil {
		t.Fatal(err)
	}
	ria := f.Accounts.User(t, "ria@example.de", account.Learner, false)
	if f.ria, err = withSnap.Apply(ctx, ria, p.ID, jobs.ApplyInput{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Jobs.Withdraw(ctx, ria.ID, f.ria.ID, "Andere Stelle"); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *applicantFixture) signedIn(t *testing.T, email string) *visitor {
	t.Helper()
	b := newVisitor(t, f.App)
	resp, body := b.signIn(email, accounttest.Password, "")
	wantStatus(t, resp, body, http.StatusSeeOther)
	return b
}

func TestApplicantPagesArePrivate(t *testing.T) {
	f := newApplicantFixture(t)
	id := url.PathEscape(f.lea.ID)
	pages := []string{"/arbeitgeber/stellen/" + f.posting + "/bewerbungen", "/arbeitgeber/bewerbungen/" + id, "/arbeitgeber/bewerbungen/" + id + "/lebenslauf"}
	for _, path := range pages {
		anon := newVisitor(t, f.App)
		resp, body := anon.get(path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
		for _, who := range []string{"fremd@example.de", "lea@example.de", "red@example.de"} {
			b := f.signedIn(t, who)
			resp, body = b.get(path)
			if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "Lea") || strings.Contains(body, "%PDF") {
				t.Errorf("%s as %s: status %d, or the page shows the application", path, who, resp.StatusCode)
			}
		}
	}
	// An employer without organisation is sent to create or join one.
	f.Accounts.User(t, "ohne@example.de", account.Employer, false)
	n := f.signedIn(t, "ohne@example.de")
	for _, path := range pages {
		resp, body := n.get(path)
		wantRedirect(t, resp, body, "/arbeitgeber/organisation")
	}
	// Missing ones are 404 too.
	b := f.signedIn(t, "chefin@example.de")
	for _, path := range []string{"/arbeitgeber/stellen/p_nichtda/bewerbungen", "/arbeitgeber/bewerbungen/x:y", "/arbeitgeber/bewerbungen/" + url.PathEscape(f.max.ID) + "/lebenslauf"} {
		resp, body := b.get(path)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	// A move by another organisation changes nothing; anonymous goes to sign in.
	o := f.signedIn(t, "fremd@example.de")
	o.get("/arbeitgeber/organisation")
	resp, body := o.post("/arbeitgeber/bewerbungen/"+id+"/status", url.Values{"status": {"interview"}, "message": {"x"}})
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = newVisitor(t, f.App).post("/arbeitgeber/bewerbungen/"+id+"/status", url.Values{"status": {"interview"}})
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusForbidden {
		t.Fatalf("anonymous move: status %d", resp.StatusCode)
	}
	a, err := f.Jobs.OrgApplication(context.Background(), f.emp.OrgID, f.lea.ID)
	if err != nil || a.Status != jobs.Received {
		t.Fatalf("after refused moves: %v, %v", a.Status, err)
	}
}

func TestPipelineShowsApplicationsByStatus(t *testing.T) {
	f := newApplicantFixture(t)
	b := f.signedIn(t, "chefin@example.de")
	path := "/arbeitgeber/stellen/" + f.posting + "/bewerbungen"
	resp, body := b.get(path)
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Bewerbungen auf", "Backoffice-Mitarbeiter (m/w/d)", "3 Bewerbungen.",
		`id="col-received"`, `id="col-in_review"`, `id="col-interview"`, `id="col-offer"`, `id="col-hired"`, `id="col-rejected"`, `id="col-withdrawn"`,
		"Eingegangen", "In Prüfung", "Gespräch", "Angebot", "Zusage", "Absage", "Zurückgezogen",
		`href="/arbeitgeber/bewerbungen/`+url.PathEscape(f.lea.ID)+`"`, "lea", "max", "ria",
		"Stand nicht geteilt", `<meta name="robots" content="noindex">`)
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	// Lea's score: the essential skill met (weight 2), the optional one
	// missing (weight 1): 67.
	mustContain(t, body, "Passung 67 %")
	// Ria is in the withdrawn list, not in a column.
	cols := body[:strings.Index(body, `id="col-withdrawn"`)]
	if strings.Contains(cols, url.PathEscape(f.ria.ID)) {
		t.Error("the withdrawn application is in a pipeline column")
	}
	resp, body = b.get(path + "?lang=en")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Applications for", "3 applications.", "Received", "Interview", "Withdrawn", "Progress not shared", "Match ")
}

func TestApplicantDetailAndCV(t *testing.T) {
	f := newApplicantFixture(t)
	b := f.signedIn(t, "chefin@example.de")
	href := "/arbeitgeber/bewerbungen/" + url.PathEscape(f.lea.ID)
	resp, body := b.get(href)
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "<h1>lea</h1>", "lea@example.de", "Ich organisiere gern &lt;b&gt;Büros&lt;/b&gt;.",
		`href="`+href+`/lebenslauf"`, "Lea Lebenslauf.pdf herunterladen",
		"Kompetenzen und Fortschritt", "Geschäftskorrespondenz", "unverzichtbar", "erfüllt", "fehlt", "nicht eingeschätzt", "Eigene Einschätzung",
		"Erfüllt: 1 · teilweise: 0 · fehlt: 1", "Passung 67 %", "Abgleich mit den Kompetenzen der Stelle",
		// the shared snapshot exactly as the apply form showed it (partials/snapshot.html)
		"Selbst eingeschätzte Kompetenzen", "MS Office", "Qualifizierungswege", "Schritten erledigt",
		"Verlauf", "Eingegangen", "durch die Bewerberin oder den Bewerber",
		`action="`+href+`/status"`, `value="in_review"`, `value="interview"`, `value="rejected"`, `name="message"`)
	mustNotContain(t, body, `value="offer"`, `value="hired"`, "<b>Büros</b>")

	resp, data := b.get(href + "/lebenslauf")
	wantStatus(t, resp, data, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("CV Content-Type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "Lea Lebenslauf.pdf") {
		t.Errorf("CV Content-Disposition %q", cd)
	}
	if data != string(applicantTestPDF) {
		t.Errorf("CV bytes differ: %q", data)
	}

	resp, body = b.get(href + "?lang=en")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Cover note", "Download Lea Lebenslauf.pdf", "Compared with the posting&#39;s skills", "Match 67 %",
		"Met: 1 · partly: 0 · missing: 1", "History", "Change the status", "Interview", "Message to the applicant")

	// Max shared nothing and sent no CV.
	resp, body = b.get("/arbeitgeber/bewerbungen/" + url.PathEscape(f.max.ID) + "?lang=de")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Nicht geteilt", "Kein Lebenslauf angehängt.")
	mustNotContain(t, body, "Passung")
	// Ria withdrew: final, no form.
	resp, body = b.get("/arbeitgeber/bewerbungen/" + url.PathEscape(f.ria.ID))
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Zurückgezogen", "Andere Stelle", "ihr Status lässt sich nicht mehr ändern")
	mustNotContain(t, body, `name="status"`)
}

func TestApplicantMove(t *testing.T) {
	f := newApplicantFixture(t)
	ctx := context.Background()
	b := f.signedIn(t, "chefin@example.de")
	href := "/arbeitgeber/bewerbungen/" + url.PathEscape(f.lea.ID)
	b.get(href)

	// No status chosen: the message is kept, the radios carry the error.
	resp, body := b.post(href+"/status", url.Values{"message": {"Wir melden uns"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, "Bitte wählen Sie den neuen Status.", `id="f-status-error"`, `aria-invalid="true"`, "Wir melden uns</textarea>", "autofocus")
	// A status the rules do not allow from here: 409, nothing changed.
	resp, body = b.post(href+"/status", url.Values{"status": {"hired"}, "message": {"Glückwunsch"}})
	wantStatus(t, resp, body, http.StatusConflict)
	mustContain(t, body, "Diese Änderung ist nicht mehr möglich")
	// An unknown status and an overlong message: next to their fields.
	resp, body = b.post(href+"/status", url.Values{"status": {"gibtsnicht"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-status-error"`)
	resp, body = b.post(href+"/status", url.Values{"status": {"interview"}, "message": {strings.Repeat("x", 2001)}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-message-error"`, "Bitte höchstens 2000 Zeichen.")
	if a, _ := f.Jobs.OrgApplication(ctx, f.emp.OrgID, f.lea.ID); a.Status != jobs.Received || len(a.History) != 1 {
		t.Fatalf("refused moves changed the application: %s, %d entries", a.Status, len(a.History))
	}
	// Without the CSRF token: refused.
	resp, body = b.post(href+"/status", url.Values{"status": {"interview"}, "_csrf": {""}})
	wantStatus(t, resp, body, http.StatusForbidden)

	resp, body = b.post(href+"/status", url.Values{"status": {"interview"}, "message": {"Gespräch am 3. Dezember um 10 Uhr"}})
	wantRedirect(t, resp, body, href+"?hinweis=status#verlauf")
	resp, body = b.get(href + "?hinweis=status")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Der Status ist geändert", "Gespräch am 3. Dezember um 10 Uhr", "durch Ihre Organisation", `value="offer"`)
	a, err := f.Jobs.MyApplication(ctx, f.leaUser.ID, f.lea.ID)
	if err != nil || a.Status != jobs.Interview || a.History[len(a.History)-1].Message != "Gespräch am 3. Dezember um 10 Uhr" {
		t.Fatalf("the learner sees %v (%v)", a, err)
	}
	// The learner is notified by the notify service's intent.
	if err := f.Notify.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := f.Notify.UnreadCount(ctx, f.leaUser.ID); err != nil || n == 0 {
		t.Errorf("the learner has %d unread notifications (%v)", n, err)
	}
	// The pipeline shows Lea under "Gespräch".
	_, body = b.get("/arbeitgeber/stellen/" + f.posting + "/bewerbungen")
	col := body[strings.Index(body, `id="col-interview"`):strings.Index(body, `id="col-offer"`)]
	if !strings.Contains(col, url.PathEscape(f.lea.ID)) {
		t.Error("Lea is not in the interview column")
	}
}
