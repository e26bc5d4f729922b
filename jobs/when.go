package jobs

import (
	"bytes"
	"encoding/json"
	"time"
	_ "time/tzdata" // the German time zone also where the system has no zone files

	"github.com/laufbahn/laufbahn/apperr"
)

// germanTime is the time zone a date without a time refers to.
var germanTime = mustLoadLocation("Europe/Berlin")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("jobs: time zone " + name + ": " + err.Error()) // cannot happen: time/tzdata is embedded
	}
	return loc
}

// Deadline is a point in time in a request body, given either as an RFC 3339
// date-time ("2027-01-31T18:00:00+01:00") or as a date ("2027-01-31"), which
// means the end of that day in Germany (the posting stays open all of it).
type Deadline struct {
	time.Time
}

// UnmarshalJSON accepts a date or an RFC 3339 date-time string.
func (d *Deadline) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return apperr.Field("validThrough", "must be a date (YYYY-MM-DD) or a date-time (RFC 3339)")
	}
	t, err := ParseDeadline(s)
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// ParseDeadline reads a date (end of that day in Germany) or an RFC 3339
// date-time.
func ParseDeadline(s string) (time.Time, error) {
	if day, err := time.ParseInLocation(time.DateOnly, s, germanTime); err == nil {
		return day.AddDate(0, 0, 1).Add(-time.Second).UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, apperr.Field("validThrough", "must be a date (YYYY-MM-DD) or a date-time (RFC 3339)")
}
