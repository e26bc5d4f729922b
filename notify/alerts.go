package notify

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// Filter is a saved job search's query parsed for matching in memory: the
// same parameters the job search route takes (see api/search.go). Values
// of one parameter are alternatives (any of them); parameters must all
// hold; every word of the text must occur in the posting.
type Filter struct {
	Words           []string // folded text words
	Roles           []string
	Cities          []string
	Bundeslaender   []string
	Remote          []string
	EmploymentTypes []string
	Skills          []string
	SalaryMin       float64
	FixedTerm       *bool
	// Near is a radius search ("Wo" with a radius): the posting's place
	// must lie within RadiusKm of the point.
	Near *Near
}

// Near is a circle around a place.
type Near struct{ Lat, Lng, RadiusKm float64 }

// ParseFilter reads a saved search's query string. The query was checked
// by the search route's parser when it was saved; parameters that only
// shape a results page (sort, page, limit, lang) are ignored here.
func ParseFilter(query string) (Filter, error) {
	v, err := url.ParseQuery(query)
	if err != nil {
		return Filter{}, err
	}
	multi := func(k string, norm func(string) string) []string {
		var out []string
		for _, raw := range v[k] {
			for _, s := range strings.Split(raw, ",") {
				if s = norm(strings.TrimSpace(s)); s != "" && !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
		return out
	}
	same := func(s string) string { return s }
	f := Filter{
		Words:           words(v.Get("q")),
		Roles:           multi("role", same),
		Cities:          multi("city", search.CityKey),
		Bundeslaender:   multi("bundesland", strings.ToUpper),
		Remote:          multi("remote", same),
		EmploymentTypes: multi("employmentType", same),
		Skills:          multi("skill", same),
	}
	// "Wo" as the job search reads it: a place (its city without a radius,
	// the circle around it with one), else a Bundesland.
	if where := strings.TrimSpace(v.Get("where")); where != "" {
		radius := 0.0
		if r := v.Get("radius"); r != "" {
			if radius, err = strconv.ParseFloat(r, 64); err != nil {
				return Filter{}, err
			}
		}
		if p, ok := places.Germany().Lookup(where); ok {
			if radius > 0 {
				f.Near = &Near{Lat: p.Lat, Lng: p.Lng, RadiusKm: radius}
			} else if k := search.CityKey(p.Name); !slices.Contains(f.Cities, k) {
				f.Cities = append(f.Cities, k)
			}
		} else if code, ok := search.ParseBundesland(where); ok && !slices.Contains(f.Bundeslaender, code) {
			f.Bundeslaender = append(f.Bundeslaender, code)
		}
	}
	if s := v.Get("salaryMin"); s != "" {
		if f.SalaryMin, err = strconv.ParseFloat(s, 64); err != nil {
			return Filter{}, err
		}
	}
	if s := v.Get("fixedTerm"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return Filter{}, err
		}
		f.FixedTerm = &b
	}
	return f, nil
}

// fold lower-cases and drops German diacritics the way the search engines
// fold them (ä → a, ß → ss), so "Büro" matches "buro" and "BÜRO".
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä':
			b.WriteRune('a')
		case 'ö':
			b.WriteRune('o')
		case 'ü':
			b.WriteRune('u')
		case 'ß':
			b.WriteString("ss")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// words splits text into folded words of letters and digits.
func words(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// Subscription is one saved search as the matcher holds it.
type Subscription struct {
	UserID, SearchID, Name, Query string
	CreatedAt                     time.Time
	Filter                        Filter
}

// Candidate is a newly published posting as the matcher sees it.
type Candidate struct {
	Doc         search.JobDoc
	PublishedAt time.Time
	tokens      []string // sorted, unique, folded
	cityKey     string
}

// NewCandidate prepares a posting for matching: its searchable text is
// split into folded tokens once.
func NewCandidate(d search.JobDoc, publishedAt time.Time) *Candidate {
	text := strings.Join([]string{d.Title, d.RoleTitle, d.Employer, d.City, strings.Join(d.SkillNames, " "), d.Description}, " ")
	toks := strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	slices.Sort(toks)
	return &Candidate{Doc: d, PublishedAt: publishedAt, tokens: slices.Compact(toks), cityKey: search.CityKey(d.City)}
}

// hasPrefix reports whether some token starts with w (the last-word and
// stemming tolerance of the engines, approximated: "buchhaltung" matches
// "buchhaltungssoftware").
func (c *Candidate) hasPrefix(w string) bool {
	i, _ := slices.BinarySearch(c.tokens, w)
	return i < len(c.tokens) && strings.HasPrefix(c.tokens[i], w)
}

// Matches reports whether the posting satisfies every part of the filter.
func (f *Filter) Matches(c *Candidate) bool {
	d := &c.Doc
	in := func(vals []string, v string) bool { return len(vals) == 0 || slices.Contains(vals, v) }
	if !in(f.Roles, d.Role) || !in(f.Cities, c.cityKey) || !in(f.Bundeslaender, d.Bundesland) ||
		!in(f.Remote, d.Remote) || !in(f.EmploymentTypes, d.EmploymentType) {
		return false
	}
	if len(f.Skills) > 0 && !slices.ContainsFunc(f.Skills, func(s string) bool { return slices.Contains(d.Skills, s) }) {
		return false
	}
	if f.SalaryMin > 0 && d.SalaryYearMax < f.SalaryMin {
		return false
	}
	if f.FixedTerm != nil && *f.FixedTerm != d.FixedTerm {
		return false
	}
	if f.Near != nil && (!d.HasGeo || places.DistanceKm(f.Near.Lat, f.Near.Lng, d.Lat, d.Lng) > f.Near.RadiusKm) {
		return false
	}
	for _, w := range f.Words {
		if !c.hasPrefix(w) {
			return false
		}
	}
	return true
}

// Matcher evaluates new postings against many saved searches at once. Each
// subscription is filed under one anchor: the values of its most selective
// parameter or pair of parameters (role with place, text word with place,
// role, skill, city, Bundesland, its longest text word, contract type,
// remote mode, in that order; a place is a city or a Bundesland). A
// posting looks up only the anchors it carries (its role, its role with
// its city and with its Bundesland, each skill, every prefix of its text
// tokens alone and with its places...) and checks the full filter of those
// subscriptions; the few subscriptions without any such parameter are
// checked for every posting. So a posting costs a few thousand map
// lookups plus the filters of the subscriptions that share an anchor with
// it, not one search query per saved search.
type Matcher struct {
	subs       []Subscription
	byKey      map[string][]int32
	unanchored []int32
	seen       []uint32
	gen        uint32
}

// NewMatcher indexes the subscriptions.
func NewMatcher(subs []Subscription) *Matcher {
	m := &Matcher{subs: subs, byKey: map[string][]int32{}, seen: make([]uint32, len(subs))}
	for i := range subs {
		f := &subs[i].Filter
		var keys []string
		places := append(prefixed("c:", f.Cities), prefixed("b:", f.Bundeslaender)...)
		if len(f.Cities) > 0 && len(f.Bundeslaender) > 0 {
			places = prefixed("c:", f.Cities) // both must hold; the city is the narrower
		}
		switch {
		case len(f.Roles) > 0 && len(places) > 0:
			for _, r := range f.Roles {
				keys = append(keys, prefixed("r:"+r+"|", places)...)
			}
		case len(f.Words) > 0 && len(places) > 0:
			longest := slices.MaxFunc(f.Words, func(a, b string) int { return len(a) - len(b) })
			keys = prefixed("t:"+longest+"|", places)
		case len(f.Roles) > 0:
			keys = prefixed("r:", f.Roles)
		case len(f.Skills) > 0:
			keys = prefixed("k:", f.Skills)
		case len(f.Cities) > 0:
			keys = prefixed("c:", f.Cities)
		case len(f.Bundeslaender) > 0:
			keys = prefixed("b:", f.Bundeslaender)
		case len(f.Words) > 0:
			longest := slices.MaxFunc(f.Words, func(a, b string) int { return len(a) - len(b) })
			keys = []string{"t:" + longest}
		case len(f.EmploymentTypes) > 0:
			keys = prefixed("e:", f.EmploymentTypes)
		case len(f.Remote) > 0:
			keys = prefixed("m:", f.Remote)
		}
		if len(keys) == 0 {
			m.unanchored = append(m.unanchored, int32(i))
		}
		for _, k := range keys {
			m.byKey[k] = append(m.byKey[k], int32(i))
		}
	}
	return m
}

func prefixed(p string, vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = p + v
	}
	return out
}

// Match calls fn for every subscription the posting matches and that was
// created before the posting was published (a new saved search does not
// alert about what was already there).
func (m *Matcher) Match(c *Candidate, fn func(*Subscription)) {
	m.gen++
	if m.gen == 0 { // wrapped: forget every mark
		clear(m.seen)
		m.gen = 1
	}
	check := func(i int32) {
		if m.seen[i] == m.gen {
			return
		}
		m.seen[i] = m.gen
		s := &m.subs[i]
		if !s.CreatedAt.After(c.PublishedAt) && s.Filter.Matches(c) {
			fn(s)
		}
	}
	lookup := func(k string) {
		for _, i := range m.byKey[k] {
			check(i)
		}
	}
	d := &c.Doc
	places := [2]string{"c:" + c.cityKey, "b:" + d.Bundesland}
	lookup("r:" + d.Role)
	for _, p := range places {
		lookup("r:" + d.Role + "|" + p)
		lookup(p)
	}
	for _, s := range d.Skills {
		lookup("k:" + s)
	}
	lookup("e:" + d.EmploymentType)
	lookup("m:" + d.Remote)
	emit := func(prefix string) {
		k := "t:" + prefix
		lookup(k)
		for _, p := range places {
			lookup(k + "|" + p)
		}
	}
	for _, t := range c.tokens {
		for i := range t { // i runs over rune starts: prefixes of whole runes
			if i > 0 {
				emit(t[:i])
			}
		}
		emit(t)
	}
	for _, i := range m.unanchored {
		check(i)
	}
}
