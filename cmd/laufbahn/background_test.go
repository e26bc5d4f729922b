package main

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackgroundWorkerPanics: a background worker that panics neither takes
// the process down nor stops for good: the panic is logged with the
// worker's name and the worker starts again.
func TestBackgroundWorkerPanics(t *testing.T) {
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	var starts atomic.Int32
	stop := background(context.Background(), log, "test worker", func(ctx context.Context) {
		if starts.Add(1) == 1 {
			var m map[string]int
			m["x"] = 1 // assignment to entry in nil map
		}
		<-ctx.Done()
	})
	deadline := time.Now().Add(10 * time.Second)
	for starts.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the worker did not start again after its panic")
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	if got := logs.String(); strings.Count(got, "background worker panicked") != 1 || !strings.Contains(got, `"worker":"test worker"`) || !strings.Contains(got, "nil map") {
		t.Fatalf("logs:\n%s", got)
	}
}
