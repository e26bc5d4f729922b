package bleve

import (
	"slices"
	"strings"
	"testing"
)

func terms(a *germanAnalyzer, text string) []string {
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, string(t.Term)+"="+text[t.Start:t.End])
	}
	return out
}

func TestGermanAnalyzer(t *testing.T) {
	a := newGermanAnalyzer()
	for _, c := range []struct {
		text string
		want []string // term=original text it covers
	}{
		{"Büromanagement", []string{"buromanagement=Büromanagement"}},
		{"bueromanagment", []string{"buromanagment=bueromanagment"}},
		{"Kauffrauen Buchhaltungen", []string{"kauffrau=Kauffrauen", "buchhaltung=Buchhaltungen", "kauffrauenbuchhaltung=Kauffrauen Buchhaltungen"}},
		{"Kauffrau für Büromanagement", []string{"kauffrau=Kauffrau", "buromanagement=Büromanagement"}},
		{"Kauffrau fuer Büromanagement", []string{"kauffrau=Kauffrau", "buromanagement=Büromanagement"}},
		{"Back-Office", []string{"back=Back", "offic=Office", "backoffic=Back-Office"}},
		{"Back Office", []string{"back=Back", "offic=Office", "backoffic=Back Office"}},
		{"Backoffice", []string{"backoffic=Backoffice"}},
		{"Back-Office-Manager", []string{"back=Back", "offic=Office", "backoffic=Back-Office", "manag=Manager",
			"officemanag=Office-Manager", "backofficemanag=Back-Office-Manager"}},
		{"Vertrieb, Einkauf", []string{"vertrieb=Vertrieb", "einkauf=Einkauf"}},
		{"(m/w/d)", []string{"m=m", "w=w", "d=d"}},
		{"E-Mail", []string{"e=E", "mail=Mail", "email=E-Mail"}},
		{"Seiten Straße Café", []string{"seit=Seiten", "strass=Straße", "seitenstrass=Seiten Straße", "caf=Café", "strassecaf=Straße Café"}},
	} {
		if got := terms(a, c.text); !slices.Equal(got, c.want) {
			t.Errorf("%q:\n got %v\nwant %v", c.text, got, c.want)
		}
	}
}

func TestWithinDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		max  int
		want bool
	}{
		{"vertrieb", "vertriep", 1, true},
		{"vertrieb", "vertriqp", 1, false},
		{"vertrieb", "vertreib", 1, true}, // a swap is one typo
		{"buchhaltung", "buchaltung", 1, true},
		{"buromanagement", "burromanagment", 2, true},
		{"buromanagement", "burromanagmnt", 2, false},
		{"", "ab", 2, true},
		{"abc", "", 2, false},
	} {
		if got := withinDistance(c.a, c.b, c.max); got != c.want {
			t.Errorf("withinDistance(%q, %q, %d) = %v, want %v", c.a, c.b, c.max, got, c.want)
		}
	}
}

func TestHighlightEscapesAndMarks(t *testing.T) {
	e := &Engine{analyzer: newGermanAnalyzer()}
	e.synonyms = newSynonyms(e.analyzer, nil)
	m := newMatcher(e.parse("back office"))
	got := e.highlight(m, `Sachbearbeitung "Backoffice" & Back-Office <i>`)
	want := `Sachbearbeitung &#34;<mark>Backoffice</mark>&#34; &amp; <mark>Back-Office</mark> &lt;i&gt;`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := e.highlight(nil, "a < b"); got != "a &lt; b" {
		t.Errorf("without a query: %q", got)
	}
	if strings.Contains(e.highlight(newMatcher(e.parse("Buchh")), "Buchhaltung"), "<mark>Buchhaltung</mark>") != true {
		t.Error("a prefix marks the whole word")
	}
}
