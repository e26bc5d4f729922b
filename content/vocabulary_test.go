package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCuratedVocabulary(t *testing.T) {
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	v := set.Vocabulary
	if v == nil {
		t.Fatal("the curated content has no vocabulary")
	}
	// The words of issue 15 must be in it.
	groupOf := func(w string) []string {
		for _, g := range v.Groups() {
			if slices.Contains(g, w) {
				return g
			}
		}
		return nil
	}
	for w, other := range map[string]string{
		"rezeption": "empfang", "sekretärin": "assistenz", "büroassistenz": "assistenz", "bürokauffrau": "kauffrau für büromanagement",
		"excel": "tabellenkalkulation", "word": "textverarbeitung", "accounting": "buchhaltung", "bookkeeping": "buchhaltung",
		"secretary": "sekretärin", "receptionist": "empfang", "office manager": "büroleiter", "homeoffice": "remote",
	} {
		if !slices.Contains(groupOf(w), other) {
			t.Errorf("%q does not find %q: group %v", w, other, groupOf(w))
		}
	}
	has := func(name string, values []string, word string) {
		t.Helper()
		terms := v.Employment
		if name == "workModes" {
			terms = v.WorkModes
		}
		for _, tm := range terms {
			if slices.Equal(tm.Values, values) && slices.Contains(tm.Words, word) {
				return
			}
		}
		t.Errorf("%s: %q does not mean %v", name, word, values)
	}
	has("employment", []string{"teilzeit"}, "part-time")
	has("employment", []string{"teilzeit"}, "teilzeit")
	has("employment", []string{"vollzeit"}, "full-time")
	has("employment", []string{"minijob"}, "minijob")
	has("employment", []string{"werkstudent"}, "werkstudent")
	has("employment", []string{"befristet"}, "befristet")
	has("workModes", []string{"remote", "hybrid"}, "homeoffice")
	has("workModes", []string{"remote", "hybrid"}, "remote")
	has("workModes", []string{"remote", "hybrid"}, "mobiles arbeiten")
	has("workModes", []string{"hybrid"}, "hybrid")
	for _, p := range []string{"assistenz", "buchhaltung"} {
		if !slices.Contains(v.CompoundParts, p) {
			t.Errorf("compound part %q missing", p)
		}
	}
}

func TestVocabularyRejects(t *testing.T) {
	for _, tc := range []struct{ name, yaml, field string }{
		{"one-word group", "vocabulary:\n  synonyms:\n    - {kind: title, words: [a]}\n", "v.yaml: vocabulary.synonyms[0].words"},
		{"unknown kind", "vocabulary:\n  synonyms:\n    - {kind: slang, words: [a, b]}\n", "v.yaml: vocabulary.synonyms[0].kind"},
		{"word twice", "vocabulary:\n  synonyms:\n    - {kind: title, words: [Empfang, empfang]}\n", "v.yaml: vocabulary.synonyms[0].words[1]"},
		{"empty word", "vocabulary:\n  synonyms:\n    - {kind: title, words: [a, \"\"]}\n", "v.yaml: vocabulary.synonyms[0].words[1]"},
		{"short compound part", "vocabulary:\n  compoundParts: [amt]\n", "v.yaml: vocabulary.compoundParts[0]"},
		{"two-word compound part", "vocabulary:\n  compoundParts: [front office]\n", "v.yaml: vocabulary.compoundParts[0]"},
		{"unknown employment type", "vocabulary:\n  employment:\n    - {values: [kurzarbeit], words: [kurzarbeit]}\n", "v.yaml: vocabulary.employment[0].values[0]"},
		{"employment without words", "vocabulary:\n  employment:\n    - {values: [teilzeit], words: []}\n", "v.yaml: vocabulary.employment[0].words"},
		{"unknown work mode", "vocabulary:\n  workModes:\n    - {values: [beach], words: [strand]}\n", "v.yaml: vocabulary.workModes[0].values[0]"},
		{"unknown key", "vocabulary:\n  slang: [x]\n", "v.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"v.yaml": {Data: []byte(tc.yaml)}})
			if err == nil || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("error %v does not name %s", err, tc.field)
			}
		})
	}
	_, err := Load(fstest.MapFS{
		"a.yaml": {Data: []byte("vocabulary:\n  compoundParts: [assistenz]\n")},
		"b.yaml": {Data: []byte("vocabulary:\n  compoundParts: [buchhaltung]\n")},
	})
	if err == nil || !strings.Contains(err.Error(), "defined twice") {
		t.Fatalf("two vocabularies: %v", err)
	}
}

func TestCuratedVocabularyAlone(t *testing.T) {
	v, err := CuratedVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Synonyms) == 0 || len(v.Synonyms) != len(set.Vocabulary.Synonyms) || len(v.CompoundParts) != len(set.Vocabulary.CompoundParts) {
		t.Errorf("CuratedVocabulary and Load disagree: %d/%d synonym groups", len(v.Synonyms), len(set.Vocabulary.Synonyms))
	}
}
