package frontend

// The content editor's form, built by reflection over the content types
// (content.Role, Skill, Course, Path, SalaryRange, Source), so all six
// share one tested code path:
//
//   - encodeDoc turns a document into form values named by the field paths
//     of the curated files and the admin API ("title.de",
//     "tasks[2].sources"), which are also the paths the content service
//     names in its field problems;
//   - decodeDoc turns posted values back into a document (lossless for
//     every seeded document, see TestAdminFormRoundTrip); list rows may
//     come with gaps (removed in place by JavaScript) and are renumbered;
//   - buildForm turns values into the nodes the template draws: a
//     bilingual text as two inputs side by side, lists as repeated
//     fieldsets with add and remove, pickers for sources and references.

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/laufbahn/laufbahn/content"
)

var (
	thousands = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)
	textType  = reflect.TypeFor[content.Text]()
	metaType  = reflect.TypeFor[content.Meta]()
)

// fieldName is a struct field's name in the curated files ("" to skip).
func fieldName(f reflect.StructField) string {
	if f.Type == metaType || !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		name = strings.ToLower(f.Name[:1]) + f.Name[1:]
	}
	return name
}

// pickerOf names the catalogue a string field refers to: sources, skills,
// roles or courses ("" for none).
func pickerOf(name string) string {
	switch name {
	case "sources", "source":
		return "sources"
	case "skills", "skill":
		return "skills"
	case "roles", "role", "targetRole":
		return "roles"
	case "course":
		return "courses"
	}
	return ""
}

// enumOf lists the values a field's validate tag allows (oneof=...).
func enumOf(f reflect.StructField) []string {
	for _, part := range strings.Split(f.Tag.Get("validate"), ",") {
		if v, ok := strings.CutPrefix(part, "oneof="); ok {
			return strings.Fields(v)
		}
	}
	return nil
}

func omitEmpty(f reflect.StructField) bool {
	return strings.Contains(f.Tag.Get("yaml"), "omitempty")
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// encodeDoc returns the form values of doc (a pointer to a content type).
func encodeDoc(doc any) url.Values {
	vals := url.Values{}
	encodeStruct(vals, "", reflect.Indirect(reflect.ValueOf(doc)))
	return vals
}

func encodeStruct(vals url.Values, prefix string, v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name := fieldName(f)
		if name == "" {
			continue
		}
		encodeValue(vals, join(prefix, name), f, v.Field(i))
	}
}

func encodeValue(vals url.Values, path string, f reflect.StructField, v reflect.Value) {
	switch {
	case v.Kind() == reflect.Pointer:
		if !v.IsNil() {
			encodeValue(vals, path, f, v.Elem())
		}
	case v.Type() == textType:
		t := v.Interface().(content.Text)
		vals.Set(path+".de", t.DE)
		vals.Set(path+".en", t.EN)
	case v.Kind() == reflect.Struct:
		encodeStruct(vals, path, v)
	case v.Kind() == reflect.String:
		vals.Set(path, v.String())
	case v.Kind() == reflect.Int:
		if v.Int() != 0 || !omitEmpty(f) {
			vals.Set(path, strconv.FormatInt(v.Int(), 10))
		}
	case v.Kind() == reflect.Bool:
		if v.Bool() {
			vals.Set(path, "on")
		}
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String && isChoice(f):
		for j := 0; j < v.Len(); j++ {
			vals.Add(path, v.Index(j).String())
		}
	case v.Kind() == reflect.Slice:
		for j := 0; j < v.Len(); j++ {
			encodeValue(vals, fmt.Sprintf("%s[%d]", path, j), f, v.Index(j))
		}
	}
}

// isChoice reports whether a []string field is a set of choices (sources,
// references, an enumeration) rather than a list of free texts.
func isChoice(f reflect.StructField) bool {
	return pickerOf(fieldName(f)) != "" || enumOf(f) != nil
}

// decodeDoc reads the form values into a new document of kind. bad maps
// the fields whose text is not a number to the typed text (the field is
// left 0); the document is not to be saved then.
func decodeDoc(kind content.Kind, vals url.Values) (doc any, bad map[string]string, err error) {
	doc, err = content.NewDoc(kind)
	if err != nil {
		return nil, nil, err
	}
	bad = map[string]string{}
	decodeStruct(vals, "", reflect.ValueOf(doc).Elem(), bad)
	return doc, bad, nil
}

// formValue is the posted text of a field: trimmed, line ends as \n.
func formValue(vals url.Values, path string) string {
	return strings.TrimSpace(strings.ReplaceAll(vals.Get(path), "\r\n", "\n"))
}

func decodeStruct(vals url.Values, prefix string, v reflect.Value, bad map[string]string) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name := fieldName(f)
		if name == "" {
			continue
		}
		decodeValue(vals, join(prefix, name), f, v.Field(i), bad)
	}
}

// hasAny reports whether any value at or under path is not empty.
func hasAny(vals url.Values, path string) bool {
	for k, vs := range vals {
		if k == path || strings.HasPrefix(k, path+".") || strings.HasPrefix(k, path+"[") {
			for _, s := range vs {
				if strings.TrimSpace(s) != "" {
					return true
				}
			}
		}
	}
	return false
}

// rowIndexes are the row numbers of the list at path in the values, in
// order (rows may have gaps).
func rowIndexes(vals url.Values, path string) []int {
	seen := map[int]bool{}
	for k := range vals {
		rest, ok := strings.CutPrefix(k, path+"[")
		if !ok {
			continue
		}
		n, _, ok := strings.Cut(rest, "]")
		if i, err := strconv.Atoi(n); ok && err == nil && i >= 0 && i < 1000 {
			seen[i] = true
		}
	}
	out := make([]int, 0, len(seen))
	for i := range seen {
		out = append(out, i)
	}
	sort.Ints(out)
	return out
}

func decodeValue(vals url.Values, path string, f reflect.StructField, v reflect.Value, bad map[string]string) {
	switch {
	case v.Kind() == reflect.Pointer:
		if hasAny(vals, path) {
			v.Set(reflect.New(v.Type().Elem()))
			decodeValue(vals, path, f, v.Elem(), bad)
		}
	case v.Type() == textType:
		v.Set(reflect.ValueOf(content.Text{DE: formValue(vals, path+".de"), EN: formValue(vals, path+".en")}))
	case v.Kind() == reflect.Struct:
		decodeStruct(vals, path, v, bad)
	case v.Kind() == reflect.String:
		v.SetString(formValue(vals, path))
	case v.Kind() == reflect.Int:
		s := formValue(vals, path)
		if s == "" {
			return
		}
		if thousands.MatchString(s) { // 37.400 as Germans write it
			s = strings.ReplaceAll(s, ".", "")
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			bad[path] = s
			return
		}
		v.SetInt(int64(n))
	case v.Kind() == reflect.Bool:
		v.SetBool(formValue(vals, path) != "")
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.String && isChoice(f):
		var out []string
		for _, s := range vals[path] {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
		if out != nil {
			v.Set(reflect.ValueOf(out))
		}
	case v.Kind() == reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 0, 4)
		for _, i := range rowIndexes(vals, path) {
			row := fmt.Sprintf("%s[%d]", path, i)
			if !hasAny(vals, row) {
				continue // an empty row (added, never filled) is no entry
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			// Bad numbers are reported under the row's new number.
			rowBad := map[string]string{}
			decodeValue(vals, row, f, elem, rowBad)
			for k, x := range rowBad {
				bad[fmt.Sprintf("%s[%d]", path, s.Len())+strings.TrimPrefix(k, row)] = x
			}
			s = reflect.Append(s, elem)
		}
		if s.Len() > 0 {
			v.Set(s)
		}
	}
}

// cnode is one element of a content form, as the template draws it.
type cnode struct {
	// Kind is text (bilingual, two inputs), input, number, select,
	// checkbox, checks (a set of checkboxes), group (a fieldset of
	// fields) or list (repeated rows, each a group, an input or a text).
	Kind string
	// Path is the form field's name and the service's field path.
	Path  string
	Label string
	// Value is an input's or select's value; DE and EN a text's.
	Value, DE, EN string
	// Multiline draws a text as text areas.
	Multiline bool
	Required  bool
	// ReadOnly is the key of a stored document (it names the document).
	ReadOnly bool
	Options  []coption
	// Children are a group's fields or a list's rows.
	Children []*cnode
	// Row is a list's empty row with the index __i__, for JavaScript to
	// add rows in place.
	Row *cnode
	// Err is what is wrong with the field (or the list); ErrDE and ErrEN
	// with one language of a text.
	Err, ErrDE, ErrEN string
	// Focus marks the first wrong field (autofocus), or the first field of
	// a row just added without JavaScript; FocusEN puts it on a text's
	// English input (only its English is wrong).
	Focus, FocusEN bool
	// Removable rows have a remove button; Index is a row's number, and
	// a list's next free one.
	Removable bool
	Index     int
	// Depth is how many lists a list is nested in: its new rows' index
	// placeholder is __i<Depth>__.
	Depth int
}

// Placeholder is the index placeholder of a list's template row.
func (n *cnode) Placeholder() string { return fmt.Sprintf("__i%d__", n.Depth) }

// ID is the node's HTML id.
func (n *cnode) ID() string { return htmlID(n.Path) }

// IDDE and IDEN are a text's two inputs' ids.
func (n *cnode) IDDE() string { return htmlID(n.Path + ".de") }
func (n *cnode) IDEN() string { return htmlID(n.Path + ".en") }

func htmlID(path string) string {
	r := strings.NewReplacer(".", "-", "[", "-", "]", "")
	return "c-" + r.Replace(path)
}

// coption is one choice of a select or checkbox set.
type coption struct {
	Value, Label string
	Selected     bool
}

// adminOptions are the choices of the pickers: the catalogue entries a
// field may refer to.
type adminOptions map[string][]coption

// formBuilder builds the nodes of a content form.
type formBuilder struct {
	p    *Page
	vals url.Values
	opts adminOptions
	// extra asks for empty rows at the end of lists (path → count).
	extra map[string]int
	// keyName is the field that names the document (slug or id); it is
	// read-only when editing.
	keyName string
	editing bool
}

// label is a field's label from the catalog (admin.field.<name>).
func (b *formBuilder) label(name string) string { return b.p.T("admin.field." + name) }

func (b *formBuilder) build(t reflect.Type) []*cnode { return b.structNodes(t, "") }

func (b *formBuilder) structNodes(t reflect.Type, prefix string) []*cnode {
	var out []*cnode
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := fieldName(f)
		if name == "" {
			continue
		}
		out = append(out, b.node(f, name, join(prefix, name), f.Type, true))
	}
	return out
}

// multiline names the texts long enough for a text area.
var multiline = map[string]bool{"summary": true, "description": true, "note": true, "evidence": true, "covers": true, "text": true, "notes": true}

func (b *formBuilder) node(f reflect.StructField, name, path string, t reflect.Type, top bool) *cnode {
	n := &cnode{Path: path, Label: b.label(name)}
	required := strings.Contains(f.Tag.Get("validate"), "required") || strings.Contains(f.Tag.Get("validate"), "min=") || strings.Contains(f.Tag.Get("validate"), "gt=")
	if top && t.Kind() == reflect.Pointer {
		t = t.Elem()
		required = false
	} else if top && t == textType {
		required = true
	}
	switch {
	case t == textType:
		n.Kind, n.DE, n.EN, n.Required = "text", b.vals.Get(path+".de"), b.vals.Get(path+".en"), required
		n.Multiline = multiline[name]
	case t.Kind() == reflect.Struct:
		n.Kind, n.Children = "group", b.structNodes(t, path)
	case t.Kind() == reflect.String:
		n.Value, n.Required = b.vals.Get(path), required
		if top && name == b.keyName && b.editing {
			n.ReadOnly = true
		}
		switch {
		case pickerOf(name) != "":
			n.Kind, n.Options = "select", b.choices(pickerOf(name), []string{n.Value})
		case enumOf(f) != nil:
			n.Kind, n.Options = "select", b.enum(f, []string{n.Value})
		default:
			n.Kind = "input"
		}
	case t.Kind() == reflect.Int:
		n.Kind, n.Value, n.Required = "number", b.vals.Get(path), !omitEmpty(f)
	case t.Kind() == reflect.Bool:
		n.Kind, n.Value = "checkbox", b.vals.Get(path)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String && isChoice(f):
		n.Kind = "checks"
		if pickerOf(name) != "" {
			n.Options = b.choices(pickerOf(name), b.vals[path])
		} else {
			n.Options = b.enum(f, b.vals[path])
		}
		for i := range n.Options {
			n.Options[i].Selected = slices.Contains(b.vals[path], n.Options[i].Value)
		}
	case t.Kind() == reflect.Slice:
		n.Kind = "list"
		idx := rowIndexes(b.vals, path)
		next := 0
		if len(idx) > 0 {
			next = idx[len(idx)-1] + 1
		}
		for range b.extra[path] {
			idx = append(idx, next)
			next++
		}
		for _, i := range idx {
			n.Children = append(n.Children, b.row(f, name, fmt.Sprintf("%s[%d]", path, i), t.Elem(), i))
		}
		n.Index = next
		n.Depth = b.depth(path)
		n.Row = b.row(f, name, fmt.Sprintf("%s[__i%d__]", path, n.Depth), t.Elem(), -1)
	}
	return n
}

// depth counts the lists path is inside of ("tasks[2].sources": 1).
func (b *formBuilder) depth(path string) int { return strings.Count(path, "[") }

// row is one row of a list: a fieldset with a remove button.
func (b *formBuilder) row(f reflect.StructField, name, path string, t reflect.Type, i int) *cnode {
	var n *cnode
	if t.Kind() == reflect.Struct && t != textType {
		n = &cnode{Kind: "group", Path: path, Children: b.structNodes(t, path)}
	} else {
		n = b.node(f, name, path, t, false)
		n.Required = false
	}
	if i < 0 {
		n.Label = b.p.T("admin.form.newRow")
	} else {
		n.Label = b.p.T("admin.form.row", "N", i+1)
	}
	n.Removable, n.Index = true, i
	return n
}

// choices are the options of a picker, with any current value the
// catalogue lacks (a retired entry) kept, so saving loses nothing.
func (b *formBuilder) choices(picker string, current []string) []coption {
	out := slices.Clone(b.opts[picker])
	for _, v := range current {
		if v != "" && !slices.ContainsFunc(out, func(o coption) bool { return o.Value == v }) {
			out = append(out, coption{Value: v, Label: v})
		}
	}
	return out
}

// enumLabel names an enumeration value in the page's language with the
// stored value after it ("pro Jahr (year)"); a value the catalog has no
// name for (admin.enum.<value>) shows as itself.
func (b *formBuilder) enumLabel(v string) string {
	key := "admin.enum." + v
	if l := b.p.T(key); l != key {
		return l + " (" + v + ")"
	}
	return v
}

func (b *formBuilder) enum(f reflect.StructField, current []string) []coption {
	var out []coption
	for _, v := range enumOf(f) {
		out = append(out, coption{Value: v, Label: b.enumLabel(v)})
	}
	for _, v := range current {
		if v != "" && !slices.ContainsFunc(out, func(o coption) bool { return o.Value == v }) {
			out = append(out, coption{Value: v, Label: v})
		}
	}
	return out
}

// attach puts the field problems (path → translated message) on the
// nodes: a problem of a field the form has no input for (a list's
// "tasks[2].sources[0]") goes to the nearest field it has ("tasks[2].sources");
// what fits nowhere is returned for the top of the form. The first wrong
// field gets the focus.
func attach(nodes []*cnode, errs map[string]string) (rest []string) {
	byPath := map[string]*cnode{}
	var index func([]*cnode)
	index = func(ns []*cnode) {
		for _, n := range ns {
			byPath[n.Path] = n
			index(n.Children)
		}
	}
	index(nodes)
	paths := make([]string, 0, len(errs))
	for p := range errs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		msg := errs[p]
		q := p
		for q != "" {
			if n, ok := byPath[q]; ok {
				setErr(n, msg)
				break
			}
			if base, lang, ok := cutLast(q); ok && (lang == "de" || lang == "en") {
				if n, ok := byPath[base]; ok && n.Kind == "text" {
					if lang == "de" && n.ErrDE == "" {
						n.ErrDE = msg
					} else if lang == "en" && n.ErrEN == "" {
						n.ErrEN = msg
					}
					break
				}
			}
			q = parentPath(q)
		}
		if q == "" {
			rest = append(rest, msg)
		}
	}
	focusFirst(nodes)
	return rest
}

func setErr(n *cnode, msg string) {
	if n.Err == "" {
		n.Err = msg
	}
}

// cutLast splits "title.de" into "title" and "de".
func cutLast(p string) (string, string, bool) {
	i := strings.LastIndexByte(p, '.')
	if i < 0 {
		return "", "", false
	}
	return p[:i], p[i+1:], true
}

// parentPath drops the last part of a path: "a[2].b" → "a[2]" → "a" → "".
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i > 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i > 0 {
		return p[:i]
	}
	return ""
}

// focusFirst gives the first wrong input the focus; it reports whether
// it found one.
func focusFirst(nodes []*cnode) bool {
	for _, n := range nodes {
		if n.Kind != "list" && n.Kind != "group" && (n.Err != "" || n.ErrDE != "" || n.ErrEN != "") {
			n.Focus = true
			n.FocusEN = n.ErrEN != "" && n.ErrDE == "" && n.Err == ""
			return true
		}
		if focusFirst(n.Children) {
			return true
		}
	}
	return false
}

// focusAdded gives the first field of the last row of the list at path
// the focus (after "another row" without JavaScript), unless a wrong
// field has it.
func focusAdded(nodes []*cnode, path string) {
	var list *cnode
	var find func([]*cnode) bool
	find = func(ns []*cnode) bool {
		for _, n := range ns {
			if n.Focus {
				return true
			}
			if n.Kind == "list" && n.Path == path {
				list = n
			}
			if find(n.Children) {
				return true
			}
		}
		return false
	}
	if find(nodes) || list == nil || len(list.Children) == 0 {
		return
	}
	n := list.Children[len(list.Children)-1]
	for n.Kind == "group" && len(n.Children) > 0 {
		n = n.Children[0]
	}
	if n.Kind != "list" && n.Kind != "group" {
		n.Focus = true
	}
}
