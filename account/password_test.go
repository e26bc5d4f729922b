package account

import (
	"strings"
	"testing"

	"github.com/laufbahn/laufbahn/apperr"
)

func TestHashAndVerify(t *testing.T) {
	phc, err := HashPassword("Tintenfass Gartenzaun 47", DefaultArgon2)
	if err != nil {
		t.Fatal(err)
	}
	p, salt, key, err := ParsePHC(phc)
	if err != nil {
		t.Fatal(err)
	}
	// The stored hash carries its parameters, at least the OWASP minimum.
	if p.Memory < 19456 || p.Time < 2 || p.Threads != 1 || len(salt) != 16 || len(key) != 32 {
		t.Fatalf("parameters read back: %+v salt %d key %d", p, len(salt), len(key))
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("PHC string %q", phc)
	}
	ok, rehash, err := VerifyPassword(phc, "Tintenfass Gartenzaun 47", DefaultArgon2)
	if err != nil || !ok || rehash {
		t.Fatalf("correct password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	if ok, _, _ := VerifyPassword(phc, "Tintenfass Gartenzaun 48", DefaultArgon2); ok {
		t.Fatal("wrong password accepted")
	}
	stronger := DefaultArgon2
	stronger.Time = 3
	if _, rehash, _ := VerifyPassword(phc, "Tintenfass Gartenzaun 47", stronger); !rehash {
		t.Fatal("a hash with old parameters must ask for a rehash")
	}
	other, _ := HashPassword("Tintenfass Gartenzaun 47", DefaultArgon2)
	if other == phc {
		t.Fatal("two hashes of one password must differ (random salt)")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=18$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
		if _, _, err := VerifyPassword(bad, "x", DefaultArgon2); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password string
		related  []string
		ok       bool
	}{
		{"kurz", nil, false},
		{"password", nil, false},
		{"passwort123", nil, false},
		{"qwertz123456", nil, false},
		{"12345678", nil, false},
		{"Sommer2024!", nil, false},
		{"erika.mustermann1", []string{"erika.mustermann@example.de"}, false},
		{strings.Repeat("a", 129), nil, false},
		{"Tintenfass Gartenzaun 47", nil, true},
		{"korrekt pferd batterie heftklammer", nil, true},
		{"ümläütë-Ströme-Flußbett-9", nil, true},
		{"🦊🦊 Füchse bellen im Nebel", nil, true},
		{strings.Repeat("xK9#mQ2!", 16), nil, true}, // exactly 128 characters
	}
	for _, tt := range tests {
		err := CheckPassword(tt.password, tt.related...)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPassword(%q) = %v, want ok=%v", tt.password, err, tt.ok)
		}
		if err != nil && !apperr.Is(err, apperr.Invalid) {
			t.Errorf("CheckPassword(%q): code %q", tt.password, apperr.CodeOf(err))
		}
	}
}
