package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestMetricsListener runs serve with --metrics-addr and reads /metrics and
// pprof from the second listener after a few API requests.
func TestMetricsListener(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	env := envFunc(map[string]string{"LAUFBAHN_ADDR": "127.0.0.1:0", "LAUFBAHN_DATA": t.TempDir(), "LAUFBAHN_LOG_FORMAT": "json",
		"LAUFBAHN_METRICS_ADDR": "127.0.0.1:0"})
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, io.Discard, logs) }()
	var api, mx string
	for deadline := time.Now().Add(60 * time.Second); api == "" || mx == ""; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no addresses logged:\n%s", logs)
		}
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil {
				switch line.Msg {
				case "listening":
					api = line.URL
				case "metrics and pprof":
					mx = strings.TrimSuffix(line.URL, "/metrics")
				}
			}
		}
	}
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if code, _ := get(api + "/readyz"); code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("never ready")
		}
	}
	if code, _ := get(api + "/api/v1/roles/backoffice-manager"); code != http.StatusOK {
		t.Fatalf("role: %d", code)
	}
	if code, _ := get(api + "/api/v1/search/courses?q=buchhaltung"); code != http.StatusOK {
		t.Fatalf("course search: %d", code)
	}
	if code, _ := get(api + "/api/v1/metrics"); code != http.StatusNotFound {
		t.Errorf("the metrics must not be on the public listener: %d", code)
	}
	code, body := get(mx + "/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`laufbahn_http_request_duration_seconds_count{method="GET",route="/api/v1/roles/:slug",status="200"} 1`,
		`laufbahn_search_duration_seconds_count{engine="bleve",kind="courses",outcome="ok"} 1`,
		`laufbahn_search_sync_pending{kind="jobs"}`,
		`laufbahn_db_command_duration_seconds_count{collection="roles",command="createIndexes",outcome="ok"}`,
		`go_gc_duration_seconds`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code, body := get(mx + "/debug/pprof/goroutine?debug=1"); code != http.StatusOK || !strings.Contains(body, "goroutine profile") {
		t.Errorf("pprof: %d %.100s", code, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("did not stop")
	}
}
