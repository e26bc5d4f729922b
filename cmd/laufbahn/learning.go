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
// analysis) on the database and the content store.
func openLearning(ctx context.Context, db *mongo.Database, store *content.Store) (*learning.Service, error) {
	if err := mongodb.EnsureIndexes(ctx, db, learning.Indexes()); err != nil {
		return nil, err
	}
	return learning.New(db, store, time.Now), nil
}
