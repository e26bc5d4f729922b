package api

import "testing"

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
