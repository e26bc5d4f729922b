package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"time"

	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/search"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

const topUsage = `laufbahn – career and training platform for back-office professions

Usage: laufbahn <command> [flags]

Commands:
  serve     serve the JSON API (default when no command is given)
  seed      load the curated career content into the database
  admin     create an administrator (laufbahn admin create --email ...)
  reindex   rebuild the search indexes from the database
  demo      create (or --remove) clearly marked demo employers and postings
  version   print the version
  healthcheck  exit 0 when a running server's /readyz answers 200 (for container health checks)

Run "laufbahn <command> --help" for a command's flags and environment variables.
`

// run is the whole program; main only calls it. It returns instead of
// exiting so tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(stdout, topUsage)
		return nil
	}
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	var err error
	switch name {
	case "serve":
		err = serve(ctx, args, getenv, stderr)
	case "seed":
		err = seed(ctx, args, getenv, stdout, stderr)
	case "admin":
		err = admin(ctx, args, getenv, stdout, stderr)
	case "reindex":
		err = reindex(ctx, args, getenv, stdout, stderr)
	case "demo":
		err = demo(ctx, args, getenv, stdout, stderr)
	case "version":
		cmd := newCommand("version", "print the version", stderr)
		if _, err = cmd.parse(args, getenv); err == nil {
			fmt.Fprintln(stdout, "laufbahn", buildVersion())
		}
	case "healthcheck":
		err = healthcheck(ctx, args, getenv, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, topUsage)
	default:
		fmt.Fprint(stderr, topUsage)
		return fmt.Errorf("unknown command %q", name)
	}
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// openDB opens the database, makes sure the indexes exist and returns the
// content store on it.
func openDB(ctx context.Context, cfg Config, log *slog.Logger) (*mongodb.Conn, *content.Store, error) {
	conn, err := mongodb.Open(ctx, mongodb.Config{URI: cfg.MongoURI, Database: cfg.MongoDB, DataDir: cfg.DataDir, Logger: log})
	if err != nil {
		return nil, nil, err
	}
	log.Info("database", "backend", conn.Backend, "database", cfg.MongoDB)
	if err := mongodb.EnsureIndexes(ctx, conn.DB, content.Indexes()); err != nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, nil, err
	}
	return conn, content.NewStore(conn.DB, time.Now), nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cmd := newCommand("serve", "serve the website and the JSON API", stderr, append(append([]string{"addr", "metrics-addr", "shutdown-timeout", "impressum-file", "privacy-file", "notify-send", "notify-key", "experience-years"}, dbSettings...), append(searchSettings, accountSettings...)...)...)
	cfg, err := cmd.parse(args, getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	log.Info("starting", "version", buildVersion(), "config", cfg)
	lock, err := lockDataDir(cfg, "serve", true)
	if err != nil {
		return err
	}
	defer lock.release()

	conn, store, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := conn.Close(closeCtx); err != nil {
			log.Warn("closing the database", "err", err)
		}
	}()

	if empty, err := store.Empty(ctx); err != nil {
		return err
	} else if empty {
		set, err := content.Load(content.Curated())
		if err != nil {
			return fmt.Errorf("curated content: %w", err)
		}
		rep, err := store.Seed(ctx, set, false)
		if err != nil {
			return err
		}
		log.Info("seeded an empty database with the curated content", "roles", rep[content.CollRoles][content.Inserted], "courses", rep[content.CollCourses][content.Inserted])
	}

	idx, err := openSearch(cfg, log)
	if err != nil {
		return err
	}
	defer idx.Close()
	acc, err := openAccounts(ctx, cfg, conn.DB, store, log)
	if err != nil {
		return err
	}
	defer acc.close(cfg.ShutdownTimeout)
	lrn, err := openLearning(ctx, conn.DB, store, cfg.ExperienceYears)
	if err != nil {
		return err
	}
	jobSvc, err := openJobs(ctx, conn.DB, store, acc.service, learningSnapshot(lrn), log)
	if err != nil {
		return err
	}

	syncer := search.NewSyncer(idx, log.With("component", "search-sync"), searchSources(store, jobSvc)...)
	jobSvc.SetSearchWake(syncer.Wake)
	store.SetSearchWake(syncer.Wake)
	nt, err := openNotify(ctx, cfg, conn.DB, store, acc.service, jobSvc, lrn, log)
	if err != nil {
		return err
	}
	jobSvc.SetNotifier(nt.JobsNotifier())
	// Background work stops after the HTTP server has drained (defers run
	// in reverse), and before the index and the database close.
	defer background(ctx, log, "search sync", syncer.Run)()
	defer background(ctx, log, "jobs periodic", func(ctx context.Context) { jobSvc.RunPeriodic(ctx, jobsPeriod) })()
	defer background(ctx, log, "rate limit cleanup", func(ctx context.Context) { acc.limits.RunCleanup(ctx, cleanupInterval) })()
	defer background(ctx, log, "account cleanup", func(ctx context.Context) { acc.service.RunCleanup(ctx, cleanupInterval) })()
	defer background(ctx, log, "notifications", func(ctx context.Context) { nt.Run(ctx, notifyInterval, cfg.NotifySend) })()

	// Metrics (off without --metrics-addr): searches from here on are timed.
	idx, middleware, stopMetrics, err := serveMetrics(cfg, log, conn, syncer, idx)
	if err != nil {
		return err
	}
	defer stopMetrics()
	// One eraser for the API's and the website's account deletion.
	erase := acc.eraser(conn)
	site, err := newSite(cfg, log, store, idx, acc, lrn, jobSvc, nt, erase)
	if err != nil {
		return err
	}
	app := api.New(api.Deps{Logger: log, Content: store, Ready: conn.Ping, Version: buildVersion(),
		Search: idx, SearchStatus: syncer.Status,
		Accounts: acc.service, RateLimitStorage: acc.limits, TrustedProxies: cfg.TrustedProxies, BaseURL: cfg.BaseURL, Erase: erase, Learning: lrn, Jobs: jobSvc, Notify: nt, Middleware: middleware,
		Site: site})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String())

	select {
	case err := <-served:
		return fmt.Errorf("server stopped: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down; waiting for in-flight requests", "timeout", cfg.ShutdownTimeout.String())
	if err := app.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil {
		log.Warn("shutdown", "err", err)
	}
	<-served
	log.Info("stopped")
	return nil
}

func seed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := newCommand("seed", "load the curated career content into the database (idempotent)", stderr, dbSettings...)
	force := cmd.fs.Bool("force", false, "overwrite documents an admin has edited")
	dir := cmd.fs.String("content", "", "read content YAML from this directory instead of the built-in files")
	dryRun := cmd.fs.Bool("check", false, "only validate the content files; do not touch the database")
	cfg, err := cmd.parse(args, getenv)
	if err != nil {
		return err
	}
	src := content.Curated()
	if *dir != "" {
		src = os.DirFS(*dir)
	}
	set, err := content.Load(src)
	if err != nil {
		return describeContentError(err)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "content is valid: %s, %s, %s, %s, %s, %s\n",
			count(len(set.Roles), "role", "roles"), count(len(set.Skills), "skill", "skills"), count(len(set.Salaries), "salary range", "salary ranges"),
			count(len(set.Courses), "course", "courses"), count(len(set.Paths), "path", "paths"), count(len(set.Sources), "source", "sources"))
		return nil
	}
	lock, err := lockDataDir(cfg, "seed", false)
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
	// The report names the documents kept because an admin changed or
	// retired them (--force overwrites those).
	rep, err := store.SeedDetailed(ctx, set, *force)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, rep.String())
	if !rep.Counts.Changed() {
		fmt.Fprintln(stdout, "nothing changed")
	}
	return nil
}

// describeContentError lists every content problem on its own line as
// "file: field: reason".
func describeContentError(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || len(ae.Fields) == 0 {
		return err
	}
	msg := fmt.Sprintf("invalid content (%d problems):", len(ae.Fields))
	for _, k := range slices.Sorted(maps.Keys(ae.Fields)) {
		msg += fmt.Sprintf("\n  %s: %s", k, ae.Fields[k])
	}
	return errors.New(msg)
}

// healthcheck asks a running server's /readyz; containers without a shell
// use it as their health check.
func healthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := newCommand("healthcheck", "exit 0 when the server at --addr is ready", stderr, "addr")
	cmd.settings[0].usage = "address of the running server to check (host:port; 0.0.0.0 or :: ask 127.0.0.1)"
	cmd.fs.Lookup("addr").Usage = cmd.settings[0].usage
	cfg, err := cmd.parse(args, getenv)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("addr %q: %w", cfg.Addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: /readyz answered %d", resp.StatusCode)
	}
	fmt.Fprintln(stdout, "ready")
	return nil
}

// background runs fn in a goroutine with a context of its own (it keeps
// running while ctx's cancellation starts the shutdown) and returns stop,
// which cancels fn's context and waits until fn has returned. A panic in fn
// never takes the process down: it is recovered, logged once with the
// worker's name, the running count and the stack, and fn starts again after
// a pause (1 s, doubling up to a minute), so the worker neither crashes the
// server nor silently stops.
func background(ctx context.Context, log *slog.Logger, name string, fn func(context.Context)) (stop func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		pause := time.Second
		for panics := 1; runGuarded(ctx, log, name, panics, fn); panics++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause):
			}
			pause = min(2*pause, time.Minute)
		}
	}()
	return func() { cancel(); <-done }
}

// runGuarded runs fn and reports whether it panicked.
func runGuarded(ctx context.Context, log *slog.Logger, name string, n int, fn func(context.Context)) (panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			panicked = true
			log.Error("background worker panicked; it restarts", "worker", name, "panic", fmt.Sprint(r), "panics", n, "stack", string(debug.Stack()))
		}
	}()
	fn(ctx)
	return false
}
