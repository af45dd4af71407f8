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
	"time"
)

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
