package account

import (
	"context"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/mongodb"
)

// PendingInvitation is an invitation into an organisation that is neither
// used nor expired, as the organisation's members see it (never its token).
type PendingInvitation struct {
	// Email is where the link was mailed; "" when it was handed over as a
	// link only.
	Email string
	// InvitedBy is the name of the member who invited, "" when unknown.
	InvitedBy string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// PendingInvitations lists the open invitations into the organisation,
// newest first. Organisations invite few people, so the list is read whole.
func (s *Service) PendingInvitations(ctx context.Context, orgID string) ([]PendingInvitation, error) {
	cur, err := s.invites.Find(ctx, bson.D{{Key: "orgId", Value: orgID}})
	if err != nil {
		return nil, mongodb.Translate(err, "invitation")
	}
	var all []invite
	if err := cur.All(ctx, &all); err != nil {
		return nil, mongodb.Translate(err, "invitation")
	}
	now := s.clock()
	names := map[string]string{}
	out := []PendingInvitation{}
	for _, inv := range all {
		if inv.UsedAt != nil || !now.Before(inv.ExpiresAt) {
			continue
		}
		name, ok := names[inv.CreatedBy]
		if !ok {
			if u, err := s.user(ctx, inv.CreatedBy); err == nil && u.DeletedAt == nil {
				name = u.Name
			}
			names[inv.CreatedBy] = name
		}
		out = append(out, PendingInvitation{Email: inv.Email, InvitedBy: name, CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt})
	}
	slices.SortFunc(out, func(a, b PendingInvitation) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}
