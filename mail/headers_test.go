package mail

import (
	"testing"
	"time"
)

func TestExtraHeaders(t *testing.T) {
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	m := Message{To: "a@example.de", Subject: "x", Text: "y", Headers: map[string]string{
		"List-Unsubscribe": "<https://laufbahn.example/api/v1/notifications/unsubscribe?token=abc>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}
	raw, _, err := build(from, m, now)
	if err != nil {
		t.Fatal(err)
	}
	h, _, _, _ := parse(t, raw)
	if h.Get("List-Unsubscribe") != m.Headers["List-Unsubscribe"] || h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("headers %v", h)
	}
	for name, hs := range map[string]map[string]string{
		"line break in value": {"List-Unsubscribe": "<x>\r\nBcc: victim@example.de"},
		"bad name":            {"Bcc: x\r\nX": "y"},
		"replaces a field":    {"Subject": "other"},
	} {
		if _, _, err := build(from, Message{To: "a@example.de", Text: "y", Headers: hs}, now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
