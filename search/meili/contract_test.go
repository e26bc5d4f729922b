package meili

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/searchtest"
)

var contractRun atomic.Int64

// TestContract runs the shared contract suite against a real Meilisearch
// when MEILI_URL (and MEILI_API_KEY) are set. Every engine it opens uses its
// own index prefix (inside laufbahn_*, so a scoped key works) and deletes
// its indexes afterwards.
func TestContract(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL not set: contract suite runs against Bleve only")
	}
	key := os.Getenv("MEILI_API_KEY")
	open := func(t *testing.T) search.Index {
		prefix := fmt.Sprintf("laufbahn_t%d_%d_", time.Now().UnixNano()%1e9, contractRun.Add(1))
		e, err := New(Config{URL: url, APIKey: key, IndexPrefix: prefix, TaskTimeout: time.Minute, Vocabulary: searchtest.Words(t)},
			slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			for _, k := range search.Kinds {
				task, err := e.client.DeleteIndexWithContext(ctx, e.uid(k))
				if err != nil {
					t.Errorf("delete index %s: %v", e.uid(k), err)
					continue
				}
				if err := e.wait(ctx, task); err != nil && !isCode(err, "index_not_found") {
					t.Errorf("delete index %s: %v", e.uid(k), err)
				}
			}
		})
		return e
	}
	searchtest.Run(t, open)
	// The relevance set of issue 15 (docs/BENCHMARKS.md), as for Bleve.
	t.Run("Relevance", func(t *testing.T) { t.Log(searchtest.Relevance(t, open)) })
}
