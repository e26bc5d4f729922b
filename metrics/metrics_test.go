package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/metrics"
	"github.com/laufbahn/laufbahn/search"
)

func TestMiddlewareAndHandler(t *testing.T) {
	m := metrics.New()
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error {
		code := fiber.StatusInternalServerError
		if fe, ok := err.(*fiber.Error); ok {
			code = fe.Code
		}
		return c.Status(code).SendString(err.Error())
	}})
	app.Use(m.Middleware())
	app.Use(func(c *fiber.Ctx) error { return c.Next() }) // a later middleware
	app.Get("/api/v1/jobs/:id", func(c *fiber.Ctx) error {
		if c.Params("id") == "gone" {
			return fiber.ErrNotFound
		}
		return c.SendString("job")
	})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("home") })
	for _, path := range []string{"/", "/api/v1/jobs/a", "/api/v1/jobs/b", "/api/v1/jobs/gone", "/wp-login.php"} {
		resp, err := app.Test(httptest.NewRequest(http.MethodGet, path, nil))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	st := search.SyncStatus{Pending: map[search.Kind]int{search.Jobs: 7}, Failures: 2, LastSuccess: time.Now().Add(-3 * time.Second)}
	if err := m.Sync(func() search.SyncStatus { return st }); err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	body := get(t, srv.URL+"/metrics")
	for _, want := range []string{
		`laufbahn_http_request_duration_seconds_count{method="GET",route="/api/v1/jobs/:id",status="200"} 2`,
		`laufbahn_http_request_duration_seconds_count{method="GET",route="/api/v1/jobs/:id",status="404"} 1`,
		`laufbahn_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1`,
		`laufbahn_http_request_duration_seconds_count{method="GET",route="/",status="200"} 1`,
		`laufbahn_search_sync_pending{kind="jobs"} 7`,
		`laufbahn_search_sync_failures 2`,
		`laufbahn_search_sync_lag_seconds 3.`,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "wp-login") {
		t.Error("an unmatched path became a label")
	}
	if body := get(t, srv.URL+"/debug/pprof/"); !strings.Contains(body, "goroutine") {
		t.Errorf("pprof index: %.200s", body)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}
