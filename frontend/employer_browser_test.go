package frontend

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/search"
)

// employerShots checks the current page with axe at 1280 and 375 px and,
// with LAUFBAHN_SCREENSHOTS=dir, keeps a screenshot of each as
// dir/name-width.png.
func employerShots(t *testing.T, ctx context.Context, url, name string) {
	t.Helper()
	dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []int64{1280, 375} {
		do(t, ctx, chromedp.EmulateViewport(w, 900), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main h1")))
		checkAxe(t, ctx, name+" at "+itoa(int(w)))
		if dir != "" {
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(int(w))+".png"), buf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
}

// signInTab signs addr in on the tab and waits for the signed-in header.
func signInTab(t *testing.T, ctx context.Context, base, addr, password string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/anmelden"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/abmelden"]`)),
	)
}

const journeyPassword = "Tintenfass Gartenzaun 47"

// TestJourneyEmployerHiring is issue 12's journey (1) in Chromium with
// JavaScript: an employer signs up with an organisation on /registrieren
// and confirms the address → writes a draft without salary in the editor
// → sees the salary named as needed for publishing → adds it → publishes
// → the job is on /jobs → a learner applies on the apply page with a PDF
// and her snapshot → the employer opens the pipeline from the dashboard
// and the application, and moves it to "Gespräch" with a message → the
// learner sees the new status and the message on her application page.
// axe at 1280 and 375 px on the pipeline and the application; screenshots
// employer-pipeline-* and employer-applicant-*.
func TestJourneyEmployerHiring(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	bg := context.Background()
	ctx := tab(t, 1280, 900, false)
	const boss = "clara@kanzlei-nord.example"
	do(t, ctx,
		chromedp.Navigate(s.URL+"/registrieren?rolle=arbeitgeber"),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Clara Nord"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), boss),
		chromedp.SendKeys(chromedp.CSS("#f-password"), journeyPassword),
		chromedp.SendKeys(chromedp.CSS("#f-orgName"), "Kanzlei Nord"),
		chromedp.SetValue(chromedp.CSS("#f-sizeClass"), "10-49"),
		chromedp.SendKeys(chromedp.CSS("#f-industry"), "Steuerberatung"),
		chromedp.SendKeys(chromedp.CSS("#f-city"), "Kiel"),
		chromedp.SendKeys(chromedp.CSS("#f-postalCode"), "24103"),
		chromedp.SetValue(chromedp.CSS("#f-bundesland"), "SH"),
		chromedp.Click(chromedp.CSS(`form[action="/registrieren"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "versendet=1")
	do(t, ctx,
		chromedp.Navigate(mailLink(t, s, boss, 0)),
		chromedp.Click(chromedp.CSS(`form[action="/e-mail-bestaetigen"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=bestaetigt")
	signInTab(t, ctx, s.URL, boss, journeyPassword)
	waitURL(t, ctx, "/arbeitgeber")

	// The draft, without a salary (the editor's field ids).
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`.employer-nav a[href="/arbeitgeber/stellen/neu"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#f-title")),
		chromedp.SetValue(chromedp.CSS("#f-role"), "backoffice-mitarbeiter"),
		chromedp.SetValue(chromedp.CSS("#f-remoteMode"), "onsite"),
		chromedp.SetValue(chromedp.CSS("#f-employmentType"), "vollzeit"),
		chromedp.SetValue(chromedp.CSS("#f-skill-geschaeftskorrespondenz"), "essential"),
		chromedp.SetValue(chromedp.CSS("#f-skill-buchhaltung-grundlagen"), "optional"),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Sachbearbeiter/in Mandantenbüro"),
		chromedp.SendKeys(chromedp.CSS("#f-description"), "## Ihre Aufgaben\n\n"+strings.Repeat("Sie betreuen Mandanten am Telefon, pflegen Akten und organisieren Termine. ", 7)),
		chromedp.SendKeys(chromedp.CSS("#f-tasks"), "Mandanten betreuen\nTermine koordinieren"),
		chromedp.SendKeys(chromedp.CSS("#f-postalCode"), "24103"),
		chromedp.SendKeys(chromedp.CSS("#f-city"), "Kiel"),
		chromedp.SendKeys(chromedp.CSS("#f-street"), "Holstenstraße 1"),
		chromedp.SendKeys(chromedp.CSS("#f-contactName"), "Clara Nord"),
		chromedp.Click(chromedp.CSS(`button[name=aktion][value=speichern]`), chromedp.NodeVisible),
	)
	loc := waitURL(t, ctx, "hinweis=erstellt")
	editURL := strings.TrimSuffix(loc, "?hinweis=erstellt")
	id := editURL[strings.LastIndex(editURL, "/")+1:]
	if got := text(t, ctx, "#w-salaryMin"); !strings.Contains(got, "zum Veröffentlichen nötig") {
		t.Fatalf("the draft's salary warning: %q", got)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#f-salaryMin"), "38000"),
		chromedp.SendKeys(chromedp.CSS("#f-salaryMax"), "44000"),
		chromedp.Click(chromedp.CSS(`button[name=aktion][value=veroeffentlichen]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "/arbeitgeber?hinweis=veroeffentlicht")
	// The search index picks the posting up (the sync worker's pass).
	if _, err := s.Syncer.Reindex(bg, search.Jobs); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(s.URL+"/jobs?q=Mandantenbüro"), chromedp.WaitVisible(chromedp.CSS(`a[href="/jobs/`+id+`"]`)))

	// A learner applies on the apply page, sharing her snapshot.
	lea := s.Accounts.User(t, "lea@example.de", account.Learner, false)
	if _, err := s.Learning.SetAssessment(bg, lea.ID, "geschaeftskorrespondenz", learning.SkillInput{Level: 3}); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "lebenslauf-lea.pdf")
	if err := os.WriteFile(pdf, applicantTestPDF, 0o644); err != nil {
		t.Fatal(err)
	}
	lctx := tab(t, 1280, 900, false)
	signInTab(t, lctx, s.URL, "lea@example.de", accounttest.Password)
	do(t, lctx,
		chromedp.Navigate(s.URL+"/jobs/"+id+"/bewerben"),
		chromedp.WaitVisible(chromedp.CSS("#f-coverNote")),
		chromedp.SendKeys(chromedp.CSS("#f-coverNote"), "Guten Tag,\nich organisiere seit vier Jahren ein Büro."),
		chromedp.SetUploadFiles(chromedp.CSS("#f-cv"), []string{pdf}),
		chromedp.Click(chromedp.CSS("#f-shareSnapshot"), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`.apply-form button[type=submit]`), chromedp.NodeVisible),
	)
	mine := waitURL(t, lctx, "hinweis=beworben")
	mine = mine[:strings.Index(mine, "?")]

	// The employer: dashboard → pipeline → the application.
	do(t, ctx,
		chromedp.Navigate(s.URL+"/arbeitgeber"),
		chromedp.Click(chromedp.CSS(`a[href="/arbeitgeber/stellen/`+id+`/bewerbungen"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#col-received")),
	)
	if got := text(t, ctx, "#col-received + ul"); !strings.Contains(got, "lea") || !strings.Contains(got, "Passung 67 %") {
		t.Fatalf("the pipeline's first column: %q", got)
	}
	employerShots(t, ctx, location(t, ctx), "employer-pipeline")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.applicant-card a`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("#f-message")))
	detail := location(t, ctx)
	if got := text(t, ctx, "main"); !strings.Contains(got, "ich organisiere seit vier Jahren ein Büro") || !strings.Contains(got, "lebenslauf-lea.pdf") ||
		!strings.Contains(got, "Geschäftskorrespondenz") {
		t.Fatalf("the application page: %q", got)
	}
	employerShots(t, ctx, detail, "employer-applicant")
	do(t, ctx,
		chromedp.Navigate(detail),
		chromedp.Click(chromedp.CSS("#f-status-interview"), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#f-message"), "Gespräch am 3. Dezember um 10 Uhr"),
		chromedp.Click(chromedp.CSS(`form[action$="/status"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=status")
	if got := text(t, ctx, "#verlauf + ol"); !strings.Contains(got, "Gespräch am 3. Dezember um 10 Uhr") {
		t.Fatalf("the history shows %q", got)
	}

	// The learner sees the new status and the message.
	do(t, lctx, chromedp.Navigate(mine), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := text(t, lctx, "main"); !strings.Contains(got, "Status: Gespräch") || !strings.Contains(got, "Gespräch am 3. Dezember um 10 Uhr") {
		t.Fatalf("the learner's application page: %q", got)
	}
}

// TestJourneyEmployerInviteColleague is issue 12's journey (3) in
// Chromium: an employer invites a colleague on /arbeitgeber/organisation
// → the colleague opens the mailed link (/einladung), signs up with it,
// confirms the address, signs in → belongs to the organisation and sees
// its postings on /arbeitgeber. axe at 1280 and 375 px on the
// organisation page, and on its create form for an employer without one;
// screenshots org-* and org-create-*.
func TestJourneyEmployerInviteColleague(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	seedJobs(t, s.testEnv, 1)
	const boss, colleague = "chefin0@kanzlei-berg.de", "kollege@kanzlei-berg.de"
	ctx := tab(t, 1280, 900, false)
	signInTab(t, ctx, s.URL, boss, journeyPassword)
	do(t, ctx,
		chromedp.Navigate(s.URL+"/arbeitgeber/organisation"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), colleague),
		chromedp.Click(chromedp.CSS(`form[action="/arbeitgeber/organisation/einladungen"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=eingeladen")
	if got := text(t, ctx, "#einladen ~ ul"); !strings.Contains(got, colleague) {
		t.Fatalf("open invitations: %q", got)
	}
	employerShots(t, ctx, s.URL+"/arbeitgeber/organisation", "org")

	// An employer without organisation gets the form that creates one.
	s.Accounts.User(t, "ohne@example.de", account.Employer, false)
	octx := tab(t, 1280, 900, false)
	signInTab(t, octx, s.URL, "ohne@example.de", accounttest.Password)
	employerShots(t, octx, s.URL+"/arbeitgeber/organisation", "org-create")
	if got := text(t, octx, "main h1"); got != "Organisation anlegen" {
		t.Fatalf("without organisation: %q", got)
	}

	// The colleague, in a browser of their own.
	kctx := tab(t, 1280, 900, false)
	do(t, kctx,
		chromedp.Navigate(mailLink(t, s, colleague, 0)),
		chromedp.Click(chromedp.CSS(`a[href^="/registrieren?einladung="]`), chromedp.NodeVisible),
	)
	waitURL(t, kctx, "/registrieren?einladung=")
	do(t, kctx,
		chromedp.WaitVisible(chromedp.CSS(`form[action="/registrieren"] #f-email`)),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Karl Kollege"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), colleague),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "Wasserturm Lindenblatt 93"),
		chromedp.Click(chromedp.CSS(`form[action="/registrieren"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, kctx, "versendet=1")
	do(t, kctx,
		chromedp.Navigate(mailLink(t, s, colleague, 1)),
		chromedp.Click(chromedp.CSS(`form[action="/e-mail-bestaetigen"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, kctx, "hinweis=bestaetigt")
	signInTab(t, kctx, s.URL, colleague, "Wasserturm Lindenblatt 93")
	waitURL(t, kctx, "/arbeitgeber")
	if got := text(t, kctx, "main"); !strings.Contains(got, "Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung 1") {
		t.Fatalf("the colleague's /arbeitgeber shows %q", got)
	}
	do(t, kctx, chromedp.Navigate(s.URL+"/arbeitgeber/organisation"), chromedp.WaitVisible(chromedp.CSS("#members-h")))
	if got := text(t, kctx, "#members-h + ul"); !strings.Contains(got, "Clara Berg") || !strings.Contains(got, "Karl Kollege") {
		t.Fatalf("members: %q", got)
	}
	if got := text(t, kctx, "#einladen ~ p.meta"); !strings.Contains(got, "Keine offenen Einladungen") {
		t.Fatalf("the used invitation is still open: %q", got)
	}
}
