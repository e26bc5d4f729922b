package frontend

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/jobs"
)

// TestApplyTooLargeCVInBrowser: a CV over the jobs service's limit is
// refused in the browser before sending (a body far over the server's
// limit is cut off before any page could answer): the message stands next
// to the field, the form is not sent, nothing is stored; a file within
// the limit is not refused.
func TestApplyTooLargeCVInBrowser(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	id := seedJobs(t, s.testEnv, 1)[0]
	const addr = "gross@example.de"
	registerConfirmed(t, s.testEnv, addr)
	dir := t.TempDir()
	big := filepath.Join(dir, "gross.pdf")
	if err := os.WriteFile(big, []byte("%PDF-1.4\n"+strings.Repeat("x", jobs.MaxCVBytes+1<<20)), 0o644); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(dir, "klein.pdf")
	if err := os.WriteFile(small, []byte(applyPDF), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := tab(t, 1280, 900, false)
	do(t, ctx,
		chromedp.Navigate(s.URL+"/anmelden?weiter=/jobs/"+id+"/bewerben"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), addr),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "Tintenfass Gartenzaun 47"),
		chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#f-coverNote")),
		chromedp.SendKeys(chromedp.CSS("#f-coverNote"), "Hallo"),
		chromedp.SetUploadFiles(chromedp.CSS("#f-cv"), []string{small}),
	)
	invalid, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("f-cv-size-error") !== null || !document.getElementById("f-cv").checkValidity()`))
	if err != nil || invalid {
		t.Fatalf("a small file is refused (%v)", err)
	}
	do(t, ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#f-cv"), []string{big}),
		chromedp.WaitVisible(chromedp.CSS("#f-cv-size-error")),
	)
	if got := text(t, ctx, "#f-cv-size-error"); !strings.Contains(got, "höchstens 5 MB") {
		t.Fatalf("size message %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`.apply-form button[type=submit]`), chromedp.NodeVisible))
	if loc := location(t, ctx); !strings.HasSuffix(loc, "/jobs/"+id+"/bewerben") {
		t.Fatalf("the form was sent: %s", loc)
	}
	u, err := s.Accounts.Service.UserByEmail(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Jobs.MyApplication(context.Background(), u.ID, jobs.ApplicationID(id, u.ID)); err == nil {
		t.Fatal("an application was stored")
	}
}
