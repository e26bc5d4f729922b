package api

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/notify"
	"github.com/laufbahn/laufbahn/notify/notifytest"
)

// notifyApp is the API with accounts, jobs and notifications; mails go to
// .eml files (the embedded default's outbox).
type notifyApp struct {
	*accountsApp
	jobs              *jobs.Service
	n                 *notify.Service
	mailDir           string
	db                *mongo.Database
	learner, employer string
}

func newNotifyApp(t *testing.T) *notifyApp {
	t.Helper()
	store, db := contenttest.Seeded(t)
	env := accounttest.New(t, db, accounttest.Options{RoleExists: roleExists})
	js, err := jobs.New(jobs.Config{DB: db, Content: store, Orgs: jobs.AccountOrgs(env.Service)})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "mail")
	files, err := mail.NewFiles(dir, "Laufbahn <noreply@laufbahn.test>", nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := notify.New(notify.Config{DB: db, Accounts: env.Service, Jobs: js, Mailer: files, BaseURL: "http://laufbahn.test",
		Key: []byte("0123456789abcdef0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	js.SetNotifier(n.JobsNotifier())
	app, srv := newApp(Deps{Content: store, Accounts: env.Service, RateLimits: &generous, Jobs: js, Notify: n,
		Ready: func(ctx context.Context) error { return db.Client().Ping(ctx, nil) }})
	a := &notifyApp{accountsApp: &accountsApp{app: app, srv: srv, Env: env}, jobs: js, n: n, mailDir: dir, db: db}
	env.User(t, "lerner@example.de", account.Learner, false)
	env.User(t, "chef@example.de", account.Employer, true)
	a.learner = env.Login(t, "lerner@example.de").AccessToken
	a.employer = env.Login(t, "chef@example.de").AccessToken
	return a
}

// mails reads the .eml files written so far.
func (a *notifyApp) mails(t *testing.T) []notifytest.Received {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(a.mailDir, "*.eml"))
	var out []notifytest.Received
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, err := notifytest.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func TestNotificationRoutes(t *testing.T) {
	a := newNotifyApp(t)
	ctx := context.Background()
	emp := a.Env.Login(t, "chef@example.de").User
	lea := a.Env.Login(t, "lerner@example.de").User
	in := jobs.Input{Title: "Buchhaltung (m/w/d)", Role: "backoffice-mitarbeiter", Description: strings.Repeat("Buchhaltung und Büro. ", 30),
		Tasks: []string{"Belege buchen"}, Location: jobs.Location{PostalCode: "80331", City: "München", Bundesland: "BY"},
		Remote: jobs.Remote{Mode: "onsite"}, Employment: jobs.Employment{Type: "vollzeit"}, Benefits: []string{}, Apply: jobs.HowToApply{Method: "platform"},
		Salary: jobs.Salary{Min: 36000, Max: 42000, Period: jobs.PerYear, Currency: "EUR"}}
	p, _, err := a.jobs.Create(ctx, emp.OrgID, emp.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.jobs.Publish(ctx, emp.OrgID, emp.ID, p.ID, nil); err != nil {
		t.Fatal(err)
	}
	app, err := a.jobs.Apply(ctx, lea, p.ID, jobs.ApplyInput{CoverNote: "Guten Tag"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, body := a.do(t, http.MethodPost, "/api/v1/organisations/mine/applications/"+url.PathEscape(app.ID)+"/status", a.employer,
		`{"status":"interview","message":"Gespräch am Donnerstag um 10 Uhr"}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("move: %d %s", resp.StatusCode, body)
	}
	// The worker's work: hand the changes over and send.
	if err := a.n.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.n.SendPass(ctx); err != nil {
		t.Fatal(err)
	}
	mails := a.mails(t)
	if len(mails) != 1 || !strings.Contains(mails[0].Subject, "Gespräch") || !strings.Contains(mails[0].Text, "Donnerstag um 10 Uhr") {
		t.Fatalf("mails: %+v", mails)
	}
	lu, err := url.Parse(strings.Trim(mails[0].Header.Get("List-Unsubscribe"), "<>"))
	if err != nil {
		t.Fatal(err)
	}
	token := lu.Query().Get("token")
	if lu.Path != "/api/v1/notifications/unsubscribe" || token == "" {
		t.Fatalf("List-Unsubscribe %q", mails[0].Header.Get("List-Unsubscribe"))
	}
	var noteID string
	runScenarios(t, a.app, []scenario{
		{name: "anonymous list", path: "/api/v1/me/notifications", wantStatus: 401},
		{name: "list, German", path: "/api/v1/me/notifications", token: a.learner, wantStatus: 200,
			wantBody: []string{`"total":1`, `"unread":1`, "Gespräch", "Donnerstag um 10 Uhr", `"link":"http://laufbahn.test/mein-bereich/bewerbungen/`},
			check:    func(t *testing.T, b map[string]any) { noteID = items(t, b)[0]["id"].(string) }},
		{name: "list, English", path: "/api/v1/me/notifications?lang=en", token: a.learner, wantStatus: 200, wantBody: []string{"Interview", `"lang":"en"`}},
		{name: "bad limit", path: "/api/v1/me/notifications?limit=0", token: a.learner, wantStatus: 400, check: wantError("limit")},
		{name: "unknown parameter", path: "/api/v1/me/notifications?unread=1", token: a.learner, wantStatus: 400, check: wantError("unread")},
		{name: "employer's bell", path: "/api/v1/me/notifications/unread-count", token: a.employer, wantStatus: 200, wantBody: []string{`{"unread":1}`}},
		{name: "learner's bell", path: "/api/v1/me/notifications/unread-count", token: a.learner, wantStatus: 200, wantBody: []string{`{"unread":1}`}},
	})
	runScenarios(t, a.app, []scenario{
		{name: "someone else's notification", method: "POST", path: "/api/v1/me/notifications/" + url.PathEscape(noteID) + "/read", token: a.employer, wantStatus: 404},
		{name: "unknown notification", method: "POST", path: "/api/v1/me/notifications/nope/read", token: a.learner, wantStatus: 404},
		{name: "mark read", method: "POST", path: "/api/v1/me/notifications/" + url.PathEscape(noteID) + "/read", token: a.learner, wantStatus: 204},
		{name: "mark read again", method: "POST", path: "/api/v1/me/notifications/" + url.PathEscape(noteID) + "/read", token: a.learner, wantStatus: 204},
		{name: "bell after reading", path: "/api/v1/me/notifications/unread-count", token: a.learner, wantStatus: 200, wantBody: []string{`{"unread":0}`}},
		{name: "employer reads all", method: "POST", path: "/api/v1/me/notifications/read-all", token: a.employer, wantStatus: 200, wantBody: []string{`{"marked":1}`}},
		{name: "read all again", method: "POST", path: "/api/v1/me/notifications/read-all", token: a.employer, wantStatus: 200, wantBody: []string{`{"marked":0}`}},

		{name: "settings: defaults", path: "/api/v1/me/notification-settings", token: a.learner, wantStatus: 200,
			wantBody: []string{`"timeZone":"Europe/Berlin"`, `"digestHour":8`, `"saved_search":{"mail":true,"inApp":true,"frequency":"daily"}`, `"application_status":{"mail":true,"inApp":true,"frequency":"instant"}`}},
		{name: "settings: change", method: "PUT", path: "/api/v1/me/notification-settings", token: a.learner, wantStatus: 200,
			body:     `{"timeZone":"America/New_York","digestHour":18,"events":{"saved_search":{"mail":true,"inApp":false,"frequency":"weekly"}}}`,
			wantBody: []string{`"timeZone":"America/New_York"`, `"digestHour":18`, `"saved_search":{"mail":true,"inApp":false,"frequency":"weekly"}`, `"application_status":{"mail":true,"inApp":true,"frequency":"instant"}`}},
		{name: "settings: bad values name their fields", method: "PUT", path: "/api/v1/me/notification-settings", token: a.learner, wantStatus: 400,
			body: `{"timeZone":"Mars/Olympus","digestHour":25,"events":{"application_status":{"mail":true,"inApp":true,"frequency":"weekly"}}}`,
			check: func(t *testing.T, b map[string]any) {
				wantError("timeZone")(t, b)
				wantError("digestHour")(t, b)
				wantError("events.application_status.frequency")(t, b)
			}},
		{name: "settings: unknown field", method: "PUT", path: "/api/v1/me/notification-settings", token: a.learner, wantStatus: 400,
			body: `{"timeZone":"Europe/Berlin","digestHour":8,"quiet":true}`, check: wantError("quiet")},
		{name: "settings: not JSON", method: "PUT", path: "/api/v1/me/notification-settings", token: a.learner, wantStatus: 415,
			header: map[string]string{"Content-Type": "text/plain"}, body: `timeZone=x`},
		{name: "settings kept after the bad writes", path: "/api/v1/me/notification-settings", token: a.learner, wantStatus: 200,
			wantBody: []string{`"timeZone":"America/New_York"`, `"digestHour":18`}},

		{name: "unsubscribe: describe changes nothing", path: "/api/v1/notifications/unsubscribe?token=" + url.QueryEscape(token), wantStatus: 200,
			wantBody: []string{`"event":"application_status"`, `"changed":true`}},
		{name: "unsubscribe: forged", method: "POST", path: "/api/v1/notifications/unsubscribe?token=" + url.QueryEscape(token[:len(token)-3]+"AAA"), wantStatus: 400, check: wantError("token")},
		{name: "unsubscribe: no token", method: "POST", path: "/api/v1/notifications/unsubscribe", wantStatus: 400, check: wantError("token")},
		{name: "unsubscribe: unknown parameter", method: "POST", path: "/api/v1/notifications/unsubscribe?token=x&user=y", wantStatus: 400, check: wantError("user")},
		{name: "unsubscribe: one click", method: "POST", path: "/api/v1/notifications/unsubscribe?token=" + url.QueryEscape(token),
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "List-Unsubscribe=One-Click", wantStatus: 200,
			wantBody: []string{`"event":"application_status"`, `"changed":true`, "Bewerbungen"}},
		{name: "unsubscribe: used again", method: "POST", path: "/api/v1/notifications/unsubscribe?token=" + url.QueryEscape(token) + "&lang=en", wantStatus: 200,
			wantBody: []string{`"changed":false`, "applications"}},
		{name: "settings show it", path: "/api/v1/me/notification-settings", token: a.learner, wantStatus: 200,
			wantBody: []string{`"application_status":{"mail":false,"inApp":true,"frequency":"instant"}`}},
	})

	// The export carries the preferences and the notifications.
	runScenarios(t, a.app, []scenario{{name: "export", path: "/api/v1/me/export", token: a.learner, wantStatus: 200,
		wantBody: []string{`"notifications":{"settings":{"timeZone":"America/New_York"`, "Donnerstag um 10 Uhr"}}})

	// Deleting the account deletes its notifications.
	resp, body = a.do(t, http.MethodDelete, "/api/v1/me", a.learner, `{"password":"`+accounttest.Password+`"}`)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	db := a.db
	for _, coll := range []string{notify.CollNotifications, notify.CollQueue} {
		if n, err := db.Collection(coll).CountDocuments(ctx, bson.D{{Key: "userId", Value: lea.ID}}); err != nil || n != 0 {
			t.Errorf("%s: %d of the deleted user's documents left (%v)", coll, n, err)
		}
	}
	// The employer's notification about the application named the
	// applicant: it goes with the account too.
	if n, _ := db.Collection(notify.CollNotifications).CountDocuments(ctx, bson.D{{Key: "userId", Value: emp.ID}}); n != 0 {
		t.Errorf("the employer still has %d notifications about the deleted applicant", n)
	}
}
