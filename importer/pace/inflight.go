package pace

import (
	"context"
	"math"
	"sync"
	"time"
)

// MaxAutoInFlight caps the requests in flight under automatic concurrency (Config.Workers 0).
const MaxAutoInFlight = 64

// The automatic target: ceil(rate × latency × autoHeadroom) + 1 requests, so that the Throttle
// always finds one waiting when it lets the next one go, at least autoMinInFlight.
const (
	autoHeadroom    = 1.25
	autoMinInFlight = 2
	// latencyWeight is the weight of one observed attempt in the latency estimate (about the
	// last eight attempts count, as in TCP's smoothed round-trip time).
	latencyWeight = 0.125
	// An attempt is overdue once out for overdueFactor × the estimate + overdueSlack.
	overdueFactor = 1.5
	overdueSlack  = 100 * time.Millisecond
	// regateEvery is how often the automatic gate looks for overdue attempts while it runs.
	regateEvery = 50 * time.Millisecond
)

// Gate admits rows to the workers: at most limit rows are under way at once, each making its
// attempts one after the other, from before the Throttle's wait until the answer. The Throttle
// stays the only pacer; the gate only decides how many requests may be out at once, so that the
// Throttle is never starved by a slow server and a fast server never gets more connections than
// the rate needs.
//
// A fixed gate (--workers N) has limit N. An automatic one follows Little's law: the requests
// a server holds are rate × latency, so limit = ceil(rate_now × latency × headroom) + 1, between
// autoMinInFlight and MaxAutoInFlight, where rate_now is the Throttle's current (adaptive) rate
// and latency a moving average of the observed attempt durations, measured from the moment
// the Throttle let the attempt go (the wait for the rate is not latency). On top of that:
//   - an attempt out longer than 1.5 × the estimate (plus overdueSlack) says latency rose before
//     any answer can: each one adds a slot, so a run that meets a slower server keeps its pace
//     while the estimate catches up, and a call stuck for 30 s does not cost the others theirs;
//   - a row waiting out a retry's backoff holds no request: each one adds a slot;
//   - at the start the limit grows by two per answer beyond the highest it reached (slow start),
//     so that few rows guess create or update before the first answers teach the guess
//     (predictor).
//
// Safe for concurrent use.
type Gate struct {
	auto bool
	rate func() float64 // the current rate, requests per second

	mu      sync.Mutex
	limit   int
	held    int
	waiters []chan struct{} // FIFO
	out     map[*attemptClock]struct{}
	latency time.Duration // the estimate; 0 before the first answer
	answers int           // attempts that came back, for the slow start
	backoff int           // rows waiting out a retry's backoff
	sent    int           // attempts the Throttle has let go and that have not returned
	peak    int           // the most attempts sent and not returned at once
	peakLim int           // the highest limit reached
	// marked: a Throttle marks when attempts go out. Until one has, an attempt counts as
	// sent from its start (an API without the Throttle in front has nothing else).
	marked bool
}

// NewGate returns a gate of fixed size n, or an automatic one when n is 0.
func NewGate(n int, rate func() float64) *Gate {
	g := &Gate{auto: n == 0, rate: rate, limit: n, out: map[*attemptClock]struct{}{}}
	if g.auto {
		g.limit = autoMinInFlight
	}
	g.peakLim = g.limit
	return g
}

// attemptClock records when the Throttle let an attempt go. It travels in the attempt's
// context, so that Throttle.Wait, running inside the client, can mark the moment. Its fields
// are guarded by the gate's mutex.
type attemptClock struct {
	g     *Gate
	start time.Time // when the attempt went out
	sent  bool
}

type clockKey struct{}

// markSent records that the attempt of ctx goes out now. Throttle.Wait calls it last.
func markSent(ctx context.Context) {
	c, _ := ctx.Value(clockKey{}).(*attemptClock)
	if c == nil {
		return
	}
	g := c.g
	g.mu.Lock()
	defer g.mu.Unlock()
	g.marked = true
	if !c.sent {
		c.sent = true
		g.sent++
		g.peak = max(g.peak, g.sent)
	}
	c.start = time.Now()
}

// Acquire waits for a row slot, or until ctx ends.
func (g *Gate) Acquire(ctx context.Context) error {
	g.mu.Lock()
	g.regate(time.Now())
	if g.held < g.limit && len(g.waiters) == 0 {
		g.held++
		g.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	g.waiters = append(g.waiters, ch)
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		defer g.mu.Unlock()
		select {
		case <-ch: // granted meanwhile: hand the slot on
			g.held--
			g.grant()
		default:
			for i, w := range g.waiters {
				if w == ch {
					g.waiters = append(g.waiters[:i], g.waiters[i+1:]...)
					break
				}
			}
		}
		return context.Cause(ctx)
	}
}

// Release gives a row slot back.
func (g *Gate) Release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.held--
	g.regate(time.Now())
}

// Begin starts the clock of one attempt. It returns the context to make the attempt with and
// the function to call once it returned; sent says whether it went out (not ErrNotSent, not
// cancelled), so that its duration counts as latency.
func (g *Gate) Begin(ctx context.Context) (context.Context, func(sent bool)) {
	c := &attemptClock{g: g}
	g.mu.Lock()
	g.out[c] = struct{}{}
	if !g.marked {
		c.start, c.sent = time.Now(), true
		g.sent++
		g.peak = max(g.peak, g.sent)
	}
	g.mu.Unlock()
	return context.WithValue(ctx, clockKey{}, c), func(sent bool) { g.end(c, sent) }
}

// end stops the clock of c and, for an attempt that went out, learns its duration.
func (g *Gate) end(c *attemptClock, sent bool) {
	now := time.Now()
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.out, c)
	if c.sent {
		g.sent--
	}
	if sent && c.sent {
		g.observe(now.Sub(c.start))
		g.answers++
	}
	g.regate(now)
}

// BackingOff counts a row that waits out a retry's backoff (+1 before, -1 after).
func (g *Gate) BackingOff(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.backoff += n
	g.regate(time.Now())
}

// observe adds one attempt's duration to the estimate. g.mu is held.
func (g *Gate) observe(d time.Duration) {
	if g.latency == 0 {
		g.latency = max(d, time.Microsecond)
		return
	}
	g.latency += time.Duration(latencyWeight * float64(d-g.latency))
	g.latency = max(g.latency, time.Microsecond)
}

// regate recomputes the limit of an automatic gate and admits waiters up to it. g.mu is held.
func (g *Gate) regate(now time.Time) {
	if g.auto {
		need := math.Ceil(g.rate()*g.latency.Seconds()*autoHeadroom) + 1
		// The slow start never takes back what was reached: at a high latency the first answer
		// finds many requests out, admitted while overdue, which the estimate now calls normal.
		need = min(need, float64(max(autoMinInFlight+2*g.answers, g.peakLim)), MaxAutoInFlight)
		overdue := 0
		late := time.Duration(overdueFactor*float64(g.latency)) + overdueSlack
		for c := range g.out {
			if c.sent && now.Sub(c.start) > late {
				overdue++
			}
		}
		lim := max(need, autoMinInFlight) + float64(overdue+g.backoff)
		g.limit = int(min(lim, MaxAutoInFlight))
		g.peakLim = max(g.peakLim, g.limit)
	}
	g.grant()
}

// grant admits waiters while slots are free. g.mu is held.
func (g *Gate) grant() {
	for g.held < g.limit && len(g.waiters) > 0 {
		g.held++
		close(g.waiters[0])
		g.waiters = g.waiters[1:]
	}
}

// Watch re-gates an automatic gate every regateEvery until the returned function is called,
// so that attempts turning overdue admit waiters before any answer arrives.
func (g *Gate) Watch() (end func()) {
	if !g.auto {
		return func() {}
	}
	return Every(regateEvery, func(now time.Time) bool {
		g.mu.Lock()
		g.regate(now)
		g.mu.Unlock()
		return false
	})
}

// Snapshot returns the current limit, the row slots held, the attempts out, and the latency
// estimate.
func (g *Gate) Snapshot() (limit, held, sent int, latency time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.limit, g.held, g.sent, g.latency
}

// Peaks returns the most attempts out at once (sent, or started while nothing marks them sent)
// and the highest limit reached.
func (g *Gate) Peaks() (inFlight, limit int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.peak, g.peakLim
}
