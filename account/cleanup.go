package account

import (
	"context"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/mongodb"
)

// CleanupReport counts what Cleanup removed, per collection.
type CleanupReport map[string]int64

// Cleanup deletes what has expired (MongoDB TTL indexes are not available on
// FerretDB, so expiry is a field checked in queries plus this sweep) and
// e-mail claims left without a user by a crash. Sweeps scan, so they run
// periodically, never on a request.
func (s *Service) Cleanup(ctx context.Context) (CleanupReport, error) {
	now := s.clock()
	rep := CleanupReport{}
	expired := bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: now}}}}
	for _, c := range []string{CollOneTimeTokens, CollRefreshTokens, CollFamilies, CollTokenUses, CollInvites} {
		res, err := s.db.Collection(c).DeleteMany(ctx, expired)
		if err != nil {
			return rep, mongodb.Translate(err, c)
		}
		rep[c] = res.DeletedCount
	}
	// Revoked sessions are useless after a while; keep them a day so a
	// user can still see why they were signed out.
	res, err := s.families.DeleteMany(ctx, bson.D{{Key: "revokedAt", Value: bson.D{{Key: "$lt", Value: now.Add(-24 * time.Hour)}}}})
	if err != nil {
		return rep, mongodb.Translate(err, CollFamilies)
	}
	rep[CollFamilies] += res.DeletedCount

	cur, err := s.emails.Find(ctx, bson.D{{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: now.Add(-orphanGrace)}}}})
	if err != nil {
		return rep, mongodb.Translate(err, CollUserEmails)
	}
	var claims []emailClaim
	if err := cur.All(ctx, &claims); err != nil {
		return rep, mongodb.Translate(err, CollUserEmails)
	}
	for _, c := range claims {
		stale, err := s.staleClaim(ctx, c.Email)
		if err != nil {
			return rep, err
		}
		if stale {
			rep[CollUserEmails]++
		}
	}
	return rep, nil
}

// RunCleanup calls Cleanup every interval until ctx ends.
func (s *Service) RunCleanup(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rep, err := s.Cleanup(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("account cleanup", "err", err)
			continue
		}
		var n int64
		for _, v := range rep {
			n += v
		}
		if n > 0 {
			s.log.Info("account cleanup", slog.Any("removed", map[string]int64(rep)))
		}
	}
}
