package account_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/account/accounttest"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

func TestMain(m *testing.M) { os.Exit(mongodbtest.Run(m)) }

var ctx = context.Background()

const pw = accounttest.Password

func newEnv(t *testing.T) *accounttest.Env {
	t.Helper()
	return accounttest.New(t, mongodbtest.New(t))
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("got %v (code %q), want %q", err, apperr.CodeOf(err), code)
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Invalid {
		t.Fatalf("got %v, want an invalid error naming %q", err, field)
	}
	if _, ok := e.Fields[field]; !ok {
		t.Fatalf("error %v does not name %q", err, field)
	}
}

func count(t *testing.T, e *accounttest.Env, coll string) int64 {
	t.Helper()
	n, err := e.DB.Collection(coll).CountDocuments(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func storedUser(t *testing.T, e *accounttest.Env, id string) bson.M {
	t.Helper()
	var m bson.M
	if err := e.DB.Collection(account.CollUsers).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRegisterVerifyLogin(t *testing.T) {
	e := newEnv(t)
	r := account.Registration{Email: "  Erika.Muster@Example.DE ", Password: pw, Name: " Erika ", Language: "en"}
	if err := e.Service.Register(ctx, r); err != nil {
		t.Fatal(err)
	}
	m := e.Mailbox.Last(t, "erika.muster@example.de")
	if m.Subject != "Please confirm your e-mail address" || !strings.Contains(m.Text, accounttest.BaseURL+account.VerifyPath+"?token=") {
		t.Fatalf("verification mail: %+v", m)
	}
	// Not yet verified: the right password is answered with Forbidden.
	_, err := e.Service.Login(ctx, "erika.muster@example.de", pw, account.Client{})
	wantCode(t, err, apperr.Forbidden)
	if !strings.Contains(err.Error(), "confirm your e-mail") {
		t.Fatalf("unverified login: %v", err)
	}
	tok := accounttest.LinkToken(t, m.Text)
	if err := e.Service.VerifyEmail(ctx, tok); err != nil {
		t.Fatal(err)
	}
	wantField(t, e.Service.VerifyEmail(ctx, tok), "token") // single use
	s, err := e.Service.Login(ctx, "ERIKA.muster@example.de", pw, account.Client{UserAgent: "curl/8"})
	if err != nil {
		t.Fatal(err)
	}
	if s.User.Name != "Erika" || s.User.Role != account.Learner || s.User.Language != "en" || !s.User.EmailVerified {
		t.Fatalf("user %+v", s.User)
	}
	u, p, err := e.Service.Authenticate(ctx, s.AccessToken)
	if err != nil || u.ID != s.User.ID || p.Session != s.SessionID {
		t.Fatalf("authenticate: %v %+v", err, p)
	}
	if len(s.RefreshToken) != 43 || !s.RefreshExpiresAt.Equal(e.Clock.Now().Add(account.RefreshTTL)) {
		t.Fatalf("refresh token %q expires %v", s.RefreshToken, s.RefreshExpiresAt)
	}
	// Only the hash of the refresh token is stored.
	n, _ := e.DB.Collection(account.CollRefreshTokens).CountDocuments(ctx, bson.D{{Key: "_id", Value: s.RefreshToken}})
	if n != 0 {
		t.Fatal("the refresh token is stored in the clear")
	}
}

func TestRegisterValidation(t *testing.T) {
	e := newEnv(t)
	e2 := accounttest.New(t, e.DB, accounttest.Options{RoleExists: func(_ context.Context, slug string) (bool, error) { return slug == "bueroleiter", nil }})
	org := &account.OrganisationInput{Name: "Kanzlei", SizeClass: "10-49", Industry: "Recht", Locations: []account.Location{{City: "Köln", PostalCode: "50667", Bundesland: "nw"}}}
	cases := map[string]struct {
		r     account.Registration
		field string
	}{
		"no e-mail":              {account.Registration{Password: pw}, "email"},
		"bad e-mail":             {account.Registration{Email: "erika@", Password: pw}, "email"},
		"display name in e-mail": {account.Registration{Email: "Erika <erika@example.de>", Password: pw}, "email"},
		"weak password":          {account.Registration{Email: "erika@example.de", Password: "passwort123"}, "password"},
		"password is the e-mail": {account.Registration{Email: "erika.mustermann@example.de", Password: "erika.mustermann1"}, "password"},
		"admin role":             {account.Registration{Email: "erika@example.de", Password: pw, Role: account.Admin}, "role"},
		"bad language":           {account.Registration{Email: "erika@example.de", Password: pw, Language: "fr"}, "language"},
		"unknown target role":    {account.Registration{Email: "erika@example.de", Password: pw, TargetRole: "astronaut"}, "targetRole"},
		"learner with org":       {account.Registration{Email: "erika@example.de", Password: pw, Organisation: org}, "organisation"},
		"org and invite":         {account.Registration{Email: "erika@example.de", Password: pw, Role: account.Employer, Organisation: org, InviteToken: "x"}, "inviteToken"},
		"bad invite":             {account.Registration{Email: "erika@example.de", Password: pw, Role: account.Employer, InviteToken: "nope"}, "inviteToken"},
		"org without locations": {account.Registration{Email: "erika@example.de", Password: pw, Role: account.Employer,
			Organisation: &account.OrganisationInput{Name: "K", SizeClass: "10-49", Industry: "Recht"}}, "organisation.locations"},
		"org bad postal code": {account.Registration{Email: "erika@example.de", Password: pw, Role: account.Employer,
			Organisation: &account.OrganisationInput{Name: "K", SizeClass: "10-49", Industry: "Recht", Locations: []account.Location{{City: "Köln", PostalCode: "5066", Bundesland: "NW"}}}}, "organisation.locations[0].postalCode"},
		"org http website": {account.Registration{Email: "erika@example.de", Password: pw, Role: account.Employer,
			Organisation: &account.OrganisationInput{Name: "K", SizeClass: "10-49", Industry: "Recht", Website: "http://example.de", Locations: org.Locations}}, "organisation.website"},
		"org bad size": {account.Registration{Email: "erika@example.de", Password: pw, Role: account.Employer,
			Organisation: &account.OrganisationInput{Name: "K", SizeClass: "viele", Industry: "Recht", Locations: org.Locations}}, "organisation.sizeClass"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			wantField(t, e2.Service.Register(ctx, c.r), c.field)
		})
	}
	for _, coll := range []string{account.CollUsers, account.CollUserEmails, account.CollOrganisations} {
		if n := count(t, e, coll); n != 0 {
			t.Errorf("%s has %d documents after only invalid registrations", coll, n)
		}
	}
	if err := e2.Service.Register(ctx, account.Registration{Email: "ok@example.de", Password: pw, TargetRole: "bueroleiter"}); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterTakenAddressLooksTheSame(t *testing.T) {
	e := newEnv(t)
	owner := e.User(t, "owner@example.de", account.Learner, false)
	before := e.Service.Passwords().Runs()
	errNew := e.Service.Register(ctx, account.Registration{Email: "new@example.de", Password: pw})
	runsNew := e.Service.Passwords().Runs() - before
	before = e.Service.Passwords().Runs()
	errTaken := e.Service.Register(ctx, account.Registration{Email: "Owner@Example.de", Password: "Ein ganz anderes Passwort 9"})
	runsTaken := e.Service.Passwords().Runs() - before
	if errNew != nil || errTaken != nil {
		t.Fatalf("answers differ: %v / %v", errNew, errTaken)
	}
	if runsNew != 1 || runsTaken != 1 {
		t.Fatalf("argon2 runs: new %d, taken %d; both paths must hash once", runsNew, runsTaken)
	}
	m := e.Mailbox.Last(t, "owner@example.de")
	if m.Subject != "Registrierung mit Ihrer E-Mail-Adresse" || !strings.Contains(m.Text, account.ForgotPath) {
		t.Fatalf("owner was not told: %+v", m)
	}
	// Nothing about the owner changed.
	u, _ := e.Service.User(ctx, owner.ID)
	if u.PasswordHash != owner.PasswordHash || u.TokenVersion != owner.TokenVersion {
		t.Fatal("a registration with a taken address changed the account")
	}
	if n := count(t, e, account.CollUsers); n != 2 {
		t.Fatalf("%d users, want 2", n)
	}
	// An owner who never verified gets a fresh verification link instead.
	if err := e.Service.Register(ctx, account.Registration{Email: "new@example.de", Password: pw}); err != nil {
		t.Fatal(err)
	}
	if ms := e.Mailbox.To("new@example.de"); len(ms) != 2 || ms[1].Subject != ms[0].Subject {
		t.Fatalf("unverified owner mails: %+v", ms)
	}
}

func TestLoginFailuresLookTheSame(t *testing.T) {
	e := newEnv(t)
	e.User(t, "erika@example.de", account.Learner, false)
	runs := func(f func() error) (int64, error) {
		before := e.Service.Passwords().Runs()
		err := f()
		return e.Service.Passwords().Runs() - before, err
	}
	nUnknown, errUnknown := runs(func() error { _, err := e.Service.Login(ctx, "nobody@example.de", pw, account.Client{}); return err })
	nWrong, errWrong := runs(func() error { _, err := e.Service.Login(ctx, "erika@example.de", pw+"x", account.Client{}); return err })
	wantCode(t, errUnknown, apperr.Unauthorized)
	if errUnknown.Error() != errWrong.Error() {
		t.Fatalf("unknown e-mail %q vs wrong password %q", errUnknown, errWrong)
	}
	if nUnknown != 1 || nWrong != 1 {
		t.Fatalf("argon2 runs: unknown %d, wrong %d; both must verify once", nUnknown, nWrong)
	}
	_, err := e.Service.Login(ctx, "", "", account.Client{})
	wantField(t, err, "email")
	wantField(t, err, "password")
}

func TestRefreshRotationAndReuse(t *testing.T) {
	e := newEnv(t)
	e.User(t, "erika@example.de", account.Learner, false)
	s1 := e.Login(t, "erika@example.de")
	s2, err := e.Service.Refresh(ctx, s1.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if s2.RefreshToken == s1.RefreshToken || s2.SessionID != s1.SessionID || s2.AccessToken == "" {
		t.Fatalf("rotation: %+v", s2)
	}
	s3, err := e.Service.Refresh(ctx, s2.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	// Reusing a spent token revokes the family: the newest token dies too,
	// and so do the family's access tokens.
	_, err = e.Service.Refresh(ctx, s1.RefreshToken)
	wantCode(t, err, apperr.Unauthorized)
	_, err = e.Service.Refresh(ctx, s3.RefreshToken)
	wantCode(t, err, apperr.Unauthorized)
	_, _, err = e.Service.Authenticate(ctx, s3.AccessToken)
	wantCode(t, err, apperr.Unauthorized)
	// Another session of the same user is not affected.
	other := e.Login(t, "erika@example.de")
	if _, err := e.Service.Refresh(ctx, other.RefreshToken); err != nil {
		t.Fatalf("other session: %v", err)
	}
	for _, bad := range []string{"", "x", strings.Repeat("A", 43), strings.Repeat("A", 5000)} {
		_, err := e.Service.Refresh(ctx, bad)
		wantCode(t, err, apperr.Unauthorized)
	}
}

func TestConcurrentRefreshSpendsOnce(t *testing.T) {
	e := newEnv(t)
	e.User(t, "erika@example.de", account.Learner, false)
	s := e.Login(t, "erika@example.de")
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.Service.Refresh(ctx, s.RefreshToken); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d concurrent refreshes with one token succeeded, want exactly 1", wins)
	}
}

func TestRefreshExpiry(t *testing.T) {
	e := newEnv(t)
	e.User(t, "erika@example.de", account.Learner, false)
	s := e.Login(t, "erika@example.de")
	e.Clock.Advance(account.RefreshTTL - time.Minute)
	s2, err := e.Service.Refresh(ctx, s.RefreshToken)
	if err != nil {
		t.Fatalf("before expiry: %v", err)
	}
	// Each rotation gives 30 more days.
	e.Clock.Advance(account.RefreshTTL - time.Minute)
	if _, err := e.Service.Refresh(ctx, s2.RefreshToken); err != nil {
		t.Fatalf("rotated token before its expiry: %v", err)
	}
	s3 := e.Login(t, "erika@example.de")
	e.Clock.Advance(account.RefreshTTL + time.Second)
	_, err = e.Service.Refresh(ctx, s3.RefreshToken)
	wantCode(t, err, apperr.Unauthorized)
}

func TestLogoutAndVersionBumps(t *testing.T) {
	e := newEnv(t)
	u := e.User(t, "erika@example.de", account.Learner, false)
	a, b := e.Login(t, "erika@example.de"), e.Login(t, "erika@example.de")

	// Logout ends one session, its refresh and its access token.
	if err := e.Service.Logout(ctx, a.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, err := e.Service.Refresh(ctx, a.RefreshToken)
	wantCode(t, err, apperr.Unauthorized)
	_, _, err = e.Service.Authenticate(ctx, a.AccessToken)
	wantCode(t, err, apperr.Unauthorized)
	if _, _, err := e.Service.Authenticate(ctx, b.AccessToken); err != nil {
		t.Fatalf("the other session died too: %v", err)
	}
	if err := e.Service.Logout(ctx, "unknown"); err != nil {
		t.Fatal(err)
	}

	// Logout everywhere ends all.
	if err := e.Service.LogoutAll(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = e.Service.Authenticate(ctx, b.AccessToken)
	wantCode(t, err, apperr.Unauthorized)
	_, err = e.Service.Refresh(ctx, b.RefreshToken)
	wantCode(t, err, apperr.Unauthorized)

	// A password change ends all sessions and hands out a new one.
	c := e.Login(t, "erika@example.de")
	_, err = e.Service.ChangePassword(ctx, u.ID, "wrong", "Neue Wolken über Bremen 5", account.Client{})
	wantField(t, err, "currentPassword")
	_, err = e.Service.ChangePassword(ctx, u.ID, pw, "passwort123", account.Client{})
	wantField(t, err, "newPassword")
	fresh, err := e.Service.ChangePassword(ctx, u.ID, pw, "Neue Wolken über Bremen 5", account.Client{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = e.Service.Authenticate(ctx, c.AccessToken)
	wantCode(t, err, apperr.Unauthorized)
	_, err = e.Service.Refresh(ctx, c.RefreshToken)
	wantCode(t, err, apperr.Unauthorized)
	if _, _, err := e.Service.Authenticate(ctx, fresh.AccessToken); err != nil {
		t.Fatalf("the new session: %v", err)
	}
	if _, err := e.Service.Login(ctx, "erika@example.de", "Neue Wolken über Bremen 5", account.Client{}); err != nil {
		t.Fatalf("login with the new password: %v", err)
	}
}

func TestPasswordReset(t *testing.T) {
	e := newEnv(t)
	u := e.User(t, "erika@example.de", account.Learner, false)
	old := e.Login(t, "erika@example.de")
	if err := e.Service.RequestPasswordReset(ctx, "nobody@example.de"); err != nil {
		t.Fatal(err)
	}
	if len(e.Mailbox.To("nobody@example.de")) != 0 {
		t.Fatal("mail to an unknown address")
	}
	wantField(t, e.Service.RequestPasswordReset(ctx, "not-an-address"), "email")
	if err := e.Service.RequestPasswordReset(ctx, "ERIKA@example.de"); err != nil {
		t.Fatal(err)
	}
	m := e.Mailbox.Last(t, "erika@example.de")
	if !strings.Contains(m.Text, accounttest.BaseURL+account.ResetPath+"?token=") || !strings.Contains(m.Text, "1 Stunde") {
		t.Fatalf("reset mail %+v", m)
	}
	tok := accounttest.LinkToken(t, m.Text)
	// A weak password keeps the link usable.
	wantField(t, e.Service.ResetPassword(ctx, tok, "passwort123"), "password")
	if err := e.Service.ResetPassword(ctx, tok, "Sieben Zwerge hinter Bergen 3"); err != nil {
		t.Fatal(err)
	}
	wantField(t, e.Service.ResetPassword(ctx, tok, "Sieben Zwerge hinter Bergen 4"), "token")
	_, _, err := e.Service.Authenticate(ctx, old.AccessToken)
	wantCode(t, err, apperr.Unauthorized)
	if _, err := e.Service.Login(ctx, u.Email, "Sieben Zwerge hinter Bergen 3", account.Client{}); err != nil {
		t.Fatal(err)
	}

	// Links expire.
	_ = e.Service.RequestPasswordReset(ctx, "erika@example.de")
	tok = e.Mailbox.Token(t, "erika@example.de")
	e.Clock.Advance(account.ResetTTL + time.Second)
	wantField(t, e.Service.ResetPassword(ctx, tok, "Sieben Zwerge hinter Bergen 5"), "token")
	// A verification token is not a reset token.
	_ = e.Service.Register(ctx, account.Registration{Email: "neu@example.de", Password: pw})
	wantField(t, e.Service.ResetPassword(ctx, e.Mailbox.Token(t, "neu@example.de"), "Sieben Zwerge hinter Bergen 5"), "token")
}

func TestVerificationExpiresAndResends(t *testing.T) {
	e := newEnv(t)
	if err := e.Service.Register(ctx, account.Registration{Email: "erika@example.de", Password: pw}); err != nil {
		t.Fatal(err)
	}
	tok := e.Mailbox.Token(t, "erika@example.de")
	e.Clock.Advance(account.VerifyTTL + time.Second)
	wantField(t, e.Service.VerifyEmail(ctx, tok), "token")
	if err := e.Service.ResendVerification(ctx, "erika@example.de"); err != nil {
		t.Fatal(err)
	}
	if err := e.Service.ResendVerification(ctx, "nobody@example.de"); err != nil {
		t.Fatal(err)
	}
	if err := e.Service.VerifyEmail(ctx, e.Mailbox.Token(t, "erika@example.de")); err != nil {
		t.Fatal(err)
	}
	n := len(e.Mailbox.All())
	_ = e.Service.ResendVerification(ctx, "erika@example.de")
	if len(e.Mailbox.All()) != n {
		t.Fatal("a verified address got another verification mail")
	}
}

func TestOrganisations(t *testing.T) {
	e := newEnv(t)
	boss := e.User(t, "chefin@example.de", account.Employer, true)
	if boss.OrgID == "" {
		t.Fatal("the employer has no organisation")
	}
	org, err := e.Service.Organisation(ctx, boss.OrgID)
	if err != nil || org.Name != "Kanzlei chefin" || org.CreatedBy != boss.ID {
		t.Fatalf("org %+v %v", org, err)
	}
	_, err = e.Service.CreateOrganisation(ctx, boss, account.OrganisationInput{})
	wantCode(t, err, apperr.Conflict)

	inv, err := e.Service.CreateInvite(ctx, boss, "kollege@example.de", "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(inv.URL, accounttest.BaseURL+account.InvitePath+"?token=") || !inv.ExpiresAt.Equal(e.Clock.Now().Add(7*24*time.Hour)) {
		t.Fatalf("invitation %+v", inv)
	}
	if m := e.Mailbox.Last(t, "kollege@example.de"); m.Subject != "Invitation to Kanzlei chefin on Laufbahn" {
		t.Fatalf("invitation mail %+v", m)
	}
	// Register as an employer with the invitation.
	if err := e.Service.Register(ctx, account.Registration{Email: "kollege@example.de", Password: pw, Name: "Kollege", Role: account.Employer, InviteToken: inv.Token}); err != nil {
		t.Fatal(err)
	}
	if err := e.Service.VerifyEmail(ctx, e.Mailbox.Token(t, "kollege@example.de")); err != nil {
		t.Fatal(err)
	}
	colleague := e.Login(t, "kollege@example.de").User
	if colleague.OrgID != boss.OrgID {
		t.Fatalf("colleague org %q", colleague.OrgID)
	}
	// Used once only.
	err = e.Service.Register(ctx, account.Registration{Email: "dritter@example.de", Password: pw, Role: account.Employer, InviteToken: inv.Token})
	wantField(t, err, "inviteToken")

	// An employer without an organisation joins by invitation.
	loner := e.User(t, "allein@example.de", account.Employer, false)
	inv2, _ := e.Service.CreateInvite(ctx, colleague, "", "")
	learner := e.User(t, "lerner@example.de", account.Learner, false)
	_, err = e.Service.JoinOrganisation(ctx, learner, inv2.Token)
	wantCode(t, err, apperr.Forbidden)
	_, err = e.Service.JoinOrganisation(ctx, loner, "wrong")
	wantField(t, err, "token")
	joined, err := e.Service.JoinOrganisation(ctx, loner, inv2.Token)
	if err != nil || joined.ID != boss.OrgID {
		t.Fatalf("join: %v", err)
	}
	org, _ = e.Service.Organisation(ctx, boss.OrgID)
	members, err := e.Service.Members(ctx, org)
	if err != nil || len(members) != 3 {
		t.Fatalf("members %+v %v", members, err)
	}
	// Expired invitations do not work.
	inv3, _ := e.Service.CreateInvite(ctx, boss, "", "")
	e.Clock.Advance(account.InviteTTL + time.Second)
	other := e.User(t, "spaet@example.de", account.Employer, false)
	_, err = e.Service.JoinOrganisation(ctx, other, inv3.Token)
	wantField(t, err, "token")

	name := "Kanzlei Grün & Partner"
	up, err := e.Service.UpdateOrganisation(ctx, org.ID, account.OrganisationUpdate{Name: &name})
	if err != nil || up.Name != name || up.Industry != "Recht" {
		t.Fatalf("update %+v %v", up, err)
	}
	bad := "http://example.de"
	_, err = e.Service.UpdateOrganisation(ctx, org.ID, account.OrganisationUpdate{Website: &bad})
	wantField(t, err, "website")
}

func TestDeleteAccount(t *testing.T) {
	e := newEnv(t)
	boss := e.User(t, "chefin@example.de", account.Employer, true)
	s := e.Login(t, "chefin@example.de")
	wantField(t, e.Service.DeleteAccount(ctx, boss.ID, "wrong"), "password")
	if err := e.Service.DeleteAccount(ctx, boss.ID, pw); err != nil {
		t.Fatal(err)
	}
	doc := storedUser(t, e, boss.ID)
	for _, personal := range []string{"email", "name", "passwordHash", "orgId", "language"} {
		if _, ok := doc[personal]; ok {
			t.Errorf("the tombstone keeps %s: %v", personal, doc)
		}
	}
	if doc["role"] != "employer" || doc["deletedAt"] == nil {
		t.Errorf("the tombstone lost its anonymous fields: %v", doc)
	}
	for _, coll := range []string{account.CollUserEmails, account.CollRefreshTokens, account.CollFamilies, account.CollOneTimeTokens} {
		n, _ := e.DB.Collection(coll).CountDocuments(ctx, bson.D{{Key: "userId", Value: boss.ID}})
		if n != 0 {
			t.Errorf("%s keeps %d documents of the deleted user", coll, n)
		}
	}
	org, _ := e.Service.Organisation(ctx, boss.OrgID)
	if members, _ := e.Service.Members(ctx, org); len(members) != 0 || len(org.MemberIDs) != 0 {
		t.Errorf("still a member: %+v", org.MemberIDs)
	}
	_, _, err := e.Service.Authenticate(ctx, s.AccessToken)
	wantCode(t, err, apperr.Unauthorized)
	_, err = e.Service.Login(ctx, "chefin@example.de", pw, account.Client{})
	wantCode(t, err, apperr.Unauthorized)
	if m := e.Mailbox.Last(t, "chefin@example.de"); m.Subject != "Ihr Laufbahn-Konto wurde gelöscht" {
		t.Errorf("last mail %q", m.Subject)
	}
	// The address is free again.
	e.User(t, "chefin@example.de", account.Learner, false)
}

func TestOrphanEmailClaim(t *testing.T) {
	e := newEnv(t)
	// A crash between the claim and the user insert leaves this behind.
	stale := e.Clock.Now().Add(-time.Hour)
	_, err := e.DB.Collection(account.CollUserEmails).InsertOne(ctx, bson.D{{Key: "_id", Value: "erika@example.de"}, {Key: "userId", Value: "u_gone"}, {Key: "createdAt", Value: stale}})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = e.DB.Collection(account.CollUserEmails).InsertOne(ctx, bson.D{{Key: "_id", Value: "other@example.de"}, {Key: "userId", Value: "u_gone2"}, {Key: "createdAt", Value: stale}})
	// A claim of a sign-up in progress is left alone.
	_, _ = e.DB.Collection(account.CollUserEmails).InsertOne(ctx, bson.D{{Key: "_id", Value: "busy@example.de"}, {Key: "userId", Value: "u_busy"}, {Key: "createdAt", Value: e.Clock.Now()}})

	_, err = e.Service.Login(ctx, "erika@example.de", pw, account.Client{})
	wantCode(t, err, apperr.Unauthorized)
	// Signing up heals the orphan.
	e.User(t, "erika@example.de", account.Learner, false)
	rep, err := e.Service.Cleanup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep[account.CollUserEmails] != 1 {
		t.Fatalf("cleanup %v", rep)
	}
	if n := count(t, e, account.CollUserEmails); n != 2 {
		t.Fatalf("%d claims left, want erika's and the one in progress", n)
	}
}

func TestCleanupRemovesExpired(t *testing.T) {
	e := newEnv(t)
	u := e.User(t, "erika@example.de", account.Learner, false)
	s := e.Login(t, "erika@example.de")
	if _, err := e.Service.Refresh(ctx, s.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_ = e.Service.RequestPasswordReset(ctx, u.Email)
	e.Clock.Advance(account.RefreshTTL + time.Hour)
	rep, err := e.Service.Cleanup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, coll := range []string{account.CollRefreshTokens, account.CollFamilies, account.CollOneTimeTokens, account.CollTokenUses} {
		if n := count(t, e, coll); n != 0 {
			t.Errorf("%s keeps %d expired documents (report %v)", coll, n, rep)
		}
	}
	if n := count(t, e, account.CollUsers); n != 1 {
		t.Errorf("cleanup removed users")
	}
}

func TestAdmins(t *testing.T) {
	e := newEnv(t)
	link, err := e.Service.CreateAdmin(ctx, "Admin@Example.de", "Ada", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, accounttest.BaseURL+account.ResetPath+"?token=") {
		t.Fatalf("setup link %q", link)
	}
	_, err = e.Service.CreateAdmin(ctx, "admin@example.de", "", "")
	wantCode(t, err, apperr.Conflict)
	// Without a password set, nobody can sign in (and it costs the same).
	before := e.Service.Passwords().Runs()
	_, err = e.Service.Login(ctx, "admin@example.de", pw, account.Client{})
	wantCode(t, err, apperr.Unauthorized)
	if e.Service.Passwords().Runs()-before != 1 {
		t.Fatal("login to an account without a password skipped the argon2 work")
	}
	e.Clock.Advance(23 * time.Hour) // the setup link lives a day
	if err := e.Service.ResetPassword(ctx, accounttest.LinkToken(t, link), pw); err != nil {
		t.Fatal(err)
	}
	admin := e.Login(t, "admin@example.de").User
	if admin.Role != account.Admin || !admin.EmailVerified || admin.Name != "Ada" {
		t.Fatalf("admin %+v", admin)
	}

	u := e.User(t, "erika@example.de", account.Learner, false)
	s := e.Login(t, "erika@example.de")
	_, err = e.Service.SetDisabled(ctx, admin, admin.ID, true, "Test")
	wantCode(t, err, apperr.Conflict)
	_, err = e.Service.SetDisabled(ctx, admin, "u_nobody", true, "Test")
	wantCode(t, err, apperr.NotFound)
	_, err = e.Service.SetDisabled(ctx, admin, u.ID, true, "  ")
	wantField(t, err, "reason")
	if got, _ := e.Service.User(ctx, u.ID); got.Disabled || len(got.StatusHistory) != 0 {
		t.Fatalf("a refused disable changed the user: %+v", got)
	}
	d, err := e.Service.SetDisabled(ctx, admin, u.ID, true, " Spam-Verdacht ")
	if err != nil || !d.Disabled {
		t.Fatalf("disable: %v", err)
	}
	if again, err := e.Service.SetDisabled(ctx, admin, u.ID, true, "nochmal"); err != nil || len(again.StatusHistory) != 1 {
		t.Fatalf("disabling twice recorded twice: %v %+v", err, again)
	}
	if h := d.StatusHistory; len(h) != 1 || !h[0].Disabled || h[0].Reason != "Spam-Verdacht" || h[0].By != admin.ID || h[0].ByName != "Ada" || h[0].At.IsZero() {
		t.Fatalf("history %+v", h)
	}
	found, err := e.Service.UserByEmail(ctx, " Erika@Example.de ")
	if err != nil || found.ID != u.ID {
		t.Fatalf("by e-mail: %v %+v", err, found)
	}
	_, err = e.Service.UserByEmail(ctx, "niemand@example.de")
	wantCode(t, err, apperr.NotFound)
	_, err = e.Service.UserByEmail(ctx, "kein-adresse")
	wantField(t, err, "email")
	_, _, err = e.Service.Authenticate(ctx, s.AccessToken)
	wantCode(t, err, apperr.Unauthorized)
	_, err = e.Service.Refresh(ctx, s.RefreshToken)
	wantCode(t, err, apperr.Unauthorized)
	_, err = e.Service.Login(ctx, "erika@example.de", pw, account.Client{})
	wantCode(t, err, apperr.Forbidden)
	en, err := e.Service.SetDisabled(ctx, admin, u.ID, false, "Geklärt")
	if err != nil {
		t.Fatal(err)
	}
	if h := en.StatusHistory; en.Disabled || len(h) != 2 || h[1].Disabled || h[1].Reason != "Geklärt" {
		t.Fatalf("enabled: %+v", en)
	}
	e.Login(t, "erika@example.de")
}

func TestProfileAndExport(t *testing.T) {
	e := newEnv(t)
	e2 := accounttest.New(t, e.DB, accounttest.Options{RoleExists: func(_ context.Context, slug string) (bool, error) { return slug == "bueroleiter", nil }})
	u := e2.User(t, "erika@example.de", account.Learner, false)
	name, lang, role := "Erika M.", "en", "bueroleiter"
	got, err := e2.Service.UpdateProfile(ctx, u.ID, account.ProfileUpdate{Name: &name, Language: &lang, TargetRole: &role})
	if err != nil || got.Name != name || got.Language != "en" || got.TargetRole != role {
		t.Fatalf("update %+v %v", got, err)
	}
	empty := ""
	if got, err = e2.Service.UpdateProfile(ctx, u.ID, account.ProfileUpdate{TargetRole: &empty}); err != nil || got.TargetRole != "" || got.Name != name {
		t.Fatalf("clear target role %+v %v", got, err)
	}
	bad := "astronaut"
	_, err = e2.Service.UpdateProfile(ctx, u.ID, account.ProfileUpdate{TargetRole: &bad})
	wantField(t, err, "targetRole")
	long := strings.Repeat("x", 101)
	_, err = e2.Service.UpdateProfile(ctx, u.ID, account.ProfileUpdate{Name: &long})
	wantField(t, err, "name")
	ex, err := e2.Service.Export(ctx, u.ID)
	if err != nil || ex.User.Email != "erika@example.de" || len(ex.Sessions) != 1 || ex.Sessions[0].UserAgent != "accounttest" {
		t.Fatalf("export %+v %v", ex, err)
	}
}

// TestArgon2ParametersReadBack registers with the production parameters
// and reads them back from the stored hash.
func TestArgon2ParametersReadBack(t *testing.T) {
	real := account.DefaultArgon2
	e := accounttest.New(t, mongodbtest.New(t), accounttest.Options{Argon2: &real})
	if err := e.Service.Register(ctx, account.Registration{Email: "erika@example.de", Password: pw}); err != nil {
		t.Fatal(err)
	}
	var doc struct{ PasswordHash string }
	if err := e.DB.Collection(account.CollUsers).FindOne(ctx, bson.D{}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	p, salt, key, err := account.ParsePHC(doc.PasswordHash)
	if err != nil {
		t.Fatal(err)
	}
	if p.Memory < 19456 || p.Time < 2 || p.Threads != 1 || len(salt) != 16 || len(key) != 32 {
		t.Fatalf("stored parameters %+v", p)
	}
	if !strings.HasPrefix(doc.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("stored hash %q", doc.PasswordHash)
	}
}

// TestRehashOnLogin stores a hash with weaker parameters and checks that a
// login upgrades it.
func TestRehashOnLogin(t *testing.T) {
	e := newEnv(t)
	u := e.User(t, "erika@example.de", account.Learner, false)
	weak := accounttest.CheapArgon2
	weak.Memory = 32
	old, _ := account.HashPassword(pw, weak)
	if _, err := e.DB.Collection(account.CollUsers).UpdateOne(ctx, bson.D{{Key: "_id", Value: u.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "passwordHash", Value: old}}}}); err != nil {
		t.Fatal(err)
	}
	e.Login(t, "erika@example.de")
	p, _, _, err := account.ParsePHC(storedUser(t, e, u.ID)["passwordHash"].(string))
	if err != nil || p.Memory != accounttest.CheapArgon2.Memory {
		t.Fatalf("after login the hash has %+v (%v), want the current parameters", p, err)
	}
}

func TestSessionsList(t *testing.T) {
	e := newEnv(t)
	u := e.User(t, "erika@example.de", account.Learner, false)
	a := e.Login(t, "erika@example.de")
	list, err := e.Service.Sessions(ctx, u)
	if err != nil || len(list) != 2 {
		t.Fatalf("sessions %+v %v", list, err)
	}
	if err := e.Service.RevokeSession(ctx, a.SessionID); err != nil {
		t.Fatal(err)
	}
	_, err = e.Service.Session(ctx, a.SessionID)
	wantCode(t, err, apperr.NotFound)
	if list, _ = e.Service.Sessions(ctx, u); len(list) != 1 {
		t.Fatalf("after revoking: %+v", list)
	}
}

var _ mail.Mailer = (*accounttest.Mailbox)(nil)
