package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/metrics"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/search"
)

// serveMetrics starts the metrics and pprof listener on cfg.MetricsAddr
// (nothing when it is empty) and returns the search index to serve searches
// through (timed), the middleware that times requests, and stop.
func serveMetrics(cfg Config, log *slog.Logger, conn *mongodb.Conn, syncer *search.Syncer, idx search.Index) (search.Index, []fiber.Handler, func(), error) {
	if cfg.MetricsAddr == "" {
		return idx, nil, func() {}, nil
	}
	m := metrics.New()
	if err := m.Register(conn.Collectors()...); err != nil {
		return nil, nil, nil, err
	}
	if err := m.Sync(syncer.Status); err != nil {
		return nil, nil, nil, err
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("metrics: listen on %s: %w", cfg.MetricsAddr, err)
	}
	// No write timeout: /debug/pprof/profile streams for its seconds.
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	log.Info("metrics and pprof", "addr", ln.Addr().String(), "url", "http://"+ln.Addr().String()+"/metrics")
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	}
	return m.Search(idx), []fiber.Handler{m.Middleware()}, stop, nil
}
