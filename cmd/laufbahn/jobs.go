package main

import (
	"context"
	"log/slog"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/mongodb"
)

// jobsPeriod is how often serve expires due postings and recomputes the
// salary insights. Each run scans the published postings, so not more
// often; reads expire a due posting on the spot anyway.
const jobsPeriod = 5 * time.Minute

// openJobs wires the jobs service; acc may be nil for commands that only
// read postings.
func openJobs(ctx context.Context, db *mongo.Database, store *content.Store, acc *account.Service, log *slog.Logger) (*jobs.Service, error) {
	if err := mongodb.EnsureIndexes(ctx, db, jobs.Indexes()); err != nil {
		return nil, err
	}
	cfg := jobs.Config{DB: db, Content: store, Logger: log.With("component", "jobs")}
	if acc != nil {
		cfg.Orgs = jobs.AccountOrgs(acc)
	}
	return jobs.New(cfg)
}
