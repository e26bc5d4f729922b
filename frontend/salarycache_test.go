package frontend

import (
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/search"
)

func TestSalaryCountsAreKeptBriefly(t *testing.T) {
	c := newSalaryCounts()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	q := search.Query{Text: "Backoffice", Filters: []search.Filter{search.Eq("bundesland", "BY")}, Page: 2, Sort: search.ByDate}
	key := salaryCountKey(q)
	c.put(key, map[int]int{30000: 7}, now)

	// Another page or sort of the same search shares the counts.
	q2 := q
	q2.Page, q2.Sort = 1, search.ByRelevance
	if got, ok := c.get(salaryCountKey(q2), now.Add(time.Second)); !ok || got[30000] != 7 {
		t.Fatalf("same search, other page: %v %v", got, ok)
	}
	// Another filter does not.
	q3 := q
	q3.Filters = []search.Filter{search.Eq("bundesland", "BE")}
	if _, ok := c.get(salaryCountKey(q3), now); ok {
		t.Fatal("counts of another search")
	}
	// They expire.
	if _, ok := c.get(key, now.Add(salaryCountTTL+time.Second)); ok {
		t.Fatal("counts kept past their time")
	}
	// The cache stays bounded.
	for i := range salaryCountMax + 10 {
		c.put(salaryCountKey(search.Query{Text: string(rune('a' + i%26)), Limit: i, Filters: []search.Filter{search.Eq("role", string(rune(i)))}}), map[int]int{}, now)
	}
	if n := len(c.entries); n > salaryCountMax {
		t.Fatalf("%d entries", n)
	}
}
