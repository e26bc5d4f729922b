package jobs_test

import (
	"slices"
	"testing"

	"github.com/laufbahn/laufbahn/jobs"
)

func TestStatusNext(t *testing.T) {
	for _, tc := range []struct {
		from jobs.Status
		want []jobs.Status
	}{
		{jobs.Received, []jobs.Status{jobs.InReview, jobs.Interview, jobs.Rejected}},
		{jobs.Interview, []jobs.Status{jobs.Offer, jobs.Rejected}},
		{jobs.Offer, []jobs.Status{jobs.Hired, jobs.Rejected}},
		{jobs.Hired, nil},
		{jobs.WithdrawnByApplicant, nil},
	} {
		got := tc.from.Next()
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: next %v, want %v", tc.from, got, tc.want)
		}
		if len(got) > 0 {
			got[0] = "changed" // a copy: the rules stay as they are
			if tc.from.Next()[0] == "changed" {
				t.Fatal("Next hands out the rules themselves")
			}
		}
	}
}
