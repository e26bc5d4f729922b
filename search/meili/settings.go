package meili

import (
	"context"
	"fmt"
	"maps"
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

// germanLocale makes Meilisearch segment and normalise every attribute as
// German (charabia's German segmenter splits compounds, so "Assistenz"
// finds "Teamassistenz", as the Bleve engine's compound parts do).
var germanLocale = []*meilisearch.LocalizedAttributes{{AttributePatterns: []string{"*"}, Locales: []string{"deu"}}}

// groups returns the synonym groups the engine applies.
func (e *Engine) groups() [][]string {
	if e.cfg.Vocabulary != nil {
		return e.cfg.Vocabulary.Groups()
	}
	return search.Synonyms
}

// desiredSettings returns the settings an index for s must have, with the
// synonym groups groups.
func desiredSettings(s search.Schema, groups [][]string) *meilisearch.Settings {
	searchable := s.Searchable()
	if len(searchable) == 0 {
		searchable = []string{"*"}
	}
	displayed := []string{"id"}
	filterable := []string{}
	sortable := []string{}
	for _, f := range s.Fields {
		displayed = append(displayed, f.Name)
		if f.Filterable || f.Facet {
			filterable = append(filterable, f.Name)
		}
		if f.Sortable {
			sortable = append(sortable, f.Name)
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
	return &meilisearch.Settings{
		RankingRules:         slices.Clone(rankingRules),
		SearchableAttributes: searchable,
		DisplayedAttributes:  displayed,
		FilterableAttributes: filterable,
		SortableAttributes:   sortable,
		Synonyms:             synonyms(groups),
		LocalizedAttributes:  germanLocale,
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled: true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{
				OneTypo: minWordSizeOneTypo, TwoTypos: minWordSizeTwoTypos,
			},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
		Faceting: &meilisearch.Faceting{
			MaxValuesPerFacet: maxValuesPerFacet,
			// With count order, the values cut off by maxValuesPerFacet are
			// the rarest ones, not the last ones in the alphabet.
			SortFacetValuesBy: map[string]meilisearch.SortFacetType{"*": meilisearch.SortFacetTypeCount},
		},
		Pagination: &meilisearch.Pagination{MaxTotalHits: maxTotalHits},
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

// settingsDiff returns a patch holding only the settings of want that cur
// does not have yet, the names of those settings, and the list settings that
// must become empty (the client omits empty lists from a patch, so those are
// reset through their own routes).
func settingsDiff(cur, want *meilisearch.Settings) (patch *meilisearch.Settings, changed []string, clear []string) {
	patch = &meilisearch.Settings{}
	if !slices.Equal(cur.RankingRules, want.RankingRules) {
		patch.RankingRules = want.RankingRules
		changed = append(changed, "rankingRules")
	}
	// Order matters here: it is each attribute's weight.
	if !slices.Equal(cur.SearchableAttributes, want.SearchableAttributes) {
		patch.SearchableAttributes = want.SearchableAttributes
		changed = append(changed, "searchableAttributes")
	}
	if !sameSet(cur.DisplayedAttributes, want.DisplayedAttributes) {
		patch.DisplayedAttributes = want.DisplayedAttributes
		changed = append(changed, "displayedAttributes")
	}
	// Meilisearch returns these two sorted; their order carries no meaning.
	if !sameSet(cur.FilterableAttributes, want.FilterableAttributes) {
		if len(want.FilterableAttributes) == 0 {
			clear = append(clear, "filterableAttributes")
		} else {
			patch.FilterableAttributes = want.FilterableAttributes
			changed = append(changed, "filterableAttributes")
		}
	}
	if !sameSet(cur.SortableAttributes, want.SortableAttributes) {
		if len(want.SortableAttributes) == 0 {
			clear = append(clear, "sortableAttributes")
		} else {
			patch.SortableAttributes = want.SortableAttributes
			changed = append(changed, "sortableAttributes")
		}
	}
	if !sameSynonyms(cur.Synonyms, want.Synonyms) {
		if len(want.Synonyms) == 0 {
			clear = append(clear, "synonyms")
		} else {
			patch.Synonyms = want.Synonyms
			changed = append(changed, "synonyms")
		}
	}
	if !sameLocales(cur.LocalizedAttributes, want.LocalizedAttributes) {
		patch.LocalizedAttributes = want.LocalizedAttributes
		changed = append(changed, "localizedAttributes")
	}
	if !sameTypo(cur.TypoTolerance, want.TypoTolerance) {
		patch.TypoTolerance = want.TypoTolerance
		changed = append(changed, "typoTolerance")
	}
	if cur.Faceting == nil || cur.Faceting.MaxValuesPerFacet != want.Faceting.MaxValuesPerFacet ||
		!maps.Equal(cur.Faceting.SortFacetValuesBy, want.Faceting.SortFacetValuesBy) {
		patch.Faceting = want.Faceting
		changed = append(changed, "faceting")
	}
	if cur.Pagination == nil || cur.Pagination.MaxTotalHits != want.Pagination.MaxTotalHits {
		patch.Pagination = want.Pagination
		changed = append(changed, "pagination")
	}
	return patch, changed, clear
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func sameSynonyms(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !sameSet(v, w) {
			return false
		}
	}
	return true
}

func sameLocales(a, b []*meilisearch.LocalizedAttributes) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] == nil || b[i] == nil || !slices.Equal(a[i].Locales, b[i].Locales) ||
			!slices.Equal(a[i].AttributePatterns, b[i].AttributePatterns) {
			return false
		}
	}
	return true
}

func sameTypo(a, b *meilisearch.TypoTolerance) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Enabled == b.Enabled && a.MinWordSizeForTypos == b.MinWordSizeForTypos &&
		sameSet(a.DisableOnWords, b.DisableOnWords) && sameSet(a.DisableOnAttributes, b.DisableOnAttributes) &&
		a.DisableOnNumbers == b.DisableOnNumbers
}

// Apply implements search.Index: it creates the index (primary key "id") if
// it is missing, reads its settings and sends an update only for the
// settings that differ, then waits for each task.
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
	idx := e.client.Index(uid)
	cur, err := idx.GetSettingsWithContext(ctx)
	if err != nil {
		return e.fail(ctx, err, "read settings of %s", uid)
	}
	patch, changed, clear := settingsDiff(cur, desiredSettings(s, e.groups()))
	if len(changed) > 0 {
		info, err := idx.UpdateSettingsWithContext(ctx, patch)
		if err != nil {
			return e.fail(ctx, err, "update settings of %s", uid)
		}
		if err := e.wait(ctx, info); err != nil {
			return err
		}
	}
	for _, name := range clear {
		var info *meilisearch.TaskInfo
		switch name {
		case "filterableAttributes":
			info, err = idx.ResetFilterableAttributesWithContext(ctx)
		case "sortableAttributes":
			info, err = idx.ResetSortableAttributesWithContext(ctx)
		case "synonyms":
			info, err = idx.ResetSynonymsWithContext(ctx)
		}
		if err != nil {
			return e.fail(ctx, err, "reset %s of %s", name, uid)
		}
		if err := e.wait(ctx, info); err != nil {
			return err
		}
	}
	if len(changed)+len(clear) > 0 {
		e.log.Info("meilisearch settings updated", "index", uid, "changed", append(changed, clear...))
	} else {
		e.log.Debug("meilisearch settings up to date", "index", uid)
	}
	e.mu.Lock()
	e.schemas[s.Kind] = s
	e.mu.Unlock()
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
