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
)

// TestJourneyAdminCorrectsSalarySource is issue 12's journey (2) in
// Chromium with JavaScript: an admin (created as `laufbahn admin create`
// does, with the password set from the link) corrects the source of the
// average salary on the Backoffice-Manager profile → the public role page
// shows the new source → the admin reverts in the revision list (after
// confirming) → the old text is back on the public page. On the way, a
// row is added and removed in place. Axe on /admin, a list, the edit form,
// the revision list and /admin/nutzer at 1280 and 375 px;
// LAUFBAHN_SCREENSHOTS=dir keeps admin-{home,list,edit,revisions,users}-{1280,375}.png.
func TestJourneyAdminCorrectsSalarySource(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	adm := s.Accounts.User(t, "redaktion@example.de", account.Admin, false)
	lena := s.Accounts.User(t, "lena@example.de", account.Learner, false)
	if _, err := s.Accounts.Service.SetDisabled(context.Background(), adm, lena.ID, true, "Spam in Bewerbungen"); err != nil {
		t.Fatal(err)
	}
	ctx := tab(t, 1280, 900, false)
	do(t, ctx, chromedp.Navigate(s.URL+"/anmelden"), chromedp.WaitVisible(chromedp.CSS(`form[action="/anmelden"]`)),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "redaktion@example.de"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), accounttest.Password),
		chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible))
	waitURL(t, ctx, "/admin")

	dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// check runs axe at 1280 and 375 px on the current page (reloading it
	// at each width) and keeps the screenshots; it ends at 1280 px.
	check := func(name string) {
		t.Helper()
		for _, width := range []int64{375, 1280} {
			do(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1")))
			checkAxe(t, ctx, name+" at "+itoa(int(width)))
			if dir != "" {
				buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "admin-"+name+"-"+itoa(int(width))+".png"), buf, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	do(t, ctx, chromedp.Navigate(s.URL+"/admin"), chromedp.WaitVisible(chromedp.CSS(".admin-counts")))
	do(t, ctx, chromedp.Click(chromedp.CSS(`.admin-nav a[href="/admin/inhalte/gehaelter"]`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("table.data")))
	check("list")
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="`+salaryEdit+`"]`), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("form.cform")))
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#c-source"))); v != oldSource {
		t.Fatalf("the source select has %q", v)
	}
	check("edit")

	// A row more and less, in place (no reload).
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.__same = true`),
		chromedp.Click(chromedp.CSS(`#c-factors button[data-add]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`#c-factors-3-de`)))
	focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id + "/" + String(window.__same)`))
	if focused != "c-factors-3-de/true" {
		t.Fatalf("after adding a row: focus and page %q", focused)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#c-factors-3 button[data-remove]`), chromedp.NodeVisible),
		chromedp.WaitNotPresent(chromedp.CSS(`#c-factors-3-de`)))

	// Correct the source and the note that names it, and save.
	note, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#c-note-de")))
	if err != nil || !strings.Contains(note, "laut t3n") {
		t.Fatalf("note %q %v", note, err)
	}
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#c-source"), newSource),
		chromedp.SetValue(chromedp.CSS("#c-note-de"), strings.Replace(note, "laut t3n", "laut Quelle 002", 1)),
		chromedp.Click(chromedp.CSS(`.cform-save button`), chromedp.NodeVisible),
	)
	waitURL(t, ctx, "hinweis=gespeichert")

	// The public page shows the new source at once.
	do(t, ctx, chromedp.Navigate(s.URL+"/berufe/backoffice-manager"), chromedp.WaitVisible(chromedp.CSS("#gehalt")))
	if got := text(t, ctx, "#gehalt"); !strings.Contains(got, "[002]") || !strings.Contains(got, "laut Quelle 002") || strings.Contains(got, "[001]") {
		t.Fatalf("the public salary after the correction:\n%s", got)
	}

	// Revert in the revision list, after confirming.
	do(t, ctx, chromedp.Navigate(s.URL+salaryEdit+"/versionen"), chromedp.WaitVisible(chromedp.CSS(".revisions")))
	if got := text(t, ctx, ".revisions li:first-child"); !strings.Contains(got, newSource) || !strings.Contains(got, oldSource) || !strings.Contains(got, "Quelle") {
		t.Fatalf("the newest revision's diff:\n%s", got)
	}
	check("revisions")
	do(t, ctx, chromedp.Click(chromedp.CSS(`.revisions li:last-child form button`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`#confirm-h`)))
	do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="bestaetigt"] ~ p button`), chromedp.NodeVisible))
	waitURL(t, ctx, "hinweis=wiederhergestellt")
	do(t, ctx, chromedp.Navigate(s.URL+"/berufe/backoffice-manager"), chromedp.WaitVisible(chromedp.CSS("#gehalt")))
	if got := text(t, ctx, "#gehalt"); !strings.Contains(got, "[001]") || !strings.Contains(got, "laut t3n") || strings.Contains(got, "laut Quelle 002") {
		t.Fatalf("the public salary after the revert:\n%s", got)
	}

	// Nested lists get rows in place too: a new industry, a note in it.
	do(t, ctx, chromedp.Navigate(s.URL+"/admin/inhalte/rollen/backoffice-manager"), chromedp.WaitVisible(chromedp.CSS("#c-industries")))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("c-industries").getAttribute("data-next")`))
	if err != nil {
		t.Fatal(err)
	}
	row := "c-industries-" + n
	do(t, ctx, chromedp.Click(chromedp.CSS(`#c-industries > p > button[data-add]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#"+row+"-industry-de")),
		chromedp.Click(chromedp.CSS("#"+row+"-notes > p > button[data-add]"), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#"+row+"-notes-0-en")))
	if name, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("`+row+`-notes-0-en").name`)); name != "industries["+n+"].notes[0].en" {
		t.Fatalf("the nested row's field is named %q", name)
	}

	// User administration: find the disabled learner and her history.
	do(t, ctx, chromedp.Navigate(s.URL+"/admin/nutzer"), chromedp.WaitVisible(chromedp.CSS("#f-email")),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "lena@example.de"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/nutzer"] button`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#user-h")))
	if got := text(t, ctx, ".admin-user"); !strings.Contains(got, "Spam in Bewerbungen") || !strings.Contains(got, "gesperrt") {
		t.Fatalf("the user:\n%s", got)
	}
	check("users")

	// The overview lists both changes, newest first, with who and what.
	do(t, ctx, chromedp.Navigate(s.URL+"/admin"), chromedp.WaitVisible(chromedp.CSS("#recent-h")))
	if got := text(t, ctx, "#recent-h + .table-scroll tbody tr:first-child"); !strings.Contains(got, "redaktion") || !strings.Contains(got, "Version 1 wiederhergestellt") {
		t.Fatalf("the newest change in the overview: %q", got)
	}
	check("home")
}
