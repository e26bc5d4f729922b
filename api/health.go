package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
)

// HealthResponse is the answer of /healthz and /readyz.
type HealthResponse struct {
	Status  string            `json:"status"`
	Version string            `json:"version,omitempty"`
	Checks  map[string]string `json:"checks,omitempty"`
}

// healthz says the process is up; it checks nothing else.
func (s *server) healthz() fiber.Handler {
	return func(c *fiber.Ctx) error {
		return c.JSON(HealthResponse{Status: "ok", Version: s.Version})
	}
}

// readyz says whether the process can serve requests: the database answers.
func (s *server) readyz() fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
		defer cancel()
		if s.Ready != nil {
			if err := s.Ready(ctx); err != nil {
				return apperr.Wrap(apperr.Unavailable, err, "database: not reachable")
			}
		}
		return c.JSON(HealthResponse{Status: "ready", Checks: map[string]string{"database": "ok"}})
	}
}
