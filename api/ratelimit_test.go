package api

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

// tight limits for the rate limit tests; windows are short so the reset is
// observable (Fiber's limiter counts in whole seconds).
func tight() *RateLimits {
	l := generous
	l.LoginPerAccount = Limit{3, 3 * time.Second}
	l.RegisterPerIP = Limit{2, 3 * time.Second}
	return &l
}

func TestRateLimitAnswers429AndResets(t *testing.T) {
	a := newAccountsApp(t, tight())
	a.User(t, "erika@example.de", account.Learner, false)
	wrong := `{"email":"erika@example.de","password":"falsch falsch falsch"}`
	runScenarios(t, a.app, []scenario{
		{name: "1st failure", method: "POST", path: "/api/v1/auth/login", body: wrong, wantStatus: 401},
		{name: "2nd failure", method: "POST", path: "/api/v1/auth/login", body: wrong, wantStatus: 401},
		{name: "3rd failure", method: "POST", path: "/api/v1/auth/login", body: wrong, wantStatus: 401},
		{name: "4th is limited", method: "POST", path: "/api/v1/auth/login", body: wrong, wantStatus: 429, wantBody: []string{"too many attempts"}},
		{name: "the right password is limited too", method: "POST", path: "/api/v1/auth/login", body: `{"email":"erika@example.de","password":"` + accounttest.Password + `"}`, wantStatus: 429},
		{name: "the account is counted, not the whole IP", method: "POST", path: "/api/v1/auth/login", body: `{"email":"Other@example.de","password":"falsch falsch falsch"}`, wantStatus: 401},
		{name: "the address is normalised before counting", method: "POST", path: "/api/v1/auth/login", body: `{"email":" ERIKA@example.de ","password":"falsch falsch falsch"}`, wantStatus: 429},
	})
	resp, _ := a.do(t, "POST", "/api/v1/auth/login", "", wrong)
	retry, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if resp.StatusCode != 429 || err != nil || retry < 1 || retry > 3 {
		t.Fatalf("429 with Retry-After %q (%v)", resp.Header.Get("Retry-After"), err)
	}
	// The limit resets when the window ends.
	deadline := time.Now().Add(8 * time.Second)
	for {
		time.Sleep(500 * time.Millisecond)
		resp, body := a.do(t, "POST", "/api/v1/auth/login", "", `{"email":"erika@example.de","password":"`+accounttest.Password+`"}`)
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still limited after the window: %d %s", resp.StatusCode, body)
		}
	}

	// Per IP: the third sign-up from one address in the window is refused,
	// whichever e-mail it names.
	runScenarios(t, a.app, []scenario{
		{name: "sign-up 1", method: "POST", path: "/api/v1/auth/register", body: `{"email":"a@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 202},
		{name: "sign-up 2", method: "POST", path: "/api/v1/auth/register", body: `{"email":"b@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 202},
		{name: "sign-up 3", method: "POST", path: "/api/v1/auth/register", body: `{"email":"c@example.de","password":"Tintenfass Gartenzaun 47"}`, wantStatus: 429},
	})
}

func TestSuccessfulLoginsAreNotCounted(t *testing.T) {
	a := newAccountsApp(t, tight())
	a.User(t, "erika@example.de", account.Learner, false)
	for i := 0; i < 6; i++ {
		a.login(t, "erika@example.de")
	}
}

// TestReplicasShareLimits runs two apps on one database, as two replicas
// would: failures on either count against the same limit.
func TestReplicasShareLimits(t *testing.T) {
	db := mongodbtest.New(t)
	env := accounttest.New(t, db)
	env.User(t, "erika@example.de", account.Learner, false)
	store := NewLimitStorage(db, nil)
	one, _ := newApp(Deps{Accounts: env.Service, RateLimits: tight(), RateLimitStorage: store})
	two, _ := newApp(Deps{Accounts: env.Service, RateLimits: tight(), RateLimitStorage: NewLimitStorage(db, nil)})
	status := func(app interface {
		Test(*http.Request, ...int) (*http.Response, error)
	}) int {
		req := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(`{"email":"erika@example.de","password":"falsch falsch falsch"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := app.Test(req, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	got := []int{status(one), status(two), status(one), status(two)}
	if got[0] != 401 || got[1] != 401 || got[2] != 401 || got[3] != 429 {
		t.Fatalf("statuses %v: the replicas do not share their counts", got)
	}
}

func TestLimitStorage(t *testing.T) {
	db := mongodbtest.New(t)
	s := NewLimitStorage(db, nil)
	now := time.Now()
	s.now = func() time.Time { return now }
	if v, err := s.Get("k"); v != nil || err != nil {
		t.Fatalf("missing key: %q %v", v, err)
	}
	if err := s.Set("k", []byte("v1"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("forever", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("", []byte("ignored"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("k"); string(v) != "v1" {
		t.Fatalf("got %q", v)
	}
	_ = s.Set("k", []byte("v2"), time.Minute)
	if v, _ := s.Get("k"); string(v) != "v2" {
		t.Fatalf("overwrite: %q", v)
	}
	now = now.Add(2 * time.Minute)
	if v, _ := s.Get("k"); v != nil {
		t.Fatalf("expired key returned %q", v)
	}
	if n, err := s.Cleanup(context.Background()); err != nil || n != 1 {
		t.Fatalf("cleanup removed %d (%v), want 1", n, err)
	}
	if v, _ := s.Get("forever"); string(v) != "v" {
		t.Fatalf("a key without expiry is gone")
	}
	_ = s.Delete("forever")
	if v, _ := s.Get("forever"); v != nil {
		t.Fatal("deleted key returned")
	}
	_ = s.Set("a", []byte("1"), time.Minute)
	_ = s.Reset()
	if v, _ := s.Get("a"); v != nil || s.Close() != nil {
		t.Fatal("reset left a key")
	}
}

func TestClientIP(t *testing.T) {
	proxies, err := ParseTrustedProxies("0.0.0.0, 10.0.0.0/8, ::ffff:192.168.1.1")
	if err != nil {
		t.Fatal(err)
	}
	app, srv := newApp(Deps{TrustedProxies: proxies})
	app.Get("/ip", func(c *fiber.Ctx) error { return c.SendString(srv.clientIP(c)) })
	for xff, want := range map[string]string{
		"":                               "0.0.0.0",
		"203.0.113.7":                    "203.0.113.7",
		"203.0.113.7, 10.1.2.3":          "203.0.113.7", // through a second trusted proxy
		"6.6.6.6, 203.0.113.7":           "203.0.113.7", // the client forged the left part
		"6.6.6.6, 203.0.113.7, 10.0.0.9": "203.0.113.7",
		"not-an-ip":                      "0.0.0.0",
		"2001:db8::1":                    "2001:db8::1",
		"192.168.1.1, 10.0.0.1":          "192.168.1.1",
		"198.51.100.1, 192.168.1.1":      "198.51.100.1",
		"10.0.0.1":                       "10.0.0.1", // only proxies: the first hop is all we know
	} {
		req := httptest.NewRequest("GET", "/ip", nil)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		if string(got) != want {
			t.Errorf("X-Forwarded-For %q: client %q, want %q", xff, got, want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.local", "1.2.3"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted", bad)
		}
	}
}

// listen serves app on a loopback port.
func listen(t *testing.T, app interface {
	Listener(net.Listener) error
	Shutdown() error
}) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// TestSpoofedForwardedForIsIgnored sends failed logins over a real socket
// with a different X-Forwarded-For each time: from an untrusted peer the
// header changes nothing and the peer's address is limited; behind a
// trusted proxy each client is counted on its own.
func TestSpoofedForwardedForIsIgnored(t *testing.T) {
	db := mongodbtest.New(t)
	env := accounttest.New(t, db)
	limits := generous
	limits.LoginPerIP = Limit{2, time.Minute}
	loginFrom := func(base string, i int) int {
		req, _ := http.NewRequest("POST", base+"/api/v1/auth/login", strings.NewReader(`{"email":"user`+strconv.Itoa(i)+`@example.de","password":"falsch falsch falsch"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "198.51.100."+strconv.Itoa(i))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	untrusted, _ := newApp(Deps{Accounts: env.Service, RateLimits: &limits})
	base := listen(t, untrusted)
	got := []int{loginFrom(base, 1), loginFrom(base, 2), loginFrom(base, 3)}
	if got[0] != 401 || got[1] != 401 || got[2] != 429 {
		t.Fatalf("untrusted peer: %v; a forged X-Forwarded-For escaped the limit", got)
	}

	trustedProxies, _ := ParseTrustedProxies("127.0.0.1")
	trusted, _ := newApp(Deps{Accounts: env.Service, RateLimits: &limits, TrustedProxies: trustedProxies})
	base = listen(t, trusted)
	for i := 1; i <= 4; i++ {
		if got := loginFrom(base, i); got != 401 {
			t.Fatalf("behind a trusted proxy, client %d: %d; clients should be counted apart", i, got)
		}
	}
}

// TestHugeAuthorizationHeader sends a 1 MB bearer token over a real socket:
// the server refuses it from its read buffer, quickly, before any handler.
func TestHugeAuthorizationHeader(t *testing.T) {
	db := mongodbtest.New(t)
	env := accounttest.New(t, db)
	app, _ := newApp(Deps{Accounts: env.Service})
	base := listen(t, app)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	_ = conn.SetDeadline(start.Add(5 * time.Second))
	go func() {
		_, _ = io.WriteString(conn, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+strings.Repeat("A", 1<<20)+"\r\n\r\n")
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("status %d, want 431", resp.StatusCode)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("took %v", took)
	}
	if resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("content type %q", resp.Header.Get("Content-Type"))
	}
}
