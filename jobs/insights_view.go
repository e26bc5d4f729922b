package jobs

import (
	"context"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
)

var (
	insightLabel = content.Text{
		DE: "Aus Stellenanzeigen auf Laufbahn: Mittelpunkte der angegebenen Gehaltsspannen als Vollzeit-Jahresgehalt (Monat × 12, Stunde × 2080; weniger Wochenstunden auf 40 hochgerechnet). Ohne Ausbildungs- und Praktikumsstellen, ohne Anzeigen ohne Wochenstunden und ohne Demo-Anzeigen. Keine Erhebung.",
		EN: "From job postings on Laufbahn: midpoints of the advertised salary ranges as full-time yearly pay (month × 12, hour × 2080; fewer weekly hours scaled to 40). Training and internship posts, postings without weekly hours and demo postings are left out. Not a survey.",
	}
	germany = content.Text{DE: "Deutschland", EN: "Germany"}
)

// InsightsView is the role's salary insights from postings as the role
// profile shows them, in lang; a content.InsightsFunc.
func (s *Service) InsightsView(ctx context.Context, role, lang string) (*content.PostingInsightsView, error) {
	ins, err := s.Insights(ctx, role)
	if err != nil {
		return nil, err
	}
	v := &content.PostingInsightsView{Label: insightLabel.In(lang), MinPostings: MinInsightPostings, Items: make([]content.PostingInsightView, 0, len(ins))}
	for _, in := range ins {
		name := germany.In(lang)
		if l, ok := search.Bundeslaender[in.Region]; ok {
			name = l.In(lang)
		}
		v.Items = append(v.Items, content.PostingInsightView{Region: in.Region, RegionName: name, Postings: in.Count, Median: in.Median, P25: in.P25, P75: in.P75,
			Currency: "EUR", Period: "year", ComputedAt: in.ComputedAt})
	}
	return v, nil
}
