package mail

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestOutboxSurvivesPanics: a mailer that panics counts as a failed attempt;
// the outbox (a background worker) keeps running and retries.
func TestOutboxSurvivesPanics(t *testing.T) {
	var calls atomic.Int32
	o := NewOutbox(mailerFunc(func(context.Context, Message) error {
		if calls.Add(1) == 1 {
			var m map[string]int
			m["x"] = 1 // assignment to entry in nil map
		}
		return nil
	}), nil, 10, time.Millisecond)
	if err := o.Send(context.Background(), Message{To: "a@example.de", Subject: "x", Text: "y"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := o.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d attempts, want the panic and one retry", n)
	}
}
