package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/content/contenttest"
)

// TestSecureHeadersOnEveryResponse checks the helmet headers on pages,
// JSON, errors of every kind and the docs, and HSTS only for an https base
// URL.
func TestSecureHeadersOnEveryResponse(t *testing.T) {
	store, _ := contenttest.Seeded(t)
	for _, base := range []string{"https://laufbahn.example", "http://localhost:8080"} {
		app := New(Deps{Content: store, Version: "test", BaseURL: base})
		for _, r := range []struct{ method, path, body string }{
			{"GET", "/api/docs", ""},
			{"GET", "/api/docs.css", ""},
			{"GET", "/api/v1/openapi.yaml", ""},
			{"GET", "/healthz", ""},
			{"GET", "/api/v1/roles", ""},
			{"GET", "/api/v1/roles?level=nonsense", ""},          // 400
			{"GET", "/api/v1/nothing-here", ""},                  // 404
			{"GET", "/api/v1/me", ""},                            // 401 (no accounts: 503)
			{"POST", "/api/v1/auth/login", `{"email":"x@y.de"}`}, // 503 without accounts
		} {
			req := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
			if r.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := app.Test(req, 10_000)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{
				"X-Content-Type-Options":  "nosniff",
				"X-Frame-Options":         "DENY",
				"Referrer-Policy":         "strict-origin-when-cross-origin",
				"Content-Security-Policy": ContentSecurityPolicy,
			}
			for h, v := range want {
				if got := resp.Header.Get(h); got != v {
					t.Errorf("%s %s %s (%d): %s = %q, want %q", base, r.method, r.path, resp.StatusCode, h, got, v)
				}
			}
			hsts := resp.Header.Get("Strict-Transport-Security")
			if strings.HasPrefix(base, "https") != (hsts != "") {
				t.Errorf("%s %s %s: Strict-Transport-Security = %q", base, r.method, r.path, hsts)
			}
			if hsts != "" && !strings.Contains(hsts, "max-age=31536000") {
				t.Errorf("HSTS %q", hsts)
			}
		}
	}
	if !strings.Contains(ContentSecurityPolicy, "frame-ancestors 'none'") {
		t.Error("the CSP must forbid framing")
	}
}

// TestDocsPageWorksUnderTheCSP checks that the docs page has nothing the
// CSP blocks: no inline script or style, no style attributes, and that the
// stylesheet it links is served.
func TestDocsPageWorksUnderTheCSP(t *testing.T) {
	app := newTestApp(t, nil)
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/api/docs", nil), 10_000)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("docs: %d", resp.StatusCode)
	}
	inline := regexp.MustCompile(`(?i)<style|<script|\sstyle=|\son[a-z]+=|javascript:`)
	if m := inline.Find(page); m != nil {
		t.Errorf("the docs page has %q, which the CSP blocks", m)
	}
	links := regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`).FindAllSubmatch(page, -1)
	if len(links) == 0 {
		t.Fatal("the docs page links no stylesheet")
	}
	for _, l := range links {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, string(l[1]), nil), 10_000)
		if err != nil {
			t.Fatal(err)
		}
		css, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(string(css), ".op") {
			t.Errorf("%s: %d %s", l[1], resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// TestCookieRefreshChecksOrigin: the refresh cookie works only from the
// site's own origin; a cross-site request (or one without Origin and
// Referer) is 403 and leaves the session usable.
func TestCookieRefreshChecksOrigin(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	resp, body := a.do(t, "POST", "/api/v1/auth/login", "", `{"email":"erika@example.de","password":"`+accounttest.Password+`","cookie":true}`)
	wantStatus(t, resp, body, 200)
	value := cookieValue(t, resp)
	for _, h := range [][]string{
		{"Origin", "https://evil.example"},
		{"Origin", "http://laufbahn.example"}, // another scheme is another origin
		{"Origin", "null"},
		{"Referer", "https://evil.example/page"},
		{}, // neither
	} {
		resp, body = a.do(t, "POST", "/api/v1/auth/refresh", "", "", append([]string{"Cookie", RefreshCookie + "=" + value}, h...)...)
		wantStatus(t, resp, body, 403)
		resp, body = a.do(t, "POST", "/api/v1/auth/logout", "", "", append([]string{"Cookie", RefreshCookie + "=" + value}, h...)...)
		wantStatus(t, resp, body, 403)
	}
	// The same-origin referrer of a browser without Origin is fine, and the
	// session was not spent by the refused calls.
	resp, body = a.do(t, "POST", "/api/v1/auth/refresh", "", "", "Cookie", RefreshCookie+"="+value, "Referer", testBaseURL+"/konto")
	wantStatus(t, resp, body, 200)
	// A token in the body (not the cookie) needs no Origin: it is no
	// ambient credential.
	resp, body = a.do(t, "POST", "/api/v1/auth/login", "", `{"email":"erika@example.de","password":"`+accounttest.Password+`"}`)
	wantStatus(t, resp, body, 200)
	resp, body = a.do(t, "POST", "/api/v1/auth/refresh", "", `{"refreshToken":"`+tokens(t, body).RefreshToken+`"}`)
	wantStatus(t, resp, body, 200)
}
