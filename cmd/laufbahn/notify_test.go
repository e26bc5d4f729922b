package main

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/laufbahn/laufbahn/notify/notifytest"
)

const testPassword = "Tintenfass Gartenzaun 47"

// signUp registers and verifies an account by the link in the mail the
// SMTP server received, and returns an access token.
func signUp(t *testing.T, api string, smtp *notifytest.Server, body, email string) string {
	t.Helper()
	if code := call(t, "POST", api+"/auth/register", "", body, nil); code != 202 {
		t.Fatalf("register %s: %d", email, code)
	}
	deadline := time.Now().Add(15 * time.Second)
	for len(smtp.To(email)) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no verification mail to %s", email)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := call(t, "POST", api+"/auth/verify-email", "", `{"token":"`+tokenOf(t, smtp.To(email)[0].Text)+`"}`, nil); code != 204 {
		t.Fatalf("verify %s: %d", email, code)
	}
	var login tokenPair
	if code := call(t, "POST", api+"/auth/login", "", `{"email":"`+email+`","password":"`+testPassword+`"}`, &login); code != 200 {
		t.Fatalf("login %s: %d", email, code)
	}
	return login.AccessToken
}

// TestStatusMailSurvivesACrash: the program is stopped after the status
// change is acknowledged and before its mail is sent (the sender is off),
// started again on the same data dir with the sender on, and exactly one
// mail reaches the applicant; the bell shows it too.
func TestStatusMailSurvivesACrash(t *testing.T) {
	dir := t.TempDir()
	smtp := notifytest.Start(t)
	env := map[string]string{"LAUFBAHN_SMTP_URL": smtp.URL(), "LAUFBAHN_NOTIFY_SEND": "off"}
	s := startServerWith(t, dir, env)
	api := s.url + "/api/v1"
	employer := signUp(t, api, smtp, `{"email":"chefin@example.de","password":"`+testPassword+`","name":"Clara Chef","role":"employer",
		"organisation":{"name":"Kanzlei Grün GmbH","sizeClass":"10-49","industry":"Recht","locations":[{"city":"München","postalCode":"80331","bundesland":"BY"}]}}`, "chefin@example.de")
	learner := signUp(t, api, smtp, `{"email":"lea@example.de","password":"`+testPassword+`","name":"Lea Lernt"}`, "lea@example.de")

	posting := `{"title":"Sachbearbeiter Buchhaltung (m/w/d)","role":"backoffice-mitarbeiter","description":"` + strings.Repeat("Sie übernehmen die Buchhaltung und organisieren das Büro. ", 10) + `",
		"tasks":["Belege buchen"],"skills":[],"experienceYears":1,"location":{"postalCode":"80331","city":"München","bundesland":"BY"},
		"remote":{"mode":"onsite"},"employment":{"type":"vollzeit","fixedTerm":false},"benefits":[],"apply":{"method":"platform"},
		"salary":{"min":38000,"max":44000,"period":"year","currency":"EUR"}}`
	var created struct{ Posting struct{ ID string } }
	if code := call(t, "POST", api+"/organisations/mine/postings", employer, posting, &created); code != 201 {
		t.Fatalf("create posting: %d", code)
	}
	if code := call(t, "POST", api+"/organisations/mine/postings/"+created.Posting.ID+"/publish", employer, `{}`, nil); code != 200 {
		t.Fatalf("publish: %d", code)
	}
	var app struct{ ID string }
	if code := call(t, "POST", api+"/jobs/"+created.Posting.ID+"/applications", learner, `{"coverNote":"Guten Tag"}`, &app); code != 201 {
		t.Fatalf("apply: %d", code)
	}
	if code := call(t, "POST", api+"/organisations/mine/applications/"+url.PathEscape(app.ID)+"/status", employer,
		`{"status":"interview","message":"Gespräch am 3. Dezember um 10 Uhr"}`, nil); code != 200 {
		t.Fatalf("move: %d", code)
	}
	// Acknowledged; now the process goes away before any mail is sent.
	s.stop(t)
	statusMails := func() []notifytest.Received {
		var out []notifytest.Received
		for _, m := range smtp.To("lea@example.de") {
			if strings.Contains(m.Subject, "Gespräch") {
				out = append(out, m)
			}
		}
		return out
	}
	if n := len(statusMails()); n != 0 {
		t.Fatalf("%d status mails before the restart", n)
	}

	env["LAUFBAHN_NOTIFY_SEND"] = "on"
	s = startServerWith(t, dir, env)
	defer s.stop(t)
	deadline := time.Now().Add(30 * time.Second)
	for len(statusMails()) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no status mail after the restart; logs:\n%s", s.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(2 * notifyInterval) // more worker passes: still one
	ms := statusMails()
	if len(ms) != 1 {
		t.Fatalf("%d status mails, want exactly 1", len(ms))
	}
	if !strings.Contains(ms[0].Text, "Gespräch am 3. Dezember um 10 Uhr") || !strings.Contains(ms[0].Text, "/mein-bereich/bewerbungen/") ||
		ms[0].Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("mail:\n%s\n%v", ms[0].Text, ms[0].Header)
	}
	var bell struct{ Unread int }
	if code := call(t, "GET", s.url+"/api/v1/me/notifications/unread-count", learner, "", &bell); code != 200 || bell.Unread != 1 {
		t.Errorf("bell: %d %+v", code, bell)
	}
	if errs := smtp.Errors(); len(errs) > 0 {
		t.Errorf("mails that did not parse: %v", errs)
	}
}
