package learning

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/laufbahn/laufbahn/mongodb"
)

// oldToScale maps a level of the old 0–3 self-assessment scale (none,
// basic, good, expert) onto the one 0–4 scale: 0, 1 and 2 keep their
// number and their words; the old top level 3 "Expertenwissen" is 4.
func oldToScale(level int) int {
	if level == 3 {
		return LevelExpert
	}
	return level
}

// MigrateLevelScale moves every learner document still on the old 0–3
// self-assessment scale onto the one 0–4 scale (see oldToScale): the
// assessments and the levels in the assessment history. A document
// carries the scale it is on (levelScale); one without the marker is
// migrated and marked in the same single-document update, conditional on
// the marker still missing, so running it again, or on two replicas at
// once, changes nothing twice. New writes set the marker. Call it at
// start, before the service takes requests. It returns how many
// documents it moved.
func (s *Service) MigrateLevelScale(ctx context.Context) (int, error) {
	notMigrated := bson.D{{Key: "levelScale", Value: bson.D{{Key: "$ne", Value: LevelScale}}}}
	cur, err := s.learners.Find(ctx, notMigrated)
	if err != nil {
		return 0, mongodb.Translate(err, "learners")
	}
	var docs []learnerDoc
	if err := cur.All(ctx, &docs); err != nil {
		return 0, mongodb.Translate(err, "learners")
	}
	n := 0
	for _, d := range docs {
		moved, err := s.migrateLearner(ctx, d.ID)
		if err != nil {
			return n, err
		}
		if moved {
			n++
		}
	}
	return n, nil
}

// migrateLearner moves one learner document onto the one scale.
func (s *Service) migrateLearner(ctx context.Context, id string) (bool, error) {
	defer s.locks.Lock(id)()
	// Read again under the lock: the listed state may be stale.
	var d learnerDoc
	if err := s.learners.FindOne(ctx, idFilter(id)).Decode(&d); err != nil {
		return false, mongodb.Translate(err, "learner")
	}
	if d.LevelScale == LevelScale {
		return false, nil
	}
	set := bson.D{{Key: "levelScale", Value: LevelScale}}
	if len(d.Assessments) > 0 {
		as := make(map[string]Assessment, len(d.Assessments))
		for sk, a := range d.Assessments {
			a.Level = oldToScale(a.Level)
			as[sk] = a
		}
		set = append(set, bson.E{Key: "assessments", Value: as})
	}
	if len(d.Events) > 0 {
		evs := make([]eventDoc, len(d.Events))
		for i, ev := range d.Events {
			if ev.Level != nil {
				l := oldToScale(*ev.Level)
				ev.Level = &l
			}
			evs[i] = ev
		}
		set = append(set, bson.E{Key: "events", Value: evs})
	}
	filter := bson.D{{Key: "_id", Value: id}, {Key: "levelScale", Value: bson.D{{Key: "$ne", Value: LevelScale}}}}
	res, err := s.learners.UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: set}})
	if err != nil {
		return false, mongodb.Translate(err, "learner")
	}
	return res.ModifiedCount > 0, nil
}
