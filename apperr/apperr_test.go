package apperr

import (
	"errors"
	"fmt"
	"testing"
)

func TestProblems(t *testing.T) {
	var p Problems
	if p.Err("x") != nil || p.Len() != 0 {
		t.Fatal("empty Problems must yield nil")
	}
	p.Add("title", "is required")
	p.Add("title", "second message is ignored")
	p.Merge("steps[0]", Field("course", "unknown"))
	p.Merge("roles", &Error{Code: Invalid, Fields: map[string]string{"[2].slug": "bad"}})
	p.Merge("file.yaml", errors.New("cannot parse"))
	err := p.Err("invalid content")
	var e *Error
	if !errors.As(err, &e) || e.Code != Invalid {
		t.Fatalf("got %v", err)
	}
	want := map[string]string{"title": "is required", "steps[0].course": "unknown", "roles[2].slug": "bad", "file.yaml": "cannot parse"}
	if fmt.Sprint(e.Fields) != fmt.Sprint(want) {
		t.Fatalf("fields %v, want %v", e.Fields, want)
	}
	if got := e.Error(); got != "invalid: invalid content; file.yaml: cannot parse; roles[2].slug: bad; steps[0].course: unknown; title: is required" {
		t.Fatalf("Error() = %q", got)
	}
}

func TestCodeOf(t *testing.T) {
	cause := errors.New("driver said no")
	wrapped := fmt.Errorf("context: %w", Wrap(NotFound, cause, "role %q not found", "x"))
	if CodeOf(wrapped) != NotFound || !Is(wrapped, NotFound) || !errors.Is(wrapped, cause) {
		t.Fatalf("code %q", CodeOf(wrapped))
	}
	if CodeOf(errors.New("plain")) != Internal || CodeOf(nil) != "" {
		t.Fatal("plain errors are internal, nil has no code")
	}
}
