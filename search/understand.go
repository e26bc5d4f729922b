package search

import (
	"slices"
	"strings"
	"unicode"

	"github.com/laufbahn/laufbahn/search/places"
)

// Lexicon reads a job search text the way a job seeker means it: place
// words (cities in any spelling, Bundesländer by name or code), employment
// words (Teilzeit, part-time, Minijob) and work-mode words (Homeoffice,
// remote) become filters; the rest is searched as text. It is the same for
// both engines, so they see the same query. Safe for concurrent use.
type Lexicon struct {
	places    *places.Gazetteer
	notPlaces map[string]bool
	// phrases maps a folded phrase to what it means; longest is the most
	// words any phrase has.
	phrases map[string]Understood
	longest int
}

// Understood kinds.
const (
	UnderstoodPlace      = "place"
	UnderstoodBundesland = "bundesland"
	UnderstoodEmployment = "employmentType"
	UnderstoodRemote     = "remote"
	UnderstoodFixedTerm  = "fixedTerm"
)

// Understood is one thing read from a search text.
type Understood struct {
	// Kind is one of the Understood* constants.
	Kind string
	// Values are the filter values: the place's name, a Bundesland code,
	// employment types or remote modes; empty for fixedTerm.
	Values []string
	// Words are the words of the text that said it, as typed.
	Words string
	// Place is the place, for Kind place.
	Place places.Place
}

// Understanding is a search text read by a Lexicon.
type Understanding struct {
	// Text is what remains to be searched as text.
	Text string
	// Parts are the filters read from the text, in text order.
	Parts []Understood
}

// JobQuery returns the job search for an understanding, as both engines
// get it: the remaining text, the filters read from it (values of one kind
// are alternatives, kinds combine with AND; a place filters by its name and
// is the origin for sorting by distance) and the default order: relevance
// with text, newest first without. The caller sets paging and facets.
func (u Understanding) JobQuery() Query {
	q := Query{Text: u.Text}
	byField := map[string][]string{}
	var order []string
	add := func(field string, values ...string) {
		if !slices.Contains(order, field) {
			order = append(order, field)
		}
		for _, v := range values {
			if !slices.Contains(byField[field], v) {
				byField[field] = append(byField[field], v)
			}
		}
	}
	fixed := false
	for _, p := range u.Parts {
		switch p.Kind {
		case UnderstoodPlace:
			add("cityKey", CityKey(p.Place.Name))
			if q.Near == nil {
				q.Near = &Circle{Lat: p.Place.Lat, Lng: p.Place.Lng}
			}
		case UnderstoodBundesland:
			add("bundesland", p.Values...)
		case UnderstoodEmployment:
			add("employmentType", p.Values...)
		case UnderstoodRemote:
			add("remote", p.Values...)
		case UnderstoodFixedTerm:
			fixed = true
		}
	}
	for _, f := range order {
		if vs := byField[f]; len(vs) == 1 {
			q.Filters = append(q.Filters, Eq(f, vs[0]))
		} else {
			q.Filters = append(q.Filters, AnyOf(f, vs...))
		}
	}
	if fixed {
		q.Filters = append(q.Filters, Is("fixedTerm", true))
	}
	if q.Text == "" {
		q.Sort = ByDate
	}
	return q
}

// connectors are words that may stand before a place ("in München").
var connectors = map[string]bool{"in": true, "im": true, "bei": true, "near": true, "nahe": true, "um": true, "aus": true}

// bundeslandAliases are common short names besides the labels and codes.
var bundeslandAliases = map[string]string{"nrw": "NW", "bawu": "BW", "ba wue": "BW", "meck pomm": "MV", "rlp": "RP"}

// NewLexicon builds a lexicon from a vocabulary (nil: places and
// Bundesländer only) and a gazetteer.
func NewLexicon(v *Vocabulary, g *places.Gazetteer) *Lexicon {
	l := &Lexicon{places: g, notPlaces: map[string]bool{}, phrases: map[string]Understood{}}
	add := func(phrase string, u Understood) {
		for _, k := range places.Keys(phrase) {
			if _, dup := l.phrases[k]; !dup {
				l.phrases[k] = u
				l.longest = max(l.longest, len(strings.Fields(k)))
			}
		}
	}
	if v != nil {
		for _, t := range v.Employment {
			for _, w := range t.Words {
				u := Understood{Kind: UnderstoodEmployment, Values: t.Values}
				if slices.Equal(t.Values, []string{FixedTermValue}) {
					u = Understood{Kind: UnderstoodFixedTerm}
				}
				add(w, u)
			}
		}
		for _, t := range v.WorkModes {
			for _, w := range t.Words {
				add(w, Understood{Kind: UnderstoodRemote, Values: t.Values})
			}
		}
		for _, w := range v.NotPlaces {
			for _, k := range places.Keys(w) {
				l.notPlaces[k] = true
			}
		}
	}
	for code, label := range Bundeslaender {
		if _, city := g.LookupIn(label.DE, code); city && isCityState(code) {
			continue // Berlin, Hamburg, Bremen: read as the city
		}
		for _, name := range []string{label.DE, label.EN} {
			add(name, Understood{Kind: UnderstoodBundesland, Values: []string{code}})
		}
	}
	for alias, code := range bundeslandAliases {
		add(alias, Understood{Kind: UnderstoodBundesland, Values: []string{code}})
	}
	l.longest = max(l.longest, 3) // "Frankfurt am Main", "Freiburg im Breisgau"
	return l
}

func isCityState(code string) bool { return code == "BE" || code == "HH" || code == "HB" }

// ParseBundesland reads a Bundesland given by code (BY, by), name (Bayern,
// Baden-Wuerttemberg) or English name (Bavaria) and returns its code.
func ParseBundesland(s string) (string, bool) {
	if code := strings.ToUpper(strings.TrimSpace(s)); len(code) == 2 {
		if _, ok := Bundeslaender[code]; ok {
			return code, true
		}
	}
	keys := places.Keys(s)
	for code, label := range Bundeslaender {
		for _, name := range []string{label.DE, label.EN} {
			for _, k := range places.Keys(name) {
				if slices.Contains(keys, k) {
					return code, true
				}
			}
		}
	}
	for alias, code := range bundeslandAliases {
		if slices.Contains(keys, alias) {
			return code, true
		}
	}
	return "", false
}

// Place finds a place by name in any spelling (Muenchen, Munich).
func (l *Lexicon) Place(name string) (places.Place, bool) {
	for _, k := range places.Keys(name) {
		if l.notPlaces[k] {
			return places.Place{}, false
		}
	}
	return l.places.Lookup(name)
}

// Understand reads a search text. Two-letter Bundesland codes count only
// when written in capitals ("BY", not "by"), and a place only once: a
// second place stays text.
func (l *Lexicon) Understand(text string) Understanding {
	words := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' || r == '·' })
	var out Understanding
	var rest []string
	havePlace, haveBL := false, false
	for i := 0; i < len(words); {
		n, u, ok := l.match(words[i:], havePlace, haveBL)
		if !ok {
			rest = append(rest, words[i])
			i++
			continue
		}
		// A connector before a place belongs to it ("in München").
		if (u.Kind == UnderstoodPlace || u.Kind == UnderstoodBundesland) && len(rest) > 0 && connectors[strings.ToLower(rest[len(rest)-1])] {
			rest = rest[:len(rest)-1]
		}
		havePlace = havePlace || u.Kind == UnderstoodPlace
		haveBL = haveBL || u.Kind == UnderstoodBundesland
		u.Words = strings.Join(words[i:i+n], " ")
		out.Parts = append(out.Parts, u)
		i += n
	}
	out.Text = strings.Join(rest, " ")
	return out
}

// match finds the longest phrase at the start of words that means
// something, and how many words it has.
func (l *Lexicon) match(words []string, havePlace, haveBL bool) (int, Understood, bool) {
	for n := min(l.longest, len(words)); n >= 1; n-- {
		phrase := strings.Join(words[:n], " ")
		if n == 1 && len(phrase) == 2 {
			if _, ok := Bundeslaender[phrase]; ok && !haveBL {
				return 1, Understood{Kind: UnderstoodBundesland, Values: []string{phrase}}, true
			}
			continue
		}
		for _, k := range places.Keys(phrase) {
			if u, ok := l.phrases[k]; ok && !(u.Kind == UnderstoodBundesland && haveBL) {
				return n, u, true
			}
		}
		if havePlace || len([]rune(phrase)) < 3 || strings.IndexFunc(phrase, unicode.IsLetter) < 0 {
			continue
		}
		if p, ok := l.Place(phrase); ok {
			return n, Understood{Kind: UnderstoodPlace, Values: []string{p.Name}, Place: p}, true
		}
	}
	return 0, Understood{}, false
}
