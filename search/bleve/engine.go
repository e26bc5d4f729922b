// Package bleve is Laufbahn's embedded search engine: search.Index on Bleve
// v2 (scorch) indexes under the data directory, one per kind. It needs
// nothing installed and is the default when no Meilisearch is configured.
//
// Bleve stores the index: documents are laid out field by field
// (Batch.IndexAdvanced) with a German analyser of our own (analysis.go),
// and Bleve persists, merges and snapshots the segments. Queries do not go
// through Bleve's scoring searchers: they are evaluated on the segments'
// term dictionaries and postings as roaring bitmaps, ranked like
// Meilisearch's ranking rules (searching.go). That keeps faceted searches
// over 100,000 postings within a few milliseconds and makes typo
// tolerance, prefixes, compounds and synonyms behave like the Meilisearch
// engine (the contract suite in search/searchtest checks both).
package bleve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// layoutVersion is part of every index's fingerprint: change it whenever the
// way documents are laid out in Bleve changes.
const layoutVersion = 2

// fingerprintKey is the internal key under which an index stores the
// fingerprint of the schema and analysis it was built with.
var fingerprintKey = []byte("laufbahn.fingerprint")

// batchSize is the number of documents per Bleve batch. Larger batches index
// faster (fewer, larger segments) up to a point; see docs/BENCHMARKS.md.
const batchSize = 1000

// openTimeout bounds the wait for another process's lock on an index.
const openTimeout = 5 * time.Second

var kindName = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,40}$`)

// Engine is search.Index on embedded Bleve indexes. It is safe for
// concurrent use.
type Engine struct {
	dir      string
	log      *slog.Logger
	analyzer *germanAnalyzer
	synonyms *synonyms
	// lev1 and lev2 build typo automata for one and two typos.
	lev1, lev2 *levenshtein.LevenshteinAutomatonBuilder

	mu      sync.RWMutex
	indexes map[search.Kind]*kindIndex
	rebuilt []search.Kind
	closed  bool
	// down holds the kinds whose index failed (a write that could not be
	// persisted, a panic inside Bleve, a folder that cannot be opened):
	// they are closed, calls on them answer apperr.Unavailable, and a call
	// at most every retryEvery tries to open them again (health.go).
	down       map[search.Kind]*downIndex
	streak     map[search.Kind]int
	retryEvery time.Duration
	// panics counts panics inside Bleve recovered by the engine.
	panics atomic.Int64
}

var _ search.Index = (*Engine)(nil)

// kindIndex is one open Bleve index and the schema it was built for.
type kindIndex struct {
	schema      search.Schema
	fingerprint string
	ix          bleve.Index
	// searchable are the searchable fields, most important first.
	searchable []string

	cacheMu   sync.Mutex
	segCaches map[segment.Segment]*segCache
	// keyPool recycles the rank key slices of searches.
	keyPool sync.Pool
}

// Open opens (or creates) the indexes of every search.Kinds under dir. An
// index that cannot be opened, or was built for another schema or analysis,
// is removed and recreated empty with a warning; Rebuilt reports such kinds
// so the caller can refill them from the database. An index that cannot be
// opened or created at all (an unwritable folder) is reported by Health as
// unavailable and opened by a later call once possible. Open fails only
// when an index is locked by another process.
func Open(dir string, log *slog.Logger) (*Engine, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{
		dir:      dir,
		log:      log.With("component", "search", "engine", "bleve"),
		analyzer: newGermanAnalyzer(),
		indexes:  map[search.Kind]*kindIndex{},
		down:     map[search.Kind]*downIndex{},
		streak:   map[search.Kind]int{},

		retryEvery: defaultRetryEvery,
	}
	e.synonyms = newSynonyms(e.analyzer, search.Synonyms)
	var err error
	if e.lev1, err = levenshtein.NewLevenshteinAutomatonBuilder(1, true); err != nil {
		return nil, fmt.Errorf("bleve: typo automata: %w", err)
	}
	if e.lev2, err = levenshtein.NewLevenshteinAutomatonBuilder(2, true); err != nil {
		return nil, fmt.Errorf("bleve: typo automata: %w", err)
	}
	for _, k := range search.Kinds {
		s, err := search.SchemaFor(k)
		if err != nil {
			return nil, err
		}
		ki, err := e.openIndexSafely(s)
		if errors.Is(err, bolterrors.ErrTimeout) {
			_ = e.Close()
			return nil, err
		}
		if err != nil {
			// An index folder that cannot be written must not stop the
			// server (it would crash-loop): the kind is unavailable, the
			// rest of the process serves, and the index is opened again
			// (and refilled by the sync worker) once the folder is usable.
			e.markDown(s, err)
			continue
		}
		e.indexes[k] = ki
	}
	return e, nil
}

// Engine implements search.Index.
func (e *Engine) Engine() string { return "bleve" }

// Rebuilt lists the kinds whose index was created or recreated empty since
// Open (missing, unreadable, or built for another schema or analysis); their
// documents must be indexed again from the database.
func (e *Engine) Rebuilt() []search.Kind {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return slices.Clone(e.rebuilt)
}

// Apply implements search.Index. The same schema again is a no-op; a changed
// schema recreates the index empty (Bleve cannot re-analyse stored
// documents) and the kind is reported by Rebuilt.
func (e *Engine) Apply(ctx context.Context, s search.Schema) error {
	if !kindName.MatchString(string(s.Kind)) {
		return fmt.Errorf("bleve: invalid index name %q", s.Kind)
	}
	fp := fingerprint(s)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return errClosed
	}
	old := e.indexes[s.Kind]
	if old != nil && old.fingerprint == fp {
		return nil
	}
	if old != nil {
		e.log.Warn("search index schema changed: recreating it empty", "kind", s.Kind)
		if err := old.ix.Close(); err != nil {
			e.log.Warn("closing search index", "kind", s.Kind, "err", err)
		}
		delete(e.indexes, s.Kind)
		if err := os.RemoveAll(e.path(s.Kind)); err != nil {
			return fmt.Errorf("bleve: remove index %s: %w", s.Kind, err)
		}
	}
	ki, err := e.openIndexSafely(s)
	if err != nil {
		e.markDown(s, err)
		return apperr.Wrap(apperr.Unavailable, err, "the %s search index is unavailable", s.Kind)
	}
	e.indexes[s.Kind] = ki
	delete(e.down, s.Kind)
	return nil
}

func (e *Engine) path(k search.Kind) string { return filepath.Join(e.dir, string(k)+".bleve") }

// openIndex opens the index of s.Kind, recreating it when it is missing,
// corrupt or incompatible. Callers hold e.mu or own e exclusively.
func (e *Engine) openIndex(s search.Schema) (*kindIndex, error) {
	path := e.path(s.Kind)
	fp := fingerprint(s)
	if err := os.MkdirAll(e.dir, 0o755); err != nil {
		return nil, fmt.Errorf("bleve: create index directory: %w", err)
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		e.log.Info("creating search index", "kind", s.Kind, "path", path)
		return e.create(s, fp)
	}
	ix, err := openExisting(path)
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("bleve: index %s is locked by another process: %w", path, err)
	case err != nil:
		e.log.Warn("search index unreadable: recreating it empty; it must be reindexed", "kind", s.Kind, "path", path, "err", err)
	default:
		stored, gerr := ix.GetInternal(fingerprintKey)
		if gerr != nil || string(stored) != fp {
			e.log.Warn("search index built for another schema or analysis: recreating it empty; it must be reindexed",
				"kind", s.Kind, "path", path, "err", gerr)
		} else {
			ki := newKindIndex(s, fp, ix)
			verr := ki.verify()
			if verr == nil {
				return ki, nil
			}
			e.log.Warn("search index damaged: recreating it empty; it must be reindexed", "kind", s.Kind, "path", path, "err", verr)
		}
		if cerr := ix.Close(); cerr != nil {
			e.log.Warn("closing search index", "kind", s.Kind, "err", cerr)
		}
	}
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("bleve: remove index %s: %w", path, err)
	}
	return e.create(s, fp)
}

// openExisting opens an index and proves it readable; a panic inside Bleve
// on a damaged file is reported as an error.
func openExisting(path string) (ix bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			if ix != nil {
				_ = ix.Close()
			}
			ix, err = nil, fmt.Errorf("bleve: panic opening %s: %v", path, r)
		}
	}()
	ix, err = bleve.OpenUsing(path, map[string]any{"bolt_timeout": openTimeout.String()})
	if err != nil {
		return nil, err
	}
	if _, err = ix.DocCount(); err != nil {
		_ = ix.Close()
		return nil, err
	}
	return ix, nil
}

// verify reads what searches read from each segment (the id dictionary,
// the facet and sort fields' dictionaries and their postings) and one
// stored document, so a damaged segment is found at Open rather than by a
// user's search. It also fills the per-segment caches, so the first
// searches after a start are as fast as the next ones.
func (ki *kindIndex) verify() error {
	return ki.read(func(snap *scorch.IndexSnapshot) error {
		segs := snap.Segments()
		for i, c := range ki.caches(segs) {
			seg := segs[i].Segment()
			order, err := c.ids(seg)
			if err != nil {
				return err
			}
			for _, f := range ki.schema.Fields {
				switch {
				case f.Facet:
					_, err = c.facet(seg, f.Name)
				case f.Sortable && f.Type == search.Number:
					_, err = c.numbers(seg, f.Name)
				}
				if err != nil {
					return err
				}
			}
			live := segs[i].DocNumbersLive()
			if live.IsEmpty() {
				continue
			}
			d := live.Minimum()
			if _, err := loadHit(segs[i], d, order.ids[d]); err != nil {
				return err
			}
		}
		return nil
	})
}

// create makes a new empty index and records the kind as rebuilt.
func (e *Engine) create(s search.Schema, fp string) (*kindIndex, error) {
	ix, err := bleve.NewUsing(e.path(s.Kind), indexMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("bleve: create index %s: %w", s.Kind, err)
	}
	if err := ix.SetInternal(fingerprintKey, []byte(fp)); err != nil {
		_ = ix.Close()
		return nil, fmt.Errorf("bleve: create index %s: %w", s.Kind, err)
	}
	if !slices.Contains(e.rebuilt, s.Kind) {
		e.rebuilt = append(e.rebuilt, s.Kind)
	}
	return newKindIndex(s, fp, ix), nil
}

// indexMapping is the mapping Bleve stores with an index. Documents are
// built by hand (see document.go), so nothing is mapped dynamically.
func indexMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultMapping.Dynamic = false
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m
}

func newKindIndex(s search.Schema, fp string, ix bleve.Index) *kindIndex {
	ki := &kindIndex{schema: s, fingerprint: fp, ix: ix}
	ki.searchable = s.Searchable()
	return ki
}

// fingerprint identifies what an index was built with.
func fingerprint(s search.Schema) string {
	b, err := json.Marshal(struct {
		Layout, Analysis int
		Schema           search.Schema
	}{layoutVersion, analysisVersion, s})
	if err != nil {
		panic(err) // a Schema always marshals
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// errClosed answers calls after Close, for example during shutdown.
var errClosed = apperr.New(apperr.Unavailable, "search engine closed")

// get returns the index of a kind; the caller must hold e.mu for reading.
func (e *Engine) get(k search.Kind) (*kindIndex, error) {
	if e.closed {
		return nil, errClosed
	}
	ki := e.indexes[k]
	if d := e.down[k]; ki == nil && d != nil {
		return nil, apperr.Wrap(apperr.Unavailable, d.err, "the %s search index is unavailable", k)
	}
	if ki == nil {
		return nil, fmt.Errorf("bleve: no index %q (Apply its schema first)", k)
	}
	return ki, nil
}

// upsert writes documents in batches, each confirmed on disk before the
// next (see Upsert in health.go).
func (e *Engine) upsert(ctx context.Context, kind search.Kind, docs []search.Document) error {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ki, err := e.get(kind)
	if err != nil {
		return err
	}
	built := make([]*document.Document, len(docs))
	for i, d := range docs {
		if built[i], err = ki.document(e.analyzer, d); err != nil {
			return err
		}
	}
	for start := 0; start < len(built); start += batchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := ki.ix.NewBatch()
		for _, d := range built[start:min(start+batchSize, len(built))] {
			if err := b.IndexAdvanced(d); err != nil {
				return fmt.Errorf("bleve: index %s %q: %w", kind, d.ID(), err)
			}
		}
		if err := ki.ix.Batch(b); err != nil {
			return broken(ki, fmt.Errorf("bleve: write %s: %w", kind, err))
		}
	}
	return nil
}

// remove deletes documents (see Delete in health.go).
func (e *Engine) remove(ctx context.Context, kind search.Kind, ids []string) error {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ki, err := e.get(kind)
	if err != nil {
		return err
	}
	for start := 0; start < len(ids); start += batchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := ki.ix.NewBatch()
		for _, id := range ids[start:min(start+batchSize, len(ids))] {
			b.Delete(id)
		}
		if err := ki.ix.Batch(b); err != nil {
			return broken(ki, fmt.Errorf("bleve: delete from %s: %w", kind, err))
		}
	}
	return nil
}

// stats counts documents (see Stats in health.go).
func (e *Engine) stats(ctx context.Context, kind search.Kind) (search.Stats, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ki, err := e.get(kind)
	if err != nil {
		return search.Stats{}, err
	}
	n, err := ki.ix.DocCount()
	if err != nil {
		return search.Stats{}, fmt.Errorf("bleve: count %s: %w", kind, err)
	}
	return search.Stats{Count: int(n)}, nil
}

// ids lists document ids (see IDs in health.go).
func (e *Engine) ids(ctx context.Context, kind search.Kind) ([]string, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ki, err := e.get(kind)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = ki.read(func(snap *scorch.IndexSnapshot) error {
		segs := snap.Segments()
		for i, c := range ki.caches(segs) {
			if err := ctx.Err(); err != nil {
				return err
			}
			order, err := c.ids(segs[i].Segment())
			if err != nil {
				return err
			}
			eachDoc(segs[i].DocNumbersLive(), func(d uint32) { ids = append(ids, order.ids[d]) })
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bleve: ids of %s: %w", kind, err)
	}
	slices.Sort(ids)
	return ids, nil
}

// read calls fn with a consistent snapshot of the index. A panic while
// reading (a damaged segment file) is returned as an error instead of
// taking the process down.
func (ki *kindIndex) read(fn func(*scorch.IndexSnapshot) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = broken(ki, &panicError{value: r, stack: debug.Stack()})
		}
	}()
	adv, err := ki.ix.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("unsupported index type %T", r)
	}
	return fn(snap)
}

// Close implements search.Index.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	var errs []error
	for k, ki := range e.indexes {
		if err := ki.ix.Close(); err != nil {
			errs = append(errs, fmt.Errorf("bleve: close %s: %w", k, err))
		}
	}
	return errors.Join(errs...)
}
