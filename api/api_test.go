package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/content/contenttest"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

// newTestApp returns the API on a fresh database seeded with the curated
// content.
func newTestApp(t testing.TB, ready func(context.Context) error) *fiber.App {
	t.Helper()
	store, db := contenttest.Seeded(t)
	if ready == nil {
		ready = func(ctx context.Context) error { return db.Client().Ping(ctx, nil) }
	}
	return New(Deps{Content: store, Ready: ready, Version: "test"})
}

// scenario is one request and what must come back.
type scenario struct {
	name   string
	method string
	path   string
	header map[string]string
	// token, if set, is sent as Authorization: Bearer.
	token string
	// body is sent as application/json unless header sets a Content-Type.
	body       string
	wantStatus int
	// wantBody lists substrings the body must contain.
	wantBody []string
	// check inspects the decoded JSON body.
	check func(t *testing.T, body map[string]any)
	// notInSpec marks requests to routes the spec rightly does not have.
	notInSpec bool
}

func runScenarios(t *testing.T, app *fiber.App, scenarios []scenario) {
	t.Helper()
	validator := newSpecValidator(t)
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			method := sc.method
			if method == "" {
				method = http.MethodGet
			}
			req := httptest.NewRequest(method, sc.path, strings.NewReader(sc.body))
			if sc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if sc.token != "" {
				req.Header.Set("Authorization", "Bearer "+sc.token)
			}
			for k, v := range sc.header {
				req.Header.Set(k, v)
			}
			resp, err := app.Test(req, 10_000)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != sc.wantStatus {
				t.Fatalf("status %d, want %d; body: %.600s", resp.StatusCode, sc.wantStatus, body)
			}
			if resp.StatusCode >= 400 {
				if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("error content type %q, want application/problem+json", ct)
				}
				var p Problem
				if err := json.Unmarshal(body, &p); err != nil || p.Status != resp.StatusCode || p.Title == "" || p.Type == "" {
					t.Errorf("not a problem document: %s", body)
				}
			}
			for _, want := range sc.wantBody {
				if !bytes.Contains(body, []byte(want)) {
					t.Errorf("body lacks %q: %.800s", want, body)
				}
			}
			if sc.check != nil {
				var m map[string]any
				if err := json.Unmarshal(body, &m); err != nil {
					t.Fatalf("decode: %v", err)
				}
				sc.check(t, m)
			}
			if !sc.notInSpec {
				validator.validate(t, req, resp, body)
			}
		})
	}
}

// specValidator checks responses against openapi.yaml.
type specValidator struct{ router routers.Router }

func newSpecValidator(t *testing.T) *specValidator {
	t.Helper()
	// The docs page is HTML; check it is present, as for text/plain.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	doc, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = nil // match paths as they are
	r, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &specValidator{router: r}
}

func (v *specValidator) validate(t *testing.T, req *http.Request, resp *http.Response, body []byte) {
	t.Helper()
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		t.Fatalf("request %s %s is not described by openapi.yaml: %v", req.Method, req.URL, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  resp.StatusCode,
		Header:  resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("response does not match openapi.yaml: %v", err)
	}
}

func items(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	raw, ok := body["items"].([]any)
	if !ok {
		t.Fatalf("no items in %v", body)
	}
	out := make([]map[string]any, 0, len(raw))
	for _, r := range raw {
		out = append(out, r.(map[string]any))
	}
	return out
}

func slugs(t *testing.T, body map[string]any) []string {
	var out []string
	for _, it := range items(t, body) {
		out = append(out, it["slug"].(string))
	}
	return out
}

func wantTotal(n int) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		t.Helper()
		if got := int(b["total"].(float64)); got != n {
			t.Errorf("total %d, want %d", got, n)
		}
	}
}

func wantError(field string) func(*testing.T, map[string]any) {
	return func(t *testing.T, b map[string]any) {
		t.Helper()
		errs, _ := b["errors"].(map[string]any)
		if _, ok := errs[field]; !ok {
			t.Errorf("problem does not name %q: %v", field, b)
		}
	}
}

func TestContentAPI(t *testing.T) {
	app := newTestApp(t, nil)
	runScenarios(t, app, []scenario{
		// roles
		{name: "roles list", path: "/api/v1/roles", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantTotal(4)(t, b)
			if got := strings.Join(slugs(t, b), ","); got != "back-office-administrator,backoffice-manager,backoffice-mitarbeiter,bueroleiter" {
				t.Errorf("roles %s", got)
			}
		}},
		{name: "roles by specialization", path: "/api/v1/roles?specialization=event-management", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if got := strings.Join(slugs(t, b), ","); got != "backoffice-manager" {
				t.Errorf("roles %s", got)
			}
		}},
		{name: "roles by unknown specialization", path: "/api/v1/roles?specialization=astronautik", wantStatus: 200, check: wantTotal(0)},
		{name: "roles by level", path: "/api/v1/roles?level=leitung", wantStatus: 200, wantBody: []string{`"slug":"bueroleiter"`}, check: wantTotal(1)},
		{name: "roles paged", path: "/api/v1/roles?limit=3&page=2", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantTotal(4)(t, b)
			if got := slugs(t, b); len(got) != 1 || got[0] != "bueroleiter" {
				t.Errorf("page 2: %v", got)
			}
		}},
		{name: "roles bad level", path: "/api/v1/roles?level=chef", wantStatus: 400, check: wantError("level")},
		{name: "roles bad specialization", path: "/api/v1/roles?specialization=Event%20Management", wantStatus: 400, check: wantError("specialization")},
		{name: "roles limit too big", path: "/api/v1/roles?limit=101", wantStatus: 400, check: wantError("limit")},
		{name: "roles limit not a number", path: "/api/v1/roles?limit=zehn", wantStatus: 400, check: wantError("limit")},
		{name: "roles page zero", path: "/api/v1/roles?page=0", wantStatus: 400, check: wantError("page")},
		{name: "roles unknown parameter", path: "/api/v1/roles?sort=title", wantStatus: 400, check: wantError("sort")},
		{name: "roles unsupported lang falls back", path: "/api/v1/roles?lang=fr", wantStatus: 200, wantBody: []string{`"lang":"de"`}},
		{name: "roles lang=EN is en", path: "/api/v1/roles?lang=EN", wantStatus: 200, wantBody: []string{`"lang":"en"`}},
		{name: "roles lang=en-GB is en", path: "/api/v1/roles?lang=en-GB", wantStatus: 200, wantBody: []string{`"lang":"en"`}},
		{name: "unsupported lang falls back to Accept-Language", path: "/api/v1/roles?lang=fr", header: map[string]string{"Accept-Language": "en"}, wantStatus: 200, wantBody: []string{`"lang":"en"`}},
		{name: "role profile", path: "/api/v1/roles/backoffice-manager", wantStatus: 200,
			wantBody: []string{`"low":27600`, `"average":37400`, `"high":48800`, `"currency":"EUR"`, `"period":"year"`, `"source":"001_8991a098efc6fbdb.txt"`, `"publisher":"t3n"`, "Feelgood", "Hamburg"},
			check: func(t *testing.T, b map[string]any) {
				if b["lang"] != "de" || b["title"] != "Backoffice-Manager/in" {
					t.Errorf("lang %v title %v", b["lang"], b["title"])
				}
				cl := b["checklist"].(map[string]any)
				if len(cl["items"].([]any)) < 5 {
					t.Errorf("checklist too short: %v", cl)
				}
				if len(b["paths"].([]any)) == 0 {
					t.Error("no paths lead to the role")
				}
				// Every source id named anywhere is resolved in sources.
				resolved := map[string]bool{}
				for _, s := range b["sources"].([]any) {
					resolved[s.(map[string]any)["id"].(string)] = true
				}
				for _, task := range b["tasks"].([]any) {
					for _, id := range task.(map[string]any)["sources"].([]any) {
						if !resolved[id.(string)] {
							t.Errorf("source %v of a task is not in sources", id)
						}
					}
				}
			}},
		{name: "role profile in English by lang", path: "/api/v1/roles/backoffice-manager?lang=en", wantStatus: 200, wantBody: []string{`"lang":"en"`, `"title":"Back Office Manager"`, `"regionName":"Germany"`}},
		{name: "role profile in English by Accept-Language", path: "/api/v1/roles/bueroleiter", header: map[string]string{"Accept-Language": "en-GB,en;q=0.9,de;q=0.5"}, wantStatus: 200, wantBody: []string{`"lang":"en"`}},
		{name: "lang wins over Accept-Language", path: "/api/v1/roles/bueroleiter?lang=de", header: map[string]string{"Accept-Language": "en"}, wantStatus: 200, wantBody: []string{`"lang":"de"`}},
		{name: "unsupported Accept-Language falls back to German", path: "/api/v1/roles/bueroleiter", header: map[string]string{"Accept-Language": "fr"}, wantStatus: 200, wantBody: []string{`"lang":"de"`}},
		{name: "role unknown", path: "/api/v1/roles/astronaut", wantStatus: 404, wantBody: []string{`role \"astronaut\" not found`}},
		{name: "role malformed slug", path: "/api/v1/roles/Back%20Office", wantStatus: 404},
		{name: "role detail rejects list parameters", path: "/api/v1/roles/backoffice-manager?limit=5", wantStatus: 400, check: wantError("limit")},
		{name: "role salary", path: "/api/v1/roles/backoffice-manager/salary", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if b["available"] != true {
				t.Fatal("salary not available")
			}
			r := b["ranges"].([]any)[0].(map[string]any)
			if r["low"].(float64) != 27600 || r["average"].(float64) != 37400 || r["high"].(float64) != 48800 || r["basis"] != "gross" {
				t.Errorf("range %v", r)
			}
			if len(r["factors"].([]any)) != 3 || len(r["benefits"].([]any)) != 7 {
				t.Errorf("factors %v benefits %v", r["factors"], r["benefits"])
			}
		}},
		{name: "role salary without sourced figure", path: "/api/v1/roles/bueroleiter/salary?lang=en", wantStatus: 200, wantBody: []string{`"available":false`, `"ranges":[]`, "no sourced salary figures"}},
		{name: "role salary unknown role", path: "/api/v1/roles/astronaut/salary", wantStatus: 404},
		{name: "role checklist", path: "/api/v1/roles/backoffice-mitarbeiter/checklist", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			items := b["items"].([]any)
			essential := 0
			for _, it := range items {
				m := it.(map[string]any)
				if m["skill"].(map[string]any)["name"] == "" || m["levelName"] == "" || m["evidence"] == "" {
					t.Errorf("incomplete item %v", m)
				}
				if m["essential"] == true {
					essential++
				}
			}
			if int(b["essential"].(float64)) != essential || essential == 0 {
				t.Errorf("essential %v, counted %d", b["essential"], essential)
			}
		}},
		{name: "role checklist unknown role", path: "/api/v1/roles/astronaut/checklist", wantStatus: 404},
		// skills
		{name: "skills list", path: "/api/v1/skills?limit=100", wantStatus: 200, check: wantTotal(35)},
		{name: "skills first page carries total", path: "/api/v1/skills?limit=10", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			wantTotal(35)(t, b)
			if len(items(t, b)) != 10 {
				t.Errorf("page size %d", len(items(t, b)))
			}
		}},
		{name: "skills by category", path: "/api/v1/skills?category=sprache", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			for _, it := range items(t, b) {
				if it["category"] != "sprache" {
					t.Errorf("category filter leaked %v", it)
				}
			}
			if len(items(t, b)) < 3 {
				t.Errorf("too few language skills")
			}
		}},
		{name: "skills bad category", path: "/api/v1/skills?category=magie", wantStatus: 400, check: wantError("category")},
		{name: "skill detail", path: "/api/v1/skills/englisch", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(b["roles"].([]any)) == 0 {
				t.Error("no role needs englisch")
			}
			if b["category"] != "sprache" {
				t.Errorf("category %v", b["category"])
			}
		}},
		{name: "skill with courses", path: "/api/v1/skills/buchhaltung-grundlagen", wantStatus: 200, check: func(t *testing.T, b map[string]any) {
			if len(b["courses"].([]any)) == 0 {
				t.Error("no course teaches buchhaltung-grundlagen")
			}
		}},
		{name: "skill unknown", path: "/api/v1/skills/zaubern", wantStatus: 404},
		// courses
		{name: "courses list", path: "/api/v1/courses", wantStatus: 200, check: wantTotal(18)},
		{name: "courses dual", path: "/api/v1/courses?format=dual", wantStatus: 200, wantBody: []string{"ausbildung-kaufmann-bueromanagement", `"text":"in der Regel 3 Jahre"`}},
		{name: "courses by skill and role", path: "/api/v1/courses?skill=medizinische-terminologie&role=back-office-administrator", wantStatus: 200, wantBody: []string{"medizinische-terminologie-versicherungsabrechnung"}},
		{name: "courses bad format", path: "/api/v1/courses?format=vr", wantStatus: 400, check: wantError("format")},
		{name: "courses bad skill", path: "/api/v1/courses?skill=..", wantStatus: 400, check: wantError("skill")},
		{name: "course detail", path: "/api/v1/courses/bachelor-bwl?lang=en", wantStatus: 200, wantBody: []string{`"text":"usually 3 years"`, `"source":"003_652bf3174c3e923e.txt"`, "bwl-studium"}},
		{name: "course without sourced duration", path: "/api/v1/courses/geschaeftskorrespondenz", wantStatus: 200, wantBody: []string{`"duration":null`}},
		{name: "course unknown", path: "/api/v1/courses/raumfahrt", wantStatus: 404},
		// paths
		{name: "paths list", path: "/api/v1/paths", wantStatus: 200, check: wantTotal(6)},
		{name: "paths by role", path: "/api/v1/paths?role=back-office-administrator", wantStatus: 200, wantBody: []string{`"slug":"back-office-administrator"`}},
		{name: "paths by audience", path: "/api/v1/paths?audience=quereinstieg", wantStatus: 200, wantBody: []string{"quereinstieg-zeitarbeit"}},
		{name: "paths bad audience", path: "/api/v1/paths?audience=alle", wantStatus: 400, check: wantError("audience")},
		{name: "path detail takes course duration", path: "/api/v1/paths/duale-ausbildung-bueromanagement", wantStatus: 200, wantBody: []string{`"course":{"slug":"ausbildung-kaufmann-bueromanagement"`, `"text":"in der Regel 3 Jahre"`, `"position":1`}},
		{name: "path unknown", path: "/api/v1/paths/abkuerzung", wantStatus: 404},
		// operations
		{name: "healthz", path: "/healthz", wantStatus: 200, wantBody: []string{`"status":"ok"`, `"version":"test"`}},
		{name: "readyz", path: "/readyz", wantStatus: 200, wantBody: []string{`"database":"ok"`}},
		{name: "openapi document", path: "/api/v1/openapi.yaml", wantStatus: 200, wantBody: []string{"openapi: 3.1.0"}},
		{name: "docs page", path: "/api/docs", wantStatus: 200, wantBody: []string{"<!doctype html>", "/api/v1/roles/{slug}/salary", `id="problem-invalid"`}},
		// errors outside the spec
		{name: "unknown route", path: "/api/v1/nothing", wantStatus: 404, notInSpec: true},
		{name: "method not allowed", method: http.MethodDelete, path: "/api/v1/roles", wantStatus: 405, notInSpec: true},
	})
}

// TestBodyLimit sends an oversized body to a real listener: the limit is
// enforced by the HTTP server, before any handler, and answered as a problem.
func TestBodyLimit(t *testing.T) {
	app := New(Deps{BodyLimit: 1024})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	// The server reads bodies up to the CV upload size (JSON bodies are held
	// to BodyLimit by decodeJSON: TestApplyWithCV); a larger announced body
	// is refused before it is read.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/roles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", uploadBodyLimit+1)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d type %q body %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if !bytes.Contains(body, []byte("too large")) || !bytes.Contains(body, []byte("up to 5 MB")) || !bytes.Contains(body, []byte(`"requestId":"`)) || resp.Header.Get("X-Request-ID") == "" {
		t.Fatalf("the 413 must name the 5 MB limit and carry a request id: %s", body)
	}
}

func TestDocsPageIsOffline(t *testing.T) {
	app := newTestApp(t, nil)
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/api/docs", nil))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	for _, bad := range []string{"http://", "https://", "//cdn", "<script src"} {
		if bytes.Contains(body, []byte(bad)) {
			t.Errorf("docs page references an external asset (%q)", bad)
		}
	}
}

func TestReadyzUnavailable(t *testing.T) {
	app := newTestApp(t, func(context.Context) error { return errors.New("connection refused") })
	runScenarios(t, app, []scenario{
		{name: "database down", path: "/readyz", wantStatus: 503, wantBody: []string{"database: not reachable"}},
	})
	resp, _ := app.Test(httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if resp.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	body, _ := io.ReadAll(resp.Body)
	if bytes.Contains(body, []byte("connection refused")) {
		t.Error("internal cause leaked to the client")
	}
}

func TestPanicIsGeneric500(t *testing.T) {
	app := newTestApp(t, nil)
	app.Get("/boom", func(*fiber.Ctx) error { panic("secret internal state") })
	app.Get("/fail", func(*fiber.Ctx) error { return errors.New("db password wrong") })
	for _, path := range []string{"/boom", "/fail"} {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, path, nil))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 500 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s: status %d type %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if bytes.Contains(body, []byte("secret")) || bytes.Contains(body, []byte("password")) {
			t.Fatalf("%s: internal detail leaked: %s", path, body)
		}
		if !bytes.Contains(body, []byte(`"requestId":"`)) {
			t.Fatalf("%s: no request id: %s", path, body)
		}
	}
}

// TestEveryRouteIsInSpec walks Fiber's route table and fails on any route
// that openapi.yaml does not describe, and on any spec path with no route.
func TestEveryRouteIsInSpec(t *testing.T) {
	app := New(Deps{})
	doc, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range app.GetRoutes(true) {
		if r.Method == http.MethodHead || r.Path == "/" {
			continue
		}
		path := specPath(r.Path)
		seen[r.Method+" "+path] = true
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("route %s %s is missing from openapi.yaml", r.Method, path)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !seen[method+" "+path] {
				t.Errorf("openapi.yaml describes %s %s, which has no route", method, path)
			}
		}
	}
	if len(seen) < 14 {
		t.Fatalf("only %d routes found; the walk is broken", len(seen))
	}
}

// specPath turns Fiber's "/roles/:slug" into OpenAPI's "/roles/{slug}".
func specPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + strings.TrimPrefix(s, ":") + "}"
		}
	}
	return strings.Join(parts, "/")
}

// TestShutdownLetsInFlightRequestsFinish checks the mechanism serve uses on
// SIGINT/SIGTERM: ShutdownWithTimeout stops accepting and waits for a
// request that is still running.
func TestShutdownLetsInFlightRequestsFinish(t *testing.T) {
	app := New(Deps{})
	started := make(chan struct{})
	app.Get("/slow", func(c *fiber.Ctx) error {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return c.SendString("finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	type result struct {
		body string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{string(b), err}
	}()
	<-started
	if err := app.ShutdownWithTimeout(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.body != "finished" {
		t.Fatalf("in-flight request: %q %v", r.body, r.err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/slow"); err == nil {
		t.Fatal("server still accepts after shutdown")
	}
}

// TestAlternativeRoleSlugRedirects: an alternative spelling of a role slug
// is a permanent redirect to the role (query kept); an unknown slug stays 404.
func TestAlternativeRoleSlugRedirects(t *testing.T) {
	app := newTestApp(t, nil)
	for path, want := range map[string]string{
		"/api/v1/roles/back-office-manager":         "/api/v1/roles/backoffice-manager",
		"/api/v1/roles/back-office-manager?lang=en": "/api/v1/roles/backoffice-manager?lang=en",
		"/api/v1/roles/bueromanager/salary":         "/api/v1/roles/bueroleiter/salary",
		"/api/v1/roles/backoffice-administrator":    "/api/v1/roles/back-office-administrator",
	} {
		resp, err := app.Test(httptest.NewRequest("GET", path, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want {
			t.Errorf("GET %s: %d Location %q, want 301 %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	resp, err := app.Test(httptest.NewRequest("GET", "/api/v1/roles/astronaut", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown role: %d", resp.StatusCode)
	}
}
