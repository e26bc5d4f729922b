package jobs

import (
	"context"
	"errors"
	"testing"
)

// TestVersionFilter: conditional writes keep their version condition unless
// the service is the database's single writer (embedded FerretDB), where
// only an {_id} filter is looked up by index.
func TestVersionFilter(t *testing.T) {
	s, _ := newTestService(t)
	if f := s.versionFilter("p_1", 3); len(f) != 2 || f[1].Key != "version" || f[1].Value != int64(3) {
		t.Errorf("several writers: %v", f)
	}
	single, err := New(Config{DB: s.db, Content: s.content, Orgs: s.orgs, SingleWriter: true})
	if err != nil {
		t.Fatal(err)
	}
	if f := single.versionFilter("p_1", 3); len(f) != 1 || f[0].Key != "_id" || f[0].Value != "p_1" {
		t.Errorf("single writer: %v", f)
	}
	// Its writes still move the revision on and refuse a stale one.
	ctx := context.Background()
	p, _, err := single.Create(ctx, "o_a", "u_1", validInput())
	if err != nil {
		t.Fatal(err)
	}
	retitle := func(in *Input) error { in.Title = "Neu (m/w/d)"; return nil }
	q, _, err := single.UpdateAt(ctx, "o_a", p.ID, p.Version, retitle)
	if err != nil || q.Version != p.Version+1 || q.Title != "Neu (m/w/d)" {
		t.Fatalf("update: %+v %v", q, err)
	}
	if _, _, err := single.UpdateAt(ctx, "o_a", p.ID, p.Version, retitle); !errors.Is(err, ErrStale) {
		t.Fatalf("stale update: %v", err)
	}
}
