package frontend

// IN PROGRESS (owned by the account-pages engineer): replaced by the real
// sign-in, sign-up, confirmation, password and invitation pages.

import "github.com/gofiber/fiber/v2"

func (s *Site) loginForm() fiber.Handler       { return notYet }
func (s *Site) login() fiber.Handler           { return notYet }
func (s *Site) logout() fiber.Handler          { return notYet }
func (s *Site) registerForm() fiber.Handler    { return notYet }
func (s *Site) register() fiber.Handler        { return notYet }
func (s *Site) verifyEmailPage() fiber.Handler { return notYet }
func (s *Site) verifyEmail() fiber.Handler     { return notYet }
func (s *Site) forgotForm() fiber.Handler      { return notYet }
func (s *Site) forgot() fiber.Handler          { return notYet }
func (s *Site) resetForm() fiber.Handler       { return notYet }
func (s *Site) reset() fiber.Handler           { return notYet }
func (s *Site) invitePage() fiber.Handler      { return notYet }
func (s *Site) acceptInvite() fiber.Handler    { return notYet }
func (s *Site) learnerHome() fiber.Handler     { return notYet }
func (s *Site) employerHome() fiber.Handler    { return notYet }
func (s *Site) adminHome() fiber.Handler       { return notYet }
