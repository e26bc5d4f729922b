package content

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"
)

// diff lists the fields that differ between two documents of one type
// (old nil: every field of next is new). Fields are named by their paths in
// the curated files and the API ("tasks[2].text.de"); values are shown as
// text. Meta is not part of a document's YAML and never differs.
func diff(old, next any) []Change {
	a, b := map[string]string{}, map[string]string{}
	if old != nil {
		flatten("", toPlain(old), a)
	}
	flatten("", toPlain(next), b)
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []Change
	for _, k := range slices.SortedFunc(maps.Keys(keys), comparePaths) {
		if a[k] != b[k] {
			out = append(out, Change{Field: k, Old: a[k], New: b[k]})
		}
	}
	return out
}

// ToPlain renders a content document as plain maps, lists and scalars with
// the field names of the curated YAML files (which the admin API uses as
// its JSON names).
func ToPlain(doc any) (map[string]any, error) {
	b, err := yaml.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("content: render document: %w", err)
	}
	out := map[string]any{}
	if err := yaml.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("content: render document: %w", err)
	}
	return out, nil
}

func toPlain(doc any) map[string]any {
	m, err := ToPlain(doc)
	if err != nil {
		panic(err) // only plain data types reach here
	}
	return m
}

func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(p, e, out)
		}
	case []any:
		for i, e := range x {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), e, out)
		}
	case nil:
	default:
		out[prefix] = fmt.Sprint(x)
	}
}

// comparePaths orders field paths by their parts, numbers numerically, so
// tasks[2] comes before tasks[10].
func comparePaths(a, b string) int {
	pa, pb := pathParts(a), pathParts(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] == pb[i] {
			continue
		}
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		if ea == nil && eb == nil {
			return na - nb
		}
		if pa[i] < pb[i] {
			return -1
		}
		return 1
	}
	return len(pa) - len(pb)
}

func pathParts(p string) []string {
	var parts []string
	cur := []rune{}
	for _, r := range p {
		switch r {
		case '.', '[', ']':
			if len(cur) > 0 {
				parts = append(parts, string(cur))
				cur = cur[:0]
			}
		default:
			cur = append(cur, r)
		}
	}
	if len(cur) > 0 {
		parts = append(parts, string(cur))
	}
	return parts
}
