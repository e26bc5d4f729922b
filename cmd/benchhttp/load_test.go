package main

import (
	"context"
	"net"
	"os"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

func TestPercentiles(t *testing.T) {
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	p50, p99, maxD := percentiles(d)
	if p50 != 50*time.Millisecond || p99 != 99*time.Millisecond || maxD != 100*time.Millisecond {
		t.Fatalf("p50 %s p99 %s max %s", p50, p99, maxD)
	}
	if a, b, c := percentiles(nil); a != 0 || b != 0 || c != 0 {
		t.Fatal("empty input")
	}
}

// TestLoadCountsAnswers drives a real Fiber server and checks that every
// path of the cycle is requested, bodies are counted, and non-2xx answers
// are errors.
func TestLoadCountsAnswers(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/ok", func(c *fiber.Ctx) error { return c.SendString("12345") })
	app.Get("/missing", func(c *fiber.Ctx) error { return c.SendStatus(404) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	defer app.Shutdown()
	l := load{addr: ln.Addr().String(), paths: []string{"/ok", "/missing"}, conns: 1, duration: 500 * time.Millisecond, warmup: 50 * time.Millisecond}
	r := l.run(context.Background())
	if r.requests < 4 || r.statuses[200]+r.statuses[404] != r.requests {
		t.Fatalf("result %+v", r)
	}
	// One connection alternates the two paths.
	if diff := r.statuses[200] - r.statuses[404]; diff < -1 || diff > 1 || r.errors != r.statuses[404] {
		t.Fatalf("statuses %v errors %d", r.statuses, r.errors)
	}
	if r.bytes < int64(5*r.statuses[200]) || r.p50 <= 0 || r.p99 < r.p50 || r.rps() <= 0 {
		t.Fatalf("result %+v", r)
	}
}

func TestProcStats(t *testing.T) {
	pid := os.Getpid()
	if procRSS(pid) < 1<<20 {
		t.Errorf("rss %d", procRSS(pid))
	}
	// Spin until the process has used 200 ms of CPU by its own clock; on a
	// busy machine that takes longer in wall time, which is the point.
	start := procCPU(pid)
	deadline := time.Now().Add(20 * time.Second)
	for procCPU(pid)-start < 200*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("procCPU moved %s in 20 s of spinning", procCPU(pid)-start)
		}
		for spin := time.Now(); time.Since(spin) < 10*time.Millisecond; {
		}
	}
}
