package account

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Purposes of one-time tokens.
const (
	PurposeVerifyEmail   = "verify_email"
	PurposeResetPassword = "reset_password"
)

// oneTimeToken is a link sent by mail; only its hash is stored.
type oneTimeToken struct {
	Hash      string     `bson:"_id"`
	Purpose   string     `bson:"purpose"`
	UserID    string     `bson:"userId"`
	CreatedAt time.Time  `bson:"createdAt"`
	ExpiresAt time.Time  `bson:"expiresAt"`
	UsedAt    *time.Time `bson:"usedAt,omitempty"`
}

var errBadToken = apperr.Field("token", "is invalid, already used or expired; ask for a new link")

// issueOneTime stores a new token for the user and returns its secret.
func (s *Service) issueOneTime(ctx context.Context, purpose, userID string, ttl time.Duration) (string, error) {
	token, err := randomToken()
	if err != nil {
		return "", err
	}
	now := s.clock()
	_, err = s.otts.InsertOne(ctx, oneTimeToken{Hash: hashToken(token), Purpose: purpose, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(ttl)})
	if err != nil {
		return "", mongodb.Translate(err, "one-time token")
	}
	return token, nil
}

// peekOneTime returns the token if it is valid for the purpose and unspent,
// without spending it (so a request that fails validation keeps the link
// usable).
func (s *Service) peekOneTime(ctx context.Context, purpose, token string) (*oneTimeToken, error) {
	if token == "" || len(token) > 100 {
		return nil, errBadToken
	}
	var t oneTimeToken
	err := s.otts.FindOne(ctx, bson.D{{Key: "_id", Value: hashToken(token)}}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, errBadToken
	}
	if err != nil {
		return nil, mongodb.Translate(err, "one-time token")
	}
	if t.Purpose != purpose || !s.clock().Before(t.ExpiresAt) || t.UsedAt != nil {
		return nil, errBadToken
	}
	err = s.uses.FindOne(ctx, bson.D{{Key: "_id", Value: "ott:" + t.Hash}}).Err()
	if err == nil {
		return nil, errBadToken
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, mongodb.Translate(err, "one-time token")
	}
	return &t, nil
}

// spendOneTime uses the token up; of concurrent uses only one succeeds.
func (s *Service) spendOneTime(ctx context.Context, t *oneTimeToken) error {
	ok, err := s.spend(ctx, "ott", t.Hash, t.ExpiresAt)
	if err != nil {
		return err
	}
	if !ok {
		return errBadToken
	}
	// usedAt is informational; the token_uses document is what counts.
	_, _ = s.otts.UpdateOne(ctx, bson.D{{Key: "_id", Value: t.Hash}}, bson.D{{Key: "$set", Value: bson.D{{Key: "usedAt", Value: s.clock()}}}})
	return nil
}
