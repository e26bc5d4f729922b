// Package searchtest is the contract every search.Index implementation must
// pass (Run), its fixture of German postings, courses and roles, and a
// generator of realistic postings for benchmarks (GenerateJobs).
package searchtest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// Run runs the contract suite. open must return a fresh, empty engine for
// each call; the suite applies the schemas and loads the fixture itself.
func Run(t *testing.T, open func(t *testing.T) search.Index) {
	t.Run("TypoTolerance", func(t *testing.T) { typoTolerance(t, load(t, open)) })
	t.Run("German", func(t *testing.T) { german(t, load(t, open)) })
	t.Run("Synonyms", func(t *testing.T) { synonyms(t, load(t, open)) })
	t.Run("Prefix", func(t *testing.T) { prefix(t, load(t, open)) })
	t.Run("Filters", func(t *testing.T) { filters(t, load(t, open)) })
	t.Run("Facets", func(t *testing.T) { facets(t, load(t, open)) })
	t.Run("Ranking", func(t *testing.T) { ranking(t, load(t, open)) })
	t.Run("Highlighting", func(t *testing.T) { highlighting(t, load(t, open)) })
	t.Run("Paging", func(t *testing.T) { paging(t, load(t, open)) })
	t.Run("Browse", func(t *testing.T) { browse(t, load(t, open)) })
	t.Run("SortTies", func(t *testing.T) { sortTies(t, load(t, open)) })
	t.Run("Validation", func(t *testing.T) { validation(t, load(t, open)) })
	t.Run("Writes", func(t *testing.T) { writes(t, load(t, open)) })
	t.Run("Vocabulary", func(t *testing.T) { vocabulary(t, load(t, open)) })
	t.Run("Near", func(t *testing.T) { near(t, load(t, open)) })
}

// load opens an engine, applies every schema and indexes the fixture.
func load(t *testing.T, open func(t *testing.T) search.Index) search.Index {
	t.Helper()
	ix := open(t)
	ctx := context.Background()
	for _, s := range []search.Schema{search.JobSchema, search.CourseSchema, search.RoleSchema} {
		if err := ix.Apply(ctx, s); err != nil {
			t.Fatalf("Apply(%s): %v", s.Kind, err)
		}
		// Applying again changes nothing.
		if err := ix.Apply(ctx, s); err != nil {
			t.Fatalf("second Apply(%s): %v", s.Kind, err)
		}
	}
	var jobs []search.Document
	for _, j := range withGeo(Jobs()) {
		jobs = append(jobs, j.Document())
	}
	for kind, docs := range map[search.Kind][]search.Document{search.Jobs: jobs, search.Courses: Courses(), search.Roles: Roles()} {
		if err := ix.Upsert(ctx, kind, docs); err != nil {
			t.Fatalf("Upsert(%s): %v", kind, err)
		}
	}
	return ix
}

// find runs a query for the first page of up to 100 hits.
func find(t *testing.T, ix search.Index, kind search.Kind, q search.Query) search.Result {
	t.Helper()
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Limit == 0 {
		q.Limit = search.MaxLimit
	}
	res, err := ix.Search(context.Background(), kind, q)
	if err != nil {
		t.Fatalf("Search(%s, %+v): %v", kind, q, err)
	}
	return res
}

func ids(res search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func jobs(t *testing.T, ix search.Index, text string, filters ...search.Filter) []string {
	t.Helper()
	return ids(find(t, ix, search.Jobs, search.Query{Text: text, Filters: filters}))
}

// expectFound fails unless every id in want is among the hits of text.
func expectFound(t *testing.T, ix search.Index, kind search.Kind, text string, want ...string) {
	t.Helper()
	got := ids(find(t, ix, kind, search.Query{Text: text}))
	for _, id := range want {
		if !slices.Contains(got, id) {
			t.Errorf("%s %q: %s not found; hits: %v", kind, text, id, got)
		}
	}
}

// expectNotFound fails if any id in unwanted is among the hits of text.
func expectNotFound(t *testing.T, ix search.Index, kind search.Kind, text string, unwanted ...string) {
	t.Helper()
	got := ids(find(t, ix, kind, search.Query{Text: text}))
	for _, id := range unwanted {
		if slices.Contains(got, id) {
			t.Errorf("%s %q must not find %s; hits: %v", kind, text, id, got)
		}
	}
}

// jobIDs returns the ids of the fixture postings keep accepts, sorted.
func jobIDs(keep func(search.JobDoc) bool) []string {
	var out []string
	for _, j := range Jobs() {
		if keep(j) {
			out = append(out, j.ID)
		}
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func typoTolerance(t *testing.T, ix search.Index) {
	t.Run("one typo from 5 letters", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Vertriep", "j-backoffice-vertrieb", "j-teamassistenz-hannover")
	})
	t.Run("not two typos below 9 letters", func(t *testing.T) {
		expectNotFound(t, ix, search.Jobs, "Vertriqp", "j-backoffice-vertrieb", "j-teamassistenz-hannover")
	})
	t.Run("Buchaltung finds Buchhaltung", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Buchaltung", "j-buchhaltung-berlin", "j-buchhaltung-muenchen")
	})
	t.Run("two typos from 9 letters", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Bürromanagment", "j-kauffrau-koeln")
		expectFound(t, ix, search.Courses, "Bürromanagment", "ausbildung-kaufmann-bueromanagement")
	})
	t.Run("no typo below 5 letters", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Köln", "j-kauffrau-koeln", "j-ausbildung-koeln")
		if got := jobs(t, ix, "Kölm"); len(got) != 0 {
			t.Errorf(`"Kölm" (4 letters, one typo) must find nothing; hits: %v`, got)
		}
	})
}

func german(t *testing.T, ix search.Index) {
	t.Run("umlaut transliteration with a typo finds the Büromanagement course", func(t *testing.T) {
		// The Done-when: /search/courses?q=bueromanagment.
		expectFound(t, ix, search.Courses, "bueromanagment", "ausbildung-kaufmann-bueromanagement")
		expectFound(t, ix, search.Courses, "Büromanagement", "ausbildung-kaufmann-bueromanagement")
		expectFound(t, ix, search.Courses, "buromanagement", "ausbildung-kaufmann-bueromanagement")
	})
	t.Run("Büromanagement finds Kauffrau für Büromanagement", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Büromanagement", "j-kauffrau-koeln", "j-ausbildung-koeln")
		expectFound(t, ix, search.Jobs, "Kauffrau für Büromanagement", "j-kauffrau-koeln")
	})
	t.Run("inflection", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Kauffrauen", "j-kauffrau-koeln")
		expectFound(t, ix, search.Jobs, "Kauffrau", "j-buerokraft-dresden") // "erfahrene Kauffrauen"
		expectFound(t, ix, search.Jobs, "Buchhaltungen", "j-buchhaltung-berlin", "j-buchhaltung-muenchen")
	})
	t.Run("Backoffice, Back-Office and Back Office find the same postings", func(t *testing.T) {
		want := []string{"j-backoffice-vertrieb", "j-back-office-frankfurt", "j-back-office-bremen",
			"j-werkstudent-berlin", "j-back-office-manager-duesseldorf"}
		var first []string
		for _, q := range []string{"Backoffice", "Back-Office", "Back Office", "backoffice"} {
			got := sorted(jobs(t, ix, q))
			for _, id := range want {
				if !slices.Contains(got, id) {
					t.Errorf("%q: %s not found; hits: %v", q, id, got)
				}
			}
			if slices.Contains(got, "j-bueroleitung-nuernberg") {
				t.Errorf("%q must not find j-bueroleitung-nuernberg (no back office in it)", q)
			}
			if first == nil {
				first = got
			} else if !slices.Equal(got, first) {
				t.Errorf("%q finds %v, but %q finds %v", q, got, "Backoffice", first)
			}
		}
	})
}

func synonyms(t *testing.T, ix search.Index) {
	t.Run("Kaufmann finds Kauffrau", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Kaufmann", "j-kauffrau-koeln")
	})
	t.Run("Büroleiter finds Office-Manager and Büromanager", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Büroleiter", "j-office-manager-muenchen", "j-bueromanager-stuttgart")
	})
	t.Run("Office Manager finds Büroleiter", func(t *testing.T) {
		expectFound(t, ix, search.Roles, "Office Manager", "bueroleiter", "backoffice-manager")
		expectFound(t, ix, search.Roles, "Office-Manager", "bueroleiter", "backoffice-manager")
	})
	t.Run("Backoffice-Manager finds Back-Office-Manager", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Backoffice-Manager", "j-back-office-manager-duesseldorf")
	})
	t.Run("Assistenz finds Assistant", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Assistenz", "j-assistant-berlin")
	})
}

func prefix(t *testing.T, ix search.Index) {
	t.Run("last word is a prefix", func(t *testing.T) {
		expectFound(t, ix, search.Jobs, "Buchh", "j-buchhaltung-berlin", "j-buchhaltung-muenchen")
		expectFound(t, ix, search.Jobs, "Berlin Buchh", "j-buchhaltung-berlin")
		expectFound(t, ix, search.Courses, "Büromanag", "ausbildung-kaufmann-bueromanagement")
	})
	t.Run("earlier words are not prefixes", func(t *testing.T) {
		expectNotFound(t, ix, search.Jobs, "Buchh Berlin", "j-buchhaltung-berlin")
	})
}

func filters(t *testing.T, ix search.Index) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name    string
		filters []search.Filter
		keep    func(search.JobDoc) bool
	}{
		{"equals", []search.Filter{search.Eq("bundesland", "BE")}, func(j search.JobDoc) bool { return j.Bundesland == "BE" }},
		{"equals on a list means contains", []search.Filter{search.Eq("skills", "englisch")},
			func(j search.JobDoc) bool { return slices.Contains(j.Skills, "englisch") }},
		{"in", []search.Filter{search.AnyOf("bundesland", "BY", "HH")},
			func(j search.JobDoc) bool { return j.Bundesland == "BY" || j.Bundesland == "HH" }},
		{"in on a list", []search.Filter{search.AnyOf("skills", "personalwesen", "zahlungsverkehr")},
			func(j search.JobDoc) bool {
				return slices.Contains(j.Skills, "personalwesen") || slices.Contains(j.Skills, "zahlungsverkehr")
			}},
		{"range with open max", []search.Filter{search.Between("salaryYearMax", f(50000), nil)},
			func(j search.JobDoc) bool { return j.SalaryYearMax >= 50000 }},
		{"range with open min", []search.Filter{search.Between("salaryYearMax", nil, f(30000))},
			func(j search.JobDoc) bool { return j.SalaryYearMax <= 30000 }},
		{"range with both bounds, inclusive", []search.Filter{search.Between("salaryYearMax", f(44000), f(48000))},
			func(j search.JobDoc) bool { return j.SalaryYearMax >= 44000 && j.SalaryYearMax <= 48000 }},
		{"range on dates", []search.Filter{search.Between("publishedAt", f(float64(day(15).Unix())), nil)},
			func(j search.JobDoc) bool { return !j.PublishedAt.Before(day(15)) }},
		{"bool true", []search.Filter{search.Is("fixedTerm", true)}, func(j search.JobDoc) bool { return j.FixedTerm }},
		{"bool false", []search.Filter{search.Is("fixedTerm", false)}, func(j search.JobDoc) bool { return !j.FixedTerm }},
		{"and", []search.Filter{search.Eq("remote", "hybrid"), search.AnyOf("bundesland", "BE", "BY", "NW"), search.Between("salaryMin", f(40000), nil)},
			func(j search.JobDoc) bool {
				return j.Remote == "hybrid" && slices.Contains([]string{"BE", "BY", "NW"}, j.Bundesland) && j.SalaryMin >= 40000
			}},
		{"nothing matches", []search.Filter{search.Eq("bundesland", "BE"), search.Eq("bundesland", "BY")},
			func(search.JobDoc) bool { return false }},
		// Meilisearch compares facet values in filters in a normal form
		// (trimmed, compatibility-decomposed, lower case); both engines do.
		{"equals ignores case", []search.Filter{search.Eq("cityKey", "berlin")},
			func(j search.JobDoc) bool { return j.City == "Berlin" }},
		{"in ignores case and composition", []search.Filter{search.AnyOf("cityKey", "HAMBURG", "köln")},
			func(j search.JobDoc) bool { return j.City == "Hamburg" || j.City == "Köln" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := jobIDs(c.keep)
			res := find(t, ix, search.Jobs, search.Query{Filters: c.filters})
			if got := sorted(ids(res)); !slices.Equal(got, want) {
				t.Errorf("filters %+v:\n got %v\nwant %v", c.filters, got, want)
			}
			if res.Total != len(want) {
				t.Errorf("Total = %d, want %d", res.Total, len(want))
			}
		})
	}
	t.Run("with text", func(t *testing.T) {
		got := sorted(jobs(t, ix, "Buchhaltung", search.Eq("bundesland", "BE")))
		if !slices.Equal(got, []string{"j-buchhaltung-berlin"}) {
			t.Errorf(`"Buchhaltung" in BE: got %v, want [j-buchhaltung-berlin]`, got)
		}
	})
}

// facetValues returns the values of a job fixture field.
func facetValues(j search.JobDoc, field string) []string {
	switch field {
	case "bundesland":
		return []string{j.Bundesland}
	case "remote":
		return []string{j.Remote}
	case "employmentType":
		return []string{j.EmploymentType}
	case "skills":
		return j.Skills
	case "role":
		return []string{j.Role}
	case "cityKey":
		return []string{search.CityKey(j.City)}
	}
	panic("searchtest: no fixture facet " + field)
}

// wantFacet counts field over the fixture postings keep accepts, in the
// contract's order.
func wantFacet(field string, keep func(search.JobDoc) bool) []search.FacetCount {
	counts := map[string]int{}
	for _, j := range Jobs() {
		if keep(j) {
			for _, v := range facetValues(j, field) {
				counts[v]++
			}
		}
	}
	var out []search.FacetCount
	for _, v := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, search.FacetCount{Value: v, Count: counts[v]})
	}
	slices.SortStableFunc(out, func(a, b search.FacetCount) int { return b.Count - a.Count })
	return out
}

func checkFacets(t *testing.T, got map[string][]search.FacetCount, want map[string][]search.FacetCount) {
	t.Helper()
	for field, w := range want {
		g, ok := got[field]
		if !ok {
			t.Errorf("facet %s missing (got facets %v)", field, slices.Sorted(maps.Keys(got)))
			continue
		}
		if !slices.Equal(g, w) {
			t.Errorf("facet %s:\n got %v\nwant %v", field, g, w)
		}
	}
}

func facets(t *testing.T, ix search.Index) {
	all := []string{"bundesland", "remote", "employmentType", "skills", "role", "cityKey"}
	t.Run("counts over everything, most frequent first then by value", func(t *testing.T) {
		res := find(t, ix, search.Jobs, search.Query{Facets: all})
		want := map[string][]search.FacetCount{}
		for _, f := range all {
			want[f] = wantFacet(f, func(search.JobDoc) bool { return true })
		}
		checkFacets(t, res.Facets, want)
	})
	t.Run("disjunctive: a facet ignores only the filters on its own field", func(t *testing.T) {
		q := search.Query{
			Filters: []search.Filter{search.AnyOf("bundesland", "BE", "BY"), search.Eq("remote", "hybrid"), search.Eq("employmentType", "vollzeit")},
			Facets:  []string{"bundesland", "remote", "employmentType", "skills"},
		}
		inBEBY := func(j search.JobDoc) bool { return j.Bundesland == "BE" || j.Bundesland == "BY" }
		hybrid := func(j search.JobDoc) bool { return j.Remote == "hybrid" }
		full := func(j search.JobDoc) bool { return j.EmploymentType == "vollzeit" }
		res := find(t, ix, search.Jobs, q)
		checkFacets(t, res.Facets, map[string][]search.FacetCount{
			"bundesland":     wantFacet("bundesland", func(j search.JobDoc) bool { return hybrid(j) && full(j) }),
			"remote":         wantFacet("remote", func(j search.JobDoc) bool { return inBEBY(j) && full(j) }),
			"employmentType": wantFacet("employmentType", func(j search.JobDoc) bool { return inBEBY(j) && hybrid(j) }),
			"skills":         wantFacet("skills", func(j search.JobDoc) bool { return inBEBY(j) && hybrid(j) && full(j) }),
		})
		if want := jobIDs(func(j search.JobDoc) bool { return inBEBY(j) && hybrid(j) && full(j) }); res.Total != len(want) {
			t.Errorf("Total = %d, want %d (%v)", res.Total, len(want), want)
		}
	})
	t.Run("counts follow the text query", func(t *testing.T) {
		// Whatever the text matches, a facet's counts are the counts over
		// the hits of the same query without that facet's filters.
		for _, text := range []string{"Buchhaltung", "Backoffice", "Sachbearbeiter"} {
			q := search.Query{Text: text, Filters: []search.Filter{search.Eq("remote", "onsite")}, Facets: []string{"remote", "bundesland"}}
			res := find(t, ix, search.Jobs, q)
			hitsAll := find(t, ix, search.Jobs, search.Query{Text: text})
			counts := func(hits []search.Hit, field string, keep func(search.Hit) bool) []search.FacetCount {
				c := map[string]int{}
				for _, h := range hits {
					if keep(h) {
						c[fmt.Sprint(h.Fields[field])]++
					}
				}
				var out []search.FacetCount
				for _, v := range slices.Sorted(maps.Keys(c)) {
					out = append(out, search.FacetCount{Value: v, Count: c[v]})
				}
				slices.SortStableFunc(out, func(a, b search.FacetCount) int { return b.Count - a.Count })
				return out
			}
			onsite := func(h search.Hit) bool { return h.Fields["remote"] == "onsite" }
			checkFacets(t, res.Facets, map[string][]search.FacetCount{
				"remote":     counts(hitsAll.Hits, "remote", func(search.Hit) bool { return true }),
				"bundesland": counts(hitsAll.Hits, "bundesland", onsite),
			})
		}
	})
}

func ranking(t *testing.T, ix search.Index) {
	rank := func(got []string, id string) int {
		if i := slices.Index(got, id); i >= 0 {
			return i
		}
		return len(got) + 1000
	}
	t.Run("title above description", func(t *testing.T) {
		got := jobs(t, ix, "Einkauf")
		if rank(got, "j-einkauf-nuernberg") > rank(got, "j-teamassistenz-hannover") || !slices.Contains(got, "j-teamassistenz-hannover") {
			t.Errorf(`"Einkauf": the posting with it in the title must rank above the one with it only in the description; got %v`, got)
		}
	})
	t.Run("exact above typo", func(t *testing.T) {
		got := jobs(t, ix, "Buchhaltung")
		if rank(got, "j-buchhaltung-berlin") > rank(got, "j-buchaltung-hamburg") || !slices.Contains(got, "j-buchaltung-hamburg") {
			t.Errorf(`"Buchhaltung": the exact title match must rank above the misspelt "Buchaltung"; got %v`, got)
		}
		got = jobs(t, ix, "Buchaltung")
		if rank(got, "j-buchaltung-hamburg") > rank(got, "j-buchhaltung-berlin") {
			t.Errorf(`"Buchaltung": the exact (misspelt) title must rank above "Buchhaltung"; got %v`, got)
		}
	})
}

func highlighting(t *testing.T, ix search.Index) {
	hit := func(t *testing.T, res search.Result, id string) search.Hit {
		t.Helper()
		for _, h := range res.Hits {
			if h.ID == id {
				return h
			}
		}
		t.Fatalf("%s not among hits %v", id, ids(res))
		return search.Hit{}
	}
	t.Run("matches are marked", func(t *testing.T) {
		h := hit(t, find(t, ix, search.Jobs, search.Query{Text: "Buchhaltung"}), "j-buchhaltung-berlin")
		if got := h.Highlights["title"]; !strings.Contains(got, "<mark>Buchhaltung</mark>") {
			t.Errorf(`Highlights["title"] = %q, want it to contain "<mark>Buchhaltung</mark>"`, got)
		}
		if got, ok := h.Highlights["description"]; !ok || strings.Contains(got, "<mark>") {
			t.Errorf(`Highlights["description"] = %q (present %v): want the text without marks`, got, ok)
		}
		if h.Fields["title"] != "Sachbearbeiter Buchhaltung (m/w/d)" {
			t.Errorf(`Fields["title"] = %#v, want the stored title`, h.Fields["title"])
		}
	})
	t.Run("the rest is HTML-escaped", func(t *testing.T) {
		h := hit(t, find(t, ix, search.Jobs, search.Query{Text: "Empfangskraft"}), "j-empfang-leipzig")
		got := h.Highlights["title"]
		for _, want := range []string{"<mark>Empfangskraft</mark>", "&lt;b&gt;&amp;&lt;/b&gt;"} {
			if !strings.Contains(got, want) {
				t.Errorf(`Highlights["title"] = %q, want it to contain %q`, got, want)
			}
		}
		if strings.Contains(got, "<b>") {
			t.Errorf(`Highlights["title"] = %q contains unescaped HTML`, got)
		}
	})
	t.Run("typos and synonyms are marked too", func(t *testing.T) {
		h := hit(t, find(t, ix, search.Jobs, search.Query{Text: "Vertriep"}), "j-backoffice-vertrieb")
		if got := h.Highlights["title"]; !strings.Contains(got, "<mark>Vertrieb</mark>") {
			t.Errorf(`"Vertriep": Highlights["title"] = %q, want "<mark>Vertrieb</mark>" in it`, got)
		}
		h = hit(t, find(t, ix, search.Jobs, search.Query{Text: "Kaufmann"}), "j-kauffrau-koeln")
		if got := h.Highlights["title"]; !strings.Contains(got, "<mark>Kauffrau</mark>") {
			t.Errorf(`"Kaufmann": Highlights["title"] = %q, want "<mark>Kauffrau</mark>" in it`, got)
		}
	})
}

func paging(t *testing.T, ix search.Index) {
	for _, q := range []search.Query{
		{Limit: 3},
		{Text: "Backoffice", Limit: 4},
		{Sort: search.ByDate, Limit: 5},
		{Text: "Sachbearbeiter", Filters: []search.Filter{search.Is("fixedTerm", false)}, Limit: 2},
	} {
		t.Run(fmt.Sprintf("%q sort %q limit %d", q.Text, q.Sort, q.Limit), func(t *testing.T) {
			all := find(t, ix, search.Jobs, search.Query{Text: q.Text, Filters: q.Filters, Sort: q.Sort})
			if all.Total == 0 || all.Total != len(all.Hits) {
				t.Fatalf("one big page: Total %d, %d hits", all.Total, len(all.Hits))
			}
			var paged []string
			for page := 1; (page-1)*q.Limit < all.Total+q.Limit; page++ {
				q.Page = page
				res := find(t, ix, search.Jobs, q)
				if res.Total != all.Total {
					t.Errorf("page %d: Total %d, want %d as on every page", page, res.Total, all.Total)
				}
				if len(res.Hits) > q.Limit {
					t.Errorf("page %d: %d hits, limit %d", page, len(res.Hits), q.Limit)
				}
				for _, id := range ids(res) {
					if slices.Contains(paged, id) {
						t.Errorf("page %d: %s was already on an earlier page", page, id)
					}
					paged = append(paged, id)
				}
			}
			if !slices.Equal(paged, ids(all)) {
				t.Errorf("pages together:\n got %v\nwant %v (the order of one big page)", paged, ids(all))
			}
		})
	}
}

func browse(t *testing.T, ix search.Index) {
	t.Run("empty query finds everything with facets", func(t *testing.T) {
		res := find(t, ix, search.Jobs, search.Query{Facets: []string{"remote"}})
		if want := len(Jobs()); res.Total != want || len(res.Hits) != want {
			t.Errorf("Total %d, %d hits; want %d", res.Total, len(res.Hits), want)
		}
		checkFacets(t, res.Facets, map[string][]search.FacetCount{"remote": wantFacet("remote", func(search.JobDoc) bool { return true })})
		for _, kind := range []search.Kind{search.Courses, search.Roles} {
			n := map[search.Kind]int{search.Courses: len(Courses()), search.Roles: len(Roles())}[kind]
			if res := find(t, ix, kind, search.Query{}); res.Total != n {
				t.Errorf("%s: Total %d, want %d", kind, res.Total, n)
			}
		}
	})
	t.Run("sort by date, newest first", func(t *testing.T) {
		js := Jobs()
		slices.SortFunc(js, func(a, b search.JobDoc) int { return b.PublishedAt.Compare(a.PublishedAt) })
		var want []string
		for _, j := range js {
			want = append(want, j.ID)
		}
		if got := ids(find(t, ix, search.Jobs, search.Query{Sort: search.ByDate})); !slices.Equal(got, want) {
			t.Errorf("by date:\n got %v\nwant %v", got, want)
		}
	})
	t.Run("sort by salary, highest first", func(t *testing.T) {
		js := Jobs()
		slices.SortFunc(js, func(a, b search.JobDoc) int {
			return int(b.SalaryYearMax - a.SalaryYearMax)
		})
		var want []string
		for _, j := range js {
			want = append(want, j.ID)
		}
		if got := ids(find(t, ix, search.Jobs, search.Query{Sort: search.BySalary})); !slices.Equal(got, want) {
			t.Errorf("by salary:\n got %v\nwant %v", got, want)
		}
		got := ids(find(t, ix, search.Jobs, search.Query{Text: "Buchhaltung", Sort: search.BySalary}))
		if len(got) < 2 || slices.Index(got, "j-buchhaltung-berlin") > slices.Index(got, "j-buchhaltung-muenchen") {
			t.Errorf(`"Buchhaltung" by salary: got %v, want j-buchhaltung-berlin (48,000) before j-buchhaltung-muenchen (30,000)`, got)
		}
	})
}

// sortTies: with a sort, relevance orders postings with the same value.
func sortTies(t *testing.T, ix search.Index) {
	same := []search.JobDoc{
		{ID: "j-tie-description", Title: "Sachbearbeiter Rechnungsprüfung (m/w/d)", Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter,
			City: "Kiel", Bundesland: "SH", PostalCode: "24103", Remote: "onsite", EmploymentType: "vollzeit",
			SalaryMin: 41000, SalaryMax: 47000, SalaryYearMax: 47000,
			Description: "Sie prüfen Rechnungen und unterstützen die Lohnbuchhaltung.", PublishedAt: day(21)},
		{ID: "j-tie-title", Title: "Sachbearbeiter Lohnbuchhaltung (m/w/d)", Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter,
			City: "Kiel", Bundesland: "SH", PostalCode: "24105", Remote: "onsite", EmploymentType: "vollzeit",
			SalaryMin: 41000, SalaryMax: 47000, SalaryYearMax: 47000,
			Description: "Sie erstellen Entgeltabrechnungen und pflegen Personalstammdaten.", PublishedAt: day(21)},
	}
	docs := []search.Document{same[0].Document(), same[1].Document()}
	if err := ix.Upsert(context.Background(), search.Jobs, docs); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []search.SortKey{search.BySalary, search.ByDate} {
		got := ids(find(t, ix, search.Jobs, search.Query{Text: "Lohnbuchhaltung", Sort: sort}))
		if !slices.Equal(got, []string{"j-tie-title", "j-tie-description"}) {
			t.Errorf(`"Lohnbuchhaltung" by %s: got %v, want the title match first (equal values, so relevance decides)`, sort, got)
		}
	}
}

func validation(t *testing.T, ix search.Index) {
	long := strings.Repeat("Buchhaltung ", 17) // 204 characters
	for _, c := range []struct {
		name  string
		q     search.Query
		field string
	}{
		{"unknown filter", search.Query{Filters: []search.Filter{search.Eq("colour", "blue")}}, "colour"},
		{"filter on a field that is not filterable", search.Query{Filters: []search.Filter{search.Eq("title", "x")}}, "title"},
		{"unknown facet", search.Query{Facets: []string{"salary"}}, "salary"},
		{"text over 200 characters", search.Query{Text: long}, "q"},
		{"unknown sort", search.Query{Sort: "popularity"}, "sort"},
		{"limit", search.Query{Limit: search.MaxLimit + 1}, "limit"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.q.Page == 0 {
				c.q.Page = 1
			}
			if c.q.Limit == 0 {
				c.q.Limit = 20
			}
			_, err := ix.Search(context.Background(), search.Jobs, c.q)
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.Invalid {
				t.Fatalf("got %v, want an apperr.Invalid error", err)
			}
			if _, ok := e.Fields[c.field]; !ok {
				t.Errorf("error %v does not name %q", err, c.field)
			}
		})
	}
}

func writes(t *testing.T, ix search.Index) {
	ctx := context.Background()
	count := func(kind search.Kind) int {
		t.Helper()
		s, err := ix.Stats(ctx, kind)
		if err != nil {
			t.Fatalf("Stats(%s): %v", kind, err)
		}
		return s.Count
	}
	n := len(Jobs())
	tmp := search.JobDoc{ID: "j-tmp", Title: "Archivar (m/w/d)", Role: "backoffice-mitarbeiter", RoleTitle: rtMitarbeiter,
		City: "Kiel", Bundesland: "SH", PostalCode: "24103", Remote: "onsite", EmploymentType: "vollzeit",
		Description: "Sie digitalisieren das Archiv.", PublishedAt: day(20)}
	t.Run("upsert adds", func(t *testing.T) {
		if err := ix.Upsert(ctx, search.Jobs, []search.Document{tmp.Document()}); err != nil {
			t.Fatal(err)
		}
		if got := count(search.Jobs); got != n+1 {
			t.Errorf("count %d, want %d", got, n+1)
		}
		expectFound(t, ix, search.Jobs, "Archivar", "j-tmp")
	})
	t.Run("upsert replaces", func(t *testing.T) {
		tmp.Title, tmp.Description = "Poststelle (m/w/d)", "Sie verteilen die Hauspost."
		if err := ix.Upsert(ctx, search.Jobs, []search.Document{tmp.Document()}); err != nil {
			t.Fatal(err)
		}
		if got := count(search.Jobs); got != n+1 {
			t.Errorf("count %d after replacing, want %d", got, n+1)
		}
		expectFound(t, ix, search.Jobs, "Poststelle", "j-tmp")
		expectNotFound(t, ix, search.Jobs, "Archivar", "j-tmp")
		if got := find(t, ix, search.Jobs, search.Query{Filters: []search.Filter{search.Eq("bundesland", "SH")}}); got.Total != 1 {
			t.Errorf("SH postings: %d, want 1", got.Total)
		}
	})
	t.Run("delete removes; unknown ids are fine", func(t *testing.T) {
		if err := ix.Delete(ctx, search.Jobs, []string{"j-tmp", "j-never-existed"}); err != nil {
			t.Fatal(err)
		}
		if got := count(search.Jobs); got != n {
			t.Errorf("count %d after delete, want %d", got, n)
		}
		expectNotFound(t, ix, search.Jobs, "Poststelle", "j-tmp")
		if err := ix.Delete(ctx, search.Jobs, nil); err != nil {
			t.Errorf("deleting nothing: %v", err)
		}
	})
	t.Run("stats and ids agree", func(t *testing.T) {
		want := map[search.Kind][]string{search.Jobs: jobIDs(func(search.JobDoc) bool { return true })}
		for _, d := range Courses() {
			want[search.Courses] = append(want[search.Courses], d.ID)
		}
		for _, d := range Roles() {
			want[search.Roles] = append(want[search.Roles], d.ID)
		}
		for kind, w := range want {
			got, err := ix.IDs(ctx, kind)
			if err != nil {
				t.Fatalf("IDs(%s): %v", kind, err)
			}
			if !slices.Equal(sorted(got), sorted(w)) {
				t.Errorf("IDs(%s) = %v, want %v", kind, sorted(got), sorted(w))
			}
			if c := count(kind); c != len(got) {
				t.Errorf("Stats(%s) = %d, IDs has %d", kind, c, len(got))
			}
		}
	})
}
