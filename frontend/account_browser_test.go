package frontend

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// signInBrowser signs addr in through the sign-in form.
func signInBrowser(t testing.TB, ctx context.Context, base, addr, password string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/anmelden"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/anmelden"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
	)
}

// axeAndShoot runs axe on the current page at 1280 and 375 px and keeps
// screenshots in $LAUFBAHN_SCREENSHOTS (if set) as name-<width>.png.
func axeAndShoot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []int64{1280, 375} {
		do(t, ctx, chromedp.EmulateViewport(w, 900), chromedp.WaitVisible(chromedp.CSS("main h1")))
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

// TestJourneySavedSearchShowsNew is issue 11's journey (3) in Chromium: a
// learner saves a job search on /jobs, then a matching posting is
// published, then the saved searches say "1 neu" and show the posting;
// axe at 1280 and 375 px on the saved searches, one of them and the saved
// postings.
func TestJourneySavedSearchShowsNew(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	old := seedJobs(t, s.testEnv, 1)
	const addr = "lea@example.de"
	registerConfirmed(t, s.testEnv, addr)
	ctx := tab(t, 1280, 900, false)
	signInBrowser(t, ctx, s.URL, addr, "Tintenfass Gartenzaun 47")
	waitURL(t, ctx, "/mein-bereich")
	do(t, ctx,
		chromedp.Navigate(s.URL+"/jobs?q=Mandantenbetreuung&where=M%C3%BCnchen"),
		chromedp.WaitVisible(chromedp.CSS("form[data-save-search]")),
		// Live filtering changes the search; the saved one is what shows.
		chromedp.SetValue(chromedp.CSS("#jobs-radius"), "25"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("jobs-radius").dispatchEvent(new Event("change", {bubbles: true}))`),
	)
	waitURL(t, ctx, "radius=25")
	shootBoth(t, ctx, "jobs-learner") // the job search as a learner sees it: "Suche speichern" next to the sort
	do(t, ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.SendKeys(chromedp.CSS("#save-search-name"), "Mandanten in München"),
		chromedp.Click(chromedp.CSS(`button[form="save-search"]`), chromedp.NodeVisible), // the quick button next to the sort submits the form below the results
	)
	waitURL(t, ctx, "hinweis=suche-gespeichert")
	if got := text(t, ctx, ".saved-searches .hit"); !strings.Contains(got, "Mandanten in München") || !strings.Contains(got, "München + 25 km") || !strings.Contains(got, "0 neu") {
		t.Fatalf("the saved search: %q", got)
	}

	// A matching posting is published.
	ids := seedJobs(t, s.testEnv, 1)
	do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich/suchauftraege"), chromedp.WaitVisible(chromedp.CSS(".saved-searches")))
	if got := text(t, ctx, ".saved-searches .tag.new"); got != "1 neu" {
		t.Fatalf("new count %q", got)
	}
	axeAndShoot(t, ctx, "saved-searches")
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`.saved-searches a.button`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(".hits")),
	)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".hits .hit").length`))
	if err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".hits .hit a").getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || href != "/jobs/"+ids[0] {
		t.Fatalf("new postings: %d, first %q, want /jobs/%s", n, href, ids[0])
	}
	axeAndShoot(t, ctx, "saved-search")

	// The saved postings, one open and one closed.
	u, err := s.Accounts.Service.UserByEmail(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{old[0], ids[0]} {
		if err := s.Jobs.SavePosting(context.Background(), u.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Jobs.PublicPosting(context.Background(), old[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Jobs.Close(context.Background(), p.Employer.ID, p.CreatedBy, p.ID, "filled"); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich/merkliste"), chromedp.WaitVisible(chromedp.CSS(".saved-jobs")))
	if got := text(t, ctx, ".saved-closed"); !strings.Contains(got, "geschlossen") {
		t.Fatalf("the closed posting: %q", got)
	}
	axeAndShoot(t, ctx, "saved-jobs")
}

// TestJourneyExportAndDeleteAccount is issue 11's journey (4) in
// Chromium: download the export (its JSON has the user's address), delete
// the account with the password, land on the home page with a notice;
// signing in again fails with the normal message. axe at 1280 and 375 px
// on the account page and the delete page.
func TestJourneyExportAndDeleteAccount(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	const addr, password = "lea@example.de", "Tintenfass Gartenzaun 47"
	registerConfirmed(t, s.testEnv, addr)
	ctx := tab(t, 1280, 900, false)
	signInBrowser(t, ctx, s.URL, addr, password)
	waitURL(t, ctx, "/mein-bereich")
	do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich/konto"), chromedp.WaitVisible(chromedp.CSS("#geraete")))
	if got := text(t, ctx, "#geraete .devices"); !strings.Contains(got, "dieses Gerät") {
		t.Fatalf("devices: %q", got)
	}
	axeAndShoot(t, ctx, "account")

	// The export, as a real download.
	dir := t.TempDir()
	do(t, ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		c := chromedp.FromContext(ctx)
		_, err := cdp.Call(ctx, c.Browser, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, BrowserContextID: c.BrowserContextID, DownloadPath: dir})
		return err
	}), chromedp.Click(chromedp.CSS(`#daten a[href="/mein-bereich/konto/export"]`), chromedp.NodeVisible))
	var file string
	for deadline := time.Now().Add(15 * time.Second); file == ""; {
		if m, _ := filepath.Glob(filepath.Join(dir, "laufbahn-export-*.json")); len(m) == 1 {
			file = m[0]
		} else if time.Now().After(deadline) {
			entries, _ := os.ReadDir(dir)
			t.Fatalf("no export downloaded; the folder has %v", entries)
		} else {
			time.Sleep(100 * time.Millisecond)
		}
	}
	var ex struct {
		User struct {
			Email string `json:"email"`
		} `json:"user"`
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		b, err := os.ReadFile(file)
		if err == nil && json.Unmarshal(b, &ex) == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the export does not read: %v %.200s", err, b)
		}
	}
	if ex.User.Email != addr {
		t.Fatalf("the export's user e-mail %q", ex.User.Email)
	}

	// Delete, with the password.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`#daten a[href="/mein-bereich/konto/loeschen"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#f-password")),
	)
	axeAndShoot(t, ctx, "account-delete")
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#f-password"), "nicht mein Passwort"),
		chromedp.Click(chromedp.CSS(`form[action="/mein-bereich/konto/loeschen"] button[type=submit]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#f-password-error")),
	)
	if got := text(t, ctx, "#f-password-error"); got != "Das Passwort stimmt nicht." {
		t.Fatalf("wrong password: %q", got)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/mein-bereich/konto/loeschen"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=konto-geloescht")
	if got := text(t, ctx, ".flash"); !strings.Contains(got, "Ihr Konto und Ihre Daten sind gelöscht.") {
		t.Fatalf("notice %q", got)
	}
	signInBrowser(t, ctx, s.URL, addr, password)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`main [role=alert]`)))
	if got := text(t, ctx, `main [role=alert]`); !strings.Contains(got, "E-Mail-Adresse oder Passwort stimmen nicht.") {
		t.Fatalf("signing in after deletion: %q", got)
	}
}
