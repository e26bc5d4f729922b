package frontend

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
	"github.com/laufbahn/laufbahn/notify"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
)

func TestMain(m *testing.M) {
	code := mongodbtest.Run(m)
	closeBrowser()
	os.Exit(code)
}

// testEnv is the website and the API on one app over real services: a
// fresh embedded FerretDB database seeded with the curated content, a real
// Bleve index kept in sync, accounts with a Mailbox at the mail boundary.
type testEnv struct {
	App      *fiber.App
	Site     *Site
	Accounts *accounttest.Env
	Jobs     *jobs.Service
	Learning *learning.Service
	Index    search.Index
	Syncer   *search.Syncer
	// Notify is the notifications service, mailing .eml files into
	// MailDir (a real file mailer); no worker runs: tests call Recover and
	// SendPass.
	Notify  *notify.Service
	MailDir string
}

func newTestEnv(t testing.TB) *testEnv {
	t.Helper()
	return newEnv(t, accounttest.BaseURL)
}

func newEnv(t testing.TB, baseURL string) *testEnv {
	t.Helper()
	ctx := context.Background()
	store, db := contenttest.Seeded(t)
	acc := accounttest.New(t, db)
	if err := mongodb.EnsureIndexes(ctx, db, learning.Indexes()); err != nil {
		t.Fatal(err)
	}
	lrn := learning.New(db, store, time.Now)
	if err := mongodb.EnsureIndexes(ctx, db, jobs.Indexes()); err != nil {
		t.Fatal(err)
	}
	jobSvc, err := jobs.New(jobs.Config{DB: db, Content: store, Orgs: jobs.AccountOrgs(acc.Service), Snapshot: jobs.LearningSnapshot(lrn)})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	syncer := search.NewSyncer(idx, nil, append(store.SearchSources(), jobSvc.SearchSource())...)
	for _, k := range search.Kinds {
		if _, err := syncer.Reindex(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if err := mongodb.EnsureIndexes(ctx, db, notify.Indexes()); err != nil {
		t.Fatal(err)
	}
	mailDir := t.TempDir()
	mailer, err := mail.NewFiles(mailDir, "Laufbahn <noreply@laufbahn.test>", nil)
	if err != nil {
		t.Fatal(err)
	}
	nt, err := notify.New(notify.Config{DB: db, Accounts: acc.Service, Jobs: jobSvc, Mailer: mailer, BaseURL: baseURL,
		Key: []byte("frontend-test-key-0123456789abcdef"), Content: store})
	if err != nil {
		t.Fatal(err)
	}
	jobSvc.SetNotifier(nt.JobsNotifier())
	site, err := New(Deps{Content: store, Search: idx, Jobs: jobSvc, Accounts: acc.Service, Learning: lrn, Notify: nt, BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	app := api.New(api.Deps{Content: store, Ready: func(ctx context.Context) error { return db.Client().Ping(ctx, nil) },
		Search: idx, Accounts: acc.Service, Learning: lrn, Jobs: jobSvc, Site: site, Version: "test"})
	return &testEnv{App: app, Site: site, Accounts: acc, Jobs: jobSvc, Learning: lrn, Index: idx, Syncer: syncer, Notify: nt, MailDir: mailDir}
}

// get requests path and returns the response and its body.
func (e *testEnv) get(t testing.TB, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.do(t, req)
}

func (e *testEnv) do(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := e.App.Test(req, 20_000)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// mustContain fails for each want missing from body.
func mustContain(t testing.TB, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}
