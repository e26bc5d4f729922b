// Package apperr defines the one error type the application uses to say what
// went wrong in terms a client can act on. Stores and domain code return
// *Error values; the HTTP layer maps their Code to a status in one place.
package apperr

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Code classifies an error for clients and for the status mapping.
type Code string

// The codes the application uses. Every other error is internal.
const (
	Invalid      Code = "invalid"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	NotFound     Code = "not_found"
	Gone         Code = "gone"
	Conflict     Code = "conflict"
	TooMany      Code = "too_many"
	Unavailable  Code = "unavailable"
	Internal     Code = "internal"
)

// Error is an application error with a code, a message safe to show to a
// client, optional field-level problems and an optional wrapped cause that is
// logged but never shown.
type Error struct {
	Code    Code
	Message string
	// Fields maps a field path (as the client spelled it, e.g. "limit" or
	// "roles[0].title.de") to what is wrong with it.
	Fields map[string]string
	Err    error
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with a code and message that keeps err as its cause.
func Wrap(code Code, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// Field returns an Invalid error about a single field.
func Field(field, problem string) *Error {
	return &Error{Code: Invalid, Message: "invalid " + field, Fields: map[string]string{field: problem}}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// Problems collects field-level problems while validating and turns them into
// one Invalid error.
type Problems struct {
	fields map[string]string
}

// Add records a problem with field unless one is already recorded for it.
func (p *Problems) Add(field, problem string) {
	if p.fields == nil {
		p.fields = map[string]string{}
	}
	if _, ok := p.fields[field]; !ok {
		p.fields[field] = problem
	}
}

// Addf records a formatted problem with field.
func (p *Problems) Addf(field, format string, args ...any) {
	p.Add(field, fmt.Sprintf(format, args...))
}

// Merge adds every problem of err (if it is an Invalid *Error) under prefix.
// Any other non-nil error is recorded under prefix itself.
func (p *Problems) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var e *Error
	if errors.As(err, &e) && e.Code == Invalid && len(e.Fields) > 0 {
		for k, v := range e.Fields {
			p.Add(join(prefix, k), v)
		}
		return
	}
	p.Add(prefix, err.Error())
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case strings.HasPrefix(field, "["):
		return prefix + field
	default:
		return prefix + "." + field
	}
}

// Len returns the number of recorded problems.
func (p *Problems) Len() int { return len(p.fields) }

// Err returns nil when nothing was recorded, otherwise an Invalid error
// listing every problem.
func (p *Problems) Err(message string) error {
	if len(p.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: message, Fields: maps.Clone(p.fields)}
}
