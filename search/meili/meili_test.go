package meili

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// The tests below run the engine against an httptest server that stands in
// for Meilisearch: it checks the exact requests the engine sends and answers
// with responses shaped like Meilisearch v1.x's (testdata/*.json).

const testKey = "test-key-5f2c"

type request struct {
	Method, Path, Query, Auth, ContentType string
	Body                                   []byte
}

type reply struct {
	status int
	body   string // a testdata file name or a literal body
}

// fakeMeili answers registered routes ("METHOD /path") with queued replies;
// the last reply of a route repeats. Any other request fails the test.
type fakeMeili struct {
	t   *testing.T
	srv *httptest.Server

	mu     sync.Mutex
	routes map[string][]reply
	reqs   []request
}

func newFake(t *testing.T) *fakeMeili {
	t.Helper()
	f := &fakeMeili{t: t, routes: map[string][]reply{}}
	// Apply first asks for settings updates still queued; by default none.
	f.routes["GET /tasks"] = []reply{{200, "tasks_none_queued.json"}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// on registers replies for a route; each reply is "status file-or-body" as
// status and body arguments in turn.
func (f *fakeMeili) on(route string, status int, body string, more ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rs := []reply{{status, body}}
	for i := 0; i+1 < len(more); i += 2 {
		rs = append(rs, reply{more[i].(int), more[i+1].(string)})
	}
	f.routes[route] = rs
}

func (f *fakeMeili) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	route := r.Method + " " + r.URL.Path
	f.mu.Lock()
	f.reqs = append(f.reqs, request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Auth: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"), Body: body,
	})
	rs, ok := f.routes[route]
	var rep reply
	if ok {
		rep = rs[0]
		if len(rs) > 1 {
			f.routes[route] = rs[1:]
		}
	}
	f.mu.Unlock()
	if !ok {
		f.t.Errorf("unexpected request %s %s", route, body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"not found","code":"not_found","type":"invalid_request","link":""}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	_, _ = w.Write(fixture(f.t, rep.body))
}

// requests returns the recorded requests.
func (f *fakeMeili) requests() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]request(nil), f.reqs...)
}

// only returns the recorded requests with the given method and path.
func (f *fakeMeili) only(method, path string) []request {
	var out []request
	for _, r := range f.requests() {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// writes returns the recorded requests that would change something.
func (f *fakeMeili) writes() []request {
	var out []request
	for _, r := range f.requests() {
		if r.Method != http.MethodGet && !strings.HasSuffix(r.Path, "/search") && r.Path != "/multi-search" &&
			!strings.HasSuffix(r.Path, "/documents/fetch") {
			out = append(out, r)
		}
	}
	return out
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	if !strings.HasSuffix(name, ".json") {
		return []byte(name)
	}
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return b
}

// assertJSON compares a request body with a fixture or literal, as JSON.
func assertJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("request body is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal(fixture(t, want), &w); err != nil {
		t.Fatalf("want is not JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		gb, _ := json.MarshalIndent(g, "", "  ")
		wb, _ := json.MarshalIndent(w, "", "  ")
		t.Errorf("request body differs\ngot:  %s\nwant: %s", gb, wb)
	}
}

func testEngine(t *testing.T, f *fakeMeili) *Engine {
	t.Helper()
	e, err := New(Config{URL: f.srv.URL, APIKey: testKey}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	e.pollMin, e.pollMax = time.Millisecond, 2*time.Millisecond
	return e
}

func assertCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if got := apperr.CodeOf(err); got != code {
		t.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
}

func ptr(f float64) *float64 { return &f }

func fc(v string, n int) search.FacetCount { return search.FacetCount{Value: v, Count: n} }

func TestNewValidatesConfig(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{URL: "localhost:7700"},
		{URL: "ftp://host"},
		{URL: "http://localhost:7700", IndexPrefix: "bad prefix*"},
	} {
		if _, err := New(cfg, nil); err == nil {
			t.Errorf("New(%+v) accepted a bad config", cfg)
		}
	}
	e, err := New(Config{URL: "http://localhost:7700/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.uid(search.Jobs) != "laufbahn_jobs" || e.cfg.TaskTimeout != DefaultTaskTimeout || e.Engine() != "meilisearch" {
		t.Errorf("defaults not applied: %+v", e.cfg)
	}
}

func TestApplyCreatesIndexAndSendsSettings(t *testing.T) {
	f := newFake(t)
	f.on("GET /indexes/laufbahn_jobs", 404, "error_index_not_found.json", 200, "index_jobs.json")
	f.on("POST /indexes", 202, "task_enqueued_index_creation.json")
	f.on("GET /tasks/7", 200, "task_succeeded_index_creation.json")
	f.on("GET /indexes/laufbahn_jobs/settings", 200, "settings_default.json")
	f.on("PATCH /indexes/laufbahn_jobs/settings", 202, "task_enqueued_settings.json")
	f.on("GET /tasks/8", 200, "task_processing_settings.json", 200, "task_processing_settings.json", 200, "task_succeeded_settings.json")
	e := testEngine(t, f)

	if err := e.Apply(context.Background(), search.JobSchema); err != nil {
		t.Fatal(err)
	}
	create := f.only("POST", "/indexes")
	if len(create) != 1 {
		t.Fatalf("index creations = %d, want 1", len(create))
	}
	assertJSON(t, create[0].Body, `{"uid":"laufbahn_jobs","primaryKey":"id"}`)
	patch := f.only("PATCH", "/indexes/laufbahn_jobs/settings")
	if len(patch) != 1 {
		t.Fatalf("settings updates = %d, want 1", len(patch))
	}
	if patch[0].ContentType != "application/json" {
		t.Errorf("Content-Type = %q", patch[0].ContentType)
	}
	// Ranking rules and typo tolerance are Meilisearch's defaults already,
	// so only the rest is sent.
	assertJSON(t, patch[0].Body, "settings_jobs_patch.json")
	if n := len(f.only("GET", "/tasks/8")); n != 3 {
		t.Errorf("polled the settings task %d times, want 3 (processing, processing, succeeded)", n)
	}
}

func TestApplyTwiceSendsNoUpdate(t *testing.T) {
	f := newFake(t)
	f.on("GET /indexes/laufbahn_jobs", 200, "index_jobs.json")
	// What Meilisearch returns after the update: filterable and sortable
	// attributes sorted, synonyms keyed alphabetically.
	f.on("GET /indexes/laufbahn_jobs/settings", 200, "settings_jobs_applied.json")
	e := testEngine(t, f)
	for range 2 {
		if err := e.Apply(context.Background(), search.JobSchema); err != nil {
			t.Fatal(err)
		}
	}
	if w := f.writes(); len(w) != 0 {
		t.Errorf("Apply with identical settings sent %d writes: %s %s", len(w), w[0].Method, w[0].Path)
	}
}

func TestApplyPutsBackDriftedSettings(t *testing.T) {
	f := newFake(t)
	f.on("GET /indexes/laufbahn_jobs", 200, "index_jobs.json")
	f.on("GET /indexes/laufbahn_jobs/settings", 200, "settings_jobs_drifted.json")
	f.on("PATCH /indexes/laufbahn_jobs/settings", 202, "task_enqueued_settings.json")
	f.on("GET /tasks/8", 200, "task_succeeded_settings.json")
	e := testEngine(t, f)
	if err := e.Apply(context.Background(), search.JobSchema); err != nil {
		t.Fatal(err)
	}
	patch := f.only("PATCH", "/indexes/laufbahn_jobs/settings")
	if len(patch) != 1 {
		t.Fatalf("settings updates = %d, want 1", len(patch))
	}
	assertJSON(t, patch[0].Body, "settings_jobs_drift_patch.json")
}

// current returns the settings of want as Meilisearch would show them.
func current(t *testing.T, want []setting) map[string]json.RawMessage {
	t.Helper()
	cur := map[string]json.RawMessage{}
	for _, st := range want {
		b, err := json.Marshal(st.want)
		if err != nil {
			t.Fatal(err)
		}
		cur[st.name] = b
	}
	return cur
}

func TestApplyEmptiesListsInThePatch(t *testing.T) {
	// Roles have no sortable fields; an index that has some gets an empty
	// list in the patch (our own request, so the empty list is sent).
	cur := current(t, desiredSettings(search.RoleSchema, search.Synonyms))
	cur["sortableAttributes"] = json.RawMessage(`["level"]`)
	patch, changed, unknown := settingsDiff(cur, desiredSettings(search.RoleSchema, search.Synonyms))
	if !reflect.DeepEqual(changed, []string{"sortableAttributes"}) || len(unknown) != 0 {
		t.Fatalf("changed %v, unknown %v", changed, unknown)
	}
	b, _ := json.Marshal(patch)
	assertJSON(t, b, `{"sortableAttributes":[]}`)
}

func TestApplyExistingIndexWithOtherPrimaryKey(t *testing.T) {
	f := newFake(t)
	f.on("GET /indexes/laufbahn_jobs", 200, `{"uid":"laufbahn_jobs","createdAt":"2026-11-22T16:40:00.912406Z","updatedAt":"2026-11-22T16:40:00.912406Z","primaryKey":"uid"}`)
	err := testEngine(t, f).Apply(context.Background(), search.JobSchema)
	assertCode(t, err, apperr.Internal)
	if !strings.Contains(err.Error(), `"uid"`) {
		t.Errorf("error does not name the primary key: %v", err)
	}
}

func TestSynonymsAreMultiWay(t *testing.T) {
	got := synonyms([][]string{{"a", "b", "c"}, {"x", "y"}})
	want := map[string][]string{
		"a": {"b", "c"}, "b": {"a", "c"}, "c": {"a", "b"},
		"x": {"y"}, "y": {"x"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("synonyms = %v, want %v", got, want)
	}
}

func TestFilterExpression(t *testing.T) {
	s := search.JobSchema
	tests := []struct {
		name    string
		filters []search.Filter
		want    string
	}{
		{"none", nil, ""},
		{"equals", []search.Filter{search.Eq("cityKey", "Berlin")}, `(cityKey = "Berlin")`},
		{"injection stays a value", []search.Filter{search.Eq("cityKey", `Berlin" OR city != "`)},
			`(cityKey = "Berlin\" OR city != \"")`},
		{"backslashes", []search.Filter{search.Eq("postalCode", `C:\Temp\"x`)}, `(postalCode = "C:\\Temp\\\"x")`},
		{"trailing backslash cannot eat the quote", []search.Filter{search.Eq("cityKey", `Berlin\`)}, `(cityKey = "Berlin\\")`},
		{"keywords and parentheses are values", []search.Filter{search.Eq("role", `x) OR (role EXISTS`)}, `(role = "x) OR (role EXISTS")`},
		{"unicode", []search.Filter{search.Eq("cityKey", "München")}, `(cityKey = "München")`},
		{"empty string", []search.Filter{search.Eq("cityKey", "")}, `(cityKey = "")`},
		{"in", []search.Filter{search.AnyOf("skills", "datev", `sap "fi"`)}, `(skills IN ["datev", "sap \"fi\""])`},
		{"range", []search.Filter{search.Between("salaryMin", ptr(30000), ptr(45000.5))}, `(salaryMin >= 30000 AND salaryMin <= 45000.5)`},
		{"range min only", []search.Filter{search.Between("salaryYearMax", ptr(-1.25), nil)}, `(salaryYearMax >= -1.25)`},
		{"range max only, no exponent", []search.Filter{search.Between("publishedAt", nil, ptr(1e21))}, `(publishedAt <= 1000000000000000000000)`},
		{"small number, no exponent", []search.Filter{search.Between("salaryMax", ptr(0.000001), nil)}, `(salaryMax >= 0.000001)`},
		{"bool", []search.Filter{search.Is("fixedTerm", true)}, `(fixedTerm = true)`},
		{"bool false", []search.Filter{search.Is("fixedTerm", false)}, `(fixedTerm = false)`},
		{"combined with AND", []search.Filter{
			search.Eq("bundesland", "BE"), search.AnyOf("remote", "hybrid", "remote"), search.Between("salaryMin", ptr(2000), ptr(3000)),
		}, `(bundesland = "BE") AND (remote IN ["hybrid", "remote"]) AND (salaryMin >= 2000 AND salaryMin <= 3000)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FilterExpression(s, tt.filters)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFilterRejectsFieldsOutsideTheAllowlist(t *testing.T) {
	for _, f := range []search.Filter{
		search.Eq("city", "Berlin"),                        // text field, not filterable
		search.Eq("title", "x"),                            // text field
		search.Eq("nope", "x"),                             // unknown
		search.Eq(`cityKey = "x" OR cityKey`, "x"),         // an expression as a name
		search.Eq("cityKey) OR (cityKey", "x"),             // parentheses in a name
		search.Between("salaryMin", ptr(math.NaN()), nil),  // not a number
		search.Between("salaryMin", nil, ptr(math.Inf(1))), // not finite
		{Field: "cityKey", Op: search.FilterOp(99), Values: []string{"x"}},
	} {
		_, err := FilterExpression(search.JobSchema, []search.Filter{f})
		assertCode(t, err, apperr.Invalid)
	}
}

// TestSearchRejectsBadQueriesWithoutARequest checks that Search validates
// against the schema before anything reaches Meilisearch.
func TestSearchRejectsBadQueriesWithoutARequest(t *testing.T) {
	f := newFake(t)
	e := testEngine(t, f)
	for _, q := range []search.Query{
		{Page: 1, Limit: 0},
		{Page: 1, Limit: 10, Filters: []search.Filter{search.Eq("city", `Berlin" OR city != "`)}},
		{Page: 1, Limit: 10, Facets: []string{"title"}},
		{Page: 1, Limit: 10, Sort: "cheapest"},
		{Page: 1, Limit: 10, Text: strings.Repeat("ä", search.MaxTextLen+1)},
	} {
		_, err := e.Search(context.Background(), search.Jobs, q)
		assertCode(t, err, apperr.Invalid)
	}
	_, err := e.Search(context.Background(), search.Kind("people"), search.Query{Page: 1, Limit: 10})
	assertCode(t, err, apperr.Invalid)
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent for invalid queries", n)
	}
}

// meiliUnquote parses a double-quoted filter value the way Meilisearch's
// filter parser does (crates/filter-parser/src/value.rs: quoted_by scans to
// the first quote not preceded by a backslash, replaces \" by ", then
// unescapes the remaining backslash sequences). It returns the value and
// the rest of the input after the closing quote.
func meiliUnquote(t *testing.T, in string) (value, rest string) {
	t.Helper()
	if !strings.HasPrefix(in, `"`) {
		t.Fatalf("%s does not start with a quote", in)
	}
	s := in[1:]
	end := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == '"' {
			end = i
			break
		}
	}
	if end < 0 {
		t.Fatalf("no closing quote in %s", in)
	}
	frag := strings.ReplaceAll(s[:end], `\"`, `"`)
	var b strings.Builder
	for i := 0; i < len(frag); i++ {
		if frag[i] == '\\' {
			if i+1 >= len(frag) || frag[i+1] != '\\' {
				t.Fatalf("escape sequence Meilisearch would interpret in %q", frag)
			}
			i++
		}
		b.WriteByte(frag[i])
	}
	return b.String(), s[end+1:]
}

func TestQuoteRoundTripsThroughMeilisearchUnescaping(t *testing.T) {
	values := []string{
		"", "Berlin", `Berlin" OR city != "`, `\`, `\\`, `\"`, `"\`, `a\"b`, `\\"`, `\n\t\u0041`,
		"Zeilen\numbruch", "€ & <b>", `'single'`, `x" AND (a = "b`,
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune{'a', '"', '\\', ' ', '\'', '(', ')', 'n', 'u', '{', '0', 'ü'}
	for range 2000 {
		rs := make([]rune, r.IntN(12))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		values = append(values, string(rs))
	}
	for _, v := range values {
		got, rest := meiliUnquote(t, quote(v)+" AND x = 1")
		if got != v || rest != " AND x = 1" {
			t.Fatalf("quote(%q) = %s parses as %q with rest %q", v, quote(v), got, rest)
		}
	}
}

func TestSearchDisjunctiveFacets(t *testing.T) {
	f := newFake(t)
	f.on("POST /multi-search", 200, "multisearch_disjunctive.json")
	e := testEngine(t, f)

	res, err := e.Search(context.Background(), search.Jobs, search.Query{
		Text: "büro",
		Filters: []search.Filter{
			search.Eq("cityKey", `Berlin" OR city != "`),
			search.AnyOf("remote", "hybrid", "remote"),
			search.Between("salaryMin", ptr(2000), nil),
		},
		Facets: []string{"cityKey", "remote", "employmentType"},
		Sort:   search.ByDate,
		Page:   2,
		Limit:  2,
	})
	if err != nil {
		t.Fatal(err)
	}

	reqs := f.only("POST", "/multi-search")
	if len(reqs) != 1 {
		t.Fatalf("multi-search requests = %d, want 1", len(reqs))
	}
	const highlightTags = `"attributesToHighlight": ["title", "employer", "description"], "highlightPreTag": "\u0002", "highlightPostTag": "\u0003"`
	assertJSON(t, reqs[0].Body, `{"queries": [
		{"indexUid": "laufbahn_jobs", "q": "büro", "matchingStrategy": "all",
		 "filter": "(cityKey = \"Berlin\\\" OR city != \\\"\") AND (remote IN [\"hybrid\", \"remote\"]) AND (salaryMin >= 2000)",
		 "facets": ["cityKey", "remote", "employmentType"], "sort": ["publishedAt:desc"],
		 "page": 2, "hitsPerPage": 2, "showRankingScore": true, `+highlightTags+`, "hybrid": null},
		{"indexUid": "laufbahn_jobs", "q": "büro", "matchingStrategy": "all",
		 "filter": "(remote IN [\"hybrid\", \"remote\"]) AND (salaryMin >= 2000)",
		 "facets": ["cityKey"], "page": 1, "hitsPerPage": 0, "hybrid": null},
		{"indexUid": "laufbahn_jobs", "q": "büro", "matchingStrategy": "all",
		 "filter": "(cityKey = \"Berlin\\\" OR city != \\\"\") AND (salaryMin >= 2000)",
		 "facets": ["remote"], "page": 1, "hitsPerPage": 0, "hybrid": null}
	]}`)

	if res.Total != 5 {
		t.Errorf("Total = %d, want 5", res.Total)
	}
	if res.Took != 6*time.Millisecond {
		t.Errorf("Took = %v, want 6ms (3+1+2)", res.Took)
	}
	wantFacets := map[string][]search.FacetCount{
		// from the query without the city filter; ties by value
		"cityKey": {fc("Hamburg", 7), fc("Berlin", 5), fc("München", 5)},
		// from the query without the remote filter
		"remote": {fc("onsite", 9), fc("hybrid", 4), fc("remote", 1)},
		// no filter of its own: from the main query
		"employmentType": {fc("vollzeit", 3), fc("teilzeit", 2)},
	}
	if !reflect.DeepEqual(res.Facets, wantFacets) {
		t.Errorf("Facets = %v\nwant     %v", res.Facets, wantFacets)
	}
	if len(res.Hits) != 2 {
		t.Fatalf("hits = %d, want 2", len(res.Hits))
	}

	h := res.Hits[0]
	if h.ID != "job-7" || h.Score != 0.9848484848484849 {
		t.Errorf("hit 0 = %s score %v", h.ID, h.Score)
	}
	for _, k := range []string{"id", "_formatted", "_rankingScore"} {
		if _, ok := h.Fields[k]; ok {
			t.Errorf("Fields contains %q", k)
		}
	}
	if len(h.Fields) != 19 {
		t.Errorf("Fields has %d entries, want the 19 schema fields", len(h.Fields))
	}
	wantFields := map[string]any{
		"skills": []string{"ms-office", "datev"}, "salaryMax": 2800.5, "publishedAt": float64(1795000000),
		"fixedTerm": false, "city": "Berlin", "title": "Bürokauffrau (m/w/d) <Teilzeit> & mehr",
	}
	for k, v := range wantFields {
		if !reflect.DeepEqual(h.Fields[k], v) {
			t.Errorf("Fields[%s] = %#v, want %#v", k, h.Fields[k], v)
		}
	}
	wantHL := map[string]string{
		"title":       "<mark>Büro</mark>kauffrau (m/w/d) &lt;Teilzeit&gt; &amp; mehr",
		"employer":    "Müller &amp; Söhne GmbH",
		"description": "Wir suchen Verstärkung für unser <mark>Büro</mark> in Berlin-Mitte.",
	}
	if !reflect.DeepEqual(h.Highlights, wantHL) {
		t.Errorf("Highlights = %#v\nwant %#v", h.Highlights, wantHL)
	}
	h2 := res.Hits[1]
	if got, want := h2.Highlights["description"], "Bitte keine &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Bewerbungen per Fax."; got != want {
		t.Errorf("description highlight = %q, want %q", got, want)
	}
	if got, want := h2.Highlights["employer"], "Kanzlei &#34;Recht &amp; Ordnung&#34;"; got != want {
		t.Errorf("employer highlight = %q, want %q", got, want)
	}
	if !reflect.DeepEqual(h2.Fields["skills"], []string{}) {
		t.Errorf("empty skills = %#v, want []string{}", h2.Fields["skills"])
	}
}

func TestSearchBrowseSendsOneQuery(t *testing.T) {
	f := newFake(t)
	f.on("POST /multi-search", 200, "multisearch_browse.json")
	e := testEngine(t, f)
	res, err := e.Search(context.Background(), search.Courses, search.Query{Facets: []string{"format"}, Page: 1, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.only("POST", "/multi-search")
	if len(reqs) != 1 {
		t.Fatalf("multi-search requests = %d", len(reqs))
	}
	assertJSON(t, reqs[0].Body, `{"queries": [{"indexUid": "laufbahn_courses", "q": "", "matchingStrategy": "all", "facets": ["format"],
		"page": 1, "hitsPerPage": 1, "showRankingScore": true,
		"attributesToHighlight": ["title", "summary"], "highlightPreTag": "\u0002", "highlightPostTag": "\u0003",
		"hybrid": null}]}`)
	if res.Total != 18 || len(res.Hits) != 1 || res.Hits[0].ID != "kauffrau-bueromanagement" {
		t.Errorf("result = %+v", res)
	}
	want := []search.FacetCount{fc("online", 9), fc("weiterbildung", 5), fc("ausbildung", 4)}
	if !reflect.DeepEqual(res.Facets["format"], want) {
		t.Errorf("format facet = %v, want %v", res.Facets["format"], want)
	}
	if got := res.Hits[0].Highlights["title"]; got != "Kaufmann/Kauffrau für Büromanagement" {
		t.Errorf("title highlight without a query = %q", got)
	}
	if got := res.Hits[0].Fields["durationMonths"]; got != float64(36) {
		t.Errorf("durationMonths = %#v", got)
	}
}

func TestMarkup(t *testing.T) {
	tests := map[string]string{
		"plain":                    "plain",
		"\x02a\x03 & \x02b\x03":    "<mark>a</mark> &amp; <mark>b</mark>",
		"<\x02b\x03>":              "&lt;<mark>b</mark>&gt;",
		"stray \x03 close":         "stray  close",
		"\x02open \x02twice\x03":   "<mark>open twice</mark>",
		"\x02never closed":         "<mark>never closed</mark>",
		`"quoted" 'single'`:        "&#34;quoted&#34; &#39;single&#39;",
		"\x02<script>\x03":         "<mark>&lt;script&gt;</mark>",
		"Bür\x02o\x03 ü \x02ß\x03": "Bür<mark>o</mark> ü <mark>ß</mark>",
	}
	for in, want := range tests {
		if got := markup(in); got != want {
			t.Errorf("markup(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUpsertSendsDocumentsAndWaits(t *testing.T) {
	f := newFake(t)
	f.on("POST /indexes/laufbahn_jobs/documents", 202, "task_enqueued_documents.json")
	f.on("GET /tasks/42", 200, `{"uid": 42, "batchUid": null, "indexUid": "laufbahn_jobs", "status": "enqueued", "type": "documentAdditionOrUpdate", "canceledBy": null, "details": {"receivedDocuments": 2, "indexedDocuments": null}, "error": null, "duration": null, "enqueuedAt": "2026-11-22T16:41:12.345678Z", "startedAt": null, "finishedAt": null}`,
		200, "task_succeeded_documents.json")
	e := testEngine(t, f)
	doc := search.JobDoc{
		ID: "job-7", Title: "Bürokauffrau", City: " Berlin ", Skills: nil, SalaryMin: 2400, SalaryPeriod: "month",
		PublishedAt: time.Unix(1795000000, 0), Lat: 52.5244, Lng: 13.4105, HasGeo: true,
	}.Document()
	err := e.Upsert(context.Background(), search.Jobs, []search.Document{
		doc,
		{ID: "course_1", Fields: map[string]any{"title": "Excel", "id": "ignored"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.only("POST", "/indexes/laufbahn_jobs/documents")
	if len(reqs) != 1 {
		t.Fatalf("document requests = %d", len(reqs))
	}
	if reqs[0].Query != "primaryKey=id" {
		t.Errorf("query = %q, want primaryKey=id", reqs[0].Query)
	}
	assertJSON(t, reqs[0].Body, `[
		{"id": "job-7", "title": "Bürokauffrau", "roleTitle": "", "skillNames": null, "employer": "", "city": " Berlin ",
		 "description": "", "role": "", "employerId": "", "cityKey": "Berlin", "bundesland": "", "postalCode": "",
		 "remote": "", "employmentType": "", "skills": [], "salaryMin": 2400, "salaryMax": 0, "salaryPeriod": "month",
		 "publishedAt": 1795000000, "fixedTerm": false, "lat": 52.5244, "lng": 13.4105, "_geo": {"lat": 52.5244, "lng": 13.4105}},
		{"id": "course_1", "title": "Excel"}
	]`)
	if n := len(f.only("GET", "/tasks/42")); n != 2 {
		t.Errorf("task polled %d times, want 2", n)
	}
}

func TestUpsertRejectsBadIDsWithoutARequest(t *testing.T) {
	f := newFake(t)
	e := testEngine(t, f)
	for _, id := range []string{"", "a b", "ä", "x/y", strings.Repeat("a", 512)} {
		err := e.Upsert(context.Background(), search.Jobs, []search.Document{{ID: id}})
		assertCode(t, err, apperr.Invalid)
	}
	if err := e.Upsert(context.Background(), search.Jobs, nil); err != nil {
		t.Errorf("empty upsert: %v", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestTaskFailureCarriesMeilisearchCode(t *testing.T) {
	f := newFake(t)
	f.on("POST /indexes/laufbahn_jobs/documents", 202, "task_enqueued_documents.json")
	f.on("GET /tasks/42", 200, "task_failed_documents.json")
	e := testEngine(t, f)
	err := e.Upsert(context.Background(), search.Jobs, []search.Document{{ID: "job-1"}})
	assertCode(t, err, apperr.Internal)
	var te *TaskError
	if !errors.As(err, &te) {
		t.Fatalf("error %v is not a *TaskError", err)
	}
	if te.Code != "index_primary_key_already_exists" || te.UID != 42 || te.Type != "documentAdditionOrUpdate" ||
		!strings.Contains(te.Message, "already has a primary key") {
		t.Errorf("task error = %+v", te)
	}
	if !strings.Contains(err.Error(), "index_primary_key_already_exists") {
		t.Errorf("error text lacks the code: %v", err)
	}
}

func TestCanceledTaskIsUnavailable(t *testing.T) {
	f := newFake(t)
	f.on("POST /indexes/laufbahn_jobs/documents", 202, "task_enqueued_documents.json")
	f.on("GET /tasks/42", 200, "task_canceled_documents.json")
	err := testEngine(t, f).Upsert(context.Background(), search.Jobs, []search.Document{{ID: "job-1"}})
	assertCode(t, err, apperr.Unavailable)
	var te *TaskError
	if !errors.As(err, &te) || te.Status != "canceled" {
		t.Errorf("error = %v", err)
	}
}

func TestTaskTimeoutIsUnavailable(t *testing.T) {
	f := newFake(t)
	f.on("PATCH /indexes/laufbahn_jobs/settings", 202, "task_enqueued_settings.json")
	f.on("GET /indexes/laufbahn_jobs", 200, "index_jobs.json")
	f.on("GET /indexes/laufbahn_jobs/settings", 200, "settings_default.json")
	f.on("GET /tasks/8", 200, "task_processing_settings.json")
	e := testEngine(t, f)
	e.cfg.TaskTimeout = 50 * time.Millisecond
	err := e.Apply(context.Background(), search.JobSchema)
	assertCode(t, err, apperr.Unavailable)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error does not wrap the deadline: %v", err)
	}
}

func TestServerErrorsAreUnavailable(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"internal error", 500, "error_internal.json"},
		{"proxy without Meilisearch", 502, "<html><body>502 Bad Gateway</body></html>"},
		{"overloaded", 503, `{"message":"too many search requests running at the same time","code":"too_many_search_requests","type":"system","link":"https://docs.meilisearch.com/errors#too_many_search_requests"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			f.on("POST /multi-search", tt.status, tt.body)
			f.on("GET /indexes/laufbahn_jobs/stats", tt.status, tt.body)
			f.on("POST /indexes/laufbahn_jobs/documents/delete-batch", tt.status, tt.body)
			e := testEngine(t, f)
			_, err := e.Search(context.Background(), search.Jobs, search.Query{Page: 1, Limit: 10})
			assertCode(t, err, apperr.Unavailable)
			_, err = e.Stats(context.Background(), search.Jobs)
			assertCode(t, err, apperr.Unavailable)
			err = e.Delete(context.Background(), search.Jobs, []string{"a"})
			assertCode(t, err, apperr.Unavailable)
		})
	}
}

func TestUnreachableIsUnavailable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	e, err := New(Config{URL: url, APIKey: testKey, TaskTimeout: 2 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	assertCode(t, e.Apply(ctx, search.JobSchema), apperr.Unavailable)
	assertCode(t, e.Upsert(ctx, search.Jobs, []search.Document{{ID: "a"}}), apperr.Unavailable)
	_, err = e.Search(ctx, search.Jobs, search.Query{Page: 1, Limit: 10})
	assertCode(t, err, apperr.Unavailable)
	_, err = e.IDs(ctx, search.Jobs)
	assertCode(t, err, apperr.Unavailable)
}

// TestRejectedKeyIsUnavailableAndSaysSo: a refused key (401 without one,
// 403 with a wrong one) was Internal (a 500, retried forever as a bug). It
// fails every call until the operator fixes MEILI_API_KEY, so it is
// Unavailable (503) with a message naming the setting.
func TestRejectedKeyIsUnavailableAndSaysSo(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		code   string
	}{
		{403, "error_invalid_api_key.json", "invalid_api_key"},
		{401, "error_missing_authorization_header.json", "missing_authorization_header"},
	} {
		f := newFake(t)
		f.on("GET /indexes/laufbahn_jobs/stats", tc.status, tc.body)
		f.on("POST /multi-search", tc.status, tc.body)
		e := testEngine(t, f)
		_, err := e.Stats(context.Background(), search.Jobs)
		assertCode(t, err, apperr.Unavailable)
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != tc.code || ae.Status != tc.status || !strings.Contains(err.Error(), "MEILI_API_KEY") {
			t.Errorf("%d: error = %v", tc.status, err)
		}
		_, err = e.Search(context.Background(), search.Jobs, search.Query{Page: 1, Limit: 10})
		assertCode(t, err, apperr.Unavailable)
		if !strings.Contains(err.Error(), "MEILI_API_KEY") {
			t.Errorf("%d: search error = %v", tc.status, err)
		}
	}
}

func TestAuthorizationHeaderCarriesKey(t *testing.T) {
	f := newFake(t)
	f.on("GET /indexes/laufbahn_jobs", 200, "index_jobs.json")
	f.on("GET /indexes/laufbahn_jobs/settings", 200, "settings_jobs_applied.json")
	f.on("POST /indexes/laufbahn_jobs/documents/delete-batch", 202, "task_enqueued_deletion.json")
	f.on("GET /tasks/51", 200, "task_succeeded_deletion.json")
	f.on("GET /indexes/laufbahn_jobs/stats", 200, "stats_jobs.json")
	f.on("POST /multi-search", 200, "multisearch_browse.json")
	e := testEngine(t, f)
	ctx := context.Background()
	if err := e.Apply(ctx, search.JobSchema); err != nil {
		t.Fatal(err)
	}
	if err := e.Delete(ctx, search.Jobs, []string{"job-1", "job-unknown"}); err != nil {
		t.Fatal(err)
	}
	st, err := e.Stats(ctx, search.Jobs)
	if err != nil {
		t.Fatal(err)
	}
	if st.Count != 1234 {
		t.Errorf("Stats = %+v, want 1234 documents", st)
	}
	if _, err := e.Search(ctx, search.Courses, search.Query{Page: 1, Limit: 1}); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) < 6 {
		t.Fatalf("only %d requests", len(reqs))
	}
	for _, r := range reqs {
		if r.Auth != "Bearer "+testKey {
			t.Errorf("%s %s: Authorization = %q", r.Method, r.Path, r.Auth)
		}
	}
	del := f.only("POST", "/indexes/laufbahn_jobs/documents/delete-batch")
	if len(del) != 1 {
		t.Fatalf("delete requests = %d", len(del))
	}
	assertJSON(t, del[0].Body, `["job-1", "job-unknown"]`)
}

func TestIDsPagesThroughDocuments(t *testing.T) {
	f := newFake(t)
	f.on("POST /indexes/laufbahn_jobs/documents/fetch", 200, "documents_ids_1.json",
		200, "documents_ids_2.json", 200, "documents_ids_3.json")
	e := testEngine(t, f)
	e.idPage = 2
	ids, err := e.IDs(context.Background(), search.Jobs)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"job-1", "job-2", "job-3", "job-4", "job-5"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("IDs = %v, want %v", ids, want)
	}
	reqs := f.only("POST", "/indexes/laufbahn_jobs/documents/fetch")
	if len(reqs) != 3 {
		t.Fatalf("fetch requests = %d, want 3", len(reqs))
	}
	assertJSON(t, reqs[0].Body, `{"limit": 2, "fields": ["id"]}`)
	assertJSON(t, reqs[1].Body, `{"offset": 2, "limit": 2, "fields": ["id"]}`)
	assertJSON(t, reqs[2].Body, `{"offset": 4, "limit": 2, "fields": ["id"]}`)
}

func TestMissingIndexIsEmpty(t *testing.T) {
	f := newFake(t)
	f.on("GET /indexes/laufbahn_jobs/stats", 404, "error_index_not_found.json")
	f.on("POST /indexes/laufbahn_jobs/documents/fetch", 404, "error_index_not_found.json")
	f.on("POST /multi-search", 404, `{"message":"Inside `+"`.queries[0]`"+`: Index `+"`laufbahn_jobs`"+` not found.","code":"index_not_found","type":"invalid_request","link":"https://docs.meilisearch.com/errors#index_not_found"}`)
	e := testEngine(t, f)
	st, err := e.Stats(context.Background(), search.Jobs)
	if err != nil || st.Count != 0 {
		t.Errorf("Stats = %+v, %v", st, err)
	}
	ids, err := e.IDs(context.Background(), search.Jobs)
	if err != nil || len(ids) != 0 {
		t.Errorf("IDs = %v, %v", ids, err)
	}
	_, err = e.Search(context.Background(), search.Jobs, search.Query{Page: 1, Limit: 1})
	assertCode(t, err, apperr.Unavailable)
}

func TestCreateScopedKey(t *testing.T) {
	f := newFake(t)
	f.on("POST /keys", 201, "key_created.json")
	key, err := CreateScopedKey(context.Background(), f.srv.URL, "master-key", "")
	if err != nil {
		t.Fatal(err)
	}
	if key != "d0552b41536279a0ad88bd595327b96f01176a60c2243e906c52ac02375f9bc4" {
		t.Errorf("key = %q", key)
	}
	r := f.only("POST", "/keys")[0]
	if r.Auth != "Bearer master-key" {
		t.Errorf("Authorization = %q", r.Auth)
	}
	assertJSON(t, r.Body, `{"name": "laufbahn", "description": "Laufbahn application: search and index maintenance",
		"actions": ["search", "documents.add", "documents.get", "documents.delete", "indexes.create", "indexes.get", "settings.get", "settings.update", "tasks.get", "stats.get"],
		"indexes": ["laufbahn_*"], "expiresAt": null}`)
}

// TestDocCurlMatchesKeyActions keeps the README/curl text and the Go helper
// in step.
func TestDocCurlMatchesKeyActions(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(KeyActions)
	want := strings.ReplaceAll(string(b), ",", ", ")
	if !bytes.Contains(doc, []byte(`"actions": `+want)) {
		t.Errorf("doc.go curl example does not list the actions %s", want)
	}
}

func TestSearchNearSendsGeoRadiusAndGeoPointSort(t *testing.T) {
	f := newFake(t)
	f.on("POST /multi-search", 200, "multisearch_geo.json")
	e := testEngine(t, f)
	res, err := e.Search(context.Background(), search.Jobs, search.Query{
		Filters: []search.Filter{search.Eq("employmentType", "teilzeit")},
		Near:    &search.Circle{Lat: 53.5507, Lng: 9.993, RadiusKm: 25}, Sort: search.ByDistance, Page: 1, Limit: 20,
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.only("POST", "/multi-search")
	if len(reqs) != 1 {
		t.Fatalf("multi-search requests = %d", len(reqs))
	}
	assertJSON(t, reqs[0].Body, `{"queries": [{"indexUid": "laufbahn_jobs", "q": "", "matchingStrategy": "all",
		"filter": "(employmentType = \"teilzeit\") AND (_geoRadius(53.5507, 9.993, 25000))",
		"sort": ["_geoPoint(53.5507, 9.993):asc"],
		"page": 1, "hitsPerPage": 20, "showRankingScore": true,
		"attributesToHighlight": ["title", "employer", "description"], "highlightPreTag": "\u0002", "highlightPostTag": "\u0003",
		"hybrid": null}]}`)
	if got := ids(res); !reflect.DeepEqual(got, []string{"j-hamburg", "j-norderstedt"}) {
		t.Errorf("hits = %v", got)
	}
	if _, ok := res.Hits[1].Fields["_geo"]; ok || res.Hits[1].Fields["lat"] != 53.7018 {
		t.Errorf("fields = %v: want lat/lng, not _geo", res.Hits[1].Fields)
	}
	// A radius without a place or distance without a point never reaches
	// the server.
	for _, q := range []search.Query{
		{Sort: search.ByDistance, Page: 1, Limit: 1},
		{Near: &search.Circle{Lat: 91, Lng: 0}, Page: 1, Limit: 1},
		{Near: &search.Circle{Lat: 50, Lng: 8, RadiusKm: -1}, Page: 1, Limit: 1},
	} {
		_, err := e.Search(context.Background(), search.Jobs, q)
		assertCode(t, err, apperr.Invalid)
	}
	if _, err := e.Search(context.Background(), search.Courses, search.Query{Near: &search.Circle{Lat: 50, Lng: 8}, Page: 1, Limit: 1}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("courses near a point: %v, want invalid", err)
	}
}

func ids(res search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}
