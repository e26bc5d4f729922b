package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func envFunc(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// server is one run of "laufbahn serve" in this process.
type server struct {
	url    string
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startServer runs the whole program on port 0 with the data dir and waits
// until /readyz answers.
func startServer(t *testing.T, dataDir string) *server {
	t.Helper()
	return startServerWith(t, dataDir, nil)
}

// startServerWith is startServer with more environment variables.
func startServerWith(t *testing.T, dataDir string, extra map[string]string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{logs: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	vars := map[string]string{"LAUFBAHN_ADDR": "127.0.0.1:0", "LAUFBAHN_DATA": dataDir, "LAUFBAHN_LOG_FORMAT": "json"}
	for k, v := range extra {
		vars[k] = v
	}
	env := envFunc(vars)
	go func() { s.done <- run(ctx, []string{"serve"}, env, io.Discard, s.logs) }()
	deadline := time.Now().Add(60 * time.Second)
	for s.url == "" {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("server did not log its address; logs:\n%s", s.logs)
		}
		select {
		case err := <-s.done:
			t.Fatalf("run returned early: %v; logs:\n%s", err, s.logs)
		case <-time.After(20 * time.Millisecond):
		}
		sc := bufio.NewScanner(strings.NewReader(s.logs.String()))
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				s.url = line.URL
			}
		}
	}
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz never answered 200: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *server) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("run returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
	if !strings.Contains(s.logs.String(), `"msg":"stopped"`) {
		t.Fatalf("no clean stop in logs:\n%s", s.logs)
	}
}

func getJSON(t *testing.T, url string, into any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("decode %s: %v", url, err)
	}
	return resp.StatusCode
}

// TestServeRestart is the end-to-end test: start on an empty data dir (which
// seeds itself), read a role, stop, start again on the same dir and find the
// data still there without seeding again.
func TestServeRestart(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	var role struct {
		Title  string
		Salary struct {
			Ranges []struct{ Low, Average, High int }
		}
	}
	if code := getJSON(t, s.url+"/api/v1/roles/backoffice-manager", &role); code != 200 {
		t.Fatalf("status %d", code)
	}
	if r := role.Salary.Ranges; len(r) != 1 || r[0].Low != 27600 || r[0].Average != 37400 || r[0].High != 48800 {
		t.Fatalf("salary %+v", role.Salary)
	}
	if !strings.Contains(s.logs.String(), "seeded an empty database") {
		t.Fatal("first start did not seed")
	}
	// The sync worker indexes the seeded content by itself (issue 3's
	// Done-when query, with its typos).
	waitForSearch(t, s.url+"/api/v1/search/courses?q=bueromanagment", "ausbildung-kaufmann-bueromanagement")
	waitForSearch(t, s.url+"/api/v1/search/roles?q=Backoffice", "backoffice-manager")
	if !strings.Contains(s.logs.String(), `"backend":"embedded FerretDB`) {
		t.Fatal("startup log does not say which backend runs")
	}
	if !strings.Contains(s.logs.String(), `"msg":"request"`) || !strings.Contains(s.logs.String(), `"request_id":"`) {
		t.Fatal("no structured access log with request id")
	}
	s.stop(t)

	s = startServer(t, dir)
	defer s.stop(t)
	if strings.Contains(s.logs.String(), "seeded an empty database") {
		t.Fatal("second start seeded again")
	}
	var hc bytes.Buffer
	addr := strings.TrimPrefix(s.url, "http://")
	if err := run(context.Background(), []string{"healthcheck", "--addr", addr}, envFunc(nil), &hc, io.Discard); err != nil || hc.String() != "ready\n" {
		t.Fatalf("healthcheck against a running server: %v %q", err, hc.String())
	}
	var again struct{ Title string }
	if code := getJSON(t, s.url+"/api/v1/roles/backoffice-manager", &again); code != 200 || again.Title != role.Title {
		t.Fatalf("after restart: %d %+v", code, again)
	}
	// The Bleve index survived the restart: found at once, not re-synced.
	var found struct{ Items []struct{ Slug string } }
	if code := getJSON(t, s.url+"/api/v1/search/roles?q=Backoffice", &found); code != 200 || len(found.Items) == 0 {
		t.Fatalf("search after restart: %d %+v", code, found)
	}
}

// waitForSearch polls a search URL until a hit has the wanted slug.
func waitForSearch(t *testing.T, url, slug string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var res struct{ Items []struct{ Slug string } }
		if getJSON(t, url, &res) == http.StatusOK {
			for _, it := range res.Items {
				if it.Slug == slug {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never found %s", url, slug)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestReindexCommand(t *testing.T) {
	dir := t.TempDir()
	env := envFunc(map[string]string{"LAUFBAHN_DATA": dir})
	if err := run(context.Background(), []string{"seed"}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"reindex"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"courses  indexed 18 documents; the index holds 18", "roles    indexed 4 documents; the index holds 4", "jobs     indexed 0 documents; the index holds 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("reindex output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"reindex", "--index", "roles"}, env, &out, io.Discard); err != nil || strings.Contains(out.String(), "courses") {
		t.Fatalf("--index roles: %v\n%s", err, out.String())
	}
	if err := run(context.Background(), []string{"reindex", "--index", "people"}, env, io.Discard, io.Discard); err == nil {
		t.Fatal("unknown index accepted")
	}
}

func TestSeedCommand(t *testing.T) {
	dir := t.TempDir()
	env := envFunc(map[string]string{"LAUFBAHN_DATA": dir})
	seed := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), append([]string{"seed"}, args...), env, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	first := seed()
	if !strings.Contains(first, "roles     inserted=4") {
		t.Fatalf("first seed:\n%s", first)
	}
	second := seed()
	if !strings.Contains(second, "nothing changed") || strings.Contains(second, "inserted=1") {
		t.Fatalf("second seed changed something:\n%s", second)
	}
	if forced := seed("--force"); !strings.Contains(forced, "nothing changed") {
		// Nothing was edited, so even --force has nothing to restore.
		t.Fatalf("forced seed without edits:\n%s", forced)
	}
	if check := seed("--check"); !strings.Contains(check, "content is valid: 4 roles") {
		t.Fatalf("check: %s", check)
	}
}

// TestSeedSaysWhatItKept: a role an admin edited survives a seed, and the
// seed names it; --force restores the curated text.
func TestSeedSaysWhatItKept(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := envFunc(map[string]string{"LAUFBAHN_DATA": dir})
	seed := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(ctx, append([]string{"seed"}, args...), env, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	seed()
	cmd := newCommand("seed", "", io.Discard, dbSettings...)
	cfg, err := cmd.parse(nil, env)
	if err != nil {
		t.Fatal(err)
	}
	conn, store, err := openDB(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	role, err := store.Role(ctx, "backoffice-manager")
	if err != nil {
		t.Fatal(err)
	}
	curated := role.Summary.DE
	role.Summary.DE = "Von der Redaktion korrigiert"
	if err := store.EditRole(ctx, role, "u_redaktion"); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(ctx); err != nil {
		t.Fatal(err)
	}
	out := seed()
	if !strings.Contains(out, "kept because an admin edited or retired them") || !strings.Contains(out, "  roles: backoffice-manager\n") ||
		!strings.Contains(out, "kept=1") || !strings.Contains(out, "nothing changed") {
		t.Fatalf("seed after an admin edit:\n%s", out)
	}
	if out := seed("--force"); !strings.Contains(out, "updated=1") || strings.Contains(out, "kept because") {
		t.Fatalf("forced seed:\n%s", out)
	}
	conn, store, err = openDB(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if role, err := store.Role(ctx, "backoffice-manager"); err != nil || role.Summary.DE != curated {
		t.Fatalf("after --force: %q, %v", role.Summary.DE, err)
	}
}

func TestSeedRejectsInvalidContent(t *testing.T) {
	content := t.TempDir()
	bad := "skills:\n  - slug: englisch\n    name: { de: Englisch }\n    category: sprache\n    description: { de: x, en: x }\n    sources: [001_8991a098efc6fbdb.txt]\n"
	if err := os.WriteFile(filepath.Join(content, "skills.yaml"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"seed", "--check", "--content", content}, envFunc(nil), io.Discard, io.Discard)
	if err == nil {
		t.Fatal("invalid content was accepted")
	}
	for _, want := range []string{"skills.yaml: skills[0].name.en: is required", `skills.yaml: skills[0].sources[0]: unknown source "001_8991a098efc6fbdb.txt"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestHelpListsEverySetting(t *testing.T) {
	for _, cmd := range []string{"serve", "seed"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{cmd, "--help"}, envFunc(nil), io.Discard, &out); err != nil {
			t.Fatalf("%s --help: %v", cmd, err)
		}
		for _, want := range []string{"LAUFBAHN_DATA", "./data", "MONGODB_URI", "MONGODB_DB", "laufbahn", "LAUFBAHN_LOG_LEVEL", "LAUFBAHN_LOG_FORMAT"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s --help lacks %q:\n%s", cmd, want, out.String())
			}
		}
		if cmd == "serve" && (!strings.Contains(out.String(), "LAUFBAHN_ADDR") || !strings.Contains(out.String(), "127.0.0.1:8080")) {
			t.Errorf("serve --help lacks the address:\n%s", out.String())
		}
	}
}

func TestConfigPrecedenceAndErrors(t *testing.T) {
	cmd := newCommand("serve", "", io.Discard, append([]string{"addr", "shutdown-timeout"}, dbSettings...)...)
	cfg, err := cmd.parse([]string{"--addr", "127.0.0.1:9999"}, envFunc(map[string]string{"LAUFBAHN_ADDR": "0.0.0.0:1", "MONGODB_DB": "other"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9999" || cfg.MongoDB != "other" || cfg.DataDir != "./data" || cfg.ShutdownTimeout != 15*time.Second {
		t.Fatalf("config %+v", cfg)
	}
	for _, env := range []map[string]string{{"LAUFBAHN_LOG_LEVEL": "loud"}, {"LAUFBAHN_LOG_FORMAT": "xml"}, {"LAUFBAHN_SHUTDOWN_TIMEOUT": "soon"}} {
		cmd := newCommand("serve", "", io.Discard, append([]string{"addr", "shutdown-timeout"}, dbSettings...)...)
		if _, err := cmd.parse(nil, envFunc(env)); err == nil {
			t.Errorf("%v was accepted", env)
		}
	}
	var logged bytes.Buffer
	newLogger(Config{LogLevel: "info", LogFormat: "json"}, &logged).Info("x", "config", Config{MongoURI: "mongodb://u:hunter2@db/x"})
	if strings.Contains(logged.String(), "hunter2") || !strings.Contains(logged.String(), "xxxxx") {
		t.Fatalf("secret not masked: %s", logged.String())
	}
}

func TestHealthcheckFailsWithoutServer(t *testing.T) {
	err := run(context.Background(), []string{"healthcheck", "--addr", "127.0.0.1:1"}, envFunc(nil), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not ready") {
		t.Fatalf("got %v", err)
	}
}

func TestUnknownCommand(t *testing.T) {
	err := run(context.Background(), []string{"fly"}, envFunc(nil), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unknown command "fly"`) {
		t.Fatalf("got %v", err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, envFunc(nil), &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "laufbahn ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"serve", "extra"}, envFunc(nil), io.Discard, io.Discard); err == nil || errors.Is(err, context.Canceled) {
		t.Fatalf("stray argument accepted: %v", err)
	}
}
