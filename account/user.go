package account

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/laufbahn/laufbahn/apperr"
)

// User is an account. Email, Name and PasswordHash are personal data and are
// removed when the account is deleted; what is left (id, role, dates) is an
// anonymous tombstone kept for statistics.
type User struct {
	ID            string `bson:"_id"`
	Email         string `bson:"email,omitempty"`
	EmailVerified bool   `bson:"emailVerified"`
	Name          string `bson:"name,omitempty"`
	Language      string `bson:"language,omitempty"`
	// TargetRole is the slug of the content role the user aims for.
	TargetRole string `bson:"targetRole,omitempty"`
	Role       Role   `bson:"role"`
	// OrgID is the organisation the user belongs to (employers). It is the
	// truth for membership; Organisation.MemberIDs only helps to list them.
	OrgID        string `bson:"orgId,omitempty"`
	PasswordHash string `bson:"passwordHash,omitempty"`
	// TokenVersion is bumped by logout everywhere, password change or
	// reset, disabling and deletion; access tokens and refresh token
	// families carrying an older version stop working.
	TokenVersion int64 `bson:"tokenVersion"`
	Disabled     bool  `bson:"disabled"`
	// StatusHistory is every disabling and enabling by an admin, oldest
	// first, with the reason.
	StatusHistory []StatusChange `bson:"statusHistory,omitempty"`
	CreatedAt     time.Time      `bson:"createdAt"`
	UpdatedAt     time.Time      `bson:"updatedAt"`
	DeletedAt     *time.Time     `bson:"deletedAt,omitempty"`
}

// Active reports whether the user may sign in and use tokens.
func (u *User) Active() bool { return !u.Disabled && u.DeletedAt == nil }

// Principal is what an access token for u says.
func (u *User) Principal(session string) Principal {
	return Principal{UserID: u.ID, Role: u.Role, Org: u.OrgID, Version: u.TokenVersion, Session: session}
}

// NormalizeEmail trims and lower-cases an address: one mailbox, one account.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// maxEmailLen is the longest address SMTP can carry (RFC 5321 path limit).
const maxEmailLen = 254

// checkEmail validates a normalised address.
func checkEmail(p *apperr.Problems, field, email string) {
	switch {
	case email == "":
		p.Add(field, "is required")
	case len(email) > maxEmailLen:
		p.Addf(field, "must be at most %d characters", maxEmailLen)
	default:
		a, err := mail.ParseAddress(email)
		if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") {
			p.Add(field, "must be an e-mail address like name@example.de")
		}
	}
}

// Name length limit in characters.
const maxNameLen = 100

// checkText validates a single-line text of at most max characters.
func checkText(p *apperr.Problems, field, v string, required bool, max int) {
	switch {
	case v == "" && required:
		p.Add(field, "is required")
	case !utf8.ValidString(v):
		p.Add(field, "must be valid text")
	case utf8.RuneCountInString(v) > max:
		p.Addf(field, "must be at most %d characters", max)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		p.Add(field, "must be a single line without control characters")
	case apperr.LineProblem(v) != "":
		p.Add(field, apperr.LineProblem(v))
	}
}

func checkLanguage(p *apperr.Problems, field, lang string) {
	if !slices.Contains(Languages, lang) {
		p.Add(field, "must be one of: "+strings.Join(Languages, ", "))
	}
}

// RoleChecker reports whether a content role slug exists; the account package
// asks it instead of importing content. A nil checker accepts any slug.
type RoleChecker func(ctx context.Context, slug string) (bool, error)

func checkTargetRole(ctx context.Context, p *apperr.Problems, field, slug string, exists RoleChecker) error {
	if slug == "" || exists == nil {
		return nil
	}
	ok, err := exists(ctx, slug)
	if err != nil {
		return err
	}
	if !ok {
		p.Add(field, fmt.Sprintf("is not a known role (see GET /api/v1/roles): %q", slug))
	}
	return nil
}

// ProfileUpdate changes a user's own fields; nil leaves a field as it is.
// Role, organisation, e-mail and password cannot be changed this way: the
// API decodes into this type and rejects any other field.
type ProfileUpdate struct {
	Name     *string `json:"name"`
	Language *string `json:"language"`
	// TargetRole "" clears the target role.
	TargetRole *string `json:"targetRole"`
}

// Validate checks the fields that are set.
func (u *ProfileUpdate) Validate(ctx context.Context, exists RoleChecker) error {
	var p apperr.Problems
	if u.Name != nil {
		*u.Name = strings.TrimSpace(*u.Name)
		checkText(&p, "name", *u.Name, false, maxNameLen)
	}
	if u.Language != nil {
		checkLanguage(&p, "language", *u.Language)
	}
	if u.TargetRole != nil {
		*u.TargetRole = strings.TrimSpace(*u.TargetRole)
		if err := checkTargetRole(ctx, &p, "targetRole", *u.TargetRole, exists); err != nil {
			return err
		}
	}
	return p.Err("invalid profile")
}
