package account

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/laufbahn/laufbahn/apperr"
)

func testKeys(t *testing.T, kids ...string) *Keys {
	t.Helper()
	var specs []string
	for _, kid := range kids {
		s, err := NewKeySpec(kid)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, s)
	}
	k, err := ParseKeys(strings.Join(specs, ","))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var alice = Principal{UserID: "u-alice", Role: Learner, Version: 3}

func b64(v any) string {
	b, _ := json.Marshal(v)
	return base64.RawURLEncoding.EncodeToString(b)
}

// signWith signs arbitrary header and claims with the key's private key.
func signWith(t *testing.T, k *Keys, kid string, claims map[string]any) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, jwt.MapClaims(claims))
	tok.Header["kid"] = kid
	s, err := tok.SignedString(k.private[k.signKID])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validClaims(now time.Time) map[string]any {
	return map[string]any{
		"iss": Issuer, "aud": Audience, "sub": "u-alice", "typ": "access", "ver": 3, "role": "learner",
		"iat": now.Unix(), "exp": now.Add(AccessTTL).Unix(),
	}
}

func TestIssueAndVerify(t *testing.T) {
	k := testKeys(t, "k1")
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tok, exp, err := k.Issue(alice, now)
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(now.Add(15 * time.Minute)) {
		t.Fatalf("exp %v", exp)
	}
	got, err := k.Verify(tok, now.Add(time.Minute))
	if err != nil || got != alice {
		t.Fatalf("verify: %+v %v", got, err)
	}
	// The token carries every claim the design asks for.
	parts := strings.Split(tok, ".")
	hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
	body, _ := base64.RawURLEncoding.DecodeString(parts[1])
	for _, want := range []string{`"kid":"k1"`, `"alg":"EdDSA"`} {
		if !strings.Contains(string(hdr), want) {
			t.Errorf("header %s lacks %s", hdr, want)
		}
	}
	for _, want := range []string{`"iss":"laufbahn"`, `"aud":["laufbahn-api"]`, `"sub":"u-alice"`, `"exp":`, `"iat":`, `"typ":"access"`, `"ver":3`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("claims %s lack %s", body, want)
		}
	}
}

func TestVerifyRejectsAttacks(t *testing.T) {
	k := testKeys(t, "k1")
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	good, _, _ := k.Issue(alice, now)
	parts := strings.Split(good, ".")
	pub := k.private["k1"].Public().(ed25519.PublicKey)

	without := func(key string) map[string]any {
		c := validClaims(now)
		delete(c, key)
		return c
	}
	with := func(key string, v any) map[string]any {
		c := validClaims(now)
		c[key] = v
		return c
	}
	hmacToken := func(secret []byte) string {
		head := b64(map[string]any{"alg": "HS256", "typ": "JWT", "kid": "k1"})
		payload := b64(validClaims(now))
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(head + "." + payload))
		return head + "." + payload + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	tampered := with("role", "admin")

	attacks := map[string]string{
		"alg none": b64(map[string]any{"alg": "none", "typ": "JWT", "kid": "k1"}) + "." + parts[1] + ".",
		"HS256 signed with the public key (confusion)": hmacToken(pub),
		"tampered payload":      parts[0] + "." + b64(tampered) + "." + parts[2],
		"missing exp":           signWith(t, k, "k1", without("exp")),
		"expired beyond leeway": signWith(t, k, "k1", with("exp", now.Add(-31*time.Second).Unix())),
		"wrong issuer":          signWith(t, k, "k1", with("iss", "someone-else")),
		"wrong audience":        signWith(t, k, "k1", with("aud", "other-api")),
		"not an access token":   signWith(t, k, "k1", with("typ", "refresh")),
		"unknown role":          signWith(t, k, "k1", with("role", "superuser")),
		"no subject":            signWith(t, k, "k1", without("sub")),
		"issued in the future":  signWith(t, k, "k1", with("iat", now.Add(5*time.Minute).Unix())),
		"unknown kid":           signWith(t, k, "k9", validClaims(now)),
		"signed by another key": func() string { o := testKeys(t, "k1"); s, _, _ := o.Issue(alice, now); return s }(),
		"opaque refresh token":  "rt_" + strings.Repeat("A", 43),
		"empty":                 "",
		"garbage":               "a.b.c",
		// RFC 7519 dates are numbers; golang-jwt alone reads these strings.
		"exp as a string":  signWith(t, k, "k1", with("exp", strconv.FormatInt(now.Add(time.Hour).Unix(), 10))),
		"iat as a string":  signWith(t, k, "k1", with("iat", strconv.FormatInt(now.Unix(), 10))),
		"nbf as a string":  signWith(t, k, "k1", with("nbf", strconv.FormatInt(now.Unix(), 10))),
		"exp as an object": signWith(t, k, "k1", with("exp", map[string]any{"$numberLong": "9999999999"})),
	}
	for name, tok := range attacks {
		if _, err := k.Verify(tok, now); !apperr.Is(err, apperr.Unauthorized) {
			t.Errorf("%s: accepted or wrong error: %v", name, err)
		}
	}
	// Within the 30 s leeway an expired token still passes; beyond it not.
	if _, err := k.Verify(signWith(t, k, "k1", with("exp", now.Add(-29*time.Second).Unix())), now); err != nil {
		t.Errorf("within leeway: %v", err)
	}
	if _, err := k.Verify(good, now.Add(AccessTTL+31*time.Second)); err == nil {
		t.Error("token accepted after its lifetime")
	}
}

func TestKeyRotation(t *testing.T) {
	now := time.Now()
	oldSpec, _ := NewKeySpec("old")
	newSpec, _ := NewKeySpec("new")
	before, err := ParseKeys(oldSpec)
	if err != nil {
		t.Fatal(err)
	}
	tokOld, _, _ := before.Issue(alice, now)
	after, err := ParseKeys(newSpec + "," + oldSpec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := after.Verify(tokOld, now); err != nil {
		t.Fatalf("a token signed by the previous key must verify during rotation: %v", err)
	}
	tokNew, _, _ := after.Issue(alice, now)
	if !strings.Contains(tokNew, ".") || after.signKID != "new" {
		t.Fatal("the first key must sign")
	}
	if _, err := before.Verify(tokNew, now); err == nil {
		t.Fatal("a server without the new key must reject its tokens")
	}
	for _, bad := range []string{"", "k1", "k1=notbase64!", "k1=" + base64.StdEncoding.EncodeToString([]byte("short")), "bad kid!=" + strings.Split(oldSpec, "=")[1], oldSpec + "," + oldSpec} {
		if _, err := ParseKeys(bad); err == nil {
			t.Errorf("ParseKeys(%q) accepted", bad)
		}
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets", "jwt-keys")
	k1, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v", fi.Mode().Perm(), err)
	}
	k2, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, _ := k1.Issue(alice, time.Now())
	if _, err := k2.Verify(tok, time.Now()); err != nil {
		t.Fatalf("the key must be kept across restarts: %v", err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKeyFile(path); err == nil {
		t.Fatal("a world-readable key file must be refused")
	}
}
