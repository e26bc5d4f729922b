package mongodb

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// sqlCapture records the SQL statements embedded FerretDB logs at debug
// level (">>> SELECT ...") before running them.
type sqlCapture struct {
	mu    *sync.Mutex
	stmts *[]string
}

func (h sqlCapture) Enabled(context.Context, slog.Level) bool { return true }
func (h sqlCapture) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h sqlCapture) WithGroup(string) slog.Handler            { return h }
func (h sqlCapture) Handle(_ context.Context, r slog.Record) error {
	if q, ok := strings.CutPrefix(r.Message, ">>> "); ok {
		h.mu.Lock()
		*h.stmts = append(*h.stmts, q)
		h.mu.Unlock()
	}
	return nil
}

func (h sqlCapture) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := *h.stmts
	*h.stmts = nil
	return s
}

// TestIDLookupsUseIndex runs _id lookups, updates and deletes through the
// driver, takes the SQL statements embedded FerretDB issued for them, and
// checks with EXPLAIN QUERY PLAN that SQLite answers each through the _id
// expression index instead of walking the table.
func TestIDLookupsUseIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	capture := sqlCapture{mu: &sync.Mutex{}, stmts: new([]string)}
	open := func() *Conn {
		c, err := Open(ctx, Config{Database: "idx", DataDir: dir, ferretLog: capture})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := open()
	coll := c.DB.Collection("postings")
	docs := make([]any, 300)
	for i := range docs {
		docs[i] = bson.M{"_id": fmt.Sprintf("p-%03d", i), "n": i, "text": strings.Repeat("x", 200)}
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	oid := bson.NewObjectID()
	if _, err := coll.InsertOne(ctx, bson.M{"_id": oid, "n": -1}); err != nil {
		t.Fatal(err)
	}
	capture.take()

	var got struct{ N int }
	if err := coll.FindOne(ctx, bson.M{"_id": "p-299"}).Decode(&got); err != nil || got.N != 299 {
		t.Fatalf("find newest: %v %+v", err, got)
	}
	if err := coll.FindOne(ctx, bson.M{"_id": oid}).Decode(&got); err != nil || got.N != -1 {
		t.Fatalf("find by ObjectID: %v %+v", err, got)
	}
	if r, err := coll.UpdateOne(ctx, bson.M{"_id": "p-298"}, bson.M{"$set": bson.M{"n": 1000}}); err != nil || r.ModifiedCount != 1 {
		t.Fatalf("update: %v %+v", err, r)
	}
	if r, err := coll.DeleteOne(ctx, bson.M{"_id": "p-297"}); err != nil || r.DeletedCount != 1 {
		t.Fatalf("delete: %v %+v", err, r)
	}
	if n, err := coll.CountDocuments(ctx, bson.M{}); err != nil || n != 300 {
		t.Fatalf("count after delete: %d %v", n, err)
	}
	if err := coll.FindOne(ctx, bson.M{"_id": "p-298"}).Decode(&got); err != nil || got.N != 1000 {
		t.Fatalf("updated document: %v %+v", err, got)
	}

	var lookups []string
	kinds := map[string]int{}
	for _, q := range capture.take() {
		if !strings.Contains(q, ferretIDExpr) {
			continue
		}
		lookups = append(lookups, q)
		kinds[strings.Fields(q)[0]]++
	}
	for _, k := range []string{"SELECT", "UPDATE", "DELETE"} {
		if kinds[k] == 0 {
			t.Fatalf("FerretDB issued no %s on %s; statements: %q", k, ferretIDExpr, lookups)
		}
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "db", "idx.sqlite")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range lookups {
		plan := explain(t, db, q)
		t.Logf("%s\n    plan: %s", q, plan)
		if !strings.Contains(plan, "USING INDEX "+idIndexPrefix) {
			t.Errorf("%s\nplan: %s\nwant a search using the %s* index", q, plan, idIndexPrefix)
		}
	}

	// Without our index the same statement walks the table: the check
	// above can fail.
	var table string
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = 'postings'`).Scan(&table); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf(`DROP INDEX %q`, idIndexPrefix+table)); err != nil {
		t.Fatal(err)
	}
	if plan := explain(t, db, lookups[0]); !strings.Contains(plan, "SCAN") || strings.Contains(plan, idIndexPrefix) {
		t.Fatalf("without the index: plan %s, want a table scan", plan)
	}

	// A restart recreates it for collections of an earlier run.
	if err := c.Close(ctx); err != nil {
		t.Fatal(err)
	}
	c = open()
	defer c.Close(ctx)
	if !hasIDIndex(t, db, table) {
		t.Fatal("the index was not recreated at start")
	}

	// A collection created while running, and one dropped and created
	// again (a new table), get it before the creating call returns.
	for _, name := range []string{"fresh", "postings"} {
		if name == "postings" {
			if err := c.DB.Collection(name).Drop(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c.DB.Collection(name).InsertOne(ctx, bson.M{"_id": "a"}); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = ?`, name).Scan(&table); err != nil {
			t.Fatal(err)
		}
		if !hasIDIndex(t, db, table) {
			t.Errorf("collection %s (table %s) has no _id index after its first insert", name, table)
		}
	}
}

func explain(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	n := strings.Count(q, "?")
	args := make([]any, n)
	for i := range args {
		args[i] = `"x"`
	}
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "; ")
}

func hasIDIndex(t *testing.T, db *sql.DB, table string) bool {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name = ?`,
		table, idIndexPrefix+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}
