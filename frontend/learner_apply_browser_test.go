package frontend

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
)

// TestJourneyApplyToJob is issue 11's journey (2) in Chromium, with and
// without JavaScript: a learner with rated skills opens a job, signs in
// from it and comes back, sees the match, keeps the job (with JavaScript
// in place, without a reload), applies with a PDF CV and the shared
// snapshot, sees the application with status "eingegangen", then the
// list. axe at 1280 and 375 px on the job page (signed in), the apply
// form, the application and the list; LAUFBAHN_SCREENSHOTS=dir keeps
// application-detail-1280.png and -375.png there.
func TestJourneyApplyToJob(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	pdf := filepath.Join(t.TempDir(), "lebenslauf.pdf")
	if err := os.WriteFile(pdf, []byte(applyPDF), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, noJS := range []bool{false, true} {
		name := "js"
		if noJS {
			name = "nojs"
		}
		t.Run(name, func(t *testing.T) {
			s := serve(t)
			id := seedJobs(t, s.testEnv, 1)[0]
			const addr = "lea@example.de"
			registerConfirmed(t, s.testEnv, addr)
			bg := context.Background()
			u, err := s.Accounts.Service.UserByEmail(bg, addr)
			if err != nil {
				t.Fatal(err)
			}
			for skill, level := range map[string]int{"geschaeftskorrespondenz": 2, "ms-office": 1, "tabellenkalkulation": 3} {
				if _, err := s.Learning.SetAssessment(bg, u.ID, skill, learning.SkillInput{Level: level}); err != nil {
					t.Fatal(err)
				}
			}
			ctx := tab(t, 1280, 900, noJS)
			job := s.URL + "/jobs/" + id

			// The visitor signs in from the job page and comes back to it.
			do(t, ctx,
				chromedp.Navigate(job),
				chromedp.Click(chromedp.CSS(`.job-side a[href^="/anmelden?weiter="]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS(`form[action="/anmelden"]`)),
				chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
				chromedp.SendKeys(chromedp.CSS("#f-password"), "Tintenfass Gartenzaun 47"),
				chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "/jobs/"+id)
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#job-learner")))
			match := text(t, ctx, "#job-learner")
			for _, want := range []string{"Passt die Stelle zu mir?", "Übereinstimmung", "Geschäftskorrespondenz", "MS Office", "Was fehlt mir?"} {
				if !strings.Contains(match, want) {
					t.Fatalf("the match lacks %q:\n%s", want, match)
				}
			}

			// Keep the job: in place with JavaScript, after a redirect without.
			do(t, ctx, chromedp.Click(chromedp.CSS(`#job-learner form button[type=submit]`), chromedp.NodeVisible))
			if noJS {
				waitURL(t, ctx, "hinweis=gemerkt")
			}
			do(t, ctx, chromedp.WaitReady(chromedp.CSS(`#job-learner input[name=action][value=unsave]`)))
			if got := text(t, ctx, "main .flash"); got != "Die Stelle steht auf Ihrer Merkliste." {
				t.Fatalf("notice %q", got)
			}
			if loc := location(t, ctx); !noJS && strings.Contains(loc, "hinweis") {
				t.Fatalf("with JavaScript the page reloaded: %s", loc)
			}
			if saved, err := s.Jobs.SavedPostings(bg, u.ID); err != nil || len(saved) != 1 {
				t.Fatalf("saved %d, %v", len(saved), err)
			}
			if !noJS {
				axeAt(t, ctx, job, "job page (learner)", "")
			}

			// Apply with a PDF and the snapshot.
			do(t, ctx, chromedp.Navigate(job), chromedp.Click(chromedp.CSS(`.job-side a[href$="/bewerben"]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS("#f-coverNote")))
			if got := text(t, ctx, ".snapshot-preview"); !strings.Contains(got, "Tabellenkalkulation") || !strings.Contains(got, "Geschäftskorrespondenz") {
				t.Fatalf("the snapshot preview: %q", got)
			}
			checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("f-shareSnapshot").checked`))
			if err != nil || checked {
				t.Fatalf("share box ticked by default (%v)", err)
			}
			if !noJS {
				axeAt(t, ctx, "", "apply form", "#f-coverNote")
			}
			do(t, ctx,
				chromedp.SendKeys(chromedp.CSS("#f-coverNote"), "Ich organisiere seit vier Jahren ein Büro und freue mich auf Ihre Antwort."),
				chromedp.SetUploadFiles(chromedp.CSS("#f-cv"), []string{pdf}),
				chromedp.Click(chromedp.CSS("#f-shareSnapshot"), chromedp.NodeVisible),
				chromedp.Click(chromedp.CSS(`.apply-form button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "hinweis=beworben")
			if got := text(t, ctx, "main .lead .tag"); got != "eingegangen" {
				t.Fatalf("status %q", got)
			}
			detail := text(t, ctx, "main")
			for _, want := range []string{"Ihre Bewerbung ist abgeschickt.", "Ich organisiere seit vier Jahren", "lebenslauf.pdf", "Selbst eingeschätzte Kompetenzen"} {
				if !strings.Contains(detail, want) {
					t.Fatalf("the application lacks %q:\n%s", want, detail)
				}
			}
			a, err := s.Jobs.MyApplication(bg, u.ID, jobs.ApplicationID(id, u.ID))
			if err != nil || a.CV == nil || a.Snapshot == nil || !a.SnapshotConsent {
				t.Fatalf("stored application %+v, %v", a, err)
			}
			if !noJS {
				axeAt(t, ctx, "", "application detail", "")
				shootBoth(t, ctx, "application-detail")
			}

			// The list.
			do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich/bewerbungen"), chromedp.WaitVisible(chromedp.CSS("table.applications")))
			if got := text(t, ctx, "table.applications tbody"); !strings.Contains(got, "Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung 1") || !strings.Contains(got, "eingegangen") {
				t.Fatalf("the list: %q", got)
			}
			if !noJS {
				axeAt(t, ctx, "", "application list", "")
			}
		})
	}
}

// axeAt checks the page (url, or the current one when "") with axe at
// 1280 and 375 px, waiting for wait (default main h1), and goes back to
// 1280.
func axeAt(t *testing.T, ctx context.Context, url, label, wait string) {
	t.Helper()
	if wait == "" {
		wait = "main h1"
	}
	for _, w := range []int64{375, 1280} {
		steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(w, 900)}
		if url != "" {
			steps = append(steps, chromedp.Navigate(url))
		}
		do(t, ctx, append(steps, chromedp.WaitVisible(chromedp.CSS(wait)))...)
		checkAxe(t, ctx, label+" at "+itoa(int(w)))
	}
}

// shootBoth writes name-1280.png and name-375.png of the current page to
// $LAUFBAHN_SCREENSHOTS, if set.
func shootBoth(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int64{1280, 375} {
		do(t, ctx, chromedp.EmulateViewport(w, 900), chromedp.WaitVisible(chromedp.CSS("main h1")))
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(int(w))+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
