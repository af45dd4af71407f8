package pace

import (
	"testing"
	"time"
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
