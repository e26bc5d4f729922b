package api

import (
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

// TestEveryWriteRouteIsLimited walks Fiber's route table: every route that
// changes state has a limit (per account for signed-in routes, the account
// limiters for the public auth routes), and every entry of the write table
// names a real route.
func TestEveryWriteRouteIsLimited(t *testing.T) {
	app, srv := newApp(Deps{})
	routes := map[string]bool{}
	for _, r := range app.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		route := r.Method + " " + r.Path
		routes[route] = true
		if !isWrite(r.Method) {
			continue
		}
		if !srv.writeLimited[route] {
			t.Errorf("%s changes state but has no rate limit", route)
		}
		if rule, _ := srv.ruleOf(r.Method, r.Path); rule.authenticated && srv.limits.writeLimit(route).Max <= 0 {
			t.Errorf("%s has no per-account limit", route)
		}
	}
	for route := range DefaultWriteLimits() {
		if !routes[route] {
			t.Errorf("the write limit table names %s, which is no route", route)
		}
	}
}

// TestWriteLimitTrips: past its limit a write answers 429 with Retry-After
// and a problem body, changes nothing, and other accounts are not affected.
func TestWriteLimitTrips(t *testing.T) {
	limits := generous
	limits.Writes = map[string]Limit{"PATCH /api/v1/me": {3, time.Minute}}
	limits.WriteDefault = Limit{1000, time.Hour}
	a := newAccountsApp(t, &limits)
	a.User(t, "erika@example.de", account.Learner, false)
	a.User(t, "max@example.de", account.Learner, false)
	erika := a.login(t, "erika@example.de").AccessToken
	for i := 1; i <= 3; i++ {
		resp, body := a.do(t, "PATCH", "/api/v1/me", erika, `{"name":"Erika `+strconv.Itoa(i)+`"}`)
		wantStatus(t, resp, body, 200)
	}
	before := a.snapshot(t)
	resp, body := a.do(t, "PATCH", "/api/v1/me", erika, `{"name":"Erika 4"}`)
	wantStatus(t, resp, body, 429)
	retry, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || retry < 1 || retry > 60 {
		t.Errorf("Retry-After %q", resp.Header.Get("Retry-After"))
	}
	var p Problem
	if resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal(body, &p) != nil || p.Status != 429 || p.Detail == "" {
		t.Errorf("not a problem body: %s %s", resp.Header.Get("Content-Type"), body)
	}
	if after := a.snapshot(t); after != before {
		t.Error("the refused write changed something")
	}
	// Another account, and reads of the same one, go on.
	resp, body = a.do(t, "PATCH", "/api/v1/me", a.login(t, "max@example.de").AccessToken, `{"name":"Max"}`)
	wantStatus(t, resp, body, 200)
	resp, body = a.do(t, "GET", "/api/v1/me", erika, "")
	wantStatus(t, resp, body, 200)
}

// TestLoginFailuresDoNotLockTheOwnerOut: an attacker's failures from one
// client throttle that client for that account, while the owner signs in
// from another client; the attacker's guessing stays throttled.
func TestLoginFailuresDoNotLockTheOwnerOut(t *testing.T) {
	db := mongodbtest.New(t)
	env := accounttest.New(t, db)
	env.User(t, "erika@example.de", account.Learner, false)
	anywhere := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
	a := &accountsApp{Env: env}
	a.app, a.srv = newApp(Deps{Accounts: env.Service, RateLimits: tight(), RateLimitStorage: NewLimitStorage(db, nil), TrustedProxies: anywhere})
	wrong := `{"email":"erika@example.de","password":"falsch falsch falsch"}`
	right := `{"email":"erika@example.de","password":"` + accounttest.Password + `"}`
	attacker, owner := []string{"X-Forwarded-For", "203.0.113.66"}, []string{"X-Forwarded-For", "198.51.100.7"}
	for i := 0; i < 3; i++ {
		resp, body := a.do(t, "POST", "/api/v1/auth/login", "", wrong, attacker...)
		wantStatus(t, resp, body, 401)
	}
	for i := 0; i < 3; i++ {
		resp, body := a.do(t, "POST", "/api/v1/auth/login", "", wrong, attacker...)
		wantStatus(t, resp, body, 429) // guessing stays throttled
		if resp.Header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	// The owner, from their own client, is not locked out.
	resp, body := a.do(t, "POST", "/api/v1/auth/login", "", right, owner...)
	wantStatus(t, resp, body, 200)
	// Nor is the owner's own mistake counted with the attacker's.
	resp, body = a.do(t, "POST", "/api/v1/auth/login", "", wrong, owner...)
	wantStatus(t, resp, body, 401)
	resp, body = a.do(t, "POST", "/api/v1/auth/login", "", right, owner...)
	wantStatus(t, resp, body, 200)
}
