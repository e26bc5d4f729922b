package account

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// family is one login session: the chain of refresh tokens that rotate from
// it. Reusing a spent token of the chain revokes the whole family.
type family struct {
	ID     string `bson:"_id"`
	UserID string `bson:"userId"`
	// TokenVersion is the user's when the session started; a bump of the
	// user's version ends the session.
	TokenVersion int64      `bson:"tokenVersion"`
	UserAgent    string     `bson:"userAgent,omitempty"`
	CreatedAt    time.Time  `bson:"createdAt"`
	LastUsedAt   time.Time  `bson:"lastUsedAt"`
	ExpiresAt    time.Time  `bson:"expiresAt"`
	RevokedAt    *time.Time `bson:"revokedAt,omitempty"`
}

// refreshToken is one opaque refresh token; only its hash is stored.
type refreshToken struct {
	Hash      string     `bson:"_id"`
	FamilyID  string     `bson:"familyId"`
	UserID    string     `bson:"userId"`
	CreatedAt time.Time  `bson:"createdAt"`
	ExpiresAt time.Time  `bson:"expiresAt"`
	SpentAt   *time.Time `bson:"spentAt,omitempty"`
}

// Session is what a login or refresh hands to the client. RefreshToken is
// shown once; only its hash is kept.
type Session struct {
	AccessToken      string
	AccessExpiresAt  time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
	SessionID        string
	User             *User
}

// Client describes the device a session is for, to tell sessions apart.
type Client struct {
	UserAgent string
}

// SessionInfo is a session as its owner sees it.
type SessionInfo struct {
	ID         string
	UserID     string
	UserAgent  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
}

var (
	errLogin   = apperr.New(apperr.Unauthorized, "wrong e-mail address or password")
	errRefresh = apperr.New(apperr.Unauthorized, "the refresh token is invalid, expired or revoked; sign in again")
	errAccess  = apperr.New(apperr.Unauthorized, "invalid or expired access token")
)

// maxSecretLen bounds tokens and passwords read from requests before any
// work is done with them.
const maxSecretLen = 1024

// Login checks the e-mail and password and starts a session. An unknown
// address and a wrong password give the same error after the same argon2
// work. A correct password for a disabled or unverified account is
// answered with Forbidden saying why.
func (s *Service) Login(ctx context.Context, email, password string, client Client) (*Session, error) {
	email = NormalizeEmail(email)
	var p apperr.Problems
	if email == "" {
		p.Add("email", "is required")
	}
	if password == "" {
		p.Add("password", "is required")
	} else if len(password) > maxSecretLen {
		p.Addf("password", "must be at most %d characters", MaxPasswordLen)
	}
	if err := p.Err("invalid login"); err != nil {
		return nil, err
	}
	u, err := s.userByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	if u == nil {
		s.pw.Burn(password)
		return nil, errLogin
	}
	ok, rehash, err := s.pw.Verify(u.PasswordHash, password)
	if err != nil {
		return nil, apperr.Wrap(apperr.Internal, err, "stored password hash of user %s", u.ID)
	}
	if !ok {
		return nil, errLogin
	}
	switch {
	case u.Disabled:
		return nil, apperr.New(apperr.Forbidden, "this account is disabled; please contact us")
	case !u.EmailVerified:
		return nil, apperr.New(apperr.Forbidden, "confirm your e-mail address first: open the link we sent you, or ask for a new one with POST /api/v1/auth/resend-verification")
	}
	if rehash {
		s.rehash(ctx, u, password)
	}
	return s.startSession(ctx, u, client)
}

// rehash upgrades a hash made with older parameters. The filter names the
// old hash, so a password changed meanwhile is never overwritten.
func (s *Service) rehash(ctx context.Context, u *User, password string) {
	hash, err := s.pw.Hash(password)
	if err == nil {
		defer s.lockDoc(u.ID)()
		_, err = s.users.UpdateOne(ctx, bson.D{{Key: "_id", Value: u.ID}, {Key: "passwordHash", Value: u.PasswordHash}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "passwordHash", Value: hash}}}})
	}
	if err != nil {
		s.log.WarnContext(ctx, "upgrading a password hash", "user", u.ID, "err", err)
	}
}

// startSession creates a session family and its first refresh token.
func (s *Service) startSession(ctx context.Context, u *User, client Client) (*Session, error) {
	now := s.clock()
	f := family{ID: newID("s_"), UserID: u.ID, TokenVersion: u.TokenVersion, UserAgent: clip(client.UserAgent, 200),
		CreatedAt: now, LastUsedAt: now, ExpiresAt: now.Add(RefreshTTL)}
	if _, err := s.families.InsertOne(ctx, f); err != nil {
		return nil, mongodb.Translate(err, "session")
	}
	return s.issueTokens(ctx, u, &f, now)
}

// issueTokens adds a refresh token to the family and signs an access token.
func (s *Service) issueTokens(ctx context.Context, u *User, f *family, now time.Time) (*Session, error) {
	raw, err := randomToken()
	if err != nil {
		return nil, err
	}
	rt := refreshToken{Hash: hashToken(raw), FamilyID: f.ID, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(RefreshTTL)}
	if _, err := s.refresh.InsertOne(ctx, rt); err != nil {
		return nil, mongodb.Translate(err, "refresh token")
	}
	access, exp, err := s.keys.Issue(u.Principal(f.ID), now)
	if err != nil {
		return nil, err
	}
	return &Session{AccessToken: access, AccessExpiresAt: exp, RefreshToken: raw, RefreshExpiresAt: rt.ExpiresAt, SessionID: f.ID, User: u}, nil
}

// Refresh spends a refresh token and returns a new one of the same family
// with a new access token. Spending a token that was spent before is reuse
// (a stolen token, or a client that kept an old one): the whole family is
// revoked, so the thief and the owner both have to sign in again.
func (s *Service) Refresh(ctx context.Context, raw string) (*Session, error) {
	if raw == "" || len(raw) > maxSecretLen {
		return nil, errRefresh
	}
	hash := hashToken(raw)
	var rt refreshToken
	err := s.refresh.FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&rt)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, errRefresh
	}
	if err != nil {
		return nil, mongodb.Translate(err, "refresh token")
	}
	now := s.clock()
	if !now.Before(rt.ExpiresAt) {
		return nil, errRefresh
	}
	f, err := s.family(ctx, rt.FamilyID)
	if err != nil || f.RevokedAt != nil || !now.Before(f.ExpiresAt) {
		return nil, orRefresh(err)
	}
	u, err := s.user(ctx, rt.UserID)
	if err != nil || !u.Active() || u.TokenVersion != f.TokenVersion {
		return nil, orRefresh(err)
	}
	first, err := s.spend(ctx, "refresh", hash, rt.ExpiresAt)
	if err != nil {
		return nil, err
	}
	if !first {
		s.log.WarnContext(ctx, "a spent refresh token was used again; revoking its session", "user", u.ID, "session", f.ID)
		if err := s.revokeFamily(ctx, f.ID); err != nil {
			return nil, err
		}
		return nil, errRefresh
	}
	_, _ = s.refresh.UpdateOne(ctx, bson.D{{Key: "_id", Value: hash}}, bson.D{{Key: "$set", Value: bson.D{{Key: "spentAt", Value: now}}}})
	sess, err := s.issueTokens(ctx, u, f, now)
	if err != nil {
		return nil, err
	}
	_, err = s.families.UpdateOne(ctx, bson.D{{Key: "_id", Value: f.ID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "lastUsedAt", Value: now}, {Key: "expiresAt", Value: sess.RefreshExpiresAt}}}})
	if err != nil {
		return nil, mongodb.Translate(err, "session")
	}
	return sess, nil
}

// orRefresh keeps database trouble visible and turns everything else into
// the one refresh error.
func orRefresh(err error) error {
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	return errRefresh
}

func (s *Service) family(ctx context.Context, id string) (*family, error) {
	var f family
	if err := s.families.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&f); err != nil {
		return nil, mongodb.Translate(err, "session")
	}
	return &f, nil
}

func (s *Service) revokeFamily(ctx context.Context, id string) error {
	_, err := s.families.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: bson.D{{Key: "revokedAt", Value: s.clock()}}}})
	return mongodb.Translate(err, "session")
}

// Logout ends the session the refresh token belongs to. An unknown token is
// not an error: the session is gone either way.
func (s *Service) Logout(ctx context.Context, raw string) error {
	if raw == "" || len(raw) > maxSecretLen {
		return nil
	}
	var rt refreshToken
	err := s.refresh.FindOne(ctx, bson.D{{Key: "_id", Value: hashToken(raw)}}).Decode(&rt)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return mongodb.Translate(err, "refresh token")
	}
	return s.revokeFamily(ctx, rt.FamilyID)
}

// LogoutAll ends every session of the user and invalidates every access
// token issued so far.
func (s *Service) LogoutAll(ctx context.Context, userID string) error {
	defer s.lockDoc(userID)()
	return s.bumpVersion(ctx, userID, nil)
}

// Authenticate checks an access token and returns its user. Beyond the
// signature and claims, the user must exist and be active, the token's
// version must be the user's current one, and its session must not be
// revoked: so logout, logout everywhere, password change, disabling and
// deletion take effect at once, not when the token expires.
func (s *Service) Authenticate(ctx context.Context, token string) (*User, Principal, error) {
	if len(token) > 4*maxSecretLen {
		return nil, Principal{}, errAccess
	}
	p, err := s.keys.Verify(token, s.now())
	if err != nil {
		return nil, Principal{}, err
	}
	u, err := s.user(ctx, p.UserID)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, Principal{}, errAccess
		}
		return nil, Principal{}, err
	}
	if !u.Active() || u.TokenVersion != p.Version || p.Session == "" {
		return nil, Principal{}, errAccess
	}
	f, err := s.family(ctx, p.Session)
	if err != nil || f.UserID != u.ID || f.RevokedAt != nil || f.TokenVersion != u.TokenVersion {
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, Principal{}, err
		}
		return nil, Principal{}, errAccess
	}
	return u, p, nil
}

// Sessions lists the user's live sessions, newest first.
func (s *Service) Sessions(ctx context.Context, u *User) ([]SessionInfo, error) {
	cur, err := s.families.Find(ctx, bson.D{{Key: "userId", Value: u.ID}})
	if err != nil {
		return nil, mongodb.Translate(err, "sessions")
	}
	var fams []family
	if err := cur.All(ctx, &fams); err != nil {
		return nil, mongodb.Translate(err, "sessions")
	}
	now := s.clock()
	out := []SessionInfo{}
	for _, f := range fams {
		if f.RevokedAt == nil && now.Before(f.ExpiresAt) && f.TokenVersion == u.TokenVersion {
			out = append(out, f.info())
		}
	}
	sortSessions(out)
	return out, nil
}

// Session returns a live session by id, whoever owns it; callers check the
// owner (the API answers 404 for someone else's).
func (s *Service) Session(ctx context.Context, id string) (*SessionInfo, error) {
	f, err := s.family(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.RevokedAt != nil || !s.clock().Before(f.ExpiresAt) {
		return nil, apperr.New(apperr.NotFound, "session not found")
	}
	info := f.info()
	return &info, nil
}

// RevokeSession ends one session.
func (s *Service) RevokeSession(ctx context.Context, id string) error {
	return s.revokeFamily(ctx, id)
}

func (f *family) info() SessionInfo {
	return SessionInfo{ID: f.ID, UserID: f.UserID, UserAgent: f.UserAgent, CreatedAt: f.CreatedAt, LastUsedAt: f.LastUsedAt, ExpiresAt: f.ExpiresAt}
}

func sortSessions(s []SessionInfo) {
	slices.SortFunc(s, func(a, b SessionInfo) int { return b.CreatedAt.Compare(a.CreatedAt) })
}

// clip shortens s to at most n characters of valid UTF-8.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
