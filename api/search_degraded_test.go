package api

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
	"github.com/laufbahn/laufbahn/search/searchtest"
)

// unwritable makes every folder under dir refuse new files, as issue 13's
// reliability test did (chattr +i as root, who ignores permission bits;
// read-only folders otherwise), until the test ends.
func unwritable(t *testing.T, dir string) {
	t.Helper()
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	set := func(on bool) error {
		for _, d := range dirs {
			var err error
			switch {
			case os.Geteuid() == 0 && on:
				err = exec.Command("chattr", "+i", d).Run()
			case os.Geteuid() == 0:
				err = exec.Command("chattr", "-i", d).Run()
			case on:
				err = os.Chmod(d, 0o555)
			default:
				err = os.Chmod(d, 0o755)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := set(true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = set(false) })
}

// TestSearchDegraded: an index whose folder was deleted, in a search folder
// that takes no new files, fails its next write; its searches then answer 503 problem+json (never 500), /readyz
// stays 200 and names the degraded index, and the other indexes serve.
func TestSearchDegraded(t *testing.T) {
	ctx := context.Background()
	store, db := contenttest.Seeded(t)
	dir := t.TempDir()
	idx, err := bleve.Open(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	syncer := search.NewSyncer(idx, slog.New(slog.DiscardHandler), store.SearchSources()...)
	if _, err := syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	// The jobs index folder disappears and its parent takes no new files:
	// the next write fails, and the index cannot be created again until the
	// folder is usable (a folder that is only unwritable would be reopened
	// for reading after 2 s, and this test would race with that).
	if err := os.RemoveAll(filepath.Join(dir, "jobs.bleve")); err != nil {
		t.Fatal(err)
	}
	unwritable(t, dir)
	job := searchtest.Jobs()[0].Document()
	for range 2 {
		if err := idx.Upsert(ctx, search.Jobs, []search.Document{job}); !apperr.Is(err, apperr.Unavailable) {
			t.Fatalf("write to an unwritable index: %v, want Unavailable", err)
		}
	}
	app := New(Deps{Content: store, Search: idx, SearchStatus: syncer.Status, Ready: func(ctx context.Context) error { return db.Client().Ping(ctx, nil) }})
	runScenarios(t, app, []scenario{
		{name: "jobs search answers 503", path: "/api/v1/search/jobs?q=backoffice", wantStatus: 503,
			wantBody: []string{`"status":503`, "jobs search index is unavailable"}},
		{name: "combined search answers 503", path: "/api/v1/search?q=backoffice", wantStatus: 503},
		{name: "courses still serve", path: "/api/v1/search/courses?q=kaufmann", wantStatus: 200},
		{name: "readyz names the degraded index", path: "/readyz", wantStatus: 200,
			wantBody: []string{`"search":"degraded"`, `"unavailable":{"jobs":`, `"database":"ok"`}},
	})
}
