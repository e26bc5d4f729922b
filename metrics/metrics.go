// Package metrics exposes Laufbahn's Prometheus metrics and Go's pprof
// profiles on a listener of their own (never on the public one): request
// durations by route pattern and status, search latency by engine and kind,
// the search sync worker's state, database command durations and the Go
// runtime.
package metrics

import (
	"context"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/laufbahn/laufbahn/search"
)

// latencyBuckets suit requests and searches that take from a fraction of a
// millisecond to seconds.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Metrics is one registry with Laufbahn's collectors.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
	searches *prometheus.HistogramVec
}

// New returns a registry holding the Go runtime and process collectors and
// Laufbahn's request and search histograms.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "laufbahn_http_request_duration_seconds",
			Help:    "Duration of HTTP requests, by method, route pattern and status code.",
			Buckets: latencyBuckets,
		}, []string{"method", "route", "status"}),
		searches: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "laufbahn_search_duration_seconds",
			Help:    "Duration of searches in the search engine, by engine, index kind and outcome (ok or error).",
			Buckets: latencyBuckets,
		}, []string{"engine", "kind", "outcome"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.searches,
	)
	return m
}

// Register adds collectors, such as the database connection's.
func (m *Metrics) Register(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := m.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// Unmatched is the route label of requests no route matched (404s of
// unknown paths), so scanners cannot blow up the label set.
const Unmatched = "unmatched"

// Middleware times every request by its route pattern (e.g.
// /api/v1/jobs/:id) and final status. Install it before the routes and
// before any middleware that answers by itself.
func (m *Metrics) Middleware() fiber.Handler {
	// Fiber reports a middleware's route when no handler route matched;
	// the set of handler routes, read once all are registered, tells them
	// apart.
	var once sync.Once
	var handlers map[string]bool
	return func(c *fiber.Ctx) error {
		once.Do(func() {
			handlers = map[string]bool{}
			for _, r := range c.App().GetRoutes(true) {
				handlers[r.Method+" "+r.Path] = true
			}
		})
		start := time.Now()
		err := c.Next()
		if err != nil {
			// The error handler writes the status now, not after us.
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
			err = nil
		}
		route := Unmatched
		if r := c.Route(); r != nil && handlers[r.Method+" "+r.Path] &&
			(strings.ContainsAny(r.Path, ":*") || strings.EqualFold(strings.TrimSuffix(c.Path(), "/"), strings.TrimSuffix(r.Path, "/"))) {
			route = r.Path
		}
		m.requests.WithLabelValues(c.Method(), route, strconv.Itoa(c.Response().StatusCode())).
			Observe(time.Since(start).Seconds())
		return err
	}
}

// Sync exports the search sync worker's state read from status at every
// scrape: pending (dirty, unconfirmed) documents per index, consecutive
// failed passes, and seconds since the last successful pass (the lag).
func (m *Metrics) Sync(status func() search.SyncStatus) error {
	pending := prometheus.NewDesc("laufbahn_search_sync_pending",
		"Documents the last sync pass found dirty and could not confirm, per index.", []string{"kind"}, nil)
	failures := prometheus.NewDesc("laufbahn_search_sync_failures",
		"Consecutive failed sync passes.", nil, nil)
	lag := prometheus.NewDesc("laufbahn_search_sync_lag_seconds",
		"Seconds since the last successful sync pass.", nil, nil)
	return m.reg.Register(collectorFunc{
		descs: []*prometheus.Desc{pending, failures, lag},
		collect: func(ch chan<- prometheus.Metric) {
			st := status()
			for _, k := range search.Kinds {
				ch <- prometheus.MustNewConstMetric(pending, prometheus.GaugeValue, float64(st.Pending[k]), string(k))
			}
			ch <- prometheus.MustNewConstMetric(failures, prometheus.GaugeValue, float64(st.Failures))
			if !st.LastSuccess.IsZero() {
				ch <- prometheus.MustNewConstMetric(lag, prometheus.GaugeValue, time.Since(st.LastSuccess).Seconds())
			}
		},
	})
}

type collectorFunc struct {
	descs   []*prometheus.Desc
	collect func(chan<- prometheus.Metric)
}

func (c collectorFunc) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range c.descs {
		ch <- d
	}
}

func (c collectorFunc) Collect(ch chan<- prometheus.Metric) { c.collect(ch) }

// Search returns idx with its searches timed. Only searches are wrapped;
// give the sync worker the engine itself.
func (m *Metrics) Search(idx search.Index) search.Index {
	return timedIndex{Index: idx, hist: m.searches, engine: idx.Engine()}
}

type timedIndex struct {
	search.Index
	hist   *prometheus.HistogramVec
	engine string
}

func (t timedIndex) Search(ctx context.Context, kind search.Kind, q search.Query) (search.Result, error) {
	start := time.Now()
	res, err := t.Index.Search(ctx, kind, q)
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	t.hist.WithLabelValues(t.engine, string(kind), outcome).Observe(time.Since(start).Seconds())
	return res, err
}

// Handler serves /metrics and the pprof profiles under /debug/pprof/.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
