package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Change is a document whose search state is behind its database state.
type Change struct {
	ID      string
	Version int64
	// Doc is the document to index; nil means remove it from the index
	// (the database document is deleted or no longer public).
	Doc *Document
}

// Source is what a feature hands the sync worker for one index: it reads
// dirty documents from MongoDB and confirms them. Features implement it;
// this package never imports them.
type Source interface {
	Kind() Kind
	// Dirty returns up to limit documents marked searchDirty.
	Dirty(ctx context.Context, limit int) ([]Change, error)
	// Confirm records that version v of the document is in the index. It
	// must be conditional on the stored version still being v, so a newer
	// write stays dirty; for a removal it may purge a soft-deleted document.
	Confirm(ctx context.Context, id string, version int64, removed bool) error
	// All calls fn for every document that belongs in the index, in batches.
	All(ctx context.Context, fn func([]Document) error) error
	// IDs returns the ids of every document that belongs in the index.
	IDs(ctx context.Context) ([]string, error)
	// MarkDirty flags documents so the worker indexes them again.
	MarkDirty(ctx context.Context, ids []string) error
}

// SyncStatus is the sync worker's state for logs and /readyz.
type SyncStatus struct {
	Engine string
	// Pending counts, per index, the dirty documents the last pass found
	// and could not confirm: the sync lag in documents.
	Pending map[Kind]int
	// Failures counts consecutive failed passes; LastError is the last one.
	Failures    int
	LastError   string
	LastSuccess time.Time
	// Unavailable maps each index the engine cannot serve now to the
	// reason (from engines that report it, see HealthReporter).
	Unavailable map[Kind]string
	// Panics counts panics recovered in the worker and inside the engine.
	Panics int64
}

// Syncer keeps the index true to MongoDB, as DESIGN.md describes: it indexes
// dirty documents, waits for the engine to confirm, and then clears them
// conditionally. It runs a pass when woken and at least every Interval, and
// reconciles ids both ways every ReconcileEvery.
type Syncer struct {
	index          Index
	sources        map[Kind]Source
	log            *slog.Logger
	Interval       time.Duration
	ReconcileEvery time.Duration
	Batch          int

	wake chan struct{}
	// panics counts panics recovered in passes.
	panics atomic.Int64

	mu     sync.Mutex
	status SyncStatus
}

// NewSyncer returns a worker over the index and the sources.
func NewSyncer(index Index, log *slog.Logger, sources ...Source) *Syncer {
	s := &Syncer{
		index: index, log: log, sources: map[Kind]Source{},
		Interval: 2 * time.Second, ReconcileEvery: 10 * time.Minute, Batch: 500,
		wake:   make(chan struct{}, 1),
		status: SyncStatus{Engine: index.Engine(), Pending: map[Kind]int{}},
	}
	for _, src := range sources {
		s.sources[src.Kind()] = src
	}
	return s
}

// Wake asks for a pass soon; writers call it after a change.
func (s *Syncer) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Status returns a copy of the current state.
func (s *Syncer) Status() SyncStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.Pending = make(map[Kind]int, len(s.status.Pending))
	for k, v := range s.status.Pending {
		st.Pending[k] = v
	}
	st.Panics = s.panics.Load()
	if hr, ok := s.index.(HealthReporter); ok {
		h := hr.Health()
		st.Unavailable = h.Unavailable
		st.Panics += h.Panics
	}
	return st
}

// ApplySchemas applies the schema of every source's index. An index whose
// settings fail does not keep the others from being applied.
func (s *Syncer) ApplySchemas(ctx context.Context) error {
	var errs []error
	for _, k := range Kinds {
		if _, ok := s.sources[k]; !ok {
			continue
		}
		schema, err := SchemaFor(k)
		if err != nil {
			return err
		}
		if err := s.index.Apply(ctx, schema); err != nil {
			errs = append(errs, fmt.Errorf("search: apply %s settings: %w", k, err))
		}
	}
	return errors.Join(errs...)
}

// Run syncs until ctx ends. Failures are logged and retried with backoff;
// they never stop the worker, and writes to MongoDB never wait for it. A
// panic in a pass (inside an engine, say) is recovered, logged with its
// stack and counted in Status, and the pass counts as failed.
func (s *Syncer) Run(ctx context.Context) {
	// Reconcile (and check the settings) on the first pass, every
	// ReconcileEvery, and after every failure streak: it repairs an index
	// that was lost, recreated empty or recreated with an engine's default
	// settings while the server was down or the engine failing.
	var lastReconcile time.Time
	reconcileDue := true
	for {
		err := s.guard(func() error {
			due := reconcileDue || time.Since(lastReconcile) >= s.ReconcileEvery
			var applyErr error
			if due {
				applyErr = s.ApplySchemas(ctx)
			}
			if _, err := s.Pass(ctx); err != nil {
				return errors.Join(applyErr, err)
			}
			if due {
				if err := s.Reconcile(ctx); err != nil || applyErr != nil {
					return errors.Join(applyErr, err)
				}
				lastReconcile, reconcileDue = time.Now(), false
			}
			return nil
		})
		if err != nil {
			reconcileDue = true
		}
		wait := s.Interval
		if err != nil && ctx.Err() == nil {
			failures := s.recordFailure(err)
			wait = backoff(s.Interval, failures)
			s.log.Warn("search sync failed; writes still succeed and will be indexed when the engine returns",
				"engine", s.index.Engine(), "err", err, "failures", failures, "retry_in", wait.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-time.After(wait):
		}
	}
}

// guard runs one cycle and turns a panic into an error.
func (s *Syncer) guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			n := s.panics.Add(1)
			s.log.Error("search sync panicked; recovered, the pass counts as failed",
				"engine", s.index.Engine(), "panic", fmt.Sprint(r), "panics_total", n, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic in search sync: %v", r)
		}
	}()
	return fn()
}

func backoff(base time.Duration, failures int) time.Duration {
	d := base
	for i := 1; i < failures && d < time.Minute; i++ {
		d *= 2
	}
	return min(d, time.Minute)
}

func (s *Syncer) recordFailure(err error) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.Failures++
	s.status.LastError = err.Error()
	return s.status.Failures
}

func (s *Syncer) recordPending(pending map[Kind]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status.Pending = pending
}

func (s *Syncer) recordSuccess(pending map[Kind]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status.Failures > 0 {
		s.log.Info("search sync recovered", "engine", s.index.Engine(), "after_failures", s.status.Failures)
	}
	s.status.Failures = 0
	s.status.LastError = ""
	s.status.LastSuccess = time.Now()
	s.status.Pending = pending
}

// Pass indexes every dirty document once and returns how many it confirmed.
// An index that fails does not hold up the others.
func (s *Syncer) Pass(ctx context.Context) (int, error) {
	total := 0
	pending := map[Kind]int{}
	var errs []error
	for _, k := range Kinds {
		src, ok := s.sources[k]
		if !ok {
			continue
		}
		pending[k] = 0
		for {
			changes, err := src.Dirty(ctx, s.Batch)
			if err != nil {
				errs = append(errs, fmt.Errorf("read dirty %s: %w", k, err))
				break
			}
			if len(changes) == 0 {
				break
			}
			n, err := s.apply(ctx, src, changes)
			total += n
			pending[k] += len(changes) - n
			if err != nil {
				errs = append(errs, err)
				break
			}
			if n == 0 || len(changes) < s.Batch {
				// Nothing confirmed (every document changed again
				// meanwhile) or the last batch: the next pass picks up
				// the rest instead of spinning here.
				break
			}
		}
	}
	if len(errs) > 0 {
		s.recordPending(pending)
		return total, errors.Join(errs...)
	}
	s.recordSuccess(pending)
	return total, nil
}

// apply writes one batch to the engine, then confirms each document.
func (s *Syncer) apply(ctx context.Context, src Source, changes []Change) (int, error) {
	var upserts []Document
	var removals []string
	for _, c := range changes {
		if c.Doc != nil {
			upserts = append(upserts, *c.Doc)
		} else {
			removals = append(removals, c.ID)
		}
	}
	if len(upserts) > 0 {
		if err := s.index.Upsert(ctx, src.Kind(), upserts); err != nil {
			var rej *RejectedError
			if !errors.As(err, &rej) {
				return 0, fmt.Errorf("index %d %s: %w", len(upserts), src.Kind(), err)
			}
			// The rest of the batch is in; the rejected documents can never
			// succeed as they are.
			s.log.Error("search engine rejected documents; they stay out of the index until they change or the next reconcile",
				"index", src.Kind(), "ids", rej.IDs, "err", rej.Err)
		}
	}
	if len(removals) > 0 {
		if err := s.index.Delete(ctx, src.Kind(), removals); err != nil {
			return 0, fmt.Errorf("remove %d %s: %w", len(removals), src.Kind(), err)
		}
	}
	confirmed := 0
	for _, c := range changes {
		if err := src.Confirm(ctx, c.ID, c.Version, c.Doc == nil); err != nil {
			return confirmed, fmt.Errorf("confirm %s %s: %w", src.Kind(), c.ID, err)
		}
		confirmed++
	}
	return confirmed, nil
}

// Reindex rebuilds one index from MongoDB: it applies the schema, upserts
// every document, removes documents the database no longer has, and returns
// the number of documents indexed.
func (s *Syncer) Reindex(ctx context.Context, k Kind) (int, error) {
	src, ok := s.sources[k]
	if !ok {
		return 0, fmt.Errorf("search: no source for %s", k)
	}
	schema, err := SchemaFor(k)
	if err != nil {
		return 0, err
	}
	if err := s.index.Apply(ctx, schema); err != nil {
		return 0, err
	}
	n := 0
	err = src.All(ctx, func(docs []Document) error {
		if err := s.index.Upsert(ctx, k, docs); err != nil {
			return err
		}
		n += len(docs)
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("reindex %s: %w", k, err)
	}
	if _, _, err := s.reconcileKind(ctx, k, src); err != nil {
		return n, err
	}
	return n, nil
}

// Reconcile compares the ids in each index with the database both ways:
// ids only in the index are removed; ids only in the database are marked
// dirty so the next pass indexes them.
func (s *Syncer) Reconcile(ctx context.Context) error {
	var errs []error
	for _, k := range Kinds {
		if src, ok := s.sources[k]; ok {
			removed, missing, err := s.reconcileKind(ctx, k, src)
			if err != nil {
				errs = append(errs, err)
			} else if removed+missing > 0 {
				s.log.Info("search reconcile fixed drift", "index", k, "removed_from_index", removed, "marked_for_indexing", missing)
			}
		}
	}
	return errors.Join(errs...)
}

func (s *Syncer) reconcileKind(ctx context.Context, k Kind, src Source) (removed, missing int, err error) {
	dbIDs, err := src.IDs(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("reconcile %s: %w", k, err)
	}
	idxIDs, err := s.index.IDs(ctx, k)
	if err != nil {
		return 0, 0, fmt.Errorf("reconcile %s: %w", k, err)
	}
	inDB := make(map[string]bool, len(dbIDs))
	for _, id := range dbIDs {
		inDB[id] = true
	}
	inIndex := make(map[string]bool, len(idxIDs))
	var stale []string
	for _, id := range idxIDs {
		inIndex[id] = true
		if !inDB[id] {
			stale = append(stale, id)
		}
	}
	var absent []string
	for _, id := range dbIDs {
		if !inIndex[id] {
			absent = append(absent, id)
		}
	}
	if len(stale) > 0 {
		if err := s.index.Delete(ctx, k, stale); err != nil {
			return 0, 0, fmt.Errorf("reconcile %s: %w", k, err)
		}
	}
	if len(absent) > 0 {
		if err := src.MarkDirty(ctx, absent); err != nil {
			return len(stale), 0, fmt.Errorf("reconcile %s: %w", k, err)
		}
		s.Wake()
	}
	return len(stale), len(absent), nil
}
