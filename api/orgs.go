package api

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// OrganisationView is an organisation as its members see it.
type OrganisationView struct {
	ID        string             `json:"id"`
	Name      string             `json:"name"`
	SizeClass string             `json:"sizeClass"`
	Industry  string             `json:"industry"`
	Locations []account.Location `json:"locations"`
	Website   string             `json:"website,omitempty"`
	Members   []MemberView       `json:"members"`
	CreatedAt time.Time          `json:"createdAt"`
	UpdatedAt time.Time          `json:"updatedAt"`
}

// MemberView is a member of an organisation: no e-mail addresses.
type MemberView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// InvitationView is a new invitation link, shown once.
type InvitationView struct {
	Token     string    `json:"token"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

type inviteRequest struct {
	// Email, if given, gets the link by mail.
	Email string `json:"email"`
	// Language of that mail (de or en); default the inviter's.
	Language string `json:"language"`
}

func (s *server) organisationView(ctx context.Context, o *account.Organisation) (OrganisationView, error) {
	members, err := s.Accounts.Members(ctx, o)
	if err != nil {
		return OrganisationView{}, err
	}
	v := OrganisationView{ID: o.ID, Name: o.Name, SizeClass: o.SizeClass, Industry: o.Industry, Locations: o.Locations,
		Website: o.Website, Members: make([]MemberView, 0, len(members)), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
	if v.Locations == nil {
		v.Locations = []account.Location{}
	}
	for _, m := range members {
		v.Members = append(v.Members, MemberView{ID: m.ID, Name: m.Name})
	}
	return v, nil
}

func (s *server) sendOrganisation(c *fiber.Ctx, status int, o *account.Organisation) error {
	v, err := s.organisationView(c.UserContext(), o)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(v)
}

// createOrganisation creates an organisation for an employer without one.
func (s *server) createOrganisation() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in account.OrganisationInput
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		o, err := s.Accounts.CreateOrganisation(c.UserContext(), currentUser(c), in)
		if err != nil {
			return err
		}
		c.Location("/api/v1/organisations/mine")
		return s.sendOrganisation(c, http.StatusCreated, o)
	}
}

// getMyOrganisation returns the caller's organisation with its members.
func (s *server) getMyOrganisation() fiber.Handler {
	return func(c *fiber.Ctx) error {
		o, err := s.Accounts.Organisation(c.UserContext(), currentUser(c).OrgID)
		if err != nil {
			return err
		}
		return s.sendOrganisation(c, http.StatusOK, o)
	}
}

// patchMyOrganisation changes the caller's organisation.
func (s *server) patchMyOrganisation() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var up account.OrganisationUpdate
		if err := decodeJSON(c, &up); err != nil {
			return err
		}
		o, err := s.Accounts.UpdateOrganisation(c.UserContext(), currentUser(c).OrgID, up)
		if err != nil {
			return err
		}
		return s.sendOrganisation(c, http.StatusOK, o)
	}
}

// createInvitation makes a single-use invitation link into the caller's
// organisation; with an e-mail address the link is mailed there too.
func (s *server) createInvitation() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r inviteRequest
		if len(bytes.TrimSpace(c.Body())) > 0 { // the body is optional
			if err := decodeJSON(c, &r); err != nil {
				return err
			}
		}
		inv, err := s.Accounts.CreateInvite(c.UserContext(), currentUser(c), r.Email, r.Language)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Status(http.StatusCreated).JSON(InvitationView{Token: inv.Token, URL: inv.URL, ExpiresAt: inv.ExpiresAt})
	}
}

// joinOrganisation makes the caller a member of the invitation's
// organisation.
func (s *server) joinOrganisation() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r tokenRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		o, err := s.Accounts.JoinOrganisation(c.UserContext(), currentUser(c), r.Token)
		if err != nil {
			return err
		}
		return s.sendOrganisation(c, http.StatusOK, o)
	}
}
