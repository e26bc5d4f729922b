package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// eraser removes what is left of a deleted account's e-mail address in the
// data directory once its documents are gone: the mail files that mention
// it (the deletion's own confirmation included, so the outbox is flushed
// first) and the deleted rows that SQLite keeps in free pages and the WAL
// (mongodb.Conn.Compact). It runs in the background, one erasure at a time,
// and the address is held only in memory while it runs.
type eraser struct {
	conn   *mongodb.Conn
	outbox *mail.Outbox
	files  *mail.Files // nil when mail goes out by SMTP
	log    *slog.Logger

	mu sync.Mutex // one erasure at a time: Compact rewrites the files
	wg sync.WaitGroup
}

// eraseTimeout bounds one erasure (Compact copies the database once).
const eraseTimeout = 10 * time.Minute

// eraser returns the api.Deps.Erase hook for conn.
func (a *accounts) eraser(conn *mongodb.Conn) func(ctx context.Context, email string) {
	a.erase = &eraser{conn: conn, outbox: a.outbox, files: a.files, log: a.log.With("component", "erase")}
	return a.erase.Erase
}

// Erase starts erasing email and returns at once.
func (e *eraser) Erase(ctx context.Context, email string) {
	ctx = context.WithoutCancel(ctx)
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				e.log.Error("erasing a deleted account panicked", "panic", r)
			}
		}()
		e.mu.Lock()
		defer e.mu.Unlock()
		ctx, cancel := context.WithTimeout(ctx, eraseTimeout)
		defer cancel()
		start := time.Now()
		if err := e.outbox.Flush(ctx); err != nil {
			e.log.Warn("mail to the deleted account still queued", "err", err)
		}
		mails := 0
		if e.files != nil {
			var err error
			if mails, err = e.files.Erase(email); err != nil {
				e.log.Error("removing the deleted account's mail files", "err", err)
			}
		}
		if err := e.conn.Compact(ctx); err != nil {
			e.log.Error("compacting the database after an account deletion", "err", err)
			return
		}
		e.log.Info("a deleted account's address was erased from the data directory", "mail_files", mails, "took", time.Since(start).String())
	}()
}

// wait blocks until the erasures started so far are done.
func (e *eraser) wait() { e.wg.Wait() }
