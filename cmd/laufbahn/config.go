package main

import (
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/api"
	"github.com/laufbahn/laufbahn/learning"
	"github.com/laufbahn/laufbahn/mail"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Config is the whole configuration, filled from environment variables and
// overridden by flags.
type Config struct {
	Addr            string
	DataDir         string
	MongoURI        string
	MongoDB         string
	MeiliURL        string
	MeiliAPIKey     string
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	// Accounts.
	JWTKeys        string
	SMTPURL        string
	MailFrom       string
	BaseURL        string
	TrustedProxies []netip.Prefix
	// MetricsAddr serves /metrics and /debug/pprof; empty turns it off.
	MetricsAddr string
	// NotifySend off keeps notification mails queued (notifications are
	// still stored and shown in the app); NotifyKey (hex) signs the
	// unsubscribe links, empty keeps a random key in <data>/secrets.
	NotifySend bool
	NotifyKey  string
	// ExperienceYears is how many years of office work count as
	// "mehrjährige Berufserfahrung" (an assumption; see learning).
	ExperienceYears int
	// Website.
	ImpressumFile string
	PrivacyFile   string
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
	{"meili-url", "MEILI_URL", "", "Meilisearch URL; empty uses the embedded Bleve index under <data>/search", false,
		func(c *Config, v string) error { c.MeiliURL = v; return nil }},
	{"meili-api-key", "MEILI_API_KEY", "", "Meilisearch API key (a scoped key, not the master key)", true,
		func(c *Config, v string) error { c.MeiliAPIKey = v; return nil }},
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
	{"jwt-keys", "LAUFBAHN_JWT_KEYS", "", "access token keys: kid=base64(32-byte Ed25519 seed), comma-separated, the first signs; empty keeps a random key in <data>/secrets/jwt-keys", true,
		func(c *Config, v string) error {
			if v != "" {
				if _, err := account.ParseKeys(v); err != nil {
					return err
				}
			}
			c.JWTKeys = v
			return nil
		}},
	{"smtp-url", "LAUFBAHN_SMTP_URL", "", "SMTP server: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; empty writes each mail as an .eml file under <data>/mail", true,
		func(c *Config, v string) error {
			if v != "" {
				if _, err := mail.NewSMTP(v, "check <check@example.org>"); err != nil {
					return err
				}
			}
			c.SMTPURL = v
			return nil
		}},
	{"mail-from", "LAUFBAHN_MAIL_FROM", "Laufbahn <noreply@laufbahn.local>", "sender of the mails we send", false,
		func(c *Config, v string) error {
			if _, err := netmail.ParseAddress(v); err != nil {
				return fmt.Errorf("must be an address like \"Laufbahn <noreply@example.de>\"")
			}
			c.MailFrom = v
			return nil
		}},
	{"base-url", "LAUFBAHN_BASE_URL", "http://127.0.0.1:8080", "public address of the site, for the links in mails", false,
		func(c *Config, v string) error {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
				return fmt.Errorf("must be an absolute http(s) URL like https://laufbahn.example")
			}
			c.BaseURL = strings.TrimRight(v, "/")
			return nil
		}},
	{"impressum-file", "LAUFBAHN_IMPRESSUM_FILE", "", "the operator's legal notice for /impressum (HTML fragment or plain text); empty shows a marked placeholder", false,
		func(c *Config, v string) error { c.ImpressumFile = v; return checkReadable(v) }},
	{"privacy-file", "LAUFBAHN_PRIVACY_FILE", "", "the operator's privacy statement for /datenschutz (HTML fragment or plain text); empty shows a marked placeholder", false,
		func(c *Config, v string) error { c.PrivacyFile = v; return checkReadable(v) }},
	{"experience-years", "LAUFBAHN_EXPERIENCE_YEARS", strconv.Itoa(learning.DefaultExperienceYears), "years of office work that count as \"mehrjährige Berufserfahrung\" in learning plans (our assumption: no source gives a number; plans say so)", false,
		func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 60 {
				return fmt.Errorf("must be a whole number of years from 1 to 60")
			}
			c.ExperienceYears = n
			return nil
		}},
	{"notify-send", "LAUFBAHN_NOTIFY_SEND", "on", "on: the notification worker mails what is due; off: notifications are stored and shown in the app, their mails wait in the queue", false,
		func(c *Config, v string) error {
			switch v {
			case "on", "off":
				c.NotifySend = v == "on"
				return nil
			}
			return fmt.Errorf("must be on or off")
		}},
	{"notify-key", "LAUFBAHN_NOTIFY_KEY", "", "key signing the unsubscribe links in mails (at least 32 bytes, hex); empty keeps a random key in <data>/secrets/notify-key", true,
		func(c *Config, v string) error {
			if b, err := hex.DecodeString(v); v != "" && (err != nil || len(b) < 32) {
				return fmt.Errorf("must be at least 32 bytes, hex-encoded")
			}
			c.NotifyKey = v
			return nil
		}},
	{"metrics-addr", "LAUFBAHN_METRICS_ADDR", "", "address of the Prometheus metrics and pprof listener (host:port, keep it private); empty turns it off", false,
		func(c *Config, v string) error { c.MetricsAddr = v; return nil }},
	{"trusted-proxies", "LAUFBAHN_TRUSTED_PROXIES", "", "IPs or CIDR ranges of reverse proxies whose X-Forwarded-For is believed, comma-separated", false,
		func(c *Config, v string) error {
			p, err := api.ParseTrustedProxies(v)
			c.TrustedProxies = p
			return err
		}},
}

// dbSettings names the settings every subcommand that opens the database uses.
var dbSettings = []string{"data", "mongodb-uri", "mongodb-db", "log-level", "log-format"}

// accountSettings names the settings of subcommands that send mail or sign
// tokens.
var accountSettings = []string{"base-url", "jwt-keys", "smtp-url", "mail-from", "trusted-proxies"}

// searchSettings names the settings of subcommands that open the search index.
var searchSettings = []string{"meili-url", "meili-api-key"}

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
	meili := "(embedded Bleve)"
	if c.MeiliURL != "" {
		meili = c.MeiliURL
	}
	key := ""
	if c.MeiliAPIKey != "" {
		key = "xxxxx"
	}
	smtp := "(files under <data>/mail)"
	if c.SMTPURL != "" {
		smtp = mongodb.Redact(c.SMTPURL)
	}
	jwtKeys := "(key file under <data>/secrets)"
	if c.JWTKeys != "" {
		jwtKeys = "xxxxx"
	}
	proxies := make([]string, len(c.TrustedProxies))
	for i, p := range c.TrustedProxies {
		proxies[i] = p.String()
	}
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.String("base_url", c.BaseURL),
		slog.String("smtp_url", smtp),
		slog.String("mail_from", c.MailFrom),
		slog.String("jwt_keys", jwtKeys),
		slog.Bool("notify_send", c.NotifySend),
		slog.String("notify_key", maskKey(c.NotifyKey)),
		slog.String("trusted_proxies", strings.Join(proxies, ",")),
		slog.String("data", c.DataDir),
		slog.String("mongodb_uri", uri),
		slog.String("mongodb_db", c.MongoDB),
		slog.String("meili_url", meili),
		slog.String("meili_api_key", key),
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
