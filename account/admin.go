package account

import (
	"context"
	"strings"

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

// SetDisabled disables or enables a user. Disabling bumps the token version,
// so the user's sessions and access tokens stop working at once. Admins
// cannot disable themselves (someone must be left to undo it).
func (s *Service) SetDisabled(ctx context.Context, admin *User, userID string, disabled bool) (*User, error) {
	if admin.ID == userID {
		return nil, apperr.New(apperr.Conflict, "you cannot disable or enable your own account")
	}
	u, err := s.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	unlock := s.lockDoc(u.ID)
	if disabled {
		err = s.bumpVersion(ctx, u.ID, bson.D{{Key: "disabled", Value: true}})
	} else {
		err = s.updateUser(ctx, u.ID, bson.D{{Key: "$set", Value: bson.D{{Key: "disabled", Value: false}, {Key: "updatedAt", Value: s.clock()}}}})
	}
	unlock()
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "user disabled flag changed", "admin", admin.ID, "user", u.ID, "disabled", disabled)
	return s.User(ctx, u.ID)
}
