package mongodb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Compact makes deleted documents unreadable in the embedded database's
// files. SQLite leaves a deleted row's bytes in the page it freed and in
// the write-ahead log until they are reused, so an erased account's address
// could still be read from <data>/db. Compact checkpoints the WAL into each
// database file, rebuilds the file (VACUUM: only live rows are copied, the
// file is rewritten and truncated) and checkpoints again with TRUNCATE, so
// the WAL ends empty. It runs beside embedded FerretDB through the
// connection the _id indexer holds (SQLite's own locking, with FerretDB's
// busy timeout), and takes about as long as copying the database once.
// Against MongoDB it does nothing: there the server owns its storage.
func (c *Conn) Compact(ctx context.Context) error {
	if c.ids == nil {
		return nil
	}
	return c.ids.compactAll(ctx)
}

func (x *idIndexer) compactAll(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	if err != nil {
		return err
	}
	var errs []error
	for _, f := range files {
		if err := x.compact(ctx, strings.TrimSuffix(filepath.Base(f), ".sqlite")); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (x *idIndexer) compact(ctx context.Context, name string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	db, err := x.open(name)
	if err != nil || db == nil {
		return err
	}
	if err := checkpoint(ctx, db); err != nil {
		return fmt.Errorf("mongodb: checkpoint %s: %w", name, err)
	}
	if _, err := db.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("mongodb: vacuum %s: %w", name, err)
	}
	if err := checkpoint(ctx, db); err != nil {
		return fmt.Errorf("mongodb: checkpoint %s: %w", name, err)
	}
	return nil
}

// checkpoint copies the whole WAL into the database file and truncates it.
// A reader of an older snapshot keeps it from finishing (SQLite then answers
// busy = 1); it is tried again until ctx ends.
func checkpoint(ctx context.Context, db *sql.DB) error {
	for {
		var busy, logFrames, done int
		if err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done); err != nil {
			return err
		}
		if busy == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("readers kept the write-ahead log busy: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
