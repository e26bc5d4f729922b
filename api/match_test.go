package api

import (
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/learning"
)

// TestJobMatch scores learners against known postings; the dashboard
// lists the learner's applications.
func TestJobMatch(t *testing.T) {
	a := newJobsApp(t)
	// The same dependencies plus learning.
	app, _ := newApp(Deps{Content: a.srv.Content, Accounts: a.Env.Service, Jobs: a.jobs, RateLimits: &generous, Search: a.srv.Search,
		Learning: learning.New(a.DB, a.srv.Content, time.Now)})
	// Posting 1 (role backoffice-mitarbeiter, whose checklist names neither
	// skill, so both need basic): Geschäftskorrespondenz essential,
	// Buchhaltung optional.
	p1 := a.create(t, a.employer, nil)
	a.publish(t, a.employer, p1)
	// Posting 2: MS Office essential (checklist: level 3 → needs expert),
	// English optional (checklist: level 2 → needs good).
	p2 := a.create(t, a.employer, map[string]any{"skills": []map[string]any{{"slug": "ms-office", "essential": true}, {"slug": "englisch", "essential": false}}})
	a.publish(t, a.employer, p2)
	draft := a.create(t, a.employer, nil)
	closed := a.create(t, a.employer, nil)
	a.publish(t, a.employer, closed)
	resp, body := a.do(t, "POST", "/api/v1/organisations/mine/postings/"+closed+"/close", a.employer, `{"reason":"filled"}`)
	wantStatus(t, resp, body, 200)

	a.pass(t) // index the published postings (and drop the closed one)
	score := func(want float64) func(*testing.T, map[string]any) {
		return func(t *testing.T, b map[string]any) {
			t.Helper()
			if b["score"] != want {
				t.Errorf("score %v, want %v: %v", b["score"], want, b)
			}
		}
	}
	runScenarios(t, app, []scenario{
		{name: "no assessments: score 0", path: "/api/v1/jobs/" + p1 + "/match", token: a.learner, wantStatus: 200, check: score(0),
			wantBody: []string{`"missing":["geschaeftskorrespondenz"]`, `"missing":["buchhaltung-grundlagen"]`}},
		{name: "assess", method: "PUT", path: "/api/v1/me/skills/geschaeftskorrespondenz", token: a.learner, body: `{"level":1}`, wantStatus: 200},
		{name: "assess ms-office", method: "PUT", path: "/api/v1/me/skills/ms-office", token: a.learner, body: `{"level":2}`, wantStatus: 200},
		{name: "assess english", method: "PUT", path: "/api/v1/me/skills/englisch", token: a.learner, body: `{"level":3}`, wantStatus: 200},
		// essential met (2 of 2), optional missing (0 of 1): 2/3
		{name: "posting 1", path: "/api/v1/jobs/" + p1 + "/match", token: a.learner, wantStatus: 200, check: score(67),
			wantBody: []string{`"met":["geschaeftskorrespondenz"]`}},
		// essential partly: 2 × 2/3; optional met: 1 → (4/3 + 1) / 3 = 78
		{name: "posting 2", path: "/api/v1/jobs/" + p2 + "/match?lang=en", token: a.learner, wantStatus: 200, check: score(78),
			wantBody: []string{`"partly":["ms-office"]`, `"met":["englisch"]`, `"requiredName":"Very good"`}},
		{name: "another learner has their own score", path: "/api/v1/jobs/" + p2 + "/match", token: a.learner2, wantStatus: 200, check: score(0)},
		{name: "gap analysis for a posting", path: "/api/v1/jobs/" + p2 + "/gap-analysis", token: a.learner, wantStatus: 200,
			wantBody: []string{`"kind":"posting"`, `"skill":"ms-office"`}},
		{name: "a draft is not found", path: "/api/v1/jobs/" + draft + "/match", token: a.learner, wantStatus: 404},
		{name: "an unknown posting is not found", path: "/api/v1/jobs/p_nope/match", token: a.learner, wantStatus: 404},
		{name: "a closed posting is gone", path: "/api/v1/jobs/" + closed + "/match", token: a.learner, wantStatus: 410},
		{name: "employers do not match", path: "/api/v1/jobs/" + p1 + "/match", token: a.employer, wantStatus: 403},
		{name: "anonymous callers sign in first", path: "/api/v1/jobs/" + p1 + "/match", wantStatus: 401},
		{name: "unknown parameter", path: "/api/v1/jobs/" + p1 + "/match?x=1", token: a.learner, wantStatus: 400},
		{name: "apply", method: "POST", path: "/api/v1/jobs/" + p1 + "/applications", token: a.learner, body: `{"coverNote":"Ich freue mich auf Ihre Antwort."}`, wantStatus: 201},
		{name: "job search by match: the better match first, with scores", path: "/api/v1/search/jobs?sort=match", token: a.learner, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				its := items(t, b)
				if len(its) != 2 || its[0]["id"] != p2 || its[0]["matchScore"] != 78.0 || its[1]["id"] != p1 || its[1]["matchScore"] != 67.0 {
					t.Errorf("hits %v", its)
				}
				wantTotal(2)(t, b)
			}},
		{name: "job search by match, second page", path: "/api/v1/search/jobs?sort=match&limit=1&page=2", token: a.learner, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				if its := items(t, b); len(its) != 1 || its[0]["id"] != p1 {
					t.Errorf("hits %v", its)
				}
			}},
		{name: "another learner's ranking is their own", path: "/api/v1/search/jobs?sort=match", token: a.learner2, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				for _, it := range items(t, b) {
					if it["matchScore"] != 0.0 {
						t.Errorf("hit %v", it)
					}
				}
			}},
		{name: "job search by relevance carries no score", path: "/api/v1/search/jobs", token: a.learner, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				for _, it := range items(t, b) {
					if _, ok := it["matchScore"]; ok {
						t.Errorf("hit %v", it)
					}
				}
			}},
		{name: "sorting by match needs a token", path: "/api/v1/search/jobs?sort=match", wantStatus: 401},
		{name: "sorting by match is for learners", path: "/api/v1/search/jobs?sort=match", token: a.employer, wantStatus: 403},
		{name: "save a posting", method: "PUT", path: "/api/v1/me/saved/postings/" + p2, token: a.learner, wantStatus: 204},
		{name: "the dashboard lists the application and the saved posting", path: "/api/v1/me/dashboard", token: a.learner, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			apps, ok := b["applications"].([]any)
			if !ok || len(apps) != 1 {
				t.Errorf("applications %v", b["applications"])
			}
			if saved := b["savedPostings"].(map[string]any); saved["total"].(float64) != 1 {
				t.Errorf("saved %v", saved)
			}
		}},
	})
}
