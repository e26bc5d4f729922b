package bleve

import (
	"math"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// segCache holds what searching reads from a segment again and again:
// document ids, number columns and the documents of each facet value.
// Segments never change once written (deletions are kept beside them), so
// the cache stays valid for the segment's life; it holds copies, never
// memory of the segment itself.
type segCache struct {
	mu      sync.Mutex
	idCol   []string
	numCols map[string][]float64
	facets  map[string]*valueSet
}

// valueSet lists the values of a keyword field in a segment with their
// documents.
type valueSet struct {
	values []string
	bms    []*roaring.Bitmap
}

// caches returns the cache of every segment of a snapshot, creating missing
// ones and forgetting those of segments merged away.
func (ki *kindIndex) caches(segs []*scorch.SegmentSnapshot) []*segCache {
	ki.cacheMu.Lock()
	defer ki.cacheMu.Unlock()
	if ki.segCaches == nil {
		ki.segCaches = map[segment.Segment]*segCache{}
	}
	out := make([]*segCache, len(segs))
	for i, ss := range segs {
		c := ki.segCaches[ss.Segment()]
		if c == nil {
			c = &segCache{numCols: map[string][]float64{}, facets: map[string]*valueSet{}}
			ki.segCaches[ss.Segment()] = c
		}
		out[i] = c
	}
	// Another search may still hold an older snapshot; it would rebuild
	// what it needs, so pruning only costs time, never correctness.
	if len(ki.segCaches) > 2*len(segs)+8 {
		live := map[segment.Segment]bool{}
		for _, ss := range segs {
			live[ss.Segment()] = true
		}
		for s := range ki.segCaches {
			if !live[s] {
				delete(ki.segCaches, s)
			}
		}
	}
	return out
}

// ids returns the id of every document number of the segment.
func (c *segCache) ids(seg segment.Segment) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idCol != nil {
		return c.idCol, nil
	}
	col := make([]string, seg.Count())
	err := eachPosting(seg, idField, func(term string, docs *roaring.Bitmap) {
		docs.Iterate(func(d uint32) bool {
			if int(d) < len(col) {
				col[d] = term
			}
			return true
		})
	})
	if err != nil {
		return nil, err
	}
	c.idCol = col
	return col, nil
}

// numbers returns a number field's value for every document number, NaN
// where a document has none.
func (c *segCache) numbers(seg segment.Segment, field string) ([]float64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if col, ok := c.numCols[field]; ok {
		return col, nil
	}
	col := make([]float64, seg.Count())
	for i := range col {
		col[i] = math.NaN()
	}
	err := eachPosting(seg, field, func(term string, docs *roaring.Bitmap) {
		v, ok := termNumber([]byte(term))
		if !ok {
			return
		}
		docs.Iterate(func(d uint32) bool {
			if int(d) < len(col) {
				col[d] = v
			}
			return true
		})
	})
	if err != nil {
		return nil, err
	}
	c.numCols[field] = col
	return col, nil
}

// values returns the values of a keyword field with their documents.
func (c *segCache) values(seg segment.Segment, field string) (*valueSet, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if vs, ok := c.facets[field]; ok {
		return vs, nil
	}
	vs := &valueSet{}
	err := eachPosting(seg, field, func(term string, docs *roaring.Bitmap) {
		vs.values = append(vs.values, term)
		vs.bms = append(vs.bms, docs.Clone())
	})
	if err != nil {
		return nil, err
	}
	c.facets[field] = vs
	return vs, nil
}

// eachPosting calls fn with every term of a field and its documents (the
// bitmap is reused between calls).
func eachPosting(seg segment.Segment, field string, fn func(term string, docs *roaring.Bitmap)) error {
	d, err := seg.Dictionary(field)
	if err != nil {
		return err
	}
	it := termIterator(d, &vellum.AlwaysMatch{}, nil, nil)
	bm := roaring.New()
	for {
		de, err := it.Next()
		if err != nil {
			return err
		}
		if de == nil {
			return nil
		}
		bm.Clear()
		if err := orPostings(d, bm, []byte(de.Term)); err != nil {
			return err
		}
		fn(de.Term, bm)
	}
}

// termIterator iterates the terms of d the automaton accepts within
// [start, end), without reading their postings when the segment allows.
func termIterator(d segment.TermDictionary, a segment.Automaton, start, end []byte) segment.DictionaryIterator {
	if o, ok := d.(interface {
		AutomatonIteratorOmitCount(a segment.Automaton, start, end []byte) segment.DictionaryIterator
	}); ok {
		return o.AutomatonIteratorOmitCount(a, start, end)
	}
	return d.AutomatonIterator(a, start, end)
}
