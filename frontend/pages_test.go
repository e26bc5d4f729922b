package frontend

import (
	"net/http"
	"strings"
	"testing"
)

func TestCatalogsAreComplete(t *testing.T) {
	c, err := loadCatalog(localeFS)
	if err != nil {
		t.Fatal(err)
	}
	if m := c.missing(); len(m) > 0 {
		t.Fatalf("message catalogs differ:\n%s", strings.Join(m, "\n"))
	}
	if len(c.keys["de"]) < 50 {
		t.Fatalf("only %d messages", len(c.keys["de"]))
	}
}

func TestFormatPerLocale(t *testing.T) {
	for _, tc := range []struct{ lang, money, date string }{
		{"de", "37.400\u00a0€", "29.11.2026"},
		{"en", "€37,400", "29 Nov 2026"},
	} {
		if got := formatMoney(tc.lang, 37400); got != tc.money {
			t.Errorf("%s money %q, want %q", tc.lang, got, tc.money)
		}
		if got := formatDate(tc.lang, mustDate(t, "2026-11-29")); got != tc.date {
			t.Errorf("%s date %q, want %q", tc.lang, got, tc.date)
		}
	}
}

func TestContentPages(t *testing.T) {
	e := newTestEnv(t)
	for _, tc := range []struct {
		name, path string
		header     []string
		status     int
		lang       string
		wants      []string
	}{
		{"home", "/", nil, 200, "de", []string{"Backoffice-Manager/in", `action="/suche"`, "Wege in den Beruf"}},
		{"home in English", "/?lang=en", nil, 200, "en", []string{"Back Office Manager", "The four roles"}},
		{"home by Accept-Language", "/", []string{"Accept-Language", "en-GB,en;q=0.8"}, 200, "en", []string{"The four roles"}},
		{"roles", "/berufe", nil, 200, "de", []string{"/berufe/backoffice-manager", "/berufe/bueroleiter"}},
		{"role profile", "/berufe/backoffice-manager", nil, 200, "de", []string{"<svg role=\"img\"", "27.600\u00a0€", "48.800\u00a0€", "Kompetenz-Checkliste", "/wege/", `id="src-001_8991a098efc6fbdb.txt"`}},
		{"role profile in English", "/berufe/backoffice-manager?lang=en", nil, 200, "en", []string{"€27,600", "Skill checklist"}},
		{"role without salary", "/berufe/bueroleiter", nil, 200, "de", []string{"keine belegten Gehaltszahlen"}},
		{"unknown role", "/berufe/astronaut", nil, 404, "de", []string{"Seite nicht gefunden"}},
		{"malformed role", "/berufe/Back%20Office", nil, 404, "de", nil},
		{"course", "/weiterbildung/bachelor-bwl", nil, 200, "de", []string{"3 Jahre"}},
		{"paths", "/wege", nil, 200, "de", []string{"/wege/"}},
		{"path", "/wege/weiterbildung-backoffice-manager", nil, 200, "de", []string{`class="timeline"`, `id="schritt-1"`}},
		{"skill", "/kompetenzen/englisch", nil, 200, "de", []string{"/berufe/"}},
		{"sources", "/quellen", nil, 200, "de", []string{"001_8991a098efc6fbdb.txt"}},
		{"impressum placeholder", "/impressum", nil, 200, "de", []string{"Platzhalter"}},
		{"privacy placeholder in English", "/datenschutz?lang=en", nil, 200, "en", []string{"Placeholder"}},
		{"unknown page", "/gibt-es-nicht", nil, 404, "de", []string{"Seite nicht gefunden"}},
		{"unknown page in English", "/nope?lang=en", nil, 404, "en", []string{"Page not found"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.get(t, tc.path, tc.header...)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("content type %q", ct)
			}
			mustContain(t, body, `<html lang="`+tc.lang+`"`, `rel="canonical"`, `hreflang="de"`, `hreflang="en"`)
			mustContain(t, body, tc.wants...)
		})
	}
}

func TestAPIErrorsStayJSON(t *testing.T) {
	e := newTestEnv(t)
	resp, body := e.get(t, "/api/v1/nope")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
		t.Fatalf("status %d type %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

func TestStaticFilesAreHashedAndCached(t *testing.T) {
	e := newTestEnv(t)
	_, body := e.get(t, "/")
	u := e.Site.assets.url("app.css")
	if !strings.Contains(body, u) {
		t.Fatalf("page does not link %s", u)
	}
	resp, css := e.get(t, u)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(css, "--brand") {
		t.Fatalf("static: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	resp, gz := e.get(t, u, "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || len(gz) >= len(css) {
		t.Errorf("static file not compressed: %q, %d of %d bytes", resp.Header.Get("Content-Encoding"), len(gz), len(css))
	}
	if resp, _ := e.get(t, "/static/app.0000000000.css"); resp.StatusCode != 404 {
		t.Fatalf("stale asset name answered %d", resp.StatusCode)
	}
}

func TestPagesAreCompressedAndCarryETags(t *testing.T) {
	e := newTestEnv(t)
	resp, _ := e.get(t, "/berufe/backoffice-manager", "Accept-Encoding", "gzip")
	if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
		t.Errorf("Content-Encoding %q, want gzip", got)
	}
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on a page")
	}
	resp, body := e.get(t, "/berufe/backoffice-manager", "Accept-Encoding", "gzip", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("revalidation: %d with %d bytes, want 304 and no body", resp.StatusCode, len(body))
	}
	resp, _ = e.get(t, "/berufe/backoffice-manager?lang=en", "If-None-Match", etag)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the English page matched the German ETag: %d", resp.StatusCode)
	}
}

func TestHostileQueryTextIsEscaped(t *testing.T) {
	e := newTestEnv(t)
	resp, body := e.get(t, "/berufe/backoffice-manager?q=%3Cscript%3Ealert(1)%3C/script%3E")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if strings.Contains(body, "<script>alert(1)</script>") {
		t.Fatal("a query parameter reached the page unescaped")
	}
	// The canonical URL carries the parameter, escaped.
	mustContain(t, body, "q=%3Cscript%3Ealert%281%29%3C%2Fscript%3E")
}

func TestLanguageIsRemembered(t *testing.T) {
	e := newTestEnv(t)
	resp, _ := e.get(t, "/?lang=en")
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == cookieLang {
			cookie = c.Name + "=" + c.Value
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("language cookie %+v", c)
			}
		}
	}
	if cookie != cookieLang+"=en" {
		t.Fatalf("language cookie %q", cookie)
	}
	_, body := e.get(t, "/berufe", "Cookie", cookie, "Accept-Language", "de")
	mustContain(t, body, `<html lang="en"`)
	_, body = e.get(t, "/berufe?lang=de", "Cookie", cookie)
	mustContain(t, body, `<html lang="de"`)
	// An unsupported language falls back to German, with no cookie.
	resp, body = e.get(t, "/berufe?lang=fr")
	mustContain(t, body, `<html lang="de"`)
	for _, c := range resp.Cookies() {
		if c.Name == cookieLang {
			t.Errorf("cookie set for an unsupported language: %v", c)
		}
	}
}

func TestPagesCarrySecureHeaders(t *testing.T) {
	e := newTestEnv(t)
	for _, path := range []string{"/", "/berufe/backoffice-manager", "/gibt-es-nicht", "/anmelden"} {
		resp, _ := e.get(t, path)
		csp := resp.Header.Get("Content-Security-Policy")
		for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "default-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code: %q", path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, resp.Header)
		}
	}
}
