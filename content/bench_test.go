package content

import (
	"context"
	"testing"
	"time"
)

// BenchmarkRoleCached is a role read served from the snapshot.
func BenchmarkRoleCached(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		if _, err := s.Role(context.Background(), "backoffice-manager"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatalogReload is what one process pays when the content changed:
// loading every content collection into a new snapshot.
func BenchmarkCatalogReload(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		if _, err := s.load(context.Background(), 1); err != nil {
			b.Fatal(err)
		}
	}
}

func benchStore(b *testing.B) *Store {
	s := newStore(b)
	s.now = time.Now
	set, err := Load(Curated())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.Seed(context.Background(), set, false); err != nil {
		b.Fatal(err)
	}
	return s
}
