package searchtest

import (
	"testing"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
)

// Words returns the curated search vocabulary (content/data/vocabulary.yaml),
// which every engine under test is opened with, as in production.
func Words(tb testing.TB) *search.Vocabulary {
	tb.Helper()
	v, err := content.CuratedVocabulary()
	if err != nil {
		tb.Fatal(err)
	}
	return v
}
