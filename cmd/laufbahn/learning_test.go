package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/learning"
)

// TestLearningEndToEnd is the learning issue's "done when" through the whole
// program, as the README shows it with curl: a learner enrols in a path,
// ticks two steps, sets three skills and gets a gap analysis for
// Backoffice-Manager/in with a concrete course plan; after a restart the
// progress is still there.
func TestLearningEndToEnd(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir)
	api := s.url + "/api/v1"
	if code := call(t, "POST", api+"/auth/register", "", `{"email":"lena@example.de","password":"Tintenfass Gartenzaun 47","name":"Lena"}`, nil); code != 202 {
		t.Fatalf("register: %d", code)
	}
	_, text := waitForMail(t, filepath.Join(dir, "mail"), "lena@example.de")
	if code := call(t, "POST", api+"/auth/verify-email", "", `{"token":"`+tokenOf(t, text)+`"}`, nil); code != 204 {
		t.Fatalf("verify: %d", code)
	}
	var login tokenPair
	if code := call(t, "POST", api+"/auth/login", "", `{"email":"lena@example.de","password":"Tintenfass Gartenzaun 47"}`, &login); code != 200 {
		t.Fatalf("login: %d", code)
	}
	tok := login.AccessToken
	const path = "/me/enrolments/weiterbildung-backoffice-manager"
	if code := call(t, "POST", api+"/me/enrolments", tok, `{"path":"weiterbildung-backoffice-manager"}`, nil); code != 201 {
		t.Fatalf("enrol: %d", code)
	}
	var step struct {
		Enrolment struct {
			Progress struct{ Percent float64 }
			Steps    []struct {
				Number int
				State  string
			}
		}
	}
	// Steps count from 1, as the website shows them: steps/1 is the first.
	if code := call(t, "PATCH", api+path+"/steps/0", tok, `{"state":"done"}`, nil); code != 404 {
		t.Fatalf("step 0: %d, want 404", code)
	}
	if code := call(t, "PATCH", api+path+"/steps/1", tok, `{"state":"done","doneOn":"2023-07-15","note":"IHK-Abschluss"}`, &step); code != 200 || step.Enrolment.Progress.Percent != 33.3 ||
		len(step.Enrolment.Steps) == 0 || step.Enrolment.Steps[0].Number != 1 || step.Enrolment.Steps[0].State != "done" {
		t.Fatalf("tick 1: %d %+v", code, step)
	}
	if code := call(t, "PATCH", api+path+"/steps/2", tok, `{"state":"done","link":"https://example.de/arbeitszeugnis.pdf"}`, &step); code != 200 || step.Enrolment.Progress.Percent != 66.7 {
		t.Fatalf("tick 2: %d %+v", code, step)
	}
	for _, body := range []struct{ skill, body string }{{"ms-office", `{"level":3,"evidence":"Ausbildung"}`}, {"organisationstalent", `{"level":2}`}, {"englisch", `{"level":1}`}} {
		if code := call(t, "PUT", api+"/me/skills/"+body.skill, tok, body.body, nil); code != 200 {
			t.Fatalf("skill %s: %d", body.skill, code)
		}
	}
	if code := call(t, "PUT", api+"/me/background", tok, `{"commercialTraining":true,"abitur":false,"officeYears":3}`, nil); code != 200 {
		t.Fatalf("background: %d", code)
	}
	var gap struct {
		Plan struct {
			Courses []struct {
				Slug, Duration, SatisfiedBy string
				Order                       int
			}
			Uncovered []struct{ Skill, Reason string }
		}
	}
	if code := call(t, "GET", api+"/me/gap-analysis?role=backoffice-manager", tok, "", &gap); code != 200 {
		t.Fatalf("gap analysis: %d", code)
	}
	got := ""
	for _, c := range gap.Plan.Courses {
		got += c.Slug + ","
	}
	if got != "anleiten-neuer-mitarbeiter,fernstudium-backoffice-manager," || gap.Plan.Courses[1].SatisfiedBy != "background:kaufmaennische-ausbildung" || len(gap.Plan.Uncovered) == 0 {
		t.Fatalf("plan %+v", gap.Plan)
	}
	s.stop(t)

	s = startServer(t, dir)
	defer s.stop(t)
	var e struct {
		Progress struct{ Percent float64 }
		Steps    []struct{ State, Note string }
	}
	if code := call(t, "GET", s.url+"/api/v1"+path, tok, "", &e); code != 200 || e.Progress.Percent != 66.7 || e.Steps[0].Note != "IHK-Abschluss" {
		t.Fatalf("after a restart: %d %+v", code, e)
	}
}

// TestExperienceYearsSetting: the assumed years of "mehrjährige
// Berufserfahrung" are a serve setting (default learning's), checked.
func TestExperienceYearsSetting(t *testing.T) {
	parse := func(env map[string]string) (Config, error) {
		return newCommand("serve", "", io.Discard, "experience-years").parse(nil, envFunc(env))
	}
	if cfg, err := parse(nil); err != nil || cfg.ExperienceYears != learning.DefaultExperienceYears {
		t.Fatalf("default: %+v, %v", cfg.ExperienceYears, err)
	}
	if cfg, err := parse(map[string]string{"LAUFBAHN_EXPERIENCE_YEARS": "5"}); err != nil || cfg.ExperienceYears != 5 {
		t.Fatalf("5: %+v, %v", cfg.ExperienceYears, err)
	}
	for _, bad := range []string{"0", "drei", "61"} {
		if _, err := parse(map[string]string{"LAUFBAHN_EXPERIENCE_YEARS": bad}); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"serve", "--help"}, envFunc(nil), io.Discard, &out); err != nil || !strings.Contains(out.String(), "LAUFBAHN_EXPERIENCE_YEARS") {
		t.Fatalf("serve --help lacks the setting (%v):\n%s", err, out.String())
	}
}
