package api

import (
	"encoding/json"
	"testing"

	"github.com/laufbahn/laufbahn/account"
)

func TestInvalidUTF8Field(t *testing.T) {
	for body, want := range map[string]string{
		"{\"name\":\"Erika \xff\"}":                             "name",
		"{\"a\":1,\"title\":\"B\xc3\x28ro\"}":                   "title",
		"{\"tasks\":[\"ok\",\"b\xffad\"]}":                      "tasks[1]",
		"{\"contact\":{\"name\":\"x\",\"email\":\"\xe2\x82\"}}": "contact.email",
		"{\"n\xffme\":\"x\"}":                                   "n\ufffdme",
		"{\"skills\":[{\"slug\":\"a\"},{\"slug\":\"\xff\"}]}":   "skills[1].slug",
		"[\"\xff\"]": "[0]",
		"\"\xff\"":   "body",
	} {
		if got := invalidUTF8Field([]byte(body)); got != want {
			t.Errorf("%q: %q, want %q", body, got, want)
		}
	}
}

// TestStrictInput: a string with an invalid UTF-8 byte, and a one-line
// field with control, bidirectional or zero-width characters, are a 400
// naming the field, and nothing is stored.
func TestStrictInput(t *testing.T) {
	a := newAccountsApp(t, nil)
	a.User(t, "erika@example.de", account.Learner, false)
	tok := a.login(t, "erika@example.de").AccessToken
	before := a.snapshot(t)
	for name, body := range map[string]string{
		"invalid UTF-8":            "{\"name\":\"Erika \xff Muster\"}",
		"a cut sequence":           "{\"language\":\"de\",\"name\":\"B\xc3\"}",
		"a line break":             `{"name":"Erika\nAdmin"}`,
		"a tab":                    `{"name":"Erika\tMuster"}`,
		"a right-to-left override": `{"name":"Erika \u202eretsuM"}`,
		"an isolate":               `{"name":"Erika \u2067Muster\u2069"}`,
		"a zero-width space":       `{"name":"Ad\u200bmin"}`,
		"a zero-width joiner":      `{"name":"Erika\u200dMuster"}`,
		"a byte order mark":        `{"name":"\ufeffErika"}`,
	} {
		resp, b := a.do(t, "PATCH", "/api/v1/me", tok, body)
		var p Problem
		_ = json.Unmarshal(b, &p)
		if resp.StatusCode != 400 || p.Errors["name"] == "" {
			t.Errorf("%s: %d %s, want 400 naming name", name, resp.StatusCode, b)
		}
	}
	if a.snapshot(t) != before {
		t.Error("a refused body changed something")
	}
	// Ordinary international names pass.
	resp, b := a.do(t, "PATCH", "/api/v1/me", tok, `{"name":"Zoë Ørsted-Ünal – مدير"}`)
	wantStatus(t, resp, b, 200)
}
