package bleve

import (
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"golang.org/x/text/unicode/norm"
)

// Filters on keyword fields compare values as Meilisearch does: it
// normalises facet values and filter values alike with
// normalize_facet (milli, v1.50: trim, Unicode compatibility decomposition,
// lower case), so cityKey = "berlin" finds "Berlin" there. The Bleve index
// stores the values as given (facet counts show them so), and a filter
// matches every stored term with the same normal form.

// facetKey is Meilisearch's normal form of a facet or filter value.
func facetKey(v string) string {
	return strings.ToLower(norm.NFKD.String(strings.TrimSpace(v)))
}

// orFacet adds the documents whose field holds a value with the normal form
// of v.
func (sr *segRun) orFacet(bm *roaring.Bitmap, field, v string) error {
	keys, err := sr.cache.keys(sr.seg, field)
	if err != nil {
		return err
	}
	for _, term := range keys[facetKey(v)] {
		if err := sr.orTerm(bm, field, term); err != nil {
			return err
		}
	}
	return nil
}

// keys returns the stored values of a keyword field by normal form, built
// once per segment.
func (c *segCache) keys(seg segment.Segment, field string) (map[string][]string, error) {
	col, err := c.facet(seg, field)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.byKey[field]; ok {
		return m, nil
	}
	m := make(map[string][]string, len(col.values))
	for _, v := range col.values {
		k := facetKey(v)
		m[k] = append(m[k], v)
	}
	if c.byKey == nil {
		c.byKey = map[string]map[string][]string{}
	}
	c.byKey[field] = m
	return m, nil
}
