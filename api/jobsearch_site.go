package api

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/search"
)

// JobSearchRead is a job search request read the way GET
// /api/v1/search/jobs reads it, for another surface that shows the same
// search (the website's /jobs), so both understand a request alike.
type JobSearchRead struct {
	// Query is the search to run (Page and Limit as the request asks).
	Query search.Query
	// Text is the search text as typed; SearchText what is searched as
	// text after place, employment and work-mode words became filters.
	Text, SearchText string
	// Chips are the filters in force, each with the query string without it.
	Chips []Chip
	// WithoutChip is Query without Chips[i], for each i.
	WithoutChip []search.Query
	Place       *PlaceView
	// Sort is the order applied: relevance, date, salary or distance.
	Sort string
	// Problems names the parameters that could not be read (parameter →
	// message); the search runs without them.
	Problems map[string]string
}

// ReadJobSearch reads the job search parameters of c (labels in lang).
// Parameters the API does not know are ignored rather than refused.
func ReadJobSearch(c *fiber.Ctx, lang string) JobSearchRead {
	q := &query{c: c, lang: lang}
	js := readJobSearch(q)
	out := JobSearchRead{Query: js.sq, Text: js.text, SearchText: js.read.Text, Chips: js.chips, WithoutChip: js.drop, Place: js.place, Sort: js.sort}
	var ae *apperr.Error
	if err := q.err(); errors.As(err, &ae) {
		out.Problems = ae.Fields
	}
	return out
}

// JobSearchRetries offers, for a job search of c that found nothing, what
// GET /api/v1/search/jobs offers: a corrected text ("Meinten Sie …?") and
// the searches without one filter each ("12 Treffer ohne den Filter
// Teilzeit"), both only where they find something. Labels are in lang.
func JobSearchRetries(ctx context.Context, idx search.Index, store *content.Store, c *fiber.Ctx, lang string) (*Retry, []Retry, error) {
	s := &server{Deps: Deps{Search: idx, Content: store}}
	return s.retries(ctx, readJobSearch(&query{c: c, lang: lang}), lang)
}
