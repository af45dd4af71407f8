package pace

import (
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
)

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{
		999999 * time.Second: "11 days 13 hours", 24 * time.Hour: "1 day", 2*time.Hour + 5*time.Minute: "2 hours 5 minutes",
		5 * time.Minute: "5 minutes", 61 * time.Second: "1 minute 1 second", 45 * time.Second: "45 seconds",
	} {
		if got := Human(d); got != want {
			t.Errorf("Human(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestStallCheck: the clock runs only while calls are under way; after After with nothing but
// setbacks the check names what came back, a Retry-After extends the span by its wait, and one
// answer that shows progress starts the clock again.
func TestStallCheck(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := &Stall{After: time.Minute}
		time.Sleep(10 * time.Minute) // no call under way: idle time is not a stall
		w.Enter()
		w.Setback(&engage.APIError{Status: 429, Kind: engage.KindThrottled}, 30*time.Second)
		time.Sleep(time.Minute)
		if got := w.Check(time.Now()); got != "" {
			t.Fatalf("after 1 minute with a 30 s Retry-After: %q, want no stall yet", got)
		}
		time.Sleep(30 * time.Second)
		got := w.Check(time.Now())
		if !strings.Contains(got, "throttling") || !strings.Contains(got, "beyond the 30 seconds it asked to wait") {
			t.Fatalf("after 1.5 minutes of throttling: %q", got)
		}
		w.Progress()
		if got := w.Check(time.Now()); got != "" {
			t.Fatalf("after progress: %q, want none", got)
		}
		w.Setback(&engage.TransportError{Op: "create contact", Err: errors.New("timeout")}, 0)
		time.Sleep(time.Minute)
		if got := w.Check(time.Now()); !strings.Contains(got, "has not answered for 1m0s") {
			t.Fatalf("after 1 minute of silence: %q", got)
		}
		w.Leave()
	})
}
