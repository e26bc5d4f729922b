// Package contenttest gives tests a content store on a fresh database
// (see mongodbtest), seeded with the curated content.
package contenttest

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/mongodb/mongodbtest"
)

// Seeded returns a store holding the curated content and its database.
func Seeded(t testing.TB) (*content.Store, *mongo.Database) {
	t.Helper()
	ctx := context.Background()
	db := mongodbtest.New(t)
	if err := mongodb.EnsureIndexes(ctx, db, content.Indexes()); err != nil {
		t.Fatal(err)
	}
	store := content.NewStore(db, time.Now)
	set, err := content.Load(content.Curated())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Seed(ctx, set, false); err != nil {
		t.Fatal(err)
	}
	return store, db
}
