package importer

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	p := RetryPolicy{}
	p.defaults()
	for n := range 12 {
		step := min(p.Base<<n, p.Cap)
		for range 50 {
			if d := p.Backoff(n, 0); d < step/2 || d > step {
				t.Fatalf("Backoff(%d) = %v, want between %v and %v (capped, jittered)", n, d, step/2, step)
			}
		}
	}
	if d := p.Backoff(0, 20*time.Second); d < 20*time.Second {
		t.Errorf("Backoff with Retry-After 20s = %v, want at least 20s", d)
	}
	if d := p.Backoff(0, time.Hour); d != p.RetryAfterCap {
		t.Errorf("Backoff with Retry-After 1h = %v, want the %v cap", d, p.RetryAfterCap)
	}
}
