package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/valyala/fasthttp"
)

// load is one load run: conns connections each sending the next path of
// the cycle as soon as the previous answer arrived (a closed loop, like wrk).
type load struct {
	addr     string // host:port
	paths    []string
	conns    int
	duration time.Duration
	warmup   time.Duration
	header   map[string]string
}

// loadResult is what a run measured after its warm-up.
type loadResult struct {
	requests int
	errors   int // transport errors and non-2xx answers
	statuses map[int]int
	bytes    int64 // response bodies as transferred (compressed when the server compressed)
	elapsed  time.Duration
	p50, p99 time.Duration
	max      time.Duration
}

func (r loadResult) rps() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

// run drives the server; the fasthttp client keeps the generator's own cost
// per request small, since it shares the machine with the server.
func (l load) run(ctx context.Context) loadResult {
	client := &fasthttp.HostClient{Addr: l.addr, MaxConns: l.conns, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second,
		MaxIdemponentCallAttempts: 1}
	type worker struct {
		lat      []time.Duration
		errors   int
		statuses map[int]int
		bytes    int64
	}
	workers := make([]worker, l.conns)
	var wg sync.WaitGroup
	start := time.Now()
	measureFrom := start.Add(l.warmup)
	end := measureFrom.Add(l.duration)
	for w := range workers {
		wg.Add(1)
		go func(w *worker, offset int) {
			defer wg.Done()
			w.statuses = map[int]int{}
			req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
			defer fasthttp.ReleaseRequest(req)
			defer fasthttp.ReleaseResponse(resp)
			for i := offset; ctx.Err() == nil; i++ {
				req.Reset()
				req.SetRequestURI("http://" + l.addr + l.paths[i%len(l.paths)])
				for k, v := range l.header {
					req.Header.Set(k, v)
				}
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				err := client.Do(req, resp)
				d := time.Since(t0)
				if t0.Before(measureFrom) {
					continue
				}
				switch {
				case err != nil:
					w.errors++
					w.statuses[0]++
				default:
					code := resp.StatusCode()
					w.statuses[code]++
					if code < 200 || code > 299 {
						w.errors++
					}
					w.bytes += int64(len(resp.Body()))
				}
				w.lat = append(w.lat, d)
			}
		}(&workers[w], w)
	}
	wg.Wait()
	res := loadResult{statuses: map[int]int{}, elapsed: time.Since(measureFrom)}
	var all []time.Duration
	for _, w := range workers {
		all = append(all, w.lat...)
		res.errors += w.errors
		res.bytes += w.bytes
		for k, v := range w.statuses {
			res.statuses[k] += v
		}
	}
	res.requests = len(all)
	res.p50, res.p99, res.max = percentiles(all)
	return res
}

// percentiles returns the 50th and 99th percentile (nearest rank) and the
// maximum; it sorts d.
func percentiles(d []time.Duration) (p50, p99, maxD time.Duration) {
	if len(d) == 0 {
		return 0, 0, 0
	}
	slices.Sort(d)
	rank := func(p float64) time.Duration {
		i := int(p/100*float64(len(d))+0.999999) - 1
		return d[max(0, min(i, len(d)-1))]
	}
	return rank(50), rank(99), d[len(d)-1]
}

func (r loadResult) String() string {
	return fmt.Sprintf("%.0f req/s, p50 %s, p99 %s, %d errors", r.rps(), ms(r.p50), ms(r.p99), r.errors)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}
