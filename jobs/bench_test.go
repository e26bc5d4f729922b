package jobs

import (
	"context"
	"fmt"
	"testing"
)

// benchPostings stores n published postings directly (without the
// per-posting lookups of Create) and returns their ids in insertion order.
func benchPostings(b *testing.B, s *Service, n int) []string {
	b.Helper()
	ctx := context.Background()
	docs := make([]any, 0, n)
	ids := make([]string, 0, n)
	now := s.clock()
	vt := now.Add(DefaultValidity)
	for range n {
		p := &Posting{ID: newID("p_"), Employer: Employer{ID: "o_a", Name: "Muster GmbH"}, Input: validInput(), State: Published,
			PublishedAt: &now, History: []HistoryEntry{{State: Published, At: now}}, Version: 1}
		p.ValidThrough = &vt
		p.DescriptionHTML = s.render.HTML(p.Description)
		docs = append(docs, p)
		ids = append(ids, p.ID)
	}
	if _, err := s.postings.InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
	return ids
}

// BenchmarkPublicPosting reads one posting by _id (GET /api/v1/jobs/{id}
// without HTTP) among n stored postings: the oldest and the newest. On
// embedded FerretDB the _id filter is pushed down to SQLite, but as
// `->'$._id'`, which its _id index (`->"_id"`) does not serve, so SQLite
// walks the rows in insertion order until the match.
func BenchmarkPublicPosting(b *testing.B) {
	for _, n := range []int{500, 2000} {
		s, _ := newTestService(b)
		ids := benchPostings(b, s, n)
		for _, which := range []struct {
			name string
			id   string
		}{{"oldest", ids[0]}, {"newest", ids[len(ids)-1]}} {
			b.Run(fmt.Sprintf("%d/%s", n, which.name), func(b *testing.B) {
				ctx := context.Background()
				for b.Loop() {
					if _, err := s.PublicPosting(ctx, which.id); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
