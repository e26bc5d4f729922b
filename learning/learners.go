package learning

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/mongodb"
)

// LearnerIDs lists the users who have learning data. It scans the learners
// collection, so it is for rare batch work (notifications about a changed
// course catalogue), never for a request.
func (s *Service) LearnerIDs(ctx context.Context) ([]string, error) {
	cur, err := s.learners.Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, mongodb.Translate(err, "learners")
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mongodb.Translate(err, "learners")
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}
