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

const testPath = "weiterbildung-backoffice-manager"

// learnerPages are every learner page, for the privacy test.
var learnerPages = []string{"/mein-bereich", "/mein-bereich/ziel", "/mein-bereich/wege/" + testPath, "/mein-bereich/wege/" + testPath + "/abmelden", "/mein-bereich/kompetenzen", "/mein-bereich/analyse?rolle=backoffice-manager"}

func TestLearnerPagesArePrivate(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	for _, path := range learnerPages {
		anon := newVisitor(t, e.App)
		resp, body := anon.get(path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
		resp, body = anon.post(path, url.Values{})
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusForbidden {
			t.Fatalf("anonymous POST %s: status %d", path, resp.StatusCode)
		}
		for _, who := range []string{"chefin@example.de", "red@example.de"} {
			b := newVisitor(t, e.App)
			b.signIn(who, accounttest.Password, "")
			resp, body = b.get(path)
			wantStatus(t, resp, body, http.StatusNotFound)
		}
	}
	// The employer's POST to the goal form changes nothing and is a 404.
	b := newVisitor(t, e.App)
	b.signIn("chefin@example.de", accounttest.Password, "")
	b.get("/")
	resp, body := b.post("/mein-bereich/ziel", url.Values{"targetRole": {"backoffice-manager"}})
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestDashboardFirstVisitGuides(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "neu@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	resp, body := b.signIn("neu@example.de", accounttest.Password, "")
	wantRedirect(t, resp, body, "/mein-bereich")
	resp, body = b.get("/mein-bereich")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Willkommen! So fangen Sie an", `href="/mein-bereich/ziel"`, "Zielberuf wählen",
		"Sagen, was Sie mitbringen", `href="/mein-bereich/kompetenzen"`, "In einen Weg einschreiben",
		"Meine Lernwege", "Sie sind noch in keinem Weg eingeschrieben.", `<meta name="robots" content="noindex">`)
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("Cache-Control %q", resp.Header.Get("Cache-Control"))
	}
	resp, body = b.get("/mein-bereich?lang=en")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Welcome! Here is how to start", "Choose a target role", "My learning paths")
}

func TestDashboardShowsProgressChecklistActivityAndSaved(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u := e.Accounts.User(t, "lena@example.de", account.Learner, false)
	role := "backoffice-manager"
	if _, err := e.Accounts.Service.UpdateProfile(ctx, u.ID, account.ProfileUpdate{TargetRole: &role}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Learning.Enrol(ctx, u.ID, testPath, "de"); err != nil {
		t.Fatal(err)
	}
	done := learning.Done
	if _, err := e.Learning.UpdateStep(ctx, u.ID, testPath, 1, learning.StepUpdate{State: &done}, "de"); err != nil {
		t.Fatal(err)
	}
	cl, err := e.Learning.Checklist(ctx, u.ID, role, "de")
	if err != nil {
		t.Fatal(err)
	}
	first := cl.Items[0]
	if _, err := e.Learning.SetAssessment(ctx, u.ID, first.Skill, learning.SkillInput{Level: 3}); err != nil {
		t.Fatal(err)
	}
	ss, err := e.Jobs.SaveSearch(ctx, u.ID, "Buchhaltung in Berlin", "q=Buchhaltung")
	if err != nil {
		t.Fatal(err)
	}
	posting := seedJobs(t, e, 1)[0]
	app, err := e.Jobs.Apply(ctx, u, posting, jobs.ApplyInput{CoverNote: "Ich bringe drei Jahre Kanzleierfahrung mit."}, nil)
	if err != nil {
		t.Fatal(err)
	}

	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")
	resp, body := b.get("/mein-bereich")
	wantStatus(t, resp, body, 200)
	mustContain(t, body,
		`<progress id="p-`+testPath+`" max="100" value="`, // the progress bar
		"1 von ", " Schritten erledigt",
		"Als Nächstes", "Schritt 2 von", `href="/mein-bereich/wege/`+testPath+`#schritt-2"`, // next step counts from 1
		"Checkliste für meinen Zielberuf", first.Name, "erfüllt", "fehlt",
		// the timeline: step 1 done (step 1 in the API too), enrolled, the rating
		"Schritt 1 von", ": erledigt", `#schritt-1"`, "Eingeschrieben in", first.Name+" eingeschätzt: Sehr gute Kenntnisse",
		"Suchaufträge", "Buchhaltung in Berlin", `href="/jobs?q=Buchhaltung"`, "neue Stelle",
		`href="/mein-bereich/suchauftraege/`+ss.ID+`"`, `href="/mein-bereich/suchauftraege">Alle Suchaufträge`,
		// my application with its status, linked to its page
		`href="/mein-bereich/bewerbungen/`+app.ID+`"`, "Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung 1", "Kanzlei Berg", "eingegangen",
		`href="/mein-bereich/bewerbungen">Alle Bewerbungen`,
		// the learner area's navigation, this page marked
		`<nav class="learner-nav" aria-label="Mein Bereich">`, `<a href="/mein-bereich" aria-current="page">Übersicht</a>`,
		`<a href="/mein-bereich/bewerbungen">Bewerbungen</a>`, `<a href="/mein-bereich/merkliste">Merkliste</a>`,
		`<a href="/mein-bereich/konto">Konto</a>`)
	if strings.Contains(body, "Willkommen! So fangen Sie an") {
		t.Fatal("a learner with data sees the first-visit guide")
	}
	// Essential items come first: no essential tag after the first
	// non-essential row.
	rows := strings.Split(body[strings.Index(body, "<tbody>"):strings.Index(body, "</tbody>")], "<tr")
	seenOptional := false
	for _, r := range rows[1:] {
		ess := strings.Contains(r, "unverzichtbar")
		if seenOptional && ess {
			t.Fatal("an essential item follows an optional one")
		}
		seenOptional = seenOptional || !ess
	}
}

func TestGoalFormSavesRoleAndBackground(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u := e.Accounts.User(t, "ziel@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	b.signIn("ziel@example.de", accounttest.Password, "")
	resp, body := b.get("/mein-bereich/ziel")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `name="_csrf"`, `<select id="f-targetRole" name="targetRole"`, `value="backoffice-manager"`, `id="f-officeYears"`)

	// Wrong years and an unknown role: errors next to the fields, the typed
	// values kept, nothing stored.
	resp, body = b.post("/mein-bereich/ziel", url.Values{"targetRole": {"astronaut"}, "abitur": {"on"}, "officeYears": {"viele"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-officeYears-error"`, "ganze Zahl von 0 bis 60", `value="viele"`, `aria-invalid="true"`,
		`id="f-targetRole-error"`, "Bitte wählen Sie einen Beruf aus der Liste.", `id="f-targetRole" name="targetRole" aria-invalid="true" aria-describedby="f-targetRole-error" autofocus`)
	got, err := e.Accounts.Service.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	bg, _ := e.Learning.Background(ctx, u.ID)
	if got.TargetRole != "" || bg.Abitur {
		t.Fatalf("a wrong form stored something: role %q, background %+v", got.TargetRole, bg)
	}
	resp, body = b.post("/mein-bereich/ziel", url.Values{"targetRole": {"astronaut"}, "officeYears": {"61"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)

	// A good form: stored, redirect to the dashboard with a notice.
	resp, body = b.post("/mein-bereich/ziel", url.Values{"targetRole": {"backoffice-manager"}, "commercialTraining": {"on"}, "officeYears": {"4"}})
	wantRedirect(t, resp, body, "/mein-bereich?hinweis=ziel")
	got, _ = e.Accounts.Service.User(ctx, u.ID)
	bg, _ = e.Learning.Background(ctx, u.ID)
	if got.TargetRole != "backoffice-manager" || bg != (learning.Background{CommercialTraining: true, OfficeYears: 4}) {
		t.Fatalf("stored role %q, background %+v", got.TargetRole, bg)
	}
	resp, body = b.get("/mein-bereich?hinweis=ziel")
	mustContain(t, body, "Ihr Ziel ist gespeichert.", "Checkliste für meinen Zielberuf", `href="/mein-bereich/analyse?rolle=backoffice-manager"`)
	resp, body = b.get("/mein-bereich/ziel")
	mustContain(t, body, `<option value="backoffice-manager" selected>`, `name="commercialTraining" value="on" checked`, `value="4"`)

	// Without the form's token nothing changes.
	resp, body = b.post("/mein-bereich/ziel", url.Values{"_csrf": {""}, "targetRole": {""}})
	wantStatus(t, resp, body, http.StatusForbidden)
	got, _ = e.Accounts.Service.User(ctx, u.ID)
	if got.TargetRole != "backoffice-manager" {
		t.Fatal("a tokenless form changed the target role")
	}
	// Clearing the role works.
	b.get("/mein-bereich/ziel")
	resp, body = b.post("/mein-bereich/ziel", url.Values{"targetRole": {""}, "officeYears": {""}})
	wantRedirect(t, resp, body, "/mein-bereich?hinweis=ziel")
	got, _ = e.Accounts.Service.User(ctx, u.ID)
	if got.TargetRole != "" {
		t.Fatalf("role %q not cleared", got.TargetRole)
	}
}

func TestEnrolTickStepsAndUnenrol(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u := e.Accounts.User(t, "weg@example.de", account.Learner, false)
	other := e.Accounts.User(t, "andere@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	b.signIn("weg@example.de", accounttest.Password, "")

	// The public path page offers to enrol, with a token.
	resp, body := b.get("/wege/" + testPath)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `<form class="callout" action="/mein-bereich/wege" method="post">`, `name="_csrf"`, `name="path" value="`+testPath+`"`, "In diesen Weg einschreiben")
	resp, body = b.post("/mein-bereich/wege", url.Values{"path": {testPath}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+testPath+"?hinweis=eingeschrieben")
	resp, body = b.post("/mein-bereich/wege", url.Values{"path": {"gibt-es-nicht"}})
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = b.get("/wege/" + testPath)
	mustContain(t, body, "Sie sind in diesem Weg eingeschrieben.", `href="/mein-bereich/wege/`+testPath+`"`)

	resp, body = b.get("/mein-bereich/wege/" + testPath + "?hinweis=eingeschrieben")
	wantStatus(t, resp, body, 200)
	en, err := e.Learning.Enrolment(ctx, u.ID, testPath, "de")
	if err != nil {
		t.Fatal(err)
	}
	// The page numbers steps from 1, like the public path page.
	mustContain(t, body, "Sie sind eingeschrieben.", `id="schritt-1"`, `id="schritt-`+itoa(len(en.Steps))+`"`,
		`action="/mein-bereich/wege/`+testPath+`/schritte/1"`, en.Steps[0].Title, `<progress id="p-`+testPath+`" max="100" value="0">`)
	if strings.Contains(body, `id="schritt-0"`) || strings.Contains(body, "/schritte/0\"") {
		t.Fatal("a step numbered 0 is shown")
	}

	// Step 1 done with a certificate link: the API's step 1 changes.
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/1", url.Values{"aktion": {"done"}, "doneOn": {"2026-01-15"},
		"note": {"Mit Auszeichnung"}, "link": {"https://zertifikate.example.de/123"}})
	// Its course suggests skill raises: offered on the next page.
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+testPath+"?hinweis=schritt&vorschlaege=1#vorschlaege")
	en, _ = e.Learning.Enrolment(ctx, u.ID, testPath, "de")
	if st := en.Steps[0]; st.State != learning.Done || st.DoneOn != "2026-01-15" || st.Link != "https://zertifikate.example.de/123" || st.Note != "Mit Auszeichnung" {
		t.Fatalf("step 0 after ticking step 1: %+v", st.StepProgress)
	}
	if en.Steps[1].State != learning.NotStarted {
		t.Fatalf("step index 1 changed: %+v", en.Steps[1].StepProgress)
	}
	// Step 2 skipped without a reason: the error next to the field of that
	// step's form, nothing stored.
	b.get("/mein-bereich/wege/" + testPath)
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/2", url.Values{"aktion": {"skip"}, "reason": {""}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="s2-reason-error"`, "Bitte nennen Sie einen Grund.", `id="s2-reason" name="reason" type="text" value="" required maxlength="300" aria-invalid="true" aria-describedby="s2-reason-error" autofocus`, "<details open>")
	// A link that is not https and a future date.
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/2", url.Values{"aktion": {"done"}, "link": {"http://x.de"}, "doneOn": {"2999-01-01"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="s2-link-error"`, "https://", `value="http://x.de"`, `id="s2-doneOn-error"`, "nicht in der Zukunft")
	// A plan whose end is before its start.
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/2", url.Values{"aktion": {"plan"}, "plannedStart": {"2026-05-01"}, "plannedEnd": {"2026-04-01"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="s2-plannedEnd-error"`, "Das Ende darf nicht vor dem Beginn liegen.")
	en, _ = e.Learning.Enrolment(ctx, u.ID, testPath, "de")
	if st := en.Steps[1]; st.State != learning.NotStarted || st.PlannedStart != "" {
		t.Fatalf("a wrong form changed step index 1: %+v", st.StepProgress)
	}
	// Good plan and skip.
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/2", url.Values{"aktion": {"plan"}, "plannedStart": {"2026-03-01"}, "plannedEnd": {"2026-06-30"}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+testPath+"?hinweis=schritt#schritt-2")
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/2", url.Values{"aktion": {"skip"}, "reason": {"Schon erledigt"}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+testPath+"?hinweis=schritt#schritt-2")
	resp, body = b.get("/mein-bereich/wege/" + testPath)
	mustContain(t, body, "Mit Auszeichnung", `href="https://zertifikate.example.de/123"`, "Grund: Schon erledigt", "Geplant:", "15.01.2026")
	if !strings.Contains(body, `max="100" value="`) || strings.Contains(body, `max="100" value="0"`) {
		t.Fatal("the progress bar did not move")
	}
	// Start step 3 (the API's index 2).
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/3", url.Values{"aktion": {"start"}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+testPath+"?hinweis=schritt#schritt-3")
	en, _ = e.Learning.Enrolment(ctx, u.ID, testPath, "de")
	if en.Steps[2].State != learning.InProgress {
		t.Fatalf("step index 2 after starting step 3: %+v", en.Steps[2].StepProgress)
	}
	// Reset step 2.
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/2", url.Values{"aktion": {"reset"}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+testPath+"?hinweis=schritt#schritt-2")
	en, _ = e.Learning.Enrolment(ctx, u.ID, testPath, "de")
	if st := en.Steps[1]; st.State != learning.NotStarted || st.PlannedStart != "" || st.Reason != "" {
		t.Fatalf("reset left %+v", st.StepProgress)
	}
	// Step numbers out of range and unknown actions change nothing.
	for _, nr := range []string{"0", itoa(len(en.Steps) + 1), "x"} {
		resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/"+nr, url.Values{"aktion": {"done"}})
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/schritte/1", url.Values{"aktion": {"delete"}})
	wantStatus(t, resp, body, http.StatusBadRequest)

	// Another learner sees neither the enrolment nor can change it.
	o := newVisitor(t, e.App)
	o.signIn("andere@example.de", accounttest.Password, "")
	resp, body = o.get("/mein-bereich/wege/" + testPath)
	wantStatus(t, resp, body, http.StatusNotFound)
	o.get("/mein-bereich")
	resp, body = o.post("/mein-bereich/wege/"+testPath+"/schritte/2", url.Values{"aktion": {"skip"}, "reason": {"fremd"}})
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = o.post("/mein-bereich/wege/"+testPath+"/abmelden", url.Values{})
	wantStatus(t, resp, body, http.StatusNotFound)
	if _, err := e.Learning.Enrolment(ctx, other.ID, testPath, "de"); err == nil {
		t.Fatal("the other learner got an enrolment")
	}

	// Unenrol: a confirmation first, then the progress is gone.
	resp, body = b.get("/mein-bereich/wege/" + testPath + "/abmelden")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "wird Ihr Fortschritt auf diesem Weg gelöscht", `action="/mein-bereich/wege/`+testPath+`/abmelden" method="post"`)
	if _, err := e.Learning.Enrolment(ctx, u.ID, testPath, "de"); err != nil {
		t.Fatal("the confirmation page unenrolled")
	}
	resp, body = b.post("/mein-bereich/wege/"+testPath+"/abmelden", url.Values{})
	wantRedirect(t, resp, body, "/mein-bereich?hinweis=abgemeldet")
	if _, err := e.Learning.Enrolment(ctx, u.ID, testPath, "de"); err == nil {
		t.Fatal("still enrolled")
	}
	resp, body = b.get("/mein-bereich/wege/" + testPath)
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestRateSkills(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u := e.Accounts.User(t, "k@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	b.signIn("k@example.de", accounttest.Password, "")
	resp, body := b.get("/mein-bereich/kompetenzen")
	wantStatus(t, resp, body, 200)
	// One scale 0–4 with the checklists' words, and the same legend as the
	// role page's checklist.
	legend := "Stufen: 0 = Keine Kenntnisse · 1 = Grundkenntnisse · 2 = Gute Kenntnisse · 3 = Sehr gute Kenntnisse · 4 = Expertenwissen"
	mustContain(t, body, `id="kat-fachlich"`, `action="/mein-bereich/kompetenzen/englisch"`, `id="k-englisch-level-0"`, `id="k-englisch-level-4"`,
		legend, "0 von ", "nicht eingeschätzt")
	_, rolePage := b.get("/berufe/backoffice-manager")
	mustContain(t, rolePage, legend)

	// No level: the error in the skill's fieldset, nothing stored.
	resp, body = b.post("/mein-bereich/kompetenzen/englisch", url.Values{"evidence": {"TOEIC 850"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="k-englisch-level-error"`, "Bitte wählen Sie eine Stufe.", `value="TOEIC 850"`)
	for _, bad := range []string{"5", "-1", "drei"} {
		resp, body = b.post("/mein-bereich/kompetenzen/englisch", url.Values{"level": {bad}, "evidence": {"C1"}})
		wantStatus(t, resp, body, http.StatusUnprocessableEntity)
		mustContain(t, body, "Bitte wählen Sie eine Stufe.", `value="C1"`)
	}
	resp, body = b.post("/mein-bereich/kompetenzen/englisch", url.Values{"level": {"2"}, "evidence": {strings.Repeat("x", 501)}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="k-englisch-evidence-error"`, "höchstens 500 Zeichen")
	if as, _ := e.Learning.Assessments(ctx, u.ID); len(as) != 0 {
		t.Fatalf("a wrong form stored %v", as)
	}
	resp, body = b.post("/mein-bereich/kompetenzen/gibt-es-nicht", url.Values{"level": {"2"}})
	wantStatus(t, resp, body, http.StatusNotFound)

	resp, body = b.post("/mein-bereich/kompetenzen/englisch", url.Values{"level": {"2"}, "evidence": {"TOEIC 850"}})
	wantRedirect(t, resp, body, "/mein-bereich/kompetenzen?hinweis=kompetenz#k-englisch")
	as, _ := e.Learning.Assessments(ctx, u.ID)
	if a := as["englisch"]; a.Level != 2 || a.Evidence != "TOEIC 850" {
		t.Fatalf("stored %+v", a)
	}
	resp, body = b.get("/mein-bereich/kompetenzen?hinweis=kompetenz")
	mustContain(t, body, "Ihre Einschätzung ist gespeichert.", "Mein Stand: Gute Kenntnisse · TOEIC 850", `id="k-englisch-level-2" name="level" value="2" checked`, "1 von ")
	resp, body = b.get("/mein-bereich/kompetenzen?lang=en")
	mustContain(t, body, "My level: Good", "Rate how well", "Levels: 0 = None · 1 = Basic · 2 = Good · 3 = Very good · 4 = Expert")

	// Very good (3) meets a required 3 directly: the same number on both.
	resp, body = b.post("/mein-bereich/kompetenzen/englisch", url.Values{"level": {"3"}})
	wantRedirect(t, resp, body, "/mein-bereich/kompetenzen?hinweis=kompetenz#k-englisch")
	cl, err := e.Learning.Checklist(ctx, u.ID, "backoffice-manager", "de")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range cl.Items {
		if it.Skill == "englisch" && (it.Required > 3) == (it.Status == learning.Met) {
			t.Errorf("englisch: required %d, assessed 3, status %s", it.Required, it.Status)
		}
	}
	resp, body = b.post("/mein-bereich/kompetenzen/englisch", url.Values{"level": {"4"}})
	wantRedirect(t, resp, body, "/mein-bereich/kompetenzen?hinweis=kompetenz#k-englisch")
	_, body = b.get("/mein-bereich/kompetenzen?lang=de")
	mustContain(t, body, "Mein Stand: Expertenwissen", `id="k-englisch-level-4" name="level" value="4" checked`)
}

func TestGapAnalysisPage(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u := e.Accounts.User(t, "gap@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	b.signIn("gap@example.de", accounttest.Password, "")
	// Without a target role: a choice of roles.
	resp, body := b.get("/mein-bereich/analyse")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `<select id="f-rolle" name="rolle">`, "Wählen Sie einen Beruf")
	resp, body = b.get("/mein-bereich/analyse?rolle=astronaut")
	wantStatus(t, resp, body, http.StatusNotFound)

	if _, err := e.Learning.SetAssessment(ctx, u.ID, "englisch", learning.SkillInput{Level: 1}); err != nil {
		t.Fatal(err)
	}
	gap, err := e.Learning.GapForRole(ctx, u.ID, "backoffice-manager", "de")
	if err != nil {
		t.Fatal(err)
	}
	if len(gap.Plan.Courses) == 0 {
		t.Fatal("the seeded content gives no course plan")
	}
	resp, body = b.get("/mein-bereich/analyse?rolle=backoffice-manager")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Was fehlt mir zu Backoffice-Manager/in?", `<svg role="img" aria-labelledby="gap-title gap-desc"`,
		`<caption>Gefordert und mein Stand je Kompetenz</caption>`, "Ihr Weiterbildungsplan",
		`href="/weiterbildung/`+gap.Plan.Courses[0].Slug+`"`, gap.Plan.Courses[0].Duration)
	// One chart row per checklist item, and the learner's level drawn.
	cl, _ := e.Learning.Checklist(ctx, u.ID, "backoffice-manager", "de")
	if n := strings.Count(body, `<rect class="range"`); n != len(cl.Items) {
		t.Fatalf("%d chart rows, want %d", n, len(cl.Items))
	}
	if !strings.Contains(body, `<rect class="range" x="8" y="`) || strings.Count(body, `width="0" height="12"`) != len(cl.Items)-1 {
		t.Fatalf("want exactly one non-empty bar (englisch)")
	}
	for _, a := range gap.Plan.Assumptions {
		mustContain(t, body, a.Message)
	}
	for _, un := range gap.Plan.Uncovered {
		mustContain(t, body, un.Name)
	}
	// The target role is the default.
	role := "backoffice-manager"
	if _, err := e.Accounts.Service.UpdateProfile(ctx, u.ID, account.ProfileUpdate{TargetRole: &role}); err != nil {
		t.Fatal(err)
	}
	resp, body = b.get("/mein-bereich/analyse")
	mustContain(t, body, "Was fehlt mir zu Backoffice-Manager/in?")
	resp, body = b.get("/mein-bereich/analyse?lang=en")
	mustContain(t, body, "What am I missing for", "Your course plan")
}

// TestSuggestedRaisesAfterATickedCourse: ticking a step with a course done
// offers its skill raises on the next page; nothing is raised until the
// learner answers, a wrong answer shows the error next to the choice, and
// only suggested skills go up, by one, once.
func TestSuggestedRaisesAfterATickedCourse(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	const path = "quereinstieg-zeitarbeit"
	u := e.Accounts.User(t, "kurs@example.de", account.Learner, false)
	e.Accounts.User(t, "fremd@example.de", account.Learner, false)
	if _, _, err := e.Learning.Enrol(ctx, u.ID, path, "de"); err != nil {
		t.Fatal(err)
	}
	b := newVisitor(t, e.App)
	b.signIn("kurs@example.de", accounttest.Password, "")
	b.get("/mein-bereich/wege/" + path)
	// Step 2 is the software course.
	resp, body := b.post("/mein-bereich/wege/"+path+"/schritte/2", url.Values{"aktion": {"done"}, "doneOn": {"2026-02-01"}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+path+"?hinweis=schritt&vorschlaege=2#vorschlaege")
	if as, _ := e.Learning.Assessments(ctx, u.ID); len(as) != 0 {
		t.Fatalf("raised without an answer: %v", as)
	}
	sugs, err := e.Learning.StepSuggestions(ctx, u.ID, path, 2, "de")
	if err != nil || len(sugs) < 2 {
		t.Fatalf("suggestions %v %v", sugs, err)
	}
	resp, body = b.get("/mein-bereich/wege/" + path + "?hinweis=schritt&vorschlaege=2")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `id="vorschlaege"`, "Kompetenzen anheben?", `action="/mein-bereich/kompetenzen/vorschlaege"`,
		`name="skill" value="`+sugs[0].Skill+`"`, sugs[0].Name+": von Keine Kenntnisse auf Grundkenntnisse",
		`name="stand-`+sugs[0].Skill+`" value="0"`, "Alle übernehmen", "Auswahl übernehmen", "Verwerfen")
	// A step that is not done offers nothing, whatever the address says.
	_, body = b.get("/mein-bereich/wege/" + path + "?vorschlaege=3")
	if strings.Contains(body, `id="vorschlaege"`) {
		t.Fatal("an open step offers raises")
	}

	// "Accept selected" with nothing ticked: the error at the choice.
	resp, body = b.post("/mein-bereich/kompetenzen/vorschlaege", url.Values{"weg": {path}, "schritt": {"2"}, "aktion": {"auswahl"}, "stand-" + sugs[0].Skill: {"0"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="sug-error"`, "Bitte wählen Sie mindestens eine Kompetenz", `aria-describedby="sug-error"`, "autofocus")
	// Someone else cannot answer for this enrolment.
	f := newVisitor(t, e.App)
	f.signIn("fremd@example.de", accounttest.Password, "")
	f.get("/mein-bereich")
	resp, body = f.post("/mein-bereich/kompetenzen/vorschlaege", url.Values{"weg": {path}, "schritt": {"2"}, "aktion": {"alle"}, "stand-" + sugs[0].Skill: {"0"}})
	wantStatus(t, resp, body, http.StatusNotFound)
	if as, _ := e.Learning.Assessments(ctx, u.ID); len(as) != 0 {
		t.Fatalf("raised by a wrong answer: %v", as)
	}

	// Accept one of them; a level named by the form is never used.
	resp, body = b.post("/mein-bereich/kompetenzen/vorschlaege", url.Values{"weg": {path}, "schritt": {"2"}, "aktion": {"auswahl"},
		"skill": {sugs[0].Skill}, "stand-" + sugs[0].Skill: {"0"}, "level": {"4"}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+path+"?hinweis=angehoben#schritt-2")
	as, _ := e.Learning.Assessments(ctx, u.ID)
	if len(as) != 1 || as[sugs[0].Skill].Level != 1 {
		t.Fatalf("after accepting one: %v", as)
	}
	// The same answer again raises nothing twice.
	b.post("/mein-bereich/kompetenzen/vorschlaege", url.Values{"weg": {path}, "schritt": {"2"}, "aktion": {"auswahl"}, "skill": {sugs[0].Skill}, "stand-" + sugs[0].Skill: {"0"}})
	if as, _ := e.Learning.Assessments(ctx, u.ID); as[sugs[0].Skill].Level != 1 {
		t.Fatalf("raised twice: %v", as)
	}
	// Dismiss: nothing changes.
	resp, body = b.post("/mein-bereich/kompetenzen/vorschlaege", url.Values{"weg": {path}, "schritt": {"2"}, "aktion": {"verwerfen"}})
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+path+"?hinweis=verworfen#schritt-2")
	_, body = b.get("/mein-bereich/wege/" + path + "?hinweis=verworfen")
	mustContain(t, body, "Die Vorschläge sind verworfen.")
	if as, _ := e.Learning.Assessments(ctx, u.ID); len(as) != 1 {
		t.Fatalf("dismissing changed %v", as)
	}
	// Accept all the rest, as shown now (the first one from 1 to 2).
	form := url.Values{"weg": {path}, "schritt": {"2"}, "aktion": {"alle"}}
	for _, sg := range sugs {
		form.Set("stand-"+sg.Skill, "0")
	}
	form.Set("stand-"+sugs[0].Skill, "1")
	resp, body = b.post("/mein-bereich/kompetenzen/vorschlaege", form)
	wantRedirect(t, resp, body, "/mein-bereich/wege/"+path+"?hinweis=angehoben#schritt-2")
	as, _ = e.Learning.Assessments(ctx, u.ID)
	if len(as) != len(sugs) || as[sugs[0].Skill].Level != 2 || as[sugs[1].Skill].Level != 1 {
		t.Fatalf("after accepting all: %v", as)
	}
	_, body = b.get("/mein-bereich/wege/" + path + "?hinweis=angehoben&lang=en")
	mustContain(t, body, "Your skills have been raised.")
}
