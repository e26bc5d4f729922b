package searchtest

import (
	"slices"
	"testing"

	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

// Contract cases of issue 15: the curated vocabulary, compounds and places.
// The engine under test is opened with the curated vocabulary (Words).

// withGeo gives the fixture postings the coordinates of their city, as the
// jobs package does when it writes a posting to the index.
func withGeo(js []search.JobDoc) []search.JobDoc {
	for i := range js {
		if p, ok := places.Germany().LookupIn(js[i].City, js[i].Bundesland); ok {
			js[i].Lat, js[i].Lng, js[i].HasGeo = p.Lat, p.Lng, true
		}
	}
	return js
}

func vocabulary(t *testing.T, ix search.Index) {
	// Job-title variants, tools and English words find what the fixture
	// says in German.
	expectFound(t, ix, search.Jobs, "Sekretärin", "j-assistant-berlin")
	expectFound(t, ix, search.Jobs, "secretary", "j-assistant-berlin")
	expectFound(t, ix, search.Jobs, "Excel", "j-buchaltung-hamburg")
	expectFound(t, ix, search.Jobs, "accounting", "j-buchhaltung-berlin", "j-buchhaltung-muenchen")
	expectFound(t, ix, search.Jobs, "bookkeeping", "j-buchhaltung-berlin")
	expectFound(t, ix, search.Courses, "Bürokauffrau", "ausbildung-kaufmann-bueromanagement")
	expectFound(t, ix, search.Courses, "Büroassistenz", "sekretariatskurs")
	expectNotFound(t, ix, search.Jobs, "secretary", "j-datenbank-essen", "j-einkauf-nuernberg")
	// A part finds the whole compound.
	expectFound(t, ix, search.Jobs, "Assistenz", "j-teamassistenz-hannover", "j-assistant-berlin")
}

func near(t *testing.T, ix search.Index) {
	hh, _ := places.Germany().Lookup("Hamburg")
	dist := func(id string) float64 {
		for _, j := range withGeo(Jobs()) {
			if j.ID == id {
				return places.DistanceKm(hh.Lat, hh.Lng, j.Lat, j.Lng)
			}
		}
		return -1
	}
	within := func(km float64) []string {
		return jobIDs(func(j search.JobDoc) bool { return dist(j.ID) >= 0 && dist(j.ID) <= km })
	}
	t.Run("radius", func(t *testing.T) {
		for _, km := range []float64{25, 150, 300} {
			res := find(t, ix, search.Jobs, search.Query{Near: &search.Circle{Lat: hh.Lat, Lng: hh.Lng, RadiusKm: km}})
			if got, want := sorted(ids(res)), within(km); !slices.Equal(got, want) || res.Total != len(want) {
				t.Errorf("within %v km of Hamburg: %v (total %d), want %v", km, got, res.Total, want)
			}
		}
	})
	t.Run("by distance", func(t *testing.T) {
		res := find(t, ix, search.Jobs, search.Query{Near: &search.Circle{Lat: hh.Lat, Lng: hh.Lng}, Sort: search.ByDistance})
		got := ids(res)
		if len(got) != len(Jobs()) {
			t.Fatalf("a point without radius must not filter: %d hits", len(got))
		}
		for i := 1; i < len(got); i++ {
			if dist(got[i]) < dist(got[i-1])-0.01 {
				t.Errorf("%s (%.1f km) after %s (%.1f km)", got[i], dist(got[i]), got[i-1], dist(got[i-1]))
			}
		}
	})
	t.Run("radius with text, filters and facets", func(t *testing.T) {
		res := find(t, ix, search.Jobs, search.Query{Text: "Sachbearbeiter", Near: &search.Circle{Lat: hh.Lat, Lng: hh.Lng, RadiusKm: 300},
			Filters: []search.Filter{search.Eq("employmentType", "vollzeit")}, Facets: []string{"cityKey"}, Sort: search.ByDistance})
		want := jobIDs(func(j search.JobDoc) bool {
			return dist(j.ID) <= 300 && j.EmploymentType == "vollzeit" && slices.Contains([]string{"j-buchhaltung-berlin", "j-buchaltung-hamburg", "j-back-office-bremen"}, j.ID)
		})
		if got := sorted(ids(res)); !slices.Equal(got, want) {
			t.Errorf("hits %v, want %v", got, want)
		}
		for _, fc := range res.Facets["cityKey"] {
			if fc.Value == "München" || fc.Value == "Köln" {
				t.Errorf("facet counts ignore the radius: %v", res.Facets["cityKey"])
			}
		}
	})
	t.Run("validation", func(t *testing.T) {
		for _, q := range []search.Query{
			{Sort: search.ByDistance, Page: 1, Limit: 1},
			{Near: &search.Circle{Lat: 100, Lng: 0}, Page: 1, Limit: 1},
			{Near: &search.Circle{Lat: 50, Lng: 8, RadiusKm: search.MaxRadiusKm + 1}, Page: 1, Limit: 1},
		} {
			if _, err := ix.Search(t.Context(), search.Jobs, q); err == nil {
				t.Errorf("%+v accepted", q)
			}
		}
		if _, err := ix.Search(t.Context(), search.Courses, search.Query{Near: &search.Circle{Lat: 50, Lng: 8}, Page: 1, Limit: 1}); err == nil {
			t.Error("courses accepted a place")
		}
	})
}
