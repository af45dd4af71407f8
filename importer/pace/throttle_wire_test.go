package pace

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// wireStarts is starts with a delay between Wait's return and the request's write, as a busy
// machine makes it: each attempt is written lag(i) after Wait returned, through the hook of
// Traced when traced is true. It returns the write times.
func wireStarts(th *Throttle, workers int, d time.Duration, traced bool, lag func() time.Duration) []time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	t0 := time.Now()
	var mu sync.Mutex
	var got []time.Duration
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				actx := ctx
				if traced {
					actx = th.Traced(ctx)
				}
				if th.Wait(actx) != nil {
					return
				}
				mu.Lock()
				l := lag()
				mu.Unlock()
				time.Sleep(l)
				if tr := httptrace.ContextClientTrace(actx); tr != nil && tr.WroteRequest != nil {
					tr.WroteRequest(httptrace.WroteRequestInfo{})
				}
				mu.Lock()
				got = append(got, time.Since(t0))
				mu.Unlock()
				time.Sleep(20 * time.Millisecond) // the answer
			}
		})
	}
	wg.Wait()
	return got
}

// TestThrottleHoldsTheWindowOnTheWire: requests that leave Wait on time but reach the
// connection late (0–60 ms, at random) never put more than --rate writes in any second, because
// each write moves its slot; the rate stays at the target. Without the hook the same lags
// put an eleventh request into a second.
func TestThrottleHoldsTheWindowOnTheWire(t *testing.T) {
	for _, traced := range []bool{true, false} {
		synctest.Test(t, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			lag := func() time.Duration {
				if rng.IntN(4) == 0 {
					return time.Duration(rng.IntN(60)) * time.Millisecond
				}
				return 0
			}
			th := NewThrottle(ThrottleConfig{Rate: 10})
			got := wireStarts(th, 4, 60*time.Second, traced, lag)
			peak := peakWindow(got, time.Second)
			if traced {
				if peak > 10 {
					t.Errorf("%d writes in one 1-second window, want at most 10", peak)
				}
				if n := len(got); n < 582 {
					t.Errorf("%d writes in 60 s, want ≥ 97%% of 600", n)
				}
			} else if peak <= 10 {
				t.Errorf("without the hook, peak %d: the lags do not test the hook", peak)
			}
		})
	}
}

// TestThrottleWireHookKeepsLaterSlots: a write reported after its slot went to a later request
// (a request stuck for longer than a window) leaves that request's slot alone.
func TestThrottleWireHookKeepsLaterSlots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := NewThrottle(ThrottleConfig{Rate: 1})
		ctx := th.Traced(context.Background())
		if err := th.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if err := th.Wait(context.Background()); err != nil { // takes the only slot again
			t.Fatal(err)
		}
		slot := th.slots[0]
		time.Sleep(300 * time.Millisecond)
		httptrace.ContextClientTrace(ctx).WroteRequest(httptrace.WroteRequestInfo{})
		if !th.slots[0].Equal(slot) {
			t.Fatalf("a late write moved the slot of a later request from %v to %v", slot, th.slots[0])
		}
		// A write of the current holder moves it.
		ctx2 := th.Traced(context.Background())
		if err := th.Wait(ctx2); err != nil {
			t.Fatal(err)
		}
		before := th.slots[0]
		time.Sleep(300 * time.Millisecond)
		httptrace.ContextClientTrace(ctx2).WroteRequest(httptrace.WroteRequestInfo{})
		if got := th.slots[0].Sub(before); got != 300*time.Millisecond {
			t.Fatalf("the write moved the slot by %v, want 300ms", got)
		}
	})
}

// TestThrottleTracedOverHTTP: with a real client and server, the write of the request moves
// the attempt's slot to after Wait's return, no earlier than the request left.
func TestThrottleTracedOverHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	th := NewThrottle(ThrottleConfig{Rate: 1000})
	ctx := th.Traced(context.Background())
	if err := th.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	m := ctx.Value(wireKey{}).(*wireMark)
	th.mu.Lock()
	waited := m.at
	th.mu.Unlock()
	time.Sleep(5 * time.Millisecond)
	sent := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader("{}"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	th.mu.Lock()
	defer th.mu.Unlock()
	if !m.set || m.at.Before(sent) || !th.slots[m.slot].Equal(m.at) {
		t.Fatalf("slot at %v (Wait returned %v, request sent %v): the write did not move it", m.at, waited, sent)
	}
}
