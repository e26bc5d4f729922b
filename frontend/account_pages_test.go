package frontend

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/api"
)

// visitor is a browser with a cookie jar, sending forms with the CSRF token
// of the page they came from.
type visitor struct {
	t   testing.TB
	app *fiber.App
	jar *cookiejar.Jar
	// csrf is the token of the last form page seen.
	csrf string
	// header is added to every request.
	header http.Header
}

func newVisitor(t testing.TB, app *fiber.App) *visitor {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &visitor{t: t, app: app, jar: jar, header: http.Header{}}
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

var siteURL, _ = url.Parse(accounttest.BaseURL)

func (b *visitor) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	req.Host = siteURL.Host
	for k, vs := range b.header {
		req.Header[k] = vs
	}
	for _, c := range b.jar.Cookies(siteURL) {
		req.AddCookie(c)
	}
	resp, err := b.app.Test(req, 20_000)
	if err != nil {
		b.t.Fatal(err)
	}
	b.jar.SetCookies(siteURL, resp.Cookies())
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	body := sb.String()
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		b.csrf = m[1]
	}
	return resp, body
}

func (b *visitor) get(path string) (*http.Response, string) {
	b.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends the form with the last page's CSRF token (unless the values
// carry their own _csrf, "" for none).
func (b *visitor) post(path string, v url.Values) (*http.Response, string) {
	b.t.Helper()
	if _, ok := v["_csrf"]; !ok {
		v.Set("_csrf", b.csrf)
	} else if v.Get("_csrf") == "" {
		v.Del("_csrf")
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// cookie is the value of a cookie in the jar ("" when none).
func (b *visitor) cookie(name string) string {
	for _, c := range b.jar.Cookies(siteURL) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func wantStatus(t testing.TB, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d; body:\n%.3000s", resp.StatusCode, status, body)
	}
}

func wantRedirect(t testing.TB, resp *http.Response, body, location string) {
	t.Helper()
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := resp.Header.Get("Location"); got != location {
		t.Fatalf("redirect to %q, want %q", got, location)
	}
}

// signIn signs in through the form.
func (b *visitor) signIn(email, password, next string) (*http.Response, string) {
	b.t.Helper()
	b.get("/anmelden")
	v := url.Values{"email": {email}, "password": {password}}
	if next != "" {
		v.Set("weiter", next)
	}
	return b.post("/anmelden", v)
}

func TestAccountPagesRender(t *testing.T) {
	e := newTestEnv(t)
	for _, tc := range []struct {
		name, path string
		status     int
		lang       string
		wants      []string
	}{
		{"sign-in", "/anmelden", 200, "de", []string{`action="/anmelden"`, `name="_csrf"`, `autocomplete="current-password"`, `href="/passwort-vergessen"`}},
		{"sign-in in English", "/anmelden?lang=en", 200, "en", []string{"Sign in", "Forgot your password?"}},
		{"sign-in with a return address", "/anmelden?weiter=/berufe", 200, "de", []string{`name="weiter" value="/berufe"`}},
		{"sign-in drops a foreign return address", "/anmelden?weiter=//evil.example/x", 200, "de", []string{`action="/anmelden"`}},
		{"sign-up", "/registrieren", 200, "de", []string{`action="/registrieren"`, `name="role" value="learner"`, `autocomplete="new-password"`}},
		{"employer sign-up", "/registrieren?rolle=arbeitgeber", 200, "de", []string{`name="role" value="employer"`, `name="orgName"`, `<option value="HH">Hamburg</option>`, "50-249 Beschäftigte"}},
		{"employer sign-up in English", "/registrieren?rolle=arbeitgeber&lang=en", 200, "en", []string{"Your organisation", "Bavaria", "10-49 employees"}},
		{"sign-up with an invitation", "/registrieren?einladung=abc", 200, "de", []string{`name="einladung" value="abc"`, `name="role" value="employer"`}},
		{"sign-up done", "/registrieren?versendet=1", 200, "de", []string{"Bitte prüfen Sie Ihr Postfach"}},
		{"confirm link", "/e-mail-bestaetigen?token=abc", 200, "de", []string{`action="/e-mail-bestaetigen"`, `name="token" value="abc"`}},
		{"confirm link in English", "/e-mail-bestaetigen?token=abc&lang=en", 200, "en", []string{"Confirm address"}},
		{"confirm without token", "/e-mail-bestaetigen", 400, "de", []string{"ungültig", `action="/e-mail-bestaetigen/neuer-link"`}},
		{"forgot", "/passwort-vergessen", 200, "de", []string{`action="/passwort-vergessen"`}},
		{"forgot sent", "/passwort-vergessen?versendet=1&lang=en", 200, "en", []string{"a link is on its way"}},
		{"reset link", "/passwort-zuruecksetzen?token=abc", 200, "de", []string{`name="password2"`, `name="token" value="abc"`}},
		{"reset without token", "/passwort-zuruecksetzen", 400, "de", []string{`href="/passwort-vergessen"`}},
		{"invitation, anonymous", "/einladung?token=abc", 200, "de", []string{`href="/anmelden?weiter=%2feinladung%3ftoken%3dabc"`, `href="/registrieren?einladung=abc"`}},
		{"invitation without token", "/einladung?lang=en", 400, "en", []string{"invalid, already used or expired"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.get(t, tc.path)
			wantStatus(t, resp, body, tc.status)
			mustContain(t, body, `<html lang="`+tc.lang+`"`, `<meta name="robots" content="noindex">`)
			mustContain(t, body, tc.wants...)
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
			if strings.Contains(body, `name="weiter" value="//`) {
				t.Error("a foreign return address made it into the form")
			}
		})
	}
	// The areas are private: anonymous visitors are sent to sign in.
	for _, path := range []string{"/mein-bereich", "/arbeitgeber", "/admin"} {
		resp, body := e.get(t, path)
		wantRedirect(t, resp, body, "/anmelden?weiter="+url.QueryEscape(path))
	}
}

func TestSignUpConfirmSignInSignOut(t *testing.T) {
	e := newTestEnv(t)
	b := newVisitor(t, e.App)
	const addr = "lena@example.de"
	b.get("/registrieren")
	resp, body := b.post("/registrieren", url.Values{"role": {"learner"}, "name": {"Lena"}, "email": {addr}, "password": {accounttest.Password}})
	wantRedirect(t, resp, body, "/registrieren?versendet=1")
	_, body = b.get("/registrieren?versendet=1")
	mustContain(t, body, "Bitte prüfen Sie Ihr Postfach")

	// A taken address gets the same answer.
	b.get("/registrieren")
	resp, body = b.post("/registrieren", url.Values{"role": {"learner"}, "email": {addr}, "password": {accounttest.Password}})
	wantRedirect(t, resp, body, "/registrieren?versendet=1")

	// Signing in before confirming offers to send the link again.
	resp, body = b.signIn(addr, accounttest.Password, "")
	wantStatus(t, resp, body, http.StatusForbidden)
	mustContain(t, body, "Bitte bestätigen Sie zuerst", `action="/e-mail-bestaetigen/neuer-link"`, `value="lena@example.de"`)
	if b.cookie(cookieAccess) != "" {
		t.Fatal("an unconfirmed account got a session")
	}
	before := len(e.Accounts.Mailbox.To(addr))
	resp, body = b.post("/e-mail-bestaetigen/neuer-link", url.Values{"email": {addr}})
	wantRedirect(t, resp, body, "/anmelden?hinweis=link")
	if n := len(e.Accounts.Mailbox.To(addr)); n != before+1 {
		t.Fatalf("%d mails after asking again, want %d", n, before+1)
	}

	// The mailed link shows a button; GET spends nothing.
	token := e.Accounts.Mailbox.Token(t, addr)
	resp, body = b.get("/e-mail-bestaetigen?token=" + url.QueryEscape(token))
	wantStatus(t, resp, body, 200)
	if _, err := e.Accounts.Service.Login(context.Background(), addr, accounttest.Password, account.Client{}); !strings.Contains(errString(err), "confirm your e-mail") {
		t.Fatalf("GET confirmed the address: %v", err)
	}
	resp, body = b.post("/e-mail-bestaetigen", url.Values{"token": {token}})
	wantRedirect(t, resp, body, "/anmelden?hinweis=bestaetigt")
	_, body = b.get("/anmelden?hinweis=bestaetigt")
	mustContain(t, body, "Ihre E-Mail-Adresse ist bestätigt")
	// The link works once.
	b.get("/e-mail-bestaetigen?token=" + url.QueryEscape(token))
	resp, body = b.post("/e-mail-bestaetigen", url.Values{"token": {token}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, "ungültig, schon benutzt oder abgelaufen")

	// A wrong password: an error at the form, the address kept, the
	// password not.
	resp, body = b.signIn(addr, "falsch-falsch-falsch", "")
	wantStatus(t, resp, body, http.StatusUnauthorized)
	mustContain(t, body, "E-Mail-Adresse oder Passwort stimmen nicht", `value="lena@example.de"`, `aria-invalid="true"`, "autofocus")
	if strings.Contains(body, "falsch-falsch") {
		t.Fatal("the password was sent back")
	}

	// Signing in sets the cookie pair and lands in the learner's area.
	resp, body = b.signIn(addr, accounttest.Password, "")
	wantRedirect(t, resp, body, "/mein-bereich")
	if b.cookie(cookieAccess) == "" || b.cookie(cookieRefresh) == "" {
		t.Fatal("no session cookies")
	}
	resp, body = b.get("/mein-bereich")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, "Willkommen, Lena.", `action="/abmelden"`)
	resp, body = b.get("/mein-bereich?lang=en")
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `<html lang="en"`, "Welcome, Lena.")
	// The signed-in user does not see the sign-in form again.
	resp, body = b.get("/anmelden")
	wantRedirect(t, resp, body, "/mein-bereich")

	// Signing out clears the cookies; the area asks to sign in again.
	b.get("/mein-bereich")
	resp, body = b.post("/abmelden", url.Values{})
	wantRedirect(t, resp, body, "/")
	if b.cookie(cookieAccess) != "" || b.cookie(cookieRefresh) != "" {
		t.Fatal("session cookies left after signing out")
	}
	resp, body = b.get("/mein-bereich")
	wantRedirect(t, resp, body, "/anmelden?weiter=%2Fmein-bereich")
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestSignInReturnsToLocalAddressesOnly(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "ina@example.de", account.Learner, false)
	for _, tc := range []struct{ next, want string }{
		{"/berufe/backoffice-manager?lang=en", "/berufe/backoffice-manager?lang=en"},
		{"//evil.example/x", "/mein-bereich"},
		{"https://evil.example/", "/mein-bereich"},
		{"/\\evil.example", "/mein-bereich"},
		{"javascript:alert(1)", "/mein-bereich"},
		{"/api/v1/me", "/mein-bereich"},
	} {
		b := newVisitor(t, e.App)
		resp, body := b.signIn("ina@example.de", accounttest.Password, tc.next)
		wantRedirect(t, resp, body, tc.want)
	}
	// An employer lands in the employer's area, an admin in the admin's.
	e.Accounts.User(t, "chef@example.de", account.Employer, true)
	e.Accounts.User(t, "admin@example.de", account.Admin, false)
	b := newVisitor(t, e.App)
	resp, body := b.signIn("chef@example.de", accounttest.Password, "")
	wantRedirect(t, resp, body, "/arbeitgeber")
	b = newVisitor(t, e.App)
	resp, body = b.signIn("admin@example.de", accounttest.Password, "")
	wantRedirect(t, resp, body, "/admin")
}

func TestAreasAnswerOtherRolesWith404(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "lerner@example.de", account.Learner, false)
	e.Accounts.User(t, "chefin@example.de", account.Employer, true)
	e.Accounts.User(t, "red@example.de", account.Admin, false)
	for _, tc := range []struct {
		email string
		own   string
		wants []string
	}{
		{"lerner@example.de", "/mein-bereich", []string{"Mein Bereich", "Lernwege"}},
		{"chefin@example.de", "/arbeitgeber", []string{"Arbeitgeber-Bereich", "Kanzlei chefin"}},
		{"red@example.de", "/admin", []string{"Redaktion"}},
	} {
		b := newVisitor(t, e.App)
		resp, body := b.signIn(tc.email, accounttest.Password, "")
		wantRedirect(t, resp, body, tc.own)
		for _, path := range []string{"/mein-bereich", "/arbeitgeber", "/admin"} {
			resp, body := b.get(path)
			if path == tc.own {
				wantStatus(t, resp, body, 200)
				mustContain(t, body, tc.wants...)
				mustContain(t, body, `<meta name="robots" content="noindex">`)
				continue
			}
			wantStatus(t, resp, body, http.StatusNotFound)
		}
	}
}

func TestEmployerSignUpShowsFieldErrors(t *testing.T) {
	e := newTestEnv(t)
	b := newVisitor(t, e.App)
	b.get("/registrieren?rolle=arbeitgeber")
	form := url.Values{"role": {"employer"}, "name": {"Eva"}, "email": {"eva@example.de"}, "password": {"passwort1"},
		"orgName": {"Kanzlei Eva"}, "sizeClass": {"10-49"}, "industry": {"Recht"}, "city": {"Köln"}, "postalCode": {"5067"}, "bundesland": {"XX"}}
	resp, body := b.post("/registrieren", form)
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body,
		// the password first (the first wrong field gets the focus) ...
		`<p class="field-error" id="f-password-error">Dieses Passwort ist zu leicht zu erraten.`,
		`aria-invalid="true" aria-describedby="f-password-hint f-password-error" autofocus`,
		// ... then the location's fields, translated.
		`id="f-postalCode-error">Bitte eine deutsche Postleitzahl mit fünf Ziffern.`,
		`id="f-bundesland-error">Bitte wählen Sie ein Bundesland.`,
		// typed values kept
		`value="Kanzlei Eva"`, `value="Köln"`, `value="5067"`, `<option value="10-49" selected>`)
	if strings.Count(body, "autofocus") != 1 {
		t.Errorf("%d fields have autofocus", strings.Count(body, "autofocus"))
	}
	if strings.Contains(body, "passwort1") {
		t.Error("the password was sent back")
	}
	if n := len(e.Accounts.Mailbox.To("eva@example.de")); n != 0 {
		t.Fatalf("%d mails for a refused sign-up", n)
	}
	// In English, with a message the API gives untranslated for an empty
	// organisation name.
	b.get("/registrieren?rolle=arbeitgeber&lang=en")
	form.Set("password", accounttest.Password)
	form.Set("postalCode", "50667")
	form.Set("bundesland", "NW")
	form.Set("orgName", "")
	resp, body = b.post("/registrieren", form)
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-orgName-error">Please fill in this field.`)
	// Corrected, the sign-up goes through with the organisation.
	form.Set("orgName", "Kanzlei Eva")
	resp, body = b.post("/registrieren", form)
	wantRedirect(t, resp, body, "/registrieren?versendet=1")
	if err := e.Accounts.Service.VerifyEmail(context.Background(), e.Accounts.Mailbox.Token(t, "eva@example.de")); err != nil {
		t.Fatal(err)
	}
	resp, body = b.signIn("eva@example.de", accounttest.Password, "")
	wantRedirect(t, resp, body, "/arbeitgeber")
	_, body = b.get("/arbeitgeber")
	mustContain(t, body, "Kanzlei Eva")
}

func TestForgotAndResetPassword(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "max@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	// An unknown address gets the same answer and no mail.
	b.get("/passwort-vergessen")
	resp, body := b.post("/passwort-vergessen", url.Values{"email": {"niemand@example.de"}})
	wantRedirect(t, resp, body, "/passwort-vergessen?versendet=1")
	if n := len(e.Accounts.Mailbox.To("niemand@example.de")); n != 0 {
		t.Fatalf("%d mails to an unknown address", n)
	}
	resp, body = b.post("/passwort-vergessen", url.Values{"email": {"kein-at"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-email-error">Bitte geben Sie eine E-Mail-Adresse`, `value="kein-at"`)
	resp, body = b.post("/passwort-vergessen", url.Values{"email": {"max@example.de"}})
	wantRedirect(t, resp, body, "/passwort-vergessen?versendet=1")
	token := e.Accounts.Mailbox.Token(t, "max@example.de")

	const next = "Leuchtturm Brezel Kompass 12"
	b.get("/passwort-zuruecksetzen?token=" + url.QueryEscape(token))
	// The two passwords must match; a weak one is refused; the link stays usable.
	resp, body = b.post("/passwort-zuruecksetzen", url.Values{"token": {token}, "password": {next}, "password2": {next + "x"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-password2-error">Die beiden Passwörter stimmen nicht überein.`)
	resp, body = b.post("/passwort-zuruecksetzen", url.Values{"token": {token}, "password": {"12345678"}, "password2": {"12345678"}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `id="f-password-error">Dieses Passwort ist zu leicht`)
	resp, body = b.post("/passwort-zuruecksetzen", url.Values{"token": {token}, "password": {next}, "password2": {next}})
	wantRedirect(t, resp, body, "/anmelden?hinweis=passwort")
	// Used up.
	resp, body = b.post("/passwort-zuruecksetzen", url.Values{"token": {token}, "password": {next}, "password2": {next}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, "ungültig, schon benutzt oder abgelaufen")

	resp, body = b.signIn("max@example.de", accounttest.Password, "")
	wantStatus(t, resp, body, http.StatusUnauthorized)
	resp, body = b.signIn("max@example.de", next, "")
	wantRedirect(t, resp, body, "/mein-bereich")
}

func TestFormsWithoutTheirTokenChangeNothing(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "tom@example.de", account.Learner, false)
	b := newVisitor(t, e.App)
	b.get("/registrieren")
	signUp := url.Values{"role": {"learner"}, "email": {"neu@example.de"}, "password": {accounttest.Password}}

	// No token.
	resp, body := b.post("/registrieren", withCSRF(signUp, ""))
	wantStatus(t, resp, body, http.StatusForbidden)
	mustContain(t, body, "Formular abgelaufen")
	// A made-up token.
	resp, body = b.post("/registrieren", withCSRF(signUp, "forged-token"))
	wantStatus(t, resp, body, http.StatusForbidden)
	// The right token from another site.
	b.header.Set("Origin", "https://evil.example")
	resp, body = b.post("/registrieren", signUp)
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = b.post("/anmelden", url.Values{"email": {"tom@example.de"}, "password": {accounttest.Password}})
	wantStatus(t, resp, body, http.StatusForbidden)
	b.header.Del("Origin")
	b.header.Set("Sec-Fetch-Site", "cross-site")
	resp, body = b.post("/anmelden", url.Values{"email": {"tom@example.de"}, "password": {accounttest.Password}})
	wantStatus(t, resp, body, http.StatusForbidden)
	b.header.Del("Sec-Fetch-Site")
	if n := len(e.Accounts.Mailbox.To("neu@example.de")); n != 0 {
		t.Fatalf("a forged sign-up sent %d mails", n)
	}
	if b.cookie(cookieAccess) != "" {
		t.Fatal("a forged sign-in started a session")
	}
	// A fresh browser without any form page: no token at all.
	fresh := newVisitor(t, e.App)
	resp, body = fresh.post("/anmelden", url.Values{"email": {"tom@example.de"}, "password": {accounttest.Password}})
	wantStatus(t, resp, body, http.StatusForbidden)
	if fresh.cookie(cookieAccess) != "" {
		t.Fatal("a sign-in without a token started a session")
	}
	// Sign-out needs the token too.
	resp, body = b.signIn("tom@example.de", accounttest.Password, "")
	wantRedirect(t, resp, body, "/mein-bereich")
	resp, body = b.post("/abmelden", url.Values{"_csrf": {""}})
	wantStatus(t, resp, body, http.StatusForbidden)
	if b.cookie(cookieAccess) == "" {
		t.Fatal("a forged sign-out ended the session")
	}
	// With its token, the form works.
	b.get("/mein-bereich")
	resp, body = b.post("/abmelden", url.Values{})
	wantRedirect(t, resp, body, "/")
}

func withCSRF(v url.Values, token string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	out.Set("_csrf", token)
	return out
}

func TestAccountFormsEscapeHostileInput(t *testing.T) {
	e := newTestEnv(t)
	b := newVisitor(t, e.App)
	const evil = `"><script>alert(1)</script>`
	b.get("/registrieren?rolle=arbeitgeber")
	resp, body := b.post("/registrieren", url.Values{"role": {"employer"}, "name": {evil}, "email": {evil}, "password": {"x"},
		"orgName": {evil}, "city": {evil}, "postalCode": {evil}, "sizeClass": {evil}, "bundesland": {evil}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	if strings.Contains(body, "<script>alert") {
		t.Fatal("hostile input reached the page unescaped")
	}
	mustContain(t, body, `value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`)
	for _, path := range []string{
		"/e-mail-bestaetigen?token=" + url.QueryEscape(evil),
		"/passwort-zuruecksetzen?token=" + url.QueryEscape(evil),
		"/einladung?token=" + url.QueryEscape(evil),
		"/registrieren?einladung=" + url.QueryEscape(evil),
		"/anmelden?weiter=" + url.QueryEscape("/"+evil),
	} {
		_, body := b.get(path)
		if strings.Contains(body, "<script>alert") {
			t.Fatalf("%s: hostile input reached the page unescaped", path)
		}
	}
}

func TestInvitationJoinsAnOrganisation(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	owner := e.Accounts.User(t, "inhaber@example.de", account.Employer, true)
	inv, err := e.Accounts.Service.CreateInvite(ctx, owner, "", "de")
	if err != nil {
		t.Fatal(err)
	}
	e.Accounts.User(t, "kollege@example.de", account.Employer, false)
	e.Accounts.User(t, "lernend@example.de", account.Learner, false)
	invitePath := "/einladung?token=" + url.QueryEscape(inv.Token)

	// Anonymous: sign in first, then come back.
	b := newVisitor(t, e.App)
	_, body := b.get(invitePath)
	mustContain(t, body, "Anmelden und beitreten")
	resp, body := b.signIn("kollege@example.de", accounttest.Password, invitePath)
	wantRedirect(t, resp, body, invitePath)
	_, body = b.get("/arbeitgeber")
	mustContain(t, body, "Sie gehören noch zu keiner Organisation.")
	resp, body = b.get(invitePath)
	wantStatus(t, resp, body, 200)
	mustContain(t, body, `action="/einladung"`, "Organisation beitreten")
	resp, body = b.post("/einladung", url.Values{"token": {inv.Token}})
	wantRedirect(t, resp, body, "/arbeitgeber?hinweis=beigetreten")
	_, body = b.get("/arbeitgeber?hinweis=beigetreten")
	mustContain(t, body, "Sie sind der Organisation beigetreten.", "Kanzlei inhaber")
	// Now a member: the page says so; the used link is refused.
	_, body = b.get(invitePath)
	mustContain(t, body, "Sie gehören schon zu einer Organisation.")

	// A learner cannot join.
	inv2, err := e.Accounts.Service.CreateInvite(ctx, owner, "", "de")
	if err != nil {
		t.Fatal(err)
	}
	l := newVisitor(t, e.App)
	l.signIn("lernend@example.de", accounttest.Password, "")
	_, body = l.get("/einladung?token=" + url.QueryEscape(inv2.Token))
	mustContain(t, body, "Einladungen gelten für Arbeitgeber-Konten")
	resp, body = l.post("/einladung", url.Values{"token": {inv2.Token}})
	wantStatus(t, resp, body, http.StatusForbidden)

	// Signing up with the invitation makes a member once confirmed.
	s := newVisitor(t, e.App)
	s.get("/registrieren?einladung=" + url.QueryEscape(inv2.Token))
	resp, body = s.post("/registrieren", url.Values{"role": {"learner"}, "einladung": {inv2.Token}, "name": {"Neu"}, "email": {"neu@example.de"}, "password": {accounttest.Password}})
	wantRedirect(t, resp, body, "/registrieren?versendet=1")
	if err := e.Accounts.Service.VerifyEmail(ctx, e.Accounts.Mailbox.Token(t, "neu@example.de")); err != nil {
		t.Fatal(err)
	}
	resp, body = s.signIn("neu@example.de", accounttest.Password, "")
	wantRedirect(t, resp, body, "/arbeitgeber")
	_, body = s.get("/arbeitgeber")
	mustContain(t, body, "Kanzlei inhaber")
	// A used invitation is refused with its reason.
	k := newVisitor(t, e.App)
	e.Accounts.User(t, "dritte@example.de", account.Employer, false)
	k.signIn("dritte@example.de", accounttest.Password, "")
	k.get(invitePath)
	resp, body = k.post("/einladung", url.Values{"token": {inv.Token}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, "Diese Einladung ist ungültig, schon benutzt oder abgelaufen.")
}

func TestAccountFormsAreRateLimited(t *testing.T) {
	e := newTestEnv(t)
	e.Accounts.User(t, "ria@example.de", account.Learner, false)
	limits := api.DefaultRateLimits()
	limits.LoginPerIP = api.Limit{Max: 3, Window: time.Minute}
	limits.MailPerIP = api.Limit{Max: 1, Window: time.Minute}
	// The site and the API count in one storage, as in production.
	storage := api.NewLimitStorage(e.Accounts.DB, nil)
	d := e.Site.Deps
	d.Limiters = api.NewLimiters(&limits, storage, nil)
	site, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	app := api.New(api.Deps{Content: d.Content, Ready: func(context.Context) error { return nil }, Search: d.Search,
		Accounts: d.Accounts, Learning: d.Learning, Jobs: d.Jobs, Site: site, Version: "test", RateLimits: &limits, RateLimitStorage: storage})
	b := newVisitor(t, app)
	// Signing in successfully does not count; failures do.
	for range 4 {
		resp, body := b.signIn("ria@example.de", accounttest.Password, "")
		wantRedirect(t, resp, body, "/mein-bereich")
		b.jar, _ = cookiejar.New(nil)
	}
	for range 2 {
		resp, body := b.signIn("ria@example.de", "falsch-falsch-falsch", "")
		wantStatus(t, resp, body, http.StatusUnauthorized)
	}
	// A failure through the API counts with the site's.
	apiLogin := func() int {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", strings.NewReader(`{"email":"ria@example.de","password":"falsch-falsch"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := app.Test(req, 20_000)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	if got := apiLogin(); got != http.StatusUnauthorized {
		t.Fatalf("API sign-in: %d", got)
	}
	resp, body := b.signIn("ria@example.de", accounttest.Password, "")
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	if resp.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	// The form again, with the address and when to try again.
	mustContain(t, body, "Zu viele Versuche in kurzer Zeit. Bitte versuchen Sie es in "+resp.Header.Get("Retry-After")+" Sekunden wieder.", `value="ria@example.de"`, `action="/anmelden"`)
	if b.cookie(cookieAccess) != "" {
		t.Fatal("signed in past the limit")
	}
	if got := apiLogin(); got != http.StatusTooManyRequests {
		t.Fatalf("API after the site's failures: %d", got)
	}
	// Mail forms, per IP.
	b.get("/passwort-vergessen")
	resp, body = b.post("/passwort-vergessen", url.Values{"email": {"ria@example.de"}})
	wantRedirect(t, resp, body, "/passwort-vergessen?versendet=1")
	resp, body = b.post("/passwort-vergessen", url.Values{"email": {"ria@example.de"}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	mustContain(t, body, "Bitte versuchen Sie es in ", `value="ria@example.de"`, `action="/passwort-vergessen"`)
	// A limited form without its own page shows the error page.
	resp, body = b.post("/e-mail-bestaetigen/neuer-link", url.Values{"email": {"ria@example.de"}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	mustContain(t, body, "Zu viele Versuche", "Versuchen Sie es in ")
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/berufe":            "/berufe",
		"/jobs?q=a&b=c":      "/jobs?q=a&b=c",
		"":                   "",
		"berufe":             "",
		"//evil.example":     "",
		"/\\evil.example":    "",
		"https://evil.ex/":   "",
		"/%0d%0aSet-Cookie:": "/%0d%0aSet-Cookie:",
		"/a\nb":              "",
		"/api/v1/me":         "",
		"/abmelden":          "",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
