package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
)

// contentAdminApp is the API over the curated content, accounts and a real
// Bleve index kept by the sync worker.
type contentAdminApp struct {
	*accountsApp
	store                    *content.Store
	syncer                   *search.Syncer
	admin, learner, employer string
}

func newContentAdminApp(t *testing.T) *contentAdminApp {
	t.Helper()
	ctx := context.Background()
	store, db := contenttest.Seeded(t)
	env := accounttest.New(t, db, accounttest.Options{RoleExists: roleExists})
	idx, err := bleve.Open(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	syncer := search.NewSyncer(idx, slog.New(slog.DiscardHandler), store.SearchSources()...)
	if err := syncer.ApplySchemas(ctx); err != nil {
		t.Fatal(err)
	}
	app, srv := newApp(Deps{Content: store, Accounts: env.Service, RateLimits: &generous, Search: idx, SearchStatus: syncer.Status,
		Ready: func(ctx context.Context) error { return db.Client().Ping(ctx, nil) }})
	a := &contentAdminApp{accountsApp: &accountsApp{app: app, srv: srv, Env: env}, store: store, syncer: syncer}
	env.User(t, "lerner@example.de", account.Learner, false)
	env.User(t, "chef@example.de", account.Employer, true)
	env.User(t, "admin@example.de", account.Admin, false)
	a.learner = env.Login(t, "lerner@example.de").AccessToken
	a.employer = env.Login(t, "chef@example.de").AccessToken
	a.admin = env.Login(t, "admin@example.de").AccessToken
	a.pass(t)
	return a
}

// pass runs the search sync once (what the worker does after every write).
func (a *contentAdminApp) pass(t *testing.T) {
	t.Helper()
	if _, err := a.syncer.Pass(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// plainDoc is a stored document as the admin API sends it.
func plainDoc(t *testing.T, s *content.Store, k content.Kind, key string) map[string]any {
	t.Helper()
	d, err := s.AdminGet(context.Background(), k, key)
	if err != nil {
		t.Fatal(err)
	}
	m, err := content.ToPlain(d.Doc)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// body is doc with changes applied (a nil value deletes), as JSON.
func body(t *testing.T, doc map[string]any, changes map[string]any) string {
	t.Helper()
	m := maps.Clone(doc)
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

func wantField(field, text string) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		t.Helper()
		errs, _ := b["errors"].(map[string]any)
		if msg, _ := errs[field].(string); !strings.Contains(msg, text) {
			t.Errorf("errors[%q] = %q, want %q; all: %v", field, msg, text, errs)
		}
	}
}

func wantDoc(rev int, retired bool, check func(doc map[string]any) bool) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		t.Helper()
		doc, _ := b["document"].(map[string]any)
		if b["revision"] != float64(rev) || b["retired"] != retired || doc == nil || (check != nil && !check(doc)) {
			t.Errorf("want revision %d retired %v, got %v", rev, retired, b)
		}
	}
}

func title(lang, want string) func(map[string]any) bool {
	return func(doc map[string]any) bool {
		t, _ := doc["title"].(map[string]any)
		return t[lang] == want
	}
}

func TestContentAdminAPI(t *testing.T) {
	a := newContentAdminApp(t)
	const role = "/api/v1/admin/content/roles/backoffice-manager"
	const salary = "/api/v1/admin/content/salaries/backoffice-manager-de"
	doc := plainDoc(t, a.store, content.KindRoles, "backoffice-manager")
	oldTitle := doc["title"].(map[string]any)["de"].(string)
	kolibri := map[string]any{"de": "Backoffice-Kolibri-Manager/in", "en": "Back office hummingbird manager"}
	sal := plainDoc(t, a.store, content.KindSalaries, "backoffice-manager-de")
	checklist := doc["checklist"].([]any)
	badChecklist := append([]any{}, checklist...)
	first := maps.Clone(checklist[0].(map[string]any))
	first["skill"] = "zaubern"
	badChecklist[0] = first
	newRole := body(t, doc, map[string]any{"slug": "test-assistenz", "title": map[string]any{"de": "Testassistenz/in", "en": "Test assistant"},
		"altTitles": nil, "related": nil, "movesTo": nil, "movesFrom": nil})
	passThen := func(check func(*testing.T, map[string]any)) func(*testing.T, map[string]any) {
		return func(t *testing.T, b map[string]any) { check(t, b); a.pass(t) }
	}

	en := map[string]string{"Accept-Language": "en"} // field messages in English
	runScenarios(t, a.app, []scenario{
		// Who may.
		{name: "anonymous", path: "/api/v1/admin/content/roles", wantStatus: 401},
		{name: "learner lists", path: "/api/v1/admin/content/roles", token: a.learner, wantStatus: 403},
		{name: "employer reads", path: role, token: a.employer, wantStatus: 403},
		{name: "learner updates", method: "PUT", path: role, token: a.learner, body: body(t, doc, map[string]any{"revision": 1}), wantStatus: 403},
		{name: "employer creates", method: "POST", path: "/api/v1/admin/content/roles", token: a.employer, body: newRole, wantStatus: 403},
		{name: "learner retires", method: "POST", path: role + "/retire", token: a.learner, body: `{"reason":"x","revision":1}`, wantStatus: 403},
		{name: "employer reads revisions", path: role + "/revisions", token: a.employer, wantStatus: 403},
		{name: "learner reverts", method: "POST", path: role + "/revisions/1/revert", token: a.learner, body: `{"revision":1}`, wantStatus: 403},

		// Reading.
		{name: "list roles", path: "/api/v1/admin/content/roles?q=manager", token: a.admin, wantStatus: 200,
			wantBody: []string{`"key":"backoffice-manager"`, `"revision":1`, `"retired":false`}},
		{name: "list with a wrong parameter", path: "/api/v1/admin/content/roles?retired=ja", token: a.admin, wantStatus: 400, check: wantError("retired")},
		{name: "unknown kind", path: "/api/v1/admin/content/planets", token: a.admin, wantStatus: 404, notInSpec: true},
		{name: "read a role", path: role, token: a.admin, wantStatus: 200, wantBody: []string{`"slug":"backoffice-manager"`, `"checklist":[`},
			check: wantDoc(1, false, title("de", oldTitle))},
		{name: "read a source by its id", path: "/api/v1/admin/content/sources/001_8991a098efc6fbdb.txt", token: a.admin, wantStatus: 200,
			wantBody: []string{`"id":"001_8991a098efc6fbdb.txt"`, `"retrieved":`}},
		{name: "unknown role", path: "/api/v1/admin/content/roles/astronaut", token: a.admin, wantStatus: 404},
		{name: "the history starts empty", path: role + "/revisions", token: a.admin, wantStatus: 200, wantBody: []string{`"items":[]`}},

		// Updating, protected against lost updates.
		{name: "update without a base revision", method: "PUT", path: role, token: a.admin, header: en, body: body(t, doc, map[string]any{"title": kolibri}),
			wantStatus: 400, check: wantField("revision", "required")},
		{name: "update", method: "PUT", path: role, token: a.admin, body: body(t, doc, map[string]any{"title": kolibri, "revision": 1}),
			wantStatus: 200, check: passThen(wantDoc(2, false, title("de", "Backoffice-Kolibri-Manager/in")))},
		{name: "readers see the edit", path: "/api/v1/roles/backoffice-manager", wantStatus: 200, wantBody: []string{`"title":"Backoffice-Kolibri-Manager/in"`}},
		{name: "the role search finds the new title", path: "/api/v1/search/roles?q=Kolibri", wantStatus: 200, check: wantHits("slug", "backoffice-manager")},
		{name: "stale body revision", method: "PUT", path: role, token: a.admin,
			body:       body(t, doc, map[string]any{"title": map[string]any{"de": "Überschrieben", "en": "Overwritten"}, "revision": 1}),
			wantStatus: 409, wantBody: []string{"revision 2"}},
		{name: "stale If-Match", method: "PUT", path: role, token: a.admin, header: map[string]string{"If-Match": `"1"`},
			body: body(t, doc, map[string]any{"title": map[string]any{"de": "Überschrieben", "en": "Overwritten"}}), wantStatus: 412},
		{name: "If-Match and revision disagree", method: "PUT", path: role, token: a.admin, header: map[string]string{"If-Match": `"2"`},
			body: body(t, doc, map[string]any{"revision": 1}), wantStatus: 400, check: wantField("revision", "differs")},
		{name: "malformed If-Match", method: "PUT", path: role, token: a.admin, header: map[string]string{"If-Match": `zwei`},
			body: body(t, doc, nil), wantStatus: 400, check: wantField("If-Match", "ETag")},
		{name: "nothing was overwritten", path: "/api/v1/roles/backoffice-manager", wantStatus: 200, wantBody: []string{`"title":"Backoffice-Kolibri-Manager/in"`}},
		{name: "a figure without a source", method: "PUT", path: role, token: a.admin,
			body:       body(t, doc, map[string]any{"revision": 2, "outlook": []any{map[string]any{"text": map[string]any{"de": "Gefragt", "en": "In demand"}, "sources": []any{}}}}),
			wantStatus: 400, check: wantField("outlook[0].sources", "at least 1")},
		{name: "an unknown skill", method: "PUT", path: role, token: a.admin, body: body(t, doc, map[string]any{"revision": 2, "checklist": badChecklist}),
			wantStatus: 400, check: wantField("checklist[0].skill", `unknown skill "zaubern"`)},
		{name: "an unknown source", method: "PUT", path: role, token: a.admin, body: body(t, doc, map[string]any{"revision": 2, "sources": []any{"999_0000000000000000.txt"}}),
			wantStatus: 400, check: wantField("sources[0]", "unknown source")},
		{name: "an unknown field", method: "PUT", path: role, token: a.admin, header: en, body: body(t, doc, map[string]any{"revision": 2, "version": 7}),
			wantStatus: 400, check: wantField("version", "unknown field")},
		{name: "a wrong type", method: "PUT", path: role, token: a.admin, header: en, body: body(t, doc, map[string]any{"revision": 2, "level": 3}),
			wantStatus: 400, check: wantField("level", "string")},
		{name: "another slug", method: "PUT", path: role, token: a.admin, body: body(t, doc, map[string]any{"revision": 2, "slug": "chef"}),
			wantStatus: 400, check: wantField("slug", "must stay")},
		{name: "a salary range without its source", method: "PUT", path: salary, token: a.admin, header: en, body: body(t, sal, map[string]any{"revision": 1, "source": ""}),
			wantStatus: 400, check: wantField("source", "required")},
		{name: "a salary range of an unknown role", method: "PUT", path: salary, token: a.admin, body: body(t, sal, map[string]any{"revision": 1, "role": "astronaut"}),
			wantStatus: 400, check: wantField("role", "unknown role")},
		{name: "the refused writes changed nothing", path: role, token: a.admin, wantStatus: 200, check: wantDoc(2, false, nil)},
		{name: "correct the salary's source", method: "PUT", path: salary, token: a.admin, header: map[string]string{"If-Match": `"1"`},
			body: body(t, sal, map[string]any{"source": "002_8cba13bbe8b61922.txt"}), wantStatus: 200, wantBody: []string{`"source":"002_8cba13bbe8b61922.txt"`}},
		{name: "the public salary names the new source", path: "/api/v1/roles/backoffice-manager/salary", wantStatus: 200, wantBody: []string{`"source":"002_8cba13bbe8b61922.txt"`}},

		// History and revert.
		{name: "revisions", path: role + "/revisions", token: a.admin, wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			its := items(t, b)
			if len(its) != 2 || its[0]["number"] != float64(2) || its[1]["number"] != float64(1) || its[1]["editor"] != "seed" {
				t.Fatalf("revisions %v", its)
			}
			ch := its[0]["changes"].([]any)
			found := false
			for _, c := range ch {
				c := c.(map[string]any)
				found = found || (c["field"] == "title.de" && c["old"] == oldTitle && c["new"] == "Backoffice-Kolibri-Manager/in")
			}
			if !found {
				t.Errorf("changes %v lack title.de", ch)
			}
		}},
		{name: "revert from a stale revision", method: "POST", path: role + "/revisions/1/revert", token: a.admin, header: map[string]string{"If-Match": `"1"`}, wantStatus: 412},
		{name: "revert to an unknown revision", method: "POST", path: role + "/revisions/7/revert", token: a.admin, body: `{"revision":2}`, wantStatus: 404},
		{name: "revert", method: "POST", path: role + "/revisions/1/revert", token: a.admin, header: map[string]string{"If-Match": `"2"`},
			wantStatus: 200, check: passThen(wantDoc(3, false, title("de", oldTitle)))},
		{name: "the public API shows the old text again", path: "/api/v1/roles/backoffice-manager", wantStatus: 200, wantBody: []string{`"title":"` + oldTitle + `"`}},
		{name: "the search forgot the reverted title", path: "/api/v1/search/roles?q=Kolibri", wantStatus: 200, check: wantTotal(0)},
		{name: "revert the salary", method: "POST", path: salary + "/revisions/1/revert", token: a.admin, body: `{"revision":2}`, wantStatus: 200},
		{name: "the public salary names the old source", path: "/api/v1/roles/backoffice-manager/salary", wantStatus: 200, wantBody: []string{`"source":"001_8991a098efc6fbdb.txt"`}},

		// Create and retire.
		{name: "create", method: "POST", path: "/api/v1/admin/content/roles", token: a.admin, body: newRole, wantStatus: 201,
			check: passThen(wantDoc(1, false, title("de", "Testassistenz/in")))},
		{name: "the created role is public", path: "/api/v1/roles/test-assistenz", wantStatus: 200, wantBody: []string{`"title":"Testassistenz/in"`}},
		{name: "the created role is found", path: "/api/v1/search/roles?q=Testassistenz", wantStatus: 200, check: wantHits("slug", "test-assistenz")},
		{name: "create it again", method: "POST", path: "/api/v1/admin/content/roles", token: a.admin, body: newRole, wantStatus: 409},
		{name: "create an invalid one", method: "POST", path: "/api/v1/admin/content/roles", token: a.admin,
			body: body(t, doc, map[string]any{"slug": "ohne-quellen", "sources": []any{}}), wantStatus: 400, check: wantField("sources", "at least 1")},
		{name: "retire referenced content", method: "POST", path: role + "/retire", token: a.admin, body: `{"reason":"veraltet","revision":3}`,
			wantStatus: 409, wantBody: []string{"salaries/backoffice-manager-de.role"}},
		{name: "retire without a reason", method: "POST", path: "/api/v1/admin/content/roles/test-assistenz/retire", token: a.admin, header: en,
			body: `{"reason":" ","revision":1}`, wantStatus: 400, check: wantField("reason", "required")},
		{name: "retire from a stale If-Match", method: "POST", path: "/api/v1/admin/content/roles/test-assistenz/retire", token: a.admin,
			header: map[string]string{"If-Match": `"7"`}, body: `{"reason":"nur ein Test"}`, wantStatus: 412},
		{name: "retire", method: "POST", path: "/api/v1/admin/content/roles/test-assistenz/retire", token: a.admin,
			body: `{"reason":"nur ein Test","revision":1}`, wantStatus: 200, wantBody: []string{`"retiredReason":"nur ein Test"`},
			check: passThen(wantDoc(2, true, nil))},
		{name: "the retired role is gone", path: "/api/v1/roles/test-assistenz", wantStatus: 410},
		{name: "and not in the list", path: "/api/v1/roles?limit=100", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if strings.Contains(strings.Join(slugs(t, b), ","), "test-assistenz") {
				t.Error("a retired role is listed")
			}
		}},
		{name: "nor found", path: "/api/v1/search/roles?q=Testassistenz", wantStatus: 200, check: wantTotal(0)},
		{name: "admins still list it", path: "/api/v1/admin/content/roles?q=test-assistenz&retired=true", token: a.admin, wantStatus: 200, check: wantTotal(1)},
		{name: "but not by default", path: "/api/v1/admin/content/roles?q=test-assistenz", token: a.admin, wantStatus: 200, check: wantTotal(0)},
		{name: "bring it back", method: "POST", path: "/api/v1/admin/content/roles/test-assistenz/revisions/1/revert", token: a.admin, body: `{"revision":2}`,
			wantStatus: 200, check: passThen(wantDoc(3, false, nil))},
		{name: "it is public again", path: "/api/v1/roles/test-assistenz", wantStatus: 200},
	})
}
