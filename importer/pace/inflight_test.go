package pace

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestGateFollowsCurrentRate: the automatic limit is rate × latency × headroom + 1 at the
// Throttle's current rate, so it follows the rate down when throttling lowers it and back up.
func TestGateFollowsCurrentRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cur := 40.0
		g := NewGate(0, func() float64 { return cur })
		// Teach it a latency of one second, past the slow start.
		for range 100 {
			ctx, end := g.Begin(context.Background())
			markSent(ctx)
			time.Sleep(time.Second)
			end(true)
		}
		cases := []struct {
			rate float64
			want int
		}{
			{40, 51}, // 40 × 1 s × 1.25 + 1
			{80, MaxAutoInFlight},
			{8, 11}, // 8 × 1 × 1.25 + 1
			{0.4, autoMinInFlight},
			{20, 26}, // 20 × 1.25 + 1
		}
		for _, c := range cases {
			cur = c.rate
			g.mu.Lock()
			g.regate(time.Now())
			g.mu.Unlock()
			limit, _, _, lat := g.Snapshot()
			if limit != c.want {
				t.Errorf("rate %g, latency %s: limit %d, want %d", c.rate, lat, limit, c.want)
			}
		}
	})
}

// TestGateOverdueAttemptsAddSlots: an attempt out for longer than twice the estimate frees its
// slot for another row, so a server that slows down does not starve the Throttle; a fixed gate
// never grows.
func TestGateOverdueAttemptsAddSlots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := NewGate(0, func() float64 { return 10 })
		for range 20 {
			ctx, end := g.Begin(context.Background())
			markSent(ctx)
			time.Sleep(20 * time.Millisecond)
			end(true)
		}
		if limit, _, _, _ := g.Snapshot(); limit != autoMinInFlight {
			t.Fatalf("at 20 ms and 10/s: limit %d, want %d", limit, autoMinInFlight)
		}
		// Two rows hold the two slots, and their attempts hang.
		var ends []func(bool)
		for range 2 {
			if err := g.Acquire(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx, end := g.Begin(context.Background())
			markSent(ctx)
			ends = append(ends, end)
		}
		admitted := make(chan error, 1)
		go func() { admitted <- g.Acquire(context.Background()) }()
		synctest.Wait()
		select {
		case <-admitted:
			t.Fatal("a third row was admitted at once")
		default:
		}
		stop := g.Watch()
		time.Sleep(200 * time.Millisecond)
		synctest.Wait()
		select {
		case err := <-admitted:
			if err != nil {
				t.Fatal(err)
			}
		default:
			t.Fatal("a third row still waits while both attempts are overdue")
		}
		stop()
		for _, end := range ends {
			end(true)
		}

		fixed := NewGate(3, func() float64 { return 10 })
		for range 3 {
			if err := fixed.Acquire(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := fixed.Acquire(ctx); err == nil {
			t.Error("a fixed gate of 3 admitted a fourth row")
		}
		if limit, held, _, _ := fixed.Snapshot(); limit != 3 || held != 3 {
			t.Errorf("fixed gate: limit %d, %d held, want 3 and 3", limit, held)
		}
	})
}
