package frontend

import (
	"context"
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/content"
)

// TestRetiredContentPages: a role an editor retired answers 410 with the
// "no longer available" page, and leaves the role list (issue 12, part 5).
func TestRetiredContentPages(t *testing.T) {
	ctx := context.Background()
	e := newTestEnv(t)
	store := e.Site.Content
	d, err := store.AdminGet(ctx, content.KindRoles, "bueroleiter")
	if err != nil {
		t.Fatal(err)
	}
	r := *d.Doc.(*content.Role)
	r.Slug, r.Title = "test-sekretariat", content.Text{DE: "Testsekretär/in", EN: "Test secretary"}
	r.AltTitles, r.Related, r.MovesTo, r.MovesFrom = nil, nil, nil, nil
	if _, err := store.AdminCreate(ctx, content.KindRoles, &r, "u_redaktion"); err != nil {
		t.Fatal(err)
	}
	if resp, body := e.get(t, "/berufe/test-sekretariat"); resp.StatusCode != 200 || !strings.Contains(body, "Testsekretär/in") {
		t.Fatalf("created role page: %d", resp.StatusCode)
	}
	if _, err := store.AdminRetire(ctx, content.KindRoles, "test-sekretariat", 1, "u_redaktion", "Test"); err != nil {
		t.Fatal(err)
	}
	resp, body := e.get(t, "/berufe/test-sekretariat")
	if resp.StatusCode != 410 {
		t.Fatalf("retired role page: %d, want 410", resp.StatusCode)
	}
	mustContain(t, body, "Nicht mehr verfügbar")
	if _, body := e.get(t, "/berufe"); strings.Contains(body, "/berufe/test-sekretariat") {
		t.Error("the role list links a retired role")
	}
}
