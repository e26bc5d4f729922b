package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
)

// Problem is an RFC 9457 problem details document.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	RequestID string            `json:"requestId,omitempty"`
	Errors    map[string]string `json:"errors,omitempty"`
}

// statusOf is the one place application error codes become HTTP statuses.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:      http.StatusBadRequest,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Gone:         http.StatusGone,
	apperr.Conflict:     http.StatusConflict,
	apperr.TooMany:      http.StatusTooManyRequests,
	apperr.Unavailable:  http.StatusServiceUnavailable,
	apperr.Internal:     http.StatusInternalServerError,
}

// StatusOf is the HTTP status of an application error code, for the
// website's error pages (one mapping for both surfaces).
func StatusOf(code apperr.Code) int { return statusOf[code] }

// StatusOfError is the status of an error a handler returned: StatusOf its
// code, except a NotFound whose cause is retired content
// (content.Retired), which is 410 Gone. Callers that do not know retiring
// (the learning service skipping a path that left the content) see
// NotFound; the API and the pages answer 410. 0 for an error without code.
func StatusOfError(err error) int {
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		return 0
	}
	var retired *content.Retired
	if ae.Code == apperr.NotFound && errors.As(err, &retired) {
		return http.StatusGone
	}
	return statusOf[ae.Code]
}

// handleError is Fiber's ErrorHandler: every error a handler returns, every
// unmatched route and every recovered panic ends here and leaves as
// application/problem+json. Internal errors are logged once and never shown.
func (s *server) handleError(c *fiber.Ctx, err error) error {
	if s.Site != nil && s.Site.IsPage(c.Path()) {
		return s.Site.HandleError(c, err)
	}
	p := Problem{Instance: c.OriginalURL(), RequestID: requestID(c)}
	if p.RequestID == "" {
		// Refused before the middlewares ran (a body over the server's
		// limit): the problem still gets an id to quote.
		p.RequestID = utils.UUIDv4()
		c.Set(fiber.HeaderXRequestID, p.RequestID)
	}
	var moved *content.Moved
	if errors.As(err, &moved) && (c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead) {
		if to, ok := movedPath(c.Path(), moved); ok {
			if q := string(c.Request().URI().QueryString()); q != "" {
				to += "?" + q
			}
			return c.Redirect(to, http.StatusMovedPermanently)
		}
	}
	var ae *apperr.Error
	var fe *fiber.Error
	switch {
	case errors.As(err, &ae) && ae.Code != apperr.Internal:
		p.Status = StatusOfError(err)
		p.Detail = ae.Message
		p.Errors = ae.Fields
		if ae.Code == apperr.Unavailable {
			s.log(c).Warn("unavailable", "err", err)
		}
	case errors.As(err, &fe):
		p.Status = fe.Code
		switch fe.Code {
		case http.StatusNotFound:
			p.Detail = "no such resource: " + c.Method() + " " + c.Path()
		case http.StatusRequestEntityTooLarge:
			p.Detail = fmt.Sprintf("the request body is too large: a CV upload may be up to %d MB, JSON bodies up to %d KB", jobs.MaxCVBytes>>20, s.BodyLimit>>10)
		default:
			if fe.Code >= 500 {
				s.log(c).Error("internal error", "err", err)
			} else {
				p.Detail = fe.Message
			}
		}
	default:
		s.log(c).Error("internal error", "err", err)
		p.Status = http.StatusInternalServerError
	}
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	if p.Status >= 500 && p.Detail == "" {
		p.Detail = "something went wrong on our side; the request id helps us find it"
	}
	p.Title = http.StatusText(p.Status)
	localizeProblem(&p, problemLang(c))
	p.Type = "/api/docs#problem-" + problemSlug(p.Status)
	if p.Status == http.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, "5")
	}
	// The rate limiter sets Retry-After to when its window ends; any other
	// 429 gets a default.
	if p.Status == http.StatusTooManyRequests && len(c.Response().Header.Peek(fiber.HeaderRetryAfter)) == 0 {
		c.Set(fiber.HeaderRetryAfter, "60")
	}
	return writeProblem(c, p)
}

// movedPath is path with its segment m.From replaced by m.To (the last
// segment that matches), e.g. /api/v1/roles/back-office-manager/salary →
// /api/v1/roles/backoffice-manager/salary.
func movedPath(path string, m *content.Moved) (string, bool) {
	segs := strings.Split(path, "/")
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i] == m.From {
			segs[i] = m.To
			return strings.Join(segs, "/"), true
		}
	}
	return "", false
}

func writeProblem(c *fiber.Ctx, p Problem) error {
	c.Status(p.Status)
	if err := c.JSON(p); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/problem+json")
	return nil
}

// problemSlug names the problem types documented on /api/docs.
func problemSlug(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "invalid"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not-found"
	case http.StatusMethodNotAllowed:
		return "method-not-allowed"
	case http.StatusGone:
		return "gone"
	case http.StatusConflict:
		return "conflict"
	case http.StatusPreconditionFailed:
		return "precondition-failed"
	case http.StatusRequestEntityTooLarge:
		return "too-large"
	case http.StatusTooManyRequests:
		return "too-many"
	case http.StatusServiceUnavailable:
		return "unavailable"
	default:
		if status >= 500 {
			return "internal"
		}
		return "invalid"
	}
}
