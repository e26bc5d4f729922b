package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// ForgotPath is the frontend page where a user asks for a reset link.
const ForgotPath = "/passwort-vergessen"

// Registration is a sign-up: a learner, or an employer who creates an
// organisation, joins one by invitation, or does either later.
type Registration struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	// Language of mails and the interface: de (default) or en.
	Language   string `json:"language"`
	Role       Role   `json:"role"`
	TargetRole string `json:"targetRole"`
	// Organisation creates an organisation (employers only).
	Organisation *OrganisationInput `json:"organisation"`
	// InviteToken joins an existing organisation (employers only).
	InviteToken string `json:"inviteToken"`
}

// Validate normalises the registration and checks every field.
func (r *Registration) Validate(ctx context.Context, exists RoleChecker) error {
	var p apperr.Problems
	r.Email = NormalizeEmail(r.Email)
	checkEmail(&p, "email", r.Email)
	r.Name = strings.TrimSpace(r.Name)
	checkText(&p, "name", r.Name, false, maxNameLen)
	if r.Language == "" {
		r.Language = Languages[0]
	}
	checkLanguage(&p, "language", r.Language)
	if r.Role == "" {
		r.Role = Learner
	}
	if r.Role != Learner && r.Role != Employer {
		p.Add("role", "must be learner or employer")
	}
	if r.Role != Employer {
		if r.Organisation != nil {
			p.Add("organisation", "only employers create organisations (role: employer)")
		}
		if r.InviteToken != "" {
			p.Add("inviteToken", "only employers join organisations (role: employer)")
		}
	}
	if r.Organisation != nil && r.InviteToken != "" {
		p.Add("inviteToken", "give either organisation or inviteToken, not both")
	}
	if r.Organisation != nil && r.Role == Employer {
		r.Organisation.validate(&p, "organisation")
	}
	if err := checkTargetRole(ctx, &p, "targetRole", strings.TrimSpace(r.TargetRole), exists); err != nil {
		return err
	}
	r.TargetRole = strings.TrimSpace(r.TargetRole)
	p.Merge("", CheckPassword(r.Password, r.Email, r.Name))
	return p.Err("invalid registration")
}

// Register creates an unverified account and mails a verification link.
// A taken address gets the same answer (nil) after the same work; its owner
// is told by mail instead (or, if still unverified, gets a fresh link).
//
// Without transactions the writes are ordered so every failure can be
// undone: the e-mail claim first (its _id makes the address unique), then
// the organisation or invitation, then the user. A crash between the claim
// and the user leaves an orphan claim; the next sign-up with the address
// and the periodic Cleanup remove it.
func (s *Service) Register(ctx context.Context, r Registration) error {
	if err := r.Validate(ctx, s.roleExists); err != nil {
		return err
	}
	var inv *invite
	if r.InviteToken != "" {
		var err error
		if inv, err = s.peekInvite(ctx, r.InviteToken, "inviteToken"); err != nil {
			return err
		}
	}
	hash, err := s.pw.Hash(r.Password)
	if err != nil {
		return err
	}
	now := s.clock()
	u := User{ID: newID("u_"), Email: r.Email, Name: r.Name, Language: r.Language, TargetRole: r.TargetRole,
		Role: r.Role, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
	claimed, err := s.claimEmail(ctx, u.Email, u.ID, now)
	if err != nil {
		return err
	}
	if !claimed {
		s.registrationAttempt(ctx, u.Email)
		return nil
	}
	var undo []func(context.Context)
	rollback := func() {
		ctx := context.WithoutCancel(ctx)
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i](ctx)
		}
	}
	undo = append(undo, func(ctx context.Context) { s.releaseEmail(ctx, u.Email, u.ID) })
	switch {
	case r.Organisation != nil:
		org := newOrganisation(*r.Organisation, u.ID, now)
		if _, err := s.orgs.InsertOne(ctx, org); err != nil {
			rollback()
			return mongodb.Translate(err, "organisation")
		}
		undo = append(undo, func(ctx context.Context) { _, _ = s.orgs.DeleteOne(ctx, bson.D{{Key: "_id", Value: org.ID}}) })
		u.OrgID = org.ID
	case inv != nil:
		if err := s.spendInvite(ctx, inv, u.ID, "inviteToken"); err != nil {
			rollback()
			return err
		}
		u.OrgID = inv.OrgID
	}
	if _, err := s.users.InsertOne(ctx, u); err != nil {
		rollback()
		return mongodb.Translate(err, "user")
	}
	s.sendVerification(ctx, &u)
	return nil
}

// claimEmail reserves the address for userID. It returns false when the
// address belongs to someone; a claim left over by a crash (its user missing
// or deleted) is removed and the claim retried.
func (s *Service) claimEmail(ctx context.Context, email, userID string, now time.Time) (bool, error) {
	for attempt := 0; ; attempt++ {
		_, err := s.emails.InsertOne(ctx, emailClaim{Email: email, UserID: userID, CreatedAt: now})
		if err == nil {
			return true, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return false, mongodb.Translate(err, "e-mail address")
		}
		if attempt > 0 {
			return false, nil
		}
		stale, err := s.staleClaim(ctx, email)
		if err != nil || !stale {
			return false, err
		}
	}
}

// staleClaim removes the claim on email if no user owns it any more and
// reports whether it did.
func (s *Service) staleClaim(ctx context.Context, email string) (bool, error) {
	var c emailClaim
	err := s.emails.FindOne(ctx, bson.D{{Key: "_id", Value: email}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return true, nil
	}
	if err != nil {
		return false, mongodb.Translate(err, "e-mail address")
	}
	u, err := s.user(ctx, c.UserID)
	switch {
	case apperr.Is(err, apperr.NotFound):
		if s.clock().Sub(c.CreatedAt) < orphanGrace {
			return false, nil // a sign-up still in progress
		}
	case err != nil:
		return false, err
	case u.DeletedAt == nil && u.Email == email:
		return false, nil
	}
	s.releaseEmail(ctx, email, c.UserID)
	return true, nil
}

// releaseEmail removes the claim on email if it is still userID's.
func (s *Service) releaseEmail(ctx context.Context, email, userID string) {
	if _, err := s.emails.DeleteOne(ctx, bson.D{{Key: "_id", Value: email}, {Key: "userId", Value: userID}}); err != nil {
		s.log.ErrorContext(ctx, "releasing an e-mail claim", "err", err)
	}
}

// registrationAttempt tells the owner of a taken address about the attempt.
func (s *Service) registrationAttempt(ctx context.Context, email string) {
	u, err := s.userByEmail(ctx, email)
	if err != nil || u == nil || !u.Active() {
		if err != nil {
			s.log.ErrorContext(ctx, "registration with a taken address", "err", err)
		}
		return
	}
	if !u.EmailVerified {
		s.sendVerification(ctx, u)
		return
	}
	s.sendMail(ctx, mail.RegisterAttempt, u.Language, u.Email, mail.Data{Name: u.Name, Link: s.baseURL + ForgotPath})
}

// sendVerification mails u a new verification link.
func (s *Service) sendVerification(ctx context.Context, u *User) {
	token, err := s.issueOneTime(ctx, PurposeVerifyEmail, u.ID, VerifyTTL)
	if err != nil {
		s.log.ErrorContext(ctx, "issuing a verification token", "err", err)
		return
	}
	s.sendMail(ctx, mail.Verify, u.Language, u.Email, mail.Data{Name: u.Name, Link: s.link(VerifyPath, token), ValidFor: VerifyTTL})
}

// VerifyEmail confirms the address the token was sent to.
func (s *Service) VerifyEmail(ctx context.Context, token string) error {
	t, err := s.peekOneTime(ctx, PurposeVerifyEmail, token)
	if err != nil {
		return err
	}
	u, err := s.User(ctx, t.UserID)
	if err != nil {
		return errBadToken
	}
	if err := s.spendOneTime(ctx, t); err != nil {
		return err
	}
	defer s.lockDoc(u.ID)()
	return s.updateUser(ctx, u.ID, bson.D{{Key: "$set", Value: bson.D{{Key: "emailVerified", Value: true}, {Key: "updatedAt", Value: s.clock()}}}})
}

// ResendVerification mails a new link if the address has an unverified
// account; the answer is the same either way.
func (s *Service) ResendVerification(ctx context.Context, email string) error {
	email = NormalizeEmail(email)
	var p apperr.Problems
	checkEmail(&p, "email", email)
	if err := p.Err("invalid request"); err != nil {
		return err
	}
	u, err := s.userByEmail(ctx, email)
	if err != nil {
		return err
	}
	if u != nil && u.Active() && !u.EmailVerified {
		s.sendVerification(ctx, u)
	}
	return nil
}
