package notify

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
	"github.com/laufbahn/laufbahn/notify/notifytest"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

const base = "http://laufbahn.test"

var testKey = []byte("0123456789abcdef0123456789abcdef")

type env struct {
	t     *testing.T
	acc   *accounttest.Env
	jobs  *jobs.Service
	n     *Service
	smtp  *notifytest.Server
	clock *accounttest.Clock
	cfg   Config
}

// newEnv wires accounts, jobs and notifications on a fresh database with
// a real SMTP server; the clock starts on Tuesday 1 December 2026, 05:00 UTC.
func newEnv(t *testing.T, tweak ...func(*Config)) *env {
	t.Helper()
	store, db := contenttest.Seeded(t)
	return newEnvOn(t, store, db, tweak...)
}

func newEnvOn(t *testing.T, store *content.Store, db *mongo.Database, tweak ...func(*Config)) *env {
	t.Helper()
	acc := accounttest.New(t, db)
	clock := accounttest.NewClock(time.Date(2026, 12, 1, 5, 0, 0, 0, time.UTC))
	acc.Clock = clock
	js, err := jobs.New(jobs.Config{DB: db, Content: store, Orgs: jobs.AccountOrgs(acc.Service), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := notifytest.Start(t)
	mailer, err := mail.NewSMTP(srv.URL(), "Laufbahn <noreply@laufbahn.test>")
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{DB: db, Accounts: acc.Service, Jobs: js, Mailer: mailer, BaseURL: base, Key: testKey, Now: clock.Now,
		Backoff: []time.Duration{time.Minute, 10 * time.Minute}}
	for _, f := range tweak {
		f(&cfg)
	}
	n, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	js.SetNotifier(n.JobsNotifier())
	return &env{t: t, acc: acc, jobs: js, n: n, smtp: srv, clock: clock, cfg: cfg}
}

// drain runs the work the jobs hooks queued, as the worker does.
func (s *Service) drain(ctx context.Context) error {
	for {
		select {
		case fn := <-s.events:
			if err := fn(ctx); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) send() int {
	e.t.Helper()
	ctx := context.Background()
	e.must(e.n.drain(ctx))
	_, err := e.n.AlertPass(ctx)
	e.must(err)
	sent, err := e.n.SendPass(ctx)
	e.must(err)
	return sent
}

func (e *env) learner(email, lang string) *account.User {
	e.t.Helper()
	u := e.acc.User(e.t, email, account.Learner, false)
	if lang != "" {
		var err error
		u, err = e.acc.Service.UpdateProfile(context.Background(), u.ID, account.ProfileUpdate{Language: &lang})
		e.must(err)
	}
	return u
}

func postingInput(bundesland, city, title, description string) jobs.Input {
	return jobs.Input{
		Title: title, Role: "backoffice-mitarbeiter",
		Description: description + " " + strings.Repeat("Sie organisieren das Büro und betreuen Kunden. ", 10),
		Tasks:       []string{"Post bearbeiten"}, Skills: []jobs.SkillRequirement{{Slug: "geschaeftskorrespondenz", Essential: true}},
		Location: jobs.Location{PostalCode: "80331", City: city, Bundesland: bundesland},
		Remote:   jobs.Remote{Mode: "onsite"}, Employment: jobs.Employment{Type: "vollzeit"},
		Benefits: []string{"Jobticket"}, Apply: jobs.HowToApply{Method: "platform"},
		Salary: jobs.Salary{Min: 36000, Max: 42000, Period: jobs.PerYear, Currency: "EUR"},
	}
}

func (e *env) publish(emp *account.User, in jobs.Input) *jobs.Posting {
	e.t.Helper()
	ctx := context.Background()
	p, _, err := e.jobs.Create(ctx, emp.OrgID, emp.ID, in)
	e.must(err)
	p, _, err = e.jobs.Publish(ctx, emp.OrgID, emp.ID, p.ID, nil)
	e.must(err)
	return p
}

func TestStatusChangeMailedOnceInTheApplicantsLanguage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	emp := e.acc.User(t, "chefin@kanzlei.test", account.Employer, true)
	learner := e.learner("lea@example.test", "en")
	p := e.publish(emp, postingInput("BY", "München", "Buchhaltung (m/w/d)", "Buchhaltung im Team."))
	a, err := e.jobs.Apply(ctx, learner, p.ID, jobs.ApplyInput{CoverNote: "Hallo"}, nil)
	e.must(err)
	_, err = e.jobs.Move(ctx, emp.OrgID, a.ID, jobs.Interview, "Gespräch am 3. Dezember um 10 Uhr")
	e.must(err)
	if sent := e.send(); sent != 1 {
		t.Fatalf("sent %d mails, want 1 (the status change; a new application goes into the employer's daily digest)", sent)
	}
	ms := e.smtp.To("lea@example.test")
	if len(ms) != 1 {
		t.Fatalf("mails to the applicant: %d", len(ms))
	}
	m := ms[0]
	if !strings.Contains(m.Subject, "Interview") || !strings.Contains(m.Subject, "Kanzlei") {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"Gespräch am 3. Dezember um 10 Uhr", base + "/mein-bereich/bewerbungen/" + url.PathEscape(a.ID), "Unsubscribe"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, `<html lang="en">`) || !strings.Contains(m.HTML, "Gespräch am 3. Dezember") || strings.Contains(m.HTML, "<img") {
		t.Errorf("html:\n%s", m.HTML)
	}
	if m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.HasPrefix(m.Header.Get("List-Unsubscribe"), "<"+base+"/api/v1/notifications/unsubscribe?token=") {
		t.Errorf("unsubscribe headers: %v", m.Header)
	}
	// Nothing twice: more passes, and a recovery pass, send nothing.
	e.must(e.n.Recover(ctx))
	if sent := e.send(); sent != 0 {
		t.Errorf("a second pass sent %d", sent)
	}
	if got := len(e.smtp.Messages()); got != 1 {
		t.Errorf("%d mails in all", got)
	}
	// In-app: the applicant's bell and list.
	if c, _ := e.n.UnreadCount(ctx, learner.ID); c != 1 {
		t.Errorf("unread %d", c)
	}
	items, total, err := e.n.List(ctx, learner.ID, "de", 20, 1)
	e.must(err)
	if total != 1 || len(items) != 1 || items[0].Read || !strings.Contains(items[0].Title, "Gespräch") {
		t.Fatalf("list %d %+v", total, items)
	}
	if err := e.n.MarkRead(ctx, emp.ID, items[0].ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("someone else marked it read: %v", err)
	}
	e.must(e.n.MarkRead(ctx, learner.ID, items[0].ID))
	if c, _ := e.n.UnreadCount(ctx, learner.ID); c != 0 {
		t.Errorf("unread after marking %d", c)
	}
	// The employer's daily digest of new applications at 08:00 Berlin.
	if c, _ := e.n.UnreadCount(ctx, emp.ID); c != 1 {
		t.Errorf("employer unread %d", c)
	}
	e.clock.Advance(2 * time.Hour) // 07:00 UTC = 08:00 in Berlin
	if sent := e.send(); sent != 1 {
		t.Fatalf("digest: sent %d", sent)
	}
	dm := e.smtp.To("chefin@kanzlei.test")
	if len(dm) != 1 || !strings.Contains(dm[0].Subject, "tägliche Übersicht") || !strings.Contains(dm[0].Text, "lea hat sich auf „Buchhaltung (m/w/d)“ beworben") {
		t.Fatalf("digest: %+v", dm)
	}
}

func TestRecoveryAfterACrashBetweenChangeAndNotification(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	emp := e.acc.User(t, "chefin@kanzlei.test", account.Employer, true)
	learner := e.learner("lea@example.test", "")
	p := e.publish(emp, postingInput("BY", "München", "Buchhaltung", "Buchhaltung."))
	a, err := e.jobs.Apply(ctx, learner, p.ID, jobs.ApplyInput{}, nil)
	e.must(err)
	e.must(e.n.drain(ctx))
	// The process dies after the status change is stored and before the
	// hook's work runs: the jobs service has no notifier.
	e.jobs.SetNotifier(nil)
	_, err = e.jobs.Move(ctx, emp.OrgID, a.ID, jobs.Rejected, "Leider nicht.")
	e.must(err)
	if sent := e.send(); sent != 0 {
		t.Fatalf("sent %d before recovery", sent)
	}
	e.must(e.n.Recover(ctx))
	e.must(e.n.Recover(ctx)) // twice: still one notification
	if sent := e.send(); sent != 1 {
		t.Fatalf("sent %d after recovery, want 1", sent)
	}
	if ms := e.smtp.To("lea@example.test"); len(ms) != 1 || !strings.Contains(ms[0].Text, "Leider nicht.") {
		t.Fatalf("mails %+v", ms)
	}
	dirty, err := e.jobs.NotifyDirtyApplications(ctx)
	e.must(err)
	if len(dirty) != 0 {
		t.Errorf("still dirty: %d", len(dirty))
	}
}

func TestTwoSendersSendEachNotificationOnce(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.DailyCap = 1000 })
	ctx := context.Background()
	u := e.learner("viel@example.test", "")
	st := DefaultSettings(u.ID)
	ch := st.Events[SavedSearchAlert]
	ch.Frequency = Instant
	st.Events[SavedSearchAlert] = ch
	_, err := e.n.PutSettings(ctx, u.ID, *st)
	e.must(err)
	const count = 40
	for i := range count {
		e.must(e.n.Enqueue(ctx, fmt.Sprintf("alert:%s:s_1:p_%02d", u.ID, i), u.ID, SavedSearchAlert,
			Data{PostingID: fmt.Sprintf("p_%02d", i), PostingTitle: fmt.Sprintf("Stelle %02d", i), SearchID: "s_1", SearchName: "Büro"}))
	}
	// A second replica: its own service (own locks) on the same database.
	other, err := New(e.cfg)
	e.must(err)
	var wg sync.WaitGroup
	for _, s := range []*Service{e.n, other, e.n, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.SendPass(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	ms := e.smtp.Messages()
	seen := map[string]int{}
	for _, m := range ms {
		seen[m.Subject]++
	}
	if len(ms) != count || len(seen) != count {
		t.Fatalf("%d mails, %d distinct, want %d each", len(ms), len(seen), count)
	}
}

func TestRetriesWithBackoff(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.learner("lea@example.test", "")
	e.must(e.n.Enqueue(ctx, "app:x:1:"+u.ID, u.ID, ApplicationStatus, Data{ApplicationID: "x", PostingTitle: "Büro", EmployerName: "Kanzlei", Status: "offer"}))
	e.smtp.Reject(2)
	if sent := e.send(); sent != 0 {
		t.Fatal("sent while the server refuses")
	}
	if sent := e.send(); sent != 0 {
		t.Fatal("retried before the backoff")
	}
	e.clock.Advance(time.Minute)
	if sent := e.send(); sent != 0 {
		t.Fatal("the server refuses a second time")
	}
	e.clock.Advance(5 * time.Minute)
	if sent := e.send(); sent != 0 {
		t.Fatal("retried before the second backoff (10 min)")
	}
	e.clock.Advance(5 * time.Minute)
	if sent := e.send(); sent != 1 {
		t.Fatal("not sent after the backoff")
	}
	if len(e.smtp.Messages()) != 1 {
		t.Fatalf("%d mails", len(e.smtp.Messages()))
	}
}

func TestDigestsGroupByTimeZoneAndPreference(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	emp := e.acc.User(t, "chefin@kanzlei.test", account.Employer, true)
	type who struct {
		email, tz string
		freq      Frequency
	}
	people := []who{
		{"berlin@example.test", "Europe/Berlin", Daily},
		{"newyork@example.test", "America/New_York", Daily},
		{"sofort@example.test", "Europe/Berlin", Instant},
		{"woche@example.test", "Europe/Berlin", Weekly},
		{"aus@example.test", "Europe/Berlin", Off},
	}
	for _, p := range people {
		u := e.learner(p.email, "")
		ss, err := e.jobs.SaveSearch(ctx, u.ID, "Buchhaltung Bayern", "bundesland=BY&q=Buchhaltung")
		e.must(err)
		_, err = e.jobs.SaveSearch(ctx, u.ID, "Berlin", "bundesland=BE")
		e.must(err)
		st := DefaultSettings(u.ID)
		st.TimeZone = p.tz
		st.SavedSearches[ss.ID] = p.freq
		_, err = e.n.PutSettings(ctx, u.ID, *st)
		e.must(err)
	}
	e.clock.Advance(time.Minute)
	e.publish(emp, postingInput("BY", "München", "Sachbearbeiter Buchhaltung (m/w/d)", "Buchhaltung und Rechnungswesen."))
	e.publish(emp, postingInput("BY", "Nürnberg", "Lohnbuchhaltung (m/w/d)", "Buchhaltung der Löhne."))
	e.publish(emp, postingInput("HH", "Hamburg", "Buchhaltung Hamburg", "Buchhaltung."))
	count := func(addr string) int { return len(e.smtp.To(addr)) }
	// 05:01 UTC: only the instant subscriber hears, once per posting.
	if sent := e.send(); sent != 2 || count("sofort@example.test") != 2 {
		t.Fatalf("instant: sent %d, sofort %d", sent, count("sofort@example.test"))
	}
	// 07:00 UTC is 08:00 in Berlin: one digest with both postings.
	e.clock.Advance(119 * time.Minute)
	if sent := e.send(); sent != 1 {
		t.Fatalf("08:00 Berlin: sent %d", sent)
	}
	d := e.smtp.To("berlin@example.test")
	if len(d) != 1 || !strings.Contains(d[0].Subject, "2 neue Stellen für „Buchhaltung Bayern“") ||
		!strings.Contains(d[0].Text, "Lohnbuchhaltung") || !strings.Contains(d[0].Text, "Sachbearbeiter Buchhaltung") || strings.Contains(d[0].Text, "Hamburg") {
		t.Fatalf("Berlin digest: %+v", d)
	}
	// 12:59 UTC is 07:59 in New York: not yet; 13:00 UTC is 08:00.
	e.clock.Advance(5*time.Hour + 59*time.Minute)
	if sent := e.send(); sent != 0 {
		t.Fatalf("07:59 New York: sent %d", sent)
	}
	e.clock.Advance(time.Minute)
	if sent := e.send(); sent != 1 || count("newyork@example.test") != 1 {
		t.Fatalf("08:00 New York: sent %d", sent)
	}
	// The weekly digest waits for Monday 7 December, 08:00 Berlin.
	e.clock.Advance(5*24*time.Hour + 17*time.Hour + 59*time.Minute) // Monday 06:59 UTC
	if sent := e.send(); sent != 0 {
		t.Fatalf("before Monday 08:00: sent %d", sent)
	}
	e.clock.Advance(time.Minute)
	if sent := e.send(); sent != 1 || count("woche@example.test") != 1 || !strings.Contains(e.smtp.To("woche@example.test")[0].Subject, "wöchentliche") {
		t.Fatalf("weekly: sent %d", sent)
	}
	if count("aus@example.test") != 0 {
		t.Error("a search with mail off was mailed")
	}
	if c, _ := e.n.UnreadCount(ctx, mustUser(t, e, "aus@example.test")); c != 2 {
		t.Errorf("the off search's alerts are still in the app: %d", c)
	}
	if len(e.smtp.Messages()) != 5 {
		t.Errorf("%d mails in all, want 5", len(e.smtp.Messages()))
	}
}

func mustUser(t *testing.T, e *env, email string) string {
	t.Helper()
	s, err := e.acc.Service.Login(context.Background(), email, accounttest.Password, account.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return s.User.ID
}

func TestDailyCapMovesTheRestIntoTheDigest(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.DailyCap = 2 })
	ctx := context.Background()
	u := e.learner("lea@example.test", "")
	for i := range 5 {
		e.must(e.n.Enqueue(ctx, fmt.Sprintf("app:a%d:1:%s", i, u.ID), u.ID, ApplicationStatus,
			Data{ApplicationID: fmt.Sprintf("a%d", i), PostingTitle: fmt.Sprintf("Stelle %d", i), EmployerName: "Kanzlei", Status: "in_review"}))
	}
	if sent := e.send(); sent != 2 {
		t.Fatalf("sent %d instant mails, want the cap of 2", sent)
	}
	e.clock.Advance(2 * time.Hour) // 08:00 Berlin
	if sent := e.send(); sent != 1 {
		t.Fatalf("digest: sent %d", sent)
	}
	ms := e.smtp.Messages()
	if len(ms) != 3 || strings.Count(ms[2].Text, "Stelle ") != 3 {
		t.Fatalf("mails: %d; digest:\n%s", len(ms), ms[len(ms)-1].Text)
	}
}

func TestUnsubscribeTokenForgedOrReused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.learner("lea@example.test", "")
	other := e.learner("otto@example.test", "")
	e.must(e.n.Enqueue(ctx, "app:x:1:"+u.ID, u.ID, ApplicationStatus, Data{ApplicationID: "x", PostingTitle: "Büro", EmployerName: "Kanzlei", Status: "offer"}))
	e.send()
	h := e.smtp.Messages()[0].Header.Get("List-Unsubscribe")
	lu, err := url.Parse(strings.Trim(h, "<>"))
	e.must(err)
	token := lu.Query().Get("token")

	p64, sig, _ := strings.Cut(token, ".")
	otherScope := e.n.unsubscribeToken(Scope{UserID: other.ID, Event: ApplicationStatus})
	op64, _, _ := strings.Cut(otherScope, ".")
	for name, forged := range map[string]string{
		"empty":                   "",
		"garbage":                 "abc",
		"signature changed":       p64 + "." + strings.Repeat("A", len(sig)),
		"payload of another user": op64 + "." + sig,
		"signed with another key": func() string {
			o, _ := New(Config{DB: e.cfg.DB, Accounts: e.acc.Service, Mailer: e.cfg.Mailer, Key: []byte(strings.Repeat("k", 32)), Now: e.clock.Now})
			return o.unsubscribeToken(Scope{UserID: u.ID, Event: ApplicationStatus})
		}(),
	} {
		if _, err := e.n.Unsubscribe(ctx, forged, "de"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	st, _ := e.n.Settings(ctx, u.ID)
	if !st.Events[ApplicationStatus].Mail {
		t.Fatal("a forged token changed the settings")
	}
	res, err := e.n.Unsubscribe(ctx, token, "de")
	e.must(err)
	if !res.Changed || res.Scope.UserID != u.ID || res.Scope.Event != ApplicationStatus {
		t.Fatalf("result %+v", res)
	}
	st, _ = e.n.Settings(ctx, u.ID)
	if st.Events[ApplicationStatus].Mail {
		t.Fatal("not unsubscribed")
	}
	// Further status changes reach the app, not the mailbox.
	e.must(e.n.Enqueue(ctx, "app:x:2:"+u.ID, u.ID, ApplicationStatus, Data{ApplicationID: "x", Status: "hired"}))
	if sent := e.send(); sent != 0 {
		t.Fatal("mailed after unsubscribing")
	}
	// The user turns mail on again; the old link used again changes nothing.
	st.Events[ApplicationStatus] = Channel{Mail: true, InApp: true, Frequency: Instant}
	_, err = e.n.PutSettings(ctx, u.ID, *st)
	e.must(err)
	res, err = e.n.Unsubscribe(ctx, token, "de")
	e.must(err)
	if res.Changed {
		t.Error("a reused token reported a change")
	}
	if st, _ := e.n.Settings(ctx, u.ID); !st.Events[ApplicationStatus].Mail {
		t.Error("a reused token turned mail off again")
	}
	// Too old.
	fresh := e.n.unsubscribeToken(Scope{UserID: u.ID, Event: PostingExpiring})
	if _, err := e.n.Unsubscribe(ctx, e.n.unsubscribeToken(Scope{UserID: u.ID, Event: PostingExpired}), "de"); err != nil {
		t.Errorf("a fresh token: %v", err)
	}
	e.clock.Advance(UnsubscribeTTL + time.Hour)
	if _, err := e.n.Unsubscribe(ctx, fresh, "de"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("an expired token: %v", err)
	}
}

func TestSettingsValidation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.learner("lea@example.test", "")
	st := DefaultSettings(u.ID)
	st.TimeZone = "Mars/Olympus"
	st.DigestHour = 24
	st.Events[ApplicationStatus] = Channel{Mail: true, InApp: true, Frequency: Weekly}
	st.Events["bogus"] = Channel{}
	st.SavedSearches["s_zz"] = Daily
	st.SavedSearches["s_ab"] = "hourly"
	_, err := e.n.PutSettings(ctx, u.ID, *st)
	var ae *apperr.Error
	if !errorsAs(err, &ae) || ae.Code != apperr.Invalid {
		t.Fatalf("err %v", err)
	}
	for _, f := range []string{"timeZone", "digestHour", "events.application_status.frequency", "events.bogus", "savedSearches.s_zz", "savedSearches.s_ab"} {
		if _, ok := ae.Fields[f]; !ok {
			t.Errorf("no problem named %s: %v", f, ae.Fields)
		}
	}
	got, _ := e.n.Settings(ctx, u.ID)
	if got.TimeZone != DefaultTimeZone || got.DigestHour != DefaultDigestHour || got.UpdatedAt != nil {
		t.Errorf("a rejected write changed something: %+v", got)
	}
}

func TestDeletingAnAccountDeletesItsNotifications(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.learner("lea@example.test", "")
	keep := e.learner("otto@example.test", "")
	for _, id := range []string{u.ID, keep.ID} {
		e.must(e.n.Enqueue(ctx, "app:x:1:"+id, id, ApplicationStatus, Data{ApplicationID: "x", Status: "offer"}))
		e.must(e.n.Enqueue(ctx, "alert:"+id+":s_1:p_1", id, SavedSearchAlert, Data{PostingID: "p_1", SearchID: "s_1"}))
	}
	// An employer's notification about u's application names u: it goes too.
	boss := e.learner("boss@example.test", "")
	e.must(e.n.Enqueue(ctx, "app:p_1:"+u.ID+":0:"+boss.ID, boss.ID, ApplicationReceived, Data{ApplicationID: "p_1:" + u.ID, ApplicantName: "Lea"}))
	e.must(e.n.Enqueue(ctx, "app:p_1:"+keep.ID+":0:"+boss.ID, boss.ID, ApplicationReceived, Data{ApplicationID: "p_1:" + keep.ID, ApplicantName: "Otto"}))
	e.must(e.n.DeleteUser(ctx, u.ID))
	if c, _ := e.n.UnreadCount(ctx, boss.ID); c != 1 {
		t.Errorf("the employer's bell counts %d, want 1 (Otto's application only)", c)
	}
	if items, _, _ := e.n.List(ctx, boss.ID, "de", 20, 1); len(items) != 1 || !strings.Contains(items[0].Body, "Otto") {
		t.Errorf("the employer's list: %+v", items)
	}
	for coll, filter := range map[string]string{CollNotifications: "userId", CollQueue: "userId", CollInbox: "_id"} {
		n, err := e.cfg.DB.Collection(coll).CountDocuments(ctx, map[string]string{filter: u.ID})
		e.must(err)
		if n != 0 {
			t.Errorf("%s still holds %d of the deleted user's documents", coll, n)
		}
		n, _ = e.cfg.DB.Collection(coll).CountDocuments(ctx, map[string]string{filter: keep.ID})
		if n == 0 {
			t.Errorf("%s lost the other user's documents", coll)
		}
	}
}

func errorsAs(err error, target **apperr.Error) bool {
	for err != nil {
		if ae, ok := err.(*apperr.Error); ok {
			*target = ae
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

func TestPostingExpiryAndWithdrawalReachTheOrganisation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	emp := e.acc.User(t, "chefin@kanzlei.test", account.Employer, true)
	learner := e.learner("lea@example.test", "")
	in := postingInput("BY", "München", "Buchhaltung (m/w/d)", "Buchhaltung.")
	vt := e.clock.Now().Add(5 * 24 * time.Hour)
	in.ValidThrough = &vt
	p := e.publish(emp, in)
	a, err := e.jobs.Apply(ctx, learner, p.ID, jobs.ApplyInput{}, nil)
	e.must(err)
	_, err = e.jobs.Withdraw(ctx, learner.ID, a.ID, "Ich habe eine andere Stelle.")
	e.must(err)
	if sent := e.send(); sent != 1 {
		t.Fatalf("withdrawal: sent %d, want 1 (instant; the new application waits for the digest)", sent)
	}
	if m := e.smtp.To("chefin@kanzlei.test"); len(m) != 1 || !strings.Contains(m[0].Subject, "Bewerbung zurückgezogen") || !strings.Contains(m[0].Text, "Ich habe eine andere Stelle.") {
		t.Fatalf("withdrawal mail: %+v", m)
	}
	// Four days before the end: nothing yet; three days before: one notice, once.
	e.must(e.n.ExpiringPass(ctx))
	if sent := e.send(); sent != 0 {
		t.Fatalf("expiry notice 5 days ahead: sent %d", sent)
	}
	e.clock.Advance(2*24*time.Hour + time.Hour)
	e.must(e.n.ExpiringPass(ctx))
	e.must(e.n.ExpiringPass(ctx))
	if sent := e.send(); sent < 1 {
		t.Fatal("no expiry notice 3 days ahead")
	}
	notices := func(subject string) int {
		n := 0
		for _, m := range e.smtp.To("chefin@kanzlei.test") {
			if strings.Contains(m.Subject, subject) {
				n++
			}
		}
		return n
	}
	if notices("läuft bald ab") != 1 {
		t.Fatalf("expiry notices: %d", notices("läuft bald ab"))
	}
	// Past the end: the periodic job expires it and the organisation hears.
	e.clock.Advance(3 * 24 * time.Hour)
	if _, err := e.jobs.ExpireDue(ctx); err != nil {
		t.Fatal(err)
	}
	e.send()
	e.must(e.n.Recover(ctx))
	e.send()
	if notices("Stellenanzeige abgelaufen") != 1 {
		t.Fatalf("expired notices: %d", notices("Stellenanzeige abgelaufen"))
	}
	dirty, err := e.jobs.NotifyDirtyPostings(ctx)
	e.must(err)
	if len(dirty) != 0 {
		t.Errorf("%d postings still dirty", len(dirty))
	}
}

// learningAdapter puts the real learning service behind Learners, as cmd
// does.
type learningAdapter struct{ l *learning.Service }

func (a learningAdapter) LearnerIDs(ctx context.Context) ([]string, error) {
	return a.l.LearnerIDs(ctx)
}
func (a learningAdapter) GapSkills(ctx context.Context, userID, role string) ([]string, error) {
	g, err := a.l.GapForRole(ctx, userID, role, "de")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, gap := range g.Gaps {
		out = append(out, gap.Skill)
	}
	return out, nil
}

func TestLearningUpdatesOnCatalogueChanges(t *testing.T) {
	store, db := contenttest.Seeded(t)
	lrn := learning.New(db, store, nil)
	e := newEnvOn(t, store, db, func(c *Config) { c.Content = store; c.Learners = learningAdapter{lrn} })
	ctx := context.Background()
	const role = "backoffice-manager"
	lea := e.learner("lea@example.test", "")
	target := role
	_, err := e.acc.Service.UpdateProfile(ctx, lea.ID, account.ProfileUpdate{TargetRole: &target})
	e.must(err)
	_, err = lrn.SetAssessment(ctx, lea.ID, "geschaeftskorrespondenz", learning.SkillInput{Level: 3})
	e.must(err)
	otto := e.learner("otto@example.test", "") // no target role
	_, err = lrn.SetAssessment(ctx, otto.ID, "geschaeftskorrespondenz", learning.SkillInput{Level: 1})
	e.must(err)

	if n, err := e.n.LearningPass(ctx); err != nil || n != 0 {
		t.Fatalf("first pass (records the catalogue): %d %v", n, err)
	}
	// An admin adds one of Lea's gap skills to a course that lacks it, and
	// points a path at her target role.
	gap, err := learningAdapter{lrn}.GapSkills(ctx, lea.ID, role)
	e.must(err)
	courses, _, err := store.Courses(ctx, content.CourseFilter{}, content.ListOptions{})
	e.must(err)
	var course content.Course
	var skill string
	for _, c := range courses {
		for _, g := range gap {
			if !slices.Contains(c.Skills, g) && skill == "" {
				course, skill = c, g
			}
		}
	}
	if skill == "" {
		t.Fatal("no course lacks a gap skill")
	}
	course.Skills = append(course.Skills, skill)
	e.must(store.EditCourse(ctx, course, "admin"))
	paths, _, err := store.Paths(ctx, content.PathFilter{}, content.ListOptions{})
	e.must(err)
	var path content.Path
	for _, p := range paths {
		if p.TargetRole != role {
			path = p
			break
		}
	}
	path.TargetRole = role
	e.must(store.EditPath(ctx, path, "admin"))

	n, err := e.n.LearningPass(ctx)
	e.must(err)
	if n != 2 {
		t.Fatalf("%d learning updates, want 2 (the course and the path)", n)
	}
	if n, _ := e.n.LearningPass(ctx); n != 0 {
		t.Errorf("a second pass notified %d more", n)
	}
	items, _, err := e.n.List(ctx, lea.ID, "de", 20, 1)
	e.must(err)
	titles := ""
	for _, it := range items {
		titles += it.Title + "\n" + it.Body + "\n" + it.Link + "\n"
	}
	for _, want := range []string{"Ein Kurs für Ihre Lücke: " + course.Title.DE, "/weiterbildung/" + course.Slug, "Neuer Weg zu Ihrem Ziel: " + path.Title.DE, "/wege/" + path.Slug} {
		if !strings.Contains(titles, want) {
			t.Errorf("in-app lacks %q:\n%s", want, titles)
		}
	}
	if c, _ := e.n.UnreadCount(ctx, otto.ID); c != 0 {
		t.Errorf("a learner without a target role heard %d", c)
	}
	// Mail: a weekly digest at most, on Monday at 08:00.
	if sent := e.send(); sent != 0 {
		t.Fatalf("sent %d at once", sent)
	}
	e.clock.Advance(6*24*time.Hour + 2*time.Hour) // Monday 7 December, 07:00 UTC
	if sent := e.send(); sent != 1 {
		t.Fatalf("weekly digest: sent %d", sent)
	}
	if m := e.smtp.To("lea@example.test"); len(m) != 1 || !strings.Contains(m[0].Subject, "wöchentliche") || !strings.Contains(m[0].Text, course.Title.DE) {
		t.Fatalf("digest: %+v", m)
	}
}

// TestSenderDiedBetweenMarkerAndClaim: a sender inserted the claim marker
// and died before recording the claim; after the lease another sender
// takes the next attempt, and the mail goes out once.
func TestSenderDiedBetweenMarkerAndClaim(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.learner("lea@example.test", "")
	id := "app:x:1:" + u.ID
	e.must(e.n.Enqueue(ctx, id, u.ID, ApplicationStatus, Data{ApplicationID: "x", PostingTitle: "Büro", EmployerName: "Kanzlei", Status: "offer"}))
	_, err := e.cfg.DB.Collection(CollMarkers).InsertOne(ctx, map[string]any{"_id": "mail:" + id + ":0", "kind": "mail", "at": e.clock.Now()})
	e.must(err)
	if sent := e.send(); sent != 0 {
		t.Fatal("sent while the dead sender's marker is within the lease")
	}
	e.clock.Advance(e.n.cfg.Lease + time.Second)
	if sent := e.send(); sent != 1 {
		t.Fatalf("sent %d after the lease, want 1", sent)
	}
	if sent := e.send(); sent != 0 || len(e.smtp.Messages()) != 1 {
		t.Fatalf("mails: %d", len(e.smtp.Messages()))
	}
}
