package api

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// The job search reads a search text as a job seeker means it (package
// search's Lexicon): place words, employment and work-mode words become
// filters, shown as removable chips; "Wo" (where) and a radius search by
// distance; an empty result offers "Meinten Sie …?" and the filters whose
// removal would find something.

// jobLexicon is built once from the curated vocabulary and the gazetteer,
// both embedded in the binary and never changed while it runs.
var jobLexicon = sync.OnceValues(func() (*search.Lexicon, error) {
	v, err := content.CuratedVocabulary()
	if err != nil {
		return nil, err
	}
	return search.NewLexicon(v, places.Germany()), nil
})

// Radii are the distances (km) the job search offers around a place.
var Radii = []int{10, 25, 50, 100}

// Chip is a filter in force, shown as a removable chip ("in München ·
// Teilzeit").
type Chip struct {
	// Kind is the filter: place, bundesland, city, employmentType, remote,
	// fixedTerm, salaryMin, role or skill.
	Kind  string `json:"kind"`
	Value string `json:"value"`
	Label string `json:"label"`
	// Source is "q" when the chip was read from the search text, else the
	// parameter it came from.
	Source string `json:"source"`
	// Remove is the query string of the same search without this chip.
	Remove string `json:"remove"`
}

// PlaceView is the place a job search is around.
type PlaceView struct {
	Name       string  `json:"name"`
	Bundesland string  `json:"bundesland"`
	Lat        float64 `json:"lat"`
	Lng        float64 `json:"lng"`
	// RadiusKm is the radius searched; 0 is the place itself.
	RadiusKm int `json:"radiusKm"`
}

// Retry is another search that finds something when this one found
// nothing: the text spelt as the index knows it, or one filter less.
type Retry struct {
	// Text is the corrected search text ("Meinten Sie …?").
	Text string `json:"text,omitempty"`
	// Without is the chip left out.
	Without *Chip `json:"without,omitempty"`
	Total   int   `json:"total"`
	// Query is the query string of that search.
	Query string `json:"query"`
	// Label says it in the response language ("12 Treffer ohne den Filter Teilzeit").
	Label string `json:"label"`
}

// JobSearchResponse is a page of the job search with what the search
// understood.
type JobSearchResponse struct {
	SearchResponse[JobHit]
	// SearchText is the text searched after place, employment and
	// work-mode words were read as filters.
	SearchText string     `json:"searchText"`
	Chips      []Chip     `json:"chips"`
	Place      *PlaceView `json:"place,omitempty"`
	// Sort is the order applied: relevance, date, salary, distance or match.
	Sort string `json:"sort"`
	// DidYouMean and Relaxations are offered when nothing matched.
	DidYouMean  *Retry  `json:"didYouMean,omitempty"`
	Relaxations []Retry `json:"relaxations,omitempty"`
}

// jobSearch is a job search request read into a query and its chips.
type jobSearch struct {
	sq    search.Query
	text  string // what the user typed
	read  search.Understanding
	chips []Chip
	// drop maps a chip (by index) to the query without it.
	drop  []search.Query
	place *PlaceView
	sort  string
	// orig are the request's parameters without page.
	orig url.Values
}

// readJobSearch reads the job search parameters. Problems are collected in q.
func readJobSearch(q *query) jobSearch {
	var js jobSearch
	js.text = q.text("q", search.MaxTextLen)
	lex, err := jobLexicon()
	if err != nil {
		q.errs.Add("q", "the search vocabulary is broken: "+err.Error())
		return js
	}
	if q.c.Query("understand") != "false" {
		js.read = lex.Understand(js.text)
	} else {
		js.read = search.Understanding{Text: js.text}
	}
	if q.c.Query("understand") != "" && q.c.Query("understand") != "false" && q.c.Query("understand") != "true" {
		q.errs.Add("understand", "must be true or false")
	}
	sq := search.Query{Text: js.read.Text, Facets: []string{"role", "cityKey", "bundesland", "remote", "employmentType", "skills"}}

	// Every condition is kept apart first, with the chip that shows it, so
	// the query without any one of them can be built for "ohne den Filter".
	type cond struct {
		chip    Chip
		field   string
		values  []string
		filter  *search.Filter // a ready filter (salary, fixed term)
		near    *search.Circle
		cityKey string
	}
	var conds []cond
	args := q.c.Request().URI().QueryArgs()
	orig := url.Values{}
	args.VisitAll(func(k, v []byte) { orig.Add(string(k), string(v)) })
	orig.Del("page")
	js.orig = orig
	without := func(param, value string) string {
		v := url.Values{}
		for k, vs := range orig {
			for _, x := range vs {
				if k == param && (value == "" || x == value) {
					continue
				}
				v.Add(k, x)
			}
		}
		if param == "where" {
			v.Del("radius")
		}
		return v.Encode()
	}
	withText := func(skip int) string {
		words := []string{js.read.Text}
		for i, p := range js.read.Parts {
			if i != skip {
				words = append(words, p.Words)
			}
		}
		v := url.Values{}
		for k, vs := range orig {
			v[k] = slices.Clone(vs)
		}
		if t := strings.TrimSpace(strings.Join(words, " ")); t != "" {
			v.Set("q", t)
		} else {
			v.Del("q")
		}
		return v.Encode()
	}
	label := func(kind, value string) string {
		var l search.Label
		var ok bool
		switch kind {
		case "bundesland":
			l, ok = search.Bundeslaender[value]
		case "remote":
			l, ok = search.RemoteModes[value]
		case "employmentType":
			l, ok = search.EmploymentTypes[value]
		case "fixedTerm":
			l, ok = search.Label{DE: "befristet", EN: "fixed-term"}, true
		}
		if ok {
			return l.In(q.lang)
		}
		return value
	}

	// Place: "Wo" first, else a place read from the text.
	radius := q.intIn("radius", 0, 0, 1000)
	if radius != 0 && !slices.Contains(Radii, radius) {
		q.errs.Addf("radius", "must be one of %s (km)", joinInts(Radii))
		radius = 0
	}
	where := q.text("where", 100)
	var place *places.Place
	placeSource := "where"
	switch {
	case where != "":
		if p, ok := lex.Place(where); ok {
			place = &p
		} else if code, ok := search.ParseBundesland(where); ok {
			conds = append(conds, cond{chip: Chip{Kind: "bundesland", Value: code, Label: label("bundesland", code), Source: "where",
				Remove: without("where", "")}, field: "bundesland", values: []string{code}})
			if radius > 0 {
				q.errs.Add("radius", "needs a city or town in where, not a Bundesland")
			}
		} else {
			q.errs.Addf("where", "unknown place %q: give a German city or town, or a Bundesland", where)
		}
	case radius > 0:
		q.errs.Add("radius", "needs a place in where")
	}
	for i, p := range js.read.Parts {
		c := Chip{Kind: p.Kind, Source: "q", Remove: withText(i)}
		switch p.Kind {
		case search.UnderstoodPlace:
			if place != nil {
				continue // "Wo" wins; the text's place is searched as text
			}
			pl := p.Place
			place, placeSource = &pl, "q"
			continue
		case search.UnderstoodBundesland, search.UnderstoodEmployment, search.UnderstoodRemote:
			field := p.Kind
			c.Value = strings.Join(p.Values, ",")
			var ls []string
			for _, v := range p.Values {
				ls = append(ls, label(p.Kind, v))
			}
			c.Label = strings.Join(ls, "/")
			if p.Kind == search.UnderstoodRemote && slices.Equal(p.Values, []string{"remote", "hybrid"}) {
				c.Label = map[string]string{"de": "Homeoffice möglich", "en": "Remote possible"}[q.lang]
			}
			conds = append(conds, cond{chip: c, field: field, values: p.Values})
		case search.UnderstoodFixedTerm:
			c.Value, c.Label = "true", label("fixedTerm", "")
			f := search.Is("fixedTerm", true)
			conds = append(conds, cond{chip: c, filter: &f})
		}
	}
	if place != nil {
		pv := &PlaceView{Name: place.Name, Bundesland: place.Bundesland, Lat: place.Lat, Lng: place.Lng, RadiusKm: radius}
		js.place = pv
		c := Chip{Kind: "place", Value: place.Name, Source: placeSource}
		if placeSource == "where" {
			c.Remove = without("where", "")
		} else {
			for i, p := range js.read.Parts {
				if p.Kind == search.UnderstoodPlace && p.Place.Name == place.Name {
					c.Remove = withText(i)
					break
				}
			}
		}
		circle := &search.Circle{Lat: place.Lat, Lng: place.Lng, RadiusKm: float64(radius)}
		if radius > 0 {
			c.Label = fmt.Sprintf(map[string]string{"de": "%s + %d km", "en": "%s + %d km"}[q.lang], place.Name, radius)
			conds = append(conds, cond{chip: c, near: circle})
		} else {
			c.Label = map[string]string{"de": "in ", "en": "in "}[q.lang] + place.Name
			conds = append(conds, cond{chip: c, near: &search.Circle{Lat: place.Lat, Lng: place.Lng}, cityKey: search.CityKey(place.Name)})
		}
	}

	// Parameters.
	param := func(name, field string, values []string) {
		for _, v := range values {
			conds = append(conds, cond{chip: Chip{Kind: name, Value: v, Label: label(name, v), Source: name, Remove: without(name, v)},
				field: field, values: []string{v}})
		}
	}
	param("role", "role", q.multi("role", content.IsSlug, "must be a role slug"))
	cities := q.multi("city", func(v string) bool { return v != "" && len(v) <= 80 }, "must be a city name (at most 80 characters)")
	for i, v := range cities {
		// Any spelling of a known place filters by its name.
		if p, ok := lex.Place(v); ok {
			cities[i] = p.Name
		}
	}
	for i, v := range cities {
		raw := q.c.Context().QueryArgs().PeekMulti("city")[i]
		conds = append(conds, cond{chip: Chip{Kind: "city", Value: v, Label: v, Source: "city", Remove: without("city", string(raw))},
			field: "cityKey", values: []string{search.CityKey(v)}})
	}
	var bls []string
	for _, raw := range q.c.Context().QueryArgs().PeekMulti("bundesland") {
		code, ok := search.ParseBundesland(string(raw))
		if !ok {
			q.errs.Add("bundesland", "must be a Bundesland by code or name: "+strings.Join(keysOf(search.Bundeslaender), ", ")+", Bayern, Nordrhein-Westfalen, …")
			break
		}
		if !slices.Contains(bls, code) {
			bls = append(bls, code)
			conds = append(conds, cond{chip: Chip{Kind: "bundesland", Value: code, Label: label("bundesland", code), Source: "bundesland",
				Remove: without("bundesland", string(raw))}, field: "bundesland", values: []string{code}})
		}
	}
	param("remote", "remote", q.multi("remote", oneOfFn(keysOf(search.RemoteModes)...), "must be one of: "+strings.Join(keysOf(search.RemoteModes), ", ")))
	param("employmentType", "employmentType", q.multi("employmentType", oneOfFn(keysOf(search.EmploymentTypes)...), "must be one of: "+strings.Join(keysOf(search.EmploymentTypes), ", ")))
	param("skill", "skills", q.multi("skill", content.IsSlug, "must be a skill slug"))
	if min := q.intIn("salaryMin", 0, 0, 1_000_000); min > 0 {
		v := float64(min)
		f := search.Between("salaryYearMax", &v, nil)
		lbl := map[string]string{"de": "ab %d € im Jahr (Vollzeit)", "en": "from €%d a year (full time)"}[q.lang]
		conds = append(conds, cond{chip: Chip{Kind: "salaryMin", Value: strconv.Itoa(min), Label: fmt.Sprintf(lbl, min), Source: "salaryMin",
			Remove: without("salaryMin", "")}, filter: &f})
	}
	if b := q.boolean("fixedTerm"); b != nil {
		f := search.Is("fixedTerm", *b)
		lbl := label("fixedTerm", "")
		if !*b {
			lbl = map[string]string{"de": "unbefristet", "en": "permanent"}[q.lang]
		}
		conds = append(conds, cond{chip: Chip{Kind: "fixedTerm", Value: strconv.FormatBool(*b), Label: lbl, Source: "fixedTerm",
			Remove: without("fixedTerm", "")}, filter: &f})
	}

	// Sort: as asked; else distance when searching around a place without
	// text, newest first when browsing, relevance with text.
	sortName := q.oneOf("sort", "relevance", "date", "salary", "distance", sortByMatch)
	if sortName == "distance" && place == nil {
		q.errs.Add("sort", "distance needs a place in where (or in q)")
		sortName = ""
	}
	if sortName == "" {
		switch {
		case sq.Text == "" && place != nil && radius > 0:
			sortName = "distance"
		case sq.Text == "":
			sortName = "date"
		default:
			sortName = "relevance"
		}
	}
	js.sort = sortName
	switch sortName {
	case "relevance", sortByMatch:
		sq.Sort = search.ByRelevance
	default:
		sq.Sort = search.SortKey(sortName)
	}
	p := q.page()
	sq.Page, sq.Limit = p.Page, p.Limit

	// The query with every condition, and without each in turn.
	build := func(skip int) search.Query {
		out := sq
		out.Filters = nil
		out.Near = nil
		byField := map[string][]string{}
		var order []string
		for i, c := range conds {
			if i == skip {
				continue
			}
			switch {
			case c.near != nil:
				n := *c.near
				out.Near = &n
				if c.cityKey != "" {
					byField["cityKey"] = append(byField["cityKey"], c.cityKey)
					if !slices.Contains(order, "cityKey") {
						order = append(order, "cityKey")
					}
				}
			case c.filter != nil:
				out.Filters = append(out.Filters, *c.filter)
			default:
				if !slices.Contains(order, c.field) {
					order = append(order, c.field)
				}
				for _, v := range c.values {
					if !slices.Contains(byField[c.field], v) {
						byField[c.field] = append(byField[c.field], v)
					}
				}
			}
		}
		// Values of one field are alternatives (OR); fields combine with AND.
		for _, f := range order {
			if vs := byField[f]; len(vs) == 1 {
				out.Filters = append(out.Filters, search.Eq(f, vs[0]))
			} else {
				out.Filters = append(out.Filters, search.AnyOf(f, vs...))
			}
		}
		if out.Sort == search.ByDistance && out.Near == nil {
			out.Sort = search.ByRelevance
		}
		return out
	}
	js.sq = build(-1)
	for i, c := range conds {
		js.chips = append(js.chips, c.chip)
		js.drop = append(js.drop, build(i))
	}
	if js.chips == nil {
		js.chips = []Chip{}
	}
	return js
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

// maxRelaxations is how many "ohne den Filter" moves an empty result offers.
const maxRelaxations = 3

// retries looks for a search that finds something when js found nothing:
// the text corrected to words the content and vocabulary know, and each
// filter left out in turn.
func (s *server) retries(ctx context.Context, js jobSearch, lang string) (*Retry, []Retry, error) {
	count := func(sq search.Query) (int, error) {
		sq.Page, sq.Limit, sq.Facets = 1, 1, nil
		res, err := s.runSearch(ctx, search.Jobs, sq)
		return res.Total, err
	}
	var dym *Retry
	if js.sq.Text != "" {
		words, err := s.knownWords(ctx)
		if err != nil {
			return nil, nil, err
		}
		if fixed, ok := correct(js.sq.Text, words); ok {
			sq := js.sq
			sq.Text = fixed
			n, err := count(sq)
			if err != nil {
				return nil, nil, err
			}
			if n > 0 {
				full := strings.Replace(js.text, js.sq.Text, fixed, 1)
				if !strings.Contains(js.text, js.sq.Text) {
					full = fixed
				}
				v := url.Values{}
				js.origValues(v)
				v.Set("q", full)
				v.Del("page")
				dym = &Retry{Text: full, Total: n, Query: v.Encode(),
					Label: fmt.Sprintf(map[string]string{"de": "Meinten Sie „%s“?", "en": "Did you mean “%s”?"}[lang], full)}
			}
		}
	}
	var out []Retry
	for i := range js.chips {
		n, err := count(js.drop[i])
		if err != nil {
			return nil, nil, err
		}
		if n == 0 {
			continue
		}
		c := js.chips[i]
		lbl := map[string]string{"de": "%d Treffer ohne den Filter %s", "en": "%d results without the filter %s"}[lang]
		out = append(out, Retry{Without: &c, Total: n, Query: c.Remove, Label: fmt.Sprintf(lbl, n, c.Label)})
	}
	slices.SortStableFunc(out, func(a, b Retry) int { return b.Total - a.Total })
	return dym, out[:min(len(out), maxRelaxations)], nil
}

// origValues copies the request's query parameters into v.
func (js jobSearch) origValues(v url.Values) {
	for k, vs := range js.orig {
		v[k] = slices.Clone(vs)
	}
}

// knownWords are the words "Meinten Sie …?" corrects to: the words of the
// role titles, skill names and course titles in the content store, and of
// the search vocabulary.
func (s *server) knownWords(ctx context.Context) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(text string) {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) }) {
			k := strings.ToLower(w)
			if len([]rune(k)) >= 3 && !seen[k] {
				seen[k] = true
				out = append(out, w)
			}
		}
	}
	if s.Content != nil {
		roles, _, err := s.Content.Roles(ctx, content.RoleFilter{}, content.ListOptions{})
		if err != nil {
			return nil, err
		}
		for _, r := range roles {
			add(r.Title.DE)
			add(r.Title.EN)
			for _, t := range r.AltTitles {
				add(t)
			}
		}
		skills, _, err := s.Content.Skills(ctx, content.SkillFilter{}, content.ListOptions{})
		if err != nil {
			return nil, err
		}
		for _, sk := range skills {
			add(sk.Name.DE)
			add(sk.Name.EN)
		}
		courses, _, err := s.Content.Courses(ctx, content.CourseFilter{}, content.ListOptions{})
		if err != nil {
			return nil, err
		}
		for _, c := range courses {
			add(c.Title.DE)
		}
	}
	if v, err := content.CuratedVocabulary(); err == nil {
		for _, g := range v.Synonyms {
			for _, w := range g.Words {
				add(w)
			}
		}
	}
	return out, nil
}

func isWordRune(r rune) bool {
	return r == 'ß' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0xC0 && r <= 0x24F
}

// correct replaces each word of text that is not a known word by the
// nearest known word within a typo budget (one edit up to 5 letters, two
// above), as "Meinten Sie …?". ok is false when nothing changed.
func correct(text string, known []string) (string, bool) {
	lower := map[string]bool{}
	for _, k := range known {
		lower[foldWord(k)] = true
	}
	words := strings.Fields(text)
	changed := false
	for i, w := range words {
		f := foldWord(w)
		if lower[f] || len([]rune(f)) < 3 {
			continue
		}
		budget := 1
		if len([]rune(f)) > 5 {
			budget = 2
		}
		best, bestD := "", budget+1
		for _, k := range known {
			d := editDistance(f, foldWord(k), budget+1)
			if d < bestD || d == bestD && best != "" && len(k) < len(best) {
				best, bestD = k, d
			}
		}
		if best != "" && bestD <= budget {
			words[i], changed = best, true
		}
	}
	return strings.Join(words, " "), changed
}

func foldWord(w string) string {
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss").Replace(strings.ToLower(w))
}

// editDistance is the optimal string alignment distance of a and b, or
// limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}

// salaryView labels a hit's pay: its period and its full-time yearly
// equivalent, which salary filters and sorting use.
func salaryView(f map[string]any, lang string) SalaryView {
	period := str(f["salaryPeriod"])
	v := SalaryView{Min: num(f["salaryMin"]), Max: num(f["salaryMax"]), Period: period}
	v.PeriodLabel = map[string]search.Label{
		"year": {DE: "pro Jahr", EN: "per year"}, "month": {DE: "pro Monat", EN: "per month"}, "hour": {DE: "pro Stunde", EN: "per hour"},
	}[period].In(lang)
	if y, ok := f["salaryYearMax"].(float64); ok && y > 0 {
		v.YearlyMax = &y
		v.YearlyLabel = search.Label{DE: "Vollzeit-Jahresäquivalent (berechnet; für Filter und Sortierung)",
			EN: "Full-time yearly equivalent (calculated; used to filter and sort)"}.In(lang)
	} else {
		v.YearlyLabel = search.Label{DE: "Kein Vollzeit-Vergleich möglich (Stunden nicht angegeben)",
			EN: "Not comparable with full-time pay (hours not given)"}.In(lang)
	}
	return v
}

// SalaryView is a hit's pay with its period and, where it has one, its
// full-time yearly equivalent.
type SalaryView struct {
	Min         float64 `json:"min"`
	Max         float64 `json:"max"`
	Period      string  `json:"period"`
	PeriodLabel string  `json:"periodLabel"`
	// YearlyMax is Max as a full-time yearly equivalent (calculated), used
	// by salaryMin and sort=salary; null when the pay has none (a Minijob
	// paid by the month without hours is never compared as full-time).
	YearlyMax   *float64 `json:"yearlyMax"`
	YearlyLabel string   `json:"yearlyLabel"`
}
