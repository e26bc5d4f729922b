package frontend

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
)

// seedJobs registers an employer with an organisation and publishes n
// postings through the API, then brings them into the search index. It
// returns their ids, newest last.
func seedJobs(t testing.TB, e *testEnv, n int) []string {
	t.Helper()
	ctx := context.Background()
	email := fmt.Sprintf("chefin%d@kanzlei-berg.de", len(e.Accounts.Mailbox.All()))
	err := e.Accounts.Service.Register(ctx, account.Registration{Email: email, Password: "Tintenfass Gartenzaun 47", Name: "Clara Berg",
		Language: "de", Role: account.Employer, Organisation: &account.OrganisationInput{Name: "Kanzlei Berg", SizeClass: "10-49", Industry: "Recht",
			Locations: []account.Location{{City: "München", PostalCode: "80331", Bundesland: "BY"}}}})
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
	cities := []struct{ city, plz, land string }{{"München", "80331", "BY"}, {"Hamburg", "20095", "HH"}, {"Berlin", "10115", "BE"}, {"Köln", "50667", "NW"}}
	var ids []string
	for i := range n {
		c := cities[i%len(cities)]
		body := fmt.Sprintf(`{"title":"Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung %d","role":"backoffice-mitarbeiter",
		"description":"## Ihre Aufgaben\n\nSie betreuen Mandanten am Telefon, pflegen Akten und organisieren Termine.\n\n## Ihr Profil\n\nKaufmännische Ausbildung, sicher in MS Office.",
		"tasks":["Mandanten betreuen","Termine koordinieren"],"skills":[{"slug":"geschaeftskorrespondenz","essential":true},{"slug":"ms-office","essential":false}],
		"location":{"postalCode":%q,"city":%q,"bundesland":%q,"street":"Marienplatz 1"},
		"remote":%s,"employment":%s,
		"benefits":["30 Tage Urlaub"],"apply":{"method":"platform"},
		"salary":{"min":%d,"max":%d,"period":"year","currency":"EUR"}}`, i+1, c.plz, c.city, c.land,
			[]string{`{"mode":"hybrid","daysPerWeek":2}`, `{"mode":"onsite"}`, `{"mode":"remote"}`}[i%3],
			[]string{`{"type":"vollzeit","fixedTerm":false}`, `{"type":"teilzeit","hoursPerWeek":25,"fixedTerm":false}`}[i%2], 36000+i*500, 42000+i*500)
		// Through the service, not the API: the API's write limits are
		// for people, and a test corpus is larger than anyone posts.
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
		ids = append(ids, p.ID)
	}
	if _, err := e.Syncer.Reindex(ctx, search.Jobs); err != nil {
		t.Fatal(err)
	}
	return ids
}

// pageTypes are one page of each kind the public site has.
func pageTypes(jobID string) []struct{ name, path string } {
	return []struct{ name, path string }{
		{"home", "/"},
		{"search", "/suche?q=backoffice"},
		{"roles", "/berufe"},
		{"role", "/berufe/backoffice-manager"},
		{"courses", "/weiterbildung"},
		{"course", "/weiterbildung/bachelor-bwl"},
		{"paths", "/wege"},
		{"path", "/wege/weiterbildung-backoffice-manager"},
		{"skill", "/kompetenzen/englisch"},
		{"jobs", "/jobs?q=Backoffice"},
		{"job", "/jobs/" + jobID},
		{"sources", "/quellen"},
		{"impressum", "/impressum"},
		{"privacy", "/datenschutz"},
		{"login", "/anmelden"},
		{"register", "/registrieren"},
		{"forgot", "/passwort-vergessen"},
		{"unsubscribe-bad", "/benachrichtigungen/abbestellen?token=forged"},
		{"not-found", "/gibt-es-nicht"},
	}
}

// TestAccessibility runs axe-core on every page type at 1280 and 375 px.
func TestAccessibility(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	ids := seedJobs(t, s.testEnv, 3)
	for _, width := range []int64{1280, 375} {
		ctx := tab(t, width, 900, false)
		for _, p := range pageTypes(ids[0]) {
			for _, lang := range []string{"de", "en"} {
				sep := "?"
				if strings.Contains(p.path, "?") {
					sep = "&"
				}
				do(t, ctx, chromedp.Navigate(s.URL+p.path+sep+"lang="+lang))
				checkAxe(t, ctx, fmt.Sprintf("%s %s %dpx", p.name, lang, width))
			}
		}
	}
}

// TestEnglishSwitch follows the header's language link on every page type
// and finds the page in English, then back in German.
func TestEnglishSwitch(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	ids := seedJobs(t, s.testEnv, 1)
	ctx := tab(t, 1280, 900, false)
	for _, p := range pageTypes(ids[0]) {
		do(t, ctx, chromedp.Navigate(s.URL+p.path), chromedp.Click(chromedp.CSS(`a[hreflang="en"][lang="en"]`), chromedp.NodeVisible), chromedp.WaitReady(chromedp.CSS("footer")))
		lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		if err != nil || lang != "en" {
			t.Errorf("%s: after the switch the page is %q (%v)", p.name, lang, err)
		}
		if nav := text(t, ctx, ".main-nav"); !strings.Contains(nav, "Training") {
			t.Errorf("%s: navigation not in English: %q", p.name, nav)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`a[hreflang="de"][lang="de"]`), chromedp.NodeVisible), chromedp.WaitReady(chromedp.CSS("footer")))
		if nav := text(t, ctx, ".main-nav"); !strings.Contains(nav, "Weiterbildung") {
			t.Errorf("%s: navigation not back in German: %q", p.name, nav)
		}
	}
}

// TestScreenshots takes a screenshot of each page type at 1280 and 375 px.
// `make screenshots` keeps them in docs/screenshots (LAUFBAHN_SCREENSHOTS);
// otherwise they go to a temporary folder. Each must be a real picture.
func TestScreenshots(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := serve(t)
	ids := seedJobs(t, s.testEnv, 6)
	for _, width := range []int64{1280, 375} {
		ctx := tab(t, width, 900, false)
		for _, p := range pageTypes(ids[len(ids)-1]) {
			do(t, ctx, chromedp.Navigate(s.URL+p.path))
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatalf("%s: not a PNG: %v", p.name, err)
			}
			if got := img.Bounds().Dx(); got != int(width) {
				t.Errorf("%s: screenshot %d px wide, want %d (the page overflows)", p.name, got, width)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", p.name, width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
