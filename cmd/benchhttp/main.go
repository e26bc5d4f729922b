// Command benchhttp is Laufbahn's load harness (make bench-http): it starts
// the laufbahn binary on a temporary data directory with N demo postings,
// measures start-to-ready, ingest and publish-to-searchable, captures the
// answers of the hot routes, serves exactly those bytes from a bare Fiber
// handler in a second process, and drives both with the same closed-loop
// load generator, printing req/s, p50, p99, the ratio to bare Fiber, the
// server's CPU time per request and its RSS for every route.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
	_ "modernc.org/sqlite" // reads the oldest and newest posting id from the embedded store's file
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchhttp:", err)
		os.Exit(1)
	}
}

type options struct {
	bin         string
	postings    int
	duration    time.Duration
	warmup      time.Duration
	conns       int
	searchConns int
	publish     int
	pprofDir    string
	keep        bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchhttp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.bin, "bin", "bin/laufbahn", "the laufbahn binary to measure")
	fs.IntVar(&o.postings, "postings", 10000, "demo postings to create")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "measured time per route and server")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured load before each measurement")
	fs.IntVar(&o.conns, "conns", 32, "connections for most routes")
	fs.IntVar(&o.searchConns, "search-conns", 8, "connections for the job search cycle")
	fs.IntVar(&o.publish, "publish", 20, "postings published through the API for publish-to-searchable")
	fs.StringVar(&o.pprofDir, "pprof", "", "write a CPU profile of the server per route into this directory (turns the metrics listener on)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary data directory")
	bare := fs.String("bare", "", "internal: serve the captured answers in this file")
	bareAddr := fs.String("addr", "127.0.0.1:0", "internal: address of the bare server")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bare != "" {
		return serveBare(ctx, *bare, *bareAddr, stdout)
	}
	return bench(ctx, o, stdout, stderr)
}

// route is a measured route: its paths are cycled.
type route struct {
	name  string
	paths []string
	conns int
	page  bool // a page of the website, which may not exist yet
}

// jobQueries is a cycle of realistic job searches: text, filters and sorts
// as the search form sends them; every answer carries the facets.
var jobQueries = []string{
	"/api/v1/search/jobs?q=backoffice",
	"/api/v1/search/jobs?q=backoffice&bundesland=BY",
	"/api/v1/search/jobs?q=sachbearbeitung&employmentType=teilzeit",
	"/api/v1/search/jobs?q=office%20manager&remote=hybrid",
	"/api/v1/search/jobs?q=buchhaltung&sort=date",
	"/api/v1/search/jobs?bundesland=NW&sort=salary",
	"/api/v1/search/jobs?q=assistenz&city=Berlin",
	"/api/v1/search/jobs?q=b%C3%BCroleitung&salaryMin=45000",
	"/api/v1/search/jobs?q=backofice",
	"/api/v1/search/jobs?q=verwaltung&fixedTerm=false&page=2",
	"/api/v1/search/jobs?role=backoffice-manager&bundesland=HE",
	"/api/v1/search/jobs?q=datev&remote=remote",
}

func bench(ctx context.Context, o options, stdout, stderr io.Writer) error {
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("the laufbahn binary: %w (make build)", err)
	}
	dir, err := os.MkdirTemp("", "laufbahn-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(stderr, "data directory:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "# "+format+"\n", a...) }
	var report strings.Builder
	out := func(format string, a ...any) { fmt.Fprintf(&report, format+"\n", a...) }

	// 1. Start-to-ready on an empty data directory (seeds the content).
	srv, err := startServer(ctx, bin, dir, "")
	if err != nil {
		return err
	}
	readyEmpty := srv.ready
	logf("ready on an empty data directory after %s", readyEmpty.Round(time.Millisecond))
	if err := srv.stop(); err != nil {
		return err
	}

	// 2. Ingest: demo postings, then the time until all are searchable.
	start := time.Now()
	if o.postings > 0 {
		cmd := exec.CommandContext(ctx, bin, "demo", "--postings", fmt.Sprint(o.postings))
		cmd.Env = serverEnv(dir, "", "")
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("demo: %w\n%s", err, b)
		}
	}
	demoTook := time.Since(start)
	logf("demo --postings %d took %s", o.postings, demoTook.Round(time.Millisecond))
	oldest, newest, err := postingEnds(filepath.Join(dir, "db", "laufbahn.sqlite"))
	if err != nil {
		return err
	}
	if srv, err = startServer(ctx, bin, dir, ""); err != nil {
		return err
	}
	serveStart := srv.started
	var searchableAfter time.Duration
	for {
		n, err := srv.searchable(ctx)
		if err != nil {
			_ = srv.stop()
			return err
		}
		if n >= o.postings {
			searchableAfter = time.Since(serveStart)
			break
		}
		if time.Since(serveStart) > 30*time.Minute {
			_ = srv.stop()
			return fmt.Errorf("only %d of %d postings searchable after 30 minutes", n, o.postings)
		}
		time.Sleep(100 * time.Millisecond)
	}
	logf("all %d searchable %s after serve started", o.postings, searchableAfter.Round(time.Millisecond))
	if err := srv.stop(); err != nil {
		return err
	}

	// 3. Start-to-ready on the full data directory; this server takes the load.
	metricsAddr := ""
	if o.pprofDir != "" {
		if metricsAddr, err = freeAddr(); err != nil {
			return err
		}
		if err := os.MkdirAll(o.pprofDir, 0o755); err != nil {
			return err
		}
	}
	if srv, err = startServer(ctx, bin, dir, metricsAddr); err != nil {
		return err
	}
	defer srv.stop()
	readyFull := srv.ready
	logf("ready on the full data directory after %s", readyFull.Round(time.Millisecond))
	// serve scans the postings once at start (expiry, salary insights, the
	// search sync's recovery scan); measure the routes after that.
	settled := waitIdle(ctx, srv.pid(), 5*time.Minute)
	logf("server idle %s after ready", settled.Round(time.Second))

	routes := []route{
		{name: "role profile", paths: []string{"/api/v1/roles/backoffice-manager"}, conns: o.conns},
		{name: "course list", paths: []string{"/api/v1/courses?limit=20"}, conns: o.conns},
		{name: "course search", paths: []string{"/api/v1/search/courses?q=buchhaltung"}, conns: o.conns},
		{name: "global search", paths: []string{"/api/v1/search?q=backoffice"}, conns: o.conns},
		{name: "job search (cycle of 12)", paths: jobQueries, conns: o.searchConns},
		{name: "job detail, oldest", paths: []string{"/api/v1/jobs/" + oldest}, conns: o.conns},
		{name: "job detail, newest", paths: []string{"/api/v1/jobs/" + newest}, conns: o.conns},
		{name: "page /", paths: []string{"/"}, conns: o.conns, page: true},
		{name: "page /berufe/backoffice-manager", paths: []string{"/berufe/backoffice-manager"}, conns: o.conns, page: true},
		{name: "page /jobs?q=Backoffice", paths: []string{"/jobs?q=Backoffice"}, conns: o.conns, page: true},
		{name: "page /jobs/{newest}", paths: []string{"/jobs/" + newest}, conns: o.conns, page: true},
	}
	header := map[string]string{"Accept-Encoding": "gzip", "Accept-Language": "de-DE,de;q=0.9"}

	// Capture every answer once; the bare server sends exactly these bytes.
	captured := map[string]answer{}
	var measured []route
	for _, r := range routes {
		ok := true
		for _, p := range r.paths {
			a, err := fetch(srv.addr, p, header)
			if err != nil {
				return err
			}
			if a.Status != 200 {
				ok = false
				why := fmt.Sprintf("answered %d", a.Status)
				if a.Status == 404 && r.page {
					why = "404: the website does not serve this page (yet)"
				}
				logf("skipping %s: %s %s", r.name, p, why)
				out("- %s not measured: `%s` %s", r.name, p, why)
				break
			}
			captured[p] = a
		}
		if ok {
			measured = append(measured, r)
		}
	}
	file := filepath.Join(dir, "bare.json")
	b, err := json.Marshal(captured)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		return err
	}
	bare, err := startBare(ctx, file)
	if err != nil {
		return err
	}
	defer bare.stop()

	var rows []string
	for _, r := range measured {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		l := load{paths: r.paths, conns: r.conns, duration: o.duration, warmup: o.warmup, header: header}
		l.addr = bare.addr
		cpu0 := procCPU(bare.pid())
		rb := l.run(ctx)
		bareCPU := procCPU(bare.pid()) - cpu0
		l.addr = srv.addr
		var prof sync.WaitGroup
		if o.pprofDir != "" {
			prof.Add(1)
			go func() {
				defer prof.Done()
				time.Sleep(o.warmup)
				saveProfile(metricsAddr, o.duration, filepath.Join(o.pprofDir, slug(r.name)+".pprof"), logf)
			}()
		}
		cpu0 = procCPU(srv.pid())
		rl := l.run(ctx)
		cpu := procCPU(srv.pid()) - cpu0
		prof.Wait()
		ratio := 0.0
		if rb.rps() > 0 {
			ratio = rl.rps() / rb.rps() * 100
		}
		perReq := func(cpu time.Duration, n int) string {
			if n == 0 {
				return "–"
			}
			return fmt.Sprintf("%.0f µs", float64(cpu.Microseconds())/float64(n))
		}
		avgBytes := int64(0)
		if rl.requests > 0 {
			avgBytes = rl.bytes / int64(rl.requests)
		}
		row := fmt.Sprintf("| %s | %d | %.0f (p99 %s) | %.0f | %s | %s | %.1f %% | %s (bare %s) | %d B%s |",
			r.name, r.conns, rb.rps(), ms(rb.p99), rl.rps(), ms(rl.p50), ms(rl.p99), ratio,
			perReq(cpu, rl.requests), perReq(bareCPU, rb.requests), avgBytes, encodingNote(captured[r.paths[0]]))
		if rl.errors > 0 || rb.errors > 0 {
			row += fmt.Sprintf(" errors: laufbahn %d %v, bare %d", rl.errors, rl.statuses, rb.errors)
		}
		logf("%s", row)
		rows = append(rows, row)
	}
	rssAfterLoad := procRSS(srv.pid())

	// 4. Publish-to-searchable through the API.
	// After the load, serve may still be busy with work the load held up.
	logf("server idle %s after the load", waitIdle(ctx, srv.pid(), 5*time.Minute).Round(time.Second))
	pub, err := publishLatency(ctx, srv, dir, o.publish)
	if err != nil {
		logf("publish-to-searchable failed: %v", err)
	}
	rssEnd := procRSS(srv.pid())

	fmt.Fprintf(stdout, "\nLaufbahn %s, %d demo postings, %d-connection closed loop (job search %d), %s measured after %s warm-up per route and server; bare Fiber serves the captured bytes.\n\n",
		filepath.Base(bin), o.postings, o.conns, o.searchConns, o.duration, o.warmup)
	fmt.Fprintln(stdout, "| route | conns | bare Fiber req/s | Laufbahn req/s | p50 | p99 | ratio | server CPU per request | bytes per answer |")
	fmt.Fprintln(stdout, "|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintln(stdout, r)
	}
	if report.Len() > 0 {
		fmt.Fprint(stdout, "\n"+report.String())
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "| measure | result |")
	fmt.Fprintln(stdout, "|---|---|")
	fmt.Fprintf(stdout, "| start-to-ready, empty data directory (seeds the content) | %s |\n", readyEmpty.Round(time.Millisecond))
	fmt.Fprintf(stdout, "| start-to-ready, full data directory (%d postings) | %s |\n", o.postings, readyFull.Round(time.Millisecond))
	if o.postings > 0 {
		fmt.Fprintf(stdout, "| `demo --postings %d` | %s (%.0f postings/s) |\n", o.postings, demoTook.Round(time.Millisecond), float64(o.postings)/demoTook.Seconds())
	}
	fmt.Fprintf(stdout, "| all %d searchable after serve started | %s (demo + indexing: %s) |\n", o.postings, searchableAfter.Round(time.Millisecond), (demoTook + searchableAfter).Round(time.Millisecond))
	if pub.n > 0 {
		fmt.Fprintf(stdout, "| publish-to-searchable over %d postings (polled every 20 ms) | p50 %s, p99 %s, max %s |\n", pub.n, ms(pub.p50), ms(pub.p99), ms(pub.max))
	} else {
		fmt.Fprintf(stdout, "| publish-to-searchable | not measured: %v |\n", err)
	}
	fmt.Fprintf(stdout, "| server RSS after the load runs | %.0f MB (%.0f MB after publishing) |\n", float64(rssAfterLoad)/(1<<20), float64(rssEnd)/(1<<20))
	return nil
}

func encodingNote(a answer) string {
	if a.Encoding != "" {
		return " " + a.Encoding
	}
	return ""
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// server is a running laufbahn serve.
type server struct {
	cmd     *exec.Cmd
	addr    string
	started time.Time
	ready   time.Duration
	logs    *bytes.Buffer
	done    chan error
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// serverEnv is the environment of the binary: embedded backends, quiet logs.
func serverEnv(dir, addr, metricsAddr string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "LAUFBAHN_") || k == "MONGODB_URI" || k == "MEILI_URL" || k == "MEILI_API_KEY" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "LAUFBAHN_DATA="+dir, "LAUFBAHN_LOG_LEVEL=warn", "LAUFBAHN_LOG_FORMAT=json")
	if addr != "" {
		env = append(env, "LAUFBAHN_ADDR="+addr)
	}
	if metricsAddr != "" {
		env = append(env, "LAUFBAHN_METRICS_ADDR="+metricsAddr)
	}
	return env
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer starts serve and waits until /readyz answers 200.
func startServer(ctx context.Context, bin, dir, metricsAddr string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	s := &server{addr: addr, logs: &bytes.Buffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = serverEnv(dir, addr, metricsAddr)
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.done <- s.cmd.Wait() }()
	for {
		a, err := fetch(addr, "/readyz", nil)
		if err == nil && a.Status == 200 {
			s.ready = time.Since(s.started)
			return s, nil
		}
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("serve exited: %v\n%s", err, s.logs)
		case <-ctx.Done():
			_ = s.stop()
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
		if time.Since(s.started) > 5*time.Minute {
			_ = s.stop()
			return nil, fmt.Errorf("serve not ready after 5 minutes\n%s", s.logs)
		}
	}
}

// stop ends the server with SIGTERM (a clean shutdown) and waits.
func (s *server) stop() error {
	if s.cmd.ProcessState != nil {
		return nil
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		return nil
	case <-time.After(60 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return errors.New("serve did not stop within 60 s")
	}
}

// searchable is the number of postings the job search finds.
func (s *server) searchable(ctx context.Context) (int, error) {
	a, err := fetch(s.addr, "/api/v1/search/jobs?limit=1", nil)
	if err != nil {
		return 0, err
	}
	var r struct{ Total int }
	if a.Status != 200 || json.Unmarshal(a.Body, &r) != nil {
		return 0, fmt.Errorf("job search answered %d: %.200s", a.Status, a.Body)
	}
	return r.Total, nil
}

// answer is one captured response.
type answer struct {
	Status      int
	ContentType string
	Encoding    string
	Body        []byte
}

func fetch(addr, path string, header map[string]string) (answer, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI("http://" + addr + path)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if err := fasthttp.DoTimeout(req, resp, 30*time.Second); err != nil {
		return answer{}, err
	}
	return answer{Status: resp.StatusCode(), ContentType: string(resp.Header.ContentType()),
		Encoding: string(resp.Header.ContentEncoding()), Body: append([]byte(nil), resp.Body()...)}, nil
}

// postingEnds reads the ids of the first and the last stored posting from
// the embedded store's SQLite file (FerretDB keeps a collection in a table
// named in _ferretdb_collections, in insertion order).
func postingEnds(file string) (first, last string, err error) {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return "", "", err
	}
	defer db.Close()
	var table string
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = 'job_postings'`).Scan(&table); err != nil {
		return "", "", fmt.Errorf("the postings table: %w", err)
	}
	q := fmt.Sprintf(`SELECT _ferretdb_sjson->>'$._id' FROM %q ORDER BY rowid %%s LIMIT 1`, table)
	if err := db.QueryRow(fmt.Sprintf(q, "ASC")).Scan(&first); err != nil {
		return "", "", err
	}
	if err := db.QueryRow(fmt.Sprintf(q, "DESC")).Scan(&last); err != nil {
		return "", "", err
	}
	return first, last, nil
}

// procCPU is the user+system CPU time of a process so far (Linux).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	const ticks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / ticks
}

// waitIdle waits until the process uses less than 5 % of a core over a
// second, at most max, and returns how long it waited.
func waitIdle(ctx context.Context, pid int, max time.Duration) time.Duration {
	start := time.Now()
	for time.Since(start) < max && ctx.Err() == nil {
		c0 := procCPU(pid)
		time.Sleep(time.Second)
		if procCPU(pid)-c0 < 50*time.Millisecond {
			break
		}
	}
	return time.Since(start)
}

// procRSS is the resident set size of a process in bytes (Linux).
func procRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb << 10
		}
	}
	return 0
}

func saveProfile(metricsAddr string, d time.Duration, file string, logf func(string, ...any)) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", metricsAddr, max(1, int(d.Seconds()))))
	if err := fasthttp.DoTimeout(req, resp, d+30*time.Second); err != nil || resp.StatusCode() != 200 {
		logf("profile %s: %v %d", file, err, resp.StatusCode())
		return
	}
	if err := os.WriteFile(file, resp.Body(), 0o644); err != nil {
		logf("profile %s: %v", file, err)
	}
}

// bareProc is the bare Fiber server, this program run with --bare.
type bareProc struct {
	cmd  *exec.Cmd
	addr string
}

func (b *bareProc) pid() int { return b.cmd.Process.Pid }

func startBare(ctx context.Context, file string) (*bareProc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	b := &bareProc{addr: addr, cmd: exec.Command(self, "--bare", file, "--addr", addr)}
	b.cmd.Stderr = os.Stderr
	if err := b.cmd.Start(); err != nil {
		return nil, err
	}
	for start := time.Now(); ; time.Sleep(10 * time.Millisecond) {
		if a, err := fetch(addr, "/bare-ready", nil); err == nil && a.Status == 200 {
			return b, nil
		}
		if time.Since(start) > 30*time.Second || ctx.Err() != nil {
			b.stop()
			return nil, errors.New("the bare server did not start")
		}
	}
}

func (b *bareProc) stop() {
	_ = b.cmd.Process.Signal(syscall.SIGTERM)
	_ = b.cmd.Wait()
}

// serveBare answers every captured path with its captured bytes, headers
// and status: the cost of Fiber itself for the same bytes.
func serveBare(ctx context.Context, file, addr string, stdout io.Writer) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var answers map[string]answer
	if err := json.Unmarshal(b, &answers); err != nil {
		return err
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/bare-ready", func(c *fiber.Ctx) error { return c.SendStatus(200) })
	app.Use(func(c *fiber.Ctx) error {
		a, ok := answers[string(c.Request().RequestURI())]
		if !ok {
			return c.SendStatus(404)
		}
		c.Set(fiber.HeaderContentType, a.ContentType)
		if a.Encoding != "" {
			c.Set(fiber.HeaderContentEncoding, a.Encoding)
		}
		return c.Status(a.Status).Send(a.Body)
	})
	go func() {
		<-ctx.Done()
		_ = app.Shutdown()
	}()
	return app.Listen(addr)
}
