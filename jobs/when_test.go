package jobs

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/apperr"
)

func TestDeadline(t *testing.T) {
	for in, want := range map[string]string{
		`"2027-01-31"`:                "2027-01-31T22:59:59Z", // end of the day in Germany (CET, UTC+1)
		`"2027-07-31"`:                "2027-07-31T21:59:59Z", // summer time (UTC+2)
		`"2027-01-31T18:00:00+01:00"`: "2027-01-31T17:00:00Z",
	} {
		var v struct {
			ValidThrough *Deadline `json:"validThrough"`
		}
		if err := json.Unmarshal([]byte(`{"validThrough":`+in+`}`), &v); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := v.ValidThrough.Format(time.RFC3339); got != want {
			t.Errorf("%s = %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{`"31.01.2027"`, `"2027-02-30"`, `20270131`, `"tomorrow"`} {
		var v struct {
			ValidThrough *Deadline `json:"validThrough"`
		}
		err := json.Unmarshal([]byte(`{"validThrough":`+in+`}`), &v)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid || ae.Fields["validThrough"] == "" {
			t.Errorf("%s: err = %v, want an invalid validThrough", in, err)
		}
	}
}
