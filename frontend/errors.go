package frontend

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
)

// errorView is the error page.
type errorView struct {
	*Page
	Status int
	// Key is the message family: error.404, error.410, error.429, ...
	Key        string
	RetryAfter string
	RequestID  string
}

// HandleError renders an error of a page request as a page in the site's
// design and language: 404, 410, 429 (with when to try again), 403 for a
// form without its CSRF token, 500 (logged once, never shown).
func (s *Site) HandleError(c *fiber.Ctx, err error) error {
	status := http.StatusInternalServerError
	var ae *apperr.Error
	var fe *fiber.Error
	switch {
	case errors.As(err, &ae):
		status = api.StatusOfError(err)
	case errors.As(err, &fe):
		status = fe.Code
	}
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		s.Logger.Error("page error", "path", c.Path(), "err", err, "request_id", requestID(c))
	}
	key := "error.generic"
	switch status {
	case http.StatusNotFound, http.StatusGone, http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusForbidden, http.StatusInternalServerError, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge:
		key = "error." + itoa(status)
	}
	if err == errCSRF {
		key = "error.csrf"
	}
	if c.Locals(langKey) == nil {
		// The error came before the page middleware ran (an unknown path):
		// pick the language now.
		s.setLanguage(c)
	}
	v := errorView{Page: s.newPage(c, "", ""), Status: status, Key: key, RequestID: requestID(c)}
	v.Title = v.T(key + ".title")
	v.NoIndex = true
	if status == http.StatusTooManyRequests {
		v.RetryAfter = string(c.Response().Header.Peek(fiber.HeaderRetryAfter))
		if v.RetryAfter == "" {
			v.RetryAfter = "60"
			c.Set(fiber.HeaderRetryAfter, v.RetryAfter)
		}
	}
	if rerr := s.render(c, status, "error", v); rerr != nil {
		s.Logger.Error("rendering the error page", "err", rerr)
		return c.Status(status).SendString(http.StatusText(status))
	}
	return nil
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals("requestid").(string)
	return id
}
