package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/learning"
)

// newLearningApp is the API with content, accounts and learning on one
// fresh, seeded database.
func newLearningApp(t *testing.T) *accountsApp {
	t.Helper()
	store, db := contenttest.Seeded(t)
	env := accounttest.New(t, db, accounttest.Options{RoleExists: func(ctx context.Context, slug string) (bool, error) {
		_, err := store.Role(ctx, slug)
		return err == nil, nil
	}})
	app, srv := newApp(Deps{Content: store, Accounts: env.Service, Learning: learning.New(db, store, env.Clock.Now), RateLimits: &generous})
	return &accountsApp{app: app, srv: srv, Env: env}
}

// TestLearningDoneWhen walks the "done when": enrol in a path, tick
// two steps, set three skills, get a gap analysis for Backoffice-Manager
// with a concrete course plan; every response validated against the spec.
func TestLearningDoneWhen(t *testing.T) {
	a := newLearningApp(t)
	a.User(t, "lena@example.de", account.Learner, false)
	tok := a.login(t, "lena@example.de").AccessToken
	runScenarios(t, a.app, []scenario{
		{name: "no enrolments yet", path: "/api/v1/me/enrolments", token: tok, wantStatus: 200, wantBody: []string{`"items":[]`}},
		{name: "enrol", method: "POST", path: "/api/v1/me/enrolments", token: tok, body: `{"path":"weiterbildung-backoffice-manager"}`, wantStatus: 201,
			check: func(t *testing.T, b map[string]any) {
				// Steps count from 1 in the API as on the pages.
				if b["path"] != "weiterbildung-backoffice-manager" || len(b["steps"].([]any)) != 5 || b["next"].(float64) != 1 {
					t.Errorf("enrolment %v", b)
				}
				steps := b["steps"].([]any)
				if first, last := steps[0].(map[string]any), steps[4].(map[string]any); first["number"] != 1.0 || last["number"] != 5.0 {
					t.Errorf("step numbers %v … %v, want 1 … 5", first["number"], last["number"])
				}
			}},
		{name: "enrol again changes nothing", method: "POST", path: "/api/v1/me/enrolments", token: tok, body: `{"path":"weiterbildung-backoffice-manager"}`, wantStatus: 200},
		{name: "enrol in an unknown path", method: "POST", path: "/api/v1/me/enrolments", token: tok, body: `{"path":"mondlandung"}`, wantStatus: 400, check: wantError("path")},
		{name: "enrol without a path", method: "POST", path: "/api/v1/me/enrolments", token: tok, body: `{}`, wantStatus: 400, check: wantError("path")},
		{name: "enrol with an unknown field", method: "POST", path: "/api/v1/me/enrolments", token: tok, body: `{"path":"bwl-studium","userId":"u_x"}`, wantStatus: 400, check: wantError("userId")},
		{name: "tick the training", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/1", token: tok,
			body: `{"state":"done","doneOn":"2024-06-30","note":"IHK-Abschluss"}`, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				e := b["enrolment"].(map[string]any)
				p := e["progress"].(map[string]any)
				// 36 months done of 36 + 4 × 36 (stand-in) for the two
				// non-optional steps without a duration: 36 of 108.
				if p["percent"].(float64) != 33.3 || p["doneSteps"].(float64) != 1 {
					t.Errorf("progress %v", p)
				}
				if len(b["suggestions"].([]any)) != 6 {
					t.Errorf("suggestions %v", b["suggestions"])
				}
				// steps/1 ticked the first step; the event names it 1.
				first := e["steps"].([]any)[0].(map[string]any)
				if first["number"] != 1.0 || first["state"] != "done" || e["next"] != 2.0 {
					t.Errorf("first step %v, next %v", first, e["next"])
				}
				if ev := e["history"].([]any)[0].(map[string]any); ev["kind"] != "step" || ev["step"] != 1.0 {
					t.Errorf("newest event %v", ev)
				}
			}},
		{name: "tick the experience", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/2", token: tok,
			body: `{"state":"done","link":"https://example.de/zeugnis.pdf"}`, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				p := b["enrolment"].(map[string]any)["progress"].(map[string]any)
				if p["percent"].(float64) != 66.7 {
					t.Errorf("progress %v", p)
				}
			}},
		{name: "skip option B", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/4", token: tok,
			body: `{"state":"skipped","reason":"Variante A gewählt"}`, wantStatus: 200, wantBody: []string{`"reason":"Variante A gewählt"`}},
		{name: "plan option A", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/3", token: tok,
			body: `{"state":"in_progress","plannedStart":"2026-09-01","plannedEnd":"2027-08-31"}`, wantStatus: 200},
		{name: "skip without a reason", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/5", token: tok,
			body: `{"state":"skipped"}`, wantStatus: 400, check: wantError("reason")},
		{name: "an http link", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/5", token: tok,
			body: `{"state":"done","link":"http://example.de"}`, wantStatus: 400, check: wantError("link")},
		{name: "a step that does not exist", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/6", token: tok,
			body: `{"state":"done"}`, wantStatus: 404},
		{name: "step 0: steps count from 1", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/0", token: tok,
			body: `{"state":"done"}`, wantStatus: 404},
		{name: "a negative step", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/-1", token: tok,
			body: `{"state":"done"}`, wantStatus: 404},
		{name: "a step number with a leading zero", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/01", token: tok,
			body: `{"state":"done"}`, wantStatus: 404},
		{name: "a step number that is no number", method: "PATCH", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager/steps/eins", token: tok,
			body: `{"state":"done"}`, wantStatus: 404},
		{name: "a path I am not enrolled in", method: "PATCH", path: "/api/v1/me/enrolments/bwl-studium/steps/1", token: tok,
			body: `{"state":"done"}`, wantStatus: 404},
		{name: "set background", method: "PUT", path: "/api/v1/me/background", token: tok, body: `{"commercialTraining":true,"abitur":false,"officeYears":3}`, wantStatus: 200},
		{name: "background needs every field", method: "PUT", path: "/api/v1/me/background", token: tok, body: `{"commercialTraining":true}`, wantStatus: 400, check: wantError("officeYears")},
		{name: "skill 1 expert: the top of the checklists' scale", method: "PUT", path: "/api/v1/me/skills/ms-office", token: tok, body: `{"level":4,"evidence":"Ausbildung"}`, wantStatus: 200, wantBody: []string{`"level":4`, `"levelName":"Expertenwissen"`}},
		{name: "skill 1 very good", method: "PUT", path: "/api/v1/me/skills/ms-office", token: tok, body: `{"level":3,"evidence":"Ausbildung"}`, wantStatus: 200, wantBody: []string{`"level":3`, `"levelName":"Sehr gute Kenntnisse"`}},
		{name: "skill level none", method: "PUT", path: "/api/v1/me/skills/englisch", token: tok, body: `{"level":0}`, wantStatus: 200, wantBody: []string{`"levelName":"Keine Kenntnisse"`}},
		{name: "skill 2", method: "PUT", path: "/api/v1/me/skills/organisationstalent", token: tok, body: `{"level":2}`, wantStatus: 200},
		{name: "skill 3", method: "PUT", path: "/api/v1/me/skills/englisch", token: tok, body: `{"level":1}`, wantStatus: 200},
		{name: "skill level out of range", method: "PUT", path: "/api/v1/me/skills/englisch", token: tok, body: `{"level":5}`, wantStatus: 400, check: wantError("level")},
		{name: "skill level below none", method: "PUT", path: "/api/v1/me/skills/englisch", token: tok, body: `{"level":-1}`, wantStatus: 400, check: wantError("level")},
		{name: "skill level missing", method: "PUT", path: "/api/v1/me/skills/englisch", token: tok, body: `{"evidence":"x"}`, wantStatus: 400, check: wantError("level")},
		{name: "unknown skill", method: "PUT", path: "/api/v1/me/skills/zaubern", token: tok, body: `{"level":1}`, wantStatus: 404},
		{name: "my skills", path: "/api/v1/me/skills?lang=en", token: tok, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(items(t, b)) != 3 || items(t, b)[0]["skill"] != "englisch" || items(t, b)[0]["levelName"] != "Basic" || items(t, b)[1]["levelName"] != "Very good" {
				t.Errorf("skills %v", b)
			}
		}},
		{name: "gap analysis for Backoffice-Manager", path: "/api/v1/me/gap-analysis?role=backoffice-manager", token: tok, wantStatus: 200,
			wantBody: []string{`"slug":"fernstudium-backoffice-manager"`, `"satisfiedBy":"background:kaufmaennische-ausbildung"`, `"duration":"Dauer unbekannt"`, `"reason":"no_course"`},
			check: func(t *testing.T, b map[string]any) {
				plan := b["plan"].(map[string]any)
				if len(plan["courses"].([]any)) == 0 || plan["quereinstieg"] != false {
					t.Errorf("plan %v", plan)
				}
				gaps := b["gaps"].([]any)
				if gaps[0].(map[string]any)["essential"] != true {
					t.Errorf("gaps not essential first: %v", gaps[0])
				}
			}},
		{name: "gap analysis without a role", path: "/api/v1/me/gap-analysis", token: tok, wantStatus: 400, check: wantError("role")},
		{name: "gap analysis for an unknown role", path: "/api/v1/me/gap-analysis?role=astronaut", token: tok, wantStatus: 400, check: wantError("role")},
		{name: "gap analysis with an unknown parameter", path: "/api/v1/me/gap-analysis?rolle=x", token: tok, wantStatus: 400, check: wantError("rolle")},
		{name: "checklist", path: "/api/v1/me/checklist?role=backoffice-manager", token: tok, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			its := items(t, b)
			if its[0]["essential"] != true || b["met"].(float64) != 1 || b["partly"].(float64) != 2 {
				t.Errorf("checklist %v", b)
			}
		}},
		{name: "set a target role", method: "PATCH", path: "/api/v1/me", token: tok, body: `{"targetRole":"backoffice-manager"}`, wantStatus: 200},
	})
	// The target role is on the account now; a fresh token carries it.
	tok = a.login(t, "lena@example.de").AccessToken
	runScenarios(t, a.app, []scenario{
		{name: "checklist of the target role", path: "/api/v1/me/checklist", token: tok, wantStatus: 200, wantBody: []string{`"role":"backoffice-manager"`, `"Sehr gute Kenntnisse"`}},
		{name: "choose English for the account", method: "PATCH", path: "/api/v1/me", token: tok, body: `{"language":"en"}`, wantStatus: 200},
		{name: "the account's language answers without lang or Accept-Language", path: "/api/v1/me/checklist", token: tok, wantStatus: 200, wantBody: []string{`"Very good"`}},
		{name: "Accept-Language still wins over the account", path: "/api/v1/me/checklist", token: tok, header: map[string]string{"Accept-Language": "de"}, wantStatus: 200, wantBody: []string{`"Sehr gute Kenntnisse"`}},
		{name: "back to German", method: "PATCH", path: "/api/v1/me", token: tok, body: `{"language":"de"}`, wantStatus: 200},
		{name: "dashboard", path: "/api/v1/me/dashboard", token: tok, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(b["enrolments"].([]any)) != 1 || b["checklist"] == nil {
				t.Errorf("dashboard %v", b)
			}
			next := b["next"].(map[string]any)
			// Step 3 (option A) is the first open step that counts.
			if next["kind"] != "step" || next["step"].(float64) != 3 {
				t.Errorf("next %v", next)
			}
			// enrolled, four step changes, five ratings of three skills
			// (the rejected requests left no trace)
			act := b["activity"].([]any)
			if len(act) != 10 {
				t.Errorf("activity %v", act)
			}
			// The newest step event is planning option A, step 3.
			for _, a := range act {
				if ev := a.(map[string]any); ev["kind"] == "step" {
					if ev["step"] != 3.0 {
						t.Errorf("newest step event %v, want step 3", ev)
					}
					break
				}
			}
		}},
		{name: "enrolment", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager?lang=en", token: tok, wantStatus: 200,
			wantBody: []string{`"title":"Further training to become a back office manager"`, `"plannedEnd":"2027-08-31"`}},
		{name: "delete a skill", method: "DELETE", path: "/api/v1/me/skills/englisch", token: tok, wantStatus: 204},
		{name: "delete it again", method: "DELETE", path: "/api/v1/me/skills/englisch", token: tok, wantStatus: 404},
		{name: "unenrol", method: "DELETE", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager", token: tok, wantStatus: 204},
		{name: "unenrolled", path: "/api/v1/me/enrolments/weiterbildung-backoffice-manager", token: tok, wantStatus: 404},
		{name: "dashboard without enrolments recommends a course", path: "/api/v1/me/dashboard", token: tok, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if next := b["next"].(map[string]any); next["kind"] != "course" || next["course"] == "" {
				t.Errorf("next %v", next)
			}
		}},
	})
}

// TestLearningPrivacy: progress and assessments are only their owner's.
// Another learner sees their own (empty) state and 404 for the first
// learner's enrolment; an employer is refused; anonymous callers must sign
// in.
func TestLearningPrivacy(t *testing.T) {
	a := newLearningApp(t)
	a.User(t, "lena@example.de", account.Learner, false)
	a.User(t, "otto@example.de", account.Learner, false)
	a.User(t, "chef@example.de", account.Employer, true)
	lena := a.login(t, "lena@example.de").AccessToken
	otto := a.login(t, "otto@example.de").AccessToken
	chef := a.login(t, "chef@example.de").AccessToken
	runScenarios(t, a.app, []scenario{
		{name: "lena enrols", method: "POST", path: "/api/v1/me/enrolments", token: lena, body: `{"path":"bwl-studium"}`, wantStatus: 201},
		{name: "lena assesses", method: "PUT", path: "/api/v1/me/skills/englisch", token: lena, body: `{"level":2,"evidence":"B2-Zertifikat"}`, wantStatus: 200},
	})
	routes := []struct{ method, path, body string }{
		{"GET", "/api/v1/me/enrolments", ""},
		{"POST", "/api/v1/me/enrolments", `{"path":"bwl-studium"}`},
		{"GET", "/api/v1/me/enrolments/bwl-studium", ""},
		{"PATCH", "/api/v1/me/enrolments/bwl-studium/steps/1", `{"state":"done"}`},
		{"DELETE", "/api/v1/me/enrolments/bwl-studium", ""},
		{"GET", "/api/v1/me/skills", ""},
		{"PUT", "/api/v1/me/skills/englisch", `{"level":3}`},
		{"DELETE", "/api/v1/me/skills/englisch", ""},
		{"GET", "/api/v1/me/background", ""},
		{"PUT", "/api/v1/me/background", `{"commercialTraining":false,"abitur":false,"officeYears":0}`},
		{"GET", "/api/v1/me/checklist?role=bueroleiter", ""},
		{"GET", "/api/v1/me/gap-analysis?role=bueroleiter", ""},
		{"GET", "/api/v1/me/dashboard", ""},
	}
	var scs []scenario
	for _, r := range routes {
		name := r.method + " " + r.path
		scs = append(scs,
			scenario{name: "anonymous " + name, method: r.method, path: r.path, body: r.body, wantStatus: 401},
			scenario{name: "employer " + name, method: r.method, path: r.path, body: r.body, token: chef, wantStatus: 403})
	}
	runScenarios(t, a.app, scs)
	// Otto sees only his own state: Lena's enrolment is a 404 to him.
	runScenarios(t, a.app, []scenario{
		{name: "otto's enrolments are his own", path: "/api/v1/me/enrolments", token: otto, wantStatus: 200, wantBody: []string{`"items":[]`}},
		{name: "otto's skills are his own", path: "/api/v1/me/skills", token: otto, wantStatus: 200, wantBody: []string{`"items":[]`}},
		{name: "lena's enrolment is not found for otto", path: "/api/v1/me/enrolments/bwl-studium", token: otto, wantStatus: 404},
		{name: "otto cannot tick lena's step", method: "PATCH", path: "/api/v1/me/enrolments/bwl-studium/steps/1", token: otto, body: `{"state":"done"}`, wantStatus: 404},
		{name: "otto cannot unenrol lena", method: "DELETE", path: "/api/v1/me/enrolments/bwl-studium", token: otto, wantStatus: 404},
		{name: "otto cannot remove lena's assessment", method: "DELETE", path: "/api/v1/me/skills/englisch", token: otto, wantStatus: 404},
		{name: "otto's dashboard is empty", path: "/api/v1/me/dashboard", token: otto, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(b["enrolments"].([]any)) != 0 || len(b["activity"].([]any)) != 0 {
				t.Errorf("otto sees %v", b)
			}
		}},
	})
	// Lena's data is intact.
	resp, body := a.do(t, "GET", "/api/v1/me/enrolments/bwl-studium", lena, "")
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(string(body), `"state":"not_started"`) || strings.Contains(string(body), `"state":"done"`) {
		t.Errorf("lena's enrolment changed: %s", body)
	}
	resp, body = a.do(t, "GET", "/api/v1/me/skills", lena, "")
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(string(body), `"evidence":"B2-Zertifikat"`) {
		t.Errorf("lena's skills changed: %s", body)
	}
}

// TestLearningExportAndDeletion: the export carries the learning data;
// deleting the account deletes it.
func TestLearningExportAndDeletion(t *testing.T) {
	a := newLearningApp(t)
	lena := a.User(t, "lena@example.de", account.Learner, false)
	tok := a.login(t, "lena@example.de").AccessToken
	runScenarios(t, a.app, []scenario{
		{name: "enrol", method: "POST", path: "/api/v1/me/enrolments", token: tok, body: `{"path":"bwl-studium"}`, wantStatus: 201},
		{name: "tick", method: "PATCH", path: "/api/v1/me/enrolments/bwl-studium/steps/2", token: tok, body: `{"state":"done","note":"Praktikum"}`, wantStatus: 200},
		{name: "assess", method: "PUT", path: "/api/v1/me/skills/englisch", token: tok, body: `{"level":2,"evidence":"B2"}`, wantStatus: 200},
		{name: "export", path: "/api/v1/me/export", token: tok, wantStatus: 200,
			wantBody: []string{`"learning":{`, `"note":"Praktikum"`, `"evidence":"B2"`, `"path":"bwl-studium"`}},
		{name: "delete me", method: "DELETE", path: "/api/v1/me", token: tok, body: `{"password":"` + accounttest.Password + `"}`, wantStatus: 204},
	})
	for _, c := range []struct{ coll, id string }{{learning.CollLearners, lena.ID}, {learning.CollEnrolments, lena.ID + ":bwl-studium"}} {
		n, err := a.DB.Collection(c.coll).CountDocuments(context.Background(), bson.D{{Key: "_id", Value: c.id}})
		if err != nil || n != 0 {
			t.Errorf("%s %s survived the account: %d %v", c.coll, c.id, n, err)
		}
	}
}

// TestCoursePrerequisitesInTheAPI: the structured prerequisites the plan
// uses are visible on the course.
func TestCoursePrerequisitesInTheAPI(t *testing.T) {
	app := newTestApp(t, nil)
	runScenarios(t, app, []scenario{
		{name: "further training", path: "/api/v1/courses/fernstudium-backoffice-manager", wantStatus: 200,
			wantBody: []string{`"requires":[{"background":"kaufmaennische-ausbildung"}]`, `"usually":[{"background":"mehrjaehrige-bueroerfahrung"}]`}},
		{name: "a usual duration says so", path: "/api/v1/courses/ausbildung-kaufmann-bueromanagement", wantStatus: 200,
			wantBody: []string{`"usually":true,"text":"in der Regel 3 Jahre"`}},
		{name: "the role model on the profile", path: "/api/v1/roles/bueroleiter", wantStatus: 200,
			wantBody: []string{`"related":[{"role":{"slug":"backoffice-manager"`, `"kind":"same-position"`}},
		{name: "our title of an untitled source", path: "/api/v1/roles/backoffice-mitarbeiter", wantStatus: 200,
			wantBody: []string{`"titleIsOurs":true`}},
		{name: "dual training", path: "/api/v1/courses/ausbildung-kaufmann-bueromanagement", wantStatus: 200, wantBody: []string{`"confers":"kaufmaennische-ausbildung"`}},
		{name: "no prerequisites", path: "/api/v1/courses/geschaeftskorrespondenz", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if _, ok := b["requires"]; ok {
				t.Errorf("requires %v", b["requires"])
			}
		}},
	})
}
