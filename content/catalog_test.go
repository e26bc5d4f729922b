package content

import (
	"context"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

// TestSnapshotAcrossReplicas runs two stores on one database, as two
// replicas would: a write through one is visible through the other once its
// snapshot is older than CacheMaxAge, and at once through the writer.
func TestSnapshotAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	db := mongodbtest.New(t)
	if err := mongodb.EnsureIndexes(ctx, db, Indexes()); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	writer, reader := NewStore(db, now), NewStore(db, now)

	if _, _, err := reader.Roles(ctx, RoleFilter{}, ListOptions{}); err != nil {
		t.Fatal(err) // caches an empty catalog
	}
	if _, err := writer.Seed(ctx, miniSet(t), false); err != nil {
		t.Fatal(err)
	}
	if _, err := writer.Role(ctx, "testrolle"); err != nil {
		t.Fatalf("the writer must see its own write at once: %v", err)
	}
	if _, total, _ := reader.Roles(ctx, RoleFilter{}, ListOptions{}); total != 0 {
		t.Fatalf("reader refreshed before CacheMaxAge: %d roles", total)
	}
	clock = clock.Add(CacheMaxAge)
	if _, total, _ := reader.Roles(ctx, RoleFilter{}, ListOptions{}); total != 2 {
		t.Fatalf("reader did not pick up the seed after CacheMaxAge: %d roles", total)
	}

	r, _ := writer.Role(ctx, "testrolle")
	r.Summary.DE = "Geändert auf Replikat A"
	if err := writer.EditRole(ctx, r, "admin"); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(CacheMaxAge)
	if got, _ := reader.Role(ctx, "testrolle"); got.Summary.DE != "Geändert auf Replikat A" {
		t.Fatalf("reader still has %q", got.Summary.DE)
	}

	// Without a change, a stale check keeps the same snapshot.
	before, _ := reader.snapshot(ctx)
	clock = clock.Add(CacheMaxAge)
	after, _ := reader.snapshot(ctx)
	if before != after {
		t.Fatal("an unchanged generation reloaded the catalog")
	}
}

func TestPageHelper(t *testing.T) {
	all := []int{1, 2, 3, 4, 5, 6, 7}
	odd := func(v *int) bool { return *v%2 == 1 }
	got, total := page(all, odd, ListOptions{Limit: 2, Page: 2})
	if total != 4 || len(got) != 2 || got[0] != 5 || got[1] != 7 {
		t.Fatalf("page 2 of odd numbers: %v total %d", got, total)
	}
	got, total = page(all, nil, ListOptions{Limit: 5, Page: 3})
	if total != 7 || len(got) != 0 {
		t.Fatalf("page past the end: %v total %d", got, total)
	}
	got, total = page(all, nil, ListOptions{})
	if total != 7 || len(got) != 7 {
		t.Fatalf("no limit: %v total %d", got, total)
	}
}
