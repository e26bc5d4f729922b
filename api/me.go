package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/learning"
)

// UserView is the signed-in user's account as they see it. It never carries
// the password hash or internal counters.
type UserView struct {
	ID             string    `json:"id"`
	Email          string    `json:"email"`
	EmailVerified  bool      `json:"emailVerified"`
	Name           string    `json:"name"`
	Language       string    `json:"language"`
	TargetRole     string    `json:"targetRole,omitempty"`
	Role           string    `json:"role"`
	OrganisationID string    `json:"organisationId,omitempty"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
}

func userView(u *account.User) UserView {
	return UserView{ID: u.ID, Email: u.Email, EmailVerified: u.EmailVerified, Name: u.Name, Language: u.Language,
		TargetRole: u.TargetRole, Role: string(u.Role), OrganisationID: u.OrgID, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// SessionView is one of the user's sessions (a signed-in device).
type SessionView struct {
	ID         string    `json:"id"`
	UserAgent  string    `json:"userAgent"`
	CreatedAt  time.Time `json:"createdAt"`
	LastUsedAt time.Time `json:"lastUsedAt"`
	ExpiresAt  time.Time `json:"expiresAt"`
	// Current marks the session of the access token in use.
	Current bool `json:"current"`
}

func sessionViews(list []account.SessionInfo, current string) []SessionView {
	out := make([]SessionView, 0, len(list))
	for _, s := range list {
		out = append(out, SessionView{ID: s.ID, UserAgent: s.UserAgent, CreatedAt: s.CreatedAt, LastUsedAt: s.LastUsedAt, ExpiresAt: s.ExpiresAt, Current: s.ID == current})
	}
	return out
}

// SessionList lists sessions.
type SessionList struct {
	Items []SessionView `json:"items"`
}

// ExportView is everything we keep about the user.
type ExportView struct {
	ExportedAt   time.Time         `json:"exportedAt"`
	User         UserView          `json:"user"`
	Organisation *OrganisationView `json:"organisation"`
	Sessions     []SessionView     `json:"sessions"`
	// Learning is the learner's enrolments and assessments; absent when
	// the server runs without learning.
	Learning *learning.Export `json:"learning,omitempty"`
	// Jobs is the learner's applications and saved postings and searches;
	// absent when the server runs without jobs.
	Jobs *JobsExport `json:"jobs,omitempty"`
	// Notifications are my preferences and in-app notifications; absent
	// when the server runs without notifications.
	Notifications *NotificationsExport `json:"notifications,omitempty"`
}

type (
	changePasswordRequest struct {
		CurrentPassword string `json:"currentPassword"`
		NewPassword     string `json:"newPassword"`
		Cookie          bool   `json:"cookie"`
	}
	passwordRequest struct {
		Password string `json:"password"`
	}
)

// getMe returns the signed-in user.
func (s *server) getMe() fiber.Handler {
	return func(c *fiber.Ctx) error {
		return c.JSON(userView(currentUser(c)))
	}
}

// patchMe changes the user's own fields; any other field is a 400.
func (s *server) patchMe() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var up account.ProfileUpdate
		if err := decodeJSON(c, &up); err != nil {
			return err
		}
		u, err := s.Accounts.UpdateProfile(c.UserContext(), currentUser(c).ID, up)
		if err != nil {
			return err
		}
		return c.JSON(userView(u))
	}
}

// changePassword replaces the password; every other session ends and the
// caller gets new tokens.
func (s *server) changePassword() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r changePasswordRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		sess, err := s.Accounts.ChangePassword(c.UserContext(), currentUser(c).ID, r.CurrentPassword, r.NewPassword, client(c))
		if err != nil {
			return err
		}
		return s.sendTokens(c, http.StatusOK, sess, r.Cookie)
	}
}

// deleteMe deletes the account after checking the password.
func (s *server) deleteMe() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r passwordRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		if err := s.deleteAccount(c.UserContext(), s.log(c), currentUser(c), r.Password); err != nil {
			return err
		}
		clearRefreshCookie(c)
		return c.SendStatus(http.StatusNoContent)
	}
}

// DeleteAccount deletes u's account after checking the password, with
// everything that goes with it, exactly as DELETE /api/v1/me does: for
// another surface (the website) over the same services. A wrong password
// is a field problem on "password".
func DeleteAccount(ctx context.Context, d Deps, u *account.User, password string) error {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	s := &server{Deps: d}
	return s.deleteAccount(ctx, d.Logger, u, password)
}

// deleteAccount deletes the account, then its learning, jobs and
// notification data, then what is left of the address elsewhere.
func (s *server) deleteAccount(ctx context.Context, log *slog.Logger, u *account.User, password string) error {
	userID, email := u.ID, u.Email
	if err := s.Accounts.DeleteAccount(ctx, userID, password); err != nil {
		return err
	}
	if s.Learning != nil {
		// The account is gone; its learning data (enrolments,
		// assessments) goes too, even if the client disconnects.
		if err := s.Learning.DeleteUser(context.WithoutCancel(ctx), userID); err != nil {
			log.Error("deleting a deleted user's learning data", "user", userID, "err", err)
		}
	}
	if s.Jobs != nil {
		// Applications (with CVs) and saved items go with the account.
		if err := s.Jobs.DeleteUser(context.WithoutCancel(ctx), userID); err != nil {
			log.Error("deleting a deleted user's applications", "user", userID, "err", err)
		}
	}
	if s.Notify != nil {
		// Pending notifications, the in-app list and preferences too.
		if err := s.Notify.DeleteUser(context.WithoutCancel(ctx), userID); err != nil {
			log.Error("deleting a deleted user's notifications", "user", userID, "err", err)
		}
	}
	if s.Erase != nil {
		// What is left of the address outside the documents (mail
		// files, the database's free pages) goes too.
		s.Erase(context.WithoutCancel(ctx), email)
	}
	return nil
}

// exportMe returns all of the user's data as a JSON download.
func (s *server) exportMe() fiber.Handler {
	return func(c *fiber.Ctx) error {
		out, err := s.export(c.UserContext(), currentUser(c).ID, currentSession(c), requestLang(c))
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentDisposition, ExportDisposition(out))
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.JSON(out)
	}
}

// Export collects all of the user's data as GET /api/v1/me/export does,
// for another surface (the website) over the same services; session is
// the id of the session asking (marked current), lang the language of the
// notification texts.
func Export(ctx context.Context, d Deps, userID, session, lang string) (*ExportView, error) {
	s := &server{Deps: d}
	return s.export(ctx, userID, session, lang)
}

// ExportDisposition is the Content-Disposition of an export download.
func ExportDisposition(ex *ExportView) string {
	return fmt.Sprintf(`attachment; filename="laufbahn-export-%s.json"`, ex.ExportedAt.Format("2006-01-02"))
}

func (s *server) export(ctx context.Context, userID, session, lang string) (*ExportView, error) {
	ex, err := s.Accounts.Export(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := ExportView{ExportedAt: ex.ExportedAt, User: userView(ex.User), Sessions: sessionViews(ex.Sessions, session)}
	if ex.Organisation != nil {
		v, err := s.organisationView(ctx, ex.Organisation)
		if err != nil {
			return nil, err
		}
		// The other members' names are their data, not the exporter's.
		v.Members = []MemberView{}
		out.Organisation = &v
	}
	if s.Learning != nil {
		if out.Learning, err = s.Learning.Export(ctx, ex.User.ID, ex.User.Language); err != nil {
			return nil, err
		}
	}
	if s.Jobs != nil {
		if out.Jobs, err = s.jobsExport(ctx, ex.User.ID); err != nil {
			return nil, err
		}
	}
	if s.Notify != nil {
		if out.Notifications, err = s.notificationsExport(ctx, ex.User.ID, lang); err != nil {
			return nil, err
		}
	}
	return &out, nil
}

// listSessions lists the user's signed-in devices.
func (s *server) listSessions() fiber.Handler {
	return func(c *fiber.Ctx) error {
		list, err := s.Accounts.Sessions(c.UserContext(), currentUser(c))
		if err != nil {
			return err
		}
		return c.JSON(SessionList{Items: sessionViews(list, currentSession(c))})
	}
}

// deleteSession signs one of the user's devices out; someone else's session
// is a 404 like a missing one.
func (s *server) deleteSession() fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("id")
		sess, err := loadOwned(c, "session", func(ctx context.Context) (*account.SessionInfo, error) {
			if !isID(id, "s_") {
				return nil, apperr.New(apperr.NotFound, "session not found")
			}
			return s.Accounts.Session(ctx, id)
		}, func(si *account.SessionInfo) string { return si.UserID })
		if err != nil {
			return err
		}
		if err := s.Accounts.RevokeSession(c.UserContext(), sess.ID); err != nil {
			return err
		}
		return c.SendStatus(http.StatusNoContent)
	}
}

// isID reports whether s looks like an id with the prefix (u_, s_, o_ and
// 16 base32 characters), so malformed ids never reach the database.
func isID(s, prefix string) bool {
	if len(s) != len(prefix)+16 || s[:len(prefix)] != prefix {
		return false
	}
	for _, r := range s[len(prefix):] {
		if (r < 'a' || r > 'z') && (r < '2' || r > '7') {
			return false
		}
	}
	return true
}
