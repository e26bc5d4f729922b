package content

import (
	"context"
	"errors"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
)

func TestSlugOf(t *testing.T) {
	for in, want := range map[string]string{
		"Back-Office-Manager/in":          "back-office-manager",
		"Büromanager/in":                  "bueromanager",
		"Back Office Manager":             "back-office-manager",
		"Leitung Backoffice":              "leitung-backoffice",
		"Büroangestellte/r im Backoffice": "bueroangestellte-im-backoffice",
	} {
		if got := SlugOf(in); got != want {
			t.Errorf("SlugOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRoleAlternativeSlugs: an alternative spelling of a role answers a
// NotFound that says where the role is (the API redirects there); an
// unknown slug is a plain NotFound.
func TestRoleAlternativeSlugs(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	set, err := Load(Curated())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Seed(ctx, set, false); err != nil {
		t.Fatal(err)
	}
	for from, to := range map[string]string{
		"back-office-manager":      "backoffice-manager",
		"backoffice-managerin":     "backoffice-manager",
		"bueromanager":             "bueroleiter",
		"head-of-office":           "bueroleiter",
		"backoffice-administrator": "back-office-administrator",
		"buero-allrounder":         "backoffice-mitarbeiter",
	} {
		_, err := s.Role(ctx, from)
		var m *Moved
		if !errors.As(err, &m) || m.To != to || m.From != from || !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Role(%q) = %v, want moved to %q (a NotFound)", from, err, to)
		}
	}
	_, err = s.Role(ctx, "astronaut")
	var m *Moved
	if !apperr.Is(err, apperr.NotFound) || errors.As(err, &m) {
		t.Errorf("Role(astronaut) = %v, want a plain NotFound", err)
	}
}
