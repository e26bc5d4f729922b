package frontend

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/mail"
)

// The journeys of issue 10, as a person takes them in the browser.

// TestJourneyRoleToCourse: search "backoffice" in the header box → the
// role profile → its salary chart → a path to it → a course of the path;
// with JavaScript and without.
func TestJourneyRoleToCourse(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	for _, noJS := range []bool{false, true} {
		ctx := tab(t, 1280, 900, noJS)
		do(t, ctx,
			chromedp.Navigate(s.URL+"/"),
			chromedp.SendKeys(chromedp.CSS("#header-q"), "backoffice"),
			chromedp.Click(chromedp.CSS(".header-search button[type=submit]"), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby="g-roles"] a[href="/berufe/backoffice-manager"]`)),
		)
		if loc := location(t, ctx); !strings.Contains(loc, "/suche?q=backoffice") {
			t.Fatalf("noJS=%v: the header search went to %s", noJS, loc)
		}
		do(t, ctx,
			chromedp.Click(chromedp.CSS(`section[aria-labelledby="g-roles"] a[href="/berufe/backoffice-manager"]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS("svg.salary-chart")),
		)
		if chart := text(t, ctx, "#gehalt table"); !strings.Contains(chart, "27.600") || !strings.Contains(chart, "48.800") {
			t.Errorf("noJS=%v: salary table %q", noJS, chart)
		}
		do(t, ctx,
			chromedp.Click(chromedp.CSS(`#wege a[href^="/wege/"]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS("ol.timeline")),
			chromedp.Click(chromedp.CSS(`ol.timeline a[href^="/weiterbildung/"]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`dl.facts`)),
		)
		if loc := location(t, ctx); !strings.Contains(loc, "/weiterbildung/") {
			t.Errorf("noJS=%v: ended at %s, want a course", noJS, loc)
		}
	}
}

// TestJourneyJobSearch: job search with two facets → page 2 → a posting →
// back, and the filters are still there; with JavaScript and without.
func TestJourneyJobSearch(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	seedJobs(t, s.testEnv, 45) // all need Geschäftskorrespondenz; 23 are full time: two pages
	for _, noJS := range []bool{false, true} {
		ctx := tab(t, 1280, 900, noJS)
		do(t, ctx,
			chromedp.Navigate(s.URL+"/jobs"),
			chromedp.Click(chromedp.CSS(`input[name="skill"][value="geschaeftskorrespondenz"]`), chromedp.NodeVisible),
		)
		if noJS {
			do(t, ctx, chromedp.Click(chromedp.CSS(`.facets button[type=submit]`), chromedp.NodeVisible))
		}
		waitURL(t, ctx, "skill=geschaeftskorrespondenz")
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`input[name="skill"][value="geschaeftskorrespondenz"]:checked`)))
		do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="employmentType"][value="vollzeit"]`), chromedp.NodeVisible))
		if noJS {
			do(t, ctx, chromedp.Click(chromedp.CSS(`.facets button[type=submit]`), chromedp.NodeVisible))
		}
		waitURL(t, ctx, "employmentType=vollzeit")
		do(t, ctx,
			chromedp.WaitVisible(chromedp.CSS(`nav.pager a[rel="next"]`)),
			chromedp.Click(chromedp.CSS(`nav.pager a[rel="next"]`), chromedp.NodeVisible),
		)
		page2 := waitURL(t, ctx, "page=2")
		for _, want := range []string{"skill=geschaeftskorrespondenz", "employmentType=vollzeit"} {
			if !strings.Contains(page2, want) {
				t.Errorf("noJS=%v: page 2 %s lost %s", noJS, page2, want)
			}
		}
		do(t, ctx,
			chromedp.WaitVisible(chromedp.CSS(`ul.hits li a[href^="/jobs/"]`)),
			chromedp.Click(chromedp.CSS(`ul.hits li a[href^="/jobs/"]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`h1`)),
		)
		if loc := location(t, ctx); !strings.Contains(loc, "/jobs/") || strings.Contains(loc, "?") {
			t.Errorf("noJS=%v: detail at %s", noJS, loc)
		}
		// The browser's back button.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`history.back()`)); err != nil {
			t.Fatal(err)
		}
		back := waitURL(t, ctx, "page=2")
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS(`input[name="skill"][value="geschaeftskorrespondenz"]`)))
		if !strings.Contains(back, "page=2") || !strings.Contains(back, "skill=geschaeftskorrespondenz") || !strings.Contains(back, "employmentType=vollzeit") {
			t.Errorf("noJS=%v: back at %s, filters lost", noJS, back)
		}
		checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name="skill"][value="geschaeftskorrespondenz"]').checked && document.querySelector('input[name="employmentType"][value="vollzeit"]').checked`))
		if err != nil || !checked {
			t.Errorf("noJS=%v: after back the facets are not checked (%v)", noJS, err)
		}
	}
}

// waitURL waits until the tab's address contains part and returns it.
func waitURL(t testing.TB, ctx context.Context, part string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		loc := location(t, ctx)
		if strings.Contains(loc, part) {
			return loc
		}
		if time.Now().After(deadline) {
			main, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
			t.Fatalf("the address %s never got %s; the page says:\n%s", loc, part, main)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mailLink waits for a mail to addr sent after n earlier ones and returns
// its link moved onto the served site (the test's mails link to
// accounttest.BaseURL).
func mailLink(t testing.TB, s *served, addr string, n int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var ms []mail.Message
	for {
		if ms = s.Accounts.Mailbox.To(addr); len(ms) > n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new mail to %s", addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, f := range strings.Fields(ms[len(ms)-1].Text) {
		if u, err := url.Parse(f); err == nil && u.Scheme != "" && u.Query().Get("token") != "" {
			return s.URL + u.Path + "?" + u.RawQuery
		}
	}
	t.Fatalf("no link in the mail to %s", addr)
	return ""
}

// TestJourneyAccount: sign up → open the link from the mail → confirmed →
// sign in → sign out; forgot the password → the reset link → sign in with
// the new password.
func TestJourneyAccount(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	ctx := tab(t, 1280, 900, false)
	const addr = "erika@example.de"
	do(t, ctx,
		chromedp.Navigate(s.URL+"/registrieren"),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Erika Muster"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "Tintenfass Gartenzaun 47"),
		chromedp.Click(chromedp.CSS(`form[action="/registrieren"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "versendet=1")
	do(t, ctx,
		chromedp.Navigate(mailLink(t, s, addr, 0)),
		chromedp.Click(chromedp.CSS(`form[action="/e-mail-bestaetigen"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=bestaetigt")
	signIn := func(password string) {
		do(t, ctx,
			chromedp.Navigate(s.URL+"/anmelden"),
			chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
			chromedp.SendKeys(chromedp.CSS("#f-password"), password),
			chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/abmelden"]`)),
		)
		if loc := location(t, ctx); !strings.HasSuffix(loc, "/mein-bereich") {
			t.Errorf("after sign-in at %s, want /mein-bereich", loc)
		}
	}
	signIn("Tintenfass Gartenzaun 47")
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`form[action="/abmelden"] button`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/anmelden"]`)),
		chromedp.Navigate(s.URL+"/mein-bereich"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/anmelden"]`)),
	)
	sent := len(s.Accounts.Mailbox.To(addr))
	do(t, ctx,
		chromedp.Navigate(s.URL+"/passwort-vergessen"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
		chromedp.Click(chromedp.CSS(`form[action="/passwort-vergessen"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "versendet=1")
	do(t, ctx,
		chromedp.Navigate(mailLink(t, s, addr, sent)),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "Wasserturm Lindenblatt 93"),
		chromedp.SendKeys(chromedp.CSS("#f-password2"), "Wasserturm Lindenblatt 93"),
		chromedp.Click(chromedp.CSS(`form[action="/passwort-zuruecksetzen"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=passwort")
	signIn("Wasserturm Lindenblatt 93")
}

// TestJourneyForeignFormsChangeNothing: a sign-out posted without its
// CSRF token, or from a page of another origin (even one that carries a
// valid token), leaves the session alone.
func TestJourneyForeignFormsChangeNothing(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	ctx := tab(t, 1280, 900, false)
	const addr = "lea@example.de"
	registerConfirmed(t, s.testEnv, addr)
	do(t, ctx,
		chromedp.Navigate(s.URL+"/anmelden"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "Tintenfass Gartenzaun 47"),
		chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/abmelden"]`)),
	)
	stillSignedIn := func(name string) {
		t.Helper()
		do(t, ctx, chromedp.Navigate(s.URL+"/mein-bereich"), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if loc := location(t, ctx); !strings.HasSuffix(loc, "/mein-bereich") {
			t.Fatalf("%s: the session ended (at %s)", name, loc)
		}
	}
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/abmelden", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded"}, body: ""}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != 403 {
		t.Errorf("without token: status %d (%v), want 403", status, err)
	}
	stillSignedIn("without token")

	token, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('form[action="/abmelden"] input[name=_csrf]').value`))
	if err != nil || token == "" {
		t.Fatalf("no CSRF token on the page (%v)", err)
	}
	// Another origin (another port of 127.0.0.1: the same site, so the
	// SameSite cookies travel) with a form that posts the stolen token.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><title>x</title><form method="post" action="%s/abmelden"><input type="hidden" name="_csrf" value="%s"><button id="go">go</button></form></html>`, s.URL, html.EscapeString(token))
	}))
	defer evil.Close()
	do(t, ctx, chromedp.Navigate(evil.URL), chromedp.Click(chromedp.CSS("#go"), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if got := text(t, ctx, "main h1"); !strings.Contains(got, "Formular abgelaufen") && !strings.Contains(got, "Form expired") {
		t.Errorf("a foreign form's post showed %q, want the refusal page", got)
	}
	stillSignedIn("foreign origin")
}

// registerConfirmed signs a learner up and confirms the address.
func registerConfirmed(t testing.TB, e *testEnv, addr string) {
	t.Helper()
	ctx := context.Background()
	if err := e.Accounts.Service.Register(ctx, account.Registration{Email: addr, Password: "Tintenfass Gartenzaun 47", Name: "Lea", Language: "de"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Accounts.Service.VerifyEmail(ctx, e.Accounts.Mailbox.Token(t, addr)); err != nil {
		t.Fatal(err)
	}
}

// TestJobSearchSuggestions: typing into "Wo" offers places; choosing one
// fills the box.
func TestJobSearchSuggestions(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	seedJobs(t, s.testEnv, 2)
	ctx := tab(t, 1280, 900, false)
	do(t, ctx,
		chromedp.Navigate(s.URL+"/jobs"),
		chromedp.SendKeys(chromedp.CSS("#jobs-where"), "Münch"),
		chromedp.WaitVisible(chromedp.CSS("#jobs-where-list li")),
	)
	if got := text(t, ctx, "#jobs-where-list"); !strings.Contains(got, "München") {
		t.Fatalf("suggestions for Münch: %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS("#jobs-where-list li"), chromedp.NodeVisible))
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#jobs-where")))
	if err != nil || !strings.HasPrefix(v, "München") {
		t.Fatalf("the box holds %q (%v)", v, err)
	}
}
