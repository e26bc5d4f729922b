package search

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/laufbahn/laufbahn/apperr"
)

// Vocabulary is the words job seekers use for what the index holds: job
// title variants, tools, English equivalents, the parts German compounds
// end with, and the words that mean an employment type or a work mode. It
// is kept as data (content/data/vocabulary.yaml, loaded and validated by
// package content) and handed to both engines and to Understand.
type Vocabulary struct {
	// Synonyms are groups of words or phrases that find each other.
	Synonyms []SynonymGroup `yaml:"synonyms" json:"synonyms"`
	// CompoundParts are words German compounds end with ("assistenz",
	// "buchhaltung"): a compound is also indexed under its part, so the
	// part finds the whole ("Assistenz" finds "Teamassistenz").
	CompoundParts []string `yaml:"compoundParts" json:"compoundParts"`
	// Employment maps words to employment types ("part-time" → teilzeit);
	// the value "befristet" means a fixed-term contract.
	Employment []Term `yaml:"employment" json:"employment"`
	// WorkModes maps words to remote modes ("Homeoffice" → remote, hybrid).
	WorkModes []Term `yaml:"workModes" json:"workModes"`
	// NotPlaces are words that are also the name of some German place but
	// mean something else in a job search; they are never read as a place.
	NotPlaces []string `yaml:"notPlaces" json:"notPlaces"`
}

// SynonymGroup is a group of words or phrases that find each other; Kind
// says what they are (title, tool, english, term) for editors.
type SynonymGroup struct {
	Kind  string   `yaml:"kind" json:"kind"`
	Words []string `yaml:"words" json:"words"`
}

// Term is a set of words that stand for filter values.
type Term struct {
	Values []string `yaml:"values" json:"values"`
	Words  []string `yaml:"words" json:"words"`
}

// FixedTermValue is the Employment value that means a fixed-term contract.
const FixedTermValue = "befristet"

// SynonymKinds are the kinds a synonym group may have.
var SynonymKinds = []string{"title", "tool", "english", "term"}

// Groups returns the synonym groups as lists of words, lowercased.
func (v *Vocabulary) Groups() [][]string {
	if v == nil {
		return nil
	}
	out := make([][]string, 0, len(v.Synonyms))
	for _, g := range v.Synonyms {
		ws := make([]string, 0, len(g.Words))
		for _, w := range g.Words {
			ws = append(ws, strings.ToLower(strings.TrimSpace(w)))
		}
		out = append(out, ws)
	}
	return out
}

// Validate checks the vocabulary and names each problem by its path.
func (v *Vocabulary) Validate() error {
	var p apperr.Problems
	word := func(path, w string) {
		switch {
		case strings.TrimSpace(w) == "":
			p.Add(path, "must not be empty")
		case len(w) > 80:
			p.Add(path, "must be at most 80 bytes")
		case strings.TrimSpace(w) != w:
			p.Add(path, "must not start or end with spaces")
		}
	}
	for i, g := range v.Synonyms {
		path := "synonyms[" + strconv.Itoa(i) + "]"
		if !slices.Contains(SynonymKinds, g.Kind) {
			p.Addf(path+".kind", "must be one of: %s", strings.Join(SynonymKinds, ", "))
		}
		if len(g.Words) < 2 {
			p.Add(path+".words", "needs at least two words")
		}
		seen := map[string]bool{}
		for j, w := range g.Words {
			word(path+".words["+strconv.Itoa(j)+"]", w)
			if k := strings.ToLower(w); seen[k] {
				p.Addf(path+".words["+strconv.Itoa(j)+"]", "%q is listed twice", w)
			} else {
				seen[k] = true
			}
		}
	}
	for i, w := range v.CompoundParts {
		path := "compoundParts[" + strconv.Itoa(i) + "]"
		word(path, w)
		if len([]rune(w)) < 4 || strings.ContainsAny(w, " -") || strings.ToLower(w) != w {
			p.Add(path, "must be one lowercase word of at least 4 letters")
		}
	}
	terms := func(name string, ts []Term, allowed func(string) bool, what string) {
		for i, t := range ts {
			path := name + "[" + strconv.Itoa(i) + "]"
			if len(t.Values) == 0 {
				p.Add(path+".values", "needs at least one value")
			}
			for j, val := range t.Values {
				if !allowed(val) {
					p.Addf(path+".values["+strconv.Itoa(j)+"]", "must be %s", what)
				}
			}
			if len(t.Words) == 0 {
				p.Add(path+".words", "needs at least one word")
			}
			for j, w := range t.Words {
				word(path+".words["+strconv.Itoa(j)+"]", w)
			}
		}
	}
	emp := append(slices.Sorted(maps.Keys(EmploymentTypes)), FixedTermValue)
	terms("employment", v.Employment, func(s string) bool { return slices.Contains(emp, s) }, "one of: "+strings.Join(emp, ", "))
	modes := slices.Sorted(maps.Keys(RemoteModes))
	terms("workModes", v.WorkModes, func(s string) bool { return slices.Contains(modes, s) }, "one of: "+strings.Join(modes, ", "))
	for i, w := range v.NotPlaces {
		word("notPlaces["+strconv.Itoa(i)+"]", w)
	}
	return p.Err("invalid vocabulary")
}
