package frontend

// The employer's posting journey in Chromium (issue 12, parts 1-2).
//
// For the full journey (1) of issue 12 (register → draft → publish → a
// learner applies → the pipeline), the editor's fields have stable ids:
// #f-title, #f-role (select, role slug), #f-description (textarea,
// Markdown), #f-tasks and #f-benefits (textareas, one per line),
// #f-skill-<slug> (select: "", essential, optional), #f-postalCode,
// #f-city, #f-bundesland (select, filled from the town when left empty),
// #f-street, #f-remoteMode (onsite|hybrid|remote), #f-remoteDays,
// #f-employmentType (vollzeit|teilzeit|...), #f-hoursPerWeek,
// #f-fixedTerm (checkbox), #f-startDate, #f-salaryMin, #f-salaryMax,
// #f-salaryPeriod (year|month|hour), #f-applyMethod (platform|external),
// #f-applyUrl, #f-contactName, #f-contactEmail, #f-contactPhone,
// #f-validThrough. Buttons: button[name=aktion][value=speichern] saves
// (a new draft redirects to /arbeitgeber/stellen/{id}?hinweis=erstellt),
// button[name=aktion][value=veroeffentlichen] saves and publishes
// (→ /arbeitgeber?hinweis=veroeffentlicht). On the dashboard each posting
// is li#stelle-{id}. The live quality check fills #quality-body and the
// per-field lists #w-<field>.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/search"
)

// TestJourneyEmployerDraftPublish: an employer signs in, writes a posting
// without a salary, sees the quality check (live with JavaScript, on
// saving without), saves the draft, is refused publishing (no JavaScript),
// adds the salary, publishes, and the posting is on /jobs. With
// JavaScript, axe runs on the dashboard, the editor with warnings and the
// preview at 1280 and 375 px; LAUFBAHN_SCREENSHOTS=dir keeps screenshots.
func TestJourneyEmployerDraftPublish(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	for _, noJS := range []bool{false, true} {
		name := "js"
		if noJS {
			name = "nojs"
		}
		t.Run(name, func(t *testing.T) {
			s := serve(t)
			ctx := tab(t, 1280, 900, noJS)
			const addr = "chefin@kanzlei-berg.de"
			s.Accounts.User(t, addr, account.Employer, true)
			do(t, ctx,
				chromedp.Navigate(s.URL+"/arbeitgeber"),
				chromedp.WaitVisible(chromedp.CSS(`form[action="/anmelden"]`)),
				chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
				chromedp.SendKeys(chromedp.CSS("#f-password"), "Tintenfass Gartenzaun 47"),
				chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS(`.employer-nav`)),
				chromedp.Click(chromedp.CSS(`.employer-nav a[href="/arbeitgeber/stellen/neu"]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS("#f-title")),
				chromedp.SetValue(chromedp.CSS("#f-role"), "backoffice-mitarbeiter"),
				chromedp.SetValue(chromedp.CSS("#f-remoteMode"), "onsite"),
				chromedp.SetValue(chromedp.CSS("#f-employmentType"), "vollzeit"),
				chromedp.SetValue(chromedp.CSS("#f-skill-geschaeftskorrespondenz"), "essential"),
				chromedp.SendKeys(chromedp.CSS("#f-title"), "Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung"),
				chromedp.SendKeys(chromedp.CSS("#f-description"), "## Ihre Aufgaben\n\n"+strings.Repeat("Sie betreuen Mandanten am Telefon, pflegen Akten und organisieren Termine. ", 7)),
				chromedp.SendKeys(chromedp.CSS("#f-tasks"), "Mandanten betreuen\nTermine koordinieren"),
				chromedp.SendKeys(chromedp.CSS("#f-postalCode"), "80331"),
				chromedp.SendKeys(chromedp.CSS("#f-city"), "München"),
				chromedp.SendKeys(chromedp.CSS("#f-street"), "Marienplatz 1"),
				chromedp.SendKeys(chromedp.CSS("#f-benefits"), "30 Tage Urlaub"),
				chromedp.SendKeys(chromedp.CSS("#f-contactName"), "Clara Berg"),
				chromedp.SendKeys(chromedp.CSS("#f-startDate"), "01.03.2027"),
			)
			dir := postingShotDir(t)
			if !noJS {
				// The check runs while typing: the salary is named next
				// to its field before anything is saved.
				postingWaitText(t, ctx, "#w-salaryMin", "zum Veröffentlichen nötig")
				postingWaitText(t, ctx, "#quality-body", "fehlen noch 2 Angaben")
				postingWaitText(t, ctx, "#desc-preview", "Ihre Aufgaben")
				checkAxe(t, ctx, "editor with live warnings at 1280")
				postingShot(t, ctx, dir, "employer-editor-live-1280")
			} else if got := text(t, ctx, "#quality-body"); !strings.Contains(got, "fehlen noch") {
				// Without JavaScript the new form says what a draft lacks.
				t.Fatalf("new editor's check: %q", got)
			}
			do(t, ctx, chromedp.Click(chromedp.CSS(`button[name=aktion][value=speichern]`), chromedp.NodeVisible))
			loc := waitURL(t, ctx, "hinweis=erstellt")
			editURL := strings.TrimSuffix(loc, "?hinweis=erstellt")
			id := editURL[strings.LastIndex(editURL, "/")+1:]
			if got := text(t, ctx, "#w-salaryMin"); !strings.Contains(got, "zum Veröffentlichen nötig") {
				t.Fatalf("saved draft: salary warning %q", got)
			}
			if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#f-bundesland"))); got != "BY" {
				t.Errorf("the state from the gazetteer: %q", got)
			}
			if noJS {
				// Publishing is refused, naming the salary at its field.
				do(t, ctx, chromedp.Click(chromedp.CSS(`button[name=aktion][value=veroeffentlichen]`), chromedp.NodeVisible),
					chromedp.WaitVisible(chromedp.CSS("#f-salaryMin-error")))
				if got := text(t, ctx, ".callout.warning"); !strings.Contains(got, "Noch nicht veröffentlicht") {
					t.Fatalf("refused publishing: %q", got)
				}
			} else {
				for _, w := range []int64{1280, 375} {
					do(t, ctx, chromedp.EmulateViewport(w, 900), chromedp.Navigate(editURL), chromedp.WaitVisible(chromedp.CSS("main h1")))
					checkAxe(t, ctx, "editor with warnings at "+itoa(int(w)))
					postingShot(t, ctx, dir, "employer-editor-"+itoa(int(w)))
					do(t, ctx, chromedp.Navigate(editURL+"/vorschau"), chromedp.WaitVisible(chromedp.CSS("main h1")))
					if got := text(t, ctx, ".flash"); !strings.Contains(got, "Vorschau") {
						t.Fatalf("preview banner: %q", got)
					}
					checkAxe(t, ctx, "preview at "+itoa(int(w)))
					postingShot(t, ctx, dir, "employer-preview-"+itoa(int(w)))
				}
				do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(editURL), chromedp.WaitVisible(chromedp.CSS("#f-salaryMin")))
			}
			do(t, ctx,
				chromedp.SendKeys(chromedp.CSS("#f-salaryMin"), "38000"),
				chromedp.SendKeys(chromedp.CSS("#f-salaryMax"), "44000"),
			)
			if !noJS {
				postingWaitText(t, ctx, "#quality-body", "Alles da")
			}
			do(t, ctx, chromedp.Click(chromedp.CSS(`button[name=aktion][value=veroeffentlichen]`), chromedp.NodeVisible))
			waitURL(t, ctx, "/arbeitgeber?hinweis=veroeffentlicht")
			if got := text(t, ctx, "#stand-published"); !strings.Contains(got, "Mandantenbetreuung") {
				t.Fatalf("dashboard's published postings: %q", got)
			}
			if !noJS {
				for _, w := range []int64{1280, 375} {
					do(t, ctx, chromedp.EmulateViewport(w, 900), chromedp.Navigate(s.URL+"/arbeitgeber"), chromedp.WaitVisible(chromedp.CSS("main h1")))
					checkAxe(t, ctx, "dashboard at "+itoa(int(w)))
					postingShot(t, ctx, dir, "employer-dashboard-"+itoa(int(w)))
				}
			}
			// The posting is on /jobs once the search index has it.
			if _, err := s.Syncer.Reindex(context.Background(), search.Jobs); err != nil {
				t.Fatal(err)
			}
			do(t, ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(s.URL+"/jobs?q=Mandantenbetreuung"),
				chromedp.WaitVisible(chromedp.CSS(`a[href="/jobs/`+id+`"]`)),
				chromedp.Click(chromedp.CSS(`a[href="/jobs/`+id+`"]`), chromedp.NodeVisible),
				chromedp.WaitVisible(chromedp.CSS("main h1")))
			if got := text(t, ctx, "main"); !strings.Contains(got, "38.000") {
				t.Fatalf("public job page lacks the salary: %q", got)
			}
		})
	}
}

// postingWaitText waits until the element's text contains want.
func postingWaitText(t testing.TB, ctx context.Context, sel, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
		if err == nil && strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never said %q; it says %q (%v)", sel, want, got, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// postingShotDir is $LAUFBAHN_SCREENSHOTS, created; "" keeps none.
func postingShotDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// postingShot writes a full-page screenshot to dir/name.png (nothing when dir
// is "").
func postingShot(t testing.TB, ctx context.Context, dir, name string) {
	t.Helper()
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
