package mongodb

import (
	"context"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"go.mongodb.org/mongo-driver/v2/event"
)

// monitor watches every command the driver sends: it times them (the
// embedded store query durations on the metrics listener) and, on embedded
// FerretDB, indexes a collection's _id lookups right after the first command
// that may have created it.
type monitor struct {
	ids      *idIndexer // nil unless embedded
	duration *prometheus.HistogramVec
	// started maps a request id to its command's collection, from the
	// started event to the finished one.
	started sync.Map
}

type startedCommand struct {
	db, coll string
	// index says the command may have created a collection that has no
	// _id lookup index yet.
	index bool
}

func newMonitor(ids *idIndexer) *monitor {
	return &monitor{
		ids: ids,
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "laufbahn_db_command_duration_seconds",
			Help:    "Duration of database commands, by command, collection and outcome (ok or error).",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"command", "collection", "outcome"}),
	}
}

func (m *monitor) commandMonitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: m.onStarted, Succeeded: m.onSucceeded, Failed: m.onFailed}
}

func (m *monitor) onStarted(_ context.Context, e *event.CommandStartedEvent) {
	var coll string
	if el, err := e.Command.IndexErr(0); err == nil && el.Key() == e.CommandName {
		coll, _ = el.Value().StringValueOK()
	}
	s := startedCommand{db: e.DatabaseName, coll: coll}
	if m.ids != nil {
		switch e.CommandName {
		case "insert", "update", "findAndModify", "create", "createIndexes":
			s.index = coll != "" && !m.ids.known(e.DatabaseName, coll)
		case "drop":
			m.ids.forget(e.DatabaseName, coll)
		case "dropDatabase":
			m.ids.forget(e.DatabaseName, "")
		}
	}
	m.started.Store(e.RequestID, s)
}

func (m *monitor) finished(e *event.CommandFinishedEvent, outcome string) startedCommand {
	v, _ := m.started.LoadAndDelete(e.RequestID)
	s, _ := v.(startedCommand)
	m.duration.WithLabelValues(e.CommandName, s.coll, outcome).Observe(e.Duration.Seconds())
	return s
}

func (m *monitor) onSucceeded(ctx context.Context, e *event.CommandSucceededEvent) {
	if s := m.finished(&e.CommandFinishedEvent, "ok"); s.index {
		// In the command's own goroutine: the caller's next lookup
		// already finds the index. Errors only cost speed.
		if _, err := m.ids.ensure(context.WithoutCancel(ctx), s.db); err != nil {
			m.ids.log.Warn("could not create the _id lookup index", "database", s.db, "err", err)
		}
	}
}

func (m *monitor) onFailed(_ context.Context, e *event.CommandFailedEvent) {
	m.finished(&e.CommandFinishedEvent, "error")
}
