package api

import (
	"context"
	"errors"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
)

// savedSearchParams are the job search parameters a saved search keeps
// (not sort, page, limit or lang: those belong to a look at the results).
var savedSearchParams = []string{"q", "where", "radius", "role", "city", "bundesland", "remote", "employmentType", "skill", "salaryMin", "fixedTerm"}

// SavedPostingView is a saved posting: the posting while open, its state
// once closed or expired, nothing once deleted.
type SavedPostingView struct {
	PostingID string     `json:"postingId"`
	SavedAt   time.Time  `json:"savedAt"`
	State     jobs.State `json:"state,omitempty"`
	Posting   *JobView   `json:"posting,omitempty"`
}

// SavedPostingList lists saved postings, newest first.
type SavedPostingList struct {
	Items []SavedPostingView `json:"items"`
	Total int                `json:"total"`
}

// SavedSearchView is a saved job search.
type SavedSearchView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Query holds the job search parameters, e.g. "bundesland=BY&q=Buchhaltung".
	Query      string    `json:"query"`
	CreatedAt  time.Time `json:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt"`
	// NewCount is the number of matching postings published since
	// LastSeenAt (in lists only).
	NewCount *int `json:"newCount,omitempty"`
}

// SavedSearchList lists saved searches.
type SavedSearchList struct {
	Items []SavedSearchView `json:"items"`
	Total int               `json:"total"`
}

// NewPostingsView are the postings of a saved search published since the
// last look; looking moves lastSeenAt to now.
type NewPostingsView struct {
	Search SavedSearchView `json:"search"`
	Since  time.Time       `json:"since"`
	Items  []JobHit        `json:"items"`
	Total  int             `json:"total"`
}

type savedSearchRequest struct {
	Name  string `json:"name"`
	Query string `json:"query"`
}

func savedSearchView(ss jobs.SavedSearch) SavedSearchView {
	return SavedSearchView{ID: ss.ID, Name: ss.Name, Query: ss.Query, CreatedAt: ss.CreatedAt, LastSeenAt: ss.LastSeenAt}
}

// listSavedPostings lists the learner's saved postings.
func (s *server) listSavedPostings() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		entries, err := s.Jobs.SavedPostings(c.UserContext(), currentUser(c).ID)
		if err != nil {
			return err
		}
		out := SavedPostingList{Items: make([]SavedPostingView, 0, len(entries)), Total: len(entries)}
		for _, e := range entries {
			v := SavedPostingView{PostingID: e.PostingID, SavedAt: e.SavedAt}
			if e.Posting != nil {
				v.State = e.Posting.State
				if e.Posting.State == jobs.Published {
					jv := jobView(e.Posting)
					v.Posting = &jv
				}
			}
			out.Items = append(out.Items, v)
		}
		return c.JSON(out)
	}
}

// savePosting keeps an open posting (idempotent).
func (s *server) savePosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.Jobs.SavePosting(c.UserContext(), currentUser(c).ID, c.Params("id")); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// unsavePosting forgets a saved posting (idempotent).
func (s *server) unsavePosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.Jobs.UnsavePosting(c.UserContext(), currentUser(c).ID, c.Params("id")); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// normalizeSavedQuery checks a saved search's parameters and writes them
// in a stable order.
func normalizeSavedQuery(raw string) (string, error) {
	raw = strings.TrimPrefix(strings.TrimSpace(raw), "?")
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return "", apperr.Field("query", "must be URL query parameters, e.g. q=Buchhaltung&bundesland=BY")
	}
	for k := range vals {
		if !slices.Contains(savedSearchParams, k) {
			return "", apperr.Field("query", "unknown parameter "+k+"; allowed: "+strings.Join(savedSearchParams, ", "))
		}
	}
	return vals.Encode(), nil
}

// jobQueryFrom reads a stored query string as the job search route would,
// by putting it on the request for the time of parsing.
func jobQueryFrom(c *fiber.Ctx, qs string) (search.Query, error) {
	uri := c.Request().URI()
	orig := string(uri.QueryString())
	uri.SetQueryString(qs)
	defer uri.SetQueryString(orig)
	q := newQuery(c, savedSearchParams...)
	sq := jobQuery(q)
	var ae *apperr.Error
	if err := q.err(); errors.As(err, &ae) {
		fields := map[string]string{}
		for k, v := range ae.Fields {
			fields["query."+k] = v
		}
		return sq, &apperr.Error{Code: apperr.Invalid, Message: "invalid saved search", Fields: fields}
	}
	return sq, nil
}

// checkSavedRoles refuses a saved search whose role filter names no role,
// as the job search route does (checkRoles).
func (s *server) checkSavedRoles(c *fiber.Ctx, qs string) error {
	vals, _ := url.ParseQuery(qs)
	for _, v := range vals["role"] {
		if s.Content == nil {
			break
		}
		if _, err := s.Content.Role(c.UserContext(), v); apperr.Is(err, apperr.NotFound) {
			return apperr.Field("query.role", "unknown role "+strconv.Quote(v))
		} else if err != nil {
			return err
		}
	}
	return nil
}

// since narrows a job query to postings published after t.
func since(sq search.Query, t time.Time) search.Query {
	// publishedAt is indexed in seconds with microseconds; the filter's
	// lower bound is inclusive, so start just after t (distinct microseconds
	// are distinct float64 values at today's magnitudes).
	after := math.Nextafter(float64(t.UnixMicro())/1e6, math.Inf(1))
	sq.Filters = append(slices.Clone(sq.Filters), search.Between("publishedAt", &after, nil))
	sq.Facets = nil
	sq.Sort = search.ByDate
	return sq
}

// savedQuery checks a saved search's parameters as the job search reads
// them and returns them in a stable order.
func (s *server) savedQuery(c *fiber.Ctx, raw string) (string, error) {
	qs, err := normalizeSavedQuery(raw)
	if err != nil {
		return "", err
	}
	if _, err := jobQueryFrom(c, qs); err != nil {
		return "", err
	}
	if err := s.checkSavedRoles(c, qs); err != nil {
		return "", err
	}
	return qs, nil
}

// SavedSearchQuery checks the job search parameters of a search to keep as
// POST /api/v1/me/saved/searches does (the same field problems, under
// "query" and "query.<parameter>") and returns them in a stable order, for
// another surface (the website). It reads the parameters on c for the time
// of the check.
func SavedSearchQuery(c *fiber.Ctx, store *content.Store, raw string) (string, error) {
	lang := c.GetRespHeader(fiber.HeaderContentLanguage)
	defer func() {
		if lang != "" {
			c.Set(fiber.HeaderContentLanguage, lang) // the parser negotiates its own
		}
	}()
	s := &server{Deps: Deps{Content: store}}
	return s.savedQuery(c, raw)
}

// SavedSearchParams are the job search parameters a saved search keeps.
func SavedSearchParams() []string { return slices.Clone(savedSearchParams) }

// createSavedSearch keeps a job search.
func (s *server) createSavedSearch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r savedSearchRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		qs, err := s.savedQuery(c, r.Query)
		if err != nil {
			return err
		}
		ss, err := s.Jobs.SaveSearch(c.UserContext(), currentUser(c).ID, r.Name, qs)
		if err != nil {
			return err
		}
		c.Location("/api/v1/me/saved/searches/" + ss.ID + "/new")
		return c.Status(fiber.StatusCreated).JSON(savedSearchView(*ss))
	}
}

// listSavedSearches lists the saved searches with the number of new
// postings of each.
func (s *server) listSavedSearches() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		list, err := s.Jobs.SavedSearches(c.UserContext(), currentUser(c).ID)
		if err != nil {
			return err
		}
		out := SavedSearchList{Items: make([]SavedSearchView, 0, len(list)), Total: len(list)}
		for _, ss := range list {
			v := savedSearchView(ss)
			if s.Search != nil {
				sq, err := jobQueryFrom(c, ss.Query)
				if err == nil {
					sq = since(sq, ss.LastSeenAt)
					sq.Page, sq.Limit = 1, 1
					if res, err := s.runSearch(c.UserContext(), search.Jobs, sq); err == nil {
						n := res.Total
						v.NewCount = &n
					}
				}
			}
			out.Items = append(out.Items, v)
		}
		return c.JSON(out)
	}
}

// newForSavedSearch lists the postings published since the last look and
// moves the last look to now.
func (s *server) newForSavedSearch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "limit", "page")
		lo := q.page()
		if err := q.err(); err != nil {
			return err
		}
		u := currentUser(c)
		ss, err := s.Jobs.SavedSearch(c.UserContext(), u.ID, c.Params("id"))
		if err != nil {
			return err
		}
		sq, err := jobQueryFrom(c, ss.Query)
		if err != nil {
			return err
		}
		sq = since(sq, ss.LastSeenAt)
		sq.Page, sq.Limit = lo.Page, lo.Limit
		res, err := s.runSearch(c.UserContext(), search.Jobs, sq)
		if err != nil {
			return err
		}
		out := NewPostingsView{Search: savedSearchView(*ss), Since: ss.LastSeenAt, Items: jobHits(res.Hits), Total: res.Total}
		seen, err := s.Jobs.MarkSearchSeen(c.UserContext(), u.ID, ss.ID)
		if err != nil {
			return err
		}
		out.Search.LastSeenAt = seen
		return c.JSON(out)
	}
}

// deleteSavedSearch forgets a saved search.
func (s *server) deleteSavedSearch() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.Jobs.DeleteSearch(c.UserContext(), currentUser(c).ID, c.Params("id")); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// JobsExport is a learner's jobs data in the export of their account.
type JobsExport struct {
	Applications  []ApplicationView  `json:"applications"`
	SavedPostings []SavedPostingView `json:"savedPostings"`
	SavedSearches []SavedSearchView  `json:"savedSearches"`
}

func (s *server) jobsExport(ctx context.Context, userID string) (*JobsExport, error) {
	as, err := s.Jobs.MyApplications(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := &JobsExport{Applications: applicationList(as, myApplications).Items, SavedPostings: []SavedPostingView{}, SavedSearches: []SavedSearchView{}}
	sp, err := s.Jobs.SavedPostings(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, e := range sp {
		out.SavedPostings = append(out.SavedPostings, SavedPostingView{PostingID: e.PostingID, SavedAt: e.SavedAt})
	}
	ss, err := s.Jobs.SavedSearches(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, x := range ss {
		out.SavedSearches = append(out.SavedSearches, savedSearchView(x))
	}
	return out, nil
}
