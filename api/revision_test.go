package api

import (
	"encoding/json"
	"strconv"
	"testing"
)

// TestPostingRevisions: two editors load the same posting; the first save
// wins, the second (with the revision or ETag it loaded) is refused, 409
// or 412, and changes nothing. Every posting answer carries the ETag.
func TestPostingRevisions(t *testing.T) {
	a := newJobsApp(t)
	id := a.create(t, a.employer, nil)
	path := "/api/v1/organisations/mine/postings/" + id
	resp, body := a.do(t, "GET", path, a.employer, "")
	wantStatus(t, resp, body, 200)
	var loaded PostingResult
	if err := json.Unmarshal(body, &loaded); err != nil {
		t.Fatal(err)
	}
	rev := loaded.Posting.Revision
	etag := resp.Header.Get("ETag")
	if rev < 1 || etag != `"`+strconv.FormatInt(rev, 10)+`"` {
		t.Fatalf("revision %d, ETag %q", rev, etag)
	}
	// Editor one saves with If-Match.
	resp, body = a.do(t, "PATCH", path, a.employer, `{"title":"Erste Fassung (m/w/d)"}`, "If-Match", etag)
	wantStatus(t, resp, body, 200)
	newTag := resp.Header.Get("ETag")
	if newTag == "" || newTag == etag {
		t.Fatalf("ETag after the change: %q", newTag)
	}
	before := a.snapshotJobs(t)
	// Editor two still holds the first revision: by If-Match, 412; by the
	// body's revision, 409; nothing changes.
	resp, body = a.do(t, "PATCH", path, a.employer, `{"title":"Zweite Fassung (m/w/d)"}`, "If-Match", etag)
	wantStatus(t, resp, body, 412)
	if resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("412 as %s", resp.Header.Get("Content-Type"))
	}
	resp, body = a.do(t, "PATCH", path, a.employer, `{"title":"Zweite Fassung (m/w/d)","revision":`+strconv.FormatInt(rev, 10)+`}`)
	wantStatus(t, resp, body, 409)
	if a.snapshotJobs(t) != before {
		t.Fatal("a stale PATCH changed something")
	}
	// Bad preconditions are 400s naming them.
	resp, body = a.do(t, "PATCH", path, a.employer, `{"title":"X (m/w/d)"}`, "If-Match", "W/\"2\"")
	wantStatus(t, resp, body, 400)
	resp, body = a.do(t, "PATCH", path, a.employer, `{"revision":0}`)
	wantStatus(t, resp, body, 400)
	resp, body = a.do(t, "PATCH", path, a.employer, `{"revision":2}`, "If-Match", `"3"`)
	wantStatus(t, resp, body, 400)
	// With the current revision the second editor gets through.
	resp, body = a.do(t, "PATCH", path, a.employer, `{"title":"Zweite Fassung (m/w/d)","revision":`+strconv.FormatInt(rev+1, 10)+`}`)
	wantStatus(t, resp, body, 200)
	var saved PostingResult
	_ = json.Unmarshal(body, &saved)
	if saved.Posting.Title != "Zweite Fassung (m/w/d)" || saved.Posting.Revision != rev+2 {
		t.Errorf("after the second save: %q at %d", saved.Posting.Title, saved.Posting.Revision)
	}
	// Lifecycle answers carry the ETag too.
	resp, body = a.do(t, "POST", path+"/publish", a.employer, "")
	wantStatus(t, resp, body, 200)
	if resp.Header.Get("ETag") != `"`+strconv.FormatInt(rev+3, 10)+`"` {
		t.Errorf("publish ETag %q", resp.Header.Get("ETag"))
	}
}
