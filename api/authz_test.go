package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/account"
)

// TestEveryRouteHasAnEnforcedAccessRule builds the role × route matrix from
// Fiber's route table: a route registered without an access rule fails the
// test, and every rule is checked against every kind of caller: no token →
// 401 on protected routes, a caller the rule excludes → 403, a caller it
// allows → neither.
func TestEveryRouteHasAnEnforcedAccessRule(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "lerner@example.de", account.Learner, false)
	a.User(t, "suchend@example.de", account.Employer, false)
	a.User(t, "chef@example.de", account.Employer, true)
	a.User(t, "admin@example.de", account.Admin, false)
	callers := []struct {
		name, email string
	}{{"anonymous", ""}, {"learner", "lerner@example.de"}, {"employer without organisation", "suchend@example.de"},
		{"employer with organisation", "chef@example.de"}, {"admin", "admin@example.de"}}

	routes := 0
	seen := map[string]bool{}
	for _, r := range a.app.GetRoutes(true) {
		if r.Method == http.MethodHead || r.Path == "/" {
			continue
		}
		key := r.Method + " " + r.Path
		seen[key] = true
		rule, ok := a.srv.ruleOf(r.Method, r.Path)
		if !ok {
			t.Errorf("%s has no access rule: register it through a router in routes.go", key)
			continue
		}
		routes++
		path := strings.NewReplacer(":slug", "bueroleiter", ":id", "u_aaaaaaaaaaaaaaaa").Replace(r.Path)
		for _, caller := range callers {
			var user *account.User
			token := ""
			if caller.email != "" {
				// A fresh session per request: some routes (logout
				// everywhere) end the caller's sessions.
				s := a.Login(t, caller.email)
				user, token = s.User, s.AccessToken
			}
			resp, body := a.do(t, r.Method, path, token, "")
			got := resp.StatusCode
			switch {
			case rule.authenticated && user == nil:
				if got != http.StatusUnauthorized {
					t.Errorf("%s (%s) as %s: %d, want 401: %s", key, rule, caller.name, got, body)
				}
			case !rule.allows(user):
				if got != http.StatusForbidden {
					t.Errorf("%s (%s) as %s: %d, want 403: %s", key, rule, caller.name, got, body)
				}
			default:
				if got == http.StatusUnauthorized || got == http.StatusForbidden {
					t.Errorf("%s (%s) as %s: %d, want access: %s", key, rule, caller.name, got, body)
				}
			}
		}
	}
	for key := range a.srv.rules {
		if !seen[key] {
			t.Errorf("rule for %s, which has no route", key)
		}
	}
	if routes < 35 {
		t.Fatalf("only %d routes checked; the walk is broken", routes)
	}
	// The account routes are not accidentally public.
	for _, key := range []string{"GET /api/v1/me", "DELETE /api/v1/me", "POST /api/v1/auth/logout-all", "GET /api/v1/organisations/mine", "POST /api/v1/admin/users/:id/disable"} {
		method, path, _ := strings.Cut(key, " ")
		if rule, _ := a.srv.ruleOf(method, path); !rule.authenticated {
			t.Errorf("%s is public", key)
		}
	}
}

func TestAccessRules(t *testing.T) {
	learner := &account.User{Role: account.Learner}
	lone := &account.User{Role: account.Employer}
	member := &account.User{Role: account.Employer, OrgID: "o_x"}
	admin := &account.User{Role: account.Admin}
	for _, tc := range []struct {
		rule  access
		allow []*account.User
		deny  []*account.User
	}{
		{public, []*account.User{nil, learner, admin}, nil},
		{signedIn, []*account.User{learner, lone, member, admin}, []*account.User{nil}},
		{roles(account.Employer), []*account.User{lone, member}, []*account.User{nil, learner, admin}},
		{orgMember, []*account.User{member}, []*account.User{nil, learner, lone, admin}},
		{roles(account.Admin), []*account.User{admin}, []*account.User{nil, learner, member}},
	} {
		for _, u := range tc.allow {
			if !tc.rule.allows(u) {
				t.Errorf("%s denies %+v", tc.rule, u)
			}
		}
		for _, u := range tc.deny {
			if tc.rule.allows(u) {
				t.Errorf("%s allows %+v", tc.rule, u)
			}
		}
	}
}
