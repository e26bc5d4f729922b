package frontend

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
)

// adminPages are admin pages for the privacy test.
var adminPages = []string{"/admin", "/admin/nutzer", "/admin/nutzer?email=lena@example.de", "/admin/inhalte/rollen", "/admin/inhalte/rollen/neu",
	"/admin/inhalte/gehaelter/backoffice-manager-de", "/admin/inhalte/gehaelter/backoffice-manager-de/versionen"}

func TestAdminPagesArePrivate(t *testing.T) {
	e := newTestEnv(t)
	u := e.Accounts.User(t, "lena@example.de", account.Learner, false)
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	for _, path := range adminPages {
		anon := newVisitor(t, e.App)
		resp, body := anon.get(path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
		for _, who := range []string{"lena@example.de", "chefin@example.de"} {
			b := newVisitor(t, e.App)
			b.signIn(who, accounttest.Password, "")
			resp, body = b.get(path)
			wantStatus(t, resp, body, http.StatusNotFound)
		}
	}
	// The employer's POST changes nothing and is a 404.
	b := newVisitor(t, e.App)
	b.signIn("chefin@example.de", accounttest.Password, "")
	b.get("/")
	resp, body := b.post("/admin/nutzer/"+u.ID+"/sperren", url.Values{"reason": {"weg"}})
	wantStatus(t, resp, body, http.StatusNotFound)
	if got, _ := e.Accounts.Service.User(context.Background(), u.ID); got.Disabled {
		t.Fatal("an employer disabled a user")
	}
	resp, body = b.post("/admin/inhalte/gehaelter/backoffice-manager-de", url.Values{"slug": {"backoffice-manager-de"}, "_rev": {"1"}})
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = newVisitor(t, e.App).get("/admin")
	wantRedirect(t, resp, body, "/anmelden?weiter=%2Fadmin")
}

func TestAdminUsers(t *testing.T) {
	e := newTestEnv(t)
	u := e.Accounts.User(t, "lena@example.de", account.Learner, false)
	adm := e.Accounts.User(t, "red@example.de", account.Admin, false)
	b := newVisitor(t, e.App)
	b.signIn("red@example.de", accounttest.Password, "")

	resp, body := b.get("/admin/nutzer")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "<h1>Nutzer</h1>", `name="email"`, `<meta name="robots" content="noindex">`)
	if strings.Contains(body, "Konto sperren") {
		t.Fatal("the empty search shows a user")
	}
	resp, body = b.get("/admin/nutzer?email=niemand@example.de")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Zu dieser E-Mail-Adresse gibt es kein Konto.", `value="niemand@example.de"`, `aria-invalid="true"`, "autofocus")
	resp, body = b.get("/admin/nutzer?email=kaputt")
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, "Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.", `value="kaputt"`)

	resp, body = b.get("/admin/nutzer?email=%20Lena@Example.de")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "lena@example.de", "Lernende/r", "aktiv", "Das Konto wurde noch nie gesperrt.",
		`action="/admin/nutzer/`+u.ID+`/sperren"`, "Konto sperren")

	// No reason: the form again, the field marked, nothing changed.
	resp, body = b.post("/admin/nutzer/"+u.ID+"/sperren", url.Values{"reason": {"  "}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-reason-error"`, "Bitte füllen Sie dieses Feld aus.", `aria-invalid="true"`)
	if got, _ := e.Accounts.Service.User(context.Background(), u.ID); got.Disabled {
		t.Fatal("disabled without a reason")
	}
	// Too long: the typed text is kept.
	long := strings.Repeat("x", 501)
	resp, body = b.post("/admin/nutzer/"+u.ID+"/sperren", url.Values{"reason": {long}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, "Bitte höchstens 500 Zeichen.", `value="`+long+`"`)

	// Without a CSRF token nothing happens.
	resp, _ = b.post("/admin/nutzer/"+u.ID+"/sperren", url.Values{"reason": {"Spam"}, "_csrf": {""}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("tokenless POST: %d", resp.StatusCode)
	}

	resp, body = b.post("/admin/nutzer/"+u.ID+"/sperren", url.Values{"reason": {"Spam in Bewerbungen"}})
	wantRedirect(t, resp, body, "/admin/nutzer?email=lena%40example.de&hinweis=gesperrt")
	resp, body = b.get(resp.Header.Get("Location"))
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Das Konto ist gesperrt; die Begründung ist vermerkt.", "gesperrt", "Spam in Bewerbungen", "red",
		`action="/admin/nutzer/`+u.ID+`/entsperren"`, "Konto freigeben")
	if got, _ := e.Accounts.Service.User(context.Background(), u.ID); !got.Disabled {
		t.Fatal("not disabled")
	}
	resp, body = b.post("/admin/nutzer/"+u.ID+"/entsperren", url.Values{"reason": {"Geklärt am Telefon"}})
	wantRedirect(t, resp, body, "/admin/nutzer?email=lena%40example.de&hinweis=entsperrt")
	resp, body = b.get(resp.Header.Get("Location") + "&lang=en")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "The account is enabled again", "Geklärt am Telefon", "Spam in Bewerbungen", "Disable account")
	if strings.Index(body, "Geklärt am Telefon") > strings.Index(body, "Spam in Bewerbungen") {
		t.Fatal("the history is not newest first")
	}

	// Myself: no form, and a forged POST is refused with the reason.
	resp, body = b.get("/admin/nutzer?email=red@example.de&lang=de")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Ihr eigenes Konto können Sie nicht sperren")
	if strings.Contains(body, "/sperren\"") {
		t.Fatal("the admin is offered to disable themselves")
	}
	resp, body = b.post("/admin/nutzer/"+adm.ID+"/sperren", url.Values{"reason": {"Test"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, "Ihr eigenes Konto können Sie nicht sperren")
	// Someone unknown: 404.
	resp, body = b.post("/admin/nutzer/u_aaaaaaaaaaaaaaaa/sperren", url.Values{"reason": {"Test"}})
	wantStatus(t, resp, body, http.StatusNotFound)
}
