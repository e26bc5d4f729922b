package main

import (
	"context"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/mongodb"
)

// jobsPeriod is how often serve expires due postings and recomputes the
// salary insights. Each run scans the published postings, so not more
// often; reads expire a due posting on the spot anyway.
const jobsPeriod = 5 * time.Minute

// openJobs wires the jobs service; acc and snap may be nil for commands
// that only read postings.
func openJobs(ctx context.Context, db *mongo.Database, store *content.Store, acc *account.Service, snap jobs.SnapshotSource, log *slog.Logger) (*jobs.Service, error) {
	if err := mongodb.EnsureIndexes(ctx, db, jobs.Indexes()); err != nil {
		return nil, err
	}
	cfg := jobs.Config{DB: db, Content: store, Snapshot: snap, Logger: log.With("component", "jobs")}
	// Embedded FerretDB serves this process alone (the data directory is
	// locked): writes need no condition beyond _id, the one filter it
	// pushes down to SQLite.
	single, err := mongodb.IsFerretDB(ctx, db)
	if err != nil {
		return nil, err
	}
	cfg.SingleWriter = single
	if acc != nil {
		cfg.Orgs = jobs.AccountOrgs(acc)
	}
	return jobs.New(cfg)
}

// learningSnapshot is the skills and training snapshot an applicant shares
// with consent (jobs.LearningSnapshot).
func learningSnapshot(l *learning.Service) jobs.SnapshotSource { return jobs.LearningSnapshot(l) }
