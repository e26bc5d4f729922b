package frontend

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/notify"
)

// notifyFixture is an employer with a published posting and a learner who
// applied to it; the employer moved the application to "interview".
type notifyFixture struct {
	*testEnv
	emp, learner *account.User
	app          *jobs.Application
}

func newNotifyFixture(t *testing.T) *notifyFixture {
	t.Helper()
	return notifyFixtureOn(t, newTestEnv(t))
}

func notifyFixtureOn(t *testing.T, e *testEnv) *notifyFixture {
	t.Helper()
	ctx := context.Background()
	f := &notifyFixture{testEnv: e}
	f.emp = f.Accounts.User(t, "chefin@example.de", account.Employer, true)
	f.learner = f.Accounts.User(t, "lea@example.de", account.Learner, false)
	p, _, err := f.Jobs.Create(ctx, f.emp.OrgID, f.emp.ID, postingInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Jobs.Publish(ctx, f.emp.OrgID, f.emp.ID, p.ID, nil); err != nil {
		t.Fatal(err)
	}
	if f.app, err = f.Jobs.Apply(ctx, f.learner, p.ID, jobs.ApplyInput{CoverNote: "Hallo"}, nil); err != nil {
		t.Fatal(err)
	}
	f.move(t, jobs.Interview, "Gespräch am 3. Dezember um 10 Uhr")
	return f
}

// move changes the application's status and lets the notify service
// handle the change (as its worker does after the hook).
func (f *notifyFixture) move(t *testing.T, to jobs.Status, msg string) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.Jobs.Move(ctx, f.emp.OrgID, f.app.ID, to, msg); err != nil {
		t.Fatal(err)
	}
	if err := f.Notify.Recover(ctx); err != nil {
		t.Fatal(err)
	}
}

func (f *notifyFixture) unread(t *testing.T, u *account.User) int {
	t.Helper()
	n, err := f.Notify.UnreadCount(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNotificationBellAndList(t *testing.T) {
	f := newNotifyFixture(t)
	b := newVisitor(t, f.App)
	resp, body := b.signIn("lea@example.de", accounttest.Password, "")
	wantStatus(t, resp, body, http.StatusSeeOther)

	// The bell counts the status change.
	_, body = b.get("/")
	mustContain(t, body, `href="/benachrichtigungen"`, "Benachrichtigungen, 1 ungelesen", `<span class="badge" aria-hidden="true">1</span>`)
	_, body = b.get("/?lang=en")
	mustContain(t, body, "Notifications, 1 unread")
	b.get("/?lang=de") // the choice is remembered: back to German

	// The list: the status change, unread, linking to the application.
	resp, body = b.get("/benachrichtigungen")
	wantStatus(t, resp, body, 200)
	if os.Getenv("DUMP") != "" {
		t.Log(body)
	}
	mustContain(t, body, "Gespräch", "Ungelesen", `href="/mein-bereich/bewerbungen/`+url.PathEscape(f.app.ID)+`"`,
		`action="/benachrichtigungen/gelesen"`, `action="/benachrichtigungen/alle-gelesen"`, `<meta name="robots" content="noindex">`)
	items, total, err := f.Notify.List(context.Background(), f.learner.ID, "de", 20, 1)
	if err != nil || total != 1 {
		t.Fatalf("list: %d %v", total, err)
	}

	// Another user's notification cannot be marked read: 404, unchanged.
	empItems, _, err := f.Notify.List(context.Background(), f.emp.ID, "de", 20, 1)
	if err != nil || len(empItems) == 0 {
		t.Fatalf("the employer has no notification of the application: %v", err)
	}
	empUnread := f.unread(t, f.emp)
	resp, body = b.post("/benachrichtigungen/gelesen", url.Values{"id": {empItems[0].ID}})
	wantStatus(t, resp, body, http.StatusNotFound)
	if got := f.unread(t, f.emp); got != empUnread || empUnread == 0 {
		t.Errorf("employer's unread %d → %d", empUnread, got)
	}
	// Without the form's token nothing changes.
	resp, body = b.post("/benachrichtigungen/gelesen", url.Values{"id": {items[0].ID}, "_csrf": {""}})
	wantStatus(t, resp, body, http.StatusForbidden)
	if f.unread(t, f.learner) != 1 {
		t.Fatal("a tokenless form marked read")
	}

	// Mark one read.
	b.get("/benachrichtigungen")
	resp, body = b.post("/benachrichtigungen/gelesen", url.Values{"id": {items[0].ID}})
	wantRedirect(t, resp, body, "/benachrichtigungen?hinweis=gelesen")
	if n := f.unread(t, f.learner); n != 0 {
		t.Fatalf("unread after marking %d", n)
	}
	_, body = b.get("/benachrichtigungen?hinweis=gelesen")
	mustContain(t, body, "Als gelesen markiert.", "Sie haben alles gelesen.")
	mustNotContain(t, body, `class="badge"`, "Ungelesen")

	// Two more status changes; mark all read.
	f.move(t, jobs.Offer, "Wir machen Ihnen ein Angebot.")
	_, body = b.get("/benachrichtigungen")
	mustContain(t, body, "Benachrichtigungen, 1 ungelesen", "Sie haben eine ungelesene Benachrichtigung.")
	resp, body = b.post("/benachrichtigungen/alle-gelesen", url.Values{})
	wantRedirect(t, resp, body, "/benachrichtigungen?hinweis=alle")
	if n := f.unread(t, f.learner); n != 0 {
		t.Fatalf("unread after marking all %d", n)
	}
	_, body = b.get("/benachrichtigungen?hinweis=alle")
	mustContain(t, body, "Alle Benachrichtigungen sind als gelesen markiert.")

	// A page past the end is 404.
	resp, body = b.get("/benachrichtigungen?seite=9")
	wantStatus(t, resp, body, http.StatusNotFound)
}

func TestNotificationPagesNeedSignIn(t *testing.T) {
	e := newTestEnv(t)
	b := newVisitor(t, e.App)
	for _, path := range []string{"/benachrichtigungen", "/mein-bereich/benachrichtigungen"} {
		resp, body := b.get(path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
	}
	// An editor has no notification pages.
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	b.signIn("red@example.de", accounttest.Password, "")
	resp, body := b.get("/benachrichtigungen")
	wantStatus(t, resp, body, http.StatusNotFound)
	mustNotContain(t, body, `class="bell"`)
}

func TestNotificationSettingsForm(t *testing.T) {
	f := newNotifyFixture(t)
	b := newVisitor(t, f.App)
	b.signIn("chefin@example.de", accounttest.Password, "")
	resp, body := b.get("/mein-bereich/benachrichtigungen")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Einstellungen für Benachrichtigungen", `name="application_received.frequency"`, `value="Europe/Berlin"`,
		`<option value="8" selected>08:00</option>`, "Neue Bewerbung auf eine Stelle Ihrer Organisation")

	form := func() url.Values {
		v := url.Values{"timeZone": {"Europe/Vienna"}, "digestHour": {"18"}}
		for _, ev := range notify.Events {
			v.Set(string(ev)+".inApp", "on")
			v.Set(string(ev)+".mail", "on")
			v.Set(string(ev)+".frequency", string(notify.Frequencies(ev)[0]))
		}
		return v
	}
	// Bad values come back next to their fields, typed values kept.
	bad := form()
	bad.Set("timeZone", "Mars/Olympus")
	bad.Set("application_received.frequency", "hourly")
	resp, body = b.post("/mein-bereich/benachrichtigungen", bad)
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-timeZone-error">Bitte geben Sie eine Zeitzone wie Europe/Berlin an.`, `value="Mars/Olympus"`,
		`aria-describedby="f-timeZone-hint f-timeZone-error" aria-invalid="true"`,
		`id="f-application_received-frequency-error">Bitte wählen Sie eine der angebotenen Häufigkeiten.`,
		`<select id="f-application_received-frequency" name="application_received.frequency" aria-invalid="true" aria-describedby="f-application_received-frequency-error" autofocus>`)
	mustNotContain(t, body, "Neue Stellen zu Ihren Suchaufträgen") // a learner's event
	if st, _ := f.Notify.Settings(context.Background(), f.emp.ID); st.UpdatedAt != nil {
		t.Fatal("a wrong form was saved")
	}

	// A good form is saved.
	good := form()
	good.Del("application_received.mail")
	good.Set("application_received.frequency", "instant")
	good.Set("saved_search.frequency", "hourly") // not the employer's: ignored
	resp, body = b.post("/mein-bereich/benachrichtigungen", good)
	wantRedirect(t, resp, body, "/mein-bereich/benachrichtigungen?hinweis=gespeichert")
	st, err := f.Notify.Settings(context.Background(), f.emp.ID)
	if err != nil {
		t.Fatal(err)
	}
	ch := st.Events[notify.ApplicationReceived]
	if st.TimeZone != "Europe/Vienna" || st.DigestHour != 18 || ch.Mail || !ch.InApp || ch.Frequency != notify.Instant {
		t.Fatalf("saved %+v %+v", st, ch)
	}
	if ss := st.Events[notify.SavedSearchAlert]; ss.Frequency != notify.Daily || !ss.Mail {
		t.Errorf("an event the form does not show changed: %+v", ss)
	}
	_, body = b.get("/mein-bereich/benachrichtigungen?hinweis=gespeichert")
	mustContain(t, body, "Ihre Einstellungen sind gespeichert.", `value="Europe/Vienna"`, `<option value="18" selected>18:00</option>`)
	if strings.Contains(body, `id="f-application_received-mail" name="application_received.mail" value="on" checked`) {
		t.Error("the mail box of new applications is still ticked")
	}
}

var unsubHeaderRe = regexp.MustCompile(`token=([A-Za-z0-9_.\-]+)`)

// mailedUnsubscribe sends the due mails and returns the unsubscribe token
// of the one mailed to addr.
func mailedUnsubscribe(t *testing.T, e *testEnv, addr string) string {
	t.Helper()
	if _, err := e.Notify.SendPass(context.Background()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(e.MailDir, "*.eml"))
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(fh)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(m.Header.Get("To"), addr) {
			continue
		}
		if sub := unsubHeaderRe.FindStringSubmatch(m.Header.Get("List-Unsubscribe")); sub != nil {
			return sub[1]
		}
	}
	t.Fatalf("no mail with an unsubscribe link to %s among %d files", addr, len(files))
	return ""
}

func TestUnsubscribeWithoutSigningIn(t *testing.T) {
	f := newNotifyFixture(t)
	tok := mailedUnsubscribe(t, f.testEnv, "lea@example.de")
	page := "/benachrichtigungen/abbestellen?token=" + url.QueryEscape(tok)

	// A forged token: a clear message, nothing changes.
	forged := tok[:len(tok)-2] + "xx"
	if forged == tok {
		forged = tok[:len(tok)-2] + "yy"
	}
	b := newVisitor(t, f.App)
	resp, body := b.get("/benachrichtigungen/abbestellen?token=" + url.QueryEscape(forged))
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, "Dieser Abbestell-Link ist ungültig, unvollständig oder zu alt.")
	mustNotContain(t, body, `name="token"`)

	// GET describes and changes nothing.
	resp, body = b.get(page)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Möchten Sie E-Mails über", `name="token" value="`+tok+`"`, `name="_csrf"`, `<meta name="robots" content="noindex">`)
	if st, _ := f.Notify.Settings(context.Background(), f.learner.ID); !st.Events[notify.ApplicationStatus].Mail {
		t.Fatal("GET unsubscribed")
	}
	resp, body = b.post("/benachrichtigungen/abbestellen", url.Values{"token": {forged}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, "Dieser Abbestell-Link ist ungültig")
	// Without the form's token: refused.
	resp, body = b.post("/benachrichtigungen/abbestellen", url.Values{"token": {tok}, "_csrf": {""}})
	wantStatus(t, resp, body, http.StatusForbidden)
	if st, _ := f.Notify.Settings(context.Background(), f.learner.ID); !st.Events[notify.ApplicationStatus].Mail {
		t.Fatal("a tokenless form unsubscribed")
	}

	// POST unsubscribes and says so.
	b.get(page)
	resp, body = b.post("/benachrichtigungen/abbestellen", url.Values{"token": {tok}})
	done := "/benachrichtigungen/abbestellen?erledigt=1&token=" + url.QueryEscape(tok)
	wantRedirect(t, resp, body, done)
	if st, _ := f.Notify.Settings(context.Background(), f.learner.ID); st.Events[notify.ApplicationStatus].Mail {
		t.Fatal("still subscribed")
	}
	_, body = b.get(done)
	mustContain(t, body, "Erledigt: Sie erhalten keine E-Mails über")

	// The learner turns the mails on again; the used link changes nothing.
	if _, err := f.Notify.PutSettings(context.Background(), f.learner.ID, *notify.DefaultSettings(f.learner.ID)); err != nil {
		t.Fatal(err)
	}
	b.get(page)
	resp, body = b.post("/benachrichtigungen/abbestellen", url.Values{"token": {tok}})
	wantRedirect(t, resp, body, page)
	_, body = b.get(page)
	mustContain(t, body, "Dieser Link wurde schon benutzt")
	if st, _ := f.Notify.Settings(context.Background(), f.learner.ID); !st.Events[notify.ApplicationStatus].Mail {
		t.Fatal("a used link unsubscribed again")
	}

	// In English.
	_, body = b.get(page + "&lang=en")
	mustContain(t, body, `<html lang="en">`, "This link has been used already")
}

// TestNotificationPagesInChromium runs axe-core on the notification pages
// (the unsubscribe page anonymously, the list and the preferences signed
// in) at 1280 and 375 px, in German and English, and keeps screenshots
// (in $LAUFBAHN_SCREENSHOTS when set).
func TestNotificationPagesInChromium(t *testing.T) {
	t.Parallel() // browser tests wait more than they compute: two at a time
	s := serve(t)
	notifyFixtureOn(t, s.testEnv)
	tok := mailedUnsubscribe(t, s.testEnv, "lea@example.de")
	dir := os.Getenv("LAUFBAHN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := func(ctx context.Context, name string, width int64) {
		t.Helper()
		img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		dec, err := png.Decode(bytes.NewReader(img))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		if got := dec.Bounds().Dx(); got != int(width) {
			t.Errorf("%s: screenshot %d px wide, want %d (the page overflows)", name, got, width)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, width := range []int64{1280, 375} {
		ctx := tab(t, width, 900, false)
		for _, lang := range []string{"en", "de"} {
			do(t, ctx, chromedp.Navigate(s.URL+"/benachrichtigungen/abbestellen?token="+url.QueryEscape(tok)+"&lang="+lang),
				chromedp.WaitVisible(chromedp.CSS(`form[action^="/benachrichtigungen/abbestellen"] button`)))
			checkAxe(t, ctx, fmt.Sprintf("unsubscribe %s %dpx", lang, width))
			shot(ctx, "unsubscribe-"+lang, width)
		}
		do(t, ctx,
			chromedp.Navigate(s.URL+"/anmelden"),
			chromedp.SendKeys(chromedp.CSS("#f-email"), "lea@example.de"),
			chromedp.SendKeys(chromedp.CSS("#f-password"), accounttest.Password),
			chromedp.Click(chromedp.CSS(`form[action="/anmelden"] button[type=submit]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`form[action="/abmelden"]`)),
		)
		if got := text(t, ctx, ".bell .visually-hidden"); got != "Benachrichtigungen, 1 ungelesen" {
			t.Errorf("the bell's name is %q", got)
		}
		for _, p := range []struct{ name, path string }{{"notifications", "/benachrichtigungen"}, {"notify-settings", "/mein-bereich/benachrichtigungen"}} {
			for _, lang := range []string{"en", "de"} {
				do(t, ctx, chromedp.Navigate(s.URL+p.path+"?lang="+lang), chromedp.WaitVisible(chromedp.CSS("h1")))
				checkAxe(t, ctx, fmt.Sprintf("%s %s %dpx", p.name, lang, width))
				shot(ctx, p.name+"-"+lang, width)
			}
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/abmelden"] button`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(`a[href="/anmelden"]`)))
	}
}
