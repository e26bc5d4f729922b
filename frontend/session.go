package frontend

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// A page session is two HttpOnly, SameSite=Lax cookies over an account
// session: the short-lived access token and the refresh token, which is
// rotated transparently when the access token has run out.
const (
	cookieAccess  = "lb_at"
	cookieRefresh = "lb_rt"
)

// sessionKey holds the id of the request's account session (the account
// page marks "this device" with it).
const sessionKey = "laufbahn.session"

// session signs the request's user in from the cookies, refreshing the
// access token when it has expired. A broken or ended session clears the
// cookies; the request goes on anonymous.
func (s *Site) session(c *fiber.Ctx) error {
	if s.Accounts == nil {
		return c.Next()
	}
	if at := c.Cookies(cookieAccess); at != "" {
		if u, pr, err := s.Accounts.Authenticate(ctx(c), at); err == nil {
			c.Locals(userKey, u)
			c.Locals(sessionKey, pr.Session)
			return c.Next()
		}
	}
	if rt := c.Cookies(cookieRefresh); rt != "" {
		sess, err := s.refresh.do(rt, func() (*account.Session, error) { return s.Accounts.Refresh(ctx(c), rt) })
		if err == nil {
			s.setSessionCookies(c, sess)
			c.Locals(userKey, sess.User)
			c.Locals(sessionKey, sess.SessionID)
		} else {
			s.clearSessionCookies(c)
		}
	}
	return c.Next()
}

func (s *Site) setSessionCookies(c *fiber.Ctx, sess *account.Session) {
	c.Cookie(&fiber.Cookie{Name: cookieAccess, Value: sess.AccessToken, Path: "/", Expires: sess.AccessExpiresAt,
		Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	c.Cookie(&fiber.Cookie{Name: cookieRefresh, Value: sess.RefreshToken, Path: "/", Expires: sess.RefreshExpiresAt,
		Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

func (s *Site) clearSessionCookies(c *fiber.Ctx) {
	for _, name := range []string{cookieAccess, cookieRefresh} {
		c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1,
			Secure: s.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	}
}

// refreshCache lets requests that arrive together with the same expired
// access token share one refresh: the account service treats a second use
// of a refresh token as theft and ends the session, which two tabs
// reloading at once must not do. A result is kept for refreshGrace.
type refreshCache struct {
	mu      sync.Mutex
	entries map[[32]byte]*refreshEntry
}

type refreshEntry struct {
	done    chan struct{}
	sess    *account.Session
	err     error
	expires time.Time
}

const refreshGrace = 30 * time.Second

func newRefreshCache() *refreshCache {
	return &refreshCache{entries: map[[32]byte]*refreshEntry{}}
}

func (r *refreshCache) do(token string, fn func() (*account.Session, error)) (*account.Session, error) {
	key := sha256.Sum256([]byte(token))
	now := time.Now()
	r.mu.Lock()
	for k, e := range r.entries {
		if now.After(e.expires) {
			delete(r.entries, k)
		}
	}
	if e, ok := r.entries[key]; ok {
		r.mu.Unlock()
		<-e.done
		return e.sess, e.err
	}
	e := &refreshEntry{done: make(chan struct{}), expires: now.Add(refreshGrace)}
	r.entries[key] = e
	r.mu.Unlock()
	e.sess, e.err = fn()
	close(e.done)
	return e.sess, e.err
}

// signIn starts a page session for a user who gave their password.
func (s *Site) signIn(c *fiber.Ctx, email, password string) (*account.Session, error) {
	sess, err := s.Accounts.Login(ctx(c), email, password, account.Client{UserAgent: c.Get(fiber.HeaderUserAgent)})
	if err != nil {
		return nil, err
	}
	s.setSessionCookies(c, sess)
	return sess, nil
}

// signOut ends the page session.
func (s *Site) signOut(c *fiber.Ctx) {
	if rt := c.Cookies(cookieRefresh); rt != "" && s.Accounts != nil {
		if err := s.Accounts.Logout(context.WithoutCancel(ctx(c)), rt); err != nil {
			s.Logger.Debug("sign-out", "err", err)
		}
	}
	s.clearSessionCookies(c)
}

// landing is where a user goes after signing in.
func landing(u *account.User) string {
	switch u.Role {
	case account.Employer:
		return "/arbeitgeber"
	case account.Admin:
		return "/admin"
	}
	return "/mein-bereich"
}
