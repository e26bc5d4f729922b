package meili

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// The cases of issue 13's review of this adapter against Meilisearch's own
// source (testdata follows the answers of the release docker-compose.yml
// pins).

// settingsWith returns a settings fixture with changes applied, as a body.
func settingsWith(t *testing.T, name string, change func(map[string]any)) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	out, _ := json.Marshal(m)
	return string(out)
}

// TestApplyNeverSendsFieldsTheServerDoesNotKnow: the typo-tolerance update
// always carried "disableOnNumbers" (new in v1.15), which v1.12 rejects
// with invalid_settings_typo_tolerance, and Apply then failed forever. A
// field or setting the server's own settings do not show is left out.
func TestApplyNeverSendsFieldsTheServerDoesNotKnow(t *testing.T) {
	for _, tc := range []struct {
		name, fixture   string
		wantDisableNums bool
	}{
		{"v1.12", "settings_v1_12_default.json", false},
		{"pinned release", "settings_default.json", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.on("GET /indexes/laufbahn_jobs", 200, "index_jobs.json")
			f.on("GET /indexes/laufbahn_jobs/settings", 200, settingsWith(t, tc.fixture, func(m map[string]any) {
				m["typoTolerance"].(map[string]any)["enabled"] = false // make the typo settings differ
				delete(m, "prefixSearch")                              // a setting this server would not know
			}))
			f.on("PATCH /indexes/laufbahn_jobs/settings", 202, "task_enqueued_settings.json")
			f.on("GET /tasks/8", 200, "task_succeeded_settings.json")
			if err := testEngine(t, f).Apply(context.Background(), search.JobSchema); err != nil {
				t.Fatal(err)
			}
			patch := f.only("PATCH", "/indexes/laufbahn_jobs/settings")
			if len(patch) != 1 {
				t.Fatalf("settings updates = %d, want 1", len(patch))
			}
			var sent map[string]json.RawMessage
			if err := json.Unmarshal(patch[0].Body, &sent); err != nil {
				t.Fatal(err)
			}
			if _, ok := sent["prefixSearch"]; ok {
				t.Error("sent prefixSearch, which the server did not show")
			}
			want := `{"enabled":true,"minWordSizeForTypos":{"oneTypo":5,"twoTypos":9},"disableOnWords":[],"disableOnAttributes":[]}`
			if tc.wantDisableNums {
				want = `{"enabled":true,"minWordSizeForTypos":{"oneTypo":5,"twoTypos":9},"disableOnWords":[],"disableOnAttributes":[],"disableOnNumbers":false}`
			}
			assertJSON(t, sent["typoTolerance"], want)
		})
	}
}

// TestApplyWaitsForQueuedSettingsUpdate: a settings task whose wait timed
// out was sent again while the first was still queued. Apply now waits for
// the queued one and sends nothing when it brought the settings.
func TestApplyWaitsForQueuedSettingsUpdate(t *testing.T) {
	f := newFake(t)
	f.on("GET /indexes/laufbahn_jobs", 200, "index_jobs.json")
	f.on("GET /tasks", 200, "tasks_settings_queued.json")
	f.on("GET /tasks/5", 200, strings.Replace(fixtureString(t, "task_processing_settings.json"), `"uid": 8`, `"uid": 5`, 1),
		200, strings.Replace(fixtureString(t, "task_succeeded_settings.json"), `"uid": 8`, `"uid": 5`, 1))
	f.on("GET /indexes/laufbahn_jobs/settings", 200, "settings_jobs_applied.json")
	if err := testEngine(t, f).Apply(context.Background(), search.JobSchema); err != nil {
		t.Fatal(err)
	}
	if w := f.writes(); len(w) != 0 {
		t.Errorf("sent %d writes while a settings update was queued: %s %s", len(w), w[0].Method, w[0].Path)
	}
	if n := len(f.only("GET", "/tasks/5")); n != 2 {
		t.Errorf("polled the queued task %d times, want 2", n)
	}
	q := f.only("GET", "/tasks")[0].Query
	for _, p := range []string{"indexUids=laufbahn_jobs", "types=settingsUpdate", "statuses=enqueued"} {
		if !strings.Contains(q, p) {
			t.Errorf("task query %q lacks %s", q, p)
		}
	}
}

func fixtureString(t *testing.T, name string) string { return string(fixture(t, name)) }

// TestSettingsDiffCoversEverySetting: settingsDiff ignored stopWords,
// distinctAttribute, proximityPrecision, separatorTokens, dictionary,
// localizedAttributes, searchCutoffMs, prefixSearch and facetSearch, so a
// change by hand stayed. Each is now found and put back alone.
func TestSettingsDiffCoversEverySetting(t *testing.T) {
	want := desiredSettings(search.JobSchema, search.Synonyms)
	var applied map[string]json.RawMessage
	if err := json.Unmarshal(fixture(t, "settings_jobs_applied.json"), &applied); err != nil {
		t.Fatal(err)
	}
	if _, changed, unknown := settingsDiff(applied, want); len(changed)+len(unknown) != 0 {
		t.Fatalf("the applied fixture differs: changed %v, unknown %v", changed, unknown)
	}
	for name, drifted := range map[string]string{
		"stopWords":            `["der","die","das"]`,
		"distinctAttribute":    `"employerId"`,
		"proximityPrecision":   `"byAttribute"`,
		"separatorTokens":      `["&"]`,
		"nonSeparatorTokens":   `["#"]`,
		"dictionary":           `["GmbH & Co. KG"]`,
		"localizedAttributes":  `[{"attributePatterns":["*"],"locales":["eng"]}]`,
		"searchCutoffMs":       `50`,
		"prefixSearch":         `"disabled"`,
		"facetSearch":          `true`,
		"rankingRules":         `["words","typo","proximity","attribute","sort","exactness"]`,
		"searchableAttributes": `["description","title","roleTitle","skillNames","employer","city"]`,
		"filterableAttributes": `["role"]`,
		"sortableAttributes":   `[]`,
		"displayedAttributes":  `["*"]`,
		"synonyms":             `{}`,
		"typoTolerance":        `{"enabled":true,"minWordSizeForTypos":{"oneTypo":4,"twoTypos":8},"disableOnWords":[],"disableOnAttributes":[],"disableOnNumbers":false}`,
		"faceting":             `{"maxValuesPerFacet":100,"sortFacetValuesBy":{"*":"alpha"}}`,
		"pagination":           `{"maxTotalHits":1000}`,
	} {
		cur := map[string]json.RawMessage{}
		for k, v := range applied {
			cur[k] = v
		}
		cur[name] = json.RawMessage(drifted)
		patch, changed, _ := settingsDiff(cur, want)
		if !slices.Equal(changed, []string{name}) {
			t.Errorf("%s drifted: changed %v, want just it", name, changed)
			continue
		}
		b, _ := json.Marshal(patch[name])
		var back any
		_ = json.Unmarshal(b, &back)
		st := want[slices.IndexFunc(want, func(s setting) bool { return s.name == name })]
		if !reflect.DeepEqual(back, jsonValue(st.want)) {
			t.Errorf("%s: patch %s", name, b)
		}
	}
	// German for the text fields.
	assertJSON(t, applied["localizedAttributes"], `[{"attributePatterns":["title","roleTitle","skillNames","employer","city","description"],"locales":["deu"]}]`)
}

// TestSearchReappliesMissingSettings: an index deleted and recreated by the
// first document write has default settings; every job search then failed
// with invalid_search_facets (a 500). The engine applies the settings again
// and asks once more.
func TestSearchReappliesMissingSettings(t *testing.T) {
	f := newFake(t)
	f.on("POST /multi-search", 400, "error_invalid_search_facets.json", 200, "multisearch_browse.json")
	f.on("GET /indexes/laufbahn_courses", 200, strings.ReplaceAll(fixtureString(t, "index_jobs.json"), "laufbahn_jobs", "laufbahn_courses"))
	f.on("GET /indexes/laufbahn_courses/settings", 200, "settings_default.json")
	f.on("PATCH /indexes/laufbahn_courses/settings", 202, strings.ReplaceAll(fixtureString(t, "task_enqueued_settings.json"), "laufbahn_jobs", "laufbahn_courses"))
	f.on("GET /tasks/8", 200, strings.ReplaceAll(fixtureString(t, "task_succeeded_settings.json"), "laufbahn_jobs", "laufbahn_courses"))
	res, err := testEngine(t, f).Search(context.Background(), search.Courses, search.Query{Page: 1, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Error("no hits after the settings were put back")
	}
	if n := len(f.only("PATCH", "/indexes/laufbahn_courses/settings")); n != 1 {
		t.Errorf("settings updates = %d, want 1", n)
	}
	if n := len(f.only("POST", "/multi-search")); n != 2 {
		t.Errorf("searches = %d, want 2", n)
	}
}

// TestSearchStillMissingSettingsIsUnavailable: when the settings cannot be
// put back, the answer is Unavailable (503), not Internal.
func TestSearchStillMissingSettingsIsUnavailable(t *testing.T) {
	f := newFake(t)
	f.on("POST /multi-search", 400, "error_invalid_search_facets.json")
	f.on("GET /indexes/laufbahn_jobs", 500, "error_internal.json")
	_, err := testEngine(t, f).Search(context.Background(), search.Jobs, search.Query{Page: 1, Limit: 10, Facets: []string{"cityKey"}})
	assertCode(t, err, apperr.Unavailable)
}

// TestSearchSurfacesDegraded: Meilisearch's degraded flag (search cutoff
// reached) reaches the result.
func TestSearchSurfacesDegraded(t *testing.T) {
	f := newFake(t)
	f.on("POST /multi-search", 200, "multisearch_degraded.json")
	res, err := testEngine(t, f).Search(context.Background(), search.Jobs, search.Query{Page: 1, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Degraded {
		t.Error("the degraded flag was lost")
	}
}

func jobDocs(ids ...string) []search.Document {
	var out []search.Document
	for _, id := range ids {
		out = append(out, search.Document{ID: id, Fields: map[string]any{"title": "Backoffice " + id}})
	}
	return out
}

// TestUpsertSplitsATooLargeBatch: a 413 was Internal and the same batch was
// sent again forever. The batch is split until it fits.
func TestUpsertSplitsATooLargeBatch(t *testing.T) {
	f := newFake(t)
	f.on("POST /indexes/laufbahn_jobs/documents", 413, "error_payload_too_large.json", 202, "task_enqueued_documents.json")
	f.on("GET /tasks/42", 200, "task_succeeded_documents.json")
	if err := testEngine(t, f).Upsert(context.Background(), search.Jobs, jobDocs("a", "b", "c", "d")); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, r := range f.only("POST", "/indexes/laufbahn_jobs/documents") {
		var docs []map[string]any
		_ = json.Unmarshal(r.Body, &docs)
		sizes = append(sizes, len(docs))
	}
	if !slices.Equal(sizes, []int{4, 2, 2}) {
		t.Errorf("batches sent: %v, want [4 2 2]", sizes)
	}
}

// TestUpsertRejectsOnlyTheDocumentsThatCanNeverSucceed: a document
// Meilisearch calls invalid (or one too large alone) is isolated and
// reported; the rest of the batch is written.
func TestUpsertRejectsOnlyTheDocumentsThatCanNeverSucceed(t *testing.T) {
	f := newFake(t)
	f.on("POST /indexes/laufbahn_jobs/documents", 202, "task_enqueued_documents.json")
	f.on("GET /tasks/42", 200, "task_failed_invalid_document.json", 200, "task_succeeded_documents.json", 200, "task_failed_invalid_document.json")
	err := testEngine(t, f).Upsert(context.Background(), search.Jobs, jobDocs("job-1", "job-2"))
	var rej *search.RejectedError
	if !errors.As(err, &rej) || !slices.Equal(rej.IDs, []string{"job-2"}) || !strings.Contains(err.Error(), "invalid_document_geo_field") {
		t.Fatalf("error = %v, want job-2 rejected", err)
	}
	if n := len(f.only("POST", "/indexes/laufbahn_jobs/documents")); n != 3 {
		t.Errorf("requests = %d, want 3 (the batch, then each half)", n)
	}

	g := newFake(t)
	g.on("POST /indexes/laufbahn_jobs/documents", 413, "error_payload_too_large.json")
	err = testEngine(t, g).Upsert(context.Background(), search.Jobs, jobDocs("huge"))
	if !errors.As(err, &rej) || !slices.Equal(rej.IDs, []string{"huge"}) {
		t.Fatalf("a single document too large: %v", err)
	}
}

// TestKeyActionsCannotDropOrSwapIndexes: the scoped key must not carry
// indexes.delete or indexes.swap (nor any wildcard that includes them).
func TestKeyActionsCannotDropOrSwapIndexes(t *testing.T) {
	for _, a := range KeyActions {
		if a == "*" || a == "indexes.*" || a == "indexes.delete" || a == "indexes.swap" || strings.HasPrefix(a, "keys.") {
			t.Errorf("KeyActions holds %q", a)
		}
	}
}
