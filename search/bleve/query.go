package bleve

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// maxWords is the most query words that are matched.
const maxWords = 10

// minPrefixRunes is the shortest last word that is matched as a prefix;
// one letter would expand to a large part of the dictionary.
const minPrefixRunes = 2

// typos is the number of typos tolerated in a word of n characters, as
// Meilisearch does by default: none below 5, one from 5, two from 9.
func typos(n int) int {
	switch {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// qword is one word of a query.
type qword struct {
	word
	typos int
	// prefix: the last word while the user is still typing (the query does
	// not end with a space or punctuation).
	prefix bool
	alts   []alt
}

// alt is another term a query word may match: a joined form with its
// neighbour (which counts as exact), or a one-word synonym.
type alt struct {
	term    string
	prefix  bool
	synonym bool
}

// span is a run of query words that matched a synonym; the run or any of
// the other phrasings of the synonym must match.
type span struct {
	from, to int // words[from:to]
	others   []synEntry
}

// parsedQuery is a query text after analysis.
type parsedQuery struct {
	words []qword
	spans []span
}

func (p parsedQuery) empty() bool { return len(p.words) == 0 }

// parse analyses a query text like an indexed text and works out, per word,
// what it may match.
func (e *Engine) parse(text string) parsedQuery {
	ws := e.analyzer.words([]byte(text))
	if len(ws) == 0 {
		return parsedQuery{}
	}
	last := len(ws) - 1
	typing := ws[last].end == len(text)
	all := make([]qword, len(ws))
	for i, w := range ws {
		all[i] = qword{word: w, typos: typos(w.runes)}
	}
	all[last].prefix = typing && ws[last].runes >= minPrefixRunes
	// Adjacent words may be written as one ("Back Office" → "backoffic").
	for i := 1; i < len(ws); i++ {
		if joinable(ws[i-1], ws[i]) {
			a := alt{term: e.analyzer.termOf(ws[i-1].lower + ws[i].lower), prefix: all[i].prefix}
			all[i-1].alts = append(all[i-1].alts, a)
			all[i].alts = append(all[i].alts, a)
		}
		if hyphenated(ws[i]) && (i == last || !hyphenated(ws[i+1])) {
			first := i
			for first > 0 && hyphenated(ws[first]) && !ws[first-1].stop {
				first--
			}
			if i-first >= 2 {
				var joined strings.Builder
				for _, p := range ws[first : i+1] {
					joined.WriteString(p.lower)
				}
				a := alt{term: e.analyzer.termOf(joined.String()), prefix: all[i].prefix}
				for j := first; j <= i; j++ {
					all[j].alts = append(all[j].alts, a)
				}
			}
		}
	}
	var p parsedQuery
	for i, w := range all {
		// Stop words are not indexed; a stop word being typed is still a
		// prefix of other words ("die" → "Dienstreisen").
		if w.term == "" || w.stop && !(i == last && w.prefix) {
			continue
		}
		p.words = append(p.words, w)
	}
	// Like Meilisearch, only the first words of a long query count.
	if len(p.words) > maxWords {
		p.words = p.words[:maxWords]
	}
	e.synonyms.match(&p)
	return p
}

// synEntry is one phrasing of a synonym, analysed.
type synEntry struct {
	terms  []string // index terms of its words
	joined string   // the phrasing written as one word, for several words
}

func (s synEntry) key() string { return strings.Join(s.terms, " ") + "|" + s.joined }

// synonyms are search.Synonyms analysed for matching query words.
type synonyms struct {
	groups [][]synEntry
}

func newSynonyms(a *germanAnalyzer, groups [][]string) *synonyms {
	s := &synonyms{}
	for _, g := range groups {
		var entries []synEntry
		seen := map[string]bool{}
		for _, phrase := range g {
			var e synEntry
			var lower strings.Builder
			for _, w := range a.words([]byte(phrase)) {
				if w.stop {
					continue
				}
				e.terms = append(e.terms, w.term)
				lower.WriteString(w.lower)
			}
			if len(e.terms) == 0 {
				continue
			}
			if len(e.terms) > 1 {
				e.joined = a.termOf(lower.String())
			}
			if !seen[e.key()] {
				seen[e.key()] = true
				entries = append(entries, e)
			}
		}
		// Longest phrasings first, so "back office manager" wins over a
		// shorter phrasing starting at the same word.
		slices.SortStableFunc(entries, func(x, y synEntry) int { return len(y.terms) - len(x.terms) })
		s.groups = append(s.groups, entries)
	}
	return s
}

// match finds synonym spans in the words of p, longest first and without
// overlaps, and attaches the other phrasings: one-word ones as alternatives
// of a single word, everything else as a span.
func (s *synonyms) match(p *parsedQuery) {
	ws := p.words
	for i := 0; i < len(ws); {
		best, bestLen, bestEntry := -1, 0, -1
		for g, entries := range s.groups {
			for k, e := range entries {
				n := 0
				switch {
				case i+len(e.terms) <= len(ws) && wordsEqual(ws[i:i+len(e.terms)], e.terms):
					n = len(e.terms)
				case e.joined != "" && !ws[i].stop && ws[i].term == e.joined:
					n = 1
				}
				if n > bestLen {
					best, bestLen, bestEntry = g, n, k
				}
			}
		}
		if best < 0 {
			i++
			continue
		}
		matched := s.groups[best][bestEntry]
		var others []synEntry
		for k, e := range s.groups[best] {
			if k != bestEntry && slices.Equal(e.terms, matched.terms) {
				continue // the same words, already matched as typed
			}
			if k != bestEntry {
				others = append(others, e)
			}
		}
		if bestLen == 1 && !slices.ContainsFunc(others, func(e synEntry) bool { return len(e.terms) > 1 }) {
			for _, o := range others {
				p.words[i].alts = append(p.words[i].alts, alt{term: o.terms[0], synonym: true})
			}
		} else {
			p.spans = append(p.spans, span{from: i, to: i + bestLen, others: others})
		}
		i += bestLen
	}
}

func wordsEqual(ws []qword, terms []string) bool {
	for i, w := range ws {
		if w.stop || w.term != terms[i] {
			return false
		}
	}
	return true
}

// matcher decides which words of a stored text a query matched, for
// highlighting; it mirrors the query built by wordQuery and spanQuery.
type matcher struct {
	exact    map[string]bool
	fuzzy    []qword
	prefixes []string
}

func newMatcher(p parsedQuery) *matcher {
	m := &matcher{exact: map[string]bool{}}
	for _, w := range p.words {
		if !w.stop {
			m.exact[w.term] = true
			if w.typos > 0 {
				m.fuzzy = append(m.fuzzy, w)
			}
		}
		if w.prefix {
			m.prefixes = append(m.prefixes, w.term)
		}
		for _, a := range w.alts {
			if a.prefix {
				m.prefixes = append(m.prefixes, a.term)
			} else {
				m.exact[a.term] = true
			}
		}
	}
	for _, s := range p.spans {
		for _, o := range s.others {
			for _, t := range o.terms {
				m.exact[t] = true
			}
			if o.joined != "" {
				m.exact[o.joined] = true
			}
		}
	}
	return m
}

func (m *matcher) matches(term string) bool {
	if term == "" {
		return false
	}
	if m.exact[term] {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(term, p) {
			return true
		}
	}
	for _, w := range m.fuzzy {
		if firstRune(term) == firstRune(w.term) && withinDistance(term, w.term, w.typos) {
			return true
		}
	}
	return false
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// withinDistance reports whether a and b are at most max edits apart,
// counting a swap of neighbouring letters as one edit like the typo
// automata do (optimal string alignment distance).
func withinDistance(a, b string, max int) bool {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return false
	}
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		pp, prev, cur := rows[(i+1)%3], rows[(i+2)%3], rows[i%3]
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
	}
	return rows[len(ra)%3][len(rb)] <= max
}

// highlight returns text HTML-escaped with every matched word (or joined
// pair of words) wrapped in <mark>…</mark>.
func (e *Engine) highlight(m *matcher, text string) string {
	type rng struct{ from, to int }
	var marks []rng
	if m != nil {
		ws := e.analyzer.words([]byte(text))
		for i, w := range ws {
			if !w.stop && m.matches(w.term) {
				marks = append(marks, rng{w.start, w.end})
			}
			if i > 0 && joinable(ws[i-1], w) && m.matches(e.analyzer.termOf(ws[i-1].lower+w.lower)) {
				marks = append(marks, rng{ws[i-1].start, w.end})
			}
		}
	}
	slices.SortFunc(marks, func(a, b rng) int { return a.from - b.from })
	var b strings.Builder
	at := 0
	for i := 0; i < len(marks); {
		r := marks[i]
		i++
		for i < len(marks) && marks[i].from < r.to {
			r.to = max(r.to, marks[i].to)
			i++
		}
		b.WriteString(escape(text[at:r.from]))
		b.WriteString("<mark>")
		b.WriteString(escape(text[r.from:r.to]))
		b.WriteString("</mark>")
		at = r.to
	}
	b.WriteString(escape(text[at:]))
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func escape(s string) string { return htmlEscaper.Replace(s) }
