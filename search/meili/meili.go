package meili

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/search"
)

// Config says where Meilisearch is and how to use it.
type Config struct {
	// URL is the server, e.g. http://meilisearch:7700.
	URL string
	// APIKey is the scoped key (see the package documentation), not the
	// master key.
	APIKey string
	// IndexPrefix is put before every index name; default "laufbahn_".
	IndexPrefix string
	// TaskTimeout bounds every call, including waiting for its task to
	// finish; default 30s.
	TaskTimeout time.Duration
	// Vocabulary gives the synonyms (content/data/vocabulary.yaml); nil
	// uses search.Synonyms.
	Vocabulary *search.Vocabulary
}

// Defaults.
const (
	DefaultIndexPrefix = "laufbahn_"
	DefaultTaskTimeout = 30 * time.Second
)

// batchSize caps the documents or ids sent in one request, well below
// Meilisearch's default 100 MB payload limit.
const batchSize = 5000

// idPageSize is how many ids IDs fetches per request.
const idPageSize = 1000

// Engine is a search.Index on Meilisearch. It is safe for concurrent use.
type Engine struct {
	cfg    Config
	client meilisearch.ServiceManager
	// http sends the requests the client library cannot express (http.go).
	http *http.Client
	log  *slog.Logger

	// pollMin and pollMax bound the interval between task status polls.
	pollMin, pollMax time.Duration
	// idPage is how many ids IDs fetches per request.
	idPage int64

	mu      sync.RWMutex
	schemas map[search.Kind]search.Schema
}

var _ search.Index = (*Engine)(nil)

var prefixRE = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

// New returns an engine for the server in cfg. It does not contact the
// server: the engine may be down at start, and every call reports
// apperr.Unavailable until it is back.
func New(cfg Config, log *slog.Logger) (*Engine, error) {
	if cfg.URL == "" {
		return nil, errors.New("meili: URL is required")
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("meili: URL %q must be http(s)://host[:port]", cfg.URL)
	}
	if cfg.IndexPrefix == "" {
		cfg.IndexPrefix = DefaultIndexPrefix
	}
	if !prefixRE.MatchString(cfg.IndexPrefix) {
		return nil, fmt.Errorf("meili: IndexPrefix %q may only contain letters, digits, '-' and '_'", cfg.IndexPrefix)
	}
	if cfg.TaskTimeout <= 0 {
		cfg.TaskTimeout = DefaultTaskTimeout
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	client := meilisearch.New(strings.TrimRight(cfg.URL, "/"),
		meilisearch.WithAPIKey(cfg.APIKey),
		// The sync worker retries whole operations; the client's own retry
		// loop would block a search request for seconds on a 502/503.
		meilisearch.DisableRetries(),
		meilisearch.WithCustomClient(hc),
	)
	return &Engine{
		cfg: cfg, client: client, http: hc, log: log,
		pollMin: 5 * time.Millisecond, pollMax: 250 * time.Millisecond, idPage: idPageSize,
		schemas: map[search.Kind]search.Schema{},
	}, nil
}

// Engine implements search.Index.
func (e *Engine) Engine() string { return "meilisearch" }

// Close implements search.Index; the HTTP client needs no cleanup.
func (e *Engine) Close() error { return nil }

// uid is the Meilisearch index name of a kind.
func (e *Engine) uid(kind search.Kind) string { return e.cfg.IndexPrefix + string(kind) }

// schema returns the schema last applied for kind, or the built-in one.
func (e *Engine) schema(kind search.Kind) (search.Schema, error) {
	e.mu.RLock()
	s, ok := e.schemas[kind]
	e.mu.RUnlock()
	if ok {
		return s, nil
	}
	s, err := search.SchemaFor(kind)
	if err != nil {
		return search.Schema{}, apperr.Wrap(apperr.Invalid, err, "unknown search index %q", kind)
	}
	return s, nil
}

// Upsert implements search.Index: it adds or replaces documents and waits
// until Meilisearch has indexed them.
func (e *Engine) Upsert(ctx context.Context, kind search.Kind, docs []search.Document) error {
	if _, err := e.schema(kind); err != nil {
		return err
	}
	if len(docs) == 0 {
		return nil
	}
	s, _ := e.schema(kind)
	body := make([]map[string]any, len(docs))
	for i, d := range docs {
		m, err := toMeili(d)
		if err != nil {
			return err
		}
		// Meilisearch reads a document's place from _geo.
		if g := s.Geo; g != nil {
			lat, okLat := m[g.Lat].(float64)
			lng, okLng := m[g.Lng].(float64)
			if okLat && okLng {
				m["_geo"] = map[string]float64{"lat": lat, "lng": lng}
			}
		}
		body[i] = m
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.TaskTimeout)
	defer cancel()
	var rejected []string
	var reasons []error
	for start := 0; start < len(body); start += batchSize {
		ids, reason, err := e.add(ctx, kind, body[start:min(start+batchSize, len(body))])
		if err != nil {
			return err
		}
		rejected = append(rejected, ids...)
		if reason != nil {
			reasons = append(reasons, reason)
		}
	}
	if len(rejected) > 0 {
		return &search.RejectedError{Kind: kind, IDs: rejected, Err: errors.Join(reasons...)}
	}
	return nil
}

// add writes documents and waits for Meilisearch to index them. A request
// that can never succeed as it is (too large, or a document Meilisearch
// calls invalid) is split in halves until the documents at fault are
// alone; their ids come back as rejected, with the reason, and everything
// else is written.
func (e *Engine) add(ctx context.Context, kind search.Kind, docs []map[string]any) (rejected []string, reason, err error) {
	pk := "id"
	// primaryKey=id also covers an index that Apply has not created yet:
	// Meilisearch would otherwise have to guess among id and employerId.
	info, err := e.client.Index(e.uid(kind)).AddDocumentsWithContext(ctx, docs, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		err = e.fail(ctx, err, "add documents to %s", e.uid(kind))
	} else {
		err = e.wait(ctx, info)
	}
	if err == nil || !neverSucceeds(err) {
		return nil, nil, err
	}
	if len(docs) == 1 {
		id, _ := docs[0]["id"].(string)
		return []string{id}, err, nil
	}
	half := len(docs) / 2
	r1, why1, err := e.add(ctx, kind, docs[:half])
	if err != nil {
		return nil, nil, err
	}
	r2, why2, err := e.add(ctx, kind, docs[half:])
	if err != nil {
		return nil, nil, err
	}
	return append(r1, r2...), errors.Join(why1, why2), nil
}

// neverSucceeds reports an answer to a document write that the same
// documents will always get: the payload is too large, or a document is
// invalid for Meilisearch.
func neverSucceeds(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) && (ae.Status == http.StatusRequestEntityTooLarge || ae.Code == "payload_too_large") {
		return true
	}
	var te *TaskError
	if errors.As(err, &te) {
		return strings.HasPrefix(te.Code, "invalid_document") || te.Code == "missing_document_id" ||
			te.Code == "document_fields_limit_reached" || te.Code == "max_fields_limit_exceeded"
	}
	return false
}

// Delete implements search.Index; unknown ids are ignored by Meilisearch.
func (e *Engine) Delete(ctx context.Context, kind search.Kind, ids []string) error {
	if _, err := e.schema(kind); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.TaskTimeout)
	defer cancel()
	idx := e.client.Index(e.uid(kind))
	var tasks []*meilisearch.TaskInfo
	for start := 0; start < len(ids); start += batchSize {
		info, err := idx.DeleteDocumentsWithContext(ctx, ids[start:min(start+batchSize, len(ids))], nil)
		if err != nil {
			if isCode(err, "index_not_found") {
				return nil // nothing to delete
			}
			return e.fail(ctx, err, "delete documents from %s", e.uid(kind))
		}
		tasks = append(tasks, info)
	}
	for _, t := range tasks {
		if err := e.wait(ctx, t); err != nil {
			if isCode(err, "index_not_found") {
				return nil
			}
			return err
		}
	}
	return nil
}

// Stats implements search.Index. An index that does not exist yet holds no
// documents.
func (e *Engine) Stats(ctx context.Context, kind search.Kind) (search.Stats, error) {
	if _, err := e.schema(kind); err != nil {
		return search.Stats{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.TaskTimeout)
	defer cancel()
	st, err := e.client.Index(e.uid(kind)).GetStatsWithContext(ctx, nil)
	if err != nil {
		if isCode(err, "index_not_found") {
			return search.Stats{}, nil
		}
		return search.Stats{}, e.fail(ctx, err, "read stats of %s", e.uid(kind))
	}
	return search.Stats{Count: int(st.NumberOfDocuments)}, nil
}

// IDs implements search.Index by paging through the documents, fetching
// only their ids.
func (e *Engine) IDs(ctx context.Context, kind search.Kind) ([]string, error) {
	if _, err := e.schema(kind); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.cfg.TaskTimeout)
	defer cancel()
	idx := e.client.Index(e.uid(kind))
	ids := []string{}
	for offset := int64(0); ; {
		var page meilisearch.DocumentsResult
		err := idx.GetDocumentsWithContext(ctx, &meilisearch.DocumentsQuery{
			Offset: offset, Limit: e.idPage, Fields: []string{"id"},
		}, &page)
		if err != nil {
			if isCode(err, "index_not_found") {
				return ids, nil
			}
			return nil, e.fail(ctx, err, "list document ids of %s", e.uid(kind))
		}
		for _, h := range page.Results {
			id, err := hitID(h)
			if err != nil {
				return nil, apperr.Wrap(apperr.Internal, err, "list document ids of %s", e.uid(kind))
			}
			ids = append(ids, id)
		}
		offset += int64(len(page.Results))
		if int64(len(page.Results)) < e.idPage || offset >= page.Total {
			return ids, nil
		}
	}
}

// idRE is the id format search.Document promises; Meilisearch accepts the
// same characters (and at most 511 bytes).
var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,511}$`)

// toMeili turns a document into the JSON object Meilisearch stores.
func toMeili(d search.Document) (map[string]any, error) {
	if !idRE.MatchString(d.ID) {
		return nil, apperr.Field("id", fmt.Sprintf("%q is not a valid document id (letters, digits, '-' and '_')", d.ID))
	}
	m := make(map[string]any, len(d.Fields)+1)
	for k, v := range d.Fields {
		m[k] = v
	}
	m["id"] = d.ID
	return m, nil
}

// hitID reads the "id" of a returned document.
func hitID(h meilisearch.Hit) (string, error) {
	raw, ok := h["id"]
	if !ok {
		return "", errors.New("document without id")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("document id %s is neither string nor number", raw)
}

// TaskError is a Meilisearch task that ended failed or canceled. It keeps
// Meilisearch's error code and message.
type TaskError struct {
	UID     int64
	Index   string
	Type    string
	Status  string
	Code    string
	ErrType string
	Message string
	Link    string
}

func (t *TaskError) Error() string {
	if t.Status == string(meilisearch.TaskStatusCanceled) {
		return fmt.Sprintf("meilisearch task %d (%s on %s) was canceled", t.UID, t.Type, t.Index)
	}
	return fmt.Sprintf("meilisearch task %d (%s on %s) failed: %s: %s", t.UID, t.Type, t.Index, t.Code, t.Message)
}

// wait polls a task until it has finished and reports a failed or canceled
// task as an error.
func (e *Engine) wait(ctx context.Context, info *meilisearch.TaskInfo) error {
	delay := e.pollMin
	for {
		t, err := e.client.GetTaskWithContext(ctx, info.TaskUID)
		if err != nil {
			return e.fail(ctx, err, "wait for task %d on %s", info.TaskUID, info.IndexUID)
		}
		switch t.Status {
		case meilisearch.TaskStatusSucceeded:
			return nil
		case meilisearch.TaskStatusFailed, meilisearch.TaskStatusCanceled:
			te := &TaskError{
				UID: info.TaskUID, Index: t.IndexUID, Type: string(t.Type), Status: string(t.Status),
				Code: t.Error.Code, ErrType: t.Error.Type, Message: t.Error.Message, Link: t.Error.Link,
			}
			if te.Index == "" {
				te.Index = info.IndexUID
			}
			// Internal and system errors (disk full, I/O) and cancellations
			// are worth retrying; a rejected request is a bug to fix.
			code := apperr.Internal
			if t.Status == meilisearch.TaskStatusCanceled || t.Error.Type == "internal" || t.Error.Type == "system" {
				code = apperr.Unavailable
			}
			return apperr.Wrap(code, te, "search engine rejected a change")
		}
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return apperr.Wrap(apperr.Unavailable, ctx.Err(), "search engine did not finish task %d on %s in time", info.TaskUID, info.IndexUID)
		case <-timer.C:
		}
		delay = min(2*delay, e.pollMax)
	}
}

// fail translates a client error: unreachable, timed out or 5xx is
// Unavailable, and so is a refused API key (401/403: every call fails the
// same way until the operator fixes MEILI_API_KEY, so searches answer 503
// with a message naming the key, and the sync worker retries with backoff);
// a payload too large (413) is Invalid, so Upsert splits the batch; anything
// else the server rejected is Internal, since every query was validated
// against the schema before it was sent.
func (e *Engine) fail(ctx context.Context, err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	if ctx.Err() != nil {
		return apperr.Wrap(apperr.Unavailable, errors.Join(ctx.Err(), err), "search engine: %s: no answer in time", what)
	}
	var me *meilisearch.Error
	if errors.As(err, &me) {
		switch me.ErrCode {
		case meilisearch.MeilisearchCommunicationError, meilisearch.MeilisearchTimeoutError, meilisearch.MeilisearchMaxRetriesExceeded:
			return apperr.Wrap(apperr.Unavailable, err, "search engine unreachable: %s", what)
		}
		if me.StatusCode != 0 {
			err = &APIError{
				Status: me.StatusCode, Code: me.MeilisearchApiError.Code, Type: me.MeilisearchApiError.Type,
				Message: me.MeilisearchApiError.Message, Link: me.MeilisearchApiError.Link,
			}
		}
	}
	var te *transportError
	if errors.As(err, &te) {
		return apperr.Wrap(apperr.Unavailable, err, "search engine unreachable: %s", what)
	}
	var ae *APIError
	if errors.As(err, &ae) {
		switch {
		case ae.Status >= 500 || ae.Status == http.StatusTooManyRequests:
			return apperr.Wrap(apperr.Unavailable, err, "search engine unavailable (HTTP %d): %s", ae.Status, what)
		case ae.Status == http.StatusUnauthorized || ae.Status == http.StatusForbidden:
			return apperr.Wrap(apperr.Unavailable, err, "search engine refused the API key (HTTP %d %s): %s; MEILI_API_KEY must be a key with the actions meili.KeyActions on the indexes %s*",
				ae.Status, ae.Code, what, e.cfg.IndexPrefix)
		case ae.Status == http.StatusRequestEntityTooLarge:
			return apperr.Wrap(apperr.Invalid, err, "search engine: %s: the request is too large", what)
		}
		return apperr.Wrap(apperr.Internal, err, "search engine refused: %s", what)
	}
	return apperr.Wrap(apperr.Internal, err, "search engine: %s", what)
}

// APIError is an error response from Meilisearch, with its error code.
type APIError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Type    string `json:"type"`
	Message string `json:"message"`
	Link    string `json:"link"`
}

func (a *APIError) Error() string {
	return fmt.Sprintf("meilisearch HTTP %d: %s: %s", a.Status, a.Code, a.Message)
}

// isCode reports whether err is a Meilisearch API error or task error with
// the given error code.
func isCode(err error, code string) bool {
	var me *meilisearch.Error
	if errors.As(err, &me) && me.MeilisearchApiError.Code == code {
		return true
	}
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == code {
		return true
	}
	var te *TaskError
	return errors.As(err, &te) && te.Code == code
}
