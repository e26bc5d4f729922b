// Package search is Laufbahn's full-text search: the Index interface both
// engines implement (embedded Bleve in search/bleve, Meilisearch in
// search/meili), the schemas, documents and typed queries they share, and
// the sync worker that keeps the index true to MongoDB. The index is derived
// data: it can always be rebuilt from the database.
package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/laufbahn/laufbahn/apperr"
)

// Kind names one index.
type Kind string

// The indexes.
const (
	Jobs    Kind = "jobs"
	Courses Kind = "courses"
	Roles   Kind = "roles"
)

// Kinds lists every index.
var Kinds = []Kind{Jobs, Courses, Roles}

// FieldType says how a field is indexed.
type FieldType int

// Field types. Dates are stored as Number (Unix seconds) so both engines can
// range-filter and sort them.
const (
	// Text is analysed full text (German analysis, typo tolerance).
	Text FieldType = iota + 1
	// Keyword is an exact value or a list of exact values (slugs, codes).
	Keyword
	// Number is a float64 (integers, Unix seconds).
	Number
	// Bool is true or false.
	Bool
)

// Field describes one document field.
type Field struct {
	Name string
	Type FieldType
	// Searchable fields take part in full-text matching; their order in
	// Schema.Fields is their importance (earlier ranks higher), as in
	// Meilisearch's searchableAttributes.
	Searchable bool
	// Filterable fields can be used in filters; Facet fields also get counts.
	Filterable bool
	Facet      bool
	Sortable   bool
	// Highlight marks matches of this field in Hit.Highlights.
	Highlight bool
}

// SortKey names a sort order a schema offers.
type SortKey string

// Sort orders. The empty key is relevance.
const (
	ByRelevance SortKey = ""
	ByDate      SortKey = "date"   // newest first
	BySalary    SortKey = "salary" // highest first
	// ByDistance orders by distance from Query.Near, nearest first; only
	// schemas with a Geo point offer it.
	ByDistance SortKey = "distance"
)

// SortSpec maps a sort key to a sortable field, descending.
type SortSpec struct {
	Key   SortKey
	Field string
}

// Schema describes one index.
type Schema struct {
	Kind   Kind
	Fields []Field
	Sorts  []SortSpec
	// Geo names the two Number fields holding a document's latitude and
	// longitude, when documents have a place (Meilisearch: _geo).
	Geo *GeoFields `json:",omitempty"`
}

// GeoFields names the latitude and longitude fields of a schema.
type GeoFields struct{ Lat, Lng string }

// Circle is a point and a radius around it.
type Circle struct {
	Lat, Lng float64
	// RadiusKm limits matches to documents within this distance; 0 does
	// not limit (the point is then only the origin of ByDistance).
	RadiusKm float64
}

// MaxRadiusKm is the largest radius a query may ask for.
const MaxRadiusKm = 1000

// Field returns the named field.
func (s Schema) Field(name string) (Field, bool) {
	i := slices.IndexFunc(s.Fields, func(f Field) bool { return f.Name == name })
	if i < 0 {
		return Field{}, false
	}
	return s.Fields[i], true
}

// Searchable returns the names of the searchable fields, most important first.
func (s Schema) Searchable() []string {
	var out []string
	for _, f := range s.Fields {
		if f.Searchable {
			out = append(out, f.Name)
		}
	}
	return out
}

// SortField returns the field behind a sort key.
func (s Schema) SortField(k SortKey) (string, bool) {
	i := slices.IndexFunc(s.Sorts, func(sp SortSpec) bool { return sp.Key == k })
	if i < 0 {
		return "", false
	}
	return s.Sorts[i].Field, true
}

// Document is one indexed document. Field values are string, []string,
// float64 (or any integer type, stored as float64) and bool, as the schema
// says. ID is unique within its index and consists of letters, digits,
// hyphens and underscores; Fields never contains "id".
type Document struct {
	ID     string
	Fields map[string]any
}

// FilterOp is a filter operation.
type FilterOp int

// Filter operations; all filters of a query combine with AND.
const (
	// Equals matches documents whose field (or one of its list values)
	// equals Values[0].
	Equals FilterOp = iota + 1
	// In matches documents whose field equals any of Values.
	In
	// Range matches numbers with Min <= value <= Max; a nil bound is open.
	Range
	// IsBool matches documents whose bool field equals Bool.
	IsBool
)

// Filter restricts a query to documents matching one condition.
type Filter struct {
	Field  string
	Op     FilterOp
	Values []string
	Min    *float64
	Max    *float64
	Bool   bool
}

// Eq returns an Equals filter.
func Eq(field, value string) Filter { return Filter{Field: field, Op: Equals, Values: []string{value}} }

// AnyOf returns an In filter.
func AnyOf(field string, values ...string) Filter {
	return Filter{Field: field, Op: In, Values: values}
}

// Between returns a Range filter; nil bounds are open.
func Between(field string, min, max *float64) Filter {
	return Filter{Field: field, Op: Range, Min: min, Max: max}
}

// Is returns a bool filter.
func Is(field string, b bool) Filter { return Filter{Field: field, Op: IsBool, Bool: b} }

// Query is a typed search request.
type Query struct {
	// Text is the user's search text; empty browses everything. The last
	// word is matched as a prefix (search as you type).
	Text    string
	Filters []Filter
	// Facets names the facet fields to count. Counts for a field apply every
	// filter except those on that field itself (disjunctive faceting), so a
	// user can see how many results each alternative would give.
	Facets []string
	// Sort orders results by the sort key's field, descending, with
	// relevance deciding ties; ByRelevance orders by relevance alone.
	Sort SortKey
	// Near restricts matches to a circle (RadiusKm > 0) and is the origin
	// of ByDistance; documents without coordinates never match a radius and
	// come last by distance.
	Near  *Circle
	Page  int // from 1
	Limit int // 1–100
}

// Limits on queries.
const (
	MaxTextLen = 200
	MaxLimit   = 100
	MaxPage    = 1000
	// MaxFilterValues caps the values of one In filter, MaxValueLen each value.
	MaxFilterValues = 50
	MaxValueLen     = 200
	// MaxFacetValues is the most values either engine reports per facet.
	MaxFacetValues = 100
)

// Hit is one result.
type Hit struct {
	ID     string
	Fields map[string]any
	// Highlights maps a Highlight field to its text with matches wrapped in
	// <mark>…</mark>; everything else in it is HTML-escaped.
	Highlights map[string]string
	Score      float64
}

// FacetCount is the number of matching documents with one value.
type FacetCount struct {
	Value string
	Count int
}

// Result is the answer to a query.
type Result struct {
	Hits  []Hit
	Total int
	// Facets maps each requested facet field to its counts, most frequent
	// first, ties by value.
	Facets map[string][]FacetCount
	Took   time.Duration
	// Degraded says the engine stopped early (Meilisearch's search cutoff):
	// hits, totals or facet counts may be incomplete.
	Degraded bool
}

// Stats describes one index.
type Stats struct {
	Count int
}

// Index is a search engine holding one index per Kind. Every method waits
// until the engine has confirmed the change. Implementations return
// apperr.Unavailable when the engine cannot be reached and apperr.Invalid for
// a query the schema does not allow.
type Index interface {
	// Apply creates the index for the schema if needed and applies its
	// settings; applying the same schema again changes nothing.
	Apply(ctx context.Context, s Schema) error
	// Upsert adds or replaces documents.
	Upsert(ctx context.Context, kind Kind, docs []Document) error
	// Delete removes documents; unknown ids are ignored.
	Delete(ctx context.Context, kind Kind, ids []string) error
	// Search runs a query.
	Search(ctx context.Context, kind Kind, q Query) (Result, error)
	// Stats counts the documents of an index.
	Stats(ctx context.Context, kind Kind) (Stats, error)
	// IDs lists every document id of an index (for reconciling).
	IDs(ctx context.Context, kind Kind) ([]string, error)
	// Engine names the engine for logs and /readyz: "bleve" or "meilisearch".
	Engine() string
	// Close releases the engine's resources.
	Close() error
}

// Validate checks a query against a schema and returns an Invalid error
// naming the offending parameter. Engines call it first; the API maps the
// field names to its query parameters.
func (s Schema) Validate(q Query) error {
	var p apperr.Problems
	if utf8.RuneCountInString(q.Text) > MaxTextLen {
		p.Addf("q", "must be at most %d characters", MaxTextLen)
	}
	if q.Limit < 1 || q.Limit > MaxLimit {
		p.Addf("limit", "must be from 1 to %d", MaxLimit)
	}
	if q.Page < 1 || q.Page > MaxPage {
		p.Addf("page", "must be from 1 to %d", MaxPage)
	}
	if _, ok := s.SortField(q.Sort); q.Sort != ByRelevance && q.Sort != ByDistance && !ok {
		p.Addf("sort", "%q is not a sort order of %s", q.Sort, s.Kind)
	}
	if q.Sort == ByDistance && (s.Geo == nil || q.Near == nil) {
		p.Add("sort", "distance needs a place to measure from")
	}
	if q.Near != nil {
		c := q.Near
		switch {
		case s.Geo == nil:
			p.Addf("near", "%s has no places", s.Kind)
		case !(c.Lat >= -90 && c.Lat <= 90) || !(c.Lng >= -180 && c.Lng <= 180):
			p.Add("near", "needs a latitude from -90 to 90 and a longitude from -180 to 180")
		case !(c.RadiusKm >= 0 && c.RadiusKm <= MaxRadiusKm):
			p.Addf("radius", "must be from 0 to %d km", MaxRadiusKm)
		}
	}
	for _, f := range q.Filters {
		fd, ok := s.Field(f.Field)
		if !ok || !fd.Filterable {
			p.Addf(f.Field, "is not a filter of %s", s.Kind)
			continue
		}
		switch f.Op {
		case Equals, In:
			if fd.Type != Keyword || len(f.Values) == 0 || (f.Op == Equals && len(f.Values) != 1) {
				p.Add(f.Field, "needs a value")
			} else if len(f.Values) > MaxFilterValues {
				p.Addf(f.Field, "takes at most %d values", MaxFilterValues)
			} else if slices.ContainsFunc(f.Values, func(v string) bool { return len(v) > MaxValueLen }) {
				p.Addf(f.Field, "values must be at most %d bytes", MaxValueLen)
			}
		case Range:
			finite := func(v *float64) bool { return v == nil || (!math.IsNaN(*v) && !math.IsInf(*v, 0)) }
			if fd.Type != Number || (f.Min == nil && f.Max == nil) || !finite(f.Min) || !finite(f.Max) || (f.Min != nil && f.Max != nil && *f.Min > *f.Max) {
				p.Add(f.Field, "needs a numeric range with min <= max")
			}
		case IsBool:
			if fd.Type != Bool {
				p.Add(f.Field, "is not a yes/no filter")
			}
		default:
			p.Add(f.Field, "unknown filter operation")
		}
	}
	for _, name := range q.Facets {
		if fd, ok := s.Field(name); !ok || !fd.Facet {
			p.Addf(name, "is not a facet of %s", s.Kind)
		}
	}
	return p.Err("invalid search")
}

// SchemaFor returns the schema of a kind.
func SchemaFor(k Kind) (Schema, error) {
	switch k {
	case Jobs:
		return JobSchema, nil
	case Courses:
		return CourseSchema, nil
	case Roles:
		return RoleSchema, nil
	}
	return Schema{}, fmt.Errorf("search: unknown index %q", k)
}

// Synonyms is the built-in fallback for an engine opened without a
// Vocabulary; the real synonyms are data (content/data/vocabulary.yaml).
var Synonyms = [][]string{
	{"kaufmann", "kauffrau", "kaufleute"},
	{"büroleiter", "büroleiterin", "office-manager", "office manager", "büromanager", "büromanagerin"},
	{"backoffice-manager", "back-office-manager", "backoffice manager", "back office manager"},
	{"assistenz", "assistant", "assistent", "assistentin"},
	{"sachbearbeiter", "sachbearbeiterin"},
	{"buchhaltung", "buchführung"},
	{"mitarbeiter", "mitarbeiterin"},
}
