package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/laufbahn/laufbahn/search"
)

// vocabularyFile is the curated file holding the search vocabulary.
const vocabularyFile = "vocabulary.yaml"

// curatedVocabulary parses the embedded vocabulary once; it never changes
// while the binary runs.
var curatedVocabulary = sync.OnceValues(func() (*search.Vocabulary, error) {
	raw, err := fs.ReadFile(Curated(), vocabularyFile)
	if err != nil {
		return nil, fmt.Errorf("read search vocabulary: %w", err)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("read search vocabulary: %s: %w", vocabularyFile, err)
	}
	if f.Vocabulary == nil {
		return nil, errors.New("read search vocabulary: " + vocabularyFile + " has no vocabulary")
	}
	if err := f.Vocabulary.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", vocabularyFile, err)
	}
	return f.Vocabulary, nil
})

// CuratedVocabulary returns the search vocabulary shipped with the binary
// (content/data/vocabulary.yaml): the synonyms and compound parts both
// search engines use and the words the job search reads as filters. Load
// checks the same file with the rest of the content.
func CuratedVocabulary() (*search.Vocabulary, error) { return curatedVocabulary() }
