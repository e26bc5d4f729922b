package account

import (
	"sync/atomic"
)

// Passwords hashes and verifies passwords with fixed argon2id parameters and
// counts the argon2 derivations it runs, so tests can check that every path
// of a login or sign-up does the same expensive work.
type Passwords struct {
	params Argon2Params
	// dummy is a hash of a random password with the current parameters:
	// verifying against it costs what verifying a real hash costs.
	dummy string
	runs  atomic.Int64
}

// NewPasswords returns a hasher with the parameters (DefaultArgon2 in
// production; tests may pass cheaper ones).
func NewPasswords(p Argon2Params) (*Passwords, error) {
	secret, err := randomToken()
	if err != nil {
		return nil, err
	}
	dummy, err := HashPassword(secret, p)
	if err != nil {
		return nil, err
	}
	return &Passwords{params: p, dummy: dummy}, nil
}

// Params returns the parameters new hashes get.
func (h *Passwords) Params() Argon2Params { return h.params }

// Hash returns the PHC string of password.
func (h *Passwords) Hash(password string) (string, error) {
	h.runs.Add(1)
	return HashPassword(password, h.params)
}

// Verify checks password against a PHC string and says whether the hash
// should be upgraded to the current parameters. An empty hash (an account
// whose password was never set) costs the same and never matches.
func (h *Passwords) Verify(phc, password string) (ok, rehash bool, err error) {
	h.runs.Add(1)
	if phc == "" {
		_, _, _ = VerifyPassword(h.dummy, password, h.params)
		return false, false, nil
	}
	return VerifyPassword(phc, password, h.params)
}

// Burn does the work of one verification and matches nothing: used for an
// unknown e-mail so the answer takes as long as for a wrong password.
func (h *Passwords) Burn(password string) {
	h.runs.Add(1)
	_, _, _ = VerifyPassword(h.dummy, password, h.params)
}

// Runs returns how many argon2 derivations ran so far.
func (h *Passwords) Runs() int64 { return h.runs.Load() }
