package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
)

// AdminUserView is a user as an admin sees them after a change.
type AdminUserView struct {
	ID            string    `json:"id"`
	Role          string    `json:"role"`
	Disabled      bool      `json:"disabled"`
	EmailVerified bool      `json:"emailVerified"`
	CreatedAt     time.Time `json:"createdAt"`
}

// setUserDisabled disables or enables a user; disabling ends their sessions.
func (s *server) setUserDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("id")
		if !isID(id, "u_") {
			return apperr.New(apperr.NotFound, "user not found")
		}
		u, err := s.Accounts.SetDisabled(c.UserContext(), currentUser(c), id, disabled)
		if err != nil {
			return err
		}
		return c.JSON(AdminUserView{ID: u.ID, Role: string(u.Role), Disabled: u.Disabled, EmailVerified: u.EmailVerified, CreatedAt: u.CreatedAt})
	}
}
