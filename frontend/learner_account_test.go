package frontend

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/jobs"
)

// savedPages are the learner-only pages of learner_account.go; accountPages
// are every signed-in user's.
var (
	savedPages   = []string{"/mein-bereich/merkliste", "/mein-bereich/suchauftraege"}
	accountPages = []string{"/mein-bereich/konto", "/mein-bereich/konto/loeschen", "/mein-bereich/konto/export"}
)

func TestSavedAndAccountPagesArePrivate(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	for _, path := range append(append([]string{}, savedPages...), accountPages...) {
		resp, body := newVisitor(t, e.App).get(path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
	}
	for _, who := range []string{"chefin@example.de", "red@example.de"} {
		b := newVisitor(t, e.App)
		b.signIn(who, accounttest.Password, "")
		for _, path := range savedPages {
			resp, body := b.get(path)
			wantStatus(t, resp, body, http.StatusNotFound)
		}
		b.get("/mein-bereich/konto")
		resp, body := b.post("/mein-bereich/suchauftraege", url.Values{"q": {"Buchhaltung"}})
		wantStatus(t, resp, body, http.StatusNotFound)
		// Every role has the account page, without a target role.
		resp, body = b.get("/mein-bereich/konto")
		wantStatus(t, resp, body, 200)
		mustContain(t, body, `id="f-name"`, `id="f-language"`, who, `<meta name="robots" content="noindex">`,
			`<a href="/mein-bereich/konto" aria-current="page">Konto</a>`) // in the header
		if strings.Contains(body, `id="f-targetRole"`) {
			t.Errorf("%s: the account page offers a target role", who)
		}
		resp, body = b.get("/mein-bereich/konto/loeschen")
		wantStatus(t, resp, body, 200)
	}
	// Anonymous POSTs change nothing.
	anon := newVisitor(t, e.App)
	anon.get("/")
	for _, path := range []string{"/mein-bereich/konto", "/mein-bereich/konto/loeschen", "/mein-bereich/konto/abmelden-ueberall", "/mein-bereich/suchauftraege"} {
		resp, body := anon.post(path, url.Values{"password": {accounttest.Password}})
		if resp.StatusCode != http.StatusForbidden && (resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/anmelden")) {
			t.Fatalf("anonymous POST %s: %d %s %.300s", path, resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}
}

func TestSavedJobsShowTheirStateAndCanBeForgotten(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	u := e.Accounts.User(t, "lena@example.de", account.Learner, false)
	ids := seedJobs(t, e, 2)
	for _, id := range ids {
		if err := e.Jobs.SavePosting(ctx, u.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	closed, err := e.Jobs.PublicPosting(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Jobs.Close(ctx, closed.Employer.ID, closed.CreatedBy, closed.ID, jobs.Filled); err != nil {
		t.Fatal(err)
	}
	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")
	resp, body := b.get("/mein-bereich/merkliste")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "<h1>Merkliste</h1>", `href="/jobs/`+ids[0]+`">Backoffice-Mitarbeiter (m/w/d) Mandantenbetreuung 1</a>`, "ausgeschrieben",
		`class="hit saved-job saved-closed" id="j-`+ids[1]+`"`, "geschlossen", "Die Stelle ist besetzt.", "Kanzlei Berg",
		`action="/mein-bereich/merkliste/`+ids[1]+`/entfernen"`)
	if strings.Contains(body, `<a href="/jobs/`+ids[1]+`">Backoffice`) {
		t.Error("a closed posting is linked as if open")
	}
	// Someone else's or an unknown posting: 404, nothing changes.
	resp, body = b.post("/mein-bereich/merkliste/p_nichtgemerkt1234/entfernen", url.Values{})
	wantStatus(t, resp, body, http.StatusNotFound)
	b.get("/mein-bereich/merkliste")
	resp, body = b.post("/mein-bereich/merkliste/"+ids[1]+"/entfernen", url.Values{})
	wantRedirect(t, resp, body, "/mein-bereich/merkliste?hinweis=vergessen")
	_, body = b.get("/mein-bereich/merkliste?hinweis=vergessen")
	mustContain(t, body, "Der Job steht nicht mehr auf Ihrer Merkliste.", ids[0])
	if strings.Contains(body, ids[1]) {
		t.Error("the forgotten posting is still listed")
	}
	_, body = b.get("/mein-bereich/merkliste?lang=en")
	mustContain(t, body, "<h1>Saved jobs</h1>", "open")
}

func TestSavedSearchesSaveShowDelete(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "lena@example.de", account.Learner, false)
	e.Accounts.User(t, "ole@example.de", account.Learner, false)
	seedJobs(t, e, 2)
	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")

	b.get("/mein-bereich/suchauftraege")
	search := url.Values{"q": {"Mandantenbetreuung"}, "where": {"München"}, "radius": {"25"}, "employmentType": {"vollzeit"}}

	// A name too long: the message next to the field, the name kept.
	long := strings.Repeat("x", 81)
	v := copyValues(search)
	v.Set("name", long)
	resp, body := b.post("/mein-bereich/suchauftraege", v)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-name-error"`, `aria-invalid="true"`, `value="`+long+`"`, `name="where" value="München"`, "autofocus")
	list, _ := e.Jobs.SavedSearches(context.Background(), userID(t, e, "lena@example.de"))
	if len(list) != 0 {
		t.Fatalf("a refused save kept %d searches", len(list))
	}
	// A place we do not know: the form says so.
	v = copyValues(search)
	v.Set("where", "Atlantis")
	resp, body = b.post("/mein-bereich/suchauftraege", v)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, "Diese Suche lässt sich nicht speichern.")

	// Saved without a name: named after the search.
	resp, body = b.post("/mein-bereich/suchauftraege", copyValues(search))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/mein-bereich/suchauftraege?hinweis=suche-gespeichert#s-") {
		t.Fatalf("save: %d %q %.500s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	id := strings.TrimPrefix(resp.Header.Get("Location"), "/mein-bereich/suchauftraege?hinweis=suche-gespeichert#s-")
	// Again: not kept twice.
	resp, body = b.post("/mein-bereich/suchauftraege", copyValues(search))
	wantRedirect(t, resp, body, "/mein-bereich/suchauftraege?hinweis=schon-gespeichert#s-"+id)
	resp, body = b.get("/mein-bereich/suchauftraege")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `id="s-`+id+`"`, "„Mandantenbetreuung“ · München &#43; 25 km · Vollzeit", `<span class="tag">München &#43; 25 km</span>`,
		"0 neu", `href="/mein-bereich/suchauftraege/`+id+`"`, `action="/mein-bereich/suchauftraege/`+id+`/loeschen"`)
	if n := strings.Count(body, `class="hit" id="s-`); n != 1 {
		t.Fatalf("%d saved searches listed, want 1", n)
	}

	// Someone else's saved search is a 404, to look at and to delete.
	other := newVisitor(t, e.App)
	other.signIn("ole@example.de", accounttest.Password, "")
	resp, body = other.get("/mein-bereich/suchauftraege/" + id)
	wantStatus(t, resp, body, http.StatusNotFound)
	other.get("/mein-bereich/suchauftraege")
	resp, body = other.post("/mein-bereich/suchauftraege/"+id+"/loeschen", url.Values{})
	wantStatus(t, resp, body, http.StatusNotFound)

	// A new posting in München: one new; looking moves the last look.
	seedJobs(t, e, 1)
	_, body = b.get("/mein-bereich/suchauftraege")
	mustContain(t, body, "1 neu")
	resp, body = b.get("/mein-bereich/suchauftraege/" + id)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "1 neue Stelle seit", "Mandantenbetreuung 1</a>",
		`href="/jobs?employmentType=vollzeit&amp;q=Mandantenbetreuung&amp;radius=25&amp;sort=date&amp;where=M%C3%BCnchen"`)
	_, body = b.get("/mein-bereich/suchauftraege")
	mustContain(t, body, "0 neu")

	// Delete.
	resp, body = b.post("/mein-bereich/suchauftraege/"+id+"/loeschen", url.Values{})
	wantRedirect(t, resp, body, "/mein-bereich/suchauftraege?hinweis=suche-geloescht")
	_, body = b.get("/mein-bereich/suchauftraege?hinweis=suche-geloescht")
	mustContain(t, body, "Der Suchauftrag ist gelöscht.", "Sie haben noch keine Suche gespeichert.")
}

func copyValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string{}, vs...)
	}
	return out
}

func userID(t testing.TB, e *testEnv, email string) string {
	t.Helper()
	u, err := e.Accounts.Service.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestAccountProfileLanguageAndPassword(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "lena@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")
	resp, body := b.get("/mein-bereich/konto")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "<h1>Konto</h1>", `id="f-name" name="name" type="text" value="lena"`, `<option value="de" selected>Deutsch</option>`,
		`id="f-targetRole"`, "dieses Gerät", `href="/mein-bereich/konto/export"`, `href="/mein-bereich/konto/loeschen"`)

	// Wrong values: the messages next to their fields, the values kept.
	resp, body = b.post("/mein-bereich/konto", url.Values{"name": {""}, "language": {"fr"}, "targetRole": {"astronaut"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-language-error"`, "Bitte wählen Sie Deutsch oder Englisch.", `id="f-targetRole-error"`)
	resp, body = b.post("/mein-bereich/konto", url.Values{"name": {strings.Repeat("n", 101)}, "language": {"de"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-name-error"`, "Bitte höchstens 100 Zeichen.", `aria-describedby="f-name-error"`, `value="`+strings.Repeat("n", 101)+`"`)
	if u, _ := e.Accounts.Service.UserByEmail(context.Background(), "lena@example.de"); u.Name != "lena" {
		t.Fatalf("a refused form changed the name to %q", u.Name)
	}

	// English for the account: the site follows without ?lang, even when
	// the browser prefers German; ?lang still wins.
	b.header.Set("Accept-Language", "de-DE,de;q=0.9")
	resp, body = b.post("/mein-bereich/konto", url.Values{"name": {"Lena Berg"}, "language": {"en"}, "targetRole": {"backoffice-manager"}})
	wantRedirect(t, resp, body, "/mein-bereich/konto?hinweis=konto")
	resp, body = b.get("/mein-bereich/konto?hinweis=konto")
	mustContain(t, body, `<html lang="en"`, "Your details are saved.", `value="Lena Berg"`, `<option value="backoffice-manager" selected>`)
	if resp.Header.Get("Content-Language") != "en" {
		t.Errorf("Content-Language %q", resp.Header.Get("Content-Language"))
	}
	_, body = b.get("/mein-bereich/konto?lang=de")
	mustContain(t, body, `<html lang="de"`)
	b.jar.SetCookies(siteURL, []*http.Cookie{{Name: cookieLang, Value: "", MaxAge: -1}})
	// The API answers a problem in the account's language too.
	sess, err := e.Accounts.Service.Login(context.Background(), "lena@example.de", accounttest.Password, account.Client{})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPatch, "/api/v1/me", strings.NewReader(`{"name":["x"]}`))
	req.Header.Set("Authorization", "Bearer "+sess.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, body = e.do(t, req)
	wantStatus(t, resp, body, 400)
	mustContain(t, body, `"title":"Bad Request"`, `"name":"must be a string"`)
	if _, err := e.Accounts.Service.UpdateProfile(context.Background(), sess.User.ID, account.ProfileUpdate{Language: ptr("de")}); err != nil {
		t.Fatal(err)
	}
	req = httptest.NewRequest(http.MethodPatch, "/api/v1/me", strings.NewReader(`{"name":["x"]}`))
	req.Header.Set("Authorization", "Bearer "+sess.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, body = e.do(t, req)
	mustContain(t, body, `"title":"Ungültige Anfrage"`, `"name":"muss ein Text sein"`)
	b.header.Del("Accept-Language")

	// The password: the current one must be right, the new one good.
	b.get("/mein-bereich/konto")
	resp, body = b.post("/mein-bereich/konto/passwort", url.Values{"currentPassword": {"falsch falsch"}, "newPassword": {"Wolkenkratzer Teekanne 12"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-currentPassword-error"`, "Das Passwort stimmt nicht.", `id="f-currentPassword" name="currentPassword" type="password" autocomplete="current-password" required aria-invalid="true"`)
	resp, body = b.post("/mein-bereich/konto/passwort", url.Values{"currentPassword": {accounttest.Password}, "newPassword": {"kurz"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-newPassword-error"`, "Bitte mindestens 8 Zeichen.")
	resp, body = b.post("/mein-bereich/konto/passwort", url.Values{"currentPassword": {accounttest.Password}, "newPassword": {"Wolkenkratzer Teekanne 12"}})
	wantRedirect(t, resp, body, "/mein-bereich/konto?hinweis=passwort")
	resp, body = b.get("/mein-bereich/konto?hinweis=passwort")
	wantStatus(t, resp, body, 200) // still signed in, on the new session
	mustContain(t, body, "Ihr Passwort ist geändert.")
	if _, err := e.Accounts.Service.Login(context.Background(), "lena@example.de", "Wolkenkratzer Teekanne 12", account.Client{}); err != nil {
		t.Fatalf("the new password does not sign in: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

func TestAccountDevicesExportAndDelete(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	e.Accounts.User(t, "lena@example.de", account.Learner, false)
	other := e.Accounts.User(t, "ole@example.de", account.Learner, false)
	// Another device of Lena's, and one of Ole's.
	phone, err := e.Accounts.Service.Login(ctx, "lena@example.de", accounttest.Password, account.Client{UserAgent: "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"})
	if err != nil {
		t.Fatal(err)
	}
	oles, err := e.Accounts.Service.Sessions(ctx, other)
	if err != nil || len(oles) == 0 {
		t.Fatal(err, len(oles))
	}
	b := newVisitor(t, e.App)
	b.header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
	b.signIn("lena@example.de", accounttest.Password, "")
	resp, body := b.get("/mein-bereich/konto")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Firefox · Linux", "Chrome · Android", `action="/mein-bereich/konto/geraete/`+phone.SessionID+`/abmelden"`)
	if i, j := strings.Index(body, "Firefox · Linux"), strings.Index(body, "dieses Gerät"); i < 0 || j < i || j-i > 200 {
		t.Error("this device is not marked as such")
	}
	// Someone else's session: 404, it stays.
	resp, body = b.post("/mein-bereich/konto/geraete/"+oles[0].ID+"/abmelden", url.Values{})
	wantStatus(t, resp, body, http.StatusNotFound)
	if _, err := e.Accounts.Service.Session(ctx, oles[0].ID); err != nil {
		t.Fatalf("someone else's session ended: %v", err)
	}
	b.get("/mein-bereich/konto")
	resp, body = b.post("/mein-bereich/konto/geraete/"+phone.SessionID+"/abmelden", url.Values{})
	wantRedirect(t, resp, body, "/mein-bereich/konto?hinweis=geraet#geraete")
	_, body = b.get("/mein-bereich/konto")
	if strings.Contains(body, "Chrome · Android") {
		t.Error("the signed-out device is still listed")
	}

	// The export: a download with the user's data.
	resp, body = b.get("/mein-bereich/konto/export")
	wantStatus(t, resp, body, 200)
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="laufbahn-export-`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	var ex struct {
		User     struct{ Email string }
		Sessions []struct{ Current bool }
		Jobs     *struct{ SavedSearches []any }
	}
	if err := json.Unmarshal([]byte(body), &ex); err != nil {
		t.Fatalf("export: %v: %.300s", err, body)
	}
	current := 0
	for _, s := range ex.Sessions {
		if s.Current {
			current++
		}
	}
	if ex.User.Email != "lena@example.de" || current != 1 || ex.Jobs == nil {
		t.Errorf("export %+v", ex)
	}

	// Delete: the page says what goes; a wrong password is refused next to
	// the field and deletes nothing.
	resp, body = b.get("/mein-bereich/konto/loeschen")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Was gelöscht wird", "Bewerbungen mit Anschreiben und Lebensläufen", "Merkliste und Ihre Suchaufträge", "Was bleibt", "anonymer Platzhalter")
	resp, body = b.post("/mein-bereich/konto/loeschen", url.Values{"password": {"nicht meins"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	mustContain(t, body, `id="f-password-error"`, "Das Passwort stimmt nicht.", `aria-invalid="true"`, "autofocus")
	if _, err := e.Accounts.Service.UserByEmail(ctx, "lena@example.de"); err != nil {
		t.Fatalf("a wrong password deleted the account: %v", err)
	}
	resp, body = b.post("/mein-bereich/konto/loeschen", url.Values{"password": {accounttest.Password}})
	wantRedirect(t, resp, body, "/?hinweis=konto-geloescht")
	resp, body = b.get("/?hinweis=konto-geloescht")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Ihr Konto und Ihre Daten sind gelöscht.", `href="/anmelden"`)
	resp, body = b.get("/mein-bereich/konto")
	wantRedirect(t, resp, body, "/anmelden?weiter=%2Fmein-bereich%2Fkonto")
	if _, err := e.Accounts.Service.Login(ctx, "lena@example.de", accounttest.Password, account.Client{}); err == nil {
		t.Fatal("the deleted account still signs in")
	}
}

func TestSignOutEverywhere(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "lena@example.de", account.Employer, true)
	phone, err := e.Accounts.Service.Login(context.Background(), "lena@example.de", accounttest.Password, account.Client{})
	if err != nil {
		t.Fatal(err)
	}
	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")
	b.get("/mein-bereich/konto")
	resp, body := b.post("/mein-bereich/konto/abmelden-ueberall", url.Values{})
	wantRedirect(t, resp, body, "/anmelden?hinweis=ueberall-abgemeldet")
	resp, body = b.get("/anmelden?hinweis=ueberall-abgemeldet")
	mustContain(t, body, "Sie sind auf allen Geräten abgemeldet, auch auf diesem.")
	resp, body = b.get("/mein-bereich/konto")
	wantRedirect(t, resp, body, "/anmelden?weiter=%2Fmein-bereich%2Fkonto")
	if _, _, err := e.Accounts.Service.Authenticate(context.Background(), phone.AccessToken); err == nil {
		t.Fatal("the other device is still signed in")
	}
	_ = resp
}

// TestJobsOffersSaveSearch: /jobs carries the "Suche speichern" form for a
// signed-in learner, with the search's parameters (not its order or page),
// and for nobody else.
func TestJobsOffersSaveSearch(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "lena@example.de", account.Learner, false)
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	const path = "/jobs?q=Mandantenbetreuung&where=M%C3%BCnchen&radius=25&employmentType=vollzeit&sort=date&page=1"
	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")
	resp, body := b.get(path)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `action="/mein-bereich/suchauftraege"`, `name="q" value="Mandantenbetreuung" data-query`,
		`name="where" value="München" data-query`, `name="radius" value="25" data-query`, `name="employmentType" value="vollzeit" data-query`,
		`<label for="save-search-name">Name (optional)</label>`,
		// The quick button next to the sort submits the same form.
		`<button type="submit" form="save-search" class="secondary small">`, `<form class="save-search" id="save-search"`)
	if strings.Contains(body, `name="sort" value="date" data-query`) || strings.Contains(body, `name="page"`) {
		t.Error("the order or the page is saved with the search")
	}
	for _, who := range []string{"", "chefin@example.de"} {
		v := newVisitor(t, e.App)
		if who != "" {
			v.signIn(who, accounttest.Password, "")
		}
		_, body = v.get(path)
		if strings.Contains(body, "data-save-search") || strings.Contains(body, `form="save-search"`) {
			t.Errorf("%q is offered to save a search", who)
		}
	}
}

// TestSavedSearchLimit: the 21st saved search is refused as the API
// refuses it, with the message above the form and the search kept in it.
func TestSavedSearchLimit(t *testing.T) {
	e := newTestEnv(t)
	u := e.Accounts.User(t, "lena@example.de", account.Learner, false)
	for i := range jobs.MaxSavedSearches {
		if _, err := e.Jobs.SaveSearch(context.Background(), u.ID, "Suche "+itoa(i), "q=Suche"+itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	b := newVisitor(t, e.App)
	b.signIn("lena@example.de", accounttest.Password, "")
	b.get("/mein-bereich/suchauftraege")
	resp, body := b.post("/mein-bereich/suchauftraege", url.Values{"q": {"Buchhaltung"}, "name": {"Noch eine"}})
	wantStatus(t, resp, body, http.StatusConflict)
	mustContain(t, body, "Sie können höchstens 20 Suchen speichern.", `name="q" value="Buchhaltung"`, `value="Noch eine"`)
	if list, _ := e.Jobs.SavedSearches(context.Background(), u.ID); len(list) != jobs.MaxSavedSearches {
		t.Fatalf("%d saved searches", len(list))
	}
}
