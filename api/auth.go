package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
)

// RefreshCookie is the cookie web clients keep their refresh token in.
const RefreshCookie = "laufbahn_refresh"

// refreshCookiePath limits the cookie to the routes that read it.
const refreshCookiePath = "/api/v1/auth"

// TokenResponse is the answer of login, refresh and password change.
type TokenResponse struct {
	AccessToken string `json:"accessToken"`
	TokenType   string `json:"tokenType"`
	// ExpiresIn is the access token's lifetime in seconds.
	ExpiresIn int `json:"expiresIn"`
	// RefreshToken is shown once, and only to API clients; web clients
	// get it as an HttpOnly cookie instead.
	RefreshToken     string    `json:"refreshToken,omitempty"`
	RefreshExpiresAt time.Time `json:"refreshExpiresAt"`
	SessionID        string    `json:"sessionId"`
}

// AcceptedResponse answers requests whose outcome must not be told (sign-up,
// password reset): the same body whatever happened.
type AcceptedResponse struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// Request bodies. Each decodes strictly: unknown fields and wrong types are
// 400s naming the field.
type (
	loginRequest struct {
		Email    string `json:"email"`
		Password string `json:"password"`
		// Cookie asks for the refresh token as an HttpOnly cookie.
		Cookie bool `json:"cookie"`
	}
	refreshRequest struct {
		RefreshToken string `json:"refreshToken"`
		Cookie       bool   `json:"cookie"`
	}
	tokenRequest struct {
		Token string `json:"token"`
	}
	emailRequest struct {
		Email string `json:"email"`
	}
	resetConfirmRequest struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
)

// decodeJSON reads the JSON body into v, strictly: the content type must be
// application/json, unknown fields and wrong types are 400s naming the
// field (so {"email": {"$gt": ""}} never reaches a query), and the body must
// be exactly one object of at most Deps.BodyLimit bytes (the server itself
// takes larger bodies for the CV upload).
func decodeJSON(c *fiber.Ctx, v any) error {
	mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil || mt != fiber.MIMEApplicationJSON {
		return fiber.NewError(http.StatusUnsupportedMediaType, "send the body as Content-Type: application/json")
	}
	if limit, ok := c.Locals(jsonLimitKey).(int); ok && len(c.Body()) > limit {
		return fiber.ErrRequestEntityTooLarge
	}
	body := bytes.TrimSpace(c.Body())
	if len(body) == 0 {
		return apperr.Field("body", "is required: a JSON object")
	}
	if !utf8.Valid(body) {
		return apperr.Field(invalidUTF8Field(body), "must be valid UTF-8 text")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return apperr.Field("body", "must be a single JSON object")
	}
	return nil
}

func jsonProblem(err error) error {
	var te *json.UnmarshalTypeError
	var ae *apperr.Error
	switch {
	case errors.As(err, &ae):
		return ae // a field type's own check (e.g. jobs.Deadline) names the field
	case errors.As(err, &te):
		if te.Field == "" {
			return apperr.Field("body", "must be a JSON object")
		}
		return apperr.Field(te.Field, "must be "+jsonKind(te.Type))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.Field(name, "unknown field")
	default:
		return apperr.Field("body", "is not valid JSON")
	}
}

// jsonKind names a Go type the way a JSON client thinks of it.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	default:
		return "an object"
	}
}

var accepted = AcceptedResponse{Status: "accepted",
	Message: "Thank you. If the address can be used, a message with a link is on its way; please check your mail."}

// client describes the caller's device for the session list.
func client(c *fiber.Ctx) account.Client {
	return account.Client{UserAgent: c.Get(fiber.HeaderUserAgent)}
}

// register signs up a learner or an employer. The answer is the same for a
// new and a taken address.
func (s *server) register() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r account.Registration
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		if err := s.Accounts.Register(c.UserContext(), r); err != nil {
			return err
		}
		return c.Status(http.StatusAccepted).JSON(accepted)
	}
}

// verifyEmail confirms an address with the token from the mail.
func (s *server) verifyEmail() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r tokenRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		if err := s.Accounts.VerifyEmail(c.UserContext(), r.Token); err != nil {
			return err
		}
		return c.SendStatus(http.StatusNoContent)
	}
}

// resendVerification mails a new verification link to an unverified address.
func (s *server) resendVerification() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r emailRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		if err := s.Accounts.ResendVerification(c.UserContext(), r.Email); err != nil {
			return err
		}
		return c.Status(http.StatusAccepted).JSON(accepted)
	}
}

// login starts a session.
func (s *server) login() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r loginRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		sess, err := s.Accounts.Login(c.UserContext(), r.Email, r.Password, client(c))
		if err != nil {
			return err
		}
		return s.sendTokens(c, http.StatusOK, sess, r.Cookie)
	}
}

// refreshTokenOf reads the refresh token from the JSON body or, without
// one, from the cookie.
func refreshTokenOf(c *fiber.Ctx) string {
	var r struct {
		RefreshToken any `json:"refreshToken"`
	}
	if json.Unmarshal(c.Body(), &r) == nil {
		if t, ok := r.RefreshToken.(string); ok && t != "" {
			return t
		}
	}
	return c.Cookies(RefreshCookie)
}

// readRefresh decodes the body of refresh and logout: a JSON body with the
// token, or no body and the cookie. It says whether the cookie was used.
func readRefresh(c *fiber.Ctx) (refreshRequest, bool, error) {
	var r refreshRequest
	if len(bytes.TrimSpace(c.Body())) > 0 {
		if err := decodeJSON(c, &r); err != nil {
			return r, false, err
		}
	}
	if r.RefreshToken != "" {
		return r, false, nil
	}
	if t := c.Cookies(RefreshCookie); t != "" {
		r.RefreshToken = t
		return r, true, nil
	}
	return r, false, apperr.Field("refreshToken", "is required (or send the "+RefreshCookie+" cookie)")
}

// refresh rotates the refresh token and issues a new access token.
func (s *server) refresh() fiber.Handler {
	return func(c *fiber.Ctx) error {
		r, fromCookie, err := readRefresh(c)
		if err != nil {
			return err
		}
		if fromCookie {
			if err := s.checkOrigin(c); err != nil {
				return err
			}
		}
		sess, err := s.Accounts.Refresh(c.UserContext(), r.RefreshToken)
		if err != nil {
			if fromCookie {
				clearRefreshCookie(c)
			}
			return err
		}
		return s.sendTokens(c, http.StatusOK, sess, r.Cookie || fromCookie)
	}
}

// logout ends the session of the refresh token.
func (s *server) logout() fiber.Handler {
	return func(c *fiber.Ctx) error {
		r, fromCookie, err := readRefresh(c)
		if err != nil {
			return err
		}
		if fromCookie {
			if err := s.checkOrigin(c); err != nil {
				return err
			}
		}
		if err := s.Accounts.Logout(c.UserContext(), r.RefreshToken); err != nil {
			return err
		}
		clearRefreshCookie(c)
		return c.SendStatus(http.StatusNoContent)
	}
}

// logoutAll ends every session of the signed-in user.
func (s *server) logoutAll() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.Accounts.LogoutAll(c.UserContext(), currentUser(c).ID); err != nil {
			return err
		}
		clearRefreshCookie(c)
		return c.SendStatus(http.StatusNoContent)
	}
}

// requestPasswordReset mails a reset link; the answer is the same for every
// address.
func (s *server) requestPasswordReset() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r emailRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		// The work happens after answering, so known and unknown addresses
		// answer equally fast.
		if err := s.Accounts.StartPasswordReset(c.UserContext(), r.Email); err != nil {
			return err
		}
		return c.Status(http.StatusAccepted).JSON(accepted)
	}
}

// confirmPasswordReset sets a new password with the token from the mail.
func (s *server) confirmPasswordReset() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r resetConfirmRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		if err := s.Accounts.ResetPassword(c.UserContext(), r.Token, r.Password); err != nil {
			return err
		}
		return c.SendStatus(http.StatusNoContent)
	}
}

// sendTokens writes a session: the refresh token in JSON, or for web
// clients in an HttpOnly cookie.
func (s *server) sendTokens(c *fiber.Ctx, status int, sess *account.Session, cookie bool) error {
	res := TokenResponse{AccessToken: sess.AccessToken, TokenType: "Bearer", ExpiresIn: int(account.AccessTTL.Seconds()),
		RefreshToken: sess.RefreshToken, RefreshExpiresAt: sess.RefreshExpiresAt, SessionID: sess.SessionID}
	if cookie {
		res.RefreshToken = ""
		c.Cookie(&fiber.Cookie{Name: RefreshCookie, Value: sess.RefreshToken, Path: refreshCookiePath,
			Expires: sess.RefreshExpiresAt, MaxAge: int(account.RefreshTTL / time.Second),
			Secure: true, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
	}
	// Tokens must not be cached (RFC 6749 section 5.1).
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(res)
}

func clearRefreshCookie(c *fiber.Ctx) {
	if c.Cookies(RefreshCookie) == "" {
		return
	}
	c.Cookie(&fiber.Cookie{Name: RefreshCookie, Value: "", Path: refreshCookiePath, MaxAge: -1,
		Expires: time.Unix(0, 0), Secure: true, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}
