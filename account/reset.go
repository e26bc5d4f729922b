package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mail"
)

// RequestPasswordReset mails a reset link if the address has an active
// account. The answer is the same either way; mail goes out in the
// background (mail.Outbox), so the timing does not tell either.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	email = NormalizeEmail(email)
	var p apperr.Problems
	checkEmail(&p, "email", email)
	if err := p.Err("invalid request"); err != nil {
		return err
	}
	u, err := s.userByEmail(ctx, email)
	if err != nil || u == nil || !u.Active() {
		return err
	}
	token, err := s.issueOneTime(ctx, PurposeResetPassword, u.ID, ResetTTL)
	if err != nil {
		return err
	}
	s.sendMail(ctx, mail.Reset, u.Language, u.Email, mail.Data{Name: u.Name, Link: s.link(ResetPath, token), ValidFor: ResetTTL})
	return nil
}

// StartPasswordReset checks the address and returns at once; the lookup,
// the token and the mail happen afterwards in the background, with a
// context that outlives the request (its values kept, its cancellation
// not). So the answer takes the same time whether the address has an
// account or not, and says nothing about it.
func (s *Service) StartPasswordReset(ctx context.Context, email string) error {
	var p apperr.Problems
	checkEmail(&p, "email", NormalizeEmail(email))
	if err := p.Err("invalid request"); err != nil {
		return err
	}
	email = strings.Clone(email)
	ctx = context.WithoutCancel(ctx)
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		ctx, cancel := context.WithTimeout(ctx, backgroundTimeout)
		defer cancel()
		if err := s.RequestPasswordReset(ctx, email); err != nil {
			s.log.ErrorContext(ctx, "password reset", "err", err)
		}
	}()
	return nil
}

// backgroundTimeout bounds work done after answering.
const backgroundTimeout = 30 * time.Second

// ResetPassword sets a new password with a reset token. The token proves
// control of the mailbox, so the address counts as verified afterwards.
// Every session ends. A password the policy rejects leaves the token usable.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	t, err := s.peekOneTime(ctx, PurposeResetPassword, token)
	if err != nil {
		return err
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil || !u.Active() {
		return errBadToken
	}
	if err := CheckPassword(password, u.Email, u.Name); err != nil {
		return err
	}
	hash, err := s.pw.Hash(password)
	if err != nil {
		return err
	}
	if err := s.spendOneTime(ctx, t); err != nil {
		return err
	}
	defer s.lockDoc(u.ID)()
	return s.bumpVersion(ctx, u.ID, bson.D{{Key: "passwordHash", Value: hash}, {Key: "emailVerified", Value: true}})
}

// ChangePassword replaces the password after checking the current one. Every
// session ends, including the caller's, which gets a new one.
func (s *Service) ChangePassword(ctx context.Context, userID, current, next string, client Client) (*Session, error) {
	u, err := s.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := s.checkCurrentPassword(u, current, "currentPassword"); err != nil {
		return nil, err
	}
	if err := CheckPassword(next, u.Email, u.Name); err != nil {
		return nil, renameField(err, "password", "newPassword")
	}
	hash, err := s.pw.Hash(next)
	if err != nil {
		return nil, err
	}
	unlock := s.lockDoc(u.ID)
	err = s.bumpVersion(ctx, u.ID, bson.D{{Key: "passwordHash", Value: hash}})
	unlock()
	if err != nil {
		return nil, err
	}
	if u, err = s.User(ctx, u.ID); err != nil {
		return nil, err
	}
	return s.startSession(ctx, u, client)
}

// checkCurrentPassword confirms a sensitive action with the password.
func (s *Service) checkCurrentPassword(u *User, password, field string) error {
	if password == "" {
		return apperr.Field(field, "is required")
	}
	if len(password) > maxSecretLen {
		return apperr.Field(field, "is wrong")
	}
	ok, _, err := s.pw.Verify(u.PasswordHash, password)
	if err != nil {
		return apperr.Wrap(apperr.Internal, err, "stored password hash of user %s", u.ID)
	}
	if !ok {
		return apperr.Field(field, "is wrong")
	}
	return nil
}

// renameField moves a field problem to the name the request used.
func renameField(err error, from, to string) error {
	var e *apperr.Error
	if !errors.As(err, &e) || e.Fields == nil {
		return err
	}
	out := *e
	out.Fields = map[string]string{}
	for k, v := range e.Fields {
		if k == from {
			k = to
		}
		out.Fields[k] = v
	}
	return &out
}
