package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go"
	"golang.org/x/crypto/argon2"

	"github.com/laufbahn/laufbahn/apperr"
)

// Argon2Params are the argon2id cost parameters. The defaults follow the
// OWASP minimum for argon2id: 19 MiB memory, 2 iterations, 1 lane.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// DefaultArgon2 is used for new hashes.
var DefaultArgon2 = Argon2Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Password length limits, in characters. Any characters are allowed; there
// are no composition rules.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// HashPassword returns an argon2id hash as a PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded base64).
func HashPassword(password string, p Argon2Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ParsePHC reads the parameters, salt and key of an argon2id PHC string.
func ParsePHC(phc string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errors.New("not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("argon2 parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("argon2 salt: %w", err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, fmt.Errorf("argon2 key: %w", err)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// VerifyPassword reports whether password matches the PHC hash, in constant
// time for the comparison, and whether the hash should be upgraded to the
// current parameters.
func VerifyPassword(phc, password string, current Argon2Params) (ok, rehash bool, err error) {
	p, salt, key, err := ParsePHC(phc)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	ok = subtle.ConstantTimeCompare(got, key) == 1
	rehash = p.Memory != current.Memory || p.Time != current.Time || p.Threads != current.Threads || p.KeyLen != current.KeyLen
	return ok, rehash, nil
}

// minStrength is the lowest zxcvbn score accepted (0–4): 3 means the
// password would take more than about 10^8 guesses.
const minStrength = 3

// CheckPassword applies the password policy: 8 to 128 characters of any
// kind, and not common or guessable (zxcvbn, which knows common passwords,
// words, names, keyboard patterns and dates, penalising the user's own
// e-mail and name given in related).
func CheckPassword(password string, related ...string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return apperr.Field("password", "must be valid text")
	case n < MinPasswordLen:
		return apperr.Field("password", fmt.Sprintf("must be at least %d characters long", MinPasswordLen))
	case n > MaxPasswordLen:
		return apperr.Field("password", fmt.Sprintf("must be at most %d characters long", MaxPasswordLen))
	}
	var inputs []string
	for _, r := range related {
		inputs = append(inputs, strings.FieldsFunc(strings.ToLower(r), func(c rune) bool { return c == '@' || c == '.' || c == ' ' || c == '-' || c == '_' })...)
	}
	if zxcvbn.PasswordStrength(password, inputs).Score < minStrength {
		return apperr.Field("password", "is too easy to guess; a few unrelated words make a strong password that is easy to remember")
	}
	return nil
}
