package account

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/laufbahn/laufbahn/apperr"
)

// Token settings.
const (
	Issuer        = "laufbahn"
	Audience      = "laufbahn-api"
	AccessTTL     = 15 * time.Minute
	RefreshTTL    = 30 * 24 * time.Hour
	accessType    = "access"
	maxLeeway     = 30 * time.Second
	signingMethod = "EdDSA"
)

// Keys signs access tokens with the first key and verifies with any of them,
// so keys can be rotated by kid: add the new key first, keep the old one
// until the last token it signed has expired, then drop it.
type Keys struct {
	signKID string
	private map[string]ed25519.PrivateKey
}

var kidRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// ParseKeys reads keys written as "kid=base64(32-byte Ed25519 seed)",
// separated by commas; the first signs.
func ParseKeys(spec string) (*Keys, error) {
	k := &Keys{private: map[string]ed25519.PrivateKey{}}
	for i, part := range strings.Split(spec, ",") {
		kid, enc, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || !kidRe.MatchString(kid) {
			return nil, fmt.Errorf("jwt key %d: want kid=base64seed with a kid of letters, digits, - or _", i+1)
		}
		seed, err := base64.StdEncoding.DecodeString(enc)
		if err != nil || len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("jwt key %q: the seed must be %d bytes in base64", kid, ed25519.SeedSize)
		}
		if _, dup := k.private[kid]; dup {
			return nil, fmt.Errorf("jwt key %q appears twice", kid)
		}
		k.private[kid] = ed25519.NewKeyFromSeed(seed)
		if i == 0 {
			k.signKID = kid
		}
	}
	return k, nil
}

// NewKeySpec returns a fresh key spec "kid=seed" for LAUFBAHN_JWT_KEYS.
func NewKeySpec(kid string) (string, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return "", err
	}
	return kid + "=" + base64.StdEncoding.EncodeToString(seed), nil
}

// LoadOrCreateKeyFile reads the key spec kept in path, creating it with a
// random key (mode 0600) the first time. The embedded default uses it so a
// single-machine install needs no configuration.
func LoadOrCreateKeyFile(path string) (*Keys, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		spec, err := NewKeySpec(time.Now().UTC().Format("k20060102"))
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("create jwt key file: %w", err)
		}
		if _, err := f.WriteString(spec + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		return ParseKeys(spec)
	}
	if err != nil {
		return nil, fmt.Errorf("read jwt key file: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("jwt key file %s is readable by others (mode %v); chmod 600 it", path, fi.Mode().Perm())
	}
	return ParseKeys(strings.TrimSpace(string(raw)))
}

// Claims are the claims of an access token.
type Claims struct {
	jwt.RegisteredClaims
	Type string `json:"typ"`
	// Version is the user's token version when issued; bumping it on the
	// user (password change, logout everywhere, deletion, disabling)
	// invalidates every older access token.
	Version int64  `json:"ver"`
	Role    string `json:"role"`
	Org     string `json:"org,omitempty"`
	// Session is the refresh token family the token was issued with, so a
	// client can see and end its own session.
	Session string `json:"sid,omitempty"`
}

// dateClaims are the registered claims that hold a NumericDate (RFC 7519
// section 2: a JSON number of seconds).
var dateClaims = []string{"exp", "iat", "nbf"}

// UnmarshalJSON refuses a date claim that is not a JSON number:
// golang-jwt's NumericDate also reads a string such as "exp":"9999999999"
// (encoding/json fills a json.Number from a string), which RFC 7519 does
// not allow and no token we issue contains.
func (c *Claims) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for _, k := range dateClaims {
		v, ok := raw[k]
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		if len(v) == 0 || (v[0] != '-' && (v[0] < '0' || v[0] > '9')) {
			return fmt.Errorf("claim %q is not a number", k)
		}
	}
	type plain Claims
	return json.Unmarshal(b, (*plain)(c))
}

// Principal is who an access token speaks for.
type Principal struct {
	UserID  string
	Role    Role
	Org     string
	Version int64
	Session string
}

// Issue signs an access token for p, valid for AccessTTL from now.
func (k *Keys) Issue(p Principal, now time.Time) (string, time.Time, error) {
	exp := now.Add(AccessTTL)
	claims := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: Issuer, Audience: jwt.ClaimStrings{Audience}, Subject: p.UserID,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		},
		Type: accessType, Version: p.Version, Role: string(p.Role), Org: p.Org, Session: p.Session,
	}
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	t.Header["kid"] = k.signKID
	s, err := t.SignedString(k.private[k.signKID])
	return s, exp, err
}

// Verify checks an access token: signature by a known kid with EdDSA only,
// issuer, audience, expiry (required, at most 30 s leeway), issued-at and
// type. Every failure is the same Unauthorized error.
func (k *Keys) Verify(token string, now time.Time) (Principal, error) {
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{signingMethod}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(maxLeeway),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	var c Claims
	_, err := parser.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		priv, ok := k.private[kid]
		if !ok {
			return nil, fmt.Errorf("unknown kid %q", kid)
		}
		return priv.Public(), nil
	})
	if err != nil {
		return Principal{}, apperr.Wrap(apperr.Unauthorized, err, "invalid or expired access token")
	}
	if c.Type != accessType || c.Subject == "" || !Role(c.Role).Valid() {
		return Principal{}, apperr.New(apperr.Unauthorized, "invalid or expired access token")
	}
	return Principal{UserID: c.Subject, Role: Role(c.Role), Org: c.Org, Version: c.Version, Session: c.Session}, nil
}
