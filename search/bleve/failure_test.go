package bleve

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/searchtest"
)

// makeUnwritable makes every folder under dir refuse new files, as the
// reliability test did with chattr +i: root ignores permission bits, so it
// gets the immutable flag; anyone else gets read-only folders. It returns
// the function that undoes it.
func makeUnwritable(t *testing.T, dir string) (undo func()) {
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
			if os.Geteuid() == 0 {
				flag := "-i"
				if on {
					flag = "+i"
				}
				if out, err := exec.Command("chattr", flag, d).CombinedOutput(); err != nil {
					t.Fatalf("chattr %s %s: %v %s", flag, d, err, out)
				}
			} else {
				mode := os.FileMode(0o755)
				if on {
					mode = 0o555
				}
				if err := os.Chmod(d, mode); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	set(true)
	done := false
	undo = func() {
		if !done {
			done = true
			set(false)
		}
	}
	t.Cleanup(undo)
	return undo
}

// TestFailingIndexWrites is the reliability case of issue 13: with the index
// folder unwritable or deleted, writes failed to persist, Bleve kept a closed
// segment, and the next write or search panicked inside zapx ("assignment to
// entry in nil map"), taking the process down. Now no call panics: the
// failed index is closed, its calls answer Unavailable, the failure is
// logged once, and the index opens again once the folder is usable.
func TestFailingIndexWrites(t *testing.T) {
	for _, tc := range []struct {
		name   string
		break_ func(t *testing.T, dir string) (repair func())
		// keeps says whether the documents indexed before the failure are
		// still there after the repair (a deleted folder starts empty).
		keeps bool
	}{
		{"unwritable folder", func(t *testing.T, dir string) func() { return makeUnwritable(t, dir) }, true},
		{"deleted folder", func(t *testing.T, dir string) func() {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			return func() {}
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			var logs logBuffer
			e := open(t, dir, logs.logger())
			e.retryEvery = 20 * time.Millisecond
			docs := searchtest.Courses()
			if err := e.Upsert(ctx, search.Courses, docs); err != nil {
				t.Fatal(err)
			}
			repair := tc.break_(t, dir)

			sawUnavailable := false
			for i := range 6 {
				err := e.Upsert(ctx, search.Courses, docs[:3])
				switch {
				case apperr.Is(err, apperr.Unavailable):
					sawUnavailable = true
				case err != nil:
					t.Fatalf("write %d on a broken index: %v, want Unavailable", i, err)
				}
				_, err = e.Search(ctx, search.Courses, search.Query{Text: "kaufmann", Page: 1, Limit: 10})
				if err != nil && !apperr.Is(err, apperr.Unavailable) {
					t.Fatalf("search %d on a broken index: %v, want a result or Unavailable", i, err)
				}
				time.Sleep(25 * time.Millisecond)
			}
			if !sawUnavailable {
				t.Fatal("no write reported the broken index")
			}
			if n := strings.Count(logs.String(), "search index failed:"); n != 1 {
				t.Errorf("the failure was logged %d times, want once:\n%s", n, logs.String())
			}
			// The other indexes are untouched.
			if _, err := e.Search(ctx, search.Roles, search.Query{Page: 1, Limit: 1}); err != nil && tc.keeps {
				t.Errorf("roles index: %v", err)
			}

			repair()
			deadline := time.Now().Add(10 * time.Second)
			for {
				err := e.Upsert(ctx, search.Courses, docs)
				if err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the index did not recover after the repair: %v", err)
				}
				time.Sleep(25 * time.Millisecond)
			}
			res, err := e.Search(ctx, search.Courses, search.Query{Page: 1, Limit: 100})
			if err != nil || res.Total != len(docs) {
				t.Fatalf("after the repair: %d documents, err %v; want %d", res.Total, err, len(docs))
			}
			if h := e.Health(); len(h.Unavailable) != 0 {
				t.Errorf("health after the repair: %+v", h)
			}
			if !strings.Contains(logs.String(), "search index writes succeed again") {
				t.Errorf("no recovery logged:\n%s", logs.String())
			}
		})
	}
}

// TestUnwritableFolderAtStart: a start with the index folder unusable (the
// crash loop of issue 13) opens the engine with the index unavailable
// instead of failing, and the index opens once the folder is usable.
func TestUnwritableFolderAtStart(t *testing.T) {
	ctx := context.Background()
	parent := t.TempDir()
	dir := filepath.Join(parent, "search")
	undo := makeUnwritable(t, parent)
	e := open(t, dir, nil)
	e.retryEvery = 10 * time.Millisecond
	h := e.Health()
	if len(h.Unavailable) != len(search.Kinds) {
		t.Fatalf("health with an unusable folder: %+v, want every index unavailable", h)
	}
	if _, err := e.Search(ctx, search.Jobs, search.Query{Page: 1, Limit: 10}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("search: %v, want Unavailable", err)
	}
	undo()
	time.Sleep(20 * time.Millisecond)
	if err := e.Upsert(ctx, search.Jobs, []search.Document{searchtest.Jobs()[0].Document()}); err != nil {
		t.Fatalf("write after the folder became usable: %v", err)
	}
	if n := count(t, e, search.Jobs); n != 1 {
		t.Fatalf("%d jobs indexed, want 1", n)
	}
}
