package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// commandsBesideServe are the commands that open the embedded database.
var commandsBesideServe = [][]string{
	{"admin", "create", "--email", "beside@example.de"},
	{"seed"},
	{"reindex"},
	{"demo", "--postings", "3"},
}

// TestCommandsRefuseBesideServe is issue 13's case: "admin create" against
// the data directory of a running server returned 0, and then the admin's
// link was "invalid" and every sign-up failed until a restart (two
// processes with embedded FerretDB on the same files). Every command that
// opens the embedded database now refuses at once, naming the holder, and
// the server keeps working; once the server stops they run.
func TestCommandsRefuseBesideServe(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	env := envFunc(map[string]string{"LAUFBAHN_DATA": dir})
	for _, args := range commandsBesideServe {
		start := time.Now()
		err := run(context.Background(), args, env, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "is in use (laufbahn serve, pid") || !strings.Contains(err.Error(), "MONGODB_URI") {
			t.Fatalf("%v beside a running server: %v, want a refusal naming the server", args, err)
		}
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%v took %v to refuse, want at once", args, took)
		}
	}
	// A second server on the same directory refuses too.
	if err := run(context.Background(), []string{"serve"}, envFunc(map[string]string{"LAUFBAHN_DATA": dir, "LAUFBAHN_ADDR": "127.0.0.1:0"}), io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "is in use") {
		t.Fatalf("a second serve: %v", err)
	}
	// The server is unharmed: sign-ups work.
	api := s.url + "/api/v1"
	if code := call(t, "POST", api+"/auth/register", "", `{"email":"erika@example.de","password":"Tintenfass Gartenzaun 47","name":"Erika"}`, nil); code != 202 {
		t.Fatalf("register beside the refused commands: %d", code)
	}
	s.stop(t)
	// With the server stopped, the lock is free.
	if err := run(context.Background(), []string{"admin", "create", "--email", "after@example.de"}, env, io.Discard, io.Discard); err != nil {
		t.Fatalf("admin create after the server stopped: %v", err)
	}
}

// startMongo runs a MongoDB-compatible server (FerretDB on its own SQLite
// files) for the test and returns its URI: what MONGODB_URI points at in
// the services mode.
func startMongo(t *testing.T) string {
	t.Helper()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + t.TempDir() + "/",
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = f.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return f.MongoDBURI()
}

// TestCommandsBesideServeWithMongoDB: with MONGODB_URI set the commands
// that only use the database run beside a running server (which shares the
// data directory for its search index and mails) and their results are
// right in the server: the admin's setup link works, sign-ups work, the
// demo postings are there. reindex with the embedded index refuses: that
// index belongs to the server.
func TestCommandsBesideServeWithMongoDB(t *testing.T) {
	uri := startMongo(t)
	dir := t.TempDir()
	s := startServerWith(t, dir, map[string]string{"MONGODB_URI": uri})
	defer s.stop(t)
	env := envFunc(map[string]string{"LAUFBAHN_DATA": dir, "MONGODB_URI": uri})
	var out bytes.Buffer
	if err := run(context.Background(), []string{"admin", "create", "--email", "admin@example.de"}, env, &out, io.Discard); err != nil {
		t.Fatalf("admin create beside the server: %v", err)
	}
	adminToken := tokenOf(t, out.String())
	if err := run(context.Background(), []string{"seed"}, env, io.Discard, io.Discard); err != nil {
		t.Fatalf("seed beside the server: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"demo", "--postings", "3"}, env, &out, io.Discard); err != nil || !strings.Contains(out.String(), "created 3") {
		t.Fatalf("demo beside the server: %v %s", err, out.String())
	}
	if err := run(context.Background(), []string{"reindex"}, env, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "MEILI_URL") {
		t.Fatalf("reindex of the server's embedded index: %v, want a refusal", err)
	}

	api := s.url + "/api/v1"
	if code := call(t, "POST", api+"/auth/password-reset/confirm", "", `{"token":"`+adminToken+`","password":"Leuchtturm Nordsee Möwe 12"}`, nil); code != 204 {
		t.Fatalf("the admin's setup link in the server: %d", code)
	}
	for i, addr := range []string{"erika@example.de", "max@example.de"} {
		if code := call(t, "POST", api+"/auth/register", "", `{"email":"`+addr+`","password":"Tintenfass Gartenzaun 47"}`, nil); code != 202 {
			t.Fatalf("sign-up %d: %d", i, code)
		}
	}
	var found atomic.Bool
	deadline := time.Now().Add(30 * time.Second)
	for !found.Load() && time.Now().Before(deadline) {
		var res struct{ Total int }
		getJSON(t, api+"/search/jobs?limit=10", &res)
		found.Store(res.Total == 3)
		time.Sleep(100 * time.Millisecond)
	}
	if !found.Load() {
		t.Fatal("the demo postings never became searchable in the server")
	}
}
