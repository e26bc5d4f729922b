package account

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// UpdateProfile changes the user's own fields.
func (s *Service) UpdateProfile(ctx context.Context, userID string, up ProfileUpdate) (*User, error) {
	if err := up.Validate(ctx, s.roleExists); err != nil {
		return nil, err
	}
	set := bson.D{{Key: "updatedAt", Value: s.clock()}}
	var unset bson.D
	if up.Name != nil {
		set = append(set, bson.E{Key: "name", Value: *up.Name})
	}
	if up.Language != nil {
		set = append(set, bson.E{Key: "language", Value: *up.Language})
	}
	if up.TargetRole != nil {
		if *up.TargetRole == "" {
			unset = append(unset, bson.E{Key: "targetRole", Value: ""})
		} else {
			set = append(set, bson.E{Key: "targetRole", Value: *up.TargetRole})
		}
	}
	update := bson.D{{Key: "$set", Value: set}}
	if len(unset) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: unset})
	}
	unlock := s.lockDoc(userID)
	err := s.updateUser(ctx, userID, update)
	unlock()
	if err != nil {
		return nil, err
	}
	return s.User(ctx, userID)
}

// DeleteAccount removes the user's personal data after checking the
// password: the user document becomes an anonymous tombstone (id, role,
// dates: what statistics need), the address is released, every session,
// one-time token and membership goes, and a last mail confirms it.
//
// The order keeps a crash harmless: the tombstone first (from then on the
// account cannot be used and holds no personal data), then the address
// claim (a leftover one is released by the next sign-up or Cleanup), then
// the rest.
func (s *Service) DeleteAccount(ctx context.Context, userID, password string) error {
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.checkCurrentPassword(u, password, "password"); err != nil {
		return err
	}
	now := s.clock()
	tomb := User{ID: u.ID, Role: u.Role, TokenVersion: u.TokenVersion + 1, Disabled: true, CreatedAt: u.CreatedAt, UpdatedAt: now, DeletedAt: &now}
	unlock := s.lockDoc(u.ID)
	_, err = s.users.ReplaceOne(ctx, bson.D{{Key: "_id", Value: u.ID}}, tomb)
	unlock()
	if err != nil {
		return mongodb.Translate(err, "user")
	}
	ctx = context.WithoutCancel(ctx) // finish the clean-up even if the client goes away
	s.releaseEmail(ctx, u.Email, u.ID)
	if u.OrgID != "" {
		unlock := s.lockDoc(u.OrgID)
		_, err := s.orgs.UpdateOne(ctx, bson.D{{Key: "_id", Value: u.OrgID}}, bson.D{{Key: "$pull", Value: bson.D{{Key: "memberIds", Value: u.ID}}}})
		unlock()
		if err != nil {
			s.log.ErrorContext(ctx, "removing a deleted user from their organisation", "user", u.ID, "err", err)
		}
	}
	for _, c := range []string{CollRefreshTokens, CollFamilies, CollOneTimeTokens} {
		if _, err := s.db.Collection(c).DeleteMany(ctx, bson.D{{Key: "userId", Value: u.ID}}); err != nil {
			s.log.ErrorContext(ctx, "deleting a deleted user's tokens", "collection", c, "user", u.ID, "err", err)
		}
	}
	s.sendMail(ctx, mail.Deleted, u.Language, u.Email, mail.Data{Name: u.Name})
	return nil
}

// Export is everything the platform keeps about a user (GDPR Art. 15/20).
type Export struct {
	ExportedAt   time.Time
	User         *User
	Organisation *Organisation
	Sessions     []SessionInfo
}

// Export collects the user's data.
func (s *Service) Export(ctx context.Context, userID string) (*Export, error) {
	u, err := s.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	e := &Export{ExportedAt: s.clock(), User: u}
	if u.OrgID != "" {
		o, err := s.Organisation(ctx, u.OrgID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		e.Organisation = o
	}
	if e.Sessions, err = s.Sessions(ctx, u); err != nil {
		return nil, err
	}
	return e, nil
}
