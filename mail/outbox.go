package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// ErrOutboxFull is returned when the outbox queue has no room.
var ErrOutboxFull = errors.New("mail: the outbox is full")

// ErrOutboxClosed is returned by Send after Close.
var ErrOutboxClosed = errors.New("mail: the outbox is closed")

// Outbox sends through another Mailer in the background, so a request never
// waits for (or fails because of) a slow mail server, and answers take the
// same time whether or not a message is sent. A message that fails is
// retried with backoff; one still queued when the process dies is lost, which
// the flows allow for (the user asks for a new link).
type Outbox struct {
	next  Mailer
	log   *slog.Logger
	queue chan Message
	// Backoff lists the waits before the retries (default 2 s, 10 s, 1 min).
	backoff []time.Duration

	mu     sync.Mutex
	closed bool
	// pending counts messages queued or being delivered (Flush).
	pending int
	done    chan struct{}
	stop    context.CancelFunc
	ctx     context.Context
}

// NewOutbox starts the worker that sends through next; size bounds the queue.
func NewOutbox(next Mailer, log *slog.Logger, size int, backoff ...time.Duration) *Outbox {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if len(backoff) == 0 {
		backoff = []time.Duration{2 * time.Second, 10 * time.Second, time.Minute}
	}
	ctx, stop := context.WithCancel(context.Background())
	o := &Outbox{next: next, log: log, queue: make(chan Message, size), backoff: backoff, done: make(chan struct{}), ctx: ctx, stop: stop}
	go o.run()
	return o
}

// Send queues m and returns at once.
func (o *Outbox) Send(_ context.Context, m Message) error {
	if err := m.check(); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return ErrOutboxClosed
	}
	select {
	case o.queue <- m:
		o.pending++
		return nil
	default:
		return ErrOutboxFull
	}
}

// Flush waits until every message queued so far has been delivered or given
// up on, or ctx ends.
func (o *Outbox) Flush(ctx context.Context) error {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	for {
		o.mu.Lock()
		n := o.pending
		o.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (o *Outbox) run() {
	defer close(o.done)
	for m := range o.queue {
		o.deliver(m)
		o.mu.Lock()
		o.pending--
		o.mu.Unlock()
	}
}

func (o *Outbox) deliver(m Message) {
	for attempt := 0; ; attempt++ {
		ctx, cancel := context.WithTimeout(o.ctx, time.Minute)
		err := o.send(ctx, m)
		cancel()
		if err == nil {
			return
		}
		if attempt >= len(o.backoff) || o.ctx.Err() != nil {
			o.log.Error("mail delivery failed; giving up", "subject", m.Subject, "attempts", attempt+1, "err", err)
			return
		}
		o.log.Warn("mail delivery failed; will retry", "subject", m.Subject, "attempt", attempt+1, "err", err)
		select {
		case <-time.After(o.backoff[attempt]):
		case <-o.ctx.Done():
		}
	}
}

// send hands m to the next mailer; a panic in it counts as a failed attempt
// instead of ending the process (the outbox runs in the background).
func (o *Outbox) send(ctx context.Context, m Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic while sending: %v\n%s", r, debug.Stack())
		}
	}()
	return o.next.Send(ctx, m)
}

// Close stops accepting messages and waits until the queued ones are sent or
// ctx ends; then pending retries are abandoned.
func (o *Outbox) Close(ctx context.Context) error {
	o.mu.Lock()
	if !o.closed {
		o.closed = true
		close(o.queue)
	}
	o.mu.Unlock()
	select {
	case <-o.done:
		o.stop()
		return nil
	case <-ctx.Done():
		o.stop()
		<-o.done
		return ctx.Err()
	}
}
