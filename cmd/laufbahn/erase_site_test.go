package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestAccountDeletedOnTheSiteLeavesNoTrace: deleting the account on the
// website's /mein-bereich/konto/loeschen runs the same erasure as DELETE
// /api/v1/me (the one eraser is wired into both): afterwards the address
// is in no file under the data directory.
func TestAccountDeletedOnTheSiteLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	const addr, pw = "weg.vom.web.0815@example.de", "Tintenfass Gartenzaun 47"
	if code := call(t, "POST", s.url+"/api/v1/auth/register", "", `{"email":"`+addr+`","password":"`+pw+`","name":"Wera Web"}`, nil); code != 202 {
		t.Fatalf("register: %d", code)
	}
	_, text := waitForMail(t, filepath.Join(dir, "mail"), addr)
	if code := call(t, "POST", s.url+"/api/v1/auth/verify-email", "", `{"token":"`+tokenOf(t, text)+`"}`, nil); code != 204 {
		t.Fatalf("verify: %d", code)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	token := regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	page := func(path string) string {
		t.Helper()
		resp, err := client.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		m := token.FindSubmatch(b)
		if resp.StatusCode != 200 || m == nil {
			t.Fatalf("GET %s: %d without a form token", path, resp.StatusCode)
		}
		return string(m[1])
	}
	post := func(path string, v url.Values) *http.Response {
		t.Helper()
		resp, err := client.PostForm(s.url+path, v)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post("/anmelden", url.Values{"_csrf": {page("/anmelden")}, "email": {addr}, "password": {pw}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	resp := post("/mein-bereich/konto/loeschen", url.Values{"_csrf": {page("/mein-bereich/konto/loeschen")}, "password": {pw}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/?hinweis=konto-geloescht" {
		t.Fatalf("delete: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(s.logs.String(), "erased from the data directory") {
		if time.Now().After(deadline) {
			t.Fatalf("no erasure logged a minute after the deletion; logs:\n%s", s.logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if found := filesMentioning(t, dir, addr); len(found) > 0 {
		t.Fatalf("after the erasure the address is still in %v", found)
	}
	s.stop(t)
}
