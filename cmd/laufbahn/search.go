package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"

	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/bleve"
	"github.com/laufbahn/laufbahn/search/meili"
)

// openSearch opens Meilisearch when MEILI_URL is set, otherwise the embedded
// Bleve index under the data directory.
func openSearch(cfg Config, log *slog.Logger) (search.Index, error) {
	// Both engines take their synonyms and compound parts from the curated
	// vocabulary (content/data/vocabulary.yaml).
	vocab, err := content.CuratedVocabulary()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if cfg.MeiliURL != "" {
		idx, err := meili.New(meili.Config{URL: cfg.MeiliURL, APIKey: cfg.MeiliAPIKey, Vocabulary: vocab}, log)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		log.Info("search", "engine", "meilisearch", "url", cfg.MeiliURL)
		return idx, nil
	}
	dir := filepath.Join(cfg.DataDir, "search")
	idx, err := bleve.Open(dir, log)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	idx.UseVocabulary(vocab)
	log.Info("search", "engine", "bleve", "dir", dir)
	return idx, nil
}

// searchSources lists every feature's search source.
func searchSources(store *content.Store, jobSvc *jobs.Service) []search.Source {
	return append(store.SearchSources(), jobSvc.SearchSource())
}

// reindex rebuilds search indexes from MongoDB.
func reindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := newCommand("reindex", "rebuild the search indexes from the database", stderr, append(dbSettings, searchSettings...)...)
	only := cmd.fs.String("index", "", "rebuild only this index: jobs, courses or roles")
	cfg, err := cmd.parse(args, getenv)
	if err != nil {
		return err
	}
	kinds := search.Kinds
	if *only != "" {
		if !slices.Contains(search.Kinds, search.Kind(*only)) {
			return fmt.Errorf("--index must be jobs, courses or roles")
		}
		kinds = []search.Kind{search.Kind(*only)}
	}
	lock, err := lockDataDir(cfg, "reindex", true)
	if err != nil {
		return err
	}
	defer lock.release()
	log := newLogger(cfg, stderr)
	conn, store, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	idx, err := openSearch(cfg, log)
	if err != nil {
		return err
	}
	defer idx.Close()
	jobSvc, err := openJobs(ctx, conn.DB, store, nil, nil, log)
	if err != nil {
		return err
	}
	sources := searchSources(store, jobSvc)
	syncer := search.NewSyncer(idx, log, sources...)
	for _, k := range kinds {
		if !slices.ContainsFunc(sources, func(s search.Source) bool { return s.Kind() == k }) {
			fmt.Fprintf(stdout, "%-8s no documents feed this index yet\n", k)
			continue
		}
		n, err := syncer.Reindex(ctx, k)
		if err != nil {
			return err
		}
		st, err := idx.Stats(ctx, k)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-8s indexed %d documents; the index holds %d\n", k, n, st.Count)
	}
	return nil
}
