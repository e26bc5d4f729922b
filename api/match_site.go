package api

import (
	"context"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/search"
)

// PostingRequirements turns a posting's skills into the requirements a
// learner is matched against, as GET /api/v1/jobs/{id}/match does, for
// another surface that shows the same match (the website's job page and
// its gap analysis for a posting).
func PostingRequirements(ctx context.Context, store *content.Store, p *jobs.Posting) ([]learning.Requirement, error) {
	s := &server{Deps: Deps{Content: store}}
	return s.postingRequirements(ctx, p)
}

// SearchJobsByMatch runs a job search ranked by the learner's match score,
// as GET /api/v1/search/jobs?sort=match does: the first MatchWindow hits by
// relevance are scored and sorted, and sq's page is cut from them. The
// scores are aligned with the result's hits (nil: the posting names no
// skills).
func SearchJobsByMatch(ctx context.Context, idx search.Index, store *content.Store, js *jobs.Service, ls *learning.Service, userID string, sq search.Query) (search.Result, []*int, error) {
	s := &server{Deps: Deps{Search: idx, Content: store, Jobs: js, Learning: ls}}
	return s.rankByMatch(ctx, userID, sq)
}
