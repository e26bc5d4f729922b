// Package account owns users, employers' organisations and authentication:
// argon2id passwords, JWT access tokens, rotating refresh tokens, one-time
// tokens for e-mail verification and password reset, and roles.
package account

// Role is what a user may do.
type Role string

// Roles. Job seekers are learners.
const (
	Learner  Role = "learner"
	Employer Role = "employer"
	Admin    Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Learner || r == Employer || r == Admin }

// Languages a user can choose for mails and the interface; the first is the
// default.
var Languages = []string{"de", "en"}
