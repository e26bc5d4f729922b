package frontend

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
)

// The pages of the mailed links: confirming the address, asking for a
// password reset and setting the new password. A link's GET only shows a
// button; the token is spent by the POST, so mail scanners that follow
// links do not use it up.

// tokenView is the confirmation page and the new-password page.
type tokenView struct {
	*Page
	Form  *form
	Token string
	// Bad says the link is invalid, used or expired.
	Bad bool
}

func (s *Site) tokenPage(c *fiber.Ctx, status int, name, title string, v tokenView) error {
	v.Title = v.T(title)
	private(c, v.Page)
	return s.render(c, status, name, v)
}

// verifyEmailPage shows the button that confirms the address.
func (s *Site) verifyEmailPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := tokenView{Page: s.newPage(c, "", ""), Form: newForm("email"), Token: c.Query("token")}
		status := fiber.StatusOK
		if v.Token == "" {
			v.Bad, status = true, fiber.StatusBadRequest
		}
		return s.tokenPage(c, status, "verify", "verify.title", v)
	}
}

// verifyEmail confirms the address and sends the visitor to sign in.
func (s *Site) verifyEmail() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Accounts == nil {
			return apperr.New(apperr.Unavailable, "accounts are not available")
		}
		token := c.FormValue("token")
		err := s.Accounts.VerifyEmail(ctx(c), token)
		if err == nil {
			return c.Redirect("/anmelden?hinweis=bestaetigt", fiber.StatusSeeOther)
		}
		if !apperr.Is(err, apperr.Invalid) {
			return err
		}
		v := tokenView{Page: s.newPage(c, "", ""), Form: newForm("email"), Token: token, Bad: true}
		return s.tokenPage(c, fiber.StatusBadRequest, "verify", "verify.title", v)
	}
}

// forgotView asks for a reset link, or (Sent) says one is on its way.
type forgotView struct {
	*Page
	Form *form
	Sent bool
}

func (s *Site) forgotPage(c *fiber.Ctx, status int, f *form, sent bool) error {
	v := forgotView{Page: s.newPage(c, "", ""), Form: f, Sent: sent}
	v.Title = v.T("forgot.title")
	private(c, v.Page)
	return s.render(c, status, "forgot", v)
}

// forgotForm asks for the address.
func (s *Site) forgotForm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		f := newForm("email")
		f.values["email"] = c.Query("email")
		return s.forgotPage(c, fiber.StatusOK, f, c.Query("versendet") != "")
	}
}

// forgot mails a reset link; an unknown address gets the same answer.
func (s *Site) forgot() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Accounts == nil {
			return apperr.New(apperr.Unavailable, "accounts are not available")
		}
		f := newForm("email").read(c)
		err := s.Accounts.RequestPasswordReset(ctx(c), f.Val("email"))
		if err == nil {
			return c.Redirect("/passwort-vergessen?versendet=1", fiber.StatusSeeOther)
		}
		p := s.newPage(c, "", "")
		if !p.problems(f, err, func(path string) string { return path }) {
			return err
		}
		return s.forgotPage(c, fiber.StatusBadRequest, f, false)
	}
}

// resetFields are the new-password form's fields.
var resetFields = []string{"password", "password2"}

// resetForm asks for the new password twice.
func (s *Site) resetForm() fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := tokenView{Page: s.newPage(c, "", ""), Form: newForm(resetFields...), Token: c.Query("token")}
		status := fiber.StatusOK
		if v.Token == "" {
			v.Bad, status = true, fiber.StatusBadRequest
		}
		return s.tokenPage(c, status, "reset", "reset.title", v)
	}
}

// reset sets the new password and sends the visitor to sign in with it.
// A password the policy refuses leaves the link usable.
func (s *Site) reset() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s.Accounts == nil {
			return apperr.New(apperr.Unavailable, "accounts are not available")
		}
		f := newForm(resetFields...)
		token := c.FormValue("token")
		v := tokenView{Page: s.newPage(c, "", ""), Form: f, Token: token}
		pw := c.FormValue("password")
		switch {
		case pw == "":
			f.set("password", v.T("form.required"))
		case c.FormValue("password2") != pw:
			f.set("password2", v.T("reset.mismatch"))
		}
		if f.HasErrors() {
			return s.tokenPage(c, fiber.StatusBadRequest, "reset", "reset.title", v)
		}
		err := s.Accounts.ResetPassword(ctx(c), token, pw)
		if err == nil {
			return c.Redirect("/anmelden?hinweis=passwort", fiber.StatusSeeOther)
		}
		if !v.problems(f, err, func(path string) string {
			if path == "password" {
				return path
			}
			return ""
		}) {
			return err
		}
		if f.Err("password") == "" {
			v.Bad = true
		}
		return s.tokenPage(c, fiber.StatusBadRequest, "reset", "reset.title", v)
	}
}
