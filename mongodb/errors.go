package mongodb

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/laufbahn/laufbahn/apperr"
)

// Translate turns a driver error into an application error at the store
// boundary: a missing document is NotFound, a duplicate key a Conflict, an
// unreachable server Unavailable. what names the object, e.g. `role "x"`.
func Translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mongo.ErrNoDocuments):
		return apperr.Wrap(apperr.NotFound, err, "%s not found", what)
	case mongo.IsDuplicateKeyError(err):
		return apperr.Wrap(apperr.Conflict, err, "%s already exists", what)
	case errors.Is(err, context.Canceled):
		return err
	case mongo.IsTimeout(err), mongo.IsNetworkError(err), errors.Is(err, mongo.ErrClientDisconnected),
		errors.Is(err, context.DeadlineExceeded):
		return apperr.Wrap(apperr.Unavailable, err, "the database is not reachable")
	default:
		var sse topology.ServerSelectionError
		if errors.As(err, &sse) {
			return apperr.Wrap(apperr.Unavailable, err, "the database is not reachable")
		}
		return apperr.Wrap(apperr.Internal, err, "database error on %s", what)
	}
}
