package notify

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// UnsubscribeTTL is how long an unsubscribe link works.
const UnsubscribeTTL = 365 * 24 * time.Hour

// Scope is what an unsubscribe token turns off: the mails of one event, or
// of one saved search.
type Scope struct {
	UserID   string
	Event    Event
	SearchID string
}

// unsubscribeToken signs a scope: base64url(payload).base64url(HMAC-SHA256).
// The payload is "v1|user|event|search|issued unix time".
func (s *Service) unsubscribeToken(sc Scope) string {
	payload := strings.Join([]string{"v1", sc.UserID, string(sc.Event), sc.SearchID, strconv.FormatInt(s.now().Unix(), 10)}, "|")
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(s.sign(payload))
}

func (s *Service) sign(payload string) []byte {
	m := hmac.New(sha256.New, s.cfg.Key)
	m.Write([]byte("unsubscribe\x00" + payload))
	return m.Sum(nil)
}

// errBadToken is the one answer for every kind of bad token.
var errBadToken = apperr.Field("token", "is not a valid unsubscribe link (it may be incomplete or too old)")

// ParseUnsubscribe checks a token's signature and age and returns its
// scope.
func (s *Service) ParseUnsubscribe(token string) (Scope, error) {
	p64, sig64, ok := strings.Cut(token, ".")
	if !ok || len(token) > 512 {
		return Scope{}, errBadToken
	}
	raw, err1 := base64.RawURLEncoding.DecodeString(p64)
	sig, err2 := base64.RawURLEncoding.DecodeString(sig64)
	if err1 != nil || err2 != nil || !hmac.Equal(sig, s.sign(string(raw))) {
		return Scope{}, errBadToken
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 5 || parts[0] != "v1" {
		return Scope{}, errBadToken
	}
	issued, err := strconv.ParseInt(parts[4], 10, 64)
	if err != nil || s.now().Sub(time.Unix(issued, 0)) > UnsubscribeTTL {
		return Scope{}, errBadToken
	}
	sc := Scope{UserID: parts[1], Event: Event(parts[2]), SearchID: parts[3]}
	if _, ok := frequencies[sc.Event]; !ok {
		return Scope{}, errBadToken
	}
	return sc, nil
}

// UnsubscribeResult says what a token did.
type UnsubscribeResult struct {
	Scope Scope
	// Changed is false when the token had been used before: a reused link
	// changes nothing, so an old mail cannot undo a later choice.
	Changed bool
	// What names the mails turned off, in the requested language.
	What string
}

// Describe returns what a token would turn off, changing nothing (for a
// GET, which mail scanners follow on their own).
func (s *Service) Describe(ctx context.Context, token, lang string) (*UnsubscribeResult, error) {
	sc, err := s.ParseUnsubscribe(token)
	if err != nil {
		return nil, err
	}
	used, err := s.mks.CountDocuments(ctx, bson.D{{Key: "_id", Value: unsubMarker(token)}})
	if err != nil {
		return nil, mongodb.Translate(err, "unsubscribe")
	}
	return &UnsubscribeResult{Scope: sc, Changed: used == 0, What: s.scopeName(ctx, sc, lang)}, nil
}

func unsubMarker(token string) string {
	h := sha256.Sum256([]byte(token))
	return "unsub:" + hex.EncodeToString(h[:])
}

func (s *Service) scopeName(ctx context.Context, sc Scope, lang string) string {
	if sc.Event == SavedSearchAlert && sc.SearchID != "" && s.cfg.Jobs != nil {
		if ss, err := s.cfg.Jobs.SavedSearch(ctx, sc.UserID, sc.SearchID); err == nil {
			return fmt.Sprintf(pick(lang, "E-Mails zu neuen Stellen für „%s“", "e-mails about new jobs for “%s”"), ss.Name)
		}
	}
	return pick(lang, "E-Mails über ", "e-mails about ") + eventName(sc.Event, lang)
}

// Unsubscribe turns off the mails of the token's scope, without signing
// in. The first use changes the preferences; using the token again changes
// nothing (Changed false), even if the user turned the mails on again
// meanwhile.
func (s *Service) Unsubscribe(ctx context.Context, token, lang string) (*UnsubscribeResult, error) {
	sc, err := s.ParseUnsubscribe(token)
	if err != nil {
		return nil, err
	}
	res := &UnsubscribeResult{Scope: sc, What: s.scopeName(ctx, sc, lang)}
	marker := unsubMarker(token)
	if n, err := s.mks.CountDocuments(ctx, bson.D{{Key: "_id", Value: marker}}); err != nil {
		return nil, mongodb.Translate(err, "unsubscribe")
	} else if n > 0 {
		return res, nil
	}
	if _, err := s.cfg.Accounts.User(ctx, sc.UserID); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, errBadToken
		}
		return nil, err
	}
	// Change first, then record the use: a crash in between leaves a
	// token that still works, never a used token that did nothing.
	err = s.changeSettings(ctx, sc.UserID, func(st *Settings) {
		if sc.Event == SavedSearchAlert && sc.SearchID != "" {
			st.SavedSearches[sc.SearchID] = Off
			return
		}
		ch := st.Events[sc.Event]
		ch.Mail = false
		st.Events[sc.Event] = ch
	})
	if err != nil {
		return nil, err
	}
	_, err = s.mks.InsertOne(ctx, bson.D{{Key: "_id", Value: marker}, {Key: "kind", Value: "unsub"}, {Key: "at", Value: s.now()}, {Key: "userId", Value: sc.UserID}})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, mongodb.Translate(err, "unsubscribe")
	}
	res.Changed = err == nil
	return res, nil
}

// LoadOrCreateKey reads the signing key from path, or creates a random
// 32-byte key there (mode 0600) on first use. A key file others can read
// is refused.
func LoadOrCreateKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		key := make([]byte, 32)
		_, _ = rand.Read(key)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("notify: create key file: %w", err)
		}
		if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
			f.Close()
			return nil, err
		}
		return key, f.Close()
	}
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("notify: key file %s is readable by others; chmod 600 it", path)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < 32 {
		return nil, fmt.Errorf("notify: key file %s must hold at least 32 hex-encoded bytes", path)
	}
	return key, nil
}
