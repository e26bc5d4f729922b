package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
)

// jobsApp is the API with content, accounts, jobs and a real Bleve index
// fed by the sync worker. The jobs clock is separate from the accounts
// clock, so postings can expire without access tokens expiring.
type jobsApp struct {
	*accountsApp
	jobs   *jobs.Service
	syncer *search.Syncer
	clock  *accounttest.Clock
	// tokens of the standard callers.
	learner, learner2, employer, other, admin string
}

func newJobsApp(t *testing.T) *jobsApp {
	t.Helper()
	ctx := context.Background()
	store, db := contenttest.Seeded(t)
	env := accounttest.New(t, db, accounttest.Options{RoleExists: roleExists})
	idx, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	clock := accounttest.NewClock(time.Now().UTC().Truncate(time.Second))
	js, err := jobs.New(jobs.Config{DB: db, Content: store, Orgs: jobs.AccountOrgs(env.Service), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	syncer := search.NewSyncer(idx, slog.New(slog.DiscardHandler), append(store.SearchSources(), js.SearchSource())...)
	if err := syncer.ApplySchemas(ctx); err != nil {
		t.Fatal(err)
	}
	app, srv := newApp(Deps{Content: store, Accounts: env.Service, RateLimits: &generous, Search: idx, SearchStatus: syncer.Status, Jobs: js,
		Ready: func(ctx context.Context) error { return db.Client().Ping(ctx, nil) }})
	a := &jobsApp{accountsApp: &accountsApp{app: app, srv: srv, Env: env}, jobs: js, syncer: syncer, clock: clock}
	env.User(t, "lerner@example.de", account.Learner, false)
	env.User(t, "zweite@example.de", account.Learner, false)
	env.User(t, "chef@example.de", account.Employer, true)
	env.User(t, "fremd@example.de", account.Employer, true)
	env.User(t, "admin@example.de", account.Admin, false)
	a.learner = env.Login(t, "lerner@example.de").AccessToken
	a.learner2 = env.Login(t, "zweite@example.de").AccessToken
	a.employer = env.Login(t, "chef@example.de").AccessToken
	a.other = env.Login(t, "fremd@example.de").AccessToken
	a.admin = env.Login(t, "admin@example.de").AccessToken
	return a
}

// pass runs the search sync once.
func (a *jobsApp) pass(t *testing.T) {
	t.Helper()
	if _, err := a.syncer.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// postingBody is a complete posting; with changes applied as JSON merge.
func postingBody(t *testing.T, changes map[string]any) string {
	t.Helper()
	m := map[string]any{
		"title":           "Backoffice-Mitarbeiter (m/w/d) Vertrieb",
		"role":            "backoffice-mitarbeiter",
		"description":     "## Ihre Aufgaben\n\nSie bearbeiten Aufträge, pflegen Kundendaten und organisieren Termine für unser Vertriebsteam in München. Sie sind die erste Ansprechperson für Kundinnen und Kunden am Telefon und per E-Mail.\n\n## Ihr Profil\n\nEine abgeschlossene kaufmännische Ausbildung und sicherer Umgang mit MS Office. Sie arbeiten strukturiert und behalten auch in hektischen Zeiten den Überblick. Wir bieten ein freundliches Team.\n\n[Mehr über uns](https://muster.example)",
		"tasks":           []string{"Aufträge bearbeiten", "Kundendaten pflegen"},
		"skills":          []map[string]any{{"slug": "geschaeftskorrespondenz", "essential": true}, {"slug": "buchhaltung-grundlagen", "essential": false}},
		"experienceYears": 2,
		"education":       "Kaufmännische Ausbildung",
		"location":        map[string]any{"postalCode": "80331", "city": "München", "bundesland": "BY", "street": "Marienplatz 1"},
		"remote":          map[string]any{"mode": "hybrid", "daysPerWeek": 2},
		"employment":      map[string]any{"type": "vollzeit", "fixedTerm": false},
		"startDate":       "2027-01-01",
		"benefits":        []string{"30 Tage Urlaub", "Jobticket"},
		"contact":         map[string]any{"name": "Frau Berg", "email": "jobs@muster.example"},
		"apply":           map[string]any{"method": "platform"},
		"salary":          map[string]any{"min": 38000, "max": 44000, "period": "year", "currency": "EUR"},
	}
	for k, v := range changes {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// create makes a posting as token and returns its id; publish publishes it.
func (a *jobsApp) create(t *testing.T, token string, changes map[string]any) string {
	t.Helper()
	resp, body := a.do(t, "POST", "/api/v1/organisations/mine/postings", token, postingBody(t, changes))
	wantStatus(t, resp, body, 201)
	var r PostingResult
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r.Posting.ID
}

func (a *jobsApp) publish(t *testing.T, token, id string) {
	t.Helper()
	resp, body := a.do(t, "POST", "/api/v1/organisations/mine/postings/"+id+"/publish", token, "")
	wantStatus(t, resp, body, 200)
}

func (a *jobsApp) searchIDs(t *testing.T, query string) []string {
	t.Helper()
	resp, body := a.do(t, "GET", "/api/v1/search/jobs?"+query, "", "")
	wantStatus(t, resp, body, 200)
	var r struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range r.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestJobsDoneWhen is the "done when": an employer publishes a
// posting, it appears in search, a learner applies, the employer moves the
// application to interview, the learner sees it; every response validated
// against openapi.yaml.
func TestJobsDoneWhen(t *testing.T) {
	a := newJobsApp(t)
	var id, appID string
	runScenarios(t, a.app, []scenario{
		{name: "create draft", method: "POST", path: "/api/v1/organisations/mine/postings", token: a.employer, body: postingBody(t, nil), wantStatus: 201,
			wantBody: []string{`"state":"draft"`, `"roleTitle":"Backoffice-Mitarbeiter/in"`, `"annualMax":44000`, `"name":"Kanzlei chef"`},
			check: func(t *testing.T, b map[string]any) {
				id = b["posting"].(map[string]any)["id"].(string)
				if w := b["warnings"].([]any); len(w) != 0 {
					t.Errorf("a complete posting has warnings: %v", w)
				}
			}},
	})
	if !strings.HasPrefix(id, "p_") {
		t.Fatalf("posting id %q", id)
	}
	a.pass(t)
	runScenarios(t, a.app, []scenario{
		{name: "draft is not public", path: "/api/v1/jobs/" + id, wantStatus: 404},
		{name: "draft is not searchable", path: "/api/v1/search/jobs?q=Vertrieb", wantStatus: 200, check: wantTotal(0)},
		{name: "publish", method: "POST", path: "/api/v1/organisations/mine/postings/" + id + "/publish", token: a.employer, wantStatus: 200,
			wantBody: []string{`"state":"published"`, `"warnings":[]`, `"validThrough"`}},
		{name: "publish twice", method: "POST", path: "/api/v1/organisations/mine/postings/" + id + "/publish", token: a.employer, wantStatus: 409},
	})
	a.pass(t)
	runScenarios(t, a.app, []scenario{
		{name: "public detail", path: "/api/v1/jobs/" + id, wantStatus: 200, wantBody: []string{`"title":"Backoffice-Mitarbeiter (m/w/d) Vertrieb"`, `\u003ch2\u003eIhre Aufgaben\u003c/h2\u003e`}},
		{name: "found by search", path: "/api/v1/search/jobs?q=Vertrieb&bundesland=BY", wantStatus: 200, wantBody: []string{`"id":"` + id + `"`, `"employer":"Kanzlei chef"`}},
		{name: "learner applies", method: "POST", path: "/api/v1/jobs/" + id + "/applications", token: a.learner,
			body: `{"coverNote":"Ich freue mich auf das Gespräch.","shareSnapshot":true}`, wantStatus: 201,
			wantBody: []string{`"status":"received"`, `"snapshotConsent":true`, `"snapshot":{`},
			check:    func(t *testing.T, b map[string]any) { appID = b["id"].(string) }},
		{name: "applying twice", method: "POST", path: "/api/v1/jobs/" + id + "/applications", token: a.learner, body: `{"coverNote":"Nochmal"}`, wantStatus: 409},
		{name: "employer lists applications", path: "/api/v1/organisations/mine/postings/" + id + "/applications", token: a.employer, wantStatus: 200,
			wantBody: []string{`"email":"lerner@example.de"`, `"coverNote":"Ich freue mich auf das Gespräch."`}, check: wantTotal(1)},
	})
	app := url.PathEscape(appID)
	runScenarios(t, a.app, []scenario{
		{name: "employer moves to interview", method: "POST", path: "/api/v1/organisations/mine/applications/" + app + "/status", token: a.employer,
			body: `{"status":"interview","message":"Wir laden Sie ein: Dienstag, 10 Uhr."}`, wantStatus: 200, wantBody: []string{`"status":"interview"`}},
		{name: "learner sees the interview", path: "/api/v1/me/applications/" + app, token: a.learner, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				if b["status"] != "interview" {
					t.Errorf("status %v", b["status"])
				}
				h := b["history"].([]any)
				if len(h) != 2 || h[1].(map[string]any)["message"] != "Wir laden Sie ein: Dienstag, 10 Uhr." || h[1].(map[string]any)["by"] != "employer" {
					t.Errorf("history %v", h)
				}
			}},
		{name: "learner lists applications", path: "/api/v1/me/applications", token: a.learner, wantStatus: 200, check: wantTotal(1)},
		{name: "other learner sees none", path: "/api/v1/me/applications", token: a.learner2, wantStatus: 200, check: wantTotal(0)},
	})

	// Closing takes the posting out of search; its page says it is gone.
	runScenarios(t, a.app, []scenario{
		{name: "close as filled", method: "POST", path: "/api/v1/organisations/mine/postings/" + id + "/close", token: a.employer, body: `{"reason":"filled"}`,
			wantStatus: 200, wantBody: []string{`"state":"closed"`, `"closeReason":"filled"`}},
	})
	a.pass(t)
	runScenarios(t, a.app, []scenario{
		{name: "closed is gone", path: "/api/v1/jobs/" + id, wantStatus: 410, wantBody: []string{"closed (filled)"}},
		{name: "closed JSON-LD is gone", path: "/api/v1/jobs/" + id + "/jsonld", wantStatus: 410},
		{name: "closed is not searchable", path: "/api/v1/search/jobs?q=Vertrieb", wantStatus: 200, check: wantTotal(0)},
		{name: "cannot apply to a closed posting", method: "POST", path: "/api/v1/jobs/" + id + "/applications", token: a.learner2, body: `{}`, wantStatus: 410},
	})
}

// TestPostingAppearsInAndVanishesFromSearch follows one posting through
// every state change and the real index.
func TestPostingAppearsInAndVanishesFromSearch(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, map[string]any{"title": "Teamassistenz (m/w/d) Einkauf"})
	a.pass(t)
	if ids := a.searchIDs(t, "q=Teamassistenz"); contains(ids, id) {
		t.Fatal("draft in search")
	}
	a.publish(t, a.employer, id)
	a.pass(t)
	if ids := a.searchIDs(t, "q=Teamassistenz"); !contains(ids, id) {
		t.Fatal("published posting not in search")
	}
	// An edit reaches the index.
	resp, body := a.do(t, "PATCH", "/api/v1/organisations/mine/postings/"+id, a.employer, `{"title":"Teamassistenz (m/w/d) Logistik","location":{"city":"Augsburg","postalCode":"86150"}}`)
	wantStatus(t, resp, body, 200)
	a.pass(t)
	if ids := a.searchIDs(t, "q=Logistik"); !contains(ids, id) {
		t.Fatal("edited title not in search")
	}
	if ids := a.searchIDs(t, "q=Einkauf"); contains(ids, id) {
		t.Fatal("old title still in search")
	}
	// Withdrawn: out; republished: in again.
	resp, body = a.do(t, "POST", "/api/v1/organisations/mine/postings/"+id+"/close", a.employer, `{"reason":"withdrawn"}`)
	wantStatus(t, resp, body, 200)
	a.pass(t)
	if ids := a.searchIDs(t, "q=Logistik"); contains(ids, id) {
		t.Fatal("closed posting in search")
	}
	a.publish(t, a.employer, id)
	a.pass(t)
	if ids := a.searchIDs(t, "q=Logistik"); !contains(ids, id) {
		t.Fatal("republished posting not in search")
	}
	// Expiry: past valid-through, the next read says 410 and the index
	// loses it.
	a.clock.Advance(jobs.DefaultValidity + time.Minute)
	resp, body = a.do(t, "GET", "/api/v1/jobs/"+id, "", "")
	wantStatus(t, resp, body, 410)
	if !bytes.Contains(body, []byte("expired")) {
		t.Fatalf("410 does not say expired: %s", body)
	}
	a.pass(t)
	if ids := a.searchIDs(t, "q=Logistik"); contains(ids, id) {
		t.Fatal("expired posting in search")
	}
}

func TestPostingExpiryByPeriodicJob(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, nil)
	vt := a.clock.Now().Add(48 * time.Hour).Format(time.RFC3339)
	resp, body := a.do(t, "POST", "/api/v1/organisations/mine/postings/"+id+"/publish", a.employer, `{"validThrough":"`+vt+`"}`)
	wantStatus(t, resp, body, 200)
	a.pass(t)
	if n, err := a.jobs.ExpireDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("expired %d, %v; want none yet", n, err)
	}
	// Extend by a day, then pass both dates.
	vt2 := a.clock.Now().Add(72 * time.Hour).Format(time.RFC3339)
	resp, body = a.do(t, "POST", "/api/v1/organisations/mine/postings/"+id+"/extend", a.employer, `{"validThrough":"`+vt2+`"}`)
	wantStatus(t, resp, body, 200)
	a.clock.Advance(60 * time.Hour)
	if n, _ := a.jobs.ExpireDue(context.Background()); n != 0 {
		t.Fatal("expired before the extended date")
	}
	a.clock.Advance(13 * time.Hour)
	if n, err := a.jobs.ExpireDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("expired %d, %v; want 1", n, err)
	}
	a.pass(t)
	if ids := a.searchIDs(t, ""); contains(ids, id) {
		t.Fatal("expired posting in search")
	}
	resp, body = a.do(t, "GET", "/api/v1/organisations/mine/postings/"+id, a.employer, "")
	wantStatus(t, resp, body, 200)
	if !bytes.Contains(body, []byte(`"state":"expired"`)) {
		t.Fatalf("not expired: %s", body)
	}
	// Extending an expired posting is a conflict; republishing works.
	resp, body = a.do(t, "POST", "/api/v1/organisations/mine/postings/"+id+"/extend", a.employer, `{"validThrough":"`+a.clock.Now().Add(24*time.Hour).Format(time.RFC3339)+`"}`)
	wantStatus(t, resp, body, 409)
	a.publish(t, a.employer, id)
	a.pass(t)
	if ids := a.searchIDs(t, ""); !contains(ids, id) {
		t.Fatal("republished posting not in search")
	}
}

func TestPostingValidationNamesEveryField(t *testing.T) {
	a := newJobsApp(t)
	bad := postingBody(t, map[string]any{
		"title": "", "role": "astronaut", "description": " ", "tasks": []string{""}, "skills": []map[string]any{{"slug": "fliegen"}},
		"experienceYears": -1, "location": map[string]any{"postalCode": "123", "city": "", "bundesland": "XX"},
		"remote": map[string]any{"mode": "hybrid", "daysPerWeek": 7}, "employment": map[string]any{"type": "teilzeit"},
		"startDate": "morgen", "contact": map[string]any{"email": "keine mail", "phone": "abc"}, "apply": map[string]any{"method": "external", "url": "javascript:alert(1)"},
		"salary": map[string]any{"min": 50000, "max": 40000, "period": "week", "currency": "USD"},
	})
	// A draft may lack what publishing requires (an empty description or
	// city here), but whatever it has must be well-formed.
	fields := []string{"title", "tasks[0]", "experienceYears", "location.postalCode", "location.bundesland",
		"remote.daysPerWeek", "employment.hoursPerWeek", "startDate", "contact.email", "contact.phone", "apply.url",
		"salary.max", "salary.period", "salary.currency"}
	resp, body := a.do(t, "POST", "/api/v1/organisations/mine/postings", a.employer, bad)
	wantStatus(t, resp, body, 400)
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if _, ok := p.Errors[f]; !ok {
			t.Errorf("problem does not name %s: %v", f, p.Errors)
		}
	}
	// The catalogue checks come with valid fields.
	resp, body = a.do(t, "POST", "/api/v1/organisations/mine/postings", a.employer, postingBody(t, map[string]any{"role": "astronaut", "skills": []map[string]any{{"slug": "fliegen"}}}))
	wantStatus(t, resp, body, 400)
	for _, f := range []string{"role", "skills[0].slug"} {
		if !bytes.Contains(body, []byte(`"`+f+`"`)) {
			t.Errorf("problem does not name %s: %s", f, body)
		}
	}
	runScenarios(t, a.app, []scenario{
		{name: "no pay history field", method: "POST", path: "/api/v1/organisations/mine/postings", token: a.employer, body: postingBody(t, map[string]any{"payHistory": true}),
			wantStatus: 400, check: wantError("payHistory")},
		{name: "wrong type", method: "POST", path: "/api/v1/organisations/mine/postings", token: a.employer, body: postingBody(t, map[string]any{"experienceYears": "zwei"}),
			wantStatus: 400, check: wantError("experienceYears")},
		{name: "preview shows warnings", method: "POST", path: "/api/v1/organisations/mine/postings/preview", token: a.employer,
			body: postingBody(t, map[string]any{"title": "Bürokraft", "description": "Kurz.", "salary": map[string]any{"min": 30000, "max": 60000, "period": "year", "currency": "EUR"},
				"location": map[string]any{"postalCode": "80331", "city": "München", "bundesland": "BY"}}),
			wantStatus: 200, wantBody: []string{`"code":"title_gender_marker"`, `"code":"description_short"`, `"code":"salary_wide"`, `"code":"street_missing"`, `"id":"preview"`}},
	})
	// Preview stored nothing.
	resp, body = a.do(t, "GET", "/api/v1/organisations/mine/postings", a.employer, "")
	wantStatus(t, resp, body, 200)
	if !bytes.Contains(body, []byte(`"total":0`)) {
		t.Fatalf("preview or invalid create stored a posting: %s", body)
	}
}

// TestPostingLifecycleRoutes covers update, duplicate and the warnings on
// publish.
func TestPostingLifecycleRoutes(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, map[string]any{"title": "Bürokraft"})
	var dup string
	runScenarios(t, a.app, []scenario{
		{name: "get with warnings", path: "/api/v1/organisations/mine/postings/" + id, token: a.employer, wantStatus: 200, wantBody: []string{`"code":"title_gender_marker"`}},
		{name: "warnings in German", path: "/api/v1/organisations/mine/postings/" + id, token: a.employer, header: map[string]string{"Accept-Language": "de"},
			wantStatus: 200, wantBody: []string{`"code":"title_gender_marker","field":"title","message":"dem Titel fehlt`}},
		{name: "warnings in English", path: "/api/v1/organisations/mine/postings/" + id + "?lang=en", token: a.employer,
			wantStatus: 200, wantBody: []string{`"code":"title_gender_marker","field":"title","message":"the title lacks`}},
		{name: "publish still warns", method: "POST", path: "/api/v1/organisations/mine/postings/" + id + "/publish", token: a.employer, wantStatus: 200,
			wantBody: []string{`"state":"published"`, `"code":"title_gender_marker"`}},
		{name: "patch a field", method: "PATCH", path: "/api/v1/organisations/mine/postings/" + id, token: a.employer, body: `{"title":"Bürokraft (m/w/d)"}`, wantStatus: 200,
			wantBody: []string{`"title":"Bürokraft (m/w/d)"`, `"warnings":[]`, `"state":"published"`}},
		{name: "patch unknown field", method: "PATCH", path: "/api/v1/organisations/mine/postings/" + id, token: a.employer, body: `{"state":"draft"}`, wantStatus: 400, check: wantError("state")},
		{name: "patch valid-through of published", method: "PATCH", path: "/api/v1/organisations/mine/postings/" + id, token: a.employer,
			body: `{"validThrough":"` + a.clock.Now().Add(90*time.Hour).Format(time.RFC3339) + `"}`, wantStatus: 400, check: wantError("validThrough")},
		{name: "patch invalid result", method: "PATCH", path: "/api/v1/organisations/mine/postings/" + id, token: a.employer, body: `{"salary":{"min":0}}`, wantStatus: 400, check: wantError("salary.min")},
		{name: "duplicate", method: "POST", path: "/api/v1/organisations/mine/postings/" + id + "/duplicate", token: a.employer, wantStatus: 201,
			wantBody: []string{`"state":"draft"`, `"title":"Bürokraft (m/w/d)"`}, check: func(t *testing.T, b map[string]any) { dup = b["posting"].(map[string]any)["id"].(string) }},
		{name: "list", path: "/api/v1/organisations/mine/postings?limit=1", token: a.employer, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantTotal(2)(t, b)
			if got := items(t, b)[0]["id"]; got != dup {
				t.Errorf("newest first: got %v, want %v", got, dup)
			}
		}},
	})
	runScenarios(t, a.app, []scenario{
		{name: "fill a draft", method: "POST", path: "/api/v1/organisations/mine/postings/" + dup + "/close", token: a.employer, body: `{"reason":"filled"}`, wantStatus: 409},
		{name: "bad reason", method: "POST", path: "/api/v1/organisations/mine/postings/" + id + "/close", token: a.employer, body: `{"reason":"weg"}`, wantStatus: 400, check: wantError("reason")},
		{name: "withdraw a draft", method: "POST", path: "/api/v1/organisations/mine/postings/" + dup + "/close", token: a.employer, body: `{"reason":"withdrawn"}`, wantStatus: 200},
		{name: "JSON-LD", path: "/api/v1/jobs/" + id + "/jsonld", wantStatus: 200, wantBody: []string{`"@type":"JobPosting"`}},
	})
}

// snapshotJobs returns every document of the jobs collections, to show a
// denied request changed nothing.
func (a *jobsApp) snapshotJobs(t *testing.T) string {
	t.Helper()
	return dumpCollections(t, a.DB, jobs.CollPostings, jobs.CollOrgPostings, jobs.CollApplications, jobs.CollCVs, jobs.CollPostingApps, jobs.CollUserApps, jobs.CollSaved)
}

// TestJobsAuthorizationMatrix calls every posting and application route as
// anonymous, learner, employer of the same organisation, employer of
// another organisation and admin: only the allowed callers get through,
// others' objects answer 404, and no denied call changes any data.
func TestJobsAuthorizationMatrix(t *testing.T) {
	a := newJobsApp(t)
	draft := a.create(t, a.employer, nil)
	pub := a.create(t, a.employer, nil)
	a.publish(t, a.employer, pub)
	resp, body := a.do(t, "POST", "/api/v1/jobs/"+pub+"/applications", a.learner, `{"coverNote":"Hallo"}`)
	wantStatus(t, resp, body, 201)
	appID := url.PathEscape(jobs.ApplicationID(pub, a.userID(t, "lerner@example.de")))

	type call struct{ method, path, body string }
	validThrough := a.clock.Now().Add(20 * 24 * time.Hour).Format(time.RFC3339)
	// want: status for anonymous, learner, same org, other org, admin; 0 means "allowed (2xx)".
	cases := []struct {
		call
		want [5]int
	}{
		{call{"GET", "/api/v1/jobs/" + pub, ""}, [5]int{0, 0, 0, 0, 0}},
		{call{"GET", "/api/v1/jobs/" + pub + "/jsonld", ""}, [5]int{0, 0, 0, 0, 0}},
		{call{"GET", "/api/v1/jobs/" + draft, ""}, [5]int{404, 404, 404, 404, 404}},
		{call{"POST", "/api/v1/jobs/" + pub + "/applications", `{"coverNote":"x"}`}, [5]int{401, 409, 403, 403, 403}},
		{call{"GET", "/api/v1/me/applications", ""}, [5]int{401, 0, 403, 403, 403}},
		{call{"GET", "/api/v1/me/applications/" + appID, ""}, [5]int{401, 0, 403, 403, 403}},
		{call{"GET", "/api/v1/me/applications/" + appID + "/cv", ""}, [5]int{401, 404, 403, 403, 403}},
		{call{"GET", "/api/v1/organisations/mine/postings", ""}, [5]int{401, 403, 0, 0, 403}},
		{call{"POST", "/api/v1/organisations/mine/postings", postingBody(t, nil)}, [5]int{401, 403, -1, -1, 403}},
		{call{"POST", "/api/v1/organisations/mine/postings/preview", postingBody(t, nil)}, [5]int{401, 403, 0, 0, 403}},
		{call{"GET", "/api/v1/organisations/mine/postings/" + draft, ""}, [5]int{401, 403, 0, 404, 403}},
		{call{"PATCH", "/api/v1/organisations/mine/postings/" + draft, `{"title":"Geändert (m/w/d)"}`}, [5]int{401, 403, -1, 404, 403}},
		{call{"POST", "/api/v1/organisations/mine/postings/" + draft + "/publish", ""}, [5]int{401, 403, -1, 404, 403}},
		{call{"POST", "/api/v1/organisations/mine/postings/" + pub + "/extend", `{"validThrough":"` + validThrough + `"}`}, [5]int{401, 403, -1, 404, 403}},
		{call{"POST", "/api/v1/organisations/mine/postings/" + pub + "/duplicate", ""}, [5]int{401, 403, -1, 404, 403}},
		{call{"GET", "/api/v1/organisations/mine/postings/" + pub + "/applications", ""}, [5]int{401, 403, 0, 404, 403}},
		{call{"GET", "/api/v1/organisations/mine/applications/" + appID, ""}, [5]int{401, 403, 0, 404, 403}},
		{call{"GET", "/api/v1/organisations/mine/applications/" + appID + "/cv", ""}, [5]int{401, 403, 404, 404, 403}},
		{call{"POST", "/api/v1/organisations/mine/applications/" + appID + "/status", `{"status":"in_review"}`}, [5]int{401, 403, -1, 404, 403}},
		{call{"POST", "/api/v1/organisations/mine/postings/" + pub + "/close", `{"reason":"withdrawn"}`}, [5]int{401, 403, -1, 404, 403}},
		{call{"POST", "/api/v1/me/applications/" + appID + "/withdraw", `{"message":"x"}`}, [5]int{401, -1, 403, 403, 403}},
	}
	callers := []struct{ name, token string }{{"anonymous", ""}, {"learner", a.learner}, {"same org", a.employer}, {"other org", a.other}, {"admin", a.admin}}
	for _, tc := range cases {
		for i, caller := range callers {
			want := tc.want[i]
			if want == -1 {
				continue // the writing call of the allowed caller runs last
			}
			before := a.snapshotJobs(t)
			resp, body := a.do(t, tc.method, tc.path, caller.token, tc.body)
			got := resp.StatusCode
			if want == 0 {
				if got >= 300 {
					t.Errorf("%s %s as %s: %d, want success: %s", tc.method, tc.path, caller.name, got, body)
				}
				continue
			}
			if got != want {
				t.Errorf("%s %s as %s: %d, want %d: %s", tc.method, tc.path, caller.name, got, want, body)
			}
			if after := a.snapshotJobs(t); after != before {
				t.Errorf("%s %s as %s (denied) changed data", tc.method, tc.path, caller.name)
			}
		}
	}
	// The allowed writes succeed.
	for _, tc := range cases {
		for i, caller := range callers {
			if tc.want[i] != -1 {
				continue
			}
			resp, body := a.do(t, tc.method, tc.path, caller.token, tc.body)
			if resp.StatusCode >= 300 {
				t.Errorf("%s %s as %s: %d, want success: %s", tc.method, tc.path, caller.name, resp.StatusCode, body)
			}
		}
	}
}

func (a *jobsApp) userID(t *testing.T, email string) string {
	t.Helper()
	return a.Login(t, email).User.ID
}

func TestApplicationStatusFlowAndWithdrawal(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, nil)
	a.publish(t, a.employer, id)
	apply := func(token string) string {
		resp, body := a.do(t, "POST", "/api/v1/jobs/"+id+"/applications", token, `{"coverNote":"Hallo"}`)
		wantStatus(t, resp, body, 201)
		var v ApplicationView
		_ = json.Unmarshal(body, &v)
		return url.PathEscape(v.ID)
	}
	first, second := apply(a.learner), apply(a.learner2)
	runScenarios(t, a.app, []scenario{
		{name: "applications paged, newest first", path: "/api/v1/organisations/mine/postings/" + id + "/applications?limit=1", token: a.employer, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				wantTotal(2)(t, b)
				if got := items(t, b); len(got) != 1 || url.PathEscape(got[0]["id"].(string)) != second {
					t.Errorf("page 1: %v", got)
				}
			}},
		{name: "second page", path: "/api/v1/organisations/mine/postings/" + id + "/applications?limit=1&page=2", token: a.employer, wantStatus: 200,
			check: func(t *testing.T, b map[string]any) {
				if got := items(t, b); len(got) != 1 || url.PathEscape(got[0]["id"].(string)) != first {
					t.Errorf("page 2: %v", got)
				}
			}},
		{name: "bad limit", path: "/api/v1/me/applications?limit=0", token: a.learner, wantStatus: 400, check: wantError("limit")},
	})
	move := func(app, to string, want int) {
		t.Helper()
		resp, body := a.do(t, "POST", "/api/v1/organisations/mine/applications/"+app+"/status", a.employer, `{"status":"`+to+`"}`)
		wantStatus(t, resp, body, want)
	}
	move(first, "offer", 409) // no skipping past the interview
	move(first, "in_review", 200)
	move(first, "in_review", 409)
	move(first, "received", 400)
	move(first, "withdrawn", 400) // only the applicant withdraws
	move(first, "interview", 200)
	move(first, "offer", 200)
	move(first, "hired", 200)
	move(first, "rejected", 409) // hired is final
	resp, body := a.do(t, "POST", "/api/v1/me/applications/"+first+"/withdraw", a.learner, "")
	wantStatus(t, resp, body, 409)

	resp, body = a.do(t, "POST", "/api/v1/me/applications/"+second+"/withdraw", a.learner2, `{"message":"Ich habe eine andere Stelle."}`)
	wantStatus(t, resp, body, 200)
	move(second, "interview", 409)
	resp, body = a.do(t, "GET", "/api/v1/me/applications/"+first, a.learner, "")
	wantStatus(t, resp, body, 200)
	var v ApplicationView
	_ = json.Unmarshal(body, &v)
	var steps []string
	for _, h := range v.History {
		steps = append(steps, string(h.Status))
	}
	if got := strings.Join(steps, ","); got != "received,in_review,interview,offer,hired" {
		t.Errorf("history %s", got)
	}
	// The other learner cannot see or withdraw the first learner's.
	resp, _ = a.do(t, "GET", "/api/v1/me/applications/"+first, a.learner2, "")
	if resp.StatusCode != 404 {
		t.Errorf("another learner's application: %d", resp.StatusCode)
	}
}

// multipartApply builds a multipart application with a CV.
func multipartApply(t *testing.T, cover string, cv []byte, contentType string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.WriteField("coverNote", cover)
	_ = w.WriteField("shareSnapshot", "false")
	if cv != nil {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="cv"; filename="../Lebenslauf Erika.pdf"`)
		h.Set("Content-Type", contentType)
		part, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = part.Write(cv)
	}
	_ = w.Close()
	return w.FormDataContentType(), b.Bytes()
}

func (a *jobsApp) raw(t *testing.T, method, path, token, contentType string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.app.Test(req, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestApplyWithCV(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, nil)
	a.publish(t, a.employer, id)
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 4<<20)...) // 4 MiB: above the JSON limit
	path := "/api/v1/jobs/" + id + "/applications"

	ct, body := multipartApply(t, "Hallo", []byte("<html>not a pdf</html>"), "application/pdf")
	resp, b := a.raw(t, "POST", path, a.learner, ct, body)
	wantStatus(t, resp, b, 400)
	ct, body = multipartApply(t, "Hallo", pdf[:100], "image/png")
	resp, b = a.raw(t, "POST", path, a.learner, ct, body)
	wantStatus(t, resp, b, 400)
	ct, body = multipartApply(t, "Hallo", append(bytes.Clone(pdf), bytes.Repeat([]byte("y"), 1<<20+10)...), "application/pdf")
	resp, b = a.raw(t, "POST", path, a.learner, ct, body)
	if resp.StatusCode != 400 && resp.StatusCode != 413 {
		t.Fatalf("CV over 5 MB: %d %s", resp.StatusCode, b)
	}
	// A JSON body is still held to the JSON limit.
	big := `{"coverNote":"` + strings.Repeat("a", 2<<20) + `"}`
	resp, b = a.raw(t, "POST", path, a.learner, "application/json", []byte(big))
	wantStatus(t, resp, b, 413)

	ct, body = multipartApply(t, "Mit Lebenslauf", pdf, "application/pdf")
	resp, b = a.raw(t, "POST", path, a.learner, ct, body)
	wantStatus(t, resp, b, 201)
	var v ApplicationView
	if err := json.Unmarshal(b, &v); err != nil || v.CV == nil {
		t.Fatalf("no CV in %s", b)
	}
	if v.CV.Filename != "Lebenslauf Erika.pdf" || v.CV.Size != len(pdf) {
		t.Errorf("CV %+v", v.CV)
	}
	for _, c := range []struct{ path, token string }{
		{"/api/v1/organisations/mine/applications/" + url.PathEscape(v.ID) + "/cv", a.employer},
		{"/api/v1/me/applications/" + url.PathEscape(v.ID) + "/cv", a.learner},
	} {
		resp, b := a.do(t, "GET", c.path, c.token, "")
		wantStatus(t, resp, b, 200)
		if resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || !bytes.Equal(b, pdf) {
			t.Errorf("%s: type %q disposition %q, %d bytes", c.path, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), len(b))
		}
	}
	resp, _ = a.do(t, "GET", "/api/v1/organisations/mine/applications/"+url.PathEscape(v.ID)+"/cv", a.other, "")
	if resp.StatusCode != 404 {
		t.Errorf("other organisation reads the CV: %d", resp.StatusCode)
	}
}

// TestSalaryInsightsBesideCuratedRanges: the role's salary route shows the
// insights from postings, labelled, from five postings up.
func TestSalaryInsightsBesideCuratedRanges(t *testing.T) {
	a := newJobsApp(t)
	ctx := context.Background()
	for _, lo := range []int{30000, 34000, 38000, 42000} {
		id := a.create(t, a.employer, map[string]any{"salary": map[string]any{"min": lo, "max": lo + 4000, "period": "year", "currency": "EUR"}})
		a.publish(t, a.employer, id)
	}
	if _, err := a.jobs.ComputeInsights(ctx); err != nil {
		t.Fatal(err)
	}
	runScenarios(t, a.app, []scenario{
		{name: "four postings are not shown", path: "/api/v1/roles/backoffice-mitarbeiter/salary", wantStatus: 200,
			wantBody: []string{`"minPostings":5`, `"items":[]`}},
	})
	id := a.create(t, a.employer, map[string]any{"salary": map[string]any{"min": 4000, "max": 4400, "period": "month", "currency": "EUR"}})
	a.publish(t, a.employer, id)
	if _, err := a.jobs.ComputeInsights(ctx); err != nil {
		t.Fatal(err)
	}
	// Midpoints 32000, 36000, 40000, 44000, 50400 (4200 × 12).
	runScenarios(t, a.app, []scenario{
		{name: "five postings are shown", path: "/api/v1/roles/backoffice-mitarbeiter/salary?lang=en", wantStatus: 200,
			wantBody: []string{`"label":"From job postings on Laufbahn`, `"region":"DE","regionName":"Germany","postings":5,"median":40000,"p25":36000,"p75":44000`,
				`"region":"BY","regionName":"Bavaria","postings":5`}},
		{name: "in the role profile too", path: "/api/v1/roles/backoffice-mitarbeiter", wantStatus: 200, wantBody: []string{`"label":"Aus Stellenanzeigen auf Laufbahn`}},
		{name: "other roles have none", path: "/api/v1/roles/bueroleiter/salary", wantStatus: 200, wantBody: []string{`"items":[]`}},
	})
}

func TestSavedPostingsAndSearches(t *testing.T) {
	a := newJobsApp(t)
	early := a.create(t, a.employer, map[string]any{"title": "Buchhalter (m/w/d)", "location": map[string]any{"postalCode": "80331", "city": "München", "bundesland": "BY"}})
	a.publish(t, a.employer, early)
	a.pass(t)
	var searchID, nearID string
	runScenarios(t, a.app, []scenario{
		{name: "save a posting", method: "PUT", path: "/api/v1/me/saved/postings/" + early, token: a.learner, wantStatus: 204},
		{name: "save it again", method: "PUT", path: "/api/v1/me/saved/postings/" + early, token: a.learner, wantStatus: 204},
		{name: "save an unknown posting", method: "PUT", path: "/api/v1/me/saved/postings/p_nope", token: a.learner, wantStatus: 404},
		{name: "list saved postings", path: "/api/v1/me/saved/postings", token: a.learner, wantStatus: 200, wantBody: []string{`"postingId":"` + early + `"`, `"state":"published"`}, check: wantTotal(1)},
		{name: "others see none", path: "/api/v1/me/saved/postings", token: a.learner2, wantStatus: 200, check: wantTotal(0)},
		{name: "save a search with a bad parameter", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"x","query":"sort=date"}`, wantStatus: 400, check: wantError("query")},
		{name: "save a search with a bad value", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"x","query":"bundesland=XX"}`, wantStatus: 400, check: wantError("query.bundesland")},
		{name: "save a search with an unknown role", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"x","query":"role=astronaut"}`, wantStatus: 400, check: wantError("query.role")},
		{name: "save a search", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"Bayern","query":"bundesland=BY"}`, wantStatus: 201,
			check: func(t *testing.T, b map[string]any) { searchID = b["id"].(string) }},
		{name: "save a search around a place", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"Nürnberg","query":"where=N%C3%BCrnberg&radius=25"}`, wantStatus: 201,
			wantBody: []string{`"query":"radius=25\u0026where=N%C3%BCrnberg"`}, check: func(t *testing.T, b map[string]any) { nearID = b["id"].(string) }},
		{name: "save a search around no place", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"x","query":"where=Atlantis"}`, wantStatus: 400, check: wantError("query.where")},
		{name: "save a radius without a place", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"x","query":"radius=25"}`, wantStatus: 400, check: wantError("query.radius")},
	})
	// A posting published after the search was saved is new; the earlier
	// one is not.
	a.clock.Advance(time.Hour)
	fresh := a.create(t, a.employer, map[string]any{"location": map[string]any{"postalCode": "90402", "city": "Nürnberg", "bundesland": "BY"}})
	a.publish(t, a.employer, fresh)
	elsewhere := a.create(t, a.employer, nil)
	a.publish(t, a.employer, elsewhere)
	resp, body := a.do(t, "PATCH", "/api/v1/organisations/mine/postings/"+elsewhere, a.employer, `{"location":{"postalCode":"20095","city":"Hamburg","bundesland":"HH"}}`)
	wantStatus(t, resp, body, 200)
	a.pass(t)
	runScenarios(t, a.app, []scenario{
		{name: "list shows one new", path: "/api/v1/me/saved/searches", token: a.learner, wantStatus: 200, wantBody: []string{`"newCount":1`}},
		{name: "new since last look", path: "/api/v1/me/saved/searches/" + searchID + "/new", token: a.learner, wantStatus: 200,
			wantBody: []string{`"id":"` + fresh + `"`}, check: wantTotal(1)},
		{name: "looking again shows nothing new", path: "/api/v1/me/saved/searches/" + searchID + "/new", token: a.learner, wantStatus: 200, check: wantTotal(0)},
		{name: "new within 25 km of Nürnberg", path: "/api/v1/me/saved/searches/" + nearID + "/new", token: a.learner, wantStatus: 200,
			wantBody: []string{`"id":"` + fresh + `"`}, check: wantTotal(1)},
		{name: "other learner cannot see it", path: "/api/v1/me/saved/searches/" + searchID + "/new", token: a.learner2, wantStatus: 404},
		{name: "employer cannot save", method: "PUT", path: "/api/v1/me/saved/postings/" + early, token: a.employer, wantStatus: 403},
	})
	// A closed saved posting keeps its state, without the posting.
	resp, body = a.do(t, "POST", "/api/v1/organisations/mine/postings/"+early+"/close", a.employer, `{"reason":"filled"}`)
	wantStatus(t, resp, body, 200)
	runScenarios(t, a.app, []scenario{
		{name: "closed saved posting", path: "/api/v1/me/saved/postings", token: a.learner, wantStatus: 200, wantBody: []string{`"state":"closed"`}},
		{name: "unsave", method: "DELETE", path: "/api/v1/me/saved/postings/" + early, token: a.learner, wantStatus: 204},
		{name: "none left", path: "/api/v1/me/saved/postings", token: a.learner, wantStatus: 200, check: wantTotal(0)},
		{name: "delete the search", method: "DELETE", path: "/api/v1/me/saved/searches/" + searchID, token: a.learner, wantStatus: 204},
		{name: "delete it again", method: "DELETE", path: "/api/v1/me/saved/searches/" + searchID, token: a.learner, wantStatus: 404},
	})
}

// TestApplicantDataFollowsTheAccount: the export carries the learner's
// applications and saved items; deleting the account removes them, also
// from the employer's list.
func TestApplicantDataFollowsTheAccount(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, nil)
	a.publish(t, a.employer, id)
	a.pass(t)
	resp, body := a.do(t, "POST", "/api/v1/jobs/"+id+"/applications", a.learner, `{"coverNote":"Hallo"}`)
	wantStatus(t, resp, body, 201)
	resp, body = a.do(t, "PUT", "/api/v1/me/saved/postings/"+id, a.learner, "")
	wantStatus(t, resp, body, 204)
	runScenarios(t, a.app, []scenario{
		{name: "export has the jobs data", path: "/api/v1/me/export", token: a.learner, wantStatus: 200,
			wantBody: []string{`"jobs":{"applications":[{`, `"coverNote":"Hallo"`, `"savedPostings":[{"postingId":"` + id + `"`}},
	})
	resp, body = a.do(t, "DELETE", "/api/v1/me", a.learner, `{"password":"`+accounttest.Password+`"}`)
	wantStatus(t, resp, body, 204)
	resp, body = a.do(t, "GET", "/api/v1/organisations/mine/postings/"+id+"/applications", a.employer, "")
	wantStatus(t, resp, body, 200)
	if !bytes.Contains(body, []byte(`"total":0`)) {
		t.Fatalf("the deleted applicant's application is still listed: %s", body)
	}
	for _, c := range []string{jobs.CollApplications, jobs.CollUserApps, jobs.CollSaved} {
		if n, _ := a.DB.Collection(c).CountDocuments(context.Background(), bson.D{}); n != 0 {
			t.Errorf("%s still holds %d documents", c, n)
		}
	}
}

// TestStoredXSSNeverReachesThePublicPage: script, event handlers and unsafe
// links in the Markdown are gone from the stored and served HTML.
func TestStoredXSSNeverReachesThePublicPage(t *testing.T) {
	a := newJobsApp(t)
	desc := "## Aufgaben\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klick](javascript:alert(1)) " +
		"![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) <svg onload=alert(1)></svg> [gut](https://example.de)\n\n" +
		strings.Repeat("Sie organisieren das Büro. ", 20)
	id := a.create(t, a.employer, map[string]any{"description": desc})
	a.publish(t, a.employer, id)
	for _, path := range []string{"/api/v1/jobs/" + id, "/api/v1/jobs/" + id + "/jsonld"} {
		resp, body := a.do(t, "GET", path, "", "")
		wantStatus(t, resp, body, 200)
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		html, _ := m["descriptionHtml"].(string)
		if html == "" {
			html, _ = m["description"].(string)
		}
		low := strings.ToLower(html)
		for _, bad := range []string{"<script", "onerror=", "javascript:", "data:", "<svg", "onload="} {
			if strings.Contains(low, bad) {
				t.Errorf("%s: %q in %s", path, bad, html)
			}
		}
		if !strings.Contains(html, `href="https://example.de"`) || !strings.Contains(html, "nofollow") {
			t.Errorf("%s: the safe link is gone: %s", path, html)
		}
	}
}

// TestExtendTakesADate: validThrough may be a date (the end of that day in
// Germany), as doneOn is; a malformed one is a 400 naming the field.
func TestExtendTakesADate(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, nil)
	a.publish(t, a.employer, id)
	day := a.clock.Now().AddDate(0, 0, 5).Format(time.DateOnly)
	resp, body := a.do(t, "POST", "/api/v1/organisations/mine/postings/"+id+"/extend", a.employer, `{"validThrough":"`+day+`"}`)
	wantStatus(t, resp, body, 200)
	want, _ := jobs.ParseDeadline(day)
	if !bytes.Contains(body, []byte(`"validThrough":"`+want.Format(time.RFC3339))) {
		t.Fatalf("validThrough is not the end of %s in Germany (%s): %s", day, want.Format(time.RFC3339), body)
	}
	resp, body = a.do(t, "POST", "/api/v1/organisations/mine/postings/"+id+"/extend", a.employer, `{"validThrough":"31.01.2027"}`)
	wantStatus(t, resp, body, 400)
	if !bytes.Contains(body, []byte(`"errors":{"validThrough":`)) { // in the account's language (German)
		t.Fatalf("the problem does not name validThrough: %s", body)
	}
}

// TestSavedSearchSameSecond: a posting published in the same second as the
// saved search's last look, but after it, is new (publishedAt used to be
// whole seconds and such a posting was missed).
func TestSavedSearchSameSecond(t *testing.T) {
	a := newJobsApp(t)
	var searchID string
	runScenarios(t, a.app, []scenario{
		{name: "save a search", method: "POST", path: "/api/v1/me/saved/searches", token: a.learner, body: `{"name":"Bayern","query":"bundesland=BY"}`, wantStatus: 201,
			check: func(t *testing.T, b map[string]any) { searchID = b["id"].(string) }},
	})
	a.clock.Advance(300 * time.Millisecond)
	id := a.create(t, a.employer, map[string]any{"location": map[string]any{"postalCode": "80331", "city": "München", "bundesland": "BY"}})
	a.publish(t, a.employer, id)
	a.pass(t)
	runScenarios(t, a.app, []scenario{
		{name: "new in the same second", path: "/api/v1/me/saved/searches/" + searchID + "/new", token: a.learner, wantStatus: 200,
			wantBody: []string{`"id":"` + id + `"`}, check: wantTotal(1)},
		{name: "looking again in the same instant shows nothing new", path: "/api/v1/me/saved/searches/" + searchID + "/new", token: a.learner, wantStatus: 200, check: wantTotal(0)},
	})
}

// TestDraftWithoutSalaryPublishRefused: a draft is stored without a salary
// (and without a description); its warnings name what publishing still
// requires; publishing is refused with 400 naming each missing field and
// changes nothing; with the fields added (PATCH) it publishes.
func TestDraftWithoutSalaryPublishRefused(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, map[string]any{"salary": nil, "description": nil})
	path := "/api/v1/organisations/mine/postings/" + id
	runScenarios(t, a.app, []scenario{
		{name: "draft warns what publishing requires", path: path, token: a.employer, wantStatus: 200,
			wantBody: []string{`"state":"draft"`, `"code":"required_to_publish","field":"salary.min"`, `"code":"required_to_publish","field":"salary.max"`,
				`"code":"required_to_publish","field":"salary.period"`, `"code":"required_to_publish","field":"description"`}},
		{name: "publish names each missing field", method: "POST", path: path + "/publish", token: a.employer, wantStatus: 400,
			check: func(t *testing.T, b map[string]any) {
				for _, f := range []string{"salary.min", "salary.max", "salary.period", "description"} {
					wantError(f)(t, b)
				}
			}},
		{name: "still a draft", path: path, token: a.employer, wantStatus: 200, wantBody: []string{`"state":"draft"`, `"revision":1`}},
		{name: "not public", path: "/api/v1/jobs/" + id, wantStatus: 404},
		{name: "add salary and description", method: "PATCH", path: path, token: a.employer,
			body: `{"salary":{"min":38000,"max":44000,"period":"year"},"description":"Sie organisieren das Büro."}`, wantStatus: 200},
		{name: "publish", method: "POST", path: path + "/publish", token: a.employer, wantStatus: 200, wantBody: []string{`"state":"published"`}},
		{name: "a published posting keeps its salary", method: "PATCH", path: path, token: a.employer, body: `{"salary":{"min":0,"max":0,"period":""}}`,
			wantStatus: 400, check: wantError("salary.min")},
	})
}
