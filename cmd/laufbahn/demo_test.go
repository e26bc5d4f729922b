package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// TestDemo creates demo postings through run, sees them searchable after a
// start (the sync worker indexes them from its queue), removes them and
// sees them gone.
func TestDemo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := envFunc(map[string]string{"LAUFBAHN_DATA": dir, "LAUFBAHN_LOG_FORMAT": "json"})
	var out bytes.Buffer
	if err := run(ctx, []string{"demo"}, env, &out, io.Discard); err == nil {
		t.Fatal("demo without --postings or --remove ran")
	}
	if err := run(ctx, []string{"seed"}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"demo", "--postings", "25"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created 25 published demo postings") {
		t.Fatalf("output: %s", out.String())
	}

	s := startServer(t, dir)
	var res struct {
		Total int `json:"total"`
		Items []struct {
			Employer string `json:"employer"`
		} `json:"items"`
	}
	waitTotal := func(want int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			getJSON(t, s.url+"/api/v1/search/jobs?limit=100", &res)
			if res.Total == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("search has %d postings, want %d", res.Total, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitTotal(25)
	for _, it := range res.Items {
		if !strings.HasSuffix(it.Employer, "(Demo)") {
			t.Errorf("employer %q is not marked as a demo", it.Employer)
		}
	}
	s.stop(t)

	out.Reset()
	if err := run(ctx, []string{"demo", "--remove"}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "removed 25 demo postings") {
		t.Fatalf("output: %s", out.String())
	}
	s = startServer(t, dir)
	waitTotal(0)
	s.stop(t)
}
