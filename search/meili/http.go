package meili

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// do sends one request of our own to Meilisearch: used where the client
// library cannot say what we mean (settings: a patch holding exactly the
// fields the server knows, empty lists and false values included). A
// non-2xx answer is returned as *APIError with Meilisearch's error code.
func (e *Engine) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(e.cfg.URL, "/")+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if e.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+e.cfg.APIKey)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return &transportError{err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return &transportError{err: err}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		ae := &APIError{Status: resp.StatusCode}
		if json.Unmarshal(raw, ae) != nil || ae.Code == "" {
			ae.Message = strings.TrimSpace(string(raw))
		}
		return ae
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("meilisearch %s %s: decode answer: %w", method, path, err)
		}
	}
	return nil
}

// transportError is a request that got no answer (connection refused,
// reset, timeout).
type transportError struct{ err error }

func (t *transportError) Error() string { return "meilisearch unreachable: " + t.err.Error() }
func (t *transportError) Unwrap() error { return t.err }
