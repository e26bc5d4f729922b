package frontend

import (
	"html/template"
	"net/url"
	"strings"
)

// templateFuncs are the functions every template may call. Per-request
// helpers (translation, formatting) are methods of Page instead.
func templateFuncs(as *assets) map[string]any {
	return map[string]any{
		// asset is the content-hashed URL of a static file.
		"asset": as.url,
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"mul":   func(a, b float64) float64 { return a * b },
		"sub64": func(a, b float64) float64 { return a - b },
		"div": func(a, b float64) float64 {
			if b == 0 {
				return 0
			}
			return a / b
		},
		"float": toFloat,
		// seq is 1..n, for pagination.
		"seq": func(from, to int) []int {
			var out []int
			for i := from; i <= to; i++ {
				out = append(out, i)
			}
			return out
		},
		// item pairs the page with an item for partials: {{template "x" item $ .}}.
		"item": func(p any, v any) map[string]any { return map[string]any{"P": p, "V": v} },
		// dict builds a map from name/value pairs.
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				k, _ := kv[i].(string)
				m[k] = kv[i+1]
			}
			return m
		},
		// srcShort is a source id's short form for footnote marks ("001").
		"srcShort": func(id string) string {
			if i := strings.IndexAny(id, "_."); i > 0 {
				return id[:i]
			}
			return id
		},
		"join":  strings.Join,
		"lower": strings.ToLower,
		"query": url.QueryEscape,
		// safeHTML marks HTML that is already sanitized (a posting's
		// description, rendered and cleaned by jobs).
		"safeHTML": func(s string) template.HTML { return template.HTML(s) }, //nolint:gosec // only for sanitized HTML
		"contains": func(list []string, v string) bool {
			for _, x := range list {
				if x == v {
					return true
				}
			}
			return false
		},
	}
}
