package search_test

import (
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/places"
)

func lexicon(t *testing.T) *search.Lexicon {
	t.Helper()
	set, err := content.Load(content.Curated())
	if err != nil {
		t.Fatal(err)
	}
	return search.NewLexicon(set.Vocabulary, places.Germany())
}

// brief renders an understanding as "text | kind:values(words) ...".
func brief(u search.Understanding) string {
	var b strings.Builder
	b.WriteString(u.Text)
	for _, p := range u.Parts {
		b.WriteString(" | " + p.Kind + ":" + strings.Join(p.Values, ",") + "(" + p.Words + ")")
	}
	return b.String()
}

func TestUnderstand(t *testing.T) {
	l := lexicon(t)
	for _, tc := range []struct{ in, want string }{
		{"Teilzeit München", " | employmentType:teilzeit(Teilzeit) | place:München(München)"},
		{"Buchhaltung in Muenchen", "Buchhaltung | place:München(Muenchen)"},
		{"büro münchen teilzeit", "büro | place:München(münchen) | employmentType:teilzeit(teilzeit)"},
		{"accounting Munich part-time", "accounting | place:München(Munich) | employmentType:teilzeit(part-time)"},
		{"Sachbearbeitung Bayern", "Sachbearbeitung | bundesland:BY(Bayern)"},
		{"Office Manager BY", "Office Manager | bundesland:BY(BY)"},
		{"assistant by the sea", "assistant by the sea"},
		{"Homeoffice Buchhaltung", "Buchhaltung | remote:remote,hybrid(Homeoffice)"},
		{"remote", " | remote:remote,hybrid(remote)"},
		{"mobiles Arbeiten Assistenz", "Assistenz | remote:remote,hybrid(mobiles Arbeiten)"},
		{"Minijob Empfang Frankfurt am Main", "Empfang | employmentType:minijob(Minijob) | place:Frankfurt am Main(Frankfurt am Main)"},
		{"Werkstudent Berlin befristet", " | employmentType:werkstudent(Werkstudent) | place:Berlin(Berlin) | fixedTerm:(befristet)"},
		{"Hamburg", " | place:Hamburg(Hamburg)"},
		{"NRW Vollzeit", " | bundesland:NW(NRW) | employmentType:vollzeit(Vollzeit)"},
		{"Backoffice Manager", "Backoffice Manager"},
		{"Stelle im Büro mit Wissen", "Stelle im Büro mit Wissen"},
		{"Kaufmann Hamburg Berlin", "Kaufmann Berlin | place:Hamburg(Hamburg)"},
	} {
		if got := brief(l.Understand(tc.in)); got != tc.want {
			t.Errorf("Understand(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestUnderstandLeavesJobWordsAlone reads every word of the curated content
// and the vocabulary's synonyms: none may be taken for a place, or a search
// for it would silently become a place filter.
func TestUnderstandLeavesJobWordsAlone(t *testing.T) {
	l := lexicon(t)
	set, _ := content.Load(content.Curated())
	var words []string
	for _, g := range set.Vocabulary.Groups() {
		words = append(words, g...)
	}
	for _, r := range set.Roles {
		words = append(words, strings.Fields(r.Title.DE)...)
		words = append(words, r.AltTitles...)
	}
	for _, s := range set.Skills {
		words = append(words, strings.Fields(s.Name.DE)...)
		words = append(words, strings.Fields(s.Name.EN)...)
	}
	for _, c := range set.Courses {
		words = append(words, strings.Fields(c.Title.DE)...)
	}
	places := map[string]bool{}
	for _, w := range []string{"Berlin", "Hamburg", "München", "Munich", "Köln"} {
		places[w] = true
	}
	for _, w := range words {
		if places[w] {
			continue
		}
		for _, p := range l.Understand(w).Parts {
			if p.Kind == search.UnderstoodPlace {
				t.Errorf("%q is read as the place %s (%s): add it to notPlaces", w, p.Place.Name, p.Place.Bundesland)
			}
		}
	}
}

func TestParseBundesland(t *testing.T) {
	for in, want := range map[string]string{"BY": "BY", "by": "BY", "Bayern": "BY", "bayern": "BY", "Bavaria": "BY",
		"Baden-Württemberg": "BW", "Baden-Wuerttemberg": "BW", "baden wurttemberg": "BW", "Thüringen": "TH", "NRW": "NW",
		"Nordrhein-Westfalen": "NW", "North Rhine-Westphalia": "NW"} {
		if got, ok := search.ParseBundesland(in); !ok || got != want {
			t.Errorf("ParseBundesland(%q) = %q, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "XX", "Atlantis", "München"} {
		if got, ok := search.ParseBundesland(in); ok {
			t.Errorf("ParseBundesland(%q) = %q", in, got)
		}
	}
}
