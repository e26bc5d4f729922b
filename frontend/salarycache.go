package frontend

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/laufbahn/laufbahn/search"
)

// salaryCounts remembers the "salary from" facet's counts of a job search
// for a short while. Each count is a search of its own (the engines count
// keyword facets, not number thresholds), four per page view; they do not
// depend on the page, the sort or the chosen threshold, so paging, sorting
// and trying a threshold reuse them. Stale counts (at most salaryCountTTL)
// are acceptable for a facet's labels; the results themselves are never
// cached.
type salaryCounts struct {
	mu      sync.Mutex
	entries map[string]salaryCountEntry
}

type salaryCountEntry struct {
	counts  map[int]int
	expires time.Time
}

const (
	salaryCountTTL = 30 * time.Second
	// salaryCountMax bounds the memory: past it, expired entries go, and
	// if none has expired the whole cache starts over.
	salaryCountMax = 5000
)

func newSalaryCounts() *salaryCounts {
	return &salaryCounts{entries: map[string]salaryCountEntry{}}
}

// key is the search the counts belong to: text, filters and place.
func salaryCountKey(q search.Query) string {
	q.Facets, q.Page, q.Limit, q.Sort = nil, 0, 0, ""
	b, err := json.Marshal(q)
	if err != nil {
		return ""
	}
	return string(b)
}

func (c *salaryCounts) get(key string, now time.Time) (map[int]int, bool) {
	if key == "" {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	return e.counts, true
}

func (c *salaryCounts) put(key string, counts map[int]int, now time.Time) {
	if key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= salaryCountMax {
		for k, e := range c.entries {
			if now.After(e.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= salaryCountMax {
			c.entries = map[string]salaryCountEntry{}
		}
	}
	c.entries[key] = salaryCountEntry{counts: counts, expires: now.Add(salaryCountTTL)}
}
