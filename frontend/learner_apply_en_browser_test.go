package frontend

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
)

// TestJourneyApplyToJobEnglish is issue 11's journey (2) in English, in
// Chromium: a visitor switches the site to English on a job page, signs in
// from it (her account says German: the site keeps the language she chose),
// sees the match in English, applies with the shared snapshot and sees the
// application as "received". The German journey with and without
// JavaScript, the PDF and axe are TestJourneyApplyToJob.
func TestJourneyApplyToJobEnglish(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	id := seedJobs(t, s.testEnv, 1)[0]
	const addr = "lee@example.de"
	registerConfirmed(t, s.testEnv, addr)
	bg := context.Background()
	u, err := s.Accounts.Service.UserByEmail(bg, addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Learning.SetAssessment(bg, u.ID, "tabellenkalkulation", learning.SkillInput{Level: 3}); err != nil {
		t.Fatal(err)
	}
	ctx := tab(t, 1280, 900, false)
	job := s.URL + "/jobs/" + id

	do(t, ctx,
		chromedp.Navigate(job),
		chromedp.Click(chromedp.CSS(`a[hreflang="en"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="en"]`)),
		chromedp.Click(chromedp.CSS(`.job-side a[href^="/anmelden?weiter="]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/anmelden"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "Tintenfass Gartenzaun 47"),
		chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "/jobs/"+id)
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#job-learner")))
	match := text(t, ctx, "#job-learner")
	for _, want := range []string{"Does this job fit me?", "What am I missing?"} {
		if !strings.Contains(match, want) {
			t.Fatalf("the English match lacks %q:\n%s", want, match)
		}
	}

	do(t, ctx, chromedp.Click(chromedp.CSS(`.job-side a[href$="/bewerben"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#f-coverNote")))
	if got := text(t, ctx, `label[for="f-shareSnapshot"]`); !strings.Contains(got, "Share my skills and progress") {
		t.Fatalf("share label %q", got)
	}
	if got := text(t, ctx, ".snapshot-preview"); !strings.Contains(got, "Spreadsheets") && !strings.Contains(got, "Tabellenkalkulation") {
		t.Fatalf("the snapshot preview: %q", got)
	}
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#f-coverNote"), "I have run an office for four years."),
		chromedp.Click(chromedp.CSS("#f-shareSnapshot"), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`.apply-form button[type=submit]`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=beworben")
	if got := text(t, ctx, "main .lead .tag"); got != "received" {
		t.Fatalf("status %q", got)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Your application has been sent.") {
		t.Fatalf("the English application page:\n%s", got)
	}
	a, err := s.Jobs.MyApplication(bg, u.ID, jobs.ApplicationID(id, u.ID))
	if err != nil || a.Snapshot == nil || !a.SnapshotConsent || a.CoverNote != "I have run an office for four years." {
		t.Fatalf("stored application %+v, %v", a, err)
	}
}
