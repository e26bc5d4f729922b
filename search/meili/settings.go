package meili

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"

	"github.com/meilisearch/meilisearch-go"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// Settings values the engine applies to every index.
const (
	// maxValuesPerFacet is how many values (most frequent first) a facet
	// returns: Meilisearch's default, and the Bleve engine's facet size.
	maxValuesPerFacet = 100
	// maxTotalHits caps totalHits and the last reachable hit. It is above
	// search.MaxPage*search.MaxLimit and above any index size we expect, so
	// totals are exact and stable across pages.
	maxTotalHits = 1_000_000
	// Typo tolerance, Meilisearch's defaults, which the Bleve engine copies.
	minWordSizeOneTypo  = 5
	minWordSizeTwoTypos = 9
)

// rankingRules put sort first: a query with a sort key (date, salary) is
// ordered by that field, with relevance deciding ties, as the contract in
// package search says; without a sort key the sort rule does nothing and the
// rest are Meilisearch's defaults.
var rankingRules = []string{"sort", "words", "typo", "proximity", "attribute", "exactness"}

// geoAttr is Meilisearch's reserved attribute for a document's place.
const geoAttr = "_geo"

// groups returns the synonym groups the engine applies.
func (e *Engine) groups() [][]string {
	if e.cfg.Vocabulary != nil {
		return e.cfg.Vocabulary.Groups()
	}
	return search.Synonyms
}

// setting is one index setting as Meilisearch's settings route names it,
// with the value we want. same compares the server's value with it, both
// decoded from JSON; nil means equal as JSON.
type setting struct {
	name string
	want any
	same func(cur, want any) bool
	// object marks a setting whose value is an object with fields: a field
	// the server did not show is left out (typoTolerance.disableOnNumbers
	// is new in v1.15).
	object bool
}

// desiredSettings returns every setting an index for s must have, with the
// synonym groups groups. It names all the settings of Meilisearch v1 that
// change what a search finds or how it ranks, so a setting changed by hand
// (or an index recreated with defaults) is found and put back.
func desiredSettings(s search.Schema, groups [][]string) []setting {
	searchable := s.Searchable()
	if len(searchable) == 0 {
		searchable = []string{"*"}
	}
	displayed := []string{"id"}
	filterable := []string{}
	sortable := []string{}
	var text []string
	for _, f := range s.Fields {
		displayed = append(displayed, f.Name)
		if f.Filterable || f.Facet {
			filterable = append(filterable, f.Name)
		}
		if f.Sortable {
			sortable = append(sortable, f.Name)
		}
		if f.Type == search.Text {
			text = append(text, f.Name)
		}
	}
	for _, sp := range s.Sorts {
		if !slices.Contains(sortable, sp.Field) {
			sortable = append(sortable, sp.Field)
		}
	}
	if s.Geo != nil {
		filterable = append(filterable, geoAttr)
		sortable = append(sortable, geoAttr)
	}
	// German segmentation and normalisation for the text fields (charabia's
	// German segmenter splits compounds, so "Assistenz" finds
	// "Teamassistenz", as the Bleve engine's compound parts do). Keyword
	// fields keep Meilisearch's language detection off their exact values.
	localized := []any{}
	if len(text) > 0 {
		localized = append(localized, map[string]any{"attributePatterns": text, "locales": []string{"deu"}})
	}
	return []setting{
		{name: "rankingRules", want: slices.Clone(rankingRules)},
		// Order matters here: it is each attribute's weight.
		{name: "searchableAttributes", want: searchable},
		{name: "displayedAttributes", want: displayed, same: sameSet},
		// Meilisearch returns these sorted; their order carries no meaning.
		{name: "filterableAttributes", want: filterable, same: sameSet},
		{name: "sortableAttributes", want: sortable, same: sameSet},
		{name: "synonyms", want: synonyms(groups), same: sameSynonyms},
		{name: "localizedAttributes", want: localized, same: sameLocalized},
		// Meilisearch's defaults, which the Bleve engine behaves like: no
		// stop words, no distinct attribute, word-level proximity, the
		// default tokenizer, prefix search on the last word, 1.5 s cutoff.
		{name: "stopWords", want: []string{}, same: sameSet},
		{name: "distinctAttribute", want: nil},
		{name: "proximityPrecision", want: "byWord"},
		{name: "separatorTokens", want: []string{}, same: sameSet},
		{name: "nonSeparatorTokens", want: []string{}, same: sameSet},
		{name: "dictionary", want: []string{}, same: sameSet},
		{name: "searchCutoffMs", want: nil},
		{name: "prefixSearch", want: "indexingTime"},
		// Nothing uses the facet-search route; counts come with searches.
		{name: "facetSearch", want: false},
		{name: "typoTolerance", want: map[string]any{
			"enabled":             true,
			"minWordSizeForTypos": map[string]any{"oneTypo": minWordSizeOneTypo, "twoTypos": minWordSizeTwoTypos},
			"disableOnWords":      []string{},
			"disableOnAttributes": []string{},
			"disableOnNumbers":    false,
		}, same: sameObject, object: true},
		{name: "faceting", want: map[string]any{
			"maxValuesPerFacet": maxValuesPerFacet,
			// With count order, the values cut off by maxValuesPerFacet are
			// the rarest ones, not the last ones in the alphabet.
			"sortFacetValuesBy": map[string]any{"*": "count"},
		}, same: sameObject, object: true},
		{name: "pagination", want: map[string]any{"maxTotalHits": maxTotalHits}, same: sameObject, object: true},
	}
}

// synonyms turns groups into Meilisearch's multi-way form: every term of a
// group maps to all the other terms of the group.
func synonyms(groups [][]string) map[string][]string {
	out := map[string][]string{}
	for _, g := range groups {
		for _, term := range g {
			for _, other := range g {
				if other != term && !slices.Contains(out[term], other) {
					out[term] = append(out[term], other)
				}
			}
		}
	}
	return out
}

// settingsDiff compares the settings an index has (cur, the JSON object
// GET /indexes/{uid}/settings answered) with want and returns the patch for
// PATCH /indexes/{uid}/settings holding only what differs, the names of the
// settings in it, and the settings the server does not know (an older
// Meilisearch). The patch never carries a setting, or a field of a setting
// such as typoTolerance.disableOnNumbers (new in v1.15), that the server did
// not show: an older server rejects unknown fields and would refuse the
// whole update, forever.
func settingsDiff(cur map[string]json.RawMessage, want []setting) (patch map[string]any, changed, unknown []string) {
	patch = map[string]any{}
	for _, st := range want {
		raw, ok := cur[st.name]
		if !ok {
			unknown = append(unknown, st.name)
			continue
		}
		var have any
		if err := json.Unmarshal(raw, &have); err != nil {
			have = nil
		}
		w := jsonValue(st.want)
		if wm, ok := w.(map[string]any); ok && st.object {
			if hm, ok := have.(map[string]any); ok {
				for k := range wm {
					if _, known := hm[k]; !known {
						delete(wm, k)
					}
				}
			}
		}
		same := st.same
		if same == nil {
			same = func(a, b any) bool { return reflect.DeepEqual(a, b) }
		}
		if !same(have, w) {
			patch[st.name] = w
			changed = append(changed, st.name)
		}
	}
	return patch, changed, unknown
}

// jsonValue returns v as encoding/json decodes it into an any.
func jsonValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // settings are plain values
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

func strs(v any) ([]string, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, v == nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func sameSet(a, b any) bool {
	x, ok1 := strs(a)
	y, ok2 := strs(b)
	if !ok1 || !ok2 {
		return false
	}
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

func sameSynonyms(a, b any) bool {
	x, _ := a.(map[string]any)
	y, _ := b.(map[string]any)
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		w, ok := y[k]
		if !ok || !sameSet(v, w) {
			return false
		}
	}
	return true
}

// sameLocalized treats null and [] alike (Meilisearch shows null until the
// setting is set).
func sameLocalized(a, b any) bool {
	if l, ok := a.([]any); a == nil || ok && len(l) == 0 {
		l2, _ := b.([]any)
		return len(l2) == 0
	}
	return reflect.DeepEqual(a, b)
}

// sameObject compares the fields of want (the server's extra fields were
// dropped from it already), lists as sets.
func sameObject(a, b any) bool {
	x, ok1 := a.(map[string]any)
	y, ok2 := b.(map[string]any)
	if !ok1 || !ok2 {
		return false
	}
	for k, w := range y {
		h := x[k]
		if _, isList := w.([]any); isList {
			if !sameSet(h, w) {
				return false
			}
		} else if !reflect.DeepEqual(h, w) {
			return false
		}
	}
	return true
}

// Apply implements search.Index: it creates the index (primary key "id") if
// it is missing, waits for settings updates still queued for it (one sent
// earlier whose wait timed out is not sent again), reads its settings and
// sends one update with only the settings that differ, then waits for it.
func (e *Engine) Apply(ctx context.Context, s search.Schema) error {
	if _, err := search.SchemaFor(s.Kind); err != nil {
		return apperr.Wrap(apperr.Invalid, err, "unknown search index %q", s.Kind)
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.TaskTimeout)
	defer cancel()
	uid := e.uid(s.Kind)
	if err := e.ensureIndex(ctx, uid); err != nil {
		return err
	}
	if err := e.waitQueuedSettings(ctx, uid); err != nil {
		return err
	}
	var cur map[string]json.RawMessage
	if err := e.do(ctx, http.MethodGet, "/indexes/"+uid+"/settings", nil, &cur); err != nil {
		return e.fail(ctx, err, "read settings of %s", uid)
	}
	patch, changed, unknown := settingsDiff(cur, desiredSettings(s, e.groups()))
	if len(unknown) > 0 {
		e.log.Debug("meilisearch does not know these settings; left out", "index", uid, "settings", unknown)
	}
	if len(changed) > 0 {
		var info meilisearch.TaskInfo
		if err := e.do(ctx, http.MethodPatch, "/indexes/"+uid+"/settings", patch, &info); err != nil {
			return e.fail(ctx, err, "update settings of %s", uid)
		}
		if err := e.wait(ctx, &info); err != nil {
			return err
		}
		e.log.Info("meilisearch settings updated", "index", uid, "changed", changed)
	} else {
		e.log.Debug("meilisearch settings up to date", "index", uid)
	}
	e.mu.Lock()
	e.schemas[s.Kind] = s
	e.mu.Unlock()
	return nil
}

// waitQueuedSettings waits for the settings updates of uid that are still
// enqueued or processing.
func (e *Engine) waitQueuedSettings(ctx context.Context, uid string) error {
	res, err := e.client.GetTasksWithContext(ctx, &meilisearch.TasksQuery{
		IndexUIDS: []string{uid},
		Types:     []meilisearch.TaskType{meilisearch.TaskTypeSettingsUpdate},
		Statuses:  []meilisearch.TaskStatus{meilisearch.TaskStatusEnqueued, meilisearch.TaskStatusProcessing},
	})
	if err != nil {
		return e.fail(ctx, err, "list queued settings updates of %s", uid)
	}
	for _, t := range res.Results {
		e.log.Info("waiting for a queued settings update instead of sending another", "index", uid, "task", t.UID)
		err := e.wait(ctx, &meilisearch.TaskInfo{TaskUID: t.UID, IndexUID: uid})
		var te *TaskError
		if errors.As(err, &te) {
			// It failed or was canceled: the diff below sends what is missing.
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// ensureIndex creates the index with primary key "id" unless it exists.
func (e *Engine) ensureIndex(ctx context.Context, uid string) error {
	info, err := e.client.GetIndexWithContext(ctx, uid)
	if err == nil {
		if info.PrimaryKey != "" && info.PrimaryKey != "id" {
			return apperr.New(apperr.Internal, "search index %s has primary key %q, want \"id\": delete it and run reindex", uid, info.PrimaryKey)
		}
		return nil
	}
	if !isCode(err, "index_not_found") {
		return e.fail(ctx, err, "read index %s", uid)
	}
	task, err := e.client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: "id"})
	if err != nil {
		return e.fail(ctx, err, "create index %s", uid)
	}
	if err := e.wait(ctx, task); err != nil && !isCode(err, "index_already_exists") {
		// Another replica may have created it first; that is fine.
		return fmt.Errorf("create index %s: %w", uid, err)
	}
	e.log.Info("meilisearch index created", "index", uid)
	return nil
}
