// Package mongodb connects Laufbahn to its only source of truth: a MongoDB
// server named by a URI, or, when none is given, FerretDB embedded in this
// process (SQLite files under the data directory) spoken to over the MongoDB
// wire protocol on a loopback port. Callers get a *mongo.Database either way.
package mongodb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"github.com/prometheus/client_golang/prometheus"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
)

// Config says which database to use.
type Config struct {
	// URI of a MongoDB server; empty selects embedded FerretDB.
	URI string
	// Database name.
	Database string
	// DataDir holds the embedded database files (under DataDir/db).
	DataDir string
	Logger  *slog.Logger

	// ferretLog, when set (by tests), receives embedded FerretDB's log
	// records unfiltered, including the SQL it runs at debug level.
	ferretLog slog.Handler
}

// Conn is an open database connection, and the embedded server if one runs.
type Conn struct {
	Client *mongo.Client
	DB     *mongo.Database
	// Backend describes what the connection talks to, for the startup log;
	// it never contains credentials.
	Backend string

	stopEmbedded context.CancelFunc
	embeddedDone chan struct{}
	ids          *idIndexer
	monitor      *monitor
}

// Open connects to cfg.URI, or starts embedded FerretDB and connects to it,
// and checks the connection with a ping.
func Open(ctx context.Context, cfg Config) (*Conn, error) {
	if cfg.Database == "" {
		return nil, errors.New("mongodb: database name is empty")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Conn{}
	uri := cfg.URI
	if uri == "" {
		dir := filepath.Join(cfg.DataDir, "db")
		var err error
		ferretLog := cfg.ferretLog
		if ferretLog == nil {
			ferretLog = ferretLogHandler{log.With("component", "ferretdb").Handler()}
		}
		if uri, err = c.startEmbedded(dir, ferretLog); err != nil {
			return nil, err
		}
		c.Backend = "embedded FerretDB (SQLite in " + dir + ")"
		c.ids = newIDIndexer(dir, log)
	} else {
		c.Backend = "MongoDB at " + Redact(uri)
	}
	c.monitor = newMonitor(c.ids)
	client, err := mongo.Connect(options.Client().
		ApplyURI(uri).
		SetAppName("laufbahn").
		SetMonitor(c.monitor.commandMonitor()).
		SetServerSelectionTimeout(10 * time.Second))
	if err != nil {
		c.shutdownEmbedded()
		return nil, fmt.Errorf("mongodb: connect to %s: %w", c.Backend, err)
	}
	c.Client = client
	c.DB = client.Database(cfg.Database)
	if err := c.Ping(ctx); err != nil {
		_ = c.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("mongodb: %s is not reachable: %w", c.Backend, err)
	}
	if c.ids != nil {
		// Collections created by an earlier run (or before this version)
		// get their _id lookup index now; creating it on a large
		// collection takes a moment, once.
		start := time.Now()
		if err := c.ids.ensureAll(ctx); err != nil {
			_ = c.Close(context.WithoutCancel(ctx))
			return nil, err
		}
		log.Debug("_id lookup indexes checked", "took", time.Since(start).String())
	}
	return c, nil
}

// Collectors are the connection's metrics (database command durations),
// for a Prometheus registry.
func (c *Conn) Collectors() []prometheus.Collector {
	return []prometheus.Collector{c.monitor.duration}
}

func (c *Conn) startEmbedded(dir string, log slog.Handler) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("mongodb: create %s: %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("mongodb: %w", err)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    slog.New(log),
	})
	if err != nil {
		return "", fmt.Errorf("mongodb: start embedded FerretDB in %s: %w", dir, err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	c.stopEmbedded = stop
	c.embeddedDone = make(chan struct{})
	go func() {
		defer close(c.embeddedDone)
		_ = f.Run(runCtx)
	}()
	// MongoDBURI waits until the listener is bound.
	return f.MongoDBURI(), nil
}

// Ping checks that the database answers.
func (c *Conn) Ping(ctx context.Context) error {
	return c.Client.Ping(ctx, readpref.Primary())
}

// Close disconnects and stops the embedded server, if any.
func (c *Conn) Close(ctx context.Context) error {
	var err error
	if c.Client != nil {
		err = c.Client.Disconnect(ctx)
	}
	if c.ids != nil {
		c.ids.close()
	}
	c.shutdownEmbedded()
	return err
}

func (c *Conn) shutdownEmbedded() {
	if c.stopEmbedded == nil {
		return
	}
	c.stopEmbedded()
	<-c.embeddedDone
	c.stopEmbedded = nil
}

// Redact returns uri without its password, for logs.
func Redact(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return "(unparseable URI)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.String()
}

// Index is an index a feature package needs.
type Index struct {
	Collection string
	Keys       bson.D
	Unique     bool
}

// EnsureIndexes creates the indexes; creating an existing one is a no-op.
func EnsureIndexes(ctx context.Context, db *mongo.Database, indexes []Index) error {
	for _, ix := range indexes {
		model := mongo.IndexModel{Keys: ix.Keys, Options: options.Index().SetUnique(ix.Unique)}
		if _, err := db.Collection(ix.Collection).Indexes().CreateOne(ctx, model); err != nil {
			return fmt.Errorf("mongodb: create index %v on %s: %w", ix.Keys, ix.Collection, err)
		}
	}
	return nil
}

// ferretLogHandler passes FerretDB's warnings and errors to our logger.
// FerretDB logs a protocol dump at warn level for every command answered with
// ok: 0 (the driver's endSessions at disconnect, for one); the driver already
// returns those failures to our code, so the dumps are demoted to debug.
type ferretLogHandler struct{ slog.Handler }

func (h ferretLogHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l) || h.Handler.Enabled(ctx, slog.LevelDebug)
}

func (h ferretLogHandler) Handle(ctx context.Context, r slog.Record) error {
	if strings.Contains(r.Message, " header: ") || strings.Contains(r.Message, " message:\n") {
		r.Level = slog.LevelDebug
	} else if r.Level < slog.LevelWarn {
		return nil
	}
	if !h.Handler.Enabled(ctx, r.Level) {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h ferretLogHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return ferretLogHandler{h.Handler.WithAttrs(a)}
}

func (h ferretLogHandler) WithGroup(n string) slog.Handler {
	return ferretLogHandler{h.Handler.WithGroup(n)}
}
