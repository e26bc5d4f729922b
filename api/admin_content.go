package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
)

// The content admin API (issue 12, part 5): admins list, read, create,
// update, retire and revert curated content; every write is a revision
// (content/admin.go). Documents are sent and returned with the field names
// of the curated YAML files (content/data).

// AdminContentItem is one document in an admin list.
type AdminContentItem struct {
	Kind  string       `json:"kind"`
	Key   string       `json:"key"`
	Title content.Text `json:"title"`
	// Revision is the base revision to send with the next change.
	Revision  int64      `json:"revision"`
	Retired   bool       `json:"retired"`
	EditedBy  string     `json:"editedBy,omitempty"`
	EditedAt  *time.Time `json:"editedAt,omitempty"`
	UpdatedAt time.Time  `json:"updatedAt"`
}

// AdminContentList is a page of an admin list.
type AdminContentList struct {
	Items []AdminContentItem `json:"items"`
	Total int                `json:"total"`
}

// AdminContentDoc is one document with its state.
type AdminContentDoc struct {
	AdminContentItem
	RetiredAt     *time.Time `json:"retiredAt,omitempty"`
	RetiredBy     string     `json:"retiredBy,omitempty"`
	RetiredReason string     `json:"retiredReason,omitempty"`
	// Document is the document with the curated files' field names.
	Document map[string]any `json:"document"`
}

// ContentChangeView is one changed field of a revision.
type ContentChangeView struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// ContentRevisionView is one revision of a document.
type ContentRevisionView struct {
	Number  int64               `json:"number"`
	Editor  string              `json:"editor"`
	At      time.Time           `json:"at"`
	Summary string              `json:"summary"`
	Retired bool                `json:"retired"`
	Changes []ContentChangeView `json:"changes"`
}

// ContentRevisionList is a document's history, newest first.
type ContentRevisionList struct {
	Items []ContentRevisionView `json:"items"`
	Total int                   `json:"total"`
}

// retireRequest is the body of a retire.
type retireRequest struct {
	Reason   string `json:"reason"`
	Revision *int64 `json:"revision"`
}

// revertRequest is the (optional) body of a revert.
type revertRequest struct {
	Revision *int64 `json:"revision"`
}

func adminItemView(it content.AdminItem) AdminContentItem {
	return AdminContentItem{Kind: string(it.Kind), Key: it.Key, Title: it.Title, Revision: it.Revision, Retired: it.Retired,
		EditedBy: it.EditedBy, EditedAt: it.EditedAt, UpdatedAt: it.UpdatedAt}
}

// contentKind reads the :kind path parameter (404 for an unknown one,
// before anything else is looked at).
func contentKind(c *fiber.Ctx) (content.Kind, error) {
	return content.ParseKind(c.Params("kind"))
}

// contentTarget reads the :kind and :key path parameters (404 for an
// unknown kind or a malformed key: it names nothing).
func contentTarget(c *fiber.Ctx) (content.Kind, string, error) {
	k, err := contentKind(c)
	if err != nil {
		return "", "", err
	}
	key, err := contentKey(c, k)
	return k, key, err
}

// contentKey reads the :key path parameter, checked against k's key syntax.
func contentKey(c *fiber.Ctx, k content.Kind) (string, error) {
	key, err := url.PathUnescape(c.Params("key"))
	if err != nil || !content.IsSlugOrSourceID(k, key) {
		return "", apperr.New(apperr.NotFound, "%s %q not found", k, c.Params("key"))
	}
	return key, nil
}

func contentETag(rev int64) string { return `"` + strconv.FormatInt(rev, 10) + `"` }

// baseRevision is the revision a change was made on: If-Match (the ETag)
// or the body's revision; one of them is required, and they must agree.
// ifMatch reports which one was used, for 412 against 409.
func baseRevision(c *fiber.Ctx, body *int64) (rev int64, ifMatch bool, err error) {
	h := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if h != "" {
		v, perr := strconv.ParseInt(strings.Trim(h, `"`), 10, 64)
		if perr != nil || v < 1 || len(h) < 3 || !strings.HasPrefix(h, `"`) || !strings.HasSuffix(h, `"`) {
			return 0, false, apperr.Field("If-Match", `must be the ETag of the document, e.g. "3"`)
		}
		if body != nil && *body != v {
			return 0, false, apperr.Field("revision", "differs from If-Match; send one of them")
		}
		return v, true, nil
	}
	if body == nil {
		return 0, false, apperr.Field("revision", `is required: the revision you changed (or send its ETag as If-Match)`)
	}
	if *body < 1 {
		return 0, false, apperr.Field("revision", "must be the document's revision, a number from 1")
	}
	return *body, false, nil
}

// staleAs412 turns a stale-revision Conflict into 412 when the base
// revision came as If-Match.
func staleAs412(err error, ifMatch bool) error {
	var stale *content.StaleRevision
	if ifMatch && errors.As(err, &stale) {
		return fiber.NewError(fiber.StatusPreconditionFailed, "the document has changed since the revision of If-Match ("+
			strconv.FormatInt(stale.Base, 10)+"; it is at "+strconv.FormatInt(stale.Current, 10)+"); load it again and reapply your change")
	}
	return err
}

// decodeContentDoc decodes a document body of the kind strictly; with
// withRevision a top-level "revision" (the base revision) is taken out
// first and returned.
func decodeContentDoc(c *fiber.Ctx, k content.Kind, withRevision bool) (any, *int64, error) {
	var fields map[string]json.RawMessage
	if err := decodeJSON(c, &fields); err != nil {
		return nil, nil, err
	}
	var rev *int64
	if raw, ok := fields["revision"]; ok && withRevision {
		var v int64
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, nil, apperr.Field("revision", "must be a number")
		}
		rev = &v
		delete(fields, "revision")
	}
	body, err := json.Marshal(fields)
	if err != nil {
		return nil, nil, err
	}
	doc, err := content.NewDoc(k)
	if err != nil {
		return nil, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(doc); err != nil {
		return nil, nil, lowerFieldNames(jsonProblem(err))
	}
	return doc, rev, nil
}

// lowerFieldNames writes the Go field names encoding/json reports for the
// content types ("Tasks.Text") as the API's ("tasks.text").
func lowerFieldNames(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || len(ae.Fields) == 0 {
		return err
	}
	fields := make(map[string]string, len(ae.Fields))
	for k, v := range ae.Fields {
		parts := strings.Split(k, ".")
		for i, p := range parts {
			if p != "" {
				r := []rune(p)
				r[0] = unicode.ToLower(r[0])
				parts[i] = string(r)
			}
		}
		fields[strings.Join(parts, ".")] = v
	}
	return &apperr.Error{Code: ae.Code, Message: ae.Message, Fields: fields}
}

// sendContentDoc answers with a document, its revision as the ETag.
func (s *server) sendContentDoc(c *fiber.Ctx, status int, k content.Kind, key string) error {
	d, err := s.Content.AdminGet(c.UserContext(), k, key)
	if err != nil {
		return err
	}
	doc, err := content.ToPlain(d.Doc)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, contentETag(d.Revision))
	return c.Status(status).JSON(AdminContentDoc{AdminContentItem: adminItemView(d.AdminItem), RetiredAt: d.RetiredAt,
		RetiredBy: d.RetiredBy, RetiredReason: d.RetiredReason, Document: doc})
}

// listContent lists the documents of a kind: ?q= filters by key or title,
// ?retired=true includes retired ones; paged.
func (s *server) listContent() fiber.Handler {
	return func(c *fiber.Ctx) error {
		k, err := contentKind(c)
		if err != nil {
			return err
		}
		q := newQuery(c, "q", "retired", "limit", "page")
		text := q.text("q", 100)
		retired := q.boolean("retired")
		pg := q.page()
		if err := q.err(); err != nil {
			return err
		}
		all, err := s.Content.AdminList(c.UserContext(), k, text, retired != nil && *retired)
		if err != nil {
			return err
		}
		out := AdminContentList{Items: []AdminContentItem{}, Total: len(all)}
		for i := (pg.Page - 1) * pg.Limit; i < len(all) && len(out.Items) < pg.Limit; i++ {
			out.Items = append(out.Items, adminItemView(all[i]))
		}
		return c.JSON(out)
	}
}

// getContent returns one document (also a retired one) with its ETag.
func (s *server) getContent() fiber.Handler {
	return func(c *fiber.Ctx) error {
		k, key, err := contentTarget(c)
		if err != nil {
			return err
		}
		return s.sendContentDoc(c, fiber.StatusOK, k, key)
	}
}

// createContent stores a new document as its revision 1.
func (s *server) createContent() fiber.Handler {
	return func(c *fiber.Ctx) error {
		k, err := contentKind(c)
		if err != nil {
			return err
		}
		doc, _, err := decodeContentDoc(c, k, false)
		if err != nil {
			return err
		}
		if _, err := s.Content.AdminCreate(c.UserContext(), k, doc, currentUser(c).ID); err != nil {
			return err
		}
		key := adminKeyOf(doc)
		c.Location("/api/v1/admin/content/" + string(k) + "/" + url.PathEscape(key))
		return s.sendContentDoc(c, fiber.StatusCreated, k, key)
	}
}

// adminKeyOf is the key of a decoded document.
func adminKeyOf(doc any) string {
	switch d := doc.(type) {
	case *content.Role:
		return d.Slug
	case *content.Skill:
		return d.Slug
	case *content.Course:
		return d.Slug
	case *content.Path:
		return d.Slug
	case *content.SalaryRange:
		return d.Slug
	case *content.Source:
		return d.ID
	}
	return ""
}

// updateContent replaces a document with the body, if it is still at the
// base revision (If-Match: 412, body revision: 409 otherwise).
func (s *server) updateContent() fiber.Handler {
	return func(c *fiber.Ctx) error {
		k, key, err := contentTarget(c)
		if err != nil {
			return err
		}
		doc, bodyRev, err := decodeContentDoc(c, k, true)
		if err != nil {
			return err
		}
		base, ifMatch, err := baseRevision(c, bodyRev)
		if err != nil {
			return err
		}
		if _, err := s.Content.AdminUpdate(c.UserContext(), k, key, doc, base, currentUser(c).ID); err != nil {
			return staleAs412(err, ifMatch)
		}
		return s.sendContentDoc(c, fiber.StatusOK, k, key)
	}
}

// retireContent retires a document with a reason.
func (s *server) retireContent() fiber.Handler {
	return func(c *fiber.Ctx) error {
		k, key, err := contentTarget(c)
		if err != nil {
			return err
		}
		var r retireRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		base, ifMatch, err := baseRevision(c, r.Revision)
		if err != nil {
			return err
		}
		if _, err := s.Content.AdminRetire(c.UserContext(), k, key, base, currentUser(c).ID, r.Reason); err != nil {
			return staleAs412(err, ifMatch)
		}
		return s.sendContentDoc(c, fiber.StatusOK, k, key)
	}
}

// listContentRevisions returns a document's revisions, newest first.
func (s *server) listContentRevisions() fiber.Handler {
	return func(c *fiber.Ctx) error {
		k, key, err := contentTarget(c)
		if err != nil {
			return err
		}
		if err := newQuery(c).err(); err != nil {
			return err
		}
		revs, err := s.Content.Revisions(c.UserContext(), k, key)
		if err != nil {
			return err
		}
		out := ContentRevisionList{Items: make([]ContentRevisionView, 0, len(revs)), Total: len(revs)}
		for _, r := range revs {
			v := ContentRevisionView{Number: r.Number, Editor: r.Editor, At: r.At, Summary: r.Summary, Retired: r.Retired,
				Changes: make([]ContentChangeView, 0, len(r.Changes))}
			for _, ch := range r.Changes {
				v.Changes = append(v.Changes, ContentChangeView(ch))
			}
			out.Items = append(out.Items, v)
		}
		return c.JSON(out)
	}
}

// revertContent writes revision :n's content again as a new revision.
func (s *server) revertContent() fiber.Handler {
	return func(c *fiber.Ctx) error {
		k, key, err := contentTarget(c)
		if err != nil {
			return err
		}
		n, err := strconv.ParseInt(c.Params("n"), 10, 64)
		if err != nil || n < 1 {
			return apperr.New(apperr.NotFound, "%s %q has no revision %q", k, key, c.Params("n"))
		}
		var r revertRequest
		if err := decodeOptionalJSON(c, &r); err != nil {
			return err
		}
		base, ifMatch, err := baseRevision(c, r.Revision)
		if err != nil {
			return err
		}
		if _, err := s.Content.Revert(c.UserContext(), k, key, n, base, currentUser(c).ID); err != nil {
			return staleAs412(err, ifMatch)
		}
		return s.sendContentDoc(c, fiber.StatusOK, k, key)
	}
}
