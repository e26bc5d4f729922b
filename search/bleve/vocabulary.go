package bleve

import (
	"slices"
	"strings"

	"github.com/laufbahn/laufbahn/search"
)

// UseVocabulary makes the engine use v: its synonyms at query time and its
// compound parts when documents are indexed ("Teamassistenz" is also
// indexed as "assistenz", so the part finds the whole). Call it right after
// Open, before documents are written; documents indexed before a change of
// the compound parts keep their old terms until `laufbahn reindex`.
func (e *Engine) UseVocabulary(v *search.Vocabulary) {
	syn := newSynonyms(e.analyzer, v.Groups())
	e.mu.Lock()
	defer e.mu.Unlock()
	e.synonyms = syn
	e.analyzer.setCompoundParts(v.CompoundParts)
}

// setCompoundParts sets the compound parts as index terms, longest first
// (so "finanzbuchhaltung" yields "buchhaltung", not a shorter part).
func (a *germanAnalyzer) setCompoundParts(parts []string) {
	terms := make([]string, 0, len(parts))
	for _, p := range parts {
		if t := a.termOf(strings.ToLower(p)); t != "" && !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	slices.SortStableFunc(terms, func(x, y string) int { return len(y) - len(x) })
	a.mu.Lock()
	a.parts = terms
	a.mu.Unlock()
}

// minCompoundHead is the fewest letters a compound must have before a
// part it ends with ("Teamassistenz": "team"); minCompoundTail the fewest
// after a part it begins with ("Empfangskraft": "skraft"), so a part never
// splits off an inflection or an adjective ending ("kaufmännisch").
const (
	minCompoundHead = 3
	minCompoundTail = 5
)

// compoundParts returns the compound parts term ends and begins with
// (either may be "").
func (a *germanAnalyzer) compoundParts(term string) (end, begin string) {
	a.mu.RLock()
	parts := a.parts
	a.mu.RUnlock()
	for _, p := range parts {
		if end == "" && len(term) >= len(p)+minCompoundHead && strings.HasSuffix(term, p) {
			end = p
		}
		if begin == "" && len(term) >= len(p)+minCompoundTail && strings.HasPrefix(term, p) {
			begin = p
		}
	}
	return end, begin
}
