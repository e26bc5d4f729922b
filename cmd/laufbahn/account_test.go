package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/http"
	netmail "net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// call sends a JSON request and decodes the JSON answer, if any.
func call(t *testing.T, method, url, token, body string, into any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if into != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, into); err != nil {
			t.Fatalf("%s %s: decode %s: %v", method, url, raw, err)
		}
	}
	return resp.StatusCode
}

var linkRe = regexp.MustCompile(`https?://\S+\?token=([A-Za-z0-9_%-]+)`)

// tokenOf returns the token of the first link in text.
func tokenOf(t *testing.T, text string) string {
	t.Helper()
	m := linkRe.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no link in %q", text)
	}
	tok, err := url.QueryUnescape(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// waitForMail waits for an .eml file to addr under dir (the outbox writes in
// the background) and returns its subject and decoded text.
func waitForMail(t *testing.T, dir, addr string) (string, string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%s is not a mail: %v", f, err)
			}
			if to, _ := msg.Header.AddressList("To"); len(to) == 1 && to[0].Address == addr {
				if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o600 {
					t.Errorf("%s has mode %v", f, fi.Mode().Perm())
				}
				body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
				if err != nil {
					t.Fatal(err)
				}
				return msg.Header.Get("Subject"), string(body)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no mail to %s in %s (files: %v)", addr, dir, files)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type tokenPair struct {
	AccessToken, RefreshToken string
}

// TestAccountsEndToEnd is the "done when" through the whole
// program: create an admin, then register, verify by the link in the mail
// file, log in, refresh, log out; the admin sets a password by the link the
// command printed and disables a user.
func TestAccountsEndToEnd(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"admin", "create", "--email", "Admin@Example.de", "--name", "Ada"}, envFunc(map[string]string{"LAUFBAHN_DATA": dir}), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "http://127.0.0.1:8080/passwort-zuruecksetzen?token=") {
		t.Fatalf("admin create printed:\n%s", out.String())
	}
	adminToken := tokenOf(t, out.String())
	if err := run(context.Background(), []string{"admin", "create", "--email", "admin@example.de"}, envFunc(map[string]string{"LAUFBAHN_DATA": dir}), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "already has an account") {
		t.Fatalf("a second admin with the address: %v", err)
	}

	s := startServer(t, dir)
	defer s.stop(t)
	api := s.url + "/api/v1"

	if code := call(t, "POST", api+"/auth/register", "", `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47","name":"Erika","targetRole":"backoffice-manager"}`, nil); code != 202 {
		t.Fatalf("register: %d", code)
	}
	if code := call(t, "POST", api+"/auth/register", "", `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47","targetRole":"astronaut"}`, nil); code != 400 {
		t.Fatalf("register with an unknown target role: %d (the content store checks it)", code)
	}
	subject, text := waitForMail(t, filepath.Join(dir, "mail"), "erika@example.de")
	if subject, err := new(mime.WordDecoder).DecodeHeader(subject); err != nil || subject != "Bitte bestätigen Sie Ihre E-Mail-Adresse" {
		t.Errorf("subject %q %v", subject, err)
	}
	if !strings.Contains(text, "http://127.0.0.1:8080/e-mail-bestaetigen?token=") {
		t.Fatalf("verification mail:\n%s", text)
	}
	if !strings.Contains(s.logs.String(), "e-mail-bestaetigen?token=") {
		t.Error("the link is not in the log")
	}
	if code := call(t, "POST", api+"/auth/verify-email", "", `{"token":"`+tokenOf(t, text)+`"}`, nil); code != 204 {
		t.Fatalf("verify: %d", code)
	}
	var login tokenPair
	if code := call(t, "POST", api+"/auth/login", "", `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, &login); code != 200 || login.RefreshToken == "" {
		t.Fatalf("login: %d %+v", code, login)
	}
	var me struct{ Email, TargetRole string }
	if code := call(t, "GET", api+"/me", login.AccessToken, "", &me); code != 200 || me.Email != "erika@example.de" || me.TargetRole != "backoffice-manager" {
		t.Fatalf("me: %d %+v", code, me)
	}
	var refreshed tokenPair
	if code := call(t, "POST", api+"/auth/refresh", "", `{"refreshToken":"`+login.RefreshToken+`"}`, &refreshed); code != 200 || refreshed.RefreshToken == login.RefreshToken {
		t.Fatalf("refresh: %d", code)
	}
	if code := call(t, "POST", api+"/auth/logout", "", `{"refreshToken":"`+refreshed.RefreshToken+`"}`, nil); code != 204 {
		t.Fatalf("logout: %d", code)
	}
	if code := call(t, "POST", api+"/auth/refresh", "", `{"refreshToken":"`+refreshed.RefreshToken+`"}`, nil); code != 401 {
		t.Fatalf("refresh after logout: %d", code)
	}
	if code := call(t, "GET", api+"/me", refreshed.AccessToken, "", nil); code != 401 {
		t.Fatalf("access token after logout: %d", code)
	}

	// The admin sets a password with the printed link and disables Erika.
	if code := call(t, "POST", api+"/auth/password-reset/confirm", "", `{"token":"`+adminToken+`","password":"Leuchtturm Nordsee Möwe 12"}`, nil); code != 204 {
		t.Fatalf("admin password: %d", code)
	}
	var adminLogin tokenPair
	if code := call(t, "POST", api+"/auth/login", "", `{"email":"admin@example.de","password":"Leuchtturm Nordsee Möwe 12"}`, &adminLogin); code != 200 {
		t.Fatalf("admin login: %d", code)
	}
	var erika struct{ ID string }
	var again tokenPair
	call(t, "POST", api+"/auth/login", "", `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, &again)
	call(t, "GET", api+"/me", again.AccessToken, "", &erika)
	if code := call(t, "POST", api+"/admin/users/"+erika.ID+"/disable", adminLogin.AccessToken, `{"reason":"Spam in Bewerbungen"}`, nil); code != 200 {
		t.Fatalf("disable: %d", code)
	}
	if code := call(t, "GET", api+"/me", again.AccessToken, "", nil); code != 401 {
		t.Fatalf("a disabled user's token: %d", code)
	}

	// The embedded default keeps its signing key in the data dir, private.
	fi, err := os.Stat(filepath.Join(dir, "secrets", "jwt-keys"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", err, fi)
	}
}

// TestTokensSurviveARestart: the key file is reused, so a session started
// before a restart still refreshes afterwards.
func TestTokensSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	if err := run(context.Background(), []string{"admin", "create", "--email", "admin@example.de"}, envFunc(map[string]string{"LAUFBAHN_DATA": dir}), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, dir)
	api := s.url + "/api/v1"
	if code := call(t, "POST", api+"/auth/register", "", `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, nil); code != 202 {
		t.Fatalf("register: %d", code)
	}
	_, text := waitForMail(t, filepath.Join(dir, "mail"), "erika@example.de")
	call(t, "POST", api+"/auth/verify-email", "", `{"token":"`+tokenOf(t, text)+`"}`, nil)
	var login tokenPair
	if code := call(t, "POST", api+"/auth/login", "", `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47"}`, &login); code != 200 {
		t.Fatalf("login: %d", code)
	}
	s.stop(t)
	s = startServer(t, dir)
	defer s.stop(t)
	if code := call(t, "GET", s.url+"/api/v1/me", login.AccessToken, "", nil); code != 200 {
		t.Fatalf("access token after restart: %d", code)
	}
	if code := call(t, "POST", s.url+"/api/v1/auth/refresh", "", `{"refreshToken":"`+login.RefreshToken+`"}`, nil); code != 200 {
		t.Fatalf("refresh after restart: %d", code)
	}
}

func TestAccountSettings(t *testing.T) {
	var help bytes.Buffer
	if err := run(context.Background(), []string{"serve", "--help"}, envFunc(nil), io.Discard, &help); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LAUFBAHN_JWT_KEYS", "LAUFBAHN_SMTP_URL", "LAUFBAHN_MAIL_FROM", "Laufbahn <noreply@laufbahn.local>", "LAUFBAHN_BASE_URL", "http://127.0.0.1:8080", "LAUFBAHN_TRUSTED_PROXIES"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("serve --help lacks %q", want)
		}
	}
	for _, env := range []map[string]string{
		{"LAUFBAHN_JWT_KEYS": "k1=short"},
		{"LAUFBAHN_SMTP_URL": "http://mail.example"},
		{"LAUFBAHN_MAIL_FROM": "nobody"},
		{"LAUFBAHN_BASE_URL": "laufbahn.example"},
		{"LAUFBAHN_BASE_URL": "https://laufbahn.example/?x=1"},
		{"LAUFBAHN_TRUSTED_PROXIES": "10.0.0.0/8, proxy"},
	} {
		cmd := newCommand("serve", "", io.Discard, accountSettings...)
		if _, err := cmd.parse(nil, envFunc(env)); err == nil {
			t.Errorf("%v was accepted", env)
		}
	}
	cmd := newCommand("serve", "", io.Discard, accountSettings...)
	cfg, err := cmd.parse(nil, envFunc(map[string]string{"LAUFBAHN_BASE_URL": "https://laufbahn.example/", "LAUFBAHN_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1",
		"LAUFBAHN_SMTP_URL": "smtps://mailer:hunter2@mail.example:465", "LAUFBAHN_JWT_KEYS": "k1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://laufbahn.example" || len(cfg.TrustedProxies) != 2 || cfg.MailFrom != "Laufbahn <noreply@laufbahn.local>" {
		t.Fatalf("config %+v", cfg)
	}
	var logged bytes.Buffer
	newLogger(Config{LogLevel: "info", LogFormat: "json"}, &logged).Info("x", "config", cfg)
	if strings.Contains(logged.String(), "hunter2") || strings.Contains(logged.String(), "AAAAAAAA") {
		t.Fatalf("a secret is logged: %s", logged.String())
	}
	var usage bytes.Buffer
	if err := run(context.Background(), []string{"admin", "--help"}, envFunc(nil), io.Discard, &usage); err != nil || !strings.Contains(usage.String(), "laufbahn admin create --email") {
		t.Errorf("admin --help: %v\n%s", err, usage.String())
	}
	usage.Reset()
	if err := run(context.Background(), []string{"admin", "create", "--help"}, envFunc(nil), io.Discard, &usage); err != nil || !strings.Contains(usage.String(), "--email") || !strings.Contains(usage.String(), "LAUFBAHN_BASE_URL") {
		t.Errorf("admin create --help: %v\n%s", err, usage.String())
	}
	for _, args := range [][]string{{"admin"}, {"admin", "promote"}, {"admin", "create"}} {
		if err := run(context.Background(), args, envFunc(map[string]string{"LAUFBAHN_DATA": t.TempDir()}), io.Discard, io.Discard); err == nil {
			t.Errorf("%v succeeded", args)
		}
	}
}
