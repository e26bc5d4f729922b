package mongodb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the SQLite driver embedded FerretDB links too
)

// Embedded FerretDB v1.24 (its SQLite backend; v1 is frozen, so the layout is
// stable) keeps each database in <dir>/<database>.sqlite, each collection in a
// table listed in _ferretdb_collections (name → table_name), each document as
// JSON in the column _ferretdb_sjson. It pushes exactly one filter down to
// SQLite, {_id: v}, as `_ferretdb_sjson->'$._id' = ?` (find, and the UPDATE
// and DELETE it issues for every written document), while the unique index it
// creates for _id is on `_ferretdb_sjson->"_id"`. SQLite matches expression
// indexes by their exact expression, so none of those statements use it and
// each walks the table, parsing every row's JSON until the match.
//
// idIndexer adds an expression index on exactly that pushed-down expression to
// every collection table, which turns those walks into index lookups. It is
// idempotent (CREATE INDEX IF NOT EXISTS) and runs at start for every
// database file and whenever a command may have created a collection (see
// Conn.monitor).
const (
	ferretMetadataTable = "_ferretdb_collections"
	// ferretIDExpr is FerretDB's metadata.IDColumn, the expression of its
	// pushed-down _id filter, byte for byte.
	ferretIDExpr = `_ferretdb_sjson->'$._id'`
	// idIndexPrefix names our indexes; FerretDB names its own
	// "<table>_<index name>", so a prefix of ours cannot collide.
	idIndexPrefix = "laufbahn_id__"
)

type idIndexer struct {
	dir string
	log *slog.Logger

	mu  sync.Mutex
	dbs map[string]*sql.DB // by database name
	// done holds "database.collection" whose table has the index.
	done map[string]bool
}

func newIDIndexer(dir string, log *slog.Logger) *idIndexer {
	return &idIndexer{dir: dir, log: log, dbs: map[string]*sql.DB{}, done: map[string]bool{}}
}

// file returns the SQLite file of database name.
func (x *idIndexer) file(name string) string {
	return filepath.Join(x.dir, name+".sqlite")
}

// open returns the connection to database name's file, or nil when the file
// does not exist (yet). x.mu must be held.
func (x *idIndexer) open(name string) (*sql.DB, error) {
	if db := x.dbs[name]; db != nil {
		return db, nil
	}
	path := x.file(name)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	// The same pragmas FerretDB sets: wait for its writers instead of
	// failing, and the WAL journal it already uses.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	x.dbs[name] = db
	return db, nil
}

// ensureAll indexes every collection of every database file in the directory.
func (x *idIndexer) ensureAll(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		return err
	}
	var errs []error
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".sqlite")
		if _, err := x.ensure(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ensure creates the _id expression index on every collection table of
// database name that lacks it and returns how many it created.
func (x *idIndexer) ensure(ctx context.Context, name string) (int, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	db, err := x.open(name)
	if err != nil || db == nil {
		return 0, err
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT c.name, c.table_name,
		EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = %s || c.table_name)
		FROM %q c`, sqlString(idIndexPrefix), ferretMetadataTable))
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return 0, nil // a database without collections yet
		}
		return 0, fmt.Errorf("mongodb: list the tables of %s: %w", name, err)
	}
	type table struct {
		coll, table string
		indexed     bool
	}
	var tables []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.coll, &t.table, &t.indexed); err != nil {
			rows.Close()
			return 0, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	created := 0
	for _, t := range tables {
		if !t.indexed {
			q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, idIndexPrefix+t.table, t.table, ferretIDExpr)
			if _, err := db.ExecContext(ctx, q); err != nil {
				if strings.Contains(err.Error(), "no such table") {
					continue // dropped meanwhile
				}
				return created, fmt.Errorf("mongodb: index _id of %s.%s: %w", name, t.coll, err)
			}
			created++
			x.log.Debug("created the _id lookup index", "database", name, "collection", t.coll, "table", t.table)
		}
		x.done[name+"."+t.coll] = true
	}
	return created, nil
}

// known reports whether collection coll of database name is indexed.
func (x *idIndexer) known(name, coll string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.done[name+"."+coll]
}

// forget drops what is known about a collection (coll != "") or a whole
// database (coll == ""), after a drop: a collection created again under the
// same name gets a new table.
func (x *idIndexer) forget(name, coll string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if coll != "" {
		delete(x.done, name+"."+coll)
		return
	}
	for k := range x.done {
		if strings.HasPrefix(k, name+".") {
			delete(x.done, k)
		}
	}
	if db := x.dbs[name]; db != nil {
		_ = db.Close()
		delete(x.dbs, name)
	}
}

func (x *idIndexer) close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for name, db := range x.dbs {
		_ = db.Close()
		delete(x.dbs, name)
	}
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
