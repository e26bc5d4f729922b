package jobs

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
	"github.com/laufbahn/laufbahn/search"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

// testClock is a settable clock.
type testClock struct{ now time.Time }

func (c *testClock) Now() time.Time { return c.now }

func newTestService(t testing.TB) (*Service, *testClock) {
	t.Helper()
	store, db := contenttest.Seeded(t)
	clock := &testClock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	orgs := func(_ context.Context, id string) (Employer, error) {
		return Employer{ID: id, Name: "Muster " + id + " GmbH", Website: "https://" + id + ".example"}, nil
	}
	s, err := New(Config{DB: db, Content: store, Orgs: orgs, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s, clock
}

func validInput() Input {
	return Input{
		Title: "Backoffice-Mitarbeiter (m/w/d)", Role: "backoffice-mitarbeiter",
		Description: strings.Repeat("Sie organisieren das Büro und betreuen Kunden. ", 12),
		Tasks:       []string{"Post bearbeiten"}, Skills: []SkillRequirement{{Slug: "geschaeftskorrespondenz", Essential: true}},
		Location: Location{PostalCode: "10115", City: "Berlin", Bundesland: "BE", Street: "Unter den Linden 1"},
		Remote:   Remote{Mode: "onsite"}, Employment: Employment{Type: "vollzeit"}, StartDate: "2027-01-01",
		Benefits: []string{"Jobticket"}, Contact: &Contact{Name: "Frau Berg"}, Apply: HowToApply{Method: "platform"},
		Salary: Salary{Min: 36000, Max: 42000, Period: PerYear, Currency: "EUR"},
	}
}

func TestSanitizerStopsStoredXSS(t *testing.T) {
	r := NewRenderer()
	for _, tc := range []struct {
		name, src string
		banned    []string
		keep      string
	}{
		{"script tag", "Hallo <script>alert(1)</script> Welt", []string{"<script", "alert(1)</script"}, "Hallo"},
		{"img onerror", `<img src="x" onerror="alert(1)">`, []string{"onerror"}, ""},
		{"markdown image onerror", `![x](https://a.example/x.png" onerror="alert(1))`, []string{`onerror="`, "<img"}, ""},
		{"javascript link", "[klick](javascript:alert(1))", []string{"javascript:"}, "klick"},
		{"javascript link encoded", "[klick](jav&#x09;ascript:alert(1))", []string{"javascript", "ascript:alert"}, "klick"},
		{"html javascript link", `<a href="javascript:alert(1)">x</a>`, []string{"javascript:"}, ""},
		{"data URL link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", []string{"data:"}, ""},
		{"data URL image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", []string{"data:"}, ""},
		{"svg onload", `<svg onload="alert(1)"><circle/></svg>`, []string{"<svg", "onload"}, ""},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}, ""},
		{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, []string{"style=", "javascript"}, ""},
		{"event in autolink", "<https://a.example/\" onmouseover=\"alert(1)>", []string{"onmouseover=\""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := r.HTML(tc.src)
			low := strings.ToLower(out)
			for _, b := range tc.banned {
				if strings.Contains(low, strings.ToLower(b)) {
					t.Errorf("%q survived in %q", b, out)
				}
			}
			if tc.keep != "" && !strings.Contains(out, tc.keep) {
				t.Errorf("text %q lost: %q", tc.keep, out)
			}
		})
	}
	// Safe links stay, with rel=nofollow noopener.
	out := r.HTML("[Website](https://muster.example) und <mailto:jobs@muster.example>")
	for _, want := range []string{`href="https://muster.example"`, `nofollow`, `noopener`, `href="mailto:jobs@muster.example"`} {
		if !strings.Contains(out, want) {
			t.Errorf("%s missing in %s", want, out)
		}
	}
	if got := r.HTML("## Aufgaben\n\n- Post\n- **Termine**"); !strings.Contains(got, "<h2>Aufgaben</h2>") || !strings.Contains(got, "<strong>Termine</strong>") {
		t.Errorf("markdown lost: %s", got)
	}
}

func TestValidateNamesEachField(t *testing.T) {
	in := Input{Remote: Remote{Mode: "hybrid"}, Employment: Employment{Type: "teilzeit"}, Apply: HowToApply{Method: "external", URL: "ftp://x"},
		Salary: Salary{Min: 3000, Max: 2000, Period: "week", Currency: "usd"}, Skills: []SkillRequirement{{Slug: "a"}, {Slug: "a"}}, ExperienceYears: 41}
	err := in.Validate()
	var ae *apperr.Error
	if !apperr.Is(err, apperr.Invalid) || !errorsAs(err, &ae) {
		t.Fatalf("err %v", err)
	}
	for _, f := range []string{"title", "role", "description", "location.postalCode", "location.city", "location.bundesland", "remote.daysPerWeek",
		"employment.hoursPerWeek", "apply.url", "salary.max", "salary.period", "salary.currency", "skills[1].slug", "experienceYears"} {
		if _, ok := ae.Fields[f]; !ok {
			t.Errorf("%s not named: %v", f, ae.Fields)
		}
	}
	v := validInput()
	if err := v.Validate(); err != nil {
		t.Fatalf("valid input: %v", err)
	}
	v.Salary = Salary{}
	err = v.Validate()
	_ = errorsAs(err, &ae)
	for _, f := range []string{"salary.min", "salary.max", "salary.period"} {
		if _, ok := ae.Fields[f]; !ok {
			t.Errorf("missing salary: %s not named: %v", f, ae.Fields)
		}
	}
}

func errorsAs(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	if ok {
		*target = e
	}
	return ok
}

func TestQualityWarnings(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	in := validInput()
	if w := Quality(&in, PlainText(NewRenderer().HTML(in.Description)), now); len(w) != 0 {
		t.Errorf("complete posting warns: %v", w)
	}
	for _, title := range []string{"Bürokraft (w/m/d)", "Bürokraft (m/w/x)", "Bürokraft (all genders)", "Bürokraft (M/W/D) Teilzeit"} {
		in.Title = title
		for _, w := range Quality(&in, strings.Repeat("x", 500), now) {
			if w.Code == "title_gender_marker" {
				t.Errorf("%q: marker not recognised", title)
			}
		}
	}
	bare := Input{Title: "Bürokraft", Salary: Salary{Min: 30000, Max: 50000, Period: PerYear}, StartDate: "2026-01-01"}
	codes := map[string]bool{}
	for _, w := range Quality(&bare, "kurz", now) {
		codes[w.Code] = true
	}
	for _, c := range []string{"title_gender_marker", "description_short", "tasks_missing", "skills_missing", "street_missing", "start_date_past",
		"benefits_missing", "contact_missing", "salary_wide"} {
		if !codes[c] {
			t.Errorf("no %s warning: %v", c, codes)
		}
	}
}

// TestJSONLD checks every property Google for Jobs requires (title,
// description, datePosted, hiringOrganization, jobLocation or
// jobLocationType + applicantLocationRequirements) and recommends
// (validThrough, employmentType, baseSalary, identifier).
func TestJSONLD(t *testing.T) {
	pub := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	vt := pub.Add(DefaultValidity)
	p := &Posting{ID: "p_1", Employer: Employer{ID: "o_1", Name: "Muster GmbH", Website: "https://muster.example"}, Input: validInput(),
		DescriptionHTML: "<p>Hallo</p>", State: Published, PublishedAt: &pub}
	p.ValidThrough = &vt
	p.Employment = Employment{Type: "teilzeit", HoursPerWeek: 25, FixedTerm: true}
	p.Salary = Salary{Min: 2800, Max: 3200, Period: PerMonth, Currency: "EUR"}
	raw, err := json.Marshal(p.JSONLD())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	get := func(path string) any {
		var cur any = m
		for _, k := range strings.Split(path, ".") {
			cur = cur.(map[string]any)[k]
		}
		return cur
	}
	for path, want := range map[string]any{
		"@context": "https://schema.org/", "@type": "JobPosting", "title": "Backoffice-Mitarbeiter (m/w/d)", "description": "<p>Hallo</p>",
		"datePosted": "2026-11-02", "validThrough": "2026-12-02T09:00:00Z",
		"hiringOrganization.@type": "Organization", "hiringOrganization.name": "Muster GmbH", "hiringOrganization.sameAs": "https://muster.example",
		"jobLocation.@type": "Place", "jobLocation.address.@type": "PostalAddress", "jobLocation.address.streetAddress": "Unter den Linden 1",
		"jobLocation.address.postalCode": "10115", "jobLocation.address.addressLocality": "Berlin", "jobLocation.address.addressRegion": "BE",
		"jobLocation.address.addressCountry": "DE",
		"baseSalary.@type":                   "MonetaryAmount", "baseSalary.currency": "EUR", "baseSalary.value.@type": "QuantitativeValue",
		"baseSalary.value.minValue": 2800.0, "baseSalary.value.maxValue": 3200.0, "baseSalary.value.unitText": "MONTH",
		"identifier.@type": "PropertyValue", "identifier.name": "Muster GmbH", "identifier.value": "p_1", "directApply": true,
	} {
		if got := get(path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if et, _ := json.Marshal(m["employmentType"]); string(et) != `["PART_TIME","TEMPORARY"]` {
		t.Errorf("employmentType %s", et)
	}
	if _, ok := m["jobLocationType"]; ok {
		t.Error("on-site job says TELECOMMUTE")
	}
	// Remote: TELECOMMUTE with the country applicants must live in.
	p.Remote = Remote{Mode: "remote"}
	p.Employment = Employment{Type: "vollzeit"}
	p.Salary.Period = PerHour
	ld := p.JSONLD()
	if ld.JobLocationType != "TELECOMMUTE" || ld.ApplicantLocationRequirements == nil || ld.ApplicantLocationRequirements.Name != "DE" ||
		ld.EmploymentType != "FULL_TIME" || ld.BaseSalary.Value.UnitText != "HOUR" {
		t.Errorf("remote JSON-LD: %+v", ld)
	}
}

func TestPercentileAndAnnualisation(t *testing.T) {
	vals := []float64{10, 20, 30, 40, 50}
	for p, want := range map[float64]float64{0: 10, 25: 20, 50: 30, 75: 40, 100: 50} {
		if got := Percentile(vals, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if got := Percentile([]float64{1, 2, 3, 4}, 25); got != 1.75 {
		t.Errorf("interpolated p25 = %v", got)
	}
	if got := (Salary{Min: 3000, Max: 3000, Period: PerMonth}).Midpoint(); got != 36000 {
		t.Errorf("month %v", got)
	}
	if got := (Salary{Min: 15, Max: 17, Period: PerHour}).Midpoint(); got != 16*2080 {
		t.Errorf("hour %v", got)
	}
}

// TestInsights computes insights from a known set of postings: exact
// figures from five up, hidden below, per Bundesland and for Germany.
func TestInsights(t *testing.T) {
	s, clock := newTestService(t)
	ctx := context.Background()
	publish := func(role, land string, sal Salary) string {
		in := validInput()
		in.Role, in.Location.Bundesland, in.Salary = role, land, sal
		p, _, err := s.Create(ctx, "o_a", "u_1", in)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Publish(ctx, "o_a", "u_1", p.ID, nil); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	year := func(lo, hi float64) Salary { return Salary{Min: lo, Max: hi, Period: PerYear, Currency: "EUR"} }
	// Berlin: midpoints 30000, 36000 (3000/month), 40000, 41600 (20/hour), 50000.
	publish("backoffice-mitarbeiter", "BE", year(28000, 32000))
	publish("backoffice-mitarbeiter", "BE", Salary{Min: 2800, Max: 3200, Period: PerMonth, Currency: "EUR"})
	publish("backoffice-mitarbeiter", "BE", year(38000, 42000))
	publish("backoffice-mitarbeiter", "BE", Salary{Min: 19, Max: 21, Period: PerHour, Currency: "EUR"})
	last := publish("backoffice-mitarbeiter", "BE", year(45000, 55000))
	// Bavaria: one posting, hidden on its own, counted for Germany.
	publish("backoffice-mitarbeiter", "BY", year(60000, 60000))
	// A draft and another role do not count.
	if _, _, err := s.Create(ctx, "o_a", "u_1", validInput()); err != nil {
		t.Fatal(err)
	}
	// Part-time pay counts as its full-time equivalent (20 h/week: 15000 →
	// 30000, in Bavaria); a mini-job and a demo posting do not count.
	partTime := validInput()
	partTime.Location.Bundesland, partTime.Employment, partTime.Salary = "BY", Employment{Type: "teilzeit", HoursPerWeek: 20}, year(14000, 16000)
	mini := validInput()
	mini.Location.Bundesland, mini.Employment, mini.Salary = "BE", Employment{Type: "minijob"}, Salary{Min: 500, Max: 520, Period: PerMonth, Currency: "EUR"}
	for _, in := range []Input{partTime, mini} {
		if p, _, err := s.Create(ctx, "o_a", "u_1", in); err != nil {
			t.Fatal(err)
		} else if _, _, err := s.Publish(ctx, "o_a", "u_1", p.ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	demo := validInput()
	demo.Location.Bundesland, demo.Salary = "BE", year(90000, 90000)
	if _, err := s.CreateDemo(ctx, "o_demo", demo); err != nil {
		t.Fatal(err)
	}
	n, err := s.ComputeInsights(ctx)
	if err != nil || n != 3 {
		t.Fatalf("groups %d, %v", n, err)
	}
	got, err := s.Insights(ctx, "backoffice-mitarbeiter")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Region != RegionDE || got[1].Region != "BE" {
		t.Fatalf("insights %+v", got)
	}
	de, be := got[0], got[1]
	if be.Count != 5 || be.Median != 40000 || be.P25 != 36000 || be.P75 != 41600 {
		t.Errorf("Berlin %+v", be)
	}
	// Germany: 30000, 30000 (part-time, full-time equivalent), 36000, 40000,
	// 41600, 50000, 60000.
	if de.Count != 7 || de.Median != 40000 || de.P25 != 33000 || de.P75 != 45800 {
		t.Errorf("Germany %+v", de)
	}
	if !de.ComputedAt.Equal(clock.now) {
		t.Errorf("computed at %v", de.ComputedAt)
	}
	// Closing one Berlin posting drops Berlin below five: hidden.
	if _, err := s.Close(ctx, "o_a", "u_1", last, Filled); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(time.Minute)
	if _, err := s.ComputeInsights(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Insights(ctx, "backoffice-mitarbeiter")
	if len(got) != 1 || got[0].Region != RegionDE || got[0].Count != 6 {
		t.Errorf("after closing: %+v", got)
	}
}

// TestSearchSourceQueue: writes are found through the queue; a lost queue
// entry is found by the full scan; a newer write stays dirty after an
// older version is confirmed.
func TestSearchSourceQueue(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	src := s.SearchSource()
	p, _, err := s.Create(ctx, "o_a", "u_1", validInput())
	if err != nil {
		t.Fatal(err)
	}
	// A draft is not in the index, so creating it queues nothing; the
	// publication does.
	if _, _, err := s.Publish(ctx, "o_a", "u_1", p.ID, nil); err != nil {
		t.Fatal(err)
	}
	ch, err := src.Dirty(ctx, 100)
	if err != nil || len(ch) != 1 || ch[0].ID != p.ID || ch[0].Doc == nil || ch[0].Version != 2 {
		t.Fatalf("dirty %+v, %v", ch, err)
	}
	// Written again before the confirmation: confirming version 2 leaves it
	// dirty and queued.
	if _, err := s.Extend(ctx, "o_a", "u_1", p.ID, time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := src.Confirm(ctx, p.ID, 2, false); err != nil {
		t.Fatal(err)
	}
	ch, _ = src.Dirty(ctx, 100)
	if len(ch) != 1 || ch[0].Version != 3 {
		t.Fatalf("after stale confirm: %+v", ch)
	}
	if err := src.Confirm(ctx, p.ID, 3, false); err != nil {
		t.Fatal(err)
	}
	// The crash window: a posting dirty but not queued is found by the full
	// scan (the first Dirty after start scans, as the last scan is old).
	if _, err := s.Close(ctx, "o_a", "u_1", p.ID, Withdrawn); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Collection(CollSearchQueue).DeleteMany(ctx, bson.D{}); err != nil {
		t.Fatal(err)
	}
	s.lastFullScan = time.Time{}
	ch, _ = src.Dirty(ctx, 100)
	if len(ch) != 1 || ch[0].ID != p.ID || ch[0].Doc != nil {
		t.Fatalf("full scan: %+v", ch)
	}
	if err := src.Confirm(ctx, p.ID, ch[0].Version, true); err != nil {
		t.Fatal(err)
	}
	if ch, _ = src.Dirty(ctx, 100); len(ch) != 0 {
		t.Fatalf("still dirty: %+v", ch)
	}
	var doc Posting
	_ = s.postings.FindOne(ctx, bson.D{{Key: "_id", Value: p.ID}}).Decode(&doc)
	if doc.SearchDirty || doc.IndexedVersion != doc.Version {
		t.Errorf("not confirmed: dirty %v indexed %d version %d", doc.SearchDirty, doc.IndexedVersion, doc.Version)
	}
	if src.Kind() != search.Jobs {
		t.Error("kind")
	}
}

func TestApplyOncePerPosting(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	p, _, _ := s.Create(ctx, "o_a", "u_1", validInput())
	u := &account.User{ID: "u_l", Name: "Lea", Email: "lea@example.de", Role: account.Learner, TargetRole: "bueroleiter"}
	if _, err := s.Apply(ctx, u, p.ID, ApplyInput{}, nil); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("applying to a draft: %v", err)
	}
	if _, _, err := s.Publish(ctx, "o_a", "u_1", p.ID, nil); err != nil {
		t.Fatal(err)
	}
	a, err := s.Apply(ctx, u, p.ID, ApplyInput{CoverNote: " Hallo ", ShareSnapshot: true}, nil)
	if err != nil || a.CoverNote != "Hallo" || a.Snapshot == nil || a.Snapshot.TargetRole != "bueroleiter" {
		t.Fatalf("apply %+v, %v", a, err)
	}
	if _, err := s.Apply(ctx, u, p.ID, ApplyInput{}, nil); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("second application: %v", err)
	}
	// Without consent no snapshot is taken.
	u2 := &account.User{ID: "u_m", Name: "Max", Role: account.Learner, TargetRole: "bueroleiter"}
	a2, err := s.Apply(ctx, u2, p.ID, ApplyInput{}, nil)
	if err != nil || a2.Snapshot != nil || a2.SnapshotConsent {
		t.Fatalf("no consent: %+v, %v", a2, err)
	}
	// An external posting takes no applications here.
	in := validInput()
	in.Apply = HowToApply{Method: "external", URL: "https://karriere.example/123"}
	ext, _, _ := s.Create(ctx, "o_a", "u_1", in)
	_, _, _ = s.Publish(ctx, "o_a", "u_1", ext.ID, nil)
	if _, err := s.Apply(ctx, u, ext.ID, ApplyInput{}, nil); !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "karriere.example") {
		t.Fatalf("external: %v", err)
	}
	// CV checks.
	for _, cv := range []CVUpload{
		{Filename: "a.pdf", ContentType: "application/pdf", Data: []byte("GIF89a")},
		{Filename: "a.pdf", ContentType: "text/html", Data: []byte("%PDF-1.4")},
		{Filename: "a.pdf", ContentType: "application/pdf", Data: append([]byte("%PDF-"), make([]byte, MaxCVBytes)...)},
	} {
		if err := cv.Validate(); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("CV %q %q accepted", cv.ContentType, cv.Data[:5])
		}
	}
	ok := CVUpload{Filename: `C:\Users\x\"lebenslauf";.pdf`, ContentType: "application/pdf", Data: []byte("%PDF-1.4 ...")}
	if err := ok.Validate(); err != nil || ok.Filename != "lebenslauf.pdf" {
		t.Errorf("CV %q: %v", ok.Filename, err)
	}
}

// TestConcurrentWrites: many parallel applications of one learner give
// exactly one; parallel status moves of one application apply one after
// another, each from the state the one before left.
func TestConcurrentWrites(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	p, _, _ := s.Create(ctx, "o_a", "u_1", validInput())
	if _, _, err := s.Publish(ctx, "o_a", "u_1", p.ID, nil); err != nil {
		t.Fatal(err)
	}
	u := &account.User{ID: "u_l", Name: "Lea", Role: account.Learner}
	results := make(chan error, 10)
	for range 10 {
		go func() {
			_, err := s.Apply(ctx, u, p.ID, ApplyInput{CoverNote: "Hallo"}, nil)
			results <- err
		}()
	}
	ok := 0
	for range 10 {
		err := <-results
		switch {
		case err == nil:
			ok++
		case !apperr.Is(err, apperr.Conflict):
			t.Errorf("apply: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d applications succeeded, want 1", ok)
	}
	id := ApplicationID(p.ID, u.ID)
	moves := make(chan error, 2)
	for _, to := range []Status{InReview, Rejected} {
		go func() {
			_, err := s.Move(ctx, "o_a", id, to, "")
			moves <- err
		}()
	}
	<-moves
	<-moves
	a, err := s.MyApplication(ctx, u.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	// Both orders are valid (in_review then rejected, or rejected then a
	// refused in_review); the history must hold every applied step.
	if len(a.History) < 2 || a.History[len(a.History)-1].Status != a.Status {
		t.Errorf("history %+v, status %s", a.History, a.Status)
	}
	ids, _ := s.idList(ctx, s.userApps, u.ID)
	if len(ids) != 1 {
		t.Errorf("user list %v", ids)
	}
}

// TestSearchSourceManyQueued: a large queue is read by one _id lookup per
// entry; every queued posting comes back once, demo postings included.
func TestSearchSourceManyQueued(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	want := map[string]bool{}
	for range 20 {
		p, err := s.CreateDemo(ctx, "o_demo_1", validInput())
		if err != nil {
			t.Fatal(err)
		}
		want[p.ID] = true
	}
	ch, err := s.SearchSource().Dirty(ctx, 100)
	if err != nil || len(ch) != len(want) {
		t.Fatalf("%d changes, %v; want %d", len(ch), err, len(want))
	}
	for _, c := range ch {
		if !want[c.ID] || c.Doc == nil {
			t.Errorf("change %+v", c)
		}
		if !strings.HasPrefix(c.Doc.Fields["description"].(string), "Demo-Anzeige") {
			t.Errorf("demo posting not marked: %.60s", c.Doc.Fields["description"])
		}
	}
}

// TestSavedPostingRemovedByDemoRemove: a saved demo posting that laufbahn
// demo --remove deletes leaves no empty entry in the saved list.
func TestSavedPostingRemovedByDemoRemove(t *testing.T) {
	s, _ := newTestService(t)
	ctx := context.Background()
	demo, err := s.CreateDemo(ctx, "o_demo_1", validInput())
	if err != nil {
		t.Fatal(err)
	}
	real, _, err := s.Create(ctx, "o_a", "u_1", validInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Publish(ctx, "o_a", "u_1", real.ID, nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{demo.ID, real.ID} {
		if err := s.SavePosting(ctx, "u_learner", id); err != nil {
			t.Fatal(err)
		}
	}
	if n, _, err := s.RemoveDemo(ctx); err != nil || n != 1 {
		t.Fatalf("RemoveDemo = %d, %v", n, err)
	}
	list, err := s.SavedPostings(ctx, "u_learner")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].PostingID != real.ID || list[0].Posting == nil {
		t.Fatalf("saved list %+v, want only the real posting", list)
	}
	d, err := s.loadSaved(ctx, "u_learner")
	if err != nil || len(d.Postings) != 1 {
		t.Fatalf("stored saved postings %+v, %v: the removed one is not dropped", d, err)
	}
}
