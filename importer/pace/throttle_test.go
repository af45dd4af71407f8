package pace

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// starts runs workers goroutines that Wait on th in a loop for d and returns the start times.
func starts(t *testing.T, th *Throttle, workers int, d time.Duration) []time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	t0 := time.Now()
	var mu sync.Mutex
	var got []time.Duration
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for th.Wait(ctx) == nil {
				mu.Lock()
				got = append(got, time.Since(t0))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return got
}

// peakWindow is the most starts within any window of length w.
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

func TestThrottleRate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rate    float64
		workers int
	}{
		{"10/s, 8 workers", 10, 8},
		{"10/s, 1 worker", 10, 1},
		{"200/s, 64 workers", 200, 64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				th := NewThrottle(ThrottleConfig{Rate: tc.rate})
				got := starts(t, th, tc.workers, 10*time.Second)
				want := tc.rate * 10
				if n := float64(len(got)); n < 0.97*want || n > want+1 {
					t.Errorf("%v starts in 10 s, want about %v", n, want)
				}
				if peak := peakWindow(got, time.Second); peak > int(tc.rate) {
					t.Errorf("%d starts in one 1-second window, want at most %v", peak, tc.rate)
				}
				first := 0
				for _, s := range got {
					if s < time.Second {
						first++
					}
				}
				if first > int(tc.rate) {
					t.Errorf("%d starts in the first second, want at most %v (no initial burst)", first, tc.rate)
				}
			})
		})
	}
}

func TestThrottleLowersOncePerCooldown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := NewThrottle(ThrottleConfig{Rate: 40, Cooldown: 2 * time.Second})
		time.Sleep(3 * time.Second)
		cuts := 0
		for range 8 { // a whole pool comes back throttled at once
			if th.Throttled(0) {
				cuts++
			}
		}
		if cuts != 1 || th.Limit() != 32 {
			t.Fatalf("8 throttle answers at once: %d cuts, limit %v; want 1 cut to 32", cuts, th.Limit())
		}
		if th.Events() != 1 {
			t.Errorf("events = %d, want 1", th.Events())
		}
		time.Sleep(time.Second)
		th.Throttled(0)
		if th.Limit() != 32 {
			t.Errorf("second throttle inside the cool-down changed the limit to %v", th.Limit())
		}
		time.Sleep(2100 * time.Millisecond)
		th.Throttled(0)
		if th.Limit() != 32*0.8 {
			t.Errorf("throttle after the cool-down: limit %v, want %v", th.Limit(), 32*0.8)
		}
	})
}

func TestThrottleRecoversGradually(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := NewThrottle(ThrottleConfig{Rate: 20, Cooldown: time.Second})
		time.Sleep(2 * time.Second)
		for range 4 {
			th.Throttled(0) // 20 → 16, ceiling 20
		}
		if th.Limit() != 16 {
			t.Fatalf("limit %v after a burst of throttles, want 16", th.Limit())
		}
		prev := th.Limit()
		var steps []float64
		for range 30 {
			for range 20 { // the answers of one second at 20/s
				time.Sleep(50 * time.Millisecond)
				th.Succeeded()
			}
			if l := th.Limit(); l != prev {
				if l < prev {
					t.Fatalf("limit fell from %v to %v without a throttle", prev, l)
				}
				if l > prev*1.11 {
					t.Fatalf("limit jumped from %v to %v; want at most +10%% per cool-down", prev, l)
				}
				steps = append(steps, l)
				prev = l
			}
		}
		if prev != 20 {
			t.Errorf("after 30 quiet seconds the limit is %v, want back at 20", prev)
		}
		if len(steps) < 3 {
			t.Errorf("recovered in %d steps (%v), want a gradual climb", len(steps), steps)
		}
		// Near the rate that drew the throttle, it climbs by 1% steps, not 10%.
		if last := steps[len(steps)-1]; last > 19.9 && steps[len(steps)-2] < 18 {
			t.Errorf("jumped from %v to %v near the ceiling", steps[len(steps)-2], last)
		}
	})
}

func TestThrottleRetryAfterPausesEveryone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := NewThrottle(ThrottleConfig{Rate: 100})
		th.Throttled(3 * time.Second)
		start := time.Now()
		if err := th.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited < 3*time.Second {
			t.Errorf("Wait returned after %v, want at least the 3 s Retry-After", waited)
		}
	})
}

func TestThrottleWaitHonoursContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := NewThrottle(ThrottleConfig{Rate: 1})
		th.Throttled(time.Minute)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if err := th.Wait(ctx); err == nil {
			t.Fatal("Wait returned nil after its context ended")
		}
	})
}

func TestThrottleIgnoresStrayThrottles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := NewThrottle(ThrottleConfig{Rate: 100, Cooldown: time.Second})
		// One throttle answer in every 100 for a minute: a flaky gateway, not an overload.
		for i := range 6000 {
			time.Sleep(10 * time.Millisecond)
			if i%100 == 0 {
				th.Throttled(0)
			} else {
				th.Succeeded()
			}
		}
		if th.Limit() < 90 {
			t.Errorf("limit fell to %v under 1%% stray throttles, want it to stay near 100", th.Limit())
		}
		// An overload: every answer throttled.
		for range 10 {
			th.Throttled(0)
		}
		if th.Limit() >= 100 {
			t.Errorf("limit %v after an overload, want lower", th.Limit())
		}
	})
}

// TestThrottleAtFloorReportsNoCut: once the rate is at its floor, throttle answers report no cut,
// so the run does not log "lowering the request rate" while the rate stays where it is.
func TestThrottleAtFloorReportsNoCut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		th := NewThrottle(ThrottleConfig{Rate: 10, Cooldown: time.Second})
		prev := th.Limit()
		cuts := 0
		for range 300 {
			time.Sleep(1100 * time.Millisecond) // past the cool-down every time
			cut := th.Throttled(0)
			if cut != (th.Limit() < prev) {
				t.Fatalf("Throttled reported a cut: %v, but the limit went from %v to %v", cut, prev, th.Limit())
			}
			if cut {
				cuts++
			}
			prev = th.Limit()
		}
		if th.Limit() != 0.2 {
			t.Fatalf("limit %v after 300 throttles, want the floor 0.2", th.Limit())
		}
		if cuts > 18 {
			t.Errorf("%d cuts reported from 10/s to the 0.2/s floor, want at most 18", cuts)
		}
	})
}
