package search_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
)

// panicky wraps the real engine and panics on writes to one index while
// armed, as Bleve did on a closed segment (issue 13).
type panicky struct {
	search.Index
	kind  search.Kind
	armed atomic.Bool
}

func (p *panicky) Upsert(ctx context.Context, k search.Kind, docs []search.Document) error {
	if k == p.kind && p.armed.Load() {
		var m map[int]int
		m[1] = 1 // assignment to entry in nil map
	}
	return p.Index.Upsert(ctx, k, docs)
}

// TestRunRecoversPanics: a panic inside an engine call never leaves the
// worker; it is counted, the other indexes keep syncing, and the failing
// one converges once the engine behaves.
func TestRunRecoversPanics(t *testing.T) {
	store, db := contenttest.Seeded(t)
	engine, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = engine.Close() })
	idx := &panicky{Index: engine, kind: search.Roles}
	idx.armed.Store(true)
	syncer := search.NewSyncer(idx, slog.New(slog.DiscardHandler), store.SearchSources()...)
	syncer.Interval = 10 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); syncer.Run(ctx) }()
	defer func() { cancel(); <-done }()

	waitLong(t, syncer, func() bool { return syncer.Status().Panics > 0 })
	// Courses are indexed although every roles batch panics.
	waitLong(t, syncer, func() bool { return dirtyCount(t, db, content.CollCourses) == 0 })
	if d := dirtyCount(t, db, content.CollRoles); d == 0 {
		t.Fatal("roles were confirmed although every write of them panicked")
	}
	idx.armed.Store(false)
	waitLong(t, syncer, func() bool { return dirtyCount(t, db, content.CollRoles) == 0 && syncer.Status().Failures == 0 })
}

// breakFolder makes every folder under dir refuse new files (chattr +i as
// root, who ignores permission bits; read-only folders otherwise) and
// returns the repair.
func breakFolder(t *testing.T, dir string) (repair func()) {
	t.Helper()
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	set := func(on bool) {
		for _, d := range dirs {
			var err error
			var out []byte
			switch {
			case os.Geteuid() == 0 && on:
				out, err = exec.Command("chattr", "+i", d).CombinedOutput()
			case os.Geteuid() == 0:
				out, err = exec.Command("chattr", "-i", d).CombinedOutput()
			case on:
				err = os.Chmod(d, 0o555)
			default:
				err = os.Chmod(d, 0o755)
			}
			if err != nil {
				t.Fatalf("%s: %v %s", d, err, out)
			}
		}
	}
	set(true)
	done := false
	repair = func() {
		if !done {
			done = true
			set(false)
		}
	}
	t.Cleanup(repair)
	return repair
}

// TestIndexFolderFailureConverges is issue 13's reliability case on the
// worker and the real Bleve engine: with the index folder unwritable or
// deleted, writes to MongoDB succeed, the process keeps running, the
// status names the unavailable index, searches answer Unavailable, and once
// the folder is usable again the index holds every document and the last
// edit.
func TestIndexFolderFailureConverges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		break_ func(t *testing.T, dir string) func()
	}{
		{"unwritable", breakFolder},
		{"deleted", func(t *testing.T, dir string) func() {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			return func() {}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store, db := contenttest.Seeded(t)
			dir := t.TempDir()
			engine, err := bleve.Open(dir, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = engine.Close() })
			syncer := search.NewSyncer(engine, slog.New(slog.DiscardHandler), store.SearchSources()...)
			syncer.Interval = 10 * time.Millisecond
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); syncer.Run(ctx) }()
			defer func() { cancel(); <-done }()
			waitLong(t, syncer, func() bool {
				return dirtyCount(t, db, content.CollCourses)+dirtyCount(t, db, content.CollRoles) == 0
			})
			courses, err := engine.Stats(ctx, search.Courses)
			if err != nil || courses.Count == 0 {
				t.Fatalf("courses before the failure: %+v %v", courses, err)
			}

			repair := tc.break_(t, dir)
			role, err := store.Role(ctx, "bueroleiter")
			if err != nil {
				t.Fatal(err)
			}
			role.Summary.DE = "Zwischenstand Zebrafink"
			if err := store.EditRole(ctx, role, "admin"); err != nil {
				t.Fatalf("a write must succeed while the index is broken: %v", err)
			}
			syncer.Wake()
			if tc.name == "unwritable" {
				// The index is closed on each failed write and reopened for
				// reading at most every 2 s: poll until the status names it
				// and a search on it answers Unavailable; never anything else.
				waitLong(t, syncer, func() bool {
					_, down := syncer.Status().Unavailable[search.Roles]
					_, err := engine.Search(ctx, search.Roles, search.Query{Page: 1, Limit: 1})
					if err != nil && !apperr.Is(err, apperr.Unavailable) {
						t.Fatalf("search on the broken index: %v, want a result or Unavailable", err)
					}
					return down && apperr.Is(err, apperr.Unavailable)
				})
			} else {
				waitLong(t, syncer, func() bool { return syncer.Status().Failures > 0 })
				// A deleted folder is recreated at once. Let the worker confirm
				// the first edit before the second, so the second edit is an
				// indexing round of its own (confirms and edits no longer race:
				// content writes hold a per-document lock, see
				// content.TestAdminEditsSurviveSearchConfirms).
				waitLong(t, syncer, func() bool { return dirtyCount(t, db, content.CollRoles) == 0 })
			}
			role.Summary.DE = "Endgültig Kolibri"
			if err := store.EditRole(ctx, role, "admin"); err != nil {
				t.Fatalf("a write must succeed while the index is broken: %v", err)
			}

			repair()
			syncer.Wake()
			waitLong(t, syncer, func() bool {
				res, err := engine.Search(ctx, search.Roles, search.Query{Text: "Kolibri", Page: 1, Limit: 10})
				if err != nil || res.Total != 1 {
					return false
				}
				st, err := engine.Stats(ctx, search.Courses)
				return err == nil && st.Count == courses.Count
			})
			if res, err := engine.Search(ctx, search.Roles, search.Query{Text: "Zebrafink", Page: 1, Limit: 10}); err != nil || res.Total != 0 {
				t.Fatalf("the intermediate edit is indexed: %+v %v", res, err)
			}
			waitLong(t, syncer, func() bool { st := syncer.Status(); return len(st.Unavailable) == 0 && st.Failures == 0 })
		})
	}
}

// waitLong waits up to a minute (a loaded machine running the race
// detector is slow to reopen and refill indexes) and reports the worker's
// status when the condition is not reached.
func waitLong(t *testing.T, syncer *search.Syncer, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("the index did not converge; status %+v", syncer.Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rejecting wraps the real engine and refuses one document for good, as
// Meilisearch does with a document it calls invalid.
type rejecting struct {
	search.Index
	id string
}

func (r *rejecting) Upsert(ctx context.Context, k search.Kind, docs []search.Document) error {
	var keep []search.Document
	for _, d := range docs {
		if d.ID != r.id {
			keep = append(keep, d)
		}
	}
	if err := r.Index.Upsert(ctx, k, keep); err != nil {
		return err
	}
	if len(keep) < len(docs) {
		return &search.RejectedError{Kind: k, IDs: []string{r.id}, Err: apperr.New(apperr.Invalid, "invalid document")}
	}
	return nil
}

// TestRejectedDocumentsDoNotBlockTheBatch: a document the engine refuses
// for good no longer makes the whole batch fail on every pass; the rest is
// indexed and confirmed.
func TestRejectedDocumentsDoNotBlockTheBatch(t *testing.T) {
	store, db := contenttest.Seeded(t)
	engine, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = engine.Close() })
	syncer := search.NewSyncer(&rejecting{Index: engine, id: "bueroleiter"}, slog.New(slog.DiscardHandler), store.SearchSources()...)
	ctx := context.Background()
	if err := syncer.ApplySchemas(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.Pass(ctx); err != nil {
		t.Fatalf("a pass with one rejected document: %v", err)
	}
	if d := dirtyCount(t, db, content.CollRoles); d != 0 {
		t.Fatalf("%d roles still dirty: the batch was retried", d)
	}
	ids, err := engine.IDs(ctx, search.Roles)
	if err != nil || len(ids) == 0 || slices.Contains(ids, "bueroleiter") {
		t.Fatalf("roles indexed: %v %v", ids, err)
	}
}
