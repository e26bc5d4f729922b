package main

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/mongodb"
)

// openLearning wires the learning service (enrolments, assessments, gap
// analysis) on the database and the content store; experienceYears is the
// assumed number of years of "mehrjährige Berufserfahrung" (0: the default).
func openLearning(ctx context.Context, db *mongo.Database, store *content.Store, experienceYears int) (*learning.Service, error) {
	if err := mongodb.EnsureIndexes(ctx, db, learning.Indexes()); err != nil {
		return nil, err
	}
	l := learning.New(db, store, time.Now)
	// Assessments stored on the old 0–3 scale move to the one 0–4 scale
	// once, before any request reads them (idempotent per document).
	if _, err := l.MigrateLevelScale(ctx); err != nil {
		return nil, err
	}
	if experienceYears != 0 {
		if err := l.SetExperienceYears(experienceYears); err != nil {
			return nil, err
		}
	}
	return l, nil
}
