package jobs

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestInsightsFromMemory: role profiles read the insights from memory, not
// from the database on every request. A change by another process shows
// after InsightsMaxAge; this process's ComputeInsights shows at once (see
// TestInsights).
func TestInsightsFromMemory(t *testing.T) {
	s, clock := newTestService(t)
	ctx := context.Background()
	in := Insight{ID: "backoffice-mitarbeiter:" + RegionDE, Role: "backoffice-mitarbeiter", Region: RegionDE,
		Count: MinInsightPostings, Median: 40000, P25: 38000, P75: 42000, ComputedAt: clock.Now()}
	few := Insight{ID: "backoffice-mitarbeiter:BE", Role: "backoffice-mitarbeiter", Region: "BE", Count: MinInsightPostings - 1, Median: 1}
	by := Insight{ID: "backoffice-mitarbeiter:BY", Role: "backoffice-mitarbeiter", Region: "BY", Count: MinInsightPostings, Median: 45000}
	if _, err := s.insights.InsertMany(ctx, []any{by, few, in}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Insights(ctx, "backoffice-mitarbeiter")
	if err != nil || len(got) != 2 || got[0].Region != RegionDE || got[0].Median != 40000 || got[1].Region != "BY" {
		t.Fatalf("first read: %+v %v", got, err)
	}
	got[0].Median = -1 // the caller's copy
	if none, err := s.Insights(ctx, "buerokraft"); err != nil || none == nil || len(none) != 0 {
		t.Fatalf("a role without insights: %#v %v", none, err)
	}

	// Another process recomputes, then the collection is even gone: reads
	// within InsightsMaxAge still answer from memory.
	if _, err := s.insights.UpdateOne(ctx, bson.D{{Key: "_id", Value: in.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "median", Value: 50000}}}}); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(InsightsMaxAge / 2)
	if got, err := s.Insights(ctx, "backoffice-mitarbeiter"); err != nil || len(got) != 2 || got[0].Median != 40000 {
		t.Fatalf("within the max age: %+v %v", got, err)
	}
	clock.now = clock.now.Add(InsightsMaxAge / 2)
	if got, err := s.Insights(ctx, "backoffice-mitarbeiter"); err != nil || len(got) != 2 || got[0].Median != 50000 {
		t.Fatalf("after the max age: %+v %v", got, err)
	}
	if err := s.insights.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Insights(ctx, "backoffice-mitarbeiter"); err != nil || len(got) != 2 {
		t.Fatalf("read from the database although fresh: %+v %v", got, err)
	}
	// ComputeInsights (no public postings: nothing to show) refreshes at once.
	if _, err := s.ComputeInsights(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Insights(ctx, "backoffice-mitarbeiter"); err != nil || len(got) != 0 {
		t.Fatalf("after ComputeInsights: %+v %v", got, err)
	}
}
