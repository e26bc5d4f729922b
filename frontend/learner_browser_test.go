package frontend

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// journeyWords are the words the learner journey reads, per language.
var journeyWords = map[string]struct {
	sent, guide, myLevel, done, stepsDone, plan, raised string
}{
	"de": {"Bitte prüfen Sie Ihr Postfach", "So fangen Sie an", "Mein Stand: Sehr gute Kenntnisse", "erledigt", "2 von", "Ihr Weiterbildungsplan", "Ihre Kompetenzen sind angehoben."},
	"en": {"Please check your inbox", "Here is how to start", "My level: Very good", "done", "2 of", "Your course plan", "Your skills have been raised."},
}

// TestJourneyLearnerGoalEnrolTick is issue 11's journey (1) in Chromium, in
// German with and without JavaScript and in English (chosen on the site):
// register on /registrieren → confirm from the mailed link → sign in →
// target role Backoffice-Manager/in and background → rate three skills →
// enrol from the path page → tick step 1 with a certificate link and
// accept the skill raises its course suggests → tick step 2 → the
// dashboard shows the progress → the gap analysis shows a course plan.
// With JavaScript the ratings, ticks and raises update the page in place
// (no reload). Axe on every learner page at 1280 and 375 px;
// LAUFBAHN_SCREENSHOTS=dir keeps learner-{dashboard,path,gap}-{1280,375}.png.
func TestJourneyLearnerGoalEnrolTick(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	for _, run := range []struct {
		name, lang string
		noJS       bool
	}{{"de-js", "de", false}, {"de-nojs", "de", true}, {"en-js", "en", false}} {
		t.Run(run.name, func(t *testing.T) {
			s := serve(t)
			ctx := tab(t, 1280, 900, run.noJS)
			w := journeyWords[run.lang]
			addr := "lea-" + run.name + "@example.de"
			const password = "Tintenfass Gartenzaun 47"

			// Register on the site (in English: switched in the header).
			do(t, ctx, chromedp.Navigate(s.URL+"/registrieren"), chromedp.WaitVisible(chromedp.CSS(`form[action="/registrieren"]`)))
			if run.lang == "en" {
				do(t, ctx,
					chromedp.Click(chromedp.CSS(`.account-nav a[hreflang="en"]`), chromedp.NodeVisible),
					chromedp.WaitVisible(chromedp.CSS(`html[lang="en"] form[action="/registrieren"]`)),
				)
			}
			do(t, ctx,
				chromedp.SendKeys(chromedp.CSS("#f-name"), "Lea Berger"),
				chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
				chromedp.SendKeys(chromedp.CSS("#f-password"), password),
				chromedp.Click(chromedp.CSS(`form[action="/registrieren"] button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "versendet=1")
			if got := text(t, ctx, "main h1"); got != w.sent {
				t.Fatalf("after registering: %q", got)
			}
			// Confirm from the mailed link.
			do(t, ctx,
				chromedp.Navigate(s.URL+"/e-mail-bestaetigen?token="+s.Accounts.Mailbox.Token(t, addr)),
				chromedp.Click(chromedp.CSS(`form[action="/e-mail-bestaetigen"] button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "hinweis=bestaetigt")
			do(t, ctx,
				chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
				chromedp.SendKeys(chromedp.CSS("#f-password"), password),
				chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS(".guide")),
			)
			if got := text(t, ctx, ".guide h2"); !strings.Contains(got, w.guide) {
				t.Fatalf("first visit guide: %q", got)
			}

			// Goal and background.
			do(t, ctx,
				chromedp.Click(chromedp.CSS(`.guide a[href="/mein-bereich/ziel"]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS("#f-targetRole")),
				chromedp.SetValue(chromedp.CSS("#f-targetRole"), "backoffice-manager"),
				chromedp.Click(chromedp.CSS("#f-commercialTraining"), chromedp.NodeVisible),
				chromedp.SetValue(chromedp.CSS("#f-officeYears"), "4"),
				chromedp.Click(chromedp.CSS(`form[action="/mein-bereich/ziel"] button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "hinweis=ziel")

			// Three skills rated "very good" (3), in place with JavaScript.
			do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich/kompetenzen"), chromedp.WaitVisible(chromedp.CSS("#k-englisch")))
			markPage(t, ctx, run.noJS)
			for _, sk := range []string{"englisch", "ms-office", "organisationstalent"} {
				do(t, ctx,
					chromedp.Click(chromedp.CSS("#k-"+sk+" summary"), chromedp.NodeVisible),
					chromedp.Click(chromedp.CSS("#k-"+sk+"-level-3"), chromedp.NodeVisible),
					chromedp.Click(chromedp.CSS("#k-"+sk+" button[type=submit]"), chromedp.NodeVisible),
				)
				waitText(t, ctx, "#k-"+sk+" p.meta", w.myLevel)
			}
			checkReload(t, ctx, run.noJS, "rating skills")

			// Enrol from the public path page.
			do(t, ctx,
				chromedp.Navigate(s.URL+"/wege/"+testPath),
				chromedp.Click(chromedp.CSS(`form[action="/mein-bereich/wege"] button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "hinweis=eingeschrieben")
			markPage(t, ctx, run.noJS)
			// Step 1 done with a certificate link; its course suggests raises.
			do(t, ctx,
				chromedp.Click(chromedp.CSS(`#schritt-1 summary`), chromedp.NodeVisible),
				chromedp.SendKeys(chromedp.CSS("#s1-link"), "https://zertifikate.example.de/42"),
				chromedp.Click(chromedp.CSS(`#schritt-1 form input[value="done"] ~ fieldset button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "vorschlaege=1")
			waitText(t, ctx, "#schritt-1 .tag", w.done)
			do(t, ctx, chromedp.Click(chromedp.CSS(`#vorschlaege button[value="alle"]`), chromedp.NodeVisible))
			waitURL(t, ctx, "hinweis=angehoben")
			waitText(t, ctx, "main .flash", w.raised)
			// Skipping step 3 without a reason: the message next to the
			// field (in place with JavaScript), which gets the focus.
			do(t, ctx,
				chromedp.Click(chromedp.CSS(`#schritt-3 summary`), chromedp.NodeVisible),
				chromedp.Click(chromedp.CSS(`#schritt-3 form input[value="skip"] ~ fieldset button[type=submit]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS("#s3-reason-error")),
			)
			if focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); run.noJS == false && (err != nil || focused != "s3-reason") {
				t.Fatalf("focus after the error: %q (%v)", focused, err)
			}
			// Step 2 done.
			do(t, ctx,
				chromedp.Click(chromedp.CSS(`#schritt-2 summary`), chromedp.NodeVisible),
				chromedp.Click(chromedp.CSS(`#schritt-2 form input[value="done"] ~ fieldset button[type=submit]`), chromedp.NodeVisible),
			)
			waitText(t, ctx, "#schritt-2 .tag", w.done)
			waitText(t, ctx, "#prog-h + p + p.meta", w.stepsDone)
			checkReload(t, ctx, run.noJS, "ticking steps")

			// The dashboard shows the progress; the gap analysis a plan.
			do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich"), chromedp.WaitVisible(chromedp.CSS("progress")))
			if got := text(t, ctx, "#lernwege .card"); !strings.Contains(got, w.stepsDone) {
				t.Fatalf("dashboard card: %q", got)
			}
			do(t, ctx, chromedp.Click(chromedp.CSS(`.learner-nav a[href="/mein-bereich/analyse"]`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("#plan-h")))
			if got := text(t, ctx, "#plan-h"); got != w.plan {
				t.Fatalf("gap analysis: %q", got)
			}
			if run.name != "de-js" {
				return
			}

			// Axe on every learner page at 1280 and 375 px.
			dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
			if dir != "" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, pg := range []struct{ name, path string }{
				{"dashboard", "/mein-bereich"}, {"goal", "/mein-bereich/ziel"}, {"public-path", "/wege/" + testPath},
				{"path", "/mein-bereich/wege/" + testPath + "?vorschlaege=1"}, {"unenrol", "/mein-bereich/wege/" + testPath + "/abmelden"},
				{"skills", "/mein-bereich/kompetenzen"}, {"gap", "/mein-bereich/analyse"},
			} {
				for _, width := range []int64{1280, 375} {
					do(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+pg.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
					checkAxe(t, ctx, pg.name+" at "+itoa(int(width)))
					if dir != "" && (pg.name == "dashboard" || pg.name == "path" || pg.name == "gap") {
						buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
						if err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(filepath.Join(dir, "learner-"+pg.name+"-"+itoa(int(width))+".png"), buf, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		})
	}
}

// markPage marks the loaded document, so checkReload can tell whether the
// page was replaced since.
func markPage(t *testing.T, ctx context.Context, noJS bool) {
	t.Helper()
	if noJS {
		return
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.journeyMark = 1`)); err != nil {
		t.Fatalf("mark: %v", err)
	}
}

// checkReload fails when, with JavaScript, the page marked by markPage was
// reloaded (the forms were to update it in place); without JavaScript
// there is nothing to check.
func checkReload(t *testing.T, ctx context.Context, noJS bool, what string) {
	t.Helper()
	if noJS {
		return
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.journeyMark === 1`))
	if err != nil {
		t.Fatal(err)
	}
	if !marked {
		t.Fatalf("%s reloaded the page instead of updating it in place", what)
	}
}

// waitText waits until the element's text contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.AtLeast(0)))
		if err == nil && strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never said %q; it says %q (%v)", sel, want, got, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
