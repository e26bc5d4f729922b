package places

import (
	"math"
	"testing"
)

func TestLookupSpellings(t *testing.T) {
	g := Germany()
	if g.Len() < 7000 {
		t.Fatalf("gazetteer has %d places, want the ~7,650 German places of the source", g.Len())
	}
	for _, tc := range []struct{ in, name, bl string }{
		{"München", "München", "BY"}, {"Muenchen", "München", "BY"}, {"münchen", "München", "BY"},
		{"MUNICH", "München", "BY"}, {"Munchen", "München", "BY"}, {"Köln", "Köln", "NW"}, {"Koeln", "Köln", "NW"},
		{"Cologne", "Köln", "NW"}, {"frankfurt", "Frankfurt am Main", "HE"}, {"Frankfurt (Oder)", "Frankfurt (Oder)", "BB"},
		{"Essen", "Essen", "NW"}, {"  hamburg ", "Hamburg", "HH"}, {"Düsseldorf", "Düsseldorf", "NW"}, {"Duesseldorf", "Düsseldorf", "NW"},
		{"Nuremberg", "Nürnberg", "BY"}, {"Freiburg", "Freiburg im Breisgau", "BW"},
	} {
		p, ok := g.Lookup(tc.in)
		if !ok || p.Name != tc.name || p.Bundesland != tc.bl {
			t.Errorf("Lookup(%q) = %+v, %v; want %s (%s)", tc.in, p, ok, tc.name, tc.bl)
		}
	}
	for _, in := range []string{"", "Atlantis", "Teilzeit", "-"} {
		if p, ok := g.Lookup(in); ok {
			t.Errorf("Lookup(%q) = %+v, want nothing", in, p)
		}
	}
	if p, ok := g.LookupIn("Essen", "NI"); !ok || p.Bundesland != "NI" {
		t.Errorf("LookupIn(Essen, NI) = %+v", p)
	}
}

func TestDistance(t *testing.T) {
	g := Germany()
	hh, _ := g.Lookup("Hamburg")
	nd, _ := g.Lookup("Norderstedt")
	m, _ := g.Lookup("München")
	if d := DistanceKm(hh.Lat, hh.Lng, nd.Lat, nd.Lng); d < 14 || d > 19 {
		t.Errorf("Hamburg–Norderstedt = %.1f km, want about 17", d)
	}
	if d := DistanceKm(hh.Lat, hh.Lng, m.Lat, m.Lng); math.Abs(d-612) > 10 {
		t.Errorf("Hamburg–München = %.1f km, want about 612", d)
	}
}

func TestPrefix(t *testing.T) {
	got := Germany().Prefix("hambu", 5)
	if len(got) == 0 || got[0].Name != "Hamburg" {
		t.Fatalf("Prefix(hambu) = %+v, want Hamburg first", got)
	}
	if got := Germany().Prefix("mue", 50); len(got) == 0 {
		t.Fatal("Prefix(mue) found nothing")
	}
}
