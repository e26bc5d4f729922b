package api

import (
	"testing"

	"github.com/laufbahn/laufbahn/account"
)

func TestTranslateDE(t *testing.T) {
	for en, de := range map[string]string{
		"is required":                             "ist erforderlich",
		"must be at most 120 characters":          "darf höchstens 120 Zeichen lang sein",
		"must be an integer from 1 to 100":        "muss eine ganze Zahl von 1 bis 100 sein",
		`role "astronaut" not found`:              `Rolle "astronaut" nicht gefunden`,
		"posting not found":                       "Stellenanzeige nicht gefunden",
		"invalid query parameters":                "ungültige Abfrageparameter",
		"something the catalogue does not know":   "something the catalogue does not know",
		"unknown parameter; allowed: lang, limit": "unbekannter Parameter; erlaubt: lang, limit",
	} {
		if got := translateDE(en); got != de {
			t.Errorf("translateDE(%q) = %q, want %q", en, got, de)
		}
	}
}

// TestProblemsInTheRequestLanguage: problem details follow an explicit
// German request (?lang=de or Accept-Language); field names stay; without
// one they stay English.
func TestProblemsInTheRequestLanguage(t *testing.T) {
	app := newTestApp(t, nil)
	runScenarios(t, app, []scenario{
		{name: "German by lang", path: "/api/v1/roles?limit=abc&lang=de", wantStatus: 400,
			wantBody: []string{`"title":"Ungültige Anfrage"`, `"limit":"muss eine ganze Zahl von 1 bis 100 sein"`, `"detail":"ungültige Abfrageparameter"`}},
		{name: "German by Accept-Language", path: "/api/v1/roles?limit=abc", header: map[string]string{"Accept-Language": "de-DE,de;q=0.9"}, wantStatus: 400,
			wantBody: []string{`"limit":"muss eine ganze Zahl von 1 bis 100 sein"`}},
		{name: "English by lang", path: "/api/v1/roles?limit=abc&lang=en", wantStatus: 400,
			wantBody: []string{`"title":"Bad Request"`, `"limit":"must be an integer from 1 to 100"`}},
		{name: "English without a language", path: "/api/v1/roles?limit=abc", wantStatus: 400,
			wantBody: []string{`"limit":"must be an integer from 1 to 100"`}},
		{name: "not found in German", path: "/api/v1/roles/astronaut?lang=de", wantStatus: 404,
			wantBody: []string{`"title":"Nicht gefunden"`, `Rolle \"astronaut\" nicht gefunden`}},
	})
}

// TestProblemsInTheAccountLanguage: without ?lang or Accept-Language a
// signed-in user's problems come in the account's language; both of those
// still win over it.
func TestProblemsInTheAccountLanguage(t *testing.T) {
	a := newLearningApp(t)
	a.User(t, "lena@example.de", account.Learner, false)
	tok := a.login(t, "lena@example.de").AccessToken
	runScenarios(t, a.app, []scenario{
		{name: "German account, nothing asked", method: "PATCH", path: "/api/v1/me", token: tok, body: `{"name":["a"]}`, wantStatus: 400,
			wantBody: []string{`"title":"Ungültige Anfrage"`, `"name":"muss ein Text sein"`}},
		{name: "Accept-Language wins over the account", method: "PATCH", path: "/api/v1/me", token: tok, body: `{"name":["a"]}`,
			header: map[string]string{"Accept-Language": "en"}, wantStatus: 400, wantBody: []string{`"name":"must be a string"`}},
		{name: "choose English", method: "PATCH", path: "/api/v1/me", token: tok, body: `{"language":"en"}`, wantStatus: 200},
		{name: "English account, nothing asked", method: "PATCH", path: "/api/v1/me", token: tok, body: `{"name":["a"]}`, wantStatus: 400,
			wantBody: []string{`"title":"Bad Request"`, `"name":"must be a string"`}},
		{name: "lang wins over the account", method: "PATCH", path: "/api/v1/me?lang=de", token: tok, body: `{"name":["a"]}`, wantStatus: 400,
			wantBody: []string{`"name":"muss ein Text sein"`}},
		{name: "anonymous stays English", path: "/api/v1/me", wantStatus: 401, wantBody: []string{`"title":"Unauthorized"`}},
	})
}
