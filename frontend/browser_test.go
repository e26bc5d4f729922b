package frontend

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's chromium through chromedp against the
// site served on a loopback port: one browser per test binary, a tab per
// test. Chromium must not reach the internet: the flags below keep its
// background traffic off. Without chromium the tests fail naming what is
// missing (make test installs it on Debian).

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
)

func chromiumPath() (string, error) {
	for _, name := range []string{os.Getenv("LAUFBAHN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no chromium found: install Debian's chromium package (apt-get install chromium) or set LAUFBAHN_CHROMIUM; `make test` installs it on Debian")
}

// browser returns the shared browser, starting it on first use.
func browser(t testing.TB) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		path, err := chromiumPath()
		if err != nil {
			browserErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			// Without the back/forward cache, "back" reloads the page from
			// its URL: the stricter test that filters live in the address.
			chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("lang", "de-DE"),
			chromedp.Flag("accept-lang", "de-DE,de"),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		if _, err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
			cancel()
			allocCancel()
			browserErr = fmt.Errorf("starting chromium: %w", err)
			return
		}
		browserCtx = ctx
		browserCancel = func() { cancel(); allocCancel() }
	})
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	return browserCtx
}

func closeBrowser() {
	if browserCancel != nil {
		browserCancel()
	}
}

// served is the site on a real loopback port, for the browser.
type served struct {
	*testEnv
	URL string
}

// serve starts the website and API on 127.0.0.1 with the base URL the
// browser uses, so the Origin check and the cookies match.
func serve(t testing.TB) *served {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	e := newEnv(t, base)
	go func() { _ = e.App.Listener(ln) }()
	t.Cleanup(func() { _ = e.App.Shutdown() })
	return &served{testEnv: e, URL: base}
}

// tab opens a new browser tab of width×height (JavaScript on unless noJS).
func tab(t testing.TB, width, height int64, noJS bool) context.Context {
	t.Helper()
	// A browser context of its own per tab: cookies (language, session)
	// do not leak between tests, whose servers all live on 127.0.0.1.
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancelTimeout)
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(width, height)}
	if noJS {
		steps = append(steps, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("at %s: %v", loc, err)
	}
}

func text(t testing.TB, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func location(t testing.TB, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// axeSource is axe-core, installed by make test from the pinned version in
// testdata/browser/package.json.
var axeSource = sync.OnceValues(func() (string, error) {
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "testdata", "browser", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("axe-core is not installed (%w): run `npm ci --prefix frontend/testdata/browser` (make test does)", err)
	}
	return string(b), nil
})

type axeViolation struct {
	ID          string `json:"id"`
	Impact      string `json:"impact"`
	Description string `json:"description"`
	Nodes       []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// checkAxe runs axe-core (WCAG 2.x A and AA rules) on the current page and
// fails on any violation.
func checkAxe(t testing.TB, ctx context.Context, label string) {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("%s: injecting axe: %v", label, err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", label, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		t.Fatalf("%s: axe result: %v", label, err)
	}
	for _, v := range vs {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
		}
		t.Errorf("%s: axe %s (%s): %s\n  %s", label, v.ID, v.Impact, v.Description, strings.Join(where, "\n  "))
	}
}
