package account

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// invite is a single-use invitation into an organisation; only the hash of
// its token is stored.
type invite struct {
	Hash      string `bson:"_id"`
	OrgID     string `bson:"orgId"`
	CreatedBy string `bson:"createdBy"`
	// Email is the address the link was mailed to ("" for a link handed
	// over otherwise), shown to the members while the invitation is open.
	Email     string     `bson:"email,omitempty"`
	CreatedAt time.Time  `bson:"createdAt"`
	ExpiresAt time.Time  `bson:"expiresAt"`
	UsedBy    string     `bson:"usedBy,omitempty"`
	UsedAt    *time.Time `bson:"usedAt,omitempty"`
}

// Invitation is a new invitation link, shown once to the member who made it.
type Invitation struct {
	Token     string
	URL       string
	ExpiresAt time.Time
}

// Member is a member of an organisation as other members see them.
type Member struct {
	ID   string
	Name string
}

func newOrganisation(in OrganisationInput, creator string, now time.Time) Organisation {
	return Organisation{ID: newID("o_"), Name: in.Name, SizeClass: in.SizeClass, Industry: in.Industry, Locations: in.Locations,
		Website: in.Website, CreatedBy: creator, MemberIDs: []string{creator}, CreatedAt: now, UpdatedAt: now}
}

var (
	errNotEmployer = apperr.New(apperr.Forbidden, "only employer accounts belong to organisations")
	errHasOrg      = apperr.New(apperr.Conflict, "you already belong to an organisation")
)

// CreateOrganisation creates an organisation with u, an employer without
// one, as its first member.
func (s *Service) CreateOrganisation(ctx context.Context, u *User, in OrganisationInput) (*Organisation, error) {
	if u.Role != Employer {
		return nil, errNotEmployer
	}
	if u.OrgID != "" {
		return nil, errHasOrg
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	org := newOrganisation(in, u.ID, s.clock())
	if _, err := s.orgs.InsertOne(ctx, org); err != nil {
		return nil, mongodb.Translate(err, "organisation")
	}
	defer s.lockDoc(u.ID)()
	fresh, err := s.User(ctx, u.ID)
	if err == nil && fresh.OrgID != "" {
		err = errHasOrg // joined or created one meanwhile
	}
	if err == nil {
		err = s.updateUser(ctx, u.ID, bson.D{{Key: "$set", Value: bson.D{{Key: "orgId", Value: org.ID}, {Key: "updatedAt", Value: s.clock()}}}})
	}
	if err != nil {
		_, _ = s.orgs.DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: org.ID}})
		return nil, err
	}
	return &org, nil
}

// Organisation returns an organisation by id.
func (s *Service) Organisation(ctx context.Context, id string) (*Organisation, error) {
	var o Organisation
	if err := s.orgs.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&o); err != nil {
		return nil, mongodb.Translate(err, "organisation")
	}
	return &o, nil
}

// Members lists the organisation's members (by _id lookups; organisations
// are small).
func (s *Service) Members(ctx context.Context, o *Organisation) ([]Member, error) {
	out := []Member{}
	for _, id := range o.MemberIDs {
		u, err := s.user(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if u.OrgID == o.ID && u.DeletedAt == nil {
			out = append(out, Member{ID: u.ID, Name: u.Name})
		}
	}
	return out, nil
}

// UpdateOrganisation changes the organisation's fields.
func (s *Service) UpdateOrganisation(ctx context.Context, id string, up OrganisationUpdate) (*Organisation, error) {
	defer s.lockDoc(id)()
	o, err := s.Organisation(ctx, id)
	if err != nil {
		return nil, err
	}
	in, err := up.apply(o)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	set := bson.D{{Key: "name", Value: in.Name}, {Key: "sizeClass", Value: in.SizeClass}, {Key: "industry", Value: in.Industry},
		{Key: "locations", Value: in.Locations}, {Key: "website", Value: in.Website}, {Key: "updatedAt", Value: now}}
	if _, err := s.orgs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		return nil, mongodb.Translate(err, "organisation")
	}
	o.Name, o.SizeClass, o.Industry, o.Locations, o.Website, o.UpdatedAt = in.Name, in.SizeClass, in.Industry, in.Locations, in.Website, now
	return o, nil
}

// CreateInvite makes a single-use invitation link into u's organisation,
// valid for InviteTTL. With an address, the link is also mailed there (in
// lang, or u's language).
func (s *Service) CreateInvite(ctx context.Context, u *User, email, lang string) (*Invitation, error) {
	if u.OrgID == "" {
		return nil, apperr.New(apperr.Forbidden, "you do not belong to an organisation")
	}
	var p apperr.Problems
	if email = NormalizeEmail(email); email != "" {
		checkEmail(&p, "email", email)
	}
	if lang == "" {
		lang = u.Language
	} else {
		checkLanguage(&p, "language", lang)
	}
	if err := p.Err("invalid invitation"); err != nil {
		return nil, err
	}
	o, err := s.Organisation(ctx, u.OrgID)
	if err != nil {
		return nil, err
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	now := s.clock()
	inv := invite{Hash: hashToken(token), OrgID: o.ID, CreatedBy: u.ID, Email: email, CreatedAt: now, ExpiresAt: now.Add(InviteTTL)}
	if _, err := s.invites.InsertOne(ctx, inv); err != nil {
		return nil, mongodb.Translate(err, "invitation")
	}
	out := &Invitation{Token: token, URL: s.link(InvitePath, token), ExpiresAt: inv.ExpiresAt}
	if email != "" {
		s.sendMail(ctx, mail.Invite, lang, email, mail.Data{Name: u.Name, Link: out.URL, Organisation: o.Name, ValidFor: InviteTTL})
	}
	return out, nil
}

// JoinOrganisation makes u, an employer without an organisation, a member
// of the organisation the invitation is for.
func (s *Service) JoinOrganisation(ctx context.Context, u *User, token string) (*Organisation, error) {
	if u.Role != Employer {
		return nil, errNotEmployer
	}
	if u.OrgID != "" {
		return nil, errHasOrg
	}
	inv, err := s.peekInvite(ctx, token, "token")
	if err != nil {
		return nil, err
	}
	if err := s.spendInvite(ctx, inv, u.ID, "token"); err != nil {
		return nil, err
	}
	unlock := s.lockDoc(u.ID)
	err = s.updateUser(ctx, u.ID, bson.D{{Key: "$set", Value: bson.D{{Key: "orgId", Value: inv.OrgID}, {Key: "updatedAt", Value: s.clock()}}}})
	unlock()
	if err != nil {
		return nil, err
	}
	return s.Organisation(ctx, inv.OrgID)
}

// peekInvite returns a valid, unused invitation; problems are reported on
// the request field that carried the token.
func (s *Service) peekInvite(ctx context.Context, token, field string) (*invite, error) {
	bad := apperr.Field(field, "is invalid, already used or expired; ask for a new invitation")
	if token == "" || len(token) > 100 {
		return nil, bad
	}
	var inv invite
	err := s.invites.FindOne(ctx, bson.D{{Key: "_id", Value: hashToken(token)}}).Decode(&inv)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, bad
	}
	if err != nil {
		return nil, mongodb.Translate(err, "invitation")
	}
	if inv.UsedAt != nil || !s.clock().Before(inv.ExpiresAt) {
		return nil, bad
	}
	return &inv, nil
}

// spendInvite uses the invitation up for userID and lists them as a member.
func (s *Service) spendInvite(ctx context.Context, inv *invite, userID, field string) error {
	ok, err := s.spend(ctx, "invite", inv.Hash, inv.ExpiresAt)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Field(field, "is invalid, already used or expired; ask for a new invitation")
	}
	now := s.clock()
	_, _ = s.invites.UpdateOne(ctx, bson.D{{Key: "_id", Value: inv.Hash}}, bson.D{{Key: "$set", Value: bson.D{{Key: "usedBy", Value: userID}, {Key: "usedAt", Value: now}}}})
	defer s.lockDoc(inv.OrgID)()
	res, err := s.orgs.UpdateOne(ctx, bson.D{{Key: "_id", Value: inv.OrgID}}, bson.D{
		{Key: "$addToSet", Value: bson.D{{Key: "memberIds", Value: userID}}},
		{Key: "$set", Value: bson.D{{Key: "updatedAt", Value: now}}},
	})
	if err != nil {
		return mongodb.Translate(err, "organisation")
	}
	if res.MatchedCount == 0 {
		return apperr.Field(field, "the organisation no longer exists")
	}
	return nil
}
