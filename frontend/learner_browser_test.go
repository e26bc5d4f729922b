package frontend

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourneyLearnerGoalEnrolTick is the core of issue 11's journey (1) in
// Chromium, with and without JavaScript: sign in → set the target role and
// background → enrol from the path page → tick step 1 with a certificate
// link → the dashboard shows the progress; axe on every learner page at
// 1280 and 375 px. LAUFBAHN_SCREENSHOTS=dir keeps screenshots there.
func TestJourneyLearnerGoalEnrolTick(t *testing.T) {
	for _, noJS := range []bool{false, true} {
		name := "js"
		if noJS {
			name = "nojs"
		}
		t.Run(name, func(t *testing.T) {
			s := serve(t)
			ctx := tab(t, 1280, 900, noJS)
			const addr = "lea@example.de"
			registerConfirmed(t, s.testEnv, addr)
			do(t, ctx,
				chromedp.Navigate(s.URL+"/mein-bereich"),
				chromedp.WaitVisible(chromedp.CSS(`form[action="/anmelden"]`)),
				chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
				chromedp.SendKeys(chromedp.CSS("#f-password"), "Tintenfass Gartenzaun 47"),
				chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS(".guide")),
			)
			if got := text(t, ctx, ".guide h2"); !strings.Contains(got, "So fangen Sie an") {
				t.Fatalf("first visit guide: %q", got)
			}
			do(t, ctx,
				chromedp.Click(chromedp.CSS(`.guide a[href="/mein-bereich/ziel"]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS("#f-targetRole")),
				chromedp.SetValue(chromedp.CSS("#f-targetRole"), "backoffice-manager"),
				chromedp.Click(chromedp.CSS("#f-commercialTraining"), chromedp.NodeVisible),
				chromedp.SetValue(chromedp.CSS("#f-officeYears"), "4"),
				chromedp.Click(chromedp.CSS(`form[action="/mein-bereich/ziel"] button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "hinweis=ziel")
			do(t, ctx,
				chromedp.Navigate(s.URL+"/wege/"+testPath),
				chromedp.Click(chromedp.CSS(`form[action="/mein-bereich/wege"] button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "hinweis=eingeschrieben")
			do(t, ctx,
				chromedp.Click(chromedp.CSS(`#schritt-1 summary`), chromedp.NodeVisible),
				chromedp.SendKeys(chromedp.CSS("#s1-link"), "https://zertifikate.example.de/42"),
				chromedp.Click(chromedp.CSS(`#schritt-1 form input[value="done"] ~ fieldset button[type=submit]`), chromedp.NodeVisible),
			)
			waitURL(t, ctx, "hinweis=schritt")
			if got := text(t, ctx, "#schritt-1 .tag"); got != "erledigt" {
				t.Fatalf("step 1 state %q", got)
			}
			do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich"), chromedp.WaitVisible(chromedp.CSS("progress")))
			if got := text(t, ctx, ".cards .card"); !strings.Contains(got, "1 von") {
				t.Fatalf("dashboard card: %q", got)
			}
			if noJS {
				return
			}
			dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
			if dir != "" {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for _, pg := range []struct{ name, path string }{
				{"dashboard", "/mein-bereich"}, {"goal", "/mein-bereich/ziel"}, {"path", "/wege/" + testPath},
				{"enrolment", "/mein-bereich/wege/" + testPath}, {"unenrol", "/mein-bereich/wege/" + testPath + "/abmelden"}, {"skills", "/mein-bereich/kompetenzen"}, {"gap", "/mein-bereich/analyse"},
			} {
				for _, w := range []int64{1280, 375} {
					do(t, ctx, chromedp.EmulateViewport(w, 900), chromedp.Navigate(s.URL+pg.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
					checkAxe(t, ctx, pg.name+" at "+itoa(int(w)))
					if dir != "" {
						buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
						if err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(filepath.Join(dir, pg.name+"-"+itoa(int(w))+".png"), buf, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
		})
	}
}
