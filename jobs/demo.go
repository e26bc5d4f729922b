package jobs

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/mongodb"
)

// DemoNotice opens the description of every demo posting.
const DemoNotice = "*Demo-Anzeige: Diese Stelle gibt es nicht. Sie zeigt, wie Suche und Bewerbung auf Laufbahn funktionieren.*\n\n"

// CreateDemo creates a published posting marked demo (see `laufbahn
// demo`); the organisation must be a demo organisation. The posting is
// written once, published, with its search queue entry: no read-modify-write
// per posting, as a demo corpus can be large.
func (s *Service) CreateDemo(ctx context.Context, orgID string, in Input) (*Posting, error) {
	emp, err := s.orgs(ctx, orgID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	in.Description = DemoNotice + in.Description
	vt := now.Add(DefaultValidity)
	in.ValidThrough = nil
	p := &Posting{ID: newID("p_demo_"), Employer: emp, State: Draft, Demo: true, CreatedBy: "demo", CreatedAt: now, UpdatedAt: now}
	if _, err := s.prepare(ctx, p, in); err != nil {
		return nil, err
	}
	p.State, p.ValidThrough, p.PublishedAt, p.FirstPublishedAt = Published, &vt, &now, &now
	p.History = []HistoryEntry{{State: Draft, At: now, By: "demo"}, {State: Published, At: now, By: "demo"}}
	p.SearchDirty = true
	if err := s.insert(ctx, p); err != nil {
		return nil, err
	}
	if _, err := s.queue.InsertOne(ctx, bson.D{{Key: "_id", Value: p.ID}, {Key: "at", Value: now}}); err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, mongodb.Translate(err, "search queue")
	}
	s.wakeSearch()
	return p, nil
}

// RemoveDemo deletes every demo posting with its applications and CVs, and
// returns the ids of the organisations they were under. The postings are
// soft-deleted first: the search sync removes them from the index and then
// purges them.
func (s *Service) RemoveDemo(ctx context.Context) (postings int, orgs []string, err error) {
	cur, err := s.postings.Find(ctx, bson.D{{Key: "demo", Value: true}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "employer.id", Value: 1}}))
	if err != nil {
		return 0, nil, mongodb.Translate(err, "postings")
	}
	var docs []struct {
		ID       string `bson:"_id"`
		Employer struct {
			ID string `bson:"id"`
		} `bson:"employer"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return 0, nil, mongodb.Translate(err, "postings")
	}
	seen := map[string]bool{}
	for _, d := range docs {
		if err := s.removePosting(ctx, d.ID); err != nil {
			return postings, orgs, err
		}
		postings++
		if !seen[d.Employer.ID] {
			seen[d.Employer.ID] = true
			orgs = append(orgs, d.Employer.ID)
		}
	}
	for _, o := range orgs {
		if _, err := s.orgPostings.DeleteOne(ctx, bson.D{{Key: "_id", Value: o}}); err != nil {
			return postings, orgs, mongodb.Translate(err, "organisation postings")
		}
	}
	return postings, orgs, nil
}

// removePosting soft-deletes a posting and deletes its applications.
func (s *Service) removePosting(ctx context.Context, id string) error {
	appIDs, err := s.idList(ctx, s.postingApps, id)
	if err != nil {
		return err
	}
	for _, aid := range appIDs {
		a, err := s.application(ctx, aid)
		if err == nil {
			unlock := s.locks.Lock(CollUserApps + "/" + a.UserID)
			_, err = s.userApps.UpdateOne(ctx, bson.D{{Key: "_id", Value: a.UserID}}, bson.D{{Key: "$pull", Value: bson.D{{Key: "ids", Value: aid}}}})
			unlock()
			if err != nil {
				return mongodb.Translate(err, "applications")
			}
		}
		if _, err := s.cvs.DeleteOne(ctx, bson.D{{Key: "_id", Value: aid}}); err != nil {
			return mongodb.Translate(err, "CV")
		}
		if _, err := s.apps.DeleteOne(ctx, bson.D{{Key: "_id", Value: aid}}); err != nil {
			return mongodb.Translate(err, "application")
		}
	}
	if _, err := s.postingApps.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return mongodb.Translate(err, "applications")
	}
	defer s.locks.Lock(id)()
	p, err := s.load(ctx, id)
	if err != nil {
		return err
	}
	now := s.clock()
	p.DeletedAt, p.UpdatedAt = &now, now
	return s.save(ctx, p)
}
