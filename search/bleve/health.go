package bleve

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// A failing index must never take the process down. Bleve (scorch) keeps a
// batch's segment in memory even when persisting it fails, and closes it at
// the same time: the next write or search on that index panics inside zapx
// ("assignment to entry in nil map"). So every public call runs guarded: a
// panic becomes an error, and an error that shows the index is broken (a
// write Bleve could not persist, any panic) closes that index. The kind then
// answers apperr.Unavailable (the API's 503) until a later call, at most
// every retryEvery, opens it again: from disk, which holds every batch that
// was confirmed (batches wait for persistence), or recreated empty when it
// cannot be read, for the sync worker to refill from MongoDB.

// defaultRetryEvery is how often a call on an unavailable index tries to open
// it again.
const defaultRetryEvery = 2 * time.Second

// downIndex is an index closed after a failure.
type downIndex struct {
	schema search.Schema
	err    error
	since  time.Time
	tried  time.Time
}

// panicError is a panic inside Bleve turned into an error.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic inside bleve: %v", p.value) }

// brokenError marks an error that shows the index ki can no longer be used.
type brokenError struct {
	ki  *kindIndex
	err error
}

func (b *brokenError) Error() string { return b.err.Error() }
func (b *brokenError) Unwrap() error { return b.err }

func broken(ki *kindIndex, err error) error { return &brokenError{ki: ki, err: err} }

// recovered turns a panic into a *panicError; use as defer recovered(&err).
func recovered(err *error) {
	if r := recover(); r != nil {
		*err = &panicError{value: r, stack: debug.Stack()}
	}
}

// guarded runs one public call on kind: it first tries to open the index
// again if it is down, turns a panic into an error and closes the index
// when the call showed it broken.
func (e *Engine) guarded(kind search.Kind, write bool, fn func() error) (err error) {
	e.revive(kind)
	err = func() (err error) {
		defer recovered(&err)
		return fn()
	}()
	var pe *panicError
	var be *brokenError
	isPanic := errors.As(err, &pe)
	switch {
	case err == nil:
		if write {
			e.wrote(kind)
		}
		return nil
	case isPanic || errors.As(err, &be):
		if isPanic {
			e.panics.Add(1)
		}
		var ki *kindIndex
		if be != nil {
			ki = be.ki
		}
		e.fail(kind, ki, err, pe)
		return apperr.Wrap(apperr.Unavailable, err, "the %s search index is unavailable", kind)
	}
	return err
}

// fail closes the index of kind (if ki is nil, whatever index is open) and
// marks it down. It logs the first failure of a streak as an error; repeats
// until a write succeeds again are logged at debug level.
func (e *Engine) fail(kind search.Kind, ki *kindIndex, err error, pe *panicError) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return
	}
	e.streak[kind]++
	attrs := []any{"kind", kind, "err", err, "failures", e.streak[kind], "panics_total", e.panics.Load()}
	if pe != nil {
		attrs = append(attrs, "stack", string(pe.stack))
	}
	if e.streak[kind] == 1 {
		e.log.Error("search index failed: closed it; its searches answer 503 and changes wait in the database until it opens again", attrs...)
	} else {
		e.log.Debug("search index failed again", attrs...)
	}
	open := e.indexes[kind]
	if open == nil || (ki != nil && open != ki) {
		return // already closed, or already replaced by a reopened index
	}
	delete(e.indexes, kind)
	if cerr := closeSafely(open); cerr != nil {
		e.log.Debug("closing the failed search index", "kind", kind, "err", cerr)
	}
	e.markDown(open.schema, err)
}

// wrote records a successful write, which ends a failure streak.
func (e *Engine) wrote(kind search.Kind) {
	e.mu.RLock()
	n := e.streak[kind]
	e.mu.RUnlock()
	if n == 0 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.streak[kind] > 0 {
		e.log.Info("search index writes succeed again", "kind", kind, "after_failures", e.streak[kind])
		delete(e.streak, kind)
	}
}

func closeSafely(ki *kindIndex) (err error) {
	defer recovered(&err)
	return ki.ix.Close()
}

// markDown records kind as unavailable; the caller holds e.mu or owns e.
func (e *Engine) markDown(s search.Schema, err error) {
	now := time.Now()
	if d := e.down[s.Kind]; d != nil {
		d.err = err
		return
	}
	e.down[s.Kind] = &downIndex{schema: s, err: err, since: now, tried: now}
}

// openIndexSafely is openIndex with panics returned as errors.
func (e *Engine) openIndexSafely(s search.Schema) (ki *kindIndex, err error) {
	defer recovered(&err)
	return e.openIndex(s)
}

// revive tries to open a down index again, at most every retryEvery.
func (e *Engine) revive(kind search.Kind) {
	e.mu.RLock()
	d, closed := e.down[kind], e.closed
	e.mu.RUnlock()
	if d == nil || closed {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	d = e.down[kind]
	if d == nil || e.closed || time.Since(d.tried) < e.retryEvery {
		return
	}
	d.tried = time.Now()
	ki, err := e.openIndexSafely(d.schema)
	if err != nil {
		d.err = err
		e.log.Debug("search index still unavailable", "kind", kind, "err", err)
		return
	}
	e.indexes[kind] = ki
	delete(e.down, kind)
	e.log.Info("search index open again", "kind", kind, "unavailable_for", time.Since(d.since).Round(time.Millisecond).String())
}

// Health implements search.HealthReporter: the indexes that are closed
// after a failure, and the panics inside Bleve the engine recovered.
func (e *Engine) Health() search.EngineHealth {
	e.mu.RLock()
	defer e.mu.RUnlock()
	h := search.EngineHealth{Panics: e.panics.Load()}
	if len(e.down) > 0 {
		h.Unavailable = make(map[search.Kind]string, len(e.down))
		for k, d := range e.down {
			h.Unavailable[k] = d.err.Error()
		}
	}
	return h
}

// Upsert implements search.Index: documents are written in batches, each
// confirmed on disk before the next.
func (e *Engine) Upsert(ctx context.Context, kind search.Kind, docs []search.Document) error {
	return e.guarded(kind, true, func() error { return e.upsert(ctx, kind, docs) })
}

// Delete implements search.Index.
func (e *Engine) Delete(ctx context.Context, kind search.Kind, ids []string) error {
	return e.guarded(kind, true, func() error { return e.remove(ctx, kind, ids) })
}

// Search implements search.Index.
func (e *Engine) Search(ctx context.Context, kind search.Kind, q search.Query) (res search.Result, err error) {
	err = e.guarded(kind, false, func() error {
		res, err = e.runSearch(ctx, kind, q)
		return err
	})
	return res, err
}

// Stats implements search.Index.
func (e *Engine) Stats(ctx context.Context, kind search.Kind) (st search.Stats, err error) {
	err = e.guarded(kind, false, func() error {
		st, err = e.stats(ctx, kind)
		return err
	})
	return st, err
}

// IDs implements search.Index.
func (e *Engine) IDs(ctx context.Context, kind search.Kind) (ids []string, err error) {
	err = e.guarded(kind, false, func() error {
		ids, err = e.ids(ctx, kind)
		return err
	})
	return ids, err
}
