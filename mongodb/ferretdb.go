package mongodb

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// IsFerretDB reports whether db is served by FerretDB (in Laufbahn: the
// embedded default, one process), whose buildInfo names its version.
// FerretDB pushes only a filter of exactly {_id: v} down to SQLite; a store
// may use it to drop a condition it already holds under DocLocks.
func IsFerretDB(ctx context.Context, db *mongo.Database) (bool, error) {
	var info bson.M
	if err := db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return false, err
	}
	_, ok := info["ferretdbVersion"]
	return ok, nil
}
