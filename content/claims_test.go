package content

// Guards against the kinds of content defect an audit found (issue 16):
// facts without a source, numbers no cited source contains, wording copied
// from a seed, a citation title the document does not carry, prerequisites
// whose text and machine-readable form disagree, and two role profiles of
// one position that contradict each other. The seed documents are kept in
// testdata/seeds (copies of shared/seeds).

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// seeds reads the seed documents by source id.
func seeds(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("testdata/seeds/*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("testdata/seeds: want the 5 seed documents, got %d (%v)", len(files), err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// sourcedText is one piece of curated free text with the sources that
// back it (the nearest enclosing Sources/Source field).
type sourcedText struct {
	at      string // e.g. roles/backoffice-manager.tasks[2].text.de
	text    string
	sources []string
}

// collectTexts walks v and returns every Text (both languages) with the
// sources of the nearest struct above it that names sources.
func collectTexts(at string, v reflect.Value, sources []string, out *[]sourcedText) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collectTexts(at, v.Elem(), sources, out)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			collectTexts(fmt.Sprintf("%s[%d]", at, i), v.Index(i), sources, out)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[Text]() {
			t := v.Interface().(Text)
			*out = append(*out, sourcedText{at + ".de", t.DE, sources}, sourcedText{at + ".en", t.EN, sources})
			return
		}
		own := sources
		if f := v.FieldByName("Sources"); f.IsValid() && f.Kind() == reflect.Slice && f.Len() > 0 {
			own = f.Interface().([]string)
		}
		if f := v.FieldByName("Source"); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
			own = []string{f.String()}
		}
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() || v.Type().Field(i).Name == "Meta" {
				continue
			}
			collectTexts(at+"."+lowerFirst(v.Type().Field(i).Name), v.Field(i), own, out)
		}
	}
}

func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// curatedTexts returns every free text of the curated content.
func curatedTexts(t *testing.T) (*Set, []sourcedText) {
	t.Helper()
	set, err := Load(Curated())
	if err != nil {
		t.Fatalf("Load(Curated()): %v", err)
	}
	var out []sourcedText
	for _, r := range set.Roles {
		collectTexts("roles/"+r.Slug, reflect.ValueOf(r), nil, &out)
	}
	for _, s := range set.Salaries {
		collectTexts("salaries/"+s.Slug, reflect.ValueOf(s), nil, &out)
	}
	for _, s := range set.Skills {
		collectTexts("skills/"+s.Slug, reflect.ValueOf(s), nil, &out)
	}
	for _, c := range set.Courses {
		collectTexts("courses/"+c.Slug, reflect.ValueOf(c), nil, &out)
	}
	for _, p := range set.Paths {
		collectTexts("paths/"+p.Slug, reflect.ValueOf(p), nil, &out)
	}
	for _, s := range set.Sources {
		collectTexts("sources/"+s.ID, reflect.ValueOf(s.Covers), []string{s.ID}, &out)
	}
	return set, out
}

// TestEveryFactNamesASource: every task, requirement, checklist item,
// industry note, outlook fact, specialization, career move, relation and
// figure names at least one source, and a role's source list is exactly the
// sources its parts cite.
func TestEveryFactNamesASource(t *testing.T) {
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Roles {
		cited := map[string]bool{}
		need := func(what string, srcs []string) {
			if len(srcs) == 0 {
				t.Errorf("roles/%s: %s names no source", r.Slug, what)
			}
			for _, s := range srcs {
				cited[s] = true
			}
		}
		for i, x := range r.Tasks {
			need(fmt.Sprintf("tasks[%d]", i), x.Sources)
		}
		for i, x := range r.Requirements {
			need(fmt.Sprintf("requirements[%d]", i), x.Sources)
		}
		for i, x := range r.Checklist {
			need(fmt.Sprintf("checklist[%d] (%s)", i, x.Skill), x.Sources)
		}
		for i, x := range r.Industries {
			need(fmt.Sprintf("industries[%d]", i), x.Sources)
		}
		for i, x := range r.Outlook {
			need(fmt.Sprintf("outlook[%d]", i), x.Sources)
		}
		for i, x := range r.Specializations {
			need(fmt.Sprintf("specializations[%d]", i), x.Sources)
		}
		for i, x := range r.MovesTo {
			need(fmt.Sprintf("movesTo[%d]", i), x.Sources)
		}
		for i, x := range r.MovesFrom {
			need(fmt.Sprintf("movesFrom[%d]", i), x.Sources)
		}
		for i, x := range r.Related {
			need(fmt.Sprintf("related[%d]", i), x.Sources)
		}
		var want []string
		for s := range cited {
			want = append(want, s)
		}
		slices.Sort(want)
		got := slices.Sorted(slices.Values(r.Sources))
		if !slices.Equal(got, want) {
			t.Errorf("roles/%s: sources = %v, want exactly the sources its parts cite: %v", r.Slug, got, want)
		}
	}
	for _, s := range set.Salaries {
		if s.Source == "" {
			t.Errorf("salaries/%s names no source", s.Slug)
		}
	}
	for _, c := range set.Courses {
		if c.Duration != nil && c.Duration.Source == "" {
			t.Errorf("courses/%s: duration names no source", c.Slug)
		}
	}
}

// The rejection side: Load refuses a checklist item or a career move
// without sources.
func TestUnsourcedItemsAreRejected(t *testing.T) {
	for _, tc := range []struct{ name, old, new, field string }{
		{"checklist item", "evidence: {de: Zeugnis, en: Certificate}, sources: [003_652bf3174c3e923e.txt]}", "evidence: {de: Zeugnis, en: Certificate}}", "checklist[0].sources"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			roles := strings.Replace(tinyRole(), tc.old, tc.new, 1)
			fsys := tinyFS(roles)
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("Load = %v, want an error naming %s", err, tc.field)
			}
		})
	}
}

// tinyFS is a minimal valid content set around roles (a roles.yaml text).
func tinyFS(roles string) fstest.MapFS {
	return fstest.MapFS{
		"sources.yaml": {Data: []byte(`sources:
  - {id: 003_652bf3174c3e923e.txt, title: Quelle, retrieved: "2026-11-22", covers: {de: Ausbildung, en: Training}}
`)},
		"skills.yaml": {Data: []byte("skills:\n" + tinySkill("a") + tinySkill("b") + tinySkill("c") + tinySkill("d") + tinySkill("e"))},
		"roles.yaml":  {Data: []byte(roles)},
	}
}

var numberRe = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// numbers returns the numeric tokens of s that stand alone: digits inside a
// word ("t3n", "B2") are names, not figures.
func numbers(s string) []string {
	var out []string
	for _, m := range numberRe.FindAllStringIndex(s, -1) {
		before, _ := utf8.DecodeLastRuneInString(s[:m[0]])
		after, _ := utf8.DecodeRuneInString(s[m[1]:])
		if unicode.IsLetter(before) || unicode.IsLetter(after) {
			continue
		}
		out = append(out, s[m[0]:m[1]])
	}
	return out
}

// digitsOf normalises a numeric token: "27.600", "27,600" and "27600" are
// the same number.
func digitsOf(tok string) string { return strings.NewReplacer(".", "", ",", "").Replace(tok) }

// allowedNumbers reads testdata/numbers-allowed.yaml: numeric tokens that may
// appear in free text without being in a cited source, each with a reason.
func allowedNumbers(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("testdata/numbers-allowed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var list []struct {
		Number string `yaml:"number"`
		Reason string `yaml:"reason"`
	}
	if err := yaml.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range list {
		if e.Number == "" || strings.TrimSpace(e.Reason) == "" {
			t.Fatalf("numbers-allowed.yaml: every entry needs a number and a reason: %+v", e)
		}
		out[digitsOf(e.Number)] = e.Reason
	}
	return out
}

// TestNumbersComeFromCitedSources: every number in free text appears in a
// source the text cites (or is allowed, with a reason, in
// testdata/numbers-allowed.yaml).
func TestNumbersComeFromCitedSources(t *testing.T) {
	docs := seeds(t)
	allowed := allowedNumbers(t)
	// The check itself must be able to fail: 001 gives no number of years.
	if got := unsourcedNumbers(sourcedText{text: "mindestens 3 Jahre, ca. 37.400 €", sources: []string{src001}}, docs, allowed); !slices.Equal(got, []string{"3"}) {
		t.Fatalf("unsourcedNumbers = %v, want [3]", got)
	}
	_, texts := curatedTexts(t)
	for _, st := range texts {
		for _, tok := range unsourcedNumbers(st, docs, allowed) {
			t.Errorf("%s: number %q is in none of its sources %v (text: %q)", st.at, tok, st.sources, st.text)
		}
	}
}

// unsourcedNumbers returns the numeric tokens of st that none of its sources
// contains and the allow-list does not name.
func unsourcedNumbers(st sourcedText, docs map[string]string, allowed map[string]string) []string {
	var out []string
	for _, tok := range numbers(st.text) {
		d := digitsOf(tok)
		if _, ok := allowed[d]; ok {
			continue
		}
		found := false
		for _, src := range st.sources {
			for _, n := range numbers(docs[src]) {
				if digitsOf(n) == d {
					found = true
				}
			}
		}
		if !found {
			out = append(out, tok)
		}
	}
	return out
}

// words splits text into lowercase words (letters and digits).
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// copiedRunLen is the shortest run of words that counts as copied.
const copiedRunLen = 9

// copiedRun returns the first run of copiedRunLen words of text that also
// occurs in shingles, or "".
func copiedRun(text string, shingles map[string]bool) string {
	w := words(text)
	for i := 0; i+copiedRunLen <= len(w); i++ {
		if run := strings.Join(w[i:i+copiedRunLen], " "); shingles[run] {
			return run
		}
	}
	return ""
}

func seedShingles(docs map[string]string) map[string]bool {
	sh := map[string]bool{}
	for _, d := range docs {
		w := words(d)
		for i := 0; i+copiedRunLen <= len(w); i++ {
			sh[strings.Join(w[i:i+copiedRunLen], " ")] = true
		}
	}
	return sh
}

// TestNoWordingCopiedFromSeeds: no run of nine or more words of any curated
// text is taken from a seed document (the facts carry over, the wording
// must be our own). Source titles are citations and exempt.
func TestNoWordingCopiedFromSeeds(t *testing.T) {
	sh := seedShingles(seeds(t))
	// The check itself must be able to fail.
	if copiedRun("Vor allem in größeren Firmen sind Backoffice-Manager beliebt, denn sie unterstützen", sh) == "" {
		t.Fatal("copiedRun misses a sentence taken from seed 001")
	}
	_, texts := curatedTexts(t)
	for _, st := range texts {
		if run := copiedRun(st.text, sh); run != "" {
			t.Errorf("%s copies %q from a seed", st.at, run)
		}
	}
}

// TestSourceTitlesAreTheDocuments: a source's title is the document's own
// first line, unless it is marked as our description of an untitled one.
func TestSourceTitlesAreTheDocuments(t *testing.T) {
	docs := seeds(t)
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set.Sources {
		doc, ok := docs[s.ID]
		if !ok {
			t.Errorf("source %s: no seed document", s.ID)
			continue
		}
		first, _, _ := strings.Cut(doc, "\n")
		if s.TitleIsOurs {
			if !strings.Contains(s.Title, "unsere Beschreibung") {
				t.Errorf("source %s: a title of ours must say so (\"unsere Beschreibung\"): %q", s.ID, s.Title)
			}
			if strings.Contains(doc, s.Title) {
				t.Errorf("source %s: title %q is in the document; it is not ours", s.ID, s.Title)
			}
			continue
		}
		// 001 opens with a section label ("Ratgeber"): the title is then the
		// first line that is not a one-word label.
		lines := strings.Split(doc, "\n")
		if len(strings.Fields(first)) == 1 && len(lines) > 1 {
			first = lines[1]
		}
		if strings.TrimSpace(first) != s.Title {
			t.Errorf("source %s: title %q is not the document's title %q", s.ID, s.Title, strings.TrimSpace(first))
		}
	}
}

// prerequisite phrases that name a background, and hedges that mark a
// prerequisite as usual rather than strict.
var (
	backgroundPhrases = map[string]string{
		BackgroundCommercialTraining: "kaufmännische ausbildung",
		BackgroundAbitur:             "abitur",
		BackgroundOfficeExperience:   "mehrjährige berufserfahrung",
	}
	hedges = []string{"meist", "in der regel", "häufig", "oft"}
	// unmodelled are prerequisites with no machine-readable background
	// (the learning plan cannot check them); they must be hedged or listed.
	unmodelled = []string{"englischkenntnisse"}
)

func hedged(s string) bool {
	return slices.ContainsFunc(hedges, func(h string) bool { return strings.HasPrefix(s, h+" ") || strings.Contains(s, " "+h+" ") })
}

// TestPrerequisitesAgreeWithRequires: a course's prerequisite text and its
// machine-readable requires/usually name the same backgrounds, a strict one
// unhedged and a usual one hedged ("meist", "in der Regel"); a path step
// linked to a course states the same prerequisites.
func TestPrerequisitesAgreeWithRequires(t *testing.T) {
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	check := func(at string, lines []Text, c Course) {
		t.Helper()
		var parts []string
		for _, l := range lines {
			for _, p := range strings.Split(strings.ToLower(l.DE), ";") {
				parts = append(parts, strings.TrimSpace(p))
			}
		}
		if len(c.Requires) > 1 {
			t.Errorf("%s: requires has %d alternatives; the text names each prerequisite as needed, not as \"one of\"", at, len(c.Requires))
		}
		for _, p := range parts {
			named := false
			for bg, phrase := range backgroundPhrases {
				if !strings.Contains(p, phrase) {
					continue
				}
				named = true
				strict := slices.Contains(c.Requires, Prerequisite{Background: bg})
				usual := slices.Contains(c.Usually, Prerequisite{Background: bg})
				switch {
				case !strict && !usual:
					t.Errorf("%s: %q names %s, which is neither in requires nor in usually", at, p, bg)
				case strict && hedged(p):
					t.Errorf("%s: %q is hedged but %s is in requires (strict); move it to usually", at, p, bg)
				case usual && !hedged(p) && !strings.Contains(p, "auch "+phrase):
					t.Errorf("%s: %q is not hedged but %s is only usually expected", at, p, bg)
				}
			}
			if !named && !slices.ContainsFunc(unmodelled, func(u string) bool { return strings.Contains(p, u) }) {
				t.Errorf("%s: prerequisite %q has no machine-readable form", at, p)
			}
		}
		for _, rq := range append(slices.Clone(c.Requires), c.Usually...) {
			if rq.Background == "" {
				continue
			}
			if !slices.ContainsFunc(parts, func(p string) bool { return strings.Contains(p, backgroundPhrases[rq.Background]) }) {
				t.Errorf("%s: %s is machine-readable but not in the prerequisite text", at, rq.Background)
			}
		}
	}
	courses := map[string]Course{}
	for _, c := range set.Courses {
		courses[c.Slug] = c
		if len(c.Prerequisites) == 0 && (len(c.Requires) > 0 || len(c.Usually) > 0) {
			t.Errorf("courses/%s: requires/usually without prerequisite text", c.Slug)
		}
		check("courses/"+c.Slug, c.Prerequisites, c)
	}
	for _, p := range set.Paths {
		for i, st := range p.Steps {
			if c, ok := courses[st.Course]; ok && len(st.Prerequisites) > 0 {
				check(fmt.Sprintf("paths/%s.steps[%d]", p.Slug, i), st.Prerequisites, c)
			}
		}
	}
}

// TestRoleModel: Backoffice-Manager/in and Büroleiter/in are two profiles of
// one position (source 002). Each says so, with the source, and neither is a
// career move to the other.
func TestRoleModel(t *testing.T) {
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]Role{}
	for _, r := range set.Roles {
		roles[r.Slug] = r
	}
	for _, pair := range [][2]string{{"backoffice-manager", "bueroleiter"}, {"bueroleiter", "backoffice-manager"}} {
		r := roles[pair[0]]
		if !slices.ContainsFunc(r.Related, func(x Relation) bool {
			return x.Role == pair[1] && x.Kind == RelationSamePosition && slices.Contains(x.Sources, "002_8cba13bbe8b61922.txt")
		}) {
			t.Errorf("roles/%s: no same-position relation to %s citing 002", pair[0], pair[1])
		}
		for _, m := range append(slices.Clone(r.MovesTo), r.MovesFrom...) {
			if m.Role == pair[1] {
				t.Errorf("roles/%s: a career move to/from %s contradicts the same-position model", pair[0], pair[1])
			}
		}
		if !strings.Contains(r.Description.DE, "derselben Position") || !strings.Contains(r.Description.EN, "same position") {
			t.Errorf("roles/%s: the description does not state the role model", pair[0])
		}
	}
	// The search finds both profiles under each name: one synonym group.
	inOneGroup := false
	for _, g := range set.Vocabulary.Groups() {
		inOneGroup = inOneGroup || (slices.Contains(g, "büroleiter") && slices.Contains(g, "backoffice-manager") && slices.Contains(g, "büromanager"))
	}
	if !inOneGroup {
		t.Error("vocabulary.yaml: büroleiter, büromanager and backoffice-manager are not one synonym group")
	}
	for _, r := range set.Roles {
		for _, alt := range r.AltTitles {
			if strings.Contains(strings.ToLower(alt), "office-manager") && !strings.Contains(strings.ToLower(alt), "back") {
				t.Errorf("roles/%s: alt title %q appears in no source", r.Slug, alt)
			}
		}
	}
}

// TestSalaryStatesWhatTheSourceSays: the figure is shown as the source
// shows it ("ca." average) and the gross basis is marked as our reading.
func TestSalaryStatesWhatTheSourceSays(t *testing.T) {
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range set.Salaries {
		if s.Note == nil || !strings.Contains(s.Note.DE, "ca. 37.400") || !strings.Contains(s.Note.DE, "unsere Lesart") {
			t.Errorf("salaries/%s: the note must show the average as \"ca. 37.400 €\" and mark gross as our reading", s.Slug)
		}
	}
	for _, c := range set.Courses {
		if c.Duration != nil && c.Duration.Source == "003_652bf3174c3e923e.txt" && !c.Duration.Usually {
			t.Errorf("courses/%s: 003 gives the duration as \"in der Regel\"; set usually", c.Slug)
		}
	}
}

// TestConsistentGerman: one spelling of Back-Office-Administrator/in, no
// slash short forms that break (Administrator/innen, Absolvent/innen), no
// masculine-only plurals the audit found, and one form of address
// (impersonal; no "du"/"wähle").
func TestConsistentGerman(t *testing.T) {
	_, texts := curatedTexts(t)
	banned := []string{"Backoffice-Administrat", "Administrator/innen", "Absolvent/innen", "Büro-Allroundern", "Geschäftspartnern",
		"Wähle", "wähle", " du ", " dein", "Soft und Hard Skills", "Wege A bis D"}
	for _, st := range texts {
		if !strings.HasSuffix(st.at, ".de") {
			continue
		}
		for _, b := range banned {
			// "Geschäftspartnerinnen und Geschäftspartnern" is both forms.
			if strings.Contains(st.text, b) && !(b == "Geschäftspartnern" && strings.Contains(st.text, "Geschäftspartnerinnen")) &&
				!(b == "Büro-Allroundern" && strings.Contains(st.text, "Allrounderinnen")) {
				t.Errorf("%s: %q (%s)", st.at, b, st.text)
			}
		}
	}
	english := map[string]string{"accounts and bookings": "accounts and entries", "simple bookings": "simple entries", "Holiday pay": "holiday bonus", "bills of lading": "consignment notes",
		"freight documents (": "consignment notes", "ccounting and controlling": "accounting and management accounting"}
	for _, st := range texts {
		if !strings.HasSuffix(st.at, ".en") {
			continue
		}
		for bad, good := range english {
			if strings.Contains(st.text, bad) {
				t.Errorf("%s: %q should be %q (%s)", st.at, bad, good, st.text)
			}
		}
	}
}
