package account_test

import (
	"testing"

	"github.com/laufbahn/laufbahn/account"
)

func TestPendingInvitations(t *testing.T) {
	e := newEnv(t)
	boss := e.User(t, "chefin@example.de", account.Employer, true)
	other := e.User(t, "andere@example.de", account.Employer, true)
	if _, err := e.Service.CreateInvite(ctx, boss, "Kollege@Example.de", "de"); err != nil {
		t.Fatal(err)
	}
	used, err := e.Service.CreateInvite(ctx, boss, "used@example.de", "de")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.CreateInvite(ctx, boss, "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.CreateInvite(ctx, other, "fremd@example.de", ""); err != nil {
		t.Fatal(err)
	}
	joiner := e.User(t, "used@example.de", account.Employer, false)
	if _, err := e.Service.JoinOrganisation(ctx, joiner, used.Token); err != nil {
		t.Fatal(err)
	}
	list, err := e.Service.PendingInvitations(ctx, boss.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("pending: %+v, want the link-only one and kollege@", list)
	}
	emails := map[string]bool{}
	for _, p := range list {
		emails[p.Email] = true
		if p.InvitedBy != boss.Name || !p.ExpiresAt.After(p.CreatedAt) {
			t.Errorf("pending %+v: inviter or dates wrong", p)
		}
	}
	if !emails["kollege@example.de"] || !emails[""] {
		t.Errorf("pending addresses %v", emails)
	}
	// Expired invitations are not pending.
	e.Clock.Advance(account.InviteTTL + 1)
	if list, err = e.Service.PendingInvitations(ctx, boss.OrgID); err != nil || len(list) != 0 {
		t.Fatalf("after expiry: %+v, %v", list, err)
	}
}
