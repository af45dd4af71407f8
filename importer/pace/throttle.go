// Package pace paces the HTTP attempts of a run: the shared, adaptive rate limit with its hard
// one-second window (Throttle), the gate that decides how many attempts are out at once (Gate),
// and the watch that notices a target making no progress (Stall). It owns when an attempt may
// start and how many are under way, never what an attempt does or what its answer means: the
// importer's call (importer/call.go) reports each answer back to these.
//
// Throttle, Gate and Stall are each safe for concurrent use; one of each serves all the workers
// of a run, and a Throttle may be shared by runs.
package pace

import (
	"context"
	"net/http/httptrace"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Throttle paces every HTTP attempt of a run. It combines
//   - a rate.Limiter that spreads requests evenly at the current rate, starting with an empty
//     bucket so that the first second carries no burst, and
//   - a sliding-window guard that never lets more than max requests start within any window
//     (one second plus a little slack for clocks and the network), so that timer jitter
//     can never push a second over a hard server limit of max,
//
// and adapts the rate: a throttle answer lowers it at most once per cool-down (all requests in
// flight come back throttled together and must count as one signal), and every quiet cool-down
// raises it again, quickly while far below the rate that last drew a throttle, slowly near it.
//
// Throttle is safe for concurrent use.
type Throttle struct {
	lim      *rate.Limiter
	max      float64
	min      float64
	cooldown time.Duration
	window   time.Duration

	mu        sync.Mutex
	slots     []time.Time // start times of the last len(slots) requests, a ring
	next      int
	lastMove  time.Time // last change of the limit
	ceiling   float64   // the limit at the last throttle
	pause     time.Time // nobody starts before this (Retry-After)
	share     float64   // moving average of the share of answers that were throttles
	events    int
	lastEvent time.Time
}

// shareWeight is the weight of one answer in the moving throttle share (about the last 50
// answers count); cutShare is the share that lowers the rate.
const (
	shareWeight = 0.02
	cutShare    = 0.05
)

// ThrottleConfig tunes a Throttle; zero fields take the defaults.
type ThrottleConfig struct {
	Rate     float64       // requests per second, the ceiling
	Cooldown time.Duration // default 2 s
	Window   time.Duration // default 1 s + 20 ms
}

// NewThrottle returns a Throttle at cfg.Rate requests per second.
func NewThrottle(cfg ThrottleConfig) *Throttle {
	if cfg.Cooldown <= 0 {
		cfg.Cooldown = 2 * time.Second
	}
	if cfg.Window <= 0 {
		// 20 ms of slack for the server's own delay in taking a request in: at 10 ms the
		// sandbox still counted 11 arrivals in one second at --rate 10 on a quiet machine;
		// 20 ms keeps the sustained rate at 98% of --rate (10 per 1.02 s).
		cfg.Window = time.Second + 20*time.Millisecond
	}
	n := int(cfg.Rate)
	if n < 1 {
		n = 1
	}
	t := &Throttle{
		lim:      rate.NewLimiter(rate.Limit(cfg.Rate), 1),
		max:      cfg.Rate,
		min:      max(cfg.Rate/50, 0.2),
		cooldown: cfg.Cooldown,
		window:   cfg.Window,
		slots:    make([]time.Time, n),
		ceiling:  cfg.Rate,
	}
	// A new limiter holds one token; take it so the first second carries exactly the rate.
	t.lim.Allow()
	t.lastMove = time.Now()
	return t
}

// Wait blocks until the caller may start one request, or ctx ends.
func (t *Throttle) Wait(ctx context.Context) error {
	t.mu.Lock()
	pause := t.pause
	t.mu.Unlock()
	if d := time.Until(pause); d > 0 {
		if err := Sleep(ctx, d); err != nil {
			return err
		}
	}
	if err := t.lim.Wait(ctx); err != nil {
		return err
	}
	// Reserve a slot in the window ring: the earliest start that keeps every window at max.
	t.mu.Lock()
	now := time.Now()
	slot := t.next
	at := t.slots[slot].Add(t.window)
	if at.Before(now) {
		at = now
	}
	t.slots[slot] = at
	t.next = (slot + 1) % len(t.slots)
	t.mu.Unlock()
	if err := Sleep(ctx, time.Until(at)); err != nil {
		return err
	}
	// On a busy machine the wake-up comes late: the window must run from the real start, or
	// the request a window later could land inside the same second as this one.
	t.mu.Lock()
	owned := t.slots[slot].Equal(at) // not yet given to a later request
	if owned {
		t.slots[slot] = time.Now()
	}
	if m, ok := ctx.Value(wireKey{}).(*wireMark); ok && m.t == t && owned {
		m.slot, m.at, m.set = slot, t.slots[slot], true
	}
	t.mu.Unlock()
	// From here the attempt is out: its time until the answer is the server's latency, which
	// sizes the requests in flight (Gate); the wait above is not.
	markSent(ctx)
	return nil
}

// wireKey carries an attempt's *wireMark in its context (see Traced).
type wireKey struct{}

// wireMark ties one HTTP attempt to the slot Wait gave it. Its fields are guarded by t.mu.
type wireMark struct {
	t    *Throttle
	slot int
	at   time.Time // what the slot held when Wait returned, or after the write
	set  bool      // Wait ran
}

// Traced returns the context for one HTTP attempt paced by t. Wait notes the attempt's slot in
// it, and its httptrace hook moves that slot to the moment the request has been written to
// the connection. A request that leaves late (a goroutine scheduled late on a busy machine, a
// garbage collection, a slow write) then pushes the request a window later back by as much, so
// the window holds on the wire, not only where Wait returned: measured on the 2-core machine,
// the time from Wait's return to the written request was 0.6 ms typically, 4 ms at the 99th
// percentile and tens of milliseconds under overload, more than the window's slack.
func (t *Throttle) Traced(ctx context.Context) context.Context {
	m := &wireMark{t: t}
	ctx = context.WithValue(ctx, wireKey{}, m)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { t.wrote(m) },
	})
}

// wrote moves m's slot to now, unless the slot has been given to a later request since.
func (t *Throttle) wrote(m *wireMark) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if !m.set || !t.slots[m.slot].Equal(m.at) || !now.After(m.at) {
		return
	}
	t.slots[m.slot] = now
	m.at = now
}

// Throttled reports a throttle answer. retryAfter, when the server sent one, pauses everyone
// (capped at 5 minutes). It returns true only when this answer lowered the rate: not at the
// floor, where the rate cannot fall further.
//
// The rate falls only when throttle answers are a noticeable share of recent answers: a real
// overload throttles most requests in flight at once, while a gateway's stray 503 should
// cost its row a retry, not the whole run its speed.
func (t *Throttle) Throttled(retryAfter time.Duration) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if retryAfter > 0 {
		retryAfter = min(retryAfter, 5*time.Minute)
		if p := now.Add(retryAfter); p.After(t.pause) {
			t.pause = p
		}
	}
	t.share += shareWeight * (1 - t.share)
	if t.events == 0 || now.Sub(t.lastEvent) >= t.cooldown {
		t.events++
	}
	t.lastEvent = now
	// The cool-down runs from the last change either way: a raise that overshoots is
	// answered by the next cool-down's cut, and stray throttles between raises find the
	// rate just moved and leave it alone.
	if t.share < cutShare || now.Sub(t.lastMove) < t.cooldown {
		return false
	}
	cur := float64(t.lim.Limit())
	next := max(cur*0.8, t.min)
	t.ceiling = cur
	t.lastMove = now
	if next >= cur {
		return false // at the floor: the rate did not fall
	}
	t.lim.SetLimitAt(now, rate.Limit(next))
	return true
}

// Succeeded reports an answer that was not a throttle; after a quiet cool-down it raises the rate.
func (t *Throttle) Succeeded() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.share -= shareWeight * t.share
	now := time.Now()
	cur := float64(t.lim.Limit())
	if cur >= t.max || now.Sub(t.lastMove) < t.cooldown || t.share >= cutShare/2 {
		return
	}
	step := 1.01
	if cur < 0.9*t.ceiling {
		step = 1.1
	}
	next := min(cur*step, t.max)
	if next > t.ceiling {
		t.ceiling = next
	}
	t.lim.SetLimitAt(now, rate.Limit(next))
	t.lastMove = now
}

// Limit is the current rate in requests per second.
func (t *Throttle) Limit() float64 { return float64(t.lim.Limit()) }

// Events counts throttle episodes: runs of throttle answers less than a cool-down apart.
func (t *Throttle) Events() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.events
}

// Sleep waits for d, or until ctx ends (then it returns the context's cause).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
