package account

import (
	"context"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// CreateAdmin creates a verified admin without a password and returns a
// one-time link (valid AdminSetupTTL) on which they set one. No password
// ever passes through a command line or a log.
func (s *Service) CreateAdmin(ctx context.Context, email, name, lang string) (string, error) {
	email, name = NormalizeEmail(email), strings.TrimSpace(name)
	if lang == "" {
		lang = Languages[0]
	}
	var p apperr.Problems
	checkEmail(&p, "email", email)
	checkText(&p, "name", name, false, maxNameLen)
	checkLanguage(&p, "language", lang)
	if err := p.Err("invalid admin"); err != nil {
		return "", err
	}
	now := s.clock()
	u := User{ID: newID("u_"), Email: email, EmailVerified: true, Name: name, Language: lang, Role: Admin, CreatedAt: now, UpdatedAt: now}
	claimed, err := s.claimEmail(ctx, email, u.ID, now)
	if err != nil {
		return "", err
	}
	if !claimed {
		return "", apperr.New(apperr.Conflict, "%s already has an account", email)
	}
	if _, err := s.users.InsertOne(ctx, u); err != nil {
		s.releaseEmail(context.WithoutCancel(ctx), email, u.ID)
		return "", mongodb.Translate(err, "user")
	}
	token, err := s.issueOneTime(ctx, PurposeResetPassword, u.ID, AdminSetupTTL)
	if err != nil {
		return "", err
	}
	return s.link(ResetPath, token), nil
}

// StatusChange is one disabling or enabling of a user by an admin, kept on
// the user's document (so it is written with the flag in one update and
// removed with the account).
type StatusChange struct {
	At       time.Time `bson:"at"`
	Disabled bool      `bson:"disabled"`
	// By is the admin's id; ByName their name (or address) at the time.
	By     string `bson:"by"`
	ByName string `bson:"byName,omitempty"`
	Reason string `bson:"reason"`
}

// maxReasonLen is the longest reason for disabling or enabling a user.
const maxReasonLen = 500

// UserByEmail finds the active or disabled user with an address, for
// admins; deleted users are not found.
func (s *Service) UserByEmail(ctx context.Context, email string) (*User, error) {
	email = NormalizeEmail(email)
	var p apperr.Problems
	checkEmail(&p, "email", email)
	if err := p.Err("invalid e-mail address"); err != nil {
		return nil, err
	}
	u, err := s.userByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, apperr.New(apperr.NotFound, "no user has this e-mail address")
	}
	return u, nil
}

// SetDisabled disables or enables a user and records why and by whom in
// the user's StatusHistory. Disabling bumps the token version, so the
// user's sessions and access tokens stop working at once. The reason is
// required. Admins cannot disable themselves (someone must be left to undo
// it). Asking for the state the user is already in changes and records
// nothing, so a retried request is harmless.
func (s *Service) SetDisabled(ctx context.Context, admin *User, userID string, disabled bool, reason string) (*User, error) {
	reason = strings.TrimSpace(reason)
	var p apperr.Problems
	checkText(&p, "reason", reason, true, maxReasonLen)
	if err := p.Err("invalid reason"); err != nil {
		return nil, err
	}
	if admin.ID == userID {
		return nil, apperr.New(apperr.Conflict, "you cannot disable or enable your own account")
	}
	unlock := s.lockDoc(userID)
	defer unlock()
	u, err := s.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled == disabled {
		return u, nil
	}
	by := admin.Name
	if by == "" {
		by = admin.Email
	}
	change := StatusChange{At: s.clock(), Disabled: disabled, By: admin.ID, ByName: by, Reason: reason}
	push := bson.D{{Key: "statusHistory", Value: change}}
	if disabled {
		err = s.updateUser(ctx, u.ID, bson.D{
			{Key: "$set", Value: bson.D{{Key: "disabled", Value: true}, {Key: "updatedAt", Value: change.At}}},
			{Key: "$inc", Value: bson.D{{Key: "tokenVersion", Value: int64(1)}}},
			{Key: "$push", Value: push},
		})
	} else {
		err = s.updateUser(ctx, u.ID, bson.D{
			{Key: "$set", Value: bson.D{{Key: "disabled", Value: false}, {Key: "updatedAt", Value: change.At}}},
			{Key: "$push", Value: push},
		})
	}
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "user disabled flag changed", "admin", admin.ID, "user", u.ID, "disabled", disabled)
	return s.User(ctx, u.ID)
}
