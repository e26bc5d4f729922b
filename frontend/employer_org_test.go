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

func TestOrgPageIsPrivate(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "lea@example.de", account.Learner, false)
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	for _, path := range []string{"/arbeitgeber/organisation"} {
		resp, body := newVisitor(t, e.App).get(path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
		for _, who := range []string{"lea@example.de", "red@example.de"} {
			b := newVisitor(t, e.App)
			b.signIn(who, accounttest.Password, "")
			resp, body = b.get(path)
			wantStatus(t, resp, body, http.StatusNotFound)
			b.get("/")
			resp, body = b.post(path, url.Values{"name": {"Übernahme GmbH"}})
			wantStatus(t, resp, body, http.StatusNotFound)
			resp, body = b.post(path+"/einladungen", url.Values{"email": {"x@example.de"}})
			wantStatus(t, resp, body, http.StatusNotFound)
		}
	}
	resp, body := newVisitor(t, e.App).post("/arbeitgeber/organisation", url.Values{"name": {"x"}})
	if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusForbidden {
		t.Fatalf("anonymous save: status %d\n%s", resp.StatusCode, body)
	}
}

func TestOrgCreateAndEdit(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u := e.Accounts.User(t, "neu@example.de", account.Employer, false)
	b := newVisitor(t, e.App)
	b.signIn("neu@example.de", accounttest.Password, "")
	resp, body := b.get("/arbeitgeber/organisation")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "<h1>Organisation anlegen</h1>", `action="/arbeitgeber/organisation"`, `id="f-name"`, `id="f-sizeClass"`,
		`id="f-industry"`, `id="f-website"`, `id="f-city-0"`, `id="f-postalCode-0"`, `id="f-bundesland-0"`)
	mustNotContain(t, body, "Kollegin oder Kollegen einladen")

	// Wrong values: each next to its field, the typed values kept, the
	// first wrong field focused; nothing is created.
	resp, body = b.post("/arbeitgeber/organisation", url.Values{"name": {"Kanzlei Nord"}, "sizeClass": {"riesig"}, "industry": {"Recht"},
		"website": {"http://kanzlei-nord.example"}, "city-0": {"Kiel"}, "postalCode-0": {"241"}, "bundesland-0": {"SH"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `value="Kanzlei Nord"`, `value="Kiel"`, `value="241"`, `value="http://kanzlei-nord.example"`,
		`id="f-sizeClass-error"`, `id="f-website-error"`, "Bitte eine https://-Adresse", `id="f-postalCode-0-error"`, "fünf Ziffern",
		`aria-describedby="f-postalCode-0-error"`)
	if i := strings.Index(body, "autofocus"); i < 0 || !strings.Contains(body[max(0, i-200):i], `id="f-sizeClass"`) {
		t.Error("the first wrong field (size) is not focused")
	}
	if fresh, _ := e.Accounts.Service.User(ctx, u.ID); fresh.OrgID != "" {
		t.Fatal("a refused form created an organisation")
	}

	resp, body = b.post("/arbeitgeber/organisation", url.Values{"name": {"Kanzlei Nord"}, "sizeClass": {"10-49"}, "industry": {"Recht"},
		"website": {"https://kanzlei-nord.example"}, "city-0": {"Kiel"}, "postalCode-0": {"24103"}, "bundesland-0": {"SH"}})
	wantRedirect(t, resp, body, "/arbeitgeber/organisation?hinweis=angelegt")
	resp, body = b.get("/arbeitgeber/organisation?hinweis=angelegt")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Ihre Organisation ist angelegt.", "<h1>Meine Organisation</h1>", `value="Kanzlei Nord"`, `value="https://kanzlei-nord.example"`,
		`value="Kiel"`, `id="f-city-1"`, "Mitglieder", "<li>neu</li>", "Kollegin oder Kollegen einladen", "Keine offenen Einladungen.")
	fresh, err := e.Accounts.Service.User(ctx, u.ID)
	if err != nil || fresh.OrgID == "" {
		t.Fatalf("no organisation after creating one (%v)", err)
	}

	// Add a second location, change the size; then remove the first.
	b.post("/arbeitgeber/organisation", url.Values{"name": {"Kanzlei Nord"}, "sizeClass": {"50-249"}, "industry": {"Recht"},
		"website": {"https://kanzlei-nord.example"}, "city-0": {"Kiel"}, "postalCode-0": {"24103"}, "bundesland-0": {"SH"},
		"city-1": {"Lübeck"}, "postalCode-1": {"23552"}, "bundesland-1": {"SH"}})
	o, err := e.Accounts.Service.Organisation(ctx, fresh.OrgID)
	if err != nil || o.SizeClass != "50-249" || len(o.Locations) != 2 || o.Locations[1].City != "Lübeck" {
		t.Fatalf("after the edit: %+v (%v)", o, err)
	}
	// A wrong second row: the error is on that row; nothing is saved.
	resp, body = b.post("/arbeitgeber/organisation", url.Values{"name": {"Kanzlei Nord"}, "sizeClass": {"50-249"}, "industry": {"Recht"},
		"website": {""}, "city-0": {""}, "postalCode-0": {""}, "bundesland-0": {""},
		"city-1": {"Lübeck"}, "postalCode-1": {"2355"}, "bundesland-1": {"SH"}, "city-2": {""}, "postalCode-2": {""}, "bundesland-2": {""}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-postalCode-1-error"`, `value="2355"`)
	resp, body = b.post("/arbeitgeber/organisation", url.Values{"name": {"Kanzlei Nord"}, "sizeClass": {"50-249"}, "industry": {"Recht"},
		"website": {""}, "city-0": {""}, "postalCode-0": {""}, "bundesland-0": {""},
		"city-1": {"Lübeck"}, "postalCode-1": {"23552"}, "bundesland-1": {"SH"}})
	wantRedirect(t, resp, body, "/arbeitgeber/organisation?hinweis=gespeichert")
	o, _ = e.Accounts.Service.Organisation(ctx, fresh.OrgID)
	if len(o.Locations) != 1 || o.Locations[0].City != "Lübeck" || o.Website != "" {
		t.Fatalf("after removing a row and the website: %+v", o)
	}
	// No location at all: the message is on the first row.
	resp, body = b.post("/arbeitgeber/organisation", url.Values{"name": {""}, "sizeClass": {"50-249"}, "industry": {"Recht"},
		"city-0": {""}, "postalCode-0": {""}, "bundesland-0": {""}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-name-error"`, `id="f-city-0-error"`, "Bitte nennen Sie einen Standort.")

	resp, body = b.get("/arbeitgeber/organisation?lang=en")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "My organisation", "Invite a colleague", "Members")
}

func TestOrgInviteMailsTheLink(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	boss := e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	b := newVisitor(t, e.App)
	b.signIn("chefin@example.de", accounttest.Password, "")
	b.get("/arbeitgeber/organisation")
	resp, body := b.post("/arbeitgeber/organisation/einladungen", url.Values{"email": {"kein-mail"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-email-error"`, `value="kein-mail"`, "Bitte geben Sie eine E-Mail-Adresse")
	resp, body = b.post("/arbeitgeber/organisation/einladungen", url.Values{"email": {""}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-email-error"`, "Bitte füllen Sie dieses Feld aus.")
	if ps, _ := e.Accounts.Service.PendingInvitations(ctx, boss.OrgID); len(ps) != 0 {
		t.Fatalf("refused invitations were created: %+v", ps)
	}

	resp, body = b.post("/arbeitgeber/organisation/einladungen", url.Values{"email": {"kollege@example.de"}})
	wantRedirect(t, resp, body, "/arbeitgeber/organisation?hinweis=eingeladen#einladen")
	ms := e.Accounts.Mailbox.To("kollege@example.de")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "/einladung?token=") {
		t.Fatalf("mails to the colleague: %+v", ms)
	}
	resp, body = b.get("/arbeitgeber/organisation?hinweis=eingeladen")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "Die Einladung ist verschickt.", "Offene Einladungen", "kollege@example.de", "von chefin")
	mustNotContain(t, body, "token=")

	// The colleague signs up from the mailed link and joins.
	link := e.Accounts.Mailbox.Token(t, "kollege@example.de")
	k := newVisitor(t, e.App)
	resp, body = k.get("/registrieren?einladung=" + url.QueryEscape(link))
	wantStatus(t, resp, body, http.StatusOK)
	resp, body = k.post("/registrieren", url.Values{"role": {"employer"}, "einladung": {link}, "name": {"Kollege"}, "email": {"kollege@example.de"},
		"password": {accounttest.Password}})
	wantRedirect(t, resp, body, "/registrieren?versendet=1")
	if err := e.Accounts.Service.VerifyEmail(ctx, e.Accounts.Mailbox.Token(t, "kollege@example.de")); err != nil {
		t.Fatal(err)
	}
	k.signIn("kollege@example.de", accounttest.Password, "")
	resp, body = k.get("/arbeitgeber/organisation")
	wantStatus(t, resp, body, http.StatusOK)
	mustContain(t, body, "<li>chefin</li>", "<li>Kollege</li>", "Keine offenen Einladungen.")
}

// Invitations send mail, so they are limited like the account mails: per
// address (5 an hour) and per client.
func TestOrgInviteIsLimited(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	b := newVisitor(t, e.App)
	b.signIn("chefin@example.de", accounttest.Password, "")
	b.get("/arbeitgeber/organisation")
	for i := range 5 {
		resp, body := b.post("/arbeitgeber/organisation/einladungen", url.Values{"email": {"kollege@example.de"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("invitation %d: status %d\n%.2000s", i+1, resp.StatusCode, body)
		}
	}
	resp, body := b.post("/arbeitgeber/organisation/einladungen", url.Values{"email": {"kollege@example.de"}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	if n := len(e.Accounts.Mailbox.To("kollege@example.de")); n != 5 {
		t.Fatalf("%d mails, want 5", n)
	}
}
