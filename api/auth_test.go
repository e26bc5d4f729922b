package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

// generous are limits the functional tests never reach.
var generous = RateLimits{
	LoginPerAccount: Limit{1000, time.Hour}, LoginPerIP: Limit{1000, time.Hour},
	RegisterPerAccount: Limit{1000, time.Hour}, RegisterPerIP: Limit{1000, time.Hour},
	MailPerAccount: Limit{1000, time.Hour}, MailPerIP: Limit{1000, time.Hour},
	TokenPerIP: Limit{1000, time.Hour}, RefreshPerToken: Limit{1000, time.Hour}, RefreshPerIP: Limit{1000, time.Hour},
}

// testBaseURL is the public address of the test apps.
const testBaseURL = "https://laufbahn.example"

// accountsApp is the API with accounts on a fresh database.
type accountsApp struct {
	app *fiber.App
	srv *server
	*accounttest.Env
}

func roleExists(_ context.Context, slug string) (bool, error) {
	return slug == "bueroleiter" || slug == "backoffice-manager", nil
}

func newAccountsApp(t *testing.T, limits *RateLimits) *accountsApp {
	t.Helper()
	db := mongodbtest.New(t)
	env := accounttest.New(t, db, accounttest.Options{RoleExists: roleExists})
	if limits == nil {
		limits = &generous
	}
	app, srv := newApp(Deps{Accounts: env.Service, RateLimits: limits, RateLimitStorage: NewLimitStorage(db, nil), BaseURL: testBaseURL})
	return &accountsApp{app: app, srv: srv, Env: env}
}

// do sends one request and returns the response and its body.
func (a *accountsApp) do(t *testing.T, method, path, token, body string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := a.app.Test(req, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// tokens decodes a token response.
func tokens(t *testing.T, body []byte) TokenResponse {
	t.Helper()
	var tr TokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		t.Fatalf("not a token response: %s", body)
	}
	return tr
}

// login signs in over the API and returns the tokens.
func (a *accountsApp) login(t *testing.T, email string) TokenResponse {
	t.Helper()
	resp, body := a.do(t, "POST", "/api/v1/auth/login", "", `{"email":"`+email+`","password":"`+accounttest.Password+`"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("login %s: %d %s", email, resp.StatusCode, body)
	}
	return tokens(t, body)
}

// snapshot returns every document of the account collections, to show that
// a rejected request changed nothing.
func (a *accountsApp) snapshot(t *testing.T) string {
	t.Helper()
	return dumpCollections(t, a.DB, account.CollUsers, account.CollUserEmails, account.CollOrganisations, account.CollOneTimeTokens, account.CollFamilies, account.CollRefreshTokens, account.CollInvites)
}

// dumpCollections returns every document of the collections as JSON, one
// line per collection, so a test can compare the state before and after.
func dumpCollections(t *testing.T, db *mongo.Database, colls ...string) string {
	t.Helper()
	var b strings.Builder
	for _, c := range colls {
		cur, err := db.Collection(c).Find(context.Background(), bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.M
		if err := cur.All(context.Background(), &docs); err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(docs)
		b.WriteString(c + ": " + string(out) + "\n")
	}
	return b.String()
}

func wantStatus(t *testing.T, resp *http.Response, body []byte, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, want, body)
	}
}

// TestAuthFlow walks the "done when": register, verify by the link
// in the mail, log in, refresh, log out; every response validated against
// openapi.yaml.
func TestAuthFlow(t *testing.T) {
	a := newAccountsApp(t, nil)
	runScenarios(t, a.app, []scenario{
		{name: "register", method: "POST", path: "/api/v1/auth/register", body: `{"email":"Erika@Example.de","password":"Tintenfass Gartenzaun 47","name":"Erika","language":"de","targetRole":"bueroleiter"}`,
			wantStatus: 202, wantBody: []string{`"status":"accepted"`}},
		{name: "login before verifying", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`,
			wantStatus: 403, wantBody: []string{"confirm your e-mail address"}},
		{name: "verify with a wrong token", method: "POST", path: "/api/v1/auth/verify-email", body: `{"token":"nope"}`, wantStatus: 400, check: wantError("token")},
	})
	token := a.Mailbox.Token(t, "erika@example.de")
	var access, refresh string
	runScenarios(t, a.app, []scenario{
		{name: "verify", method: "POST", path: "/api/v1/auth/verify-email", body: `{"token":"` + token + `"}`, wantStatus: 204},
		{name: "verify again", method: "POST", path: "/api/v1/auth/verify-email", body: `{"token":"` + token + `"}`, wantStatus: 400, check: wantError("token")},
		{name: "login", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				if b["tokenType"] != "Bearer" || b["expiresIn"] != float64(900) || b["refreshToken"] == "" || b["refreshExpiresAt"] == "" {
					t.Errorf("tokens %v", b)
				}
				access, refresh = b["accessToken"].(string), b["refreshToken"].(string)
			}},
		{name: "wrong password", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"falsch falsch falsch"}`, wantStatus: 401},
	})
	var refresh2 string
	runScenarios(t, a.app, []scenario{
		{name: "me", path: "/api/v1/me", token: access, wantStatus: 200, wantBody: []string{`"email":"erika@example.de"`, `"role":"learner"`, `"targetRole":"bueroleiter"`, `"emailVerified":true`}},
		{name: "me without token", path: "/api/v1/me", wantStatus: 401},
		{name: "refresh", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":"` + refresh + `"}`, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			refresh2 = b["refreshToken"].(string)
			if refresh2 == refresh {
				t.Error("the refresh token was not rotated")
			}
		}},
	})
	var refresh3 string
	runScenarios(t, a.app, []scenario{
		{name: "refresh the new token", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":"` + refresh2 + `"}`, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			refresh3 = b["refreshToken"].(string)
		}},
	})
	runScenarios(t, a.app, []scenario{
		{name: "reuse of a spent token", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":"` + refresh + `"}`, wantStatus: 401},
		{name: "the newest token died with its family", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":"` + refresh3 + `"}`, wantStatus: 401},
		{name: "refresh without a token", method: "POST", path: "/api/v1/auth/refresh", wantStatus: 400, check: wantError("refreshToken")},
	})
	fresh := a.login(t, "erika@example.de")
	runScenarios(t, a.app, []scenario{
		{name: "logout", method: "POST", path: "/api/v1/auth/logout", body: `{"refreshToken":"` + fresh.RefreshToken + `"}`, wantStatus: 204},
		{name: "refresh after logout", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":"` + fresh.RefreshToken + `"}`, wantStatus: 401},
		{name: "access token after logout", path: "/api/v1/me", token: fresh.AccessToken, wantStatus: 401},
		{name: "logout twice is fine", method: "POST", path: "/api/v1/auth/logout", body: `{"refreshToken":"` + fresh.RefreshToken + `"}`, wantStatus: 204},
	})
}

func TestLogoutAllAndPasswordChange(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	one, two := a.login(t, "erika@example.de"), a.login(t, "erika@example.de")
	var fresh string
	runScenarios(t, a.app, []scenario{
		{name: "wrong current password", method: "POST", path: "/api/v1/me/password", token: one.AccessToken,
			body: `{"currentPassword":"falsch","newPassword":"Neue Wolken über Bremen 5"}`, wantStatus: 400, check: wantError("currentPassword")},
		{name: "weak new password", method: "POST", path: "/api/v1/me/password", token: one.AccessToken,
			body: `{"currentPassword":"Tintenfass Gartenzaun 47","newPassword":"passwort123"}`, wantStatus: 400, check: wantError("newPassword")},
		{name: "change password", method: "POST", path: "/api/v1/me/password", token: one.AccessToken,
			body: `{"currentPassword":"Tintenfass Gartenzaun 47","newPassword":"Neue Wolken über Bremen 5"}`, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) { fresh = b["accessToken"].(string) }},
	})
	runScenarios(t, a.app, []scenario{
		{name: "old access token", path: "/api/v1/me", token: one.AccessToken, wantStatus: 401},
		{name: "other session's access token", path: "/api/v1/me", token: two.AccessToken, wantStatus: 401},
		{name: "other session's refresh token", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":"` + two.RefreshToken + `"}`, wantStatus: 401},
		{name: "new access token", path: "/api/v1/me", token: fresh, wantStatus: 200},
		{name: "logout everywhere", method: "POST", path: "/api/v1/auth/logout-all", token: fresh, wantStatus: 204},
		{name: "after logout everywhere", path: "/api/v1/me", token: fresh, wantStatus: 401},
	})
}

// stripRequestID removes what differs between any two requests.
var requestIDRe = regexp.MustCompile(`"requestId":"[^"]*"`)

// TestAnswersDoNotTellWhoHasAnAccount checks that sign-up, password reset
// and login answer byte for byte the same for a known and an unknown
// address, and that the argon2 work runs on both paths.
func TestAnswersDoNotTellWhoHasAnAccount(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	type result struct {
		status int
		header http.Header
		body   string
		runs   int64
	}
	send := func(path, body string) result {
		before := a.Service.Passwords().Runs()
		resp, b := a.do(t, "POST", path, "", body)
		h := resp.Header.Clone()
		// These differ between any two requests; the rate limit headers
		// count per IP, whatever the address.
		for _, k := range []string{"X-Request-Id", "Date", "X-Ratelimit-Remaining", "X-Ratelimit-Reset"} {
			h.Del(k)
		}
		return result{resp.StatusCode, h, requestIDRe.ReplaceAllString(string(b), ""), a.Service.Passwords().Runs() - before}
	}
	same := func(name string, known, unknown result, wantStatus int) {
		t.Helper()
		if known.status != wantStatus || unknown.status != wantStatus {
			t.Errorf("%s: status %d / %d, want %d", name, known.status, unknown.status, wantStatus)
		}
		if known.body != unknown.body {
			t.Errorf("%s: bodies differ:\n%s\n%s", name, known.body, unknown.body)
		}
		kh, _ := json.Marshal(known.header)
		uh, _ := json.Marshal(unknown.header)
		if !bytes.Equal(kh, uh) {
			t.Errorf("%s: headers differ:\n%s\n%s", name, kh, uh)
		}
		if known.runs != unknown.runs {
			t.Errorf("%s: argon2 ran %d times for the known address, %d for the unknown one", name, known.runs, unknown.runs)
		}
	}
	same("register",
		send("/api/v1/auth/register", `{"email":"erika@example.de","password":"Ein anderes gutes Passwort 8"}`),
		send("/api/v1/auth/register", `{"email":"neu@example.de","password":"Ein anderes gutes Passwort 8"}`), 202)
	same("password reset",
		send("/api/v1/auth/password-reset", `{"email":"erika@example.de"}`),
		send("/api/v1/auth/password-reset", `{"email":"niemand@example.de"}`), 202)
	same("resend verification",
		send("/api/v1/auth/resend-verification", `{"email":"erika@example.de"}`),
		send("/api/v1/auth/resend-verification", `{"email":"niemand@example.de"}`), 202)
	known := send("/api/v1/auth/login", `{"email":"erika@example.de","password":"falsch falsch falsch"}`)
	unknown := send("/api/v1/auth/login", `{"email":"niemand@example.de","password":"falsch falsch falsch"}`)
	same("login", known, unknown, 401)
	if known.runs != 1 {
		t.Errorf("a failed login ran argon2 %d times, want 1", known.runs)
	}
	// The owner of the taken address was told; the reset went only to them.
	a.Service.Wait()
	if got := a.Mailbox.Last(t, "erika@example.de").Subject; got != "Ihr Passwort für Laufbahn" {
		t.Errorf("last mail to the owner: %q", got)
	}
	if len(a.Mailbox.To("niemand@example.de")) != 0 {
		t.Error("mail to an address without an account")
	}
}

// TestPasswordResetAnswersBeforeTheWork: the reset request answers before
// the account is looked up and the mail sent, so known and unknown
// addresses take the same time (today's timing attack measured 4.7 against
// 6.2 ms). The mail server is held: an answer that waited for it would
// never come.
func TestPasswordResetAnswersBeforeTheWork(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	sent := len(a.Mailbox.All())
	release := a.Mailbox.Hold()
	defer release()
	for _, email := range []string{"erika@example.de", "niemand@example.de"} {
		start := time.Now()
		resp, body := a.do(t, "POST", "/api/v1/auth/password-reset", "", `{"email":"`+email+`"}`)
		wantStatus(t, resp, body, 202)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: the answer took %s", email, d)
		}
	}
	if n := len(a.Mailbox.All()) - sent; n != 0 {
		t.Fatalf("%d mails went out while the mail server was held", n)
	}
	release()
	a.Service.Wait()
	// The work was done afterwards, with the request's values.
	if len(a.Mailbox.All()) != sent+1 || a.Mailbox.Last(t, "erika@example.de").Subject != "Ihr Passwort für Laufbahn" {
		t.Errorf("reset mail: %v", a.Mailbox.All())
	}
	if len(a.Mailbox.To("niemand@example.de")) != 0 {
		t.Error("mail to an address without an account")
	}
}

// TestHostileBodies sends operator objects, unknown and privileged fields,
// wrong types and wrong content types: each is a 400 (or 415) naming the
// problem, and the database is unchanged.
func TestHostileBodies(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	emp := a.User(t, "chef@example.de", account.Employer, true)
	_ = emp
	learner := a.login(t, "erika@example.de").AccessToken
	boss := a.login(t, "chef@example.de").AccessToken
	before := a.snapshot(t)
	runScenarios(t, a.app, []scenario{
		{name: "login with an operator", method: "POST", path: "/api/v1/auth/login", body: `{"email":{"$gt":""},"password":"x"}`, wantStatus: 400, check: wantError("email")},
		{name: "register with an operator", method: "POST", path: "/api/v1/auth/register", body: `{"email":{"$ne":null},"password":"Tintenfass Gartenzaun 47"}`, wantStatus: 400, check: wantError("email")},
		{name: "register as admin", method: "POST", path: "/api/v1/auth/register", body: `{"email":"mallory@example.de","password":"Tintenfass Gartenzaun 47","role":"admin"}`, wantStatus: 400, check: wantError("role")},
		{name: "register with a verified flag", method: "POST", path: "/api/v1/auth/register", body: `{"email":"mallory@example.de","password":"Tintenfass Gartenzaun 47","emailVerified":true}`, wantStatus: 400, check: wantError("emailVerified")},
		{name: "reset with an operator", method: "POST", path: "/api/v1/auth/password-reset", body: `{"email":{"$regex":".*"}}`, wantStatus: 400, check: wantError("email")},
		{name: "verify with an operator", method: "POST", path: "/api/v1/auth/verify-email", body: `{"token":{"$exists":true}}`, wantStatus: 400, check: wantError("token")},
		{name: "refresh with an operator", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":{"$gt":""}}`, wantStatus: 400, check: wantError("refreshToken")},
		{name: "patch me: role", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"role":"admin"}`, header: map[string]string{"Accept-Language": "en"}, wantStatus: 400, wantBody: []string{`"role":"unknown field"`}},
		{name: "patch me: organisation", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"name":"x","orgId":"o_x"}`, wantStatus: 400, check: wantError("orgId")},
		{name: "patch me: e-mail", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"email":"other@example.de"}`, wantStatus: 400, check: wantError("email")},
		{name: "patch me: hash", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"passwordHash":"$argon2id$..."}`, wantStatus: 400, check: wantError("passwordHash")},
		{name: "patch me: version", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"tokenVersion":0}`, wantStatus: 400, check: wantError("tokenVersion")},
		{name: "patch me: wrong type", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"name":["a"]}`, header: map[string]string{"Accept-Language": "en"}, wantStatus: 400, wantBody: []string{`"name":"must be a string"`}},
		{name: "patch me: operator", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"name":{"$set":{"role":"admin"}}}`, wantStatus: 400, check: wantError("name")},
		{name: "patch me: unknown target role", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"targetRole":"astronaut"}`, wantStatus: 400, check: wantError("targetRole")},
		{name: "patch me: bad language", method: "PATCH", path: "/api/v1/me", token: learner, body: `{"language":"fr"}`, wantStatus: 400, check: wantError("language")},
		{name: "patch org: members", method: "PATCH", path: "/api/v1/organisations/mine", token: boss, body: `{"memberIds":["u_x"]}`, wantStatus: 400, check: wantError("memberIds")},
		{name: "patch org: creator", method: "PATCH", path: "/api/v1/organisations/mine", token: boss, body: `{"createdBy":"u_x"}`, wantStatus: 400, check: wantError("createdBy")},
		{name: "patch org: nested unknown", method: "PATCH", path: "/api/v1/organisations/mine", token: boss, body: `{"locations":[{"city":"Bonn","postalCode":"53111","bundesland":"NW","lat":50}]}`, wantStatus: 400, check: wantError("lat")},
		{name: "not JSON", method: "POST", path: "/api/v1/auth/login", body: `email=erika@example.de`, wantStatus: 400, check: wantError("body")},
		{name: "two objects", method: "POST", path: "/api/v1/auth/login", body: `{"email":"a@example.de"} {"email":"b@example.de"}`, wantStatus: 400, check: wantError("body")},
		{name: "an array", method: "POST", path: "/api/v1/auth/login", body: `[{"email":"a@example.de"}]`, wantStatus: 400, check: wantError("body")},
		{name: "form content type", method: "POST", path: "/api/v1/auth/login", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			body: `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 415},
		{name: "no content type", method: "PATCH", path: "/api/v1/me", token: learner, header: map[string]string{"Content-Type": ""}, body: `{"name":"x"}`, wantStatus: 415},
		{name: "empty body", method: "PATCH", path: "/api/v1/me", token: learner, wantStatus: 415},
		{name: "charset is fine but fields are checked", method: "PATCH", path: "/api/v1/me", token: learner, header: map[string]string{"Content-Type": "application/json; charset=utf-8"}, body: `{"role":"admin"}`, wantStatus: 400, check: wantError("role")},
	})
	if after := a.snapshot(t); after != before {
		t.Fatalf("rejected requests changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

func TestMeEndpoints(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	tok := a.login(t, "erika@example.de")
	other := a.User(t, "otto@example.de", account.Learner, false)
	ottoSession := a.login(t, "otto@example.de")
	_ = other
	runScenarios(t, a.app, []scenario{
		{name: "patch me", method: "PATCH", path: "/api/v1/me", token: tok.AccessToken, body: `{"name":"Erika M.","language":"en","targetRole":"backoffice-manager"}`,
			wantStatus: 200, wantBody: []string{`"name":"Erika M."`, `"language":"en"`, `"targetRole":"backoffice-manager"`}},
		{name: "clear target role", method: "PATCH", path: "/api/v1/me", token: tok.AccessToken, body: `{"targetRole":""}`, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				if _, ok := b["targetRole"]; ok || b["name"] != "Erika M." {
					t.Errorf("after clearing: %v", b)
				}
			}},
		{name: "sessions", path: "/api/v1/me/sessions", token: tok.AccessToken, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			items := b["items"].([]any)
			current := 0
			for _, it := range items {
				if it.(map[string]any)["current"] == true {
					current++
				}
			}
			if len(items) != 2 || current != 1 {
				t.Errorf("sessions %v", items)
			}
		}},
		{name: "someone else's session is not found", method: "DELETE", path: "/api/v1/me/sessions/" + ottoSession.SessionID, token: tok.AccessToken, wantStatus: 404},
		{name: "a malformed session id is not found", method: "DELETE", path: "/api/v1/me/sessions/nonsense", token: tok.AccessToken, wantStatus: 404},
		{name: "an unknown session is not found", method: "DELETE", path: "/api/v1/me/sessions/s_aaaaaaaaaaaaaaaa", token: tok.AccessToken, wantStatus: 404},
		{name: "export", path: "/api/v1/me/export", token: tok.AccessToken, wantStatus: 200, wantBody: []string{`"email":"erika@example.de"`, `"organisation":null`}, check: func(t *testing.T, b map[string]any) {
			if len(b["sessions"].([]any)) != 2 {
				t.Errorf("export sessions %v", b["sessions"])
			}
		}},
	})
	// Otto's session survived Erika's attempt.
	if resp, body := a.do(t, "GET", "/api/v1/me", ottoSession.AccessToken, ""); resp.StatusCode != 200 {
		t.Fatalf("otto: %d %s", resp.StatusCode, body)
	}
	resp, body := a.do(t, "GET", "/api/v1/me/export", tok.AccessToken, "")
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="laufbahn-export-`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	for _, secret := range []string{"argon2", "passwordHash", "tokenVersion", accounttest.Password} {
		if bytes.Contains(body, []byte(secret)) {
			t.Errorf("the export contains %q", secret)
		}
	}
	// Sign the other device out.
	second := a.login(t, "erika@example.de")
	runScenarios(t, a.app, []scenario{
		{name: "delete my other session", method: "DELETE", path: "/api/v1/me/sessions/" + second.SessionID, token: tok.AccessToken, wantStatus: 204},
		{name: "that device is signed out", path: "/api/v1/me", token: second.AccessToken, wantStatus: 401},
		{name: "delete me with a wrong password", method: "DELETE", path: "/api/v1/me", token: tok.AccessToken, body: `{"password":"falsch"}`, wantStatus: 400, check: wantError("password")},
		{name: "delete me", method: "DELETE", path: "/api/v1/me", token: tok.AccessToken, body: `{"password":"Tintenfass Gartenzaun 47"}`, wantStatus: 204},
		{name: "gone", path: "/api/v1/me", token: tok.AccessToken, wantStatus: 401},
		{name: "cannot sign in", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 401},
	})
}

func TestOrganisationEndpoints(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "chef@example.de", account.Employer, false)
	a.User(t, "kollegin@example.de", account.Employer, false)
	a.User(t, "lerner@example.de", account.Learner, false)
	a.User(t, "dritter@example.de", account.Employer, false)
	boss, colleague, learner := a.login(t, "chef@example.de").AccessToken, a.login(t, "kollegin@example.de").AccessToken, a.login(t, "lerner@example.de").AccessToken
	third := a.login(t, "dritter@example.de").AccessToken
	org := `{"name":"Kanzlei Grün","sizeClass":"10-49","industry":"Recht","locations":[{"city":"Köln","postalCode":"50667","bundesland":"NW"}],"website":"https://kanzlei.example"}`
	var invite string
	runScenarios(t, a.app, []scenario{
		{name: "no organisation yet", path: "/api/v1/organisations/mine", token: boss, wantStatus: 403, wantBody: []string{"do not belong to an organisation"}},
		{name: "learners do not create organisations", method: "POST", path: "/api/v1/organisations", token: learner, body: org, wantStatus: 403},
		{name: "invalid organisation", method: "POST", path: "/api/v1/organisations", token: boss, body: `{"name":"","sizeClass":"viele","industry":"Recht","locations":[]}`, wantStatus: 400,
			check: func(t *testing.T, b map[string]any) {
				for _, f := range []string{"name", "sizeClass", "locations"} {
					wantError(f)(t, b)
				}
			}},
		{name: "create", method: "POST", path: "/api/v1/organisations", token: boss, body: org, wantStatus: 201, wantBody: []string{`"name":"Kanzlei Grün"`, `"members":[{"id":"u_`, `"bundesland":"NW"`}},
		{name: "create a second", method: "POST", path: "/api/v1/organisations", token: boss, body: org, wantStatus: 409},
		{name: "mine", path: "/api/v1/organisations/mine", token: boss, wantStatus: 200, wantBody: []string{`"website":"https://kanzlei.example"`}},
		{name: "patch", method: "PATCH", path: "/api/v1/organisations/mine", token: boss, body: `{"sizeClass":"50-249","website":""}`, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				if b["sizeClass"] != "50-249" || b["website"] != nil || b["name"] != "Kanzlei Grün" {
					t.Errorf("patched %v", b)
				}
			}},
		{name: "invite", method: "POST", path: "/api/v1/organisations/mine/invites", token: boss, body: `{"email":"kollegin@example.de","language":"en"}`, wantStatus: 201,
			check: func(t *testing.T, b map[string]any) {
				invite = b["token"].(string)
				if !strings.HasPrefix(b["url"].(string), accounttest.BaseURL+"/einladung?token=") {
					t.Errorf("invitation %v", b)
				}
			}},
		{name: "invite without a body", method: "POST", path: "/api/v1/organisations/mine/invites", token: boss, wantStatus: 201},
		{name: "a colleague without organisation cannot invite", method: "POST", path: "/api/v1/organisations/mine/invites", token: colleague, wantStatus: 403},
	})
	if m := a.Mailbox.Last(t, "kollegin@example.de"); !strings.Contains(m.Subject, "Kanzlei Grün") {
		t.Errorf("invitation mail %q", m.Subject)
	}
	runScenarios(t, a.app, []scenario{
		{name: "learners cannot join", method: "POST", path: "/api/v1/organisations/join", token: learner, body: `{"token":"` + invite + `"}`, wantStatus: 403},
		{name: "join with a wrong token", method: "POST", path: "/api/v1/organisations/join", token: colleague, body: `{"token":"nope"}`, wantStatus: 400, check: wantError("token")},
		{name: "join", method: "POST", path: "/api/v1/organisations/join", token: colleague, body: `{"token":"` + invite + `"}`, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(b["members"].([]any)) != 2 {
				t.Errorf("members %v", b["members"])
			}
		}},
		{name: "the invitation is used up", method: "POST", path: "/api/v1/organisations/join", token: third, body: `{"token":"` + invite + `"}`, wantStatus: 400, check: wantError("token")},
		{name: "a member cannot join another organisation", method: "POST", path: "/api/v1/organisations/join", token: boss, body: `{"token":"` + invite + `"}`, wantStatus: 409},
		{name: "the new member sees the organisation", path: "/api/v1/organisations/mine", token: colleague, wantStatus: 200, wantBody: []string{`"name":"Kanzlei Grün"`}},
		{name: "the export has my organisation but not my colleagues", path: "/api/v1/me/export", token: colleague, wantStatus: 200,
			wantBody: []string{`"organisation":{"id":"o_`, `"name":"Kanzlei Grün"`, `"members":[]`, `"organisationId":"o_`}},
	})
}

func TestAdminEndpoints(t *testing.T) {
	a := newAccountsApp(t, nil)
	admin := a.User(t, "admin@example.de", account.Admin, false)
	u := a.User(t, "erika@example.de", account.Learner, false)
	a.User(t, "chefin@example.de", account.Employer, false)
	adm, erika, boss := a.login(t, "admin@example.de").AccessToken, a.login(t, "erika@example.de"), a.login(t, "chefin@example.de").AccessToken
	why := `{"reason":"Spam in Bewerbungen"}`
	runScenarios(t, a.app, []scenario{
		{name: "learners cannot disable", method: "POST", path: "/api/v1/admin/users/" + admin.ID + "/disable", token: erika.AccessToken, body: why, wantStatus: 403},
		{name: "employers cannot disable", method: "POST", path: "/api/v1/admin/users/" + u.ID + "/disable", token: boss, body: why, wantStatus: 403},
		{name: "learners cannot look users up", path: "/api/v1/admin/users?email=admin@example.de", token: erika.AccessToken, wantStatus: 403},
		{name: "employers cannot look users up", path: "/api/v1/admin/users?email=erika@example.de", token: boss, wantStatus: 403},
		{name: "anonymous cannot look users up", path: "/api/v1/admin/users?email=erika@example.de", wantStatus: 401},
		{name: "find by e-mail", path: "/api/v1/admin/users?email=%20Erika@Example.DE", token: adm, wantStatus: 200,
			wantBody: []string{`"id":"` + u.ID + `"`, `"email":"erika@example.de"`, `"role":"learner"`, `"disabled":false`, `"history":[]`}},
		{name: "find nobody", path: "/api/v1/admin/users?email=niemand@example.de", token: adm, wantStatus: 404},
		{name: "find without an address", path: "/api/v1/admin/users", token: adm, wantStatus: 400, check: wantError("email")},
		{name: "find with a malformed address", path: "/api/v1/admin/users?email=erika", token: adm, wantStatus: 400, check: wantError("email")},
		{name: "unknown user", method: "POST", path: "/api/v1/admin/users/u_aaaaaaaaaaaaaaaa/disable", token: adm, body: why, wantStatus: 404},
		{name: "malformed id", method: "POST", path: "/api/v1/admin/users/x/disable", token: adm, body: why, wantStatus: 404},
		{name: "not myself", method: "POST", path: "/api/v1/admin/users/" + admin.ID + "/disable", token: adm, body: why, wantStatus: 409},
		{name: "disable without a reason", method: "POST", path: "/api/v1/admin/users/" + u.ID + "/disable", token: adm, body: `{"reason":"  "}`, wantStatus: 400, check: wantError("reason")},
		{name: "disable without a body", method: "POST", path: "/api/v1/admin/users/" + u.ID + "/disable", token: adm, wantStatus: 415},
		{name: "disable with an unknown field", method: "POST", path: "/api/v1/admin/users/" + u.ID + "/disable", token: adm, body: `{"reason":"x","why":"y"}`, wantStatus: 400, check: wantError("why")},
		{name: "the refused disables changed nothing", path: "/api/v1/me", token: erika.AccessToken, wantStatus: 200},
		{name: "disable", method: "POST", path: "/api/v1/admin/users/" + u.ID + "/disable", token: adm, body: why, wantStatus: 200,
			wantBody: []string{`"disabled":true`, `"reason":"Spam in Bewerbungen"`, `"by":"` + admin.ID + `"`}},
		{name: "the user's token died", path: "/api/v1/me", token: erika.AccessToken, wantStatus: 401},
		{name: "the user's refresh died", method: "POST", path: "/api/v1/auth/refresh", body: `{"refreshToken":"` + erika.RefreshToken + `"}`, wantStatus: 401},
		{name: "the user cannot sign in", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 403, wantBody: []string{"disabled"}},
		{name: "enable", method: "POST", path: "/api/v1/admin/users/" + u.ID + "/enable", token: adm, body: `{"reason":"Geklärt am Telefon"}`, wantStatus: 200, wantBody: []string{`"disabled":false`}},
		{name: "the history has both", path: "/api/v1/admin/users?email=erika@example.de", token: adm, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			h, _ := b["history"].([]any)
			if len(h) != 2 || h[0].(map[string]any)["reason"] != "Spam in Bewerbungen" || h[1].(map[string]any)["reason"] != "Geklärt am Telefon" || h[1].(map[string]any)["disabled"] != false {
				t.Errorf("history %v", b["history"])
			}
		}},
		{name: "the user signs in again", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 200},
	})
}

func TestPasswordResetEndpoints(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	old := a.login(t, "erika@example.de")
	runScenarios(t, a.app, []scenario{
		{name: "request", method: "POST", path: "/api/v1/auth/password-reset", body: `{"email":"erika@example.de"}`, wantStatus: 202},
		{name: "request with a malformed address", method: "POST", path: "/api/v1/auth/password-reset", body: `{"email":"erika"}`, wantStatus: 400, check: wantError("email")},
	})
	a.Service.Wait() // the mail goes out after the answer
	tok := a.Mailbox.Token(t, "erika@example.de")
	runScenarios(t, a.app, []scenario{
		{name: "weak password", method: "POST", path: "/api/v1/auth/password-reset/confirm", body: `{"token":"` + tok + `","password":"passwort123"}`, wantStatus: 400, check: wantError("password")},
		{name: "confirm", method: "POST", path: "/api/v1/auth/password-reset/confirm", body: `{"token":"` + tok + `","password":"Sieben Zwerge hinter Bergen 3"}`, wantStatus: 204},
		{name: "used up", method: "POST", path: "/api/v1/auth/password-reset/confirm", body: `{"token":"` + tok + `","password":"Sieben Zwerge hinter Bergen 4"}`, wantStatus: 400, check: wantError("token")},
		{name: "old sessions ended", path: "/api/v1/me", token: old.AccessToken, wantStatus: 401},
		{name: "new password works", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"Sieben Zwerge hinter Bergen 3"}`, wantStatus: 200},
		{name: "resend verification", method: "POST", path: "/api/v1/auth/resend-verification", body: `{"email":"erika@example.de"}`, wantStatus: 202},
	})
}

func TestCookieSessions(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	resp, body := a.do(t, "POST", "/api/v1/auth/login", "", `{"email":"erika@example.de","password":"`+accounttest.Password+`","cookie":true}`)
	wantStatus(t, resp, body, 200)
	if bytes.Contains(body, []byte("refreshToken")) {
		t.Fatalf("the refresh token is in the body too: %s", body)
	}
	cookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{RefreshCookie + "=", "path=/api/v1/auth", "HttpOnly", "secure", "SameSite=Lax", "max-age=2592000"} {
		if !strings.Contains(strings.ToLower(cookie), strings.ToLower(want)) {
			t.Errorf("cookie %q lacks %s", cookie, want)
		}
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Error("token response may be cached")
	}
	value := cookieValue(t, resp)
	// Refresh with the cookie alone: a new cookie comes back.
	resp, body = a.do(t, "POST", "/api/v1/auth/refresh", "", "", "Cookie", RefreshCookie+"="+value, "Origin", testBaseURL)
	wantStatus(t, resp, body, 200)
	next := cookieValue(t, resp)
	if next == value || bytes.Contains(body, []byte("refreshToken")) {
		t.Fatalf("cookie refresh: %s", body)
	}
	// The spent cookie is reuse: the session ends and the cookie is cleared.
	resp, body = a.do(t, "POST", "/api/v1/auth/refresh", "", "", "Cookie", RefreshCookie+"="+value, "Origin", testBaseURL)
	wantStatus(t, resp, body, 401)
	if !strings.Contains(strings.ToLower(resp.Header.Get("Set-Cookie")), "max-age=0") && !strings.Contains(resp.Header.Get("Set-Cookie"), "expires=Thu, 01 Jan 1970") {
		t.Errorf("the dead cookie was not cleared: %q", resp.Header.Get("Set-Cookie"))
	}
	// Logout with a cookie.
	resp, body = a.do(t, "POST", "/api/v1/auth/login", "", `{"email":"erika@example.de","password":"`+accounttest.Password+`","cookie":true}`)
	wantStatus(t, resp, body, 200)
	value = cookieValue(t, resp)
	resp, body = a.do(t, "POST", "/api/v1/auth/logout", "", "", "Cookie", RefreshCookie+"="+value, "Origin", testBaseURL)
	wantStatus(t, resp, body, 204)
	resp, body = a.do(t, "POST", "/api/v1/auth/refresh", "", `{"refreshToken":"`+value+`"}`)
	wantStatus(t, resp, body, 401)
}

func cookieValue(t *testing.T, resp *http.Response) string {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == RefreshCookie && c.Value != "" {
			return c.Value
		}
	}
	t.Fatalf("no %s cookie in %v", RefreshCookie, resp.Header.Values("Set-Cookie"))
	return ""
}

// TestTokenAttacksAtTheAPI checks the middleware: forged, foreign, expired
// and refresh tokens are 401 with WWW-Authenticate.
func TestTokenAttacksAtTheAPI(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	tok := a.login(t, "erika@example.de")
	parts := strings.Split(tok.AccessToken, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	admin := base64.RawURLEncoding.EncodeToString(bytes.Replace(payload, []byte(`"role":"learner"`), []byte(`"role":"admin"`), 1))
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT","kid":"test"}`))
	foreign := accounttest.New(t, a.DB)
	foreign.User(t, "fremd@example.de", account.Learner, false)
	for name, h := range map[string]string{
		"no scheme":                   tok.AccessToken,
		"basic":                       "Basic ZXJpa2E6cGFzcw==",
		"empty bearer":                "Bearer ",
		"alg none":                    "Bearer " + none + "." + parts[1] + ".",
		"tampered role":               "Bearer " + parts[0] + "." + admin + "." + parts[2],
		"refresh token as access":     "Bearer " + tok.RefreshToken,
		"signed by another key":       "Bearer " + foreign.Login(t, "fremd@example.de").AccessToken,
		"garbage":                     "Bearer a.b.c",
		"a very long token, rejected": "Bearer " + strings.Repeat("A", 3000),
	} {
		t.Run(name, func(t *testing.T) {
			resp, body := a.do(t, "GET", "/api/v1/me", "", "", "Authorization", h)
			wantStatus(t, resp, body, 401)
			if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
			}
		})
	}
	a.Clock.Advance(account.AccessTTL + 31*time.Second)
	resp, body := a.do(t, "GET", "/api/v1/me", tok.AccessToken, "")
	wantStatus(t, resp, body, 401)
}
