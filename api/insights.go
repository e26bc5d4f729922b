package api

import (
	"context"
	"time"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
)

// PostingInsightsView is what the postings on this platform advertise for a
// role: shown beside the curated, sourced ranges and always labelled as
// coming from postings, with their number and computation time. Regions
// with fewer than MinPostings postings are left out.
type PostingInsightsView struct {
	Label       string               `json:"label"`
	MinPostings int                  `json:"minPostings"`
	Items       []PostingInsightView `json:"items"`
}

// PostingInsightView is the insight for one region.
type PostingInsightView struct {
	// Region is a Bundesland code or "DE" for Germany.
	Region     string `json:"region"`
	RegionName string `json:"regionName"`
	// Postings is the number of public postings the figures come from.
	Postings int `json:"postings"`
	// Median, P25 and P75 are of the postings' salary midpoints, annualised
	// (month × 12, hour × 2080).
	Median     float64   `json:"median"`
	P25        float64   `json:"p25"`
	P75        float64   `json:"p75"`
	Currency   string    `json:"currency"`
	Period     string    `json:"period"`
	ComputedAt time.Time `json:"computedAt"`
}

var (
	insightLabel = content.Text{
		DE: "Aus Stellenanzeigen auf Laufbahn: Mittelpunkte der angegebenen Gehaltsspannen, aufs Jahr gerechnet (Monat × 12, Stunde × 2080). Keine Erhebung.",
		EN: "From job postings on Laufbahn: midpoints of the advertised salary ranges, annualised (month × 12, hour × 2080). Not a survey.",
	}
	germany = content.Text{DE: "Deutschland", EN: "Germany"}
)

// postingInsights returns the insights of a role; nil without the jobs
// service.
func (s *server) postingInsights(ctx context.Context, role, lang string) (*PostingInsightsView, error) {
	if s.Jobs == nil {
		return nil, nil
	}
	ins, err := s.Jobs.Insights(ctx, role)
	if err != nil {
		return nil, err
	}
	v := &PostingInsightsView{Label: insightLabel.In(lang), MinPostings: jobs.MinInsightPostings, Items: make([]PostingInsightView, 0, len(ins))}
	for _, in := range ins {
		name := germany.In(lang)
		if l, ok := search.Bundeslaender[in.Region]; ok {
			name = l.In(lang)
		}
		v.Items = append(v.Items, PostingInsightView{Region: in.Region, RegionName: name, Postings: in.Count, Median: in.Median, P25: in.P25, P75: in.P75,
			Currency: "EUR", Period: "year", ComputedAt: in.ComputedAt})
	}
	return v, nil
}
