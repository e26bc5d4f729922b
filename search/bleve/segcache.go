package bleve

import (
	"math"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// segCache holds what searching reads from a segment again and again:
// document ids and their order, number columns and facet columns. Segments
// never change once written (deletions are kept beside them), so the cache
// stays valid for the segment's life; it holds copies, never memory of the
// segment itself.
type segCache struct {
	mu      sync.Mutex
	order   *idOrder
	numCols map[string][]float64
	facets  map[string]*facetCol
	// byKey maps, per keyword field, each value's normal form to the stored
	// values with that form (facetkey.go).
	byKey map[string]map[string][]string
}

// idOrder is the segment's documents ordered by id.
type idOrder struct {
	ids  []string // by document number
	byID []uint32 // document numbers sorted by id
	rank []uint32 // by document number: position in byID
}

// facetCol is a keyword field's values per document, as ordinals into
// values: document d has vals[offs[d]:offs[d+1]].
type facetCol struct {
	values []string
	offs   []uint32
	vals   []uint32
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
			c = &segCache{numCols: map[string][]float64{}, facets: map[string]*facetCol{}}
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

// ids returns the documents' ids and their order.
func (c *segCache) ids(seg segment.Segment) (*idOrder, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.order != nil {
		return c.order, nil
	}
	n := seg.Count()
	o := &idOrder{ids: make([]string, n), byID: make([]uint32, 0, n), rank: make([]uint32, n)}
	// The dictionary yields ids in order; each belongs to one document.
	err := eachPosting(seg, idField, func(term string, docs *roaring.Bitmap) {
		docs.Iterate(func(d uint32) bool {
			if uint64(d) < n {
				o.ids[d] = term
				o.rank[d] = uint32(len(o.byID))
				o.byID = append(o.byID, d)
			}
			return true
		})
	})
	if err != nil {
		return nil, err
	}
	c.order = o
	return o, nil
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

// facet returns a keyword field's values per document.
func (c *segCache) facet(seg segment.Segment, field string) (*facetCol, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if fc, ok := c.facets[field]; ok {
		return fc, nil
	}
	n := seg.Count()
	fc := &facetCol{offs: make([]uint32, n+1)}
	type posting struct{ ord, doc uint32 }
	var ps []posting
	err := eachPosting(seg, field, func(term string, docs *roaring.Bitmap) {
		ord := uint32(len(fc.values))
		fc.values = append(fc.values, term)
		docs.Iterate(func(d uint32) bool {
			if uint64(d) < n {
				ps = append(ps, posting{ord, d})
				fc.offs[d+1]++
			}
			return true
		})
	})
	if err != nil {
		return nil, err
	}
	for d := uint64(1); d <= n; d++ {
		fc.offs[d] += fc.offs[d-1]
	}
	fc.vals = make([]uint32, len(ps))
	next := slices.Clone(fc.offs[:n])
	for _, p := range ps {
		fc.vals[next[p.doc]] = p.ord
		next[p.doc]++
	}
	c.facets[field] = fc
	return fc, nil
}

// count adds the values of the documents in docs to counts (by ordinal).
func (fc *facetCol) count(docs *roaring.Bitmap, counts []int) {
	it := docs.ManyIterator()
	buf := make([]uint32, 512)
	for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
		for _, d := range buf[:k] {
			for _, v := range fc.vals[fc.offs[d]:fc.offs[d+1]] {
				counts[v]++
			}
		}
	}
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
