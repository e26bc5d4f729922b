package bleve

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"

	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// Searching works on the postings of the index segments as roaring bitmaps,
// the way Meilisearch does, instead of through Bleve's scoring searchers.
// Those visit every matching document through a heap of term iterators
// (about 1 µs per match for our multi-field queries) and count facets and
// sort through doc values (another µs per match and field), so a faceted
// query matching most of 100,000 postings took 100–180 ms. With bitmaps,
// matching, filtering and totals are set operations; ranking, facet counts
// and sorting visit each match once, reading columns cached per segment
// (segcache.go).
//
// Per segment, every query word (or synonym span) becomes the union of the
// postings of the terms it may match in any searchable field: the word
// itself, dictionary terms within its typo budget (Levenshtein automata,
// first letter fixed), terms it is a prefix of (last word only), its joined
// forms with a neighbour and one-word synonyms. The words are intersected,
// then the filters. Facet counts for a field apply every filter except the
// field's own. Matches are ranked like Meilisearch's ranking rules,
// lexicographically by
//  1. typos: the sum over words of the fewest typos the word matched with;
//  2. attribute: the sum over words of the most important field (schema
//     order) the word matched in;
//  3. exactness: the number of words matched only as a prefix or synonym;
//  4. the document id, so the order never depends on how Bleve laid out its
//     segments and pages stay stable while segments merge.
//
// A sort (date, salary) orders by the field, highest first, then by
// relevance, then by id; browsing without text orders by id.

// idField is Bleve's internal field holding each document's id.
const idField = "_id"

// unit is a required part of a text query: one word, or a synonym span
// (its own words, or any other phrasing of the synonym).
type unit struct {
	word *qword
	dfa  *levenshtein.DFA // typo automaton of word, nil without typos
	own  []unit           // a span's own words
	alts []synEntry       // a span's other phrasings
}

// plan is a validated query ready to run on segments.
type plan struct {
	ki      *kindIndex
	units   []unit
	filters []search.Filter
	facets  []string
	// disjunctive marks facets with filters on their own field.
	disjunctive map[string]bool
	sortField   string
	// near is the query's circle; byDistance sorts by distance from it.
	near       *search.Circle
	byDistance bool
	from, size int
}

// compile turns a parsed text and a validated query into a plan.
func (e *Engine) compile(ki *kindIndex, p parsedQuery, q search.Query) (*plan, error) {
	pl := &plan{ki: ki, filters: q.Filters, facets: uniq(q.Facets), disjunctive: map[string]bool{},
		from: (q.Page - 1) * q.Limit, size: q.Limit}
	if q.Sort != search.ByRelevance && q.Sort != search.ByDistance {
		pl.sortField, _ = ki.schema.SortField(q.Sort)
	}
	if q.Near != nil && ki.schema.Geo != nil {
		pl.near = q.Near
		pl.byDistance = q.Sort == search.ByDistance
	}
	for _, f := range pl.facets {
		pl.disjunctive[f] = slices.ContainsFunc(q.Filters, func(x search.Filter) bool { return x.Field == f })
	}
	word := func(w *qword) (unit, error) {
		u := unit{word: w}
		if w.typos > 0 && !w.stop {
			lb := e.lev1
			if w.typos > 1 {
				lb = e.lev2
			}
			dfa, err := lb.BuildDfa(w.term, uint8(w.typos))
			if err != nil {
				return unit{}, fmt.Errorf("bleve: typo automaton for %q: %w", w.term, err)
			}
			u.dfa = dfa
		}
		return u, nil
	}
	for i := 0; i < len(p.words); {
		if j := slices.IndexFunc(p.spans, func(s span) bool { return s.from == i }); j >= 0 {
			s := p.spans[j]
			u := unit{alts: s.others}
			for k := s.from; k < s.to; k++ {
				w, err := word(&p.words[k])
				if err != nil {
					return nil, err
				}
				u.own = append(u.own, w)
			}
			pl.units = append(pl.units, u)
			i = s.to
			continue
		}
		u, err := word(&p.words[i])
		if err != nil {
			return nil, err
		}
		pl.units = append(pl.units, u)
		i++
	}
	return pl, nil
}

// runSearch runs a query (see Search in health.go).
func (e *Engine) runSearch(ctx context.Context, kind search.Kind, q search.Query) (search.Result, error) {
	start := time.Now()
	e.mu.RLock()
	defer e.mu.RUnlock()
	ki, err := e.get(kind)
	if err != nil {
		return search.Result{}, err
	}
	if err := ki.schema.Validate(q); err != nil {
		return search.Result{}, err
	}
	p := e.parse(q.Text)
	pl, err := e.compile(ki, p, q)
	if err != nil {
		return search.Result{}, err
	}
	var out search.Result
	err = ki.read(func(snap *scorch.IndexSnapshot) error {
		out, err = pl.run(ctx, snap)
		return err
	})
	if err != nil {
		return search.Result{}, fmt.Errorf("bleve: search %s: %w", kind, err)
	}
	var m *matcher
	if !p.empty() {
		m = newMatcher(p)
	}
	for i := range out.Hits {
		h := &out.Hits[i]
		for _, f := range ki.schema.Fields {
			if !f.Highlight {
				continue
			}
			vals, ok := stringsOf(h.Fields[f.Name])
			if !ok {
				continue
			}
			if h.Highlights == nil {
				h.Highlights = map[string]string{}
			}
			parts := make([]string, len(vals))
			for j, v := range vals {
				parts[j] = e.highlight(m, v)
			}
			h.Highlights[f.Name] = strings.Join(parts, ", ")
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// cand is a matching document competing for a place on the page.
type cand struct {
	// key orders candidates, lower first: the relevance rank, the sort
	// value (highest first) or 0 when browsing; rel is the relevance rank
	// between equal sort values; remaining ties are ordered by id.
	key uint64
	rel uint32
	id  string
	seg int
	doc uint32
}

// run evaluates the plan on every segment of a snapshot: each segment
// yields its best from+size candidates, and the page is cut from them all.
func (pl *plan) run(ctx context.Context, snap *scorch.IndexSnapshot) (search.Result, error) {
	segs := snap.Segments()
	caches := pl.ki.caches(segs)
	counts := map[string]map[string]int{}
	for _, f := range pl.facets {
		counts[f] = map[string]int{}
	}
	total := 0
	var cands []cand
	for i, ss := range segs {
		if err := ctx.Err(); err != nil {
			return search.Result{}, err
		}
		sr := &segRun{plan: pl, ss: ss, seg: ss.Segment(), cache: caches[i], dicts: map[string]segment.TermDictionary{}}
		n, cs, err := sr.evaluate(i, counts)
		if err != nil {
			return search.Result{}, err
		}
		total += n
		cands = append(cands, cs...)
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rel, b.rel); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	out := search.Result{Total: total, Hits: []search.Hit{}}
	if len(pl.facets) > 0 {
		out.Facets = map[string][]search.FacetCount{}
		for f, c := range counts {
			out.Facets[f] = facetCounts(c)
		}
	}
	for _, c := range cands[min(pl.from, len(cands)):min(pl.from+pl.size, len(cands))] {
		h, err := loadHit(segs[c.seg], c.doc, c.id)
		if err != nil {
			return search.Result{}, err
		}
		switch {
		case pl.sortField == "" && !pl.byDistance && len(pl.units) > 0:
			h.Score = relevance(uint32(c.key))
		case len(pl.units) > 0:
			h.Score = relevance(c.rel)
		}
		out.Hits = append(out.Hits, h)
	}
	return out, nil
}

// descKey maps a number to a key that sorts highest first, NaN (no value)
// last.
func descKey(f float64) uint64 {
	if math.IsNaN(f) {
		return math.MaxUint64
	}
	b := math.Float64bits(f)
	if f >= 0 {
		b |= 1 << 63
	} else {
		b = ^b
	}
	return ^b
}

// loadHit reads a stored document.
func loadHit(ss *scorch.SegmentSnapshot, doc uint32, id string) (search.Hit, error) {
	var raw []byte
	err := ss.VisitDocument(uint64(doc), func(field string, _ byte, value []byte, _ []uint64) bool {
		if field == srcField {
			raw = slices.Clone(value)
			return false
		}
		return true
	})
	if err != nil {
		return search.Hit{}, fmt.Errorf("load %q: %w", id, err)
	}
	fields, err := decodeFields(raw)
	if err != nil {
		return search.Hit{}, fmt.Errorf("decode %q: %w", id, err)
	}
	return search.Hit{ID: id, Fields: fields}, nil
}

// segRun evaluates a plan on one segment.
type segRun struct {
	*plan
	ss    *scorch.SegmentSnapshot
	seg   segment.Segment
	cache *segCache
	dicts map[string]segment.TermDictionary
}

// class is the set of documents a unit matched in one way: in one field,
// with a number of typos, exactly or not.
type class struct {
	field    uint8
	typos    uint8
	nonExact uint8
	bm       *roaring.Bitmap
}

// evaluate counts the segment's matches into counts and returns their
// number and the segment's best candidates for the page.
func (sr *segRun) evaluate(segIdx int, counts map[string]map[string]int) (int, []cand, error) {
	text := sr.ss.DocNumbersLive()
	var classes [][]class
	for _, u := range sr.units {
		if text.IsEmpty() {
			break
		}
		bm, cs, err := sr.unit(u)
		if err != nil {
			return 0, nil, err
		}
		text.And(bm)
		classes = append(classes, cs...)
	}
	if sr.near != nil && sr.near.RadiusKm > 0 && !text.IsEmpty() {
		// The radius is part of every count, facets included.
		within, err := sr.within(text)
		if err != nil {
			return 0, nil, err
		}
		text = within
	}
	fbs := make([]*roaring.Bitmap, len(sr.filters))
	for i, f := range sr.filters {
		if text.IsEmpty() {
			break
		}
		bm, err := sr.filter(f)
		if err != nil {
			return 0, nil, err
		}
		fbs[i] = bm
	}
	match := text
	if len(fbs) > 0 {
		match = text.Clone()
		for _, bm := range fbs {
			if bm == nil {
				match.Clear()
				break
			}
			match.And(bm)
		}
	}
	for _, f := range sr.facets {
		base := match
		if sr.disjunctive[f] {
			base = text.Clone()
			for i, bm := range fbs {
				if sr.filters[i].Field == f {
					continue
				}
				if bm == nil {
					base.Clear()
					break
				}
				base.And(bm)
			}
		}
		if base.IsEmpty() {
			continue
		}
		fc, err := sr.cache.facet(sr.seg, f)
		if err != nil {
			return 0, nil, err
		}
		c := make([]int, len(fc.values))
		fc.count(base, c)
		for i, n := range c {
			if n > 0 {
				counts[f][fc.values[i]] += n
			}
		}
	}
	n := int(match.GetCardinality())
	k := sr.from + sr.size
	if n == 0 || k == 0 {
		return n, nil, nil
	}
	order, err := sr.cache.ids(sr.seg)
	if err != nil {
		return 0, nil, err
	}
	top := segTop{k: k}
	switch {
	case sr.byDistance:
		dist, err := sr.distances()
		if err != nil {
			return 0, nil, err
		}
		if len(classes) == 0 {
			eachDoc(match, func(d uint32) { top.push(dist(d), 0, order.rank[d], d) })
			break
		}
		keys := sr.rank(match, classes)
		ks := *keys
		eachDoc(match, func(d uint32) { top.push(dist(d), ks[d], order.rank[d], d) })
		sr.ki.keyPool.Put(keys)
	case sr.sortField != "":
		col, err := sr.cache.numbers(sr.seg, sr.sortField)
		if err != nil {
			return 0, nil, err
		}
		if len(classes) == 0 {
			eachDoc(match, func(d uint32) { top.push(descKey(col[d]), 0, order.rank[d], d) })
			break
		}
		// Relevance decides between equal values.
		keys := sr.rank(match, classes)
		ks := *keys
		eachDoc(match, func(d uint32) { top.push(descKey(col[d]), ks[d], order.rank[d], d) })
		sr.ki.keyPool.Put(keys)
	case len(classes) > 0:
		keys := sr.rank(match, classes)
		ks := *keys
		eachDoc(match, func(d uint32) { top.push(uint64(ks[d]), 0, order.rank[d], d) })
		sr.ki.keyPool.Put(keys)
	case uint64(n)*32 < sr.seg.Count():
		// Few matches: rank them.
		eachDoc(match, func(d uint32) { top.push(0, 0, order.rank[d], d) })
	default:
		// Browsing most of the segment: walk it in id order.
		for _, d := range order.byID {
			if match.Contains(d) {
				top.h = append(top.h, segCand{rank: order.rank[d], doc: d})
				if len(top.h) == k {
					break
				}
			}
		}
	}
	cs := make([]cand, len(top.h))
	for i, c := range top.h {
		cs[i] = cand{key: c.key, rel: c.rel, id: order.ids[c.doc], seg: segIdx, doc: c.doc}
	}
	return n, cs, nil
}

// eachDoc calls fn with every document of bm in order.
func eachDoc(bm *roaring.Bitmap, fn func(d uint32)) {
	it := bm.ManyIterator()
	buf := make([]uint32, 512)
	for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
		for _, d := range buf[:k] {
			fn(d)
		}
	}
}

// segCand is a candidate within a segment: rank is its id's position in the
// segment, which orders ties like the ids themselves.
type segCand struct {
	key  uint64
	rel  uint32
	rank uint32
	doc  uint32
}

// segTop keeps the k best candidates of a segment in a heap whose root is
// the worst kept.
type segTop struct {
	k int
	h []segCand
}

func (c segCand) worse(o segCand) bool {
	switch {
	case c.key != o.key:
		return c.key > o.key
	case c.rel != o.rel:
		return c.rel > o.rel
	}
	return c.rank > o.rank
}

func (t *segTop) push(key uint64, rel, rank, doc uint32) {
	c := segCand{key: key, rel: rel, rank: rank, doc: doc}
	if len(t.h) < t.k {
		t.h = append(t.h, c)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !t.h[i].worse(t.h[p]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if !t.h[0].worse(c) {
		return
	}
	t.h[0] = c
	for i := 0; ; {
		l, r, w := 2*i+1, 2*i+2, i
		if l < len(t.h) && t.h[l].worse(t.h[w]) {
			w = l
		}
		if r < len(t.h) && t.h[r].worse(t.h[w]) {
			w = r
		}
		if w == i {
			return
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

// rank computes the relevance key of every match: per ranked word the best
// way it matched (fewest typos, then most important field, then exact
// before prefix or synonym), summed over words. The returned
// slice (indexed by document number) goes back to ki.keyPool after use.
func (sr *segRun) rank(match *roaring.Bitmap, classes [][]class) *[]uint32 {
	n := int(sr.seg.Count())
	keys := sr.ki.getKeys(n)
	best := make([]uint8, n)
	worstField := uint8(max(len(sr.ki.searchable)-1, 0))
	worst := pack(2, worstField, 1)
	buf := make([]uint32, 512)
	ks := *keys
	eachDoc(match, func(d uint32) { ks[d] = 0 })
	for _, cs := range classes {
		eachDoc(match, func(d uint32) { best[d] = worst })
		for _, c := range cs {
			it := roaring.And(c.bm, match).ManyIterator()
			for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
				for _, d := range buf[:k] {
					b := best[d]
					// The best way the word matched, ranked like the rules:
					// fewest typos, then the most important field, then
					// exactness (the packed byte orders that way).
					best[d] = min(b, pack(c.typos, c.field, c.nonExact))
				}
			}
		}
		eachDoc(match, func(d uint32) {
			b := best[d]
			ks[d] += uint32(b>>5)<<16 | uint32(b>>1&15)<<8 | uint32(b&1)
		})
	}
	return keys
}

// getKeys returns a slice of n keys from the index's pool.
func (ki *kindIndex) getKeys(n int) *[]uint32 {
	if p, ok := ki.keyPool.Get().(*[]uint32); ok && cap(*p) >= n {
		*p = (*p)[:n]
		return p
	}
	s := make([]uint32, n)
	return &s
}

// relevance turns a rank key into a score in (0, 1], higher is better, for
// logs and debugging; the order comes from the key.
func relevance(key uint32) float64 {
	typos, field, nonExact := key>>16, key>>8&0xff, key&0xff
	return 1 / (1 + float64(typos)*10 + float64(field) + float64(nonExact)*0.5)
}

// pack stores a unit's match quality in a byte: typos (0–2), field (0–15)
// and non-exactness (0–1).
func pack(typos, field, nonExact uint8) uint8 { return typos<<5 | min(field, 15)<<1 | nonExact }

// unit returns the documents of the segment a unit matches and how.
//
// It returns the ways of matching per ranked word: one list for a word; for
// a synonym span one list per own word (so a document ranks by how well it
// matched each of them, not by its best word alone: "Backoffice" in the
// title and "Manager" only in the description is not a title match), each
// ending with the other phrasings' matches as a non-exact fallback.
func (sr *segRun) unit(u unit) (*roaring.Bitmap, [][]class, error) {
	if u.word != nil {
		bm, cs, err := sr.word(u)
		return bm, [][]class{cs}, err
	}
	own := (*roaring.Bitmap)(nil)
	var lists [][]class
	var classes []class // the other phrasings'
	for _, w := range u.own {
		bm, cs, err := sr.word(w)
		if err != nil {
			return nil, nil, err
		}
		if own == nil {
			own = bm
		} else {
			own.And(bm)
		}
		lists = append(lists, cs)
	}
	all := own
	for _, o := range u.alts {
		first := len(classes)
		phr := (*roaring.Bitmap)(nil)
		for _, t := range o.terms {
			tb := roaring.New()
			for fi, f := range sr.ki.searchable {
				fb := roaring.New()
				if err := sr.orTerm(fb, f, t); err != nil {
					return nil, nil, err
				}
				if !fb.IsEmpty() {
					classes = append(classes, class{field: uint8(fi), nonExact: 1, bm: fb})
					tb.Or(fb)
				}
			}
			if phr == nil {
				phr = tb
			} else {
				phr.And(tb)
			}
		}
		if o.joined != "" {
			for fi, f := range sr.ki.searchable {
				fb := roaring.New()
				if err := sr.orTerm(fb, f, o.joined); err != nil {
					return nil, nil, err
				}
				if !fb.IsEmpty() {
					classes = append(classes, class{field: uint8(fi), nonExact: 1, bm: fb})
					phr.Or(fb)
				}
			}
		}
		// A phrasing's words rank only the documents with the whole phrasing.
		for i := first; i < len(classes); i++ {
			classes[i].bm = roaring.And(classes[i].bm, phr)
		}
		all.Or(phr)
	}
	for i := range lists {
		lists[i] = append(lists[i], classes...)
	}
	return all, lists, nil
}

// word returns the documents matching a word in any searchable field:
// exactly, with typos, as a prefix or through an alternative.
func (sr *segRun) word(u unit) (*roaring.Bitmap, []class, error) {
	w := u.word
	all := roaring.New()
	var classes []class
	for fi, f := range sr.ki.searchable {
		// slots: exact, not exact (prefix, synonym), one typo, two typos
		var slot [4]*roaring.Bitmap
		get := func(i int) *roaring.Bitmap {
			if slot[i] == nil {
				slot[i] = roaring.New()
			}
			return slot[i]
		}
		dict, err := sr.dict(f)
		if err != nil {
			return nil, nil, err
		}
		if !w.stop {
			if err := sr.orTerm(get(0), f, w.term); err != nil {
				return nil, nil, err
			}
		}
		if u.dfa != nil {
			start := []byte(string(firstRune(w.term)))
			err := sr.eachTerm(dict, u.dfa, start, prefixEnd(start), func(t string) error {
				if t == w.term {
					return nil
				}
				_, d := u.dfa.MatchAndDistance(t)
				if d == 0 || d > 2 {
					return nil
				}
				return sr.orTerm(get(1+int(d)), f, t)
			})
			if err != nil {
				return nil, nil, err
			}
		}
		prefix := func(p string, bm *roaring.Bitmap) error {
			return sr.eachTerm(dict, &vellum.AlwaysMatch{}, []byte(p), prefixEnd([]byte(p)), func(t string) error {
				return sr.orTerm(bm, f, t)
			})
		}
		if w.prefix {
			if err := prefix(w.term, get(1)); err != nil {
				return nil, nil, err
			}
		}
		for _, a := range w.alts {
			dst := get(0)
			if a.synonym || a.prefix {
				dst = get(1)
			}
			var err error
			if a.prefix {
				err = prefix(a.term, dst)
			} else {
				err = sr.orTerm(dst, f, a.term)
			}
			if err != nil {
				return nil, nil, err
			}
		}
		for i, bm := range slot {
			if bm == nil || bm.IsEmpty() {
				continue
			}
			c := class{field: uint8(fi), bm: bm}
			switch i {
			case 1:
				c.nonExact = 1
			case 2, 3:
				c.typos, c.nonExact = uint8(i-1), 1
			}
			classes = append(classes, c)
			all.Or(bm)
		}
	}
	return all, classes, nil
}

// dict returns the segment's term dictionary of a field.
func (sr *segRun) dict(field string) (segment.TermDictionary, error) {
	if d, ok := sr.dicts[field]; ok {
		return d, nil
	}
	d, err := sr.seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	sr.dicts[field] = d
	return d, nil
}

// orTerm adds the documents containing term in field to bm.
func (sr *segRun) orTerm(bm *roaring.Bitmap, field, term string) error {
	d, err := sr.dict(field)
	if err != nil {
		return err
	}
	return orPostings(d, bm, []byte(term))
}

// orPostings adds the documents of a term's postings to bm (deleted
// documents included: callers intersect with the live documents).
func orPostings(d segment.TermDictionary, bm *roaring.Bitmap, term []byte) error {
	pl, err := d.PostingsList(term, nil, nil)
	if err != nil {
		return err
	}
	if o, ok := pl.(interface{ OrInto(*roaring.Bitmap) }); ok {
		o.OrInto(bm)
		return nil
	}
	it := pl.Iterator(false, false, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return err
		}
		if p == nil {
			return nil
		}
		bm.Add(uint32(p.Number()))
	}
}

// eachTerm calls fn with every term of d the automaton accepts within
// [start, end).
func (sr *segRun) eachTerm(d segment.TermDictionary, a segment.Automaton, start, end []byte, fn func(string) error) error {
	it := termIterator(d, a, start, end)
	for {
		de, err := it.Next()
		if err != nil {
			return err
		}
		if de == nil {
			return nil
		}
		if err := fn(de.Term); err != nil {
			return err
		}
	}
}

// prefixEnd returns the first key after every key starting with p, or nil
// when there is none.
func prefixEnd(p []byte) []byte {
	end := slices.Clone(p)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// filter returns the documents of the segment passing a filter.
func (sr *segRun) filter(f search.Filter) (*roaring.Bitmap, error) {
	bm := roaring.New()
	switch f.Op {
	case search.Equals, search.In:
		for _, v := range f.Values {
			if err := sr.orFacet(bm, f.Field, v); err != nil {
				return nil, err
			}
		}
	case search.IsBool:
		if err := sr.orTerm(bm, f.Field, string(boolTerm(f.Bool))); err != nil {
			return nil, err
		}
	case search.Range:
		col, err := sr.cache.numbers(sr.seg, f.Field)
		if err != nil {
			return nil, err
		}
		lo, hi := math.Inf(-1), math.Inf(1)
		if f.Min != nil {
			lo = *f.Min
		}
		if f.Max != nil {
			hi = *f.Max
		}
		var docs []uint32
		for d, v := range col {
			if v >= lo && v <= hi { // NaN (no value) never passes
				docs = append(docs, uint32(d))
			}
		}
		bm.AddMany(docs)
	}
	return bm, nil
}

// facetCounts sorts counts as the contract says: most frequent first, ties
// by value; at most search.MaxFacetValues values.
func facetCounts(c map[string]int) []search.FacetCount {
	out := make([]search.FacetCount, 0, len(c))
	for v, n := range c {
		out = append(out, search.FacetCount{Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b search.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out[:min(len(out), search.MaxFacetValues)]
}

func uniq(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// distances returns a function giving each document's sort key by distance
// from the query's point: nearest first, documents without coordinates last.
func (sr *segRun) distances() (func(d uint32) uint64, error) {
	geo := sr.ki.schema.Geo
	lat, err := sr.cache.numbers(sr.seg, geo.Lat)
	if err != nil {
		return nil, err
	}
	lng, err := sr.cache.numbers(sr.seg, geo.Lng)
	if err != nil {
		return nil, err
	}
	c := sr.near
	return func(d uint32) uint64 {
		if math.IsNaN(lat[d]) || math.IsNaN(lng[d]) {
			return math.MaxUint64
		}
		return math.Float64bits(places.DistanceKm(c.Lat, c.Lng, lat[d], lng[d]))
	}, nil
}

// within returns the documents of bm inside the query's radius.
func (sr *segRun) within(bm *roaring.Bitmap) (*roaring.Bitmap, error) {
	geo := sr.ki.schema.Geo
	lat, err := sr.cache.numbers(sr.seg, geo.Lat)
	if err != nil {
		return nil, err
	}
	lng, err := sr.cache.numbers(sr.seg, geo.Lng)
	if err != nil {
		return nil, err
	}
	c := sr.near
	// A cheap box first: one degree of latitude is about 111 km.
	dLat := c.RadiusKm/111.0 + 0.01
	var docs []uint32
	eachDoc(bm, func(d uint32) {
		la, ln := lat[d], lng[d]
		if math.IsNaN(la) || math.IsNaN(ln) || math.Abs(la-c.Lat) > dLat {
			return
		}
		if places.DistanceKm(c.Lat, c.Lng, la, ln) <= c.RadiusKm {
			docs = append(docs, d)
		}
	})
	out := roaring.New()
	out.AddMany(docs)
	return out, nil
}
