package jobs

import (
	"context"
	"errors"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
)

// TestStaleRevisionChangesNothing: an update at a revision the posting has
// left is a Conflict wrapping ErrStale and stores nothing; at the current
// revision it goes through and moves the revision on.
func TestStaleRevisionChangesNothing(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	p, _, err := s.Create(ctx, "o_a", "u_1", validInput())
	if err != nil {
		t.Fatal(err)
	}
	rev := p.Version
	set := func(title string) func(*Input) error {
		return func(in *Input) error { in.Title = title; return nil }
	}
	q, _, err := s.UpdateAt(ctx, "o_a", p.ID, rev, set("Erste Fassung (m/w/d)"))
	if err != nil {
		t.Fatal(err)
	}
	if q.Version != rev+1 {
		t.Fatalf("revision %d after an update from %d", q.Version, rev)
	}
	// The second editor still holds the old revision.
	_, _, err = s.UpdateAt(ctx, "o_a", p.ID, rev, set("Zweite Fassung (m/w/d)"))
	if !apperr.Is(err, apperr.Conflict) || !errors.Is(err, ErrStale) {
		t.Fatalf("stale update: %v", err)
	}
	got, err := s.Posting(ctx, "o_a", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Erste Fassung (m/w/d)" || got.Version != rev+1 {
		t.Errorf("after the refused update: %q at revision %d", got.Title, got.Version)
	}
}

// TestSaveDoesNotOverwriteAnotherReplica: two services on one database
// (two replicas, each with its own in-process locks). A write that lands
// between another's read and save makes that save a Conflict; the first
// write is kept.
func TestSaveDoesNotOverwriteAnotherReplica(t *testing.T) {
	a, _ := newTestService(t)
	b, err := New(Config{DB: a.db, Content: a.content, Orgs: a.orgs, Now: a.now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, _, err := a.Create(ctx, "o_a", "u_1", validInput())
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = a.Update(ctx, "o_a", p.ID, func(in *Input) error {
		// b saves while a holds the posting it read.
		if _, _, err := b.Update(ctx, "o_a", p.ID, func(in *Input) error { in.Title = "Von B (m/w/d)"; return nil }); err != nil {
			t.Errorf("b: %v", err)
		}
		in.Title = "Von A (m/w/d)"
		return nil
	})
	if !errors.Is(err, ErrStale) {
		t.Fatalf("a's save over b's write: %v", err)
	}
	got, _ := a.Posting(ctx, "o_a", p.ID)
	if got.Title != "Von B (m/w/d)" {
		t.Errorf("title %q: b's write was overwritten", got.Title)
	}
}
