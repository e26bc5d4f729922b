package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
)

// JobView is a posting as the public sees it (built in package jobs, which
// the website shares).
type JobView = jobs.PublicView

// SkillRequirementView is a required skill with its name.
type SkillRequirementView = jobs.SkillRequirementView

// SalaryOfferView is a posting's pay range, with its yearly equivalent.
type SalaryOfferView = jobs.SalaryOfferView

// PostingView is a posting as its organisation sees it: the public view,
// the Markdown source and the lifecycle.
type PostingView struct {
	JobView
	Description      string              `json:"description"`
	FirstPublishedAt *time.Time          `json:"firstPublishedAt,omitempty"`
	ClosedAt         *time.Time          `json:"closedAt,omitempty"`
	History          []jobs.HistoryEntry `json:"history"`
	Demo             bool                `json:"demo,omitempty"`
	CreatedAt        time.Time           `json:"createdAt"`
	UpdatedAt        time.Time           `json:"updatedAt"`
	// Revision moves on with every change; send it back (or the ETag as
	// If-Match) with a PATCH so an edit never overwrites another unseen.
	Revision int64 `json:"revision"`
}

// PostingResult is a posting after a write, with the quality warnings.
type PostingResult struct {
	Posting  PostingView    `json:"posting"`
	Warnings []jobs.Warning `json:"warnings"`
}

// PostingList is a page of an organisation's postings.
type PostingList struct {
	Items []PostingView `json:"items"`
	Total int           `json:"total"`
	Page  int           `json:"page"`
	Limit int           `json:"limit"`
}

func jobView(p *jobs.Posting) JobView { return jobs.PublicViewOf(p) }

func postingView(p *jobs.Posting) PostingView {
	v := PostingView{JobView: jobView(p), Description: p.Description, FirstPublishedAt: p.FirstPublishedAt, ClosedAt: p.ClosedAt,
		History: p.History, Demo: p.Demo, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, Revision: p.Version}
	if v.History == nil {
		v.History = []jobs.HistoryEntry{}
	}
	return v
}

// postingETag is the strong entity tag of a posting's revision.
func postingETag(p *jobs.Posting) string { return `"` + strconv.FormatInt(p.Version, 10) + `"` }

// sendPosting answers with a posting after a read or write, its ETag set;
// the quality warnings are in the request's language.
func sendPosting(c *fiber.Ctx, status int, p *jobs.Posting, w []jobs.Warning) error {
	c.Set(fiber.HeaderETag, postingETag(p))
	return c.Status(status).JSON(postingResult(p, jobs.LocalizeWarnings(w, requestLang(c))))
}

// ifMatchRevision reads If-Match: a posting's ETag gives its revision; no
// header or "*" gives 0 (no check).
func ifMatchRevision(c *fiber.Ctx) (int64, error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h == "" || h == "*" {
		return 0, nil
	}
	v, err := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
	if err != nil || v < 1 || len(h) < 3 || !strings.HasPrefix(h, `"`) || !strings.HasSuffix(h, `"`) {
		return 0, apperr.Field("If-Match", `must be the ETag of the posting, e.g. "3"`)
	}
	return v, nil
}

// postingPatch is the PATCH body: the fields to change and, optionally,
// the revision they were made on.
type postingPatch struct {
	*jobs.Input
	Revision *int64 `json:"revision"`
}

func postingResult(p *jobs.Posting, w []jobs.Warning) PostingResult {
	if w == nil {
		w = []jobs.Warning{}
	}
	return PostingResult{Posting: postingView(p), Warnings: w}
}

// needJobs answers 503 when the API runs without the jobs service.
func (s *server) needJobs(c *fiber.Ctx) error {
	if s.Jobs == nil {
		return apperr.New(apperr.Unavailable, "job postings are not available")
	}
	return c.Next()
}

// noQuery rejects query parameters on routes that take none (but lang).
func noQuery(c *fiber.Ctx) error {
	return newQuery(c).err()
}

// createPosting stores a new draft of my organisation.
func (s *server) createPosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in jobs.Input
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		u := currentUser(c)
		p, w, err := s.Jobs.Create(c.UserContext(), u.OrgID, u.ID, in)
		if err != nil {
			return err
		}
		c.Location("/api/v1/organisations/mine/postings/" + p.ID)
		return sendPosting(c, fiber.StatusCreated, p, w)
	}
}

// previewPosting validates a posting and renders it without storing it.
func (s *server) previewPosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in jobs.Input
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		p, w, err := s.Jobs.Preview(c.UserContext(), currentUser(c).OrgID, in)
		if err != nil {
			return err
		}
		return c.JSON(postingResult(p, jobs.LocalizeWarnings(w, requestLang(c))))
	}
}

// listPostings lists my organisation's postings, newest first.
func (s *server) listPostings() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "limit", "page")
		lo := q.page()
		if err := q.err(); err != nil {
			return err
		}
		ps, total, err := s.Jobs.List(c.UserContext(), currentUser(c).OrgID, lo.Limit, lo.Page)
		if err != nil {
			return err
		}
		out := PostingList{Items: make([]PostingView, 0, len(ps)), Total: total, Page: lo.Page, Limit: lo.Limit}
		for _, p := range ps {
			out.Items = append(out.Items, postingView(p))
		}
		return c.JSON(out)
	}
}

// getPosting returns one of my organisation's postings.
func (s *server) getPosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		p, err := s.Jobs.Posting(c.UserContext(), currentUser(c).OrgID, c.Params("id"))
		if err != nil {
			return err
		}
		return sendPosting(c, fiber.StatusOK, p, s.Jobs.Warnings(p))
	}
}

// patchPosting changes the fields the body names; the result is validated
// as a whole. With If-Match (the posting's ETag) or a "revision" in the
// body, a posting changed since that revision is left alone: 412 for
// If-Match, 409 for the body's revision.
func (s *server) patchPosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		ifMatch, err := ifMatchRevision(c)
		if err != nil {
			return err
		}
		// Check the body on its own first, so a malformed body is a 400
		// whatever the posting.
		probe := postingPatch{Input: &jobs.Input{}}
		if err := decodeJSON(c, &probe); err != nil {
			return err
		}
		revision := ifMatch
		if probe.Revision != nil {
			switch {
			case *probe.Revision < 1:
				return apperr.Field("revision", "must be the posting's revision, a number from 1")
			case ifMatch != 0 && ifMatch != *probe.Revision:
				return apperr.Field("revision", "differs from If-Match; send one of them")
			}
			revision = *probe.Revision
		}
		u := currentUser(c)
		p, w, err := s.Jobs.UpdateAt(c.UserContext(), u.OrgID, c.Params("id"), revision, func(in *jobs.Input) error {
			dec := json.NewDecoder(bytes.NewReader(c.Body()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&postingPatch{Input: in}); err != nil {
				return jsonProblem(err)
			}
			return nil
		})
		if errors.Is(err, jobs.ErrStale) && ifMatch != 0 {
			return fiber.NewError(fiber.StatusPreconditionFailed, "the posting has changed since the revision of If-Match; load it again and reapply your change")
		}
		if err != nil {
			return err
		}
		return sendPosting(c, fiber.StatusOK, p, w)
	}
}

// publishRequest and extendRequest take validThrough as a date
// (YYYY-MM-DD: the end of that day in Germany) or an RFC 3339 date-time.
type publishRequest struct {
	ValidThrough *jobs.Deadline `json:"validThrough"`
}

type closeRequest struct {
	Reason string `json:"reason"`
}

type extendRequest struct {
	ValidThrough *jobs.Deadline `json:"validThrough"`
}

// decodeOptionalJSON decodes a body that may be left out.
func decodeOptionalJSON(c *fiber.Ctx, v any) error {
	if len(bytes.TrimSpace(c.Body())) == 0 {
		return nil
	}
	return decodeJSON(c, v)
}

// publishPosting publishes a draft, or republishes a closed or expired
// posting; it returns the quality warnings again.
func (s *server) publishPosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r publishRequest
		if err := decodeOptionalJSON(c, &r); err != nil {
			return err
		}
		u := currentUser(c)
		var vt *time.Time
		if r.ValidThrough != nil {
			vt = &r.ValidThrough.Time
		}
		p, w, err := s.Jobs.Publish(c.UserContext(), u.OrgID, u.ID, c.Params("id"), vt)
		if err != nil {
			return err
		}
		return sendPosting(c, fiber.StatusOK, p, w)
	}
}

// closePosting closes a posting as filled or withdrawn.
func (s *server) closePosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r closeRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		u := currentUser(c)
		p, err := s.Jobs.Close(c.UserContext(), u.OrgID, u.ID, c.Params("id"), r.Reason)
		if err != nil {
			return err
		}
		return sendPosting(c, fiber.StatusOK, p, nil)
	}
}

// extendPosting moves a published posting's valid-through date.
func (s *server) extendPosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r extendRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		if r.ValidThrough == nil {
			return apperr.Field("validThrough", "is required")
		}
		u := currentUser(c)
		p, err := s.Jobs.Extend(c.UserContext(), u.OrgID, u.ID, c.Params("id"), r.ValidThrough.Time)
		if err != nil {
			return err
		}
		return sendPosting(c, fiber.StatusOK, p, nil)
	}
}

// duplicatePosting copies a posting into a new draft.
func (s *server) duplicatePosting() fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := currentUser(c)
		p, w, err := s.Jobs.Duplicate(c.UserContext(), u.OrgID, u.ID, c.Params("id"))
		if err != nil {
			return err
		}
		c.Location("/api/v1/organisations/mine/postings/" + p.ID)
		return sendPosting(c, fiber.StatusCreated, p, w)
	}
}

// getJob returns a public posting: 200 while open, 410 once closed or
// expired, 404 for drafts and unknown ids.
func (s *server) getJob() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		p, err := s.Jobs.PublicPosting(c.UserContext(), c.Params("id"))
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "no-cache") // a closed posting must never be served as open from a cache
		return c.JSON(jobView(p))
	}
}

// getJobJSONLD returns the schema.org JobPosting of a public posting.
func (s *server) getJobJSONLD() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		p, err := s.Jobs.PublicPosting(c.UserContext(), c.Params("id"))
		if err != nil {
			return err
		}
		body, err := json.Marshal(p.JSONLD())
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/ld+json")
		c.Set(fiber.HeaderCacheControl, "no-cache") // a closed posting must never be served as open from a cache
		return c.Send(body)
	}
}
