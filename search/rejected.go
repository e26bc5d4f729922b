package search

import (
	"fmt"
	"strings"
)

// RejectedError is what Index.Upsert returns when the engine refused some
// documents for good (a document too large for a request, or one the engine
// calls invalid): every other document of the call was written. Retrying
// the same documents can never succeed, so the sync worker logs them and
// confirms them with the rest instead of retrying the batch on every pass;
// the periodic reconcile finds them missing and tries again, and so does
// their next change.
type RejectedError struct {
	Kind Kind
	IDs  []string
	Err  error
}

func (r *RejectedError) Error() string {
	return fmt.Sprintf("search: %s rejected %d documents (%s): %v", r.Kind, len(r.IDs), strings.Join(r.IDs, ", "), r.Err)
}

func (r *RejectedError) Unwrap() error { return r.Err }
