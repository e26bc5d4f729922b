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
	Search  *SearchHealth     `json:"search,omitempty"`
}

// SearchHealth is the search sync's state. Search trouble does not make the
// process unready: the database still serves, and writes are indexed when
// the engine returns.
type SearchHealth struct {
	Engine      string         `json:"engine"`
	Pending     map[string]int `json:"pending"`
	Failures    int            `json:"failures"`
	LastError   string         `json:"lastError,omitempty"`
	LastSuccess *time.Time     `json:"lastSuccess,omitempty"`
	// Unavailable names each index the engine cannot serve now (its
	// searches answer 503) with the reason.
	Unavailable map[string]string `json:"unavailable,omitempty"`
	// Panics counts panics recovered in the sync worker and the engine.
	Panics int64 `json:"panics"`
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
		res := HealthResponse{Status: "ready", Checks: map[string]string{"database": "ok"}}
		if s.SearchStatus != nil {
			st := s.SearchStatus()
			h := &SearchHealth{Engine: st.Engine, Pending: map[string]int{}, Failures: st.Failures, LastError: st.LastError, Panics: st.Panics}
			for k, n := range st.Pending {
				h.Pending[string(k)] = n
			}
			for k, reason := range st.Unavailable {
				if h.Unavailable == nil {
					h.Unavailable = map[string]string{}
				}
				h.Unavailable[string(k)] = reason
			}
			if !st.LastSuccess.IsZero() {
				h.LastSuccess = &st.LastSuccess
			}
			res.Checks["search"] = "ok"
			if st.Failures > 0 {
				res.Checks["search"] = "failing"
			}
			if len(h.Unavailable) > 0 {
				// Which part is degraded: the indexes listed in
				// search.unavailable answer 503; everything else serves.
				res.Checks["search"] = "degraded"
			}
			res.Search = h
		}
		return c.JSON(res)
	}
}
