package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/laufbahn/laufbahn/mongodb"
)

// Config is the whole configuration, filled from environment variables and
// overridden by flags.
type Config struct {
	Addr            string
	DataDir         string
	MongoURI        string
	MongoDB         string
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
}

// setting is one configuration value: its flag, its environment variable,
// its default and where it goes.
type setting struct {
	flag, env, def, usage string
	secret                bool
	set                   func(*Config, string) error
}

var settings = []setting{
	{"addr", "LAUFBAHN_ADDR", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)", false,
		func(c *Config, v string) error { c.Addr = v; return nil }},
	{"data", "LAUFBAHN_DATA", "./data", "data directory (embedded database under <data>/db)", false,
		func(c *Config, v string) error { c.DataDir = v; return nil }},
	{"mongodb-uri", "MONGODB_URI", "", "MongoDB connection string; empty runs embedded FerretDB", true,
		func(c *Config, v string) error { c.MongoURI = v; return nil }},
	{"mongodb-db", "MONGODB_DB", "laufbahn", "database name", false,
		func(c *Config, v string) error { c.MongoDB = v; return nil }},
	{"log-level", "LAUFBAHN_LOG_LEVEL", "info", "debug, info, warn or error", false,
		func(c *Config, v string) error {
			var l slog.Level
			if err := l.UnmarshalText([]byte(v)); err != nil {
				return fmt.Errorf("must be debug, info, warn or error")
			}
			c.LogLevel = strings.ToLower(v)
			return nil
		}},
	{"log-format", "LAUFBAHN_LOG_FORMAT", "auto", "text, json, or auto (text on a terminal, JSON otherwise)", false,
		func(c *Config, v string) error {
			switch v {
			case "auto", "text", "json":
				c.LogFormat = v
				return nil
			}
			return fmt.Errorf("must be auto, text or json")
		}},
	{"shutdown-timeout", "LAUFBAHN_SHUTDOWN_TIMEOUT", "15s", "how long in-flight requests may take to finish on shutdown", false,
		func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("must be a positive duration like 15s")
			}
			c.ShutdownTimeout = d
			return nil
		}},
}

// dbSettings names the settings every subcommand that opens the database uses.
var dbSettings = []string{"data", "mongodb-uri", "mongodb-db", "log-level", "log-format"}

// command is a subcommand's flag set: the named settings plus any extra
// flags; parse fills the Config from defaults, environment, then flags.
type command struct {
	name, summary string
	fs            *flag.FlagSet
	settings      []setting
	values        map[string]*string
}

func newCommand(name, summary string, stderr io.Writer, names ...string) *command {
	cmd := &command{name: name, summary: summary, fs: flag.NewFlagSet(name, flag.ContinueOnError), values: map[string]*string{}}
	cmd.fs.SetOutput(stderr)
	for _, n := range names {
		for _, s := range settings {
			if s.flag == n {
				cmd.settings = append(cmd.settings, s)
				cmd.values[n] = cmd.fs.String(s.flag, "", s.usage)
			}
		}
	}
	cmd.fs.Usage = func() { cmd.usage(stderr) }
	return cmd
}

func (cmd *command) usage(w io.Writer) {
	fmt.Fprintf(w, "laufbahn %s: %s\n\nUsage: laufbahn %s [flags]\n\n", cmd.name, cmd.summary, cmd.name)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FLAG\tENVIRONMENT\tDEFAULT\tMEANING")
	for _, s := range cmd.settings {
		def := s.def
		if def == "" {
			def = `""`
		}
		fmt.Fprintf(tw, "--%s\t%s\t%s\t%s\n", s.flag, s.env, def, s.usage)
	}
	cmd.fs.VisitAll(func(f *flag.Flag) {
		if _, isSetting := cmd.values[f.Name]; !isSetting {
			fmt.Fprintf(tw, "--%s\t-\t%s\t%s\n", f.Name, f.DefValue, f.Usage)
		}
	})
	tw.Flush()
	fmt.Fprintln(w, "\nFlags override environment variables.")
}

// parse reads args and fills a Config: default, then environment, then flag.
func (cmd *command) parse(args []string, getenv func(string) string) (Config, error) {
	var c Config
	if err := cmd.fs.Parse(args); err != nil {
		return c, err
	}
	if cmd.fs.NArg() > 0 {
		return c, fmt.Errorf("%s: unexpected argument %q", cmd.name, cmd.fs.Arg(0))
	}
	explicit := map[string]bool{}
	cmd.fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	for _, s := range settings {
		v := s.def
		if e := getenv(s.env); e != "" {
			v = e
		}
		if p, ok := cmd.values[s.flag]; ok && explicit[s.flag] {
			v = *p
		}
		if err := s.set(&c, v); err != nil {
			return c, fmt.Errorf("%s (--%s / %s): %w", s.env, s.flag, s.env, err)
		}
	}
	return c, nil
}

// LogValue masks secrets when the config is logged.
func (c Config) LogValue() slog.Value {
	uri := "(embedded)"
	if c.MongoURI != "" {
		uri = mongodb.Redact(c.MongoURI)
	}
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.String("data", c.DataDir),
		slog.String("mongodb_uri", uri),
		slog.String("mongodb_db", c.MongoDB),
		slog.String("log_level", c.LogLevel),
	)
}

// newLogger builds the logger: text on a terminal, JSON otherwise, unless
// the format is set.
func newLogger(c Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	format := c.LogFormat
	if format == "auto" || format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
