package search_test

import (
	"context"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

// flaky wraps the real engine and fails every write while down, as an
// unreachable engine would.
type flaky struct {
	search.Index
	down atomic.Bool
}

func (f *flaky) err() error { return apperr.New(apperr.Unavailable, "engine unreachable") }

func (f *flaky) Upsert(ctx context.Context, k search.Kind, docs []search.Document) error {
	if f.down.Load() {
		return f.err()
	}
	return f.Index.Upsert(ctx, k, docs)
}

func (f *flaky) Delete(ctx context.Context, k search.Kind, ids []string) error {
	if f.down.Load() {
		return f.err()
	}
	return f.Index.Delete(ctx, k, ids)
}

func (f *flaky) IDs(ctx context.Context, k search.Kind) ([]string, error) {
	if f.down.Load() {
		return nil, f.err()
	}
	return f.Index.IDs(ctx, k)
}

type env struct {
	store  *content.Store
	idx    *flaky
	syncer *search.Syncer
	db     *mongo.Database
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	store, db := contenttest.Seeded(t)
	engine, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = engine.Close() })
	idx := &flaky{Index: engine}
	syncer := search.NewSyncer(idx, slog.New(slog.DiscardHandler), store.SearchSources()...)
	if err := syncer.ApplySchemas(ctx); err != nil {
		t.Fatal(err)
	}
	return &env{store: store, idx: idx, syncer: syncer, db: db}
}

func (e *env) find(t *testing.T, k search.Kind, text string) []string {
	t.Helper()
	res, err := e.idx.Search(context.Background(), k, search.Query{Text: text, Page: 1, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func dirtyCount(t *testing.T, db *mongo.Database, coll string) int64 {
	t.Helper()
	n, err := db.Collection(coll).CountDocuments(context.Background(), bson.D{{Key: "searchDirty", Value: true}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWriteBecomesSearchable(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if dirtyCount(t, e.db, content.CollCourses) == 0 {
		t.Fatal("seeded courses must start dirty")
	}
	n, err := e.syncer.Pass(ctx)
	if err != nil || n == 0 {
		t.Fatalf("pass: %d %v", n, err)
	}
	if got := e.find(t, search.Courses, "bueromanagment"); !contains(got, "ausbildung-kaufmann-bueromanagement") {
		t.Fatalf("the Büromanagement training is not found by 'bueromanagment': %v", got)
	}
	if got := e.find(t, search.Roles, "Büroleiter"); !contains(got, "bueroleiter") {
		t.Fatalf("role not found: %v", got)
	}
	for _, coll := range []string{content.CollCourses, content.CollRoles} {
		if d := dirtyCount(t, e.db, coll); d != 0 {
			t.Errorf("%s: %d documents still dirty after a pass", coll, d)
		}
	}
	var r struct{ Version, IndexedVersion int64 }
	if err := e.db.Collection(content.CollRoles).FindOne(ctx, bson.D{{Key: "slug", Value: "bueroleiter"}}).Decode(&r); err != nil || r.IndexedVersion != r.Version {
		t.Fatalf("indexedVersion %d, version %d, err %v", r.IndexedVersion, r.Version, err)
	}
	if st := e.syncer.Status(); st.Failures != 0 || st.LastSuccess.IsZero() || st.Engine != "bleve" || st.Pending[search.Courses] != 0 || st.Pending[search.Roles] != 0 {
		t.Fatalf("status %+v", st)
	}
}

func TestEngineDownWritesSucceedThenConverge(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	e.idx.down.Store(true)
	role, err := e.store.Role(ctx, "bueroleiter")
	if err != nil {
		t.Fatal(err)
	}
	// Two quick edits while the engine is down: the last one must win.
	role.Summary.DE = "Zwischenstand Zebrafink"
	if err := e.store.EditRole(ctx, role, "admin"); err != nil {
		t.Fatalf("write must succeed with the engine down: %v", err)
	}
	role.Summary.DE = "Endgültig Kolibri"
	if err := e.store.EditRole(ctx, role, "admin"); err != nil {
		t.Fatalf("write must succeed with the engine down: %v", err)
	}
	if _, err := e.syncer.Pass(ctx); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("pass with the engine down: %v", err)
	}
	if d := dirtyCount(t, e.db, content.CollRoles); d != 1 {
		t.Fatalf("%d roles dirty while down, want 1", d)
	}
	if p := e.syncer.Status().Pending[search.Roles]; p != 1 {
		t.Fatalf("status reports %d roles pending while down, want 1", p)
	}
	e.idx.down.Store(false)
	if _, err := e.syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.find(t, search.Roles, "Kolibri"); !contains(got, "bueroleiter") {
		t.Fatalf("last edit not indexed: %v", got)
	}
	if got := e.find(t, search.Roles, "Zebrafink"); len(got) != 0 {
		t.Fatalf("intermediate edit still indexed: %v", got)
	}
	if d := dirtyCount(t, e.db, content.CollRoles); d != 0 {
		t.Fatalf("%d roles still dirty", d)
	}
}

// TestConfirmIsConditional: a write that lands between reading a dirty
// document and confirming it keeps the document dirty.
func TestConfirmIsConditional(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var roles search.Source
	for _, s := range e.store.SearchSources() {
		if s.Kind() == search.Roles {
			roles = s
		}
	}
	changes, err := roles.Dirty(ctx, 100)
	if err != nil || len(changes) != 4 {
		t.Fatalf("dirty roles: %d %v", len(changes), err)
	}
	r, _ := e.store.Role(ctx, changes[0].ID)
	r.Summary.DE = "Neuere Fassung"
	if err := e.store.EditRole(ctx, r, "admin"); err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if err := roles.Confirm(ctx, c.ID, c.Version, false); err != nil {
			t.Fatal(err)
		}
	}
	again, err := roles.Dirty(ctx, 100)
	if err != nil || len(again) != 1 || again[0].ID != changes[0].ID || again[0].Version != changes[0].Version+1 {
		t.Fatalf("after a concurrent edit: %+v %v", again, err)
	}
}

func TestReindexAndReconcile(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ghost := search.Document{ID: "geisterkurs", Fields: map[string]any{"title": "Geisterkurs", "format": "online"}}
	if err := e.idx.Upsert(ctx, search.Courses, []search.Document{ghost}); err != nil {
		t.Fatal(err)
	}
	n, err := e.syncer.Reindex(ctx, search.Courses)
	if err != nil {
		t.Fatal(err)
	}
	dbCount, err := e.db.Collection(content.CollCourses).CountDocuments(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.idx.Stats(ctx, search.Courses)
	if err != nil {
		t.Fatal(err)
	}
	if int64(n) != dbCount || int64(st.Count) != dbCount {
		t.Fatalf("reindexed %d, index holds %d, database has %d", n, st.Count, dbCount)
	}
	if got := e.find(t, search.Courses, "Geisterkurs"); len(got) != 0 {
		t.Fatalf("a document the database does not have survived reindex: %v", got)
	}

	// Drift the other way: a document missing from the index is marked
	// dirty by Reconcile and indexed by the next pass.
	if err := e.idx.Delete(ctx, search.Courses, []string{"bachelor-bwl"}); err != nil {
		t.Fatal(err)
	}
	if err := e.syncer.Reconcile(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.find(t, search.Courses, "Betriebswirtschaftslehre"); !contains(got, "bachelor-bwl") {
		t.Fatalf("reconcile did not restore the course: %v", got)
	}
}

// thingSource is a minimal search source over a real MongoDB collection with
// soft deletes, the pattern features with deletable documents follow: a
// delete sets deletedAt and marks the document dirty; after the engine
// confirmed the removal the document is purged.
type thingSource struct{ coll *mongo.Collection }

type thing struct {
	ID        string     `bson:"_id"`
	Title     string     `bson:"title"`
	Version   int64      `bson:"version"`
	Dirty     bool       `bson:"searchDirty"`
	DeletedAt *time.Time `bson:"deletedAt,omitempty"`
}

func (s thingSource) Kind() search.Kind { return search.Courses }

func (s thingSource) write(t *testing.T, id, title string) {
	t.Helper()
	_, err := s.coll.UpdateOne(context.Background(), bson.D{{Key: "_id", Value: id}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "title", Value: title}, {Key: "searchDirty", Value: true}}},
		{Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}},
	}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		t.Fatal(err)
	}
}

func (s thingSource) softDelete(t *testing.T, id string) {
	t.Helper()
	_, err := s.coll.UpdateOne(context.Background(), bson.D{{Key: "_id", Value: id}}, bson.D{
		{Key: "$set", Value: bson.D{{Key: "deletedAt", Value: time.Now()}, {Key: "searchDirty", Value: true}}},
		{Key: "$inc", Value: bson.D{{Key: "version", Value: 1}}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (s thingSource) doc(x thing) search.Document {
	return search.Document{ID: x.ID, Fields: map[string]any{"title": x.Title, "format": "online"}}
}

func (s thingSource) Dirty(ctx context.Context, limit int) ([]search.Change, error) {
	cur, err := s.coll.Find(ctx, bson.D{{Key: "searchDirty", Value: true}}, options.Find().SetLimit(int64(limit)))
	if err != nil {
		return nil, err
	}
	var all []thing
	if err := cur.All(ctx, &all); err != nil {
		return nil, err
	}
	var out []search.Change
	for _, x := range all {
		c := search.Change{ID: x.ID, Version: x.Version}
		if x.DeletedAt == nil {
			d := s.doc(x)
			c.Doc = &d
		}
		out = append(out, c)
	}
	return out, nil
}

func (s thingSource) Confirm(ctx context.Context, id string, v int64, removed bool) error {
	filter := bson.D{{Key: "_id", Value: id}, {Key: "version", Value: v}}
	if removed {
		_, err := s.coll.DeleteOne(ctx, filter)
		return err
	}
	_, err := s.coll.UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "searchDirty", Value: false}}}})
	return err
}

func (s thingSource) All(ctx context.Context, fn func([]search.Document) error) error {
	cur, err := s.coll.Find(ctx, bson.D{{Key: "deletedAt", Value: nil}})
	if err != nil {
		return err
	}
	var all []thing
	if err := cur.All(ctx, &all); err != nil {
		return err
	}
	var docs []search.Document
	for _, x := range all {
		docs = append(docs, s.doc(x))
	}
	if len(docs) == 0 {
		return nil
	}
	return fn(docs)
}

func (s thingSource) IDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.All(ctx, func(docs []search.Document) error {
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
		return nil
	})
	return ids, err
}

func (s thingSource) MarkDirty(ctx context.Context, ids []string) error {
	_, err := s.coll.UpdateMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, bson.D{{Key: "$set", Value: bson.D{{Key: "searchDirty", Value: true}}}})
	return err
}

func TestDeletesConvergeAfterOutage(t *testing.T) {
	ctx := context.Background()
	db := mongodbtest.New(t)
	engine, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	idx := &flaky{Index: engine}
	src := thingSource{coll: db.Collection("things")}
	syncer := search.NewSyncer(idx, slog.New(slog.DiscardHandler), src)
	if err := syncer.ApplySchemas(ctx); err != nil {
		t.Fatal(err)
	}
	src.write(t, "kurs-a", "Tabellenkalkulation kompakt")
	src.write(t, "kurs-b", "Geschäftsbriefe schreiben")
	if _, err := syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	idx.down.Store(true)
	src.softDelete(t, "kurs-a")
	src.write(t, "kurs-c", "Tabellenkalkulation für Fortgeschrittene")
	if _, err := syncer.Pass(ctx); err == nil {
		t.Fatal("pass succeeded with the engine down")
	}
	if st := syncer.Status(); st.Failures != 0 {
		// Pass itself does not count failures; Run does. Status stays as
		// the last successful pass left it.
		t.Fatalf("status %+v", st)
	}
	idx.down.Store(false)
	if _, err := syncer.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := idx.Search(ctx, search.Courses, search.Query{Text: "Tabellenkalkulation", Page: 1, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != "kurs-c" {
		t.Fatalf("after the outage: %+v", res.Hits)
	}
	if n, _ := src.coll.CountDocuments(ctx, bson.D{{Key: "_id", Value: "kurs-a"}}); n != 0 {
		t.Fatal("the soft-deleted document was not purged after the engine confirmed its removal")
	}
}

// TestRunRecordsFailuresAndRecovers runs the worker loop itself.
func TestRunRecordsFailuresAndRecovers(t *testing.T) {
	e := newEnv(t)
	e.syncer.Interval = 20 * time.Millisecond
	e.idx.down.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.syncer.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, func() bool { return e.syncer.Status().Failures > 0 })
	if st := e.syncer.Status(); st.LastError == "" {
		t.Fatalf("no error recorded: %+v", st)
	}
	e.idx.down.Store(false)
	e.syncer.Wake()
	waitFor(t, func() bool {
		st := e.syncer.Status()
		return st.Failures == 0 && !st.LastSuccess.IsZero() && dirtyCount(t, e.db, content.CollCourses) == 0
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in time")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
