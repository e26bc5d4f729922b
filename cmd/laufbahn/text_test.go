package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

func TestHumanText(t *testing.T) {
	for d, want := range map[time.Duration]string{24 * time.Hour: "24 hours", 7 * 24 * time.Hour: "7 days", time.Hour: "1 hour",
		90 * time.Minute: "90 minutes", 1500 * time.Millisecond: "1.5s"} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
	if count(1, "salary range", "salary ranges") != "1 salary range" || count(4, "role", "roles") != "4 roles" {
		t.Error("count")
	}
}

// TestCLIHelpTexts: --help at the top lists the commands; healthcheck's
// --addr is the server to check; admin create lists only its own settings.
func TestCLIHelpTexts(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, envFunc(nil), &out, io.Discard); err != nil || !strings.Contains(out.String(), "Commands:") || !strings.Contains(out.String(), "healthcheck") {
			t.Errorf("%v: %v\n%s", args, err, out.String())
		}
	}
	var hc bytes.Buffer
	_ = run(context.Background(), []string{"healthcheck", "--help"}, envFunc(nil), io.Discard, &hc)
	if strings.Contains(hc.String(), "listen on") || !strings.Contains(hc.String(), "server to check") {
		t.Errorf("healthcheck --help:\n%s", hc.String())
	}
	var ac bytes.Buffer
	_ = run(context.Background(), []string{"admin", "create", "--help"}, envFunc(nil), io.Discard, &ac)
	for _, unrelated := range []string{"LAUFBAHN_SMTP_URL", "LAUFBAHN_MAIL_FROM", "LAUFBAHN_TRUSTED_PROXIES"} {
		if strings.Contains(ac.String(), unrelated) {
			t.Errorf("admin create --help lists %s:\n%s", unrelated, ac.String())
		}
	}
	if !strings.Contains(ac.String(), "--email") || !strings.Contains(ac.String(), "LAUFBAHN_BASE_URL") {
		t.Errorf("admin create --help lacks its own flags:\n%s", ac.String())
	}
}
