package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/frontend"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/notify"
	"github.com/laufbahn/laufbahn/search"
)

// newSite builds the website over the same services as the API.
func newSite(cfg Config, log *slog.Logger, store *content.Store, idx search.Index, acc *accounts, lrn *learning.Service, jobSvc *jobs.Service, nt *notify.Service, erase func(context.Context, string)) (*frontend.Site, error) {
	site, err := frontend.New(frontend.Deps{
		Logger: log.With("component", "site"), Content: store, Search: idx, Jobs: jobSvc, Accounts: acc.service, Learning: lrn, Notify: nt, Erase: erase,
		BaseURL: cfg.BaseURL, Storage: acc.limits, ImpressumFile: cfg.ImpressumFile, PrivacyFile: cfg.PrivacyFile,
		// The account forms count with the API's account routes.
		Limiters: api.NewLimiters(nil, acc.limits, cfg.TrustedProxies),
	})
	if err != nil {
		return nil, fmt.Errorf("website: %w", err)
	}
	return site, nil
}

// checkReadable fails for a configured file that cannot be read.
func checkReadable(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, err)
	}
	return f.Close()
}
