package frontend

import (
	"testing"
	"time"
)

func mustDate(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, berlin)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
