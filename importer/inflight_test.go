package importer

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/pace"
)

// pacedAPI creates contacts after waiting on a Throttle, as the client does before every
// attempt (Config.BeforeAttempt), and answers after a latency that the test changes as the run
// goes. It records when each request went out and how many were under way.
type pacedAPI struct {
	th      *pace.Throttle
	t0      time.Time
	latency func(since time.Duration) time.Duration

	mu      sync.Mutex
	nextID  int64
	starts  []time.Duration // since t0, when the Throttle let each request go
	calling int             // callers inside the API: waiting for the Throttle or served
	serving int             // requests the server holds
	samples []inflightSample
}

type inflightSample struct {
	at               time.Duration
	calling, serving int
}

func (a *pacedAPI) Get(ctx context.Context, id engage.ContactIdentifier) (*engage.Contact, error) {
	return nil, fmt.Errorf("get: not used here")
}

func (a *pacedAPI) Update(ctx context.Context, t engage.IdentifierType, c *engage.Contact) (*engage.Contact, error) {
	return nil, fmt.Errorf("update: not used here")
}

func (a *pacedAPI) Create(ctx context.Context, c *engage.Contact) (*engage.Contact, error) {
	a.mu.Lock()
	a.calling++
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.calling--
		a.mu.Unlock()
	}()
	if err := a.th.Wait(ctx); err != nil {
		return nil, fmt.Errorf("create contact: %w: %w", engage.ErrNotSent, err)
	}
	a.mu.Lock()
	since := time.Since(a.t0)
	a.starts = append(a.starts, since)
	a.serving++
	a.samples = append(a.samples, inflightSample{since, a.calling, a.serving})
	a.nextID++
	id := a.nextID
	a.mu.Unlock()
	time.Sleep(a.latency(since))
	a.mu.Lock()
	a.serving--
	a.mu.Unlock()
	return &engage.Contact{ContactID: id}, nil
}

// TestAutoWorkersFollowLatency runs an import at --rate 10 with the default (automatic)
// concurrency against a server whose latency changes mid-run: 20 ms, 1.5 s, 5 s, 20 ms again.
// In every phase, once settled, the run keeps at least 97% of the rate; at 20 ms no more than
// the rate needs is under way; never more than pace.MaxAutoInFlight; and no 1-second window holds
// more than 10 requests.
func TestAutoWorkersFollowLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const rate = 10
		phases := []struct {
			until   time.Duration // the phase's end, since the start
			latency time.Duration
			settled time.Duration // measured from here to until
			maxCall int           // callers under way at most, 0: pace.MaxAutoInFlight
		}{
			{30 * time.Second, 20 * time.Millisecond, 3 * time.Second, 3},
			{70 * time.Second, 1500 * time.Millisecond, 31 * time.Second, 0},
			{110 * time.Second, 5 * time.Second, 73 * time.Second, 0},
			{150 * time.Second, 20 * time.Millisecond, 120 * time.Second, 3},
		}
		th := pace.NewThrottle(pace.ThrottleConfig{Rate: rate})
		api := &pacedAPI{th: th, t0: time.Now(), latency: func(since time.Duration) time.Duration {
			for _, p := range phases {
				if since < p.until {
					return p.latency
				}
			}
			return phases[len(phases)-1].latency
		}}
		input := csvOf(numbered(1560, "p")...)
		_, sum, err := runFake(t, api, input, func(c *Config) { c.Workers, c.Throttle = 0, th })
		if err != nil {
			t.Fatal(err)
		}

		for _, p := range phases {
			n := 0
			for _, s := range api.starts {
				if s >= p.settled && s < p.until {
					n++
				}
			}
			got := float64(n) / (p.until - p.settled).Seconds()
			if got < 0.97*rate {
				t.Errorf("latency %s: %.2f requests/s from %s to %s, want at least %.1f", p.latency, got, p.settled, p.until, 0.97*rate)
			}
			calling, serving := 0, 0
			for _, s := range api.samples {
				if s.at >= p.settled && s.at < p.until {
					calling, serving = max(calling, s.calling), max(serving, s.serving)
				}
			}
			limit := p.maxCall
			if limit == 0 {
				limit = pace.MaxAutoInFlight
			}
			if calling > limit {
				t.Errorf("latency %s: %d requests under way (the server held %d), want at most %d", p.latency, calling, serving, limit)
			}
			t.Logf("latency %s: %.2f requests/s, at most %d under way, %d served at once", p.latency, got, calling, serving)
		}
		if w := peakWindow(api.starts, time.Second); w > rate {
			t.Errorf("%d requests in one second, want at most %d", w, rate)
		}
		peak := 0
		for _, s := range api.samples {
			peak = max(peak, s.calling)
		}
		if peak > pace.MaxAutoInFlight {
			t.Errorf("%d requests under way at once, want at most %d", peak, pace.MaxAutoInFlight)
		}
		if sum.PeakInFlight < 40 || sum.PeakInFlight > pace.MaxAutoInFlight {
			t.Errorf("summary: peak in flight %d, want the 5 s phase's 50 or so, at most %d", sum.PeakInFlight, pace.MaxAutoInFlight)
		}
	})
}

// TestAutoWorkersStartAtHighLatency: a run that meets a 5 s server from its first request keeps
// the rate once the first second is behind it: no dip when the first answers arrive and the
// estimate jumps from nothing to 5 s.
func TestAutoWorkersStartAtHighLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := pace.NewThrottle(pace.ThrottleConfig{Rate: 10})
		api := &pacedAPI{th: th, t0: time.Now(), latency: func(time.Duration) time.Duration { return 5 * time.Second }}
		if _, _, err := runFake(t, api, csvOf(numbered(400, "s")...), func(c *Config) { c.Workers, c.Throttle = 0, th }); err != nil {
			t.Fatal(err)
		}
		from, to := time.Second, 35*time.Second
		n := 0
		for _, s := range api.starts {
			if s >= from && s < to {
				n++
			}
		}
		if got := float64(n) / (to - from).Seconds(); got < 9.7 {
			t.Errorf("%.2f requests/s from %s to %s at 5 s latency, want at least 9.7", got, from, to)
		}
	})
}

// peakWindow is the most starts within any window of length w (as in pace's own tests).
func peakWindow(ts []time.Duration, w time.Duration) int {
	sorted := append([]time.Duration(nil), ts...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	peak, lo := 0, 0
	for hi := range sorted {
		for sorted[hi]-sorted[lo] >= w {
			lo++
		}
		peak = max(peak, hi-lo+1)
	}
	return peak
}
