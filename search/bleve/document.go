package bleve

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/numeric"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// srcField stores the whole document as JSON; it is the only stored field
// (hits and highlights are built from it), so the index keeps one copy of
// the text.
const srcField = "_src"

var docID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,512}$`)

// document checks d against the schema and lays it out for Bleve. Search
// works on the terms' postings only (see searching.go), so no field keeps
// frequencies, norms, term vectors or doc values, and only the whole
// document is stored:
//   - Text: the German analyser's terms;
//   - Keyword: each value as one exact term;
//   - Number: one sortable term (Bleve's prefix coding at shift 0), from
//     which ranges and sorting read the values;
//   - Bool: the term "T" or "F".
func (ki *kindIndex) document(a *germanAnalyzer, d search.Document) (*document.Document, error) {
	if !docID.MatchString(d.ID) {
		return nil, apperr.Field("id", fmt.Sprintf("%q is not a valid document id (letters, digits, - and _)", d.ID))
	}
	for name := range d.Fields {
		if _, ok := ki.schema.Field(name); !ok {
			return nil, apperr.Field(name, fmt.Sprintf("is not a field of %s", ki.schema.Kind))
		}
	}
	const opts = index.IndexField | index.SkipFreqNorm
	doc := document.NewDocument(d.ID)
	src := make(map[string]any, len(d.Fields))
	for _, f := range ki.schema.Fields {
		v, ok := d.Fields[f.Name]
		if !ok || v == nil {
			continue
		}
		switch f.Type {
		case search.Text, search.Keyword:
			vals, ok := stringsOf(v)
			if !ok {
				return nil, apperr.Field(f.Name, fmt.Sprintf("document %s: must be a string or a list of strings, not %T", d.ID, v))
			}
			src[f.Name] = v
			for i, s := range vals {
				var pos []uint64
				if len(vals) > 1 {
					pos = []uint64{uint64(i)}
				}
				if f.Type == search.Text {
					doc.AddField(document.NewTextFieldCustom(f.Name, pos, []byte(s), opts, a))
				} else {
					// A nil analyser indexes the value as one exact term.
					doc.AddField(document.NewTextFieldCustom(f.Name, pos, []byte(s), opts, nil))
				}
			}
		case search.Number:
			n, ok := numberOf(v)
			if !ok {
				return nil, apperr.Field(f.Name, fmt.Sprintf("document %s: must be a finite number, not %T", d.ID, v))
			}
			src[f.Name] = n
			doc.AddField(document.NewTextFieldCustom(f.Name, nil, numberTerm(n), opts, nil))
		case search.Bool:
			b, ok := v.(bool)
			if !ok {
				return nil, apperr.Field(f.Name, fmt.Sprintf("document %s: must be true or false, not %T", d.ID, v))
			}
			src[f.Name] = b
			doc.AddField(document.NewTextFieldCustom(f.Name, nil, boolTerm(b), opts, nil))
		default:
			return nil, fmt.Errorf("bleve: field %s has unknown type %d", f.Name, f.Type)
		}
	}
	raw, err := json.Marshal(src)
	if err != nil {
		return nil, fmt.Errorf("bleve: encode document %s: %w", d.ID, err)
	}
	doc.AddField(document.NewTextFieldWithIndexingOptions(srcField, nil, raw, index.StoreField))
	return doc, nil
}

// numberTerm encodes a number as a term that sorts like the number.
func numberTerm(f float64) []byte {
	return numeric.MustNewPrefixCodedInt64(numeric.Float64ToInt64(f), 0)
}

// termNumber decodes numberTerm.
func termNumber(t []byte) (float64, bool) {
	i, err := numeric.PrefixCoded(t).Int64()
	if err != nil {
		return 0, false
	}
	return numeric.Int64ToFloat64(i), true
}

func boolTerm(b bool) []byte {
	if b {
		return []byte("T")
	}
	return []byte("F")
}

func stringsOf(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []string:
		return v, true
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func numberOf(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case float32:
		f = float64(n)
	case int:
		f = float64(n)
	case int8:
		f = float64(n)
	case int16:
		f = float64(n)
	case int32:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint:
		f = float64(n)
	case uint8:
		f = float64(n)
	case uint16:
		f = float64(n)
	case uint32:
		f = float64(n)
	case uint64:
		f = float64(n)
	default:
		return 0, false
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}

// decodeFields turns a stored document back into the types the schema
// promises: strings, []string, float64 and bool.
func decodeFields(raw []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	for k, v := range m {
		if list, ok := v.([]any); ok {
			ss := make([]string, 0, len(list))
			for _, x := range list {
				if s, ok := x.(string); ok {
					ss = append(ss, s)
				}
			}
			m[k] = ss
		}
	}
	return m, nil
}
