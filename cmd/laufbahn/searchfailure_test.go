package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/notify/notifytest"
)

// freezeDirs makes every folder under dir refuse new files, as the
// reliability test did with chattr +i (root ignores permission bits;
// anyone else gets read-only folders), and returns the repair.
func freezeDirs(t *testing.T, dir string) (repair func()) {
	t.Helper()
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	set := func(on bool) {
		for _, d := range dirs {
			var err error
			var out []byte
			switch {
			case os.Geteuid() == 0 && on:
				out, err = exec.Command("chattr", "+i", d).CombinedOutput()
			case os.Geteuid() == 0:
				out, err = exec.Command("chattr", "-i", d).CombinedOutput()
			case on:
				err = os.Chmod(d, 0o555)
			default:
				err = os.Chmod(d, 0o755)
			}
			if err != nil {
				t.Fatalf("%s: %v %s", d, err, out)
			}
		}
	}
	set(true)
	done := false
	repair = func() {
		if !done {
			done = true
			set(false)
		}
	}
	t.Cleanup(repair)
	return repair
}

// TestUnwritableSearchFolderThroughServe is issue 13's reproduction through
// the whole program: with the folders under <data>/search unwritable, a
// posting is created and published (both 2xx). The process used to exit
// about 2.5 s later with a panic in zapx from the sync worker's retry. Now
// it keeps serving: job searches answer 503 problem+json, /readyz names the
// degraded index, and once the folder is writable again the posting is
// found.
func TestUnwritableSearchFolderThroughServe(t *testing.T) {
	dir := t.TempDir()
	smtp := notifytest.Start(t)
	s := startServerWith(t, dir, map[string]string{"LAUFBAHN_SMTP_URL": smtp.URL()})
	api := s.url + "/api/v1"
	employer := signUp(t, api, smtp, `{"email":"chefin@example.de","password":"`+testPassword+`","name":"Clara Chef","role":"employer",
		"organisation":{"name":"Kanzlei Grün GmbH","sizeClass":"10-49","industry":"Recht","locations":[{"city":"München","postalCode":"80331","bundesland":"BY"}]}}`, "chefin@example.de")

	repair := freezeDirs(t, filepath.Join(dir, "search"))
	posting := `{"title":"Sachbearbeiter Zebrafinkbuchhaltung (m/w/d)","role":"backoffice-mitarbeiter","description":"` + strings.Repeat("Sie übernehmen die Buchhaltung und organisieren das Büro. ", 10) + `",
		"tasks":["Belege buchen"],"skills":[],"experienceYears":1,"location":{"postalCode":"80331","city":"München","bundesland":"BY"},
		"remote":{"mode":"onsite"},"employment":{"type":"vollzeit","fixedTerm":false},"benefits":[],"apply":{"method":"platform"},
		"salary":{"min":38000,"max":44000,"period":"year","currency":"EUR"}}`
	var created struct{ Posting struct{ ID string } }
	if code := call(t, "POST", api+"/organisations/mine/postings", employer, posting, &created); code != 201 {
		t.Fatalf("create posting with the search folder unwritable: %d", code)
	}
	if code := call(t, "POST", api+"/organisations/mine/postings/"+created.Posting.ID+"/publish", employer, `{}`, nil); code != 200 {
		t.Fatalf("publish with the search folder unwritable: %d", code)
	}

	// The unwritable index is closed on each failed write and reopened for
	// reading at most every 2 s, so poll until both a degraded /readyz and a
	// 503 job search were seen; nothing may ever answer 500.
	var ready struct {
		Checks map[string]string
		Search struct {
			Unavailable map[string]string
			Panics      int64
		}
	}
	sawDegraded, saw503 := false, false
	deadline := time.Now().Add(60 * time.Second)
	for !sawDegraded || !saw503 {
		select {
		case err := <-s.done:
			t.Fatalf("the server stopped: %v\n%s", err, s.logs)
		default:
		}
		if code := getJSON(t, s.url+"/readyz", &ready); code == 200 && ready.Checks["search"] == "degraded" && ready.Search.Unavailable["jobs"] != "" {
			sawDegraded = true
		}
		resp, err := http.Get(api + "/search/jobs?q=Zebrafinkbuchhaltung")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch {
		case resp.StatusCode == 503 && resp.Header.Get("Content-Type") == "application/problem+json":
			saw503 = true
		case resp.StatusCode >= 500:
			t.Fatalf("job search on the broken index: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if time.Now().After(deadline) {
			t.Fatalf("never saw the broken index: degraded /readyz %v, 503 search %v (%+v)", sawDegraded, saw503, ready)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Still alive a while later (the crash came about 2.5 s after the write).
	time.Sleep(3 * time.Second)
	select {
	case err := <-s.done:
		t.Fatalf("the server stopped: %v\n%s", err, s.logs)
	default:
	}

	repair()
	var res struct{ Total int }
	deadline = time.Now().Add(90 * time.Second)
	for {
		if code := getJSON(t, api+"/search/jobs?q=Zebrafinkbuchhaltung", &res); code == 200 && res.Total == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the index did not converge after the repair: %+v\n%s", res, s.logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop(t)
}
