package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// AdminUserView is a user as an admin sees them: who they are, their
// state and every disabling or enabling with its reason.
type AdminUserView struct {
	ID            string                  `json:"id"`
	Email         string                  `json:"email"`
	Name          string                  `json:"name"`
	Role          string                  `json:"role"`
	Disabled      bool                    `json:"disabled"`
	EmailVerified bool                    `json:"emailVerified"`
	CreatedAt     time.Time               `json:"createdAt"`
	History       []AdminStatusChangeView `json:"history"`
}

// AdminStatusChangeView is one disabling or enabling of a user.
type AdminStatusChangeView struct {
	At       time.Time `json:"at"`
	Disabled bool      `json:"disabled"`
	By       string    `json:"by"`
	ByName   string    `json:"byName"`
	Reason   string    `json:"reason"`
}

// AdminUser is the admin's view of u.
func AdminUser(u *account.User) AdminUserView {
	v := AdminUserView{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), Disabled: u.Disabled, EmailVerified: u.EmailVerified,
		CreatedAt: u.CreatedAt, History: make([]AdminStatusChangeView, 0, len(u.StatusHistory))}
	for _, h := range u.StatusHistory {
		v.History = append(v.History, AdminStatusChangeView{At: h.At, Disabled: h.Disabled, By: h.By, ByName: h.ByName, Reason: h.Reason})
	}
	return v
}

// findUser finds a user by e-mail address (?email=).
func (s *server) findUser() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u, err := s.Accounts.UserByEmail(c.UserContext(), c.Query("email"))
		if err != nil {
			return err
		}
		return c.JSON(AdminUser(u))
	}
}

// reasonRequest is the body of disable and enable.
type reasonRequest struct {
	Reason string `json:"reason"`
}

// setUserDisabled disables or enables a user with a reason; disabling ends
// their sessions.
func (s *server) setUserDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("id")
		if !isID(id, "u_") {
			return apperr.New(apperr.NotFound, "user not found")
		}
		var req reasonRequest
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
		u, err := s.Accounts.SetDisabled(c.UserContext(), currentUser(c), id, disabled, req.Reason)
		if err != nil {
			return err
		}
		return c.JSON(AdminUser(u))
	}
}
