package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// filesMentioning lists the files under dir whose bytes contain s, compared
// case-insensitively.
func filesMentioning(t *testing.T, dir, s string) []string {
	t.Helper()
	var out []string
	needle := bytes.ToLower([]byte(s))
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) { // a file removed while we walk
				return nil
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if bytes.Contains(bytes.ToLower(b), needle) {
			out = append(out, strings.TrimPrefix(path, dir))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDeletedAccountLeavesNoTrace is the erasure promise through the whole
// program with a real data directory: after DELETE /api/v1/me (and the
// checkpoint that follows it) the address is in no file under the data
// directory, neither in the embedded database's files and WAL nor in the
// mail folder, while another account's data stays.
func TestDeletedAccountLeavesNoTrace(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	api := s.url + "/api/v1"
	const addr, other, pw = "loesch.mich.4711@example.de", "bleibt.hier@example.de", "Tintenfass Gartenzaun 47"
	for _, a := range []string{addr, other} {
		if code := call(t, "POST", api+"/auth/register", "", `{"email":"`+a+`","password":"`+pw+`","name":"Erika Lösch"}`, nil); code != 202 {
			t.Fatalf("register %s: %d", a, code)
		}
		_, text := waitForMail(t, filepath.Join(dir, "mail"), a)
		if code := call(t, "POST", api+"/auth/verify-email", "", `{"token":"`+tokenOf(t, text)+`"}`, nil); code != 204 {
			t.Fatalf("verify %s: %d", a, code)
		}
	}
	var login tokenPair
	if code := call(t, "POST", api+"/auth/login", "", `{"email":"`+addr+`","password":"`+pw+`"}`, &login); code != 200 {
		t.Fatalf("login: %d", code)
	}
	// Some data beside the account: a profile change, a skill, a reset mail.
	if code := call(t, "PATCH", api+"/me", login.AccessToken, `{"name":"Erika Lösch-Muster"}`, nil); code != 200 {
		t.Fatalf("patch me: %d", code)
	}
	if code := call(t, "POST", api+"/auth/password-reset", "", `{"email":"`+addr+`"}`, nil); code != 202 {
		t.Fatalf("reset: %d", code)
	}
	deadline := time.Now().Add(15 * time.Second)
	for len(filesMentioning(t, filepath.Join(dir, "mail"), addr)) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the reset mail never came")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if found := filesMentioning(t, filepath.Join(dir, "db"), addr); len(found) == 0 {
		t.Fatal("the address is in no database file before the deletion; the test would prove nothing")
	}

	if code := call(t, "DELETE", api+"/me", login.AccessToken, `{"password":"`+pw+`"}`, nil); code != 204 {
		t.Fatalf("delete me: %d", code)
	}
	// The erasure runs in the background and logs when it is done.
	deadline = time.Now().Add(60 * time.Second)
	for !strings.Contains(s.logs.String(), "erased from the data directory") {
		if time.Now().After(deadline) {
			t.Fatalf("no erasure logged a minute after the deletion; logs:\n%s", s.logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if found := filesMentioning(t, dir, addr); len(found) > 0 {
		t.Fatalf("after the erasure the address is still in %v", found)
	}
	// The other account is untouched and still signs in.
	if code := call(t, "POST", api+"/auth/login", "", `{"email":"`+other+`","password":"`+pw+`"}`, nil); code != 200 {
		t.Fatalf("the other account: %d", code)
	}
	if len(filesMentioning(t, filepath.Join(dir, "mail"), other)) == 0 {
		t.Error("the other account's mail was erased too")
	}
	s.stop(t)
	if found := filesMentioning(t, dir, addr); len(found) > 0 {
		t.Fatalf("after shutdown the address is in %v", found)
	}
	// And the data directory opens again.
	s = startServer(t, dir)
	s.stop(t)
}
