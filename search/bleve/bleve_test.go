package bleve

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/searchtest"
)

func open(t *testing.T, dir string, log *slog.Logger) *Engine {
	t.Helper()
	e, err := Open(dir, log)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func TestContract(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index {
		e := open(t, t.TempDir(), nil)
		e.UseVocabulary(searchtest.Words(t))
		return e
	})
}

// logBuffer collects log lines for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// seed writes two postings into the jobs index of dir and closes it.
func seed(t *testing.T, dir string) {
	t.Helper()
	e, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := []search.Document{searchtest.Jobs()[0].Document(), searchtest.Jobs()[1].Document()}
	if err := e.Upsert(context.Background(), search.Jobs, docs); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, e *Engine, k search.Kind) int {
	t.Helper()
	s, err := e.Stats(context.Background(), k)
	if err != nil {
		t.Fatalf("Stats(%s): %v", k, err)
	}
	return s.Count
}

func TestFreshIndexesNeedFilling(t *testing.T) {
	e := open(t, t.TempDir(), nil)
	if got := e.Rebuilt(); !slices.Equal(got, search.Kinds) {
		t.Errorf("Rebuilt() = %v on a new directory, want every kind %v", got, search.Kinds)
	}
	if e.Engine() != "bleve" {
		t.Errorf("Engine() = %q", e.Engine())
	}
}

func TestSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir)
	var logs logBuffer
	e := open(t, dir, logs.logger())
	if got := e.Rebuilt(); len(got) != 0 {
		t.Errorf("Rebuilt() = %v after a clean restart, want none", got)
	}
	if n := count(t, e, search.Jobs); n != 2 {
		t.Errorf("%d postings after restart, want 2", n)
	}
	res, err := e.Search(context.Background(), search.Jobs, search.Query{Text: "Buchhaltung", Page: 1, Limit: 10})
	if err != nil || res.Total == 0 {
		t.Errorf("search after restart: %v, %+v", err, res)
	}
	if strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("warnings on a clean restart:\n%s", logs.String())
	}
}

// TestRecreatesDamagedIndex damages the jobs index in several ways; each
// time Open must log a warning, report the kind as rebuilt and leave a
// working empty index, while the other kinds stay as they were.
func TestRecreatesDamagedIndex(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"garbage root.bolt", func(t *testing.T, path string) {
			overwrite(t, filepath.Join(path, "store", "root.bolt"), bytes.Repeat([]byte("garbage!"), 4096))
		}},
		{"truncated segment", func(t *testing.T, path string) {
			segs, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segment file to damage")
			}
			for _, s := range segs {
				overwrite(t, s, []byte("zap"))
			}
		}},
		{"garbage index_meta.json", func(t *testing.T, path string) {
			overwrite(t, filepath.Join(path, "index_meta.json"), []byte("{not json"))
		}},
		{"not an index at all", func(t *testing.T, path string) {
			if err := os.RemoveAll(path); err != nil {
				t.Fatal(err)
			}
			overwrite(t, path, []byte("hello"))
		}},
		{"built for another schema", func(t *testing.T, path string) {
			e, err := Open(filepath.Dir(path), nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.indexes[search.Jobs].ix.SetInternal(fingerprintKey, []byte("older")); err != nil {
				t.Fatal(err)
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			seed(t, dir)
			c.damage(t, filepath.Join(dir, "jobs.bleve"))

			var logs logBuffer
			e := open(t, dir, logs.logger())
			if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "kind=jobs") {
				t.Errorf("want a warning naming the jobs index; log:\n%s", logs.String())
			}
			if got := e.Rebuilt(); !slices.Equal(got, []search.Kind{search.Jobs}) {
				t.Errorf("Rebuilt() = %v, want [jobs]", got)
			}
			if n := count(t, e, search.Jobs); n != 0 {
				t.Errorf("recreated index has %d documents, want 0", n)
			}
			// The recreated index works and survives another restart.
			if err := e.Upsert(context.Background(), search.Jobs, []search.Document{searchtest.Jobs()[0].Document()}); err != nil {
				t.Fatal(err)
			}
			res, err := e.Search(context.Background(), search.Jobs, search.Query{Text: "Buchhaltung", Page: 1, Limit: 10})
			if err != nil || res.Total != 1 {
				t.Fatalf("search in recreated index: %v, total %d", err, res.Total)
			}
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			e2 := open(t, dir, nil)
			if got := e2.Rebuilt(); len(got) != 0 {
				t.Errorf("Rebuilt() = %v on the next start, want none", got)
			}
			if n := count(t, e2, search.Jobs); n != 1 {
				t.Errorf("%d postings after the next restart, want 1", n)
			}
		})
	}
}

func overwrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestApplyChangedSchemaRecreates(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir)
	var logs logBuffer
	e := open(t, dir, logs.logger())
	ctx := context.Background()
	if err := e.Apply(ctx, search.JobSchema); err != nil {
		t.Fatal(err)
	}
	if len(e.Rebuilt()) != 0 || count(t, e, search.Jobs) != 2 {
		t.Fatalf("applying the same schema must change nothing: rebuilt %v, count %d", e.Rebuilt(), count(t, e, search.Jobs))
	}
	changed := search.JobSchema
	changed.Fields = slices.Clone(changed.Fields)
	changed.Fields = append(changed.Fields, search.Field{Name: "benefits", Type: search.Text, Searchable: true})
	if err := e.Apply(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if got := e.Rebuilt(); !slices.Equal(got, []search.Kind{search.Jobs}) || count(t, e, search.Jobs) != 0 {
		t.Errorf("after a schema change: rebuilt %v, count %d; want [jobs], 0", got, count(t, e, search.Jobs))
	}
	if !strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("want a warning; log:\n%s", logs.String())
	}
}

func TestUpsertRejectsBadDocuments(t *testing.T) {
	e := open(t, t.TempDir(), nil)
	ctx := context.Background()
	for _, d := range []search.Document{
		{ID: "bad id!", Fields: map[string]any{"title": "x"}},
		{ID: "ok", Fields: map[string]any{"colour": "blue"}},
		{ID: "ok", Fields: map[string]any{"salaryMin": "viel"}},
		{ID: "ok", Fields: map[string]any{"fixedTerm": "ja"}},
		{ID: "ok", Fields: map[string]any{"skills": []int{1}}},
	} {
		if err := e.Upsert(ctx, search.Jobs, []search.Document{d}); err == nil {
			t.Errorf("Upsert(%+v) succeeded, want an error", d)
		}
	}
	if n := count(t, e, search.Jobs); n != 0 {
		t.Errorf("%d documents after rejected upserts", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	e := open(t, t.TempDir(), nil)
	ctx := context.Background()
	for _, s := range []search.Schema{search.JobSchema, search.CourseSchema, search.RoleSchema} {
		if err := e.Apply(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	jobs := searchtest.Jobs()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(jobs); i += 4 {
				if err := e.Upsert(ctx, search.Jobs, []search.Document{jobs[i].Document()}); err != nil {
					t.Error(err)
				}
				q := search.Query{Text: "Buchhaltung", Facets: []string{"bundesland"}, Page: 1, Limit: 5}
				if _, err := e.Search(ctx, search.Jobs, q); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if n := count(t, e, search.Jobs); n != len(jobs) {
		t.Errorf("%d postings, want %d", n, len(jobs))
	}
}

func TestClosedEngineIsUnavailable(t *testing.T) {
	e, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	_, err = e.Search(context.Background(), search.Jobs, search.Query{Page: 1, Limit: 10})
	if !apperr.Is(err, apperr.Unavailable) {
		t.Errorf("Search after Close: %v, want unavailable", err)
	}
	if err := e.Upsert(context.Background(), search.Jobs, nil); !apperr.Is(err, apperr.Unavailable) {
		t.Errorf("Upsert after Close: %v, want unavailable", err)
	}
}

// TestOddQueries: whatever people type, a search answers without error.
func TestOddQueries(t *testing.T) {
	e := open(t, t.TempDir(), nil)
	ctx := context.Background()
	var docs []search.Document
	for _, j := range searchtest.Jobs() {
		docs = append(docs, j.Document())
	}
	if err := e.Upsert(ctx, search.Jobs, docs); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"", " ", "!!!", "a", "ä", "ß", "ae", "—", "Back-", "-Office", "Back--Office", "für", "für ",
		"e", "m/w/d", "(m/w/d)", "2026", "10115", "😀 Büro", "Büro\u00a0Management", "O'Reilly", `"Buchhaltung"`, "<script>",
		strings.Repeat("Büro ", 40), strings.Repeat("x", 200), "Kaufmann Kauffrau Kaufleute Büroleiter Office Manager Assistenz"} {
		q := search.Query{Text: text, Facets: []string{"bundesland"}, Page: 1, Limit: 5}
		if _, err := e.Search(ctx, search.Jobs, q); err != nil {
			t.Errorf("Search(%q): %v", text, err)
		}
	}
	if res, err := e.Search(ctx, search.Jobs, search.Query{Text: "für", Page: 1, Limit: 5}); err != nil || res.Total == len(docs) {
		t.Errorf(`"für" (a stop word being typed, so a prefix): total %d, err %v`, res.Total, err)
	}
}

// TestRelevance runs the relevance set (search/searchtest/relevance.yaml);
// its figures are in docs/BENCHMARKS.md.
func TestRelevance(t *testing.T) {
	rep := searchtest.Relevance(t, func(t *testing.T) search.Index {
		e := open(t, t.TempDir(), nil)
		e.UseVocabulary(searchtest.Words(t))
		return e
	})
	t.Log(rep)
	if len(rep.Results) < 60 {
		t.Errorf("the relevance set has %d queries, want at least 60", len(rep.Results))
	}
}
