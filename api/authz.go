package api

import (
	"context"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// access is who may call a route. Every route is registered through a
// router carrying one (see routes.go); a test walks Fiber's route table and
// fails on a route without one, then checks that each is enforced.
type access struct {
	// authenticated requires a valid bearer token of an active user.
	authenticated bool
	// roles, when set, also requires one of them.
	roles []account.Role
	// org also requires membership of an organisation.
	org bool
}

var (
	// public routes need no token.
	public = access{}
	// signedIn routes need a token of any role.
	signedIn = access{authenticated: true}
	// orgMember routes need an employer who belongs to an organisation.
	orgMember = access{authenticated: true, roles: []account.Role{account.Employer}, org: true}
)

// roles requires a token of a user with one of the roles.
func roles(r ...account.Role) access { return access{authenticated: true, roles: r} }

func (a access) String() string {
	switch {
	case !a.authenticated:
		return "public"
	case a.org:
		return "organisation member"
	case len(a.roles) > 0:
		var names []string
		for _, r := range a.roles {
			names = append(names, string(r))
		}
		return "role " + strings.Join(names, "|")
	default:
		return "signed in"
	}
}

// allows reports whether the rule lets u in (nil: no user).
func (a access) allows(u *account.User) bool {
	switch {
	case !a.authenticated:
		return true
	case u == nil:
		return false
	case len(a.roles) > 0 && !slices.Contains(a.roles, u.Role):
		return false
	case a.org && u.OrgID == "":
		return false
	}
	return true
}

// router registers routes under a prefix, all with one access rule.
type router struct {
	s      *server
	r      fiber.Router
	prefix string
	rule   access
}

// with returns a router for r (mounted at prefix) whose routes get rule.
func (s *server) with(r fiber.Router, prefix string, rule access) router {
	return router{s: s, r: r, prefix: prefix, rule: rule}
}

func (rt router) Get(path string, h ...fiber.Handler)    { rt.add(fiber.MethodGet, path, h) }
func (rt router) Post(path string, h ...fiber.Handler)   { rt.add(fiber.MethodPost, path, h) }
func (rt router) Patch(path string, h ...fiber.Handler)  { rt.add(fiber.MethodPatch, path, h) }
func (rt router) Put(path string, h ...fiber.Handler)    { rt.add(fiber.MethodPut, path, h) }
func (rt router) Delete(path string, h ...fiber.Handler) { rt.add(fiber.MethodDelete, path, h) }

// PostLimited registers a public POST route behind a rate-limited chain
// (see server.limited).
func (rt router) PostLimited(path string, ch chain, h fiber.Handler) {
	rt.s.writeLimited[fiber.MethodPost+" "+rt.prefix+path] = true
	rt.add(fiber.MethodPost, path, ch.then(h))
}

func (rt router) add(method, path string, h []fiber.Handler) {
	route := method + " " + rt.prefix + path
	rt.s.rules[route] = rt.rule
	if rt.rule.authenticated {
		pre := []fiber.Handler{rt.s.authenticate, rt.rule.enforce}
		// Every state-changing route is limited per account (after
		// authenticate, which names the account).
		if isWrite(method) {
			if l := rt.s.perAccountWrites(route); l != nil {
				pre = append(pre, l)
				rt.s.writeLimited[route] = true
			}
		}
		h = append(pre, h...)
	}
	rt.r.Add(method, path, h...)
}

// ruleOf returns the rule a route was registered with.
func (s *server) ruleOf(method, path string) (access, bool) {
	a, ok := s.rules[method+" "+path]
	return a, ok
}

// Locals keys.
const (
	userKey      = "laufbahn.user"
	principalKey = "laufbahn.principal"
)

// authenticate checks the bearer token and puts its user into the request.
// Failures are 401 with WWW-Authenticate (RFC 6750).
func (s *server) authenticate(c *fiber.Ctx) error {
	if s.Accounts == nil {
		return apperr.New(apperr.Unavailable, "accounts are not available")
	}
	scheme, token, ok := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="laufbahn"`)
		return apperr.New(apperr.Unauthorized, "sign in first: send Authorization: Bearer <access token>")
	}
	u, p, err := s.Accounts.Authenticate(c.UserContext(), strings.TrimSpace(token))
	if err != nil {
		if apperr.Is(err, apperr.Unauthorized) {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="laufbahn", error="invalid_token"`)
		}
		return err
	}
	c.Locals(userKey, u)
	c.Locals(principalKey, p)
	return c.Next()
}

// enforce is the rule's check after authenticate.
func (a access) enforce(c *fiber.Ctx) error {
	u := currentUser(c)
	if len(a.roles) > 0 {
		if _, err := requireRole(c, a.roles...); err != nil {
			return err
		}
	}
	if a.org {
		if _, err := requireOrgMember(c); err != nil {
			return err
		}
	}
	if !a.allows(u) {
		return apperr.New(apperr.Forbidden, "not allowed")
	}
	return c.Next()
}

// currentUser is the signed-in user; nil on public routes.
func currentUser(c *fiber.Ctx) *account.User {
	u, _ := c.Locals(userKey).(*account.User)
	return u
}

// currentSession is the session id of the access token.
func currentSession(c *fiber.Ctx) string {
	p, _ := c.Locals(principalKey).(account.Principal)
	return p.Session
}

// requireRole returns the signed-in user if they have one of the roles:
// 401 without a user, 403 with another role.
func requireRole(c *fiber.Ctx, roles ...account.Role) (*account.User, error) {
	u := currentUser(c)
	if u == nil {
		return nil, apperr.New(apperr.Unauthorized, "sign in first")
	}
	if !slices.Contains(roles, u.Role) {
		names := make([]string, len(roles))
		for i, r := range roles {
			names[i] = string(r)
		}
		return nil, apperr.New(apperr.Forbidden, "this needs the role %s; you are %s", strings.Join(names, " or "), u.Role)
	}
	return u, nil
}

// requireOrgMember returns the signed-in user if they belong to an
// organisation.
func requireOrgMember(c *fiber.Ctx) (*account.User, error) {
	u, err := requireRole(c, account.Employer)
	if err != nil {
		return nil, err
	}
	if u.OrgID == "" {
		return nil, apperr.New(apperr.Forbidden, "you do not belong to an organisation; create one (POST /api/v1/organisations) or join one by invitation")
	}
	return u, nil
}

// loadOwned loads an object and hands it out only to its owner; anyone
// else gets the same 404 as for a missing object, so ids of other people's
// objects cannot be probed.
func loadOwned[T any](c *fiber.Ctx, what string, load func(context.Context) (T, error), owner func(T) string) (T, error) {
	var zero T
	u := currentUser(c)
	if u == nil {
		return zero, apperr.New(apperr.Unauthorized, "sign in first")
	}
	v, err := load(c.UserContext())
	if apperr.Is(err, apperr.NotFound) || (err == nil && owner(v) != u.ID) {
		return zero, apperr.New(apperr.NotFound, "%s not found", what)
	}
	if err != nil {
		return zero, err
	}
	return v, nil
}
