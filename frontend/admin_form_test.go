package frontend

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/content"
)

// seededDocs are every curated document by kind, as pointers.
func seededDocs(t *testing.T) map[content.Kind][]any {
	t.Helper()
	set, err := content.Load(content.Curated())
	if err != nil {
		t.Fatal(err)
	}
	out := map[content.Kind][]any{}
	for i := range set.Roles {
		out[content.KindRoles] = append(out[content.KindRoles], &set.Roles[i])
	}
	for i := range set.Skills {
		out[content.KindSkills] = append(out[content.KindSkills], &set.Skills[i])
	}
	for i := range set.Courses {
		out[content.KindCourses] = append(out[content.KindCourses], &set.Courses[i])
	}
	for i := range set.Paths {
		out[content.KindPaths] = append(out[content.KindPaths], &set.Paths[i])
	}
	for i := range set.Salaries {
		out[content.KindSalaries] = append(out[content.KindSalaries], &set.Salaries[i])
	}
	for i := range set.Sources {
		out[content.KindSources] = append(out[content.KindSources], &set.Sources[i])
	}
	return out
}

// TestAdminFormRoundTrip: every seeded document of every kind goes
// struct → form values → struct without losing or changing anything, also
// when the browser sends CRLF line ends, rows with gaps (removed in place)
// and an empty added row.
func TestAdminFormRoundTrip(t *testing.T) {
	docs := seededDocs(t)
	for _, kind := range content.Kinds() {
		if len(docs[kind]) == 0 {
			t.Fatalf("no seeded %s", kind)
		}
		for _, doc := range docs[kind] {
			vals := encodeDoc(doc)
			back, bad, err := decodeDoc(kind, vals)
			if err != nil || len(bad) > 0 {
				t.Fatalf("%s: %v %v", kind, err, bad)
			}
			if !reflect.DeepEqual(doc, back) {
				t.Fatalf("%s: round trip changed the document:\n%#v\n%#v", kind, doc, back)
			}
			// What a browser sends: CRLF, gaps, an empty row, then the same.
			sent := url.Values{}
			for k, vs := range vals {
				k = renumber(k)
				for _, v := range vs {
					sent.Add(k, strings.ReplaceAll(v, "\n", "\r\n"))
				}
			}
			sent.Set("sources[77]", "") // an added row left empty (ignored for choice sets too)
			back2, bad, _ := decodeDoc(kind, sent)
			if len(bad) > 0 || !reflect.DeepEqual(doc, back2) {
				t.Fatalf("%s: the browser's form changed the document: %v\n%#v\n%#v", kind, bad, doc, back2)
			}
		}
	}
}

// renumber doubles every row number, leaving gaps: tasks[1] → tasks[2].
func renumber(k string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(k, '[')
		if i < 0 {
			b.WriteString(k)
			return b.String()
		}
		j := strings.IndexByte(k[i:], ']') + i
		n := 0
		for _, c := range k[i+1 : j] {
			n = n*10 + int(c-'0')
		}
		b.WriteString(k[:i+1])
		b.WriteString(itoa(n * 2))
		b.WriteString("]")
		k = k[j+1:]
	}
}

func TestAdminFormDecodeProblems(t *testing.T) {
	vals := url.Values{"slug": {"x"}, "low": {"27.600"}, "high": {"viel"}, "factors[3].de": {"A"}, "factors[3].en": {"B"}, "factors[5].de": {""}}
	doc, bad, err := decodeDoc(content.KindSalaries, vals)
	if err != nil {
		t.Fatal(err)
	}
	sr := doc.(*content.SalaryRange)
	if sr.Low != 27600 || sr.High != 0 || bad["high"] != "viel" || len(bad) != 1 {
		t.Fatalf("numbers: %+v %v", sr, bad)
	}
	if len(sr.Factors) != 1 || sr.Factors[0].DE != "A" || sr.Note != nil {
		t.Fatalf("rows: %+v", sr)
	}
}

func TestAdminFormNodesAndProblems(t *testing.T) {
	e := newTestEnv(t)
	docs := seededDocs(t)
	p := &Page{Lang: "de", site: e.Site}
	role := docs[content.KindRoles][0].(*content.Role)
	b := &formBuilder{p: p, vals: encodeDoc(role), opts: adminOptions{"sources": {{Value: role.Sources[0], Label: "Quelle"}}},
		extra: map[string]int{"tasks": 1}, keyName: "slug", editing: true}
	nodes := b.build(reflect.TypeFor[content.Role]())
	byPath := map[string]*cnode{}
	var walk func([]*cnode)
	walk = func(ns []*cnode) {
		for _, n := range ns {
			byPath[n.Path] = n
			walk(n.Children)
		}
	}
	walk(nodes)
	if n := byPath["slug"]; n == nil || !n.ReadOnly || n.Value != role.Slug {
		t.Fatalf("slug %+v", n)
	}
	if n := byPath["title"]; n.Kind != "text" || n.DE != role.Title.DE || n.EN != role.Title.EN {
		t.Fatalf("title %+v", n)
	}
	if n := byPath["tasks"]; n.Kind != "list" || len(n.Children) != len(role.Tasks)+1 || n.Row == nil || !strings.Contains(n.Row.Children[0].Path, "[__i0__]") {
		t.Fatalf("tasks %+v", n)
	}
	if n := byPath["tasks[0].sources"]; n.Kind != "checks" || !n.Options[0].Selected {
		t.Fatalf("sources picker %+v", n)
	}
	if n := byPath["level"]; n.Kind != "select" || len(n.Options) != 3 {
		t.Fatalf("level %+v", n)
	}
	for path, n := range byPath {
		if n.Label == "" || strings.HasPrefix(n.Label, "admin.field.") {
			t.Errorf("%s has no label: %q", path, n.Label)
		}
	}
	rest := attach(nodes, map[string]string{"title.en": "leer", "tasks[1].sources[0]": "unbekannt", "checklist": "zu wenige", "nirgends": "oben"})
	if byPath["title"].ErrEN != "leer" || !byPath["title"].Focus || byPath["tasks[1].sources"].Err != "unbekannt" || byPath["checklist"].Err != "zu wenige" || len(rest) != 1 || rest[0] != "oben" {
		t.Fatalf("attach: %+v %+v %v", byPath["title"], byPath["tasks[1].sources"], rest)
	}
}
