package jobs

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/mongodb"
)

// MinInsightPostings is the fewest postings an insight is shown from:
// fewer say little and could point at a single employer.
const MinInsightPostings = 5

// RegionDE is the region of the nationwide insight.
const RegionDE = "DE"

// Insight is the pay advertised in public postings for a role in a region
// (a Bundesland code or "DE"): the number of postings and the median, 25th
// and 75th percentile of their annualised salary midpoints, in EUR per
// year. It comes from postings on this platform, not from a survey.
type Insight struct {
	ID         string    `bson:"_id"`
	Role       string    `bson:"role"`
	Region     string    `bson:"region"`
	Count      int       `bson:"count"`
	Median     float64   `bson:"median"`
	P25        float64   `bson:"p25"`
	P75        float64   `bson:"p75"`
	ComputedAt time.Time `bson:"computedAt"`
}

// Percentile returns the p-th percentile (0–100) of sorted values by linear
// interpolation between the closest ranks (the method of Excel's
// PERCENTILE.INC and NumPy's default).
func Percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := p / 100 * float64(len(sorted)-1)
	lo := int(math.Floor(rank))
	hi := int(math.Ceil(rank))
	return sorted[lo] + (sorted[hi]-sorted[lo])*(rank-float64(lo))
}

// ComputeInsights recomputes every insight from the public postings (a scan
// of the published postings; statistics are computed in Go, as FerretDB
// has no $avg or percentile accumulators) and returns how many groups it
// stored. Groups below MinInsightPostings are stored too (with their count)
// but never shown. Only postings that compare like with like count (see
// countsForInsights).
func (s *Service) ComputeInsights(ctx context.Context) (int, error) {
	now := s.clock()
	// Whatever was written, the next read sees it.
	defer s.forgetInsights()
	groups := map[[2]string][]float64{}
	err := (*source)(s).public(ctx, func(ps []Posting) error {
		for i := range ps {
			p := &ps[i]
			mid, ok := fullTimeMidpoint(p)
			if !ok {
				continue
			}
			groups[[2]string{p.Role, p.Location.Bundesland}] = append(groups[[2]string{p.Role, p.Location.Bundesland}], mid)
			groups[[2]string{p.Role, RegionDE}] = append(groups[[2]string{p.Role, RegionDE}], mid)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for k, vals := range groups {
		slices.Sort(vals)
		in := Insight{ID: k[0] + ":" + k[1], Role: k[0], Region: k[1], Count: len(vals),
			Median: round2(Percentile(vals, 50)), P25: round2(Percentile(vals, 25)), P75: round2(Percentile(vals, 75)), ComputedAt: now}
		if _, err := s.insights.ReplaceOne(ctx, bson.D{{Key: "_id", Value: in.ID}}, in, options.Replace().SetUpsert(true)); err != nil {
			return 0, mongodb.Translate(err, "salary insight")
		}
	}
	// Groups without public postings any more.
	if _, err := s.insights.DeleteMany(ctx, bson.D{{Key: "computedAt", Value: bson.D{{Key: "$lt", Value: now}}}}); err != nil {
		return 0, mongodb.Translate(err, "salary insights")
	}
	return len(groups), nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// fullTimeMidpoint is the posting's salary midpoint as a full-time yearly
// equivalent (Posting.YearlyEquivalent: pay for fewer hours scaled up to
// FullTimeHours), so that postings compare like with like. Pay without an
// equivalent (no hours given), training and internship pay and demo
// postings (laufbahn demo: made up) do not count.
func fullTimeMidpoint(p *Posting) (float64, bool) {
	if p.Demo || p.Employment.Type == "ausbildung" || p.Employment.Type == "praktikum" {
		return 0, false
	}
	return p.YearlyEquivalent((p.Salary.Min + p.Salary.Max) / 2)
}

// InsightsMaxAge is how long Insights serves the salary insights from
// memory before reading them again. This process's own ComputeInsights
// refreshes them at once; the age only bounds how long a recomputation by
// another process (a replica in services mode) takes to show.
const InsightsMaxAge = time.Minute

// insightsMemory is every shown insight by role, read from the database in
// one query; role profiles and pages read it on every request, and it
// changes only when the insights are recomputed (every few minutes).
type insightsMemory struct {
	mu     sync.RWMutex
	byRole map[string][]Insight
	loaded time.Time // zero: read again
}

// Insights returns the shown insights of a role (from MinInsightPostings
// up), nationwide first, then by region. They come from memory (see
// InsightsMaxAge); the caller may keep and change the slice.
func (s *Service) Insights(ctx context.Context, role string) ([]Insight, error) {
	m := &s.insightsMem
	now := s.clock()
	m.mu.RLock()
	fresh := !m.loaded.IsZero() && now.Sub(m.loaded) < InsightsMaxAge
	ins := m.byRole[role]
	m.mu.RUnlock()
	if !fresh {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.loaded.IsZero() || now.Sub(m.loaded) >= InsightsMaxAge {
			byRole, err := s.readInsights(ctx)
			if err != nil {
				return nil, err
			}
			m.byRole, m.loaded = byRole, now
		}
		ins = m.byRole[role]
	}
	return append([]Insight{}, ins...), nil
}

// forgetInsights makes the next Insights read them again.
func (s *Service) forgetInsights() {
	s.insightsMem.mu.Lock()
	s.insightsMem.loaded = time.Time{}
	s.insightsMem.mu.Unlock()
}

// readInsights reads every shown insight, grouped by role and sorted.
func (s *Service) readInsights(ctx context.Context) (map[string][]Insight, error) {
	cur, err := s.insights.Find(ctx, bson.D{})
	if err != nil {
		return nil, mongodb.Translate(err, "salary insights")
	}
	var all []Insight
	if err := cur.All(ctx, &all); err != nil {
		return nil, mongodb.Translate(err, "salary insights")
	}
	byRole := map[string][]Insight{}
	for _, in := range all {
		if in.Count >= MinInsightPostings {
			byRole[in.Role] = append(byRole[in.Role], in)
		}
	}
	for _, out := range byRole {
		slices.SortFunc(out, func(a, b Insight) int {
			switch {
			case a.Region == RegionDE && b.Region != RegionDE:
				return -1
			case b.Region == RegionDE && a.Region != RegionDE:
				return 1
			case a.Region < b.Region:
				return -1
			case a.Region > b.Region:
				return 1
			}
			return 0
		})
	}
	return byRole, nil
}
