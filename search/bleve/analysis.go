package bleve

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	unitok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"golang.org/x/text/unicode/norm"
)

// analysisVersion is part of every index's fingerprint: change it whenever
// the analysis below changes what terms a text produces, so existing indexes
// are recreated instead of silently disagreeing with new queries.
const analysisVersion = 3

// germanAnalyzer turns German text into index terms. It is used for indexing
// (through Bleve, as an analysis.Analyzer) and, through words, for queries,
// so both sides always agree.
//
// Per word: lowercase, drop German stop words, fold umlauts and their
// transliterations (ä, ae → a; ß → ss; Bleve's German normaliser), strip
// other diacritics, then Bleve's light German stemmer (Kauffrauen →
// kauffrau). Besides the words it emits joined forms, so "Back-Office",
// "Back Office" and "Backoffice" share the term "backoffic":
//   - two adjacent words separated by a hyphen or by spaces (both at least two
//     letters long) are also indexed as one word;
//   - a chain of three or more hyphenated parts is also indexed as one word
//     ("Back-Office-Manager" → "backofficemanag").
//
// Term offsets always point into the original text, which the highlighter
// relies on.
type germanAnalyzer struct {
	tokenizer *unitok.UnicodeTokenizer
	normalize *de.GermanNormalizeFilter
	stem      *de.GermanLightStemmerFilter
	// stop holds the stop words lowercased and also in normalised form, so a
	// query typed without umlauts ("fur") drops them as well.
	stop map[string]bool
	// cache maps words as written to their analysis.
	mu    sync.RWMutex
	cache map[string]*analyzed
	// parts are the index terms of the vocabulary's compound parts,
	// longest first (vocabulary.go).
	parts []string
}

func newGermanAnalyzer() *germanAnalyzer {
	a := &germanAnalyzer{
		tokenizer: unitok.NewUnicodeTokenizer(),
		normalize: de.NewGermanNormalizeFilter(),
		stem:      de.NewGermanLightStemmerFilter(),
		stop:      map[string]bool{},
		cache:     map[string]*analyzed{},
	}
	tm := analysis.NewTokenMap()
	if err := tm.LoadBytes(de.GermanStopWords); err != nil {
		panic(err) // Bleve's own embedded list always parses
	}
	for w := range tm {
		a.stop[w] = true
		a.stop[a.fold(w)] = true
	}
	return a
}

// word is one word of a text as the tokenizer found it.
type word struct {
	start, end int
	pos        int
	lower      string // lowercased original
	term       string // index term
	termBytes  []byte // term, shared; never modified
	runes      int    // length of the original word in characters
	stop       bool
	sepBefore  separator // what separates it from the previous word
}

// separator classifies the text between two words.
type separator uint8

const (
	sepOther  separator = iota // punctuation, or nothing before the first word
	sepHyphen                  // exactly one hyphen: "Back-Office"
	sepSpace                   // only white space: "Back Office"
)

func classify(between []byte) separator {
	switch {
	case len(between) == 0:
		return sepOther
	case string(between) == "-" || string(between) == "‐":
		return sepHyphen
	case len(bytes.TrimSpace(between)) == 0:
		return sepSpace
	}
	return sepOther
}

// words splits text into words with their index terms.
func (a *germanAnalyzer) words(text []byte) []word {
	toks := a.tokenizer.Tokenize(text)
	out := make([]word, 0, len(toks))
	prevEnd := 0
	for i, t := range toks {
		an := a.lookup(t.Term)
		w := word{start: t.Start, end: t.End, pos: t.Position, lower: an.lower, term: an.term, termBytes: an.termBytes,
			stop: an.stop, runes: an.runes}
		if i > 0 {
			w.sepBefore = classify(text[prevEnd:t.Start])
		}
		prevEnd = t.End
		out = append(out, w)
	}
	return out
}

// analyzed is what analysis makes of one word as written.
type analyzed struct {
	lower string
	term  string
	// termBytes is term for tokens; shared, never modified.
	termBytes []byte
	runes     int
	stop      bool
}

// maxCachedWords bounds the analysis cache; a vocabulary this large covers
// nearly every word of real postings (word frequencies are Zipfian).
const maxCachedWords = 100_000

// lookup analyses a word as written, from the cache when it can.
func (a *germanAnalyzer) lookup(raw []byte) *analyzed {
	a.mu.RLock()
	an := a.cache[string(raw)]
	a.mu.RUnlock()
	if an != nil {
		return an
	}
	lower := strings.ToLower(string(raw))
	folded := a.fold(lower)
	term := a.stemmed(folded)
	an = &analyzed{lower: lower, term: term, termBytes: []byte(term), runes: utf8.RuneCount(raw),
		stop: a.stop[lower] || a.stop[folded]}
	a.mu.Lock()
	if len(a.cache) < maxCachedWords {
		a.cache[string(raw)] = an
	}
	a.mu.Unlock()
	return an
}

// joined analyses two or more lowercased words written as one.
func (a *germanAnalyzer) joined(lowers ...string) *analyzed {
	n := 0
	for _, l := range lowers {
		n += len(l)
	}
	buf := make([]byte, 0, n)
	for _, l := range lowers {
		buf = append(buf, l...)
	}
	return a.lookup(buf)
}

// fold normalises a lowercased word: German umlaut folding and
// transliteration (ä, ae → a; ß → ss), then other diacritics removed.
func (a *germanAnalyzer) fold(lower string) string {
	ts := a.normalize.Filter(analysis.TokenStream{{Term: []byte(lower)}})
	b := ts[0].Term
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return stripMarks(string(b))
		}
	}
	return string(b)
}

// termOf returns the index term of a lowercased word.
func (a *germanAnalyzer) termOf(lower string) string { return a.lookup([]byte(lower)).term }

func (a *germanAnalyzer) stemmed(folded string) string {
	ts := a.stem.Filter(analysis.TokenStream{{Term: []byte(folded)}})
	return string(ts[0].Term)
}

// stripMarks removes combining marks (é → e, ç → c).
func stripMarks(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasLetter reports whether s contains a letter.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// joinable reports whether two adjacent words should also be indexed as
// one, judged by what separates them.
func joinable(prev, next word) bool {
	if prev.stop || next.stop || !hasLetter(prev.lower) || !hasLetter(next.lower) {
		return false
	}
	switch next.sepBefore {
	case sepHyphen:
		return true
	case sepSpace:
		return prev.runes >= 2 && next.runes >= 2
	}
	return false
}

// hyphenated reports whether next is joined to prev by a hyphen.
func hyphenated(next word) bool { return next.sepBefore == sepHyphen }

// Analyze implements analysis.Analyzer for indexing.
func (a *germanAnalyzer) Analyze(input []byte) analysis.TokenStream {
	ws := a.words(input)
	// At most a token per word, per pair and per hyphen chain: one slab.
	slab := make([]analysis.Token, 0, 5*len(ws))
	out := make(analysis.TokenStream, 0, 2*len(ws))
	add := func(start, end, pos int, term []byte, typ analysis.TokenType) {
		slab = append(slab, analysis.Token{Start: start, End: end, Term: term, Position: pos, Type: typ})
		out = append(out, &slab[len(slab)-1])
	}
	for i, w := range ws {
		if !w.stop && w.term != "" {
			add(w.start, w.end, w.pos, w.termBytes, analysis.AlphaNumeric)
			if end, begin := a.compoundParts(w.term); end != "" || begin != "" {
				for _, p := range [2]string{end, begin} {
					if p != "" {
						add(w.start, w.end, w.pos, []byte(p), analysis.Shingle)
					}
				}
			}
		}
		if i == 0 {
			continue
		}
		prev := ws[i-1]
		if joinable(prev, w) {
			add(prev.start, w.end, prev.pos, a.joined(prev.lower, w.lower).termBytes, analysis.Shingle)
		}
		// A hyphen chain of three or more parts ends here: index it whole.
		if hyphenated(w) && (i+1 == len(ws) || !hyphenated(ws[i+1])) {
			first := i
			for first > 0 && hyphenated(ws[first]) && !ws[first-1].stop {
				first--
			}
			if i-first >= 2 {
				lowers := make([]string, 0, i+1-first)
				for _, p := range ws[first : i+1] {
					lowers = append(lowers, p.lower)
				}
				add(ws[first].start, w.end, ws[first].pos, a.joined(lowers...).termBytes, analysis.Shingle)
			}
		}
	}
	return out
}
