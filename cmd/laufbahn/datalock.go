package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Two processes must never open the embedded database (FerretDB's SQLite
// files) or the embedded Bleve index on the same data directory: FerretDB
// caches its table metadata per process, so a second writer corrupts the
// first one's view (an admin created beside a running server got a setup
// link the server called invalid, and every sign-up then failed until a
// restart). So every command that opens an embedded backend first takes an
// exclusive flock on <data>/LOCK, held until it returns, and a second
// command refuses at once with a message naming the holder. Commands that
// use only MongoDB (MONGODB_URI) and, where they search, Meilisearch
// (MEILI_URL) take no lock and run beside any number of servers.

// dataLockFile is the lock file's name inside the data directory.
const dataLockFile = "LOCK"

// dataLock is a held lock on a data directory; a nil *dataLock holds none.
type dataLock struct{ f *os.File }

// lockDataDir takes the data directory's lock for command when it opens an
// embedded backend: the database when MONGODB_URI is empty, the search
// index when searches is true and MEILI_URL is empty.
func lockDataDir(cfg Config, command string, searches bool) (*dataLock, error) {
	if cfg.MongoURI != "" && (!searches || cfg.MeiliURL != "") {
		return nil, nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(cfg.DataDir, dataLockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(path)
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			who := strings.TrimSpace(string(holder))
			if who == "" {
				who = "another process"
			}
			return nil, fmt.Errorf("the data directory %s is in use (%s): its embedded database and search index belong to that process. "+
				"Stop it before running %q, or run both against MongoDB (MONGODB_URI) and Meilisearch (MEILI_URL)", cfg.DataDir, who, command)
		}
		return nil, fmt.Errorf("lock the data directory %s: %w", cfg.DataDir, err)
	}
	// The holder's description is only for the refusal message of others.
	if err := f.Truncate(0); err == nil {
		_, _ = fmt.Fprintf(f, "laufbahn %s, pid %d, since %s\n", command, os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	}
	return &dataLock{f: f}, nil
}

// release gives the lock up.
func (l *dataLock) release() {
	if l == nil {
		return
	}
	_ = l.f.Truncate(0)
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	_ = l.f.Close()
}
