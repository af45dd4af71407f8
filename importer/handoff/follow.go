package handoff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"contactimport/importer/engage"
)

// Processes is what following a process needs of the API: engage.Client's ProcessDetails.
type Processes interface {
	ProcessDetails(ctx context.Context, id int64) (*engage.Process, error)
}

// FollowOptions pace the polling.
type FollowOptions struct {
	Poll  time.Duration // between two reads; default 10 s
	Stall time.Duration // no change in state or count for this long ends the follow; default 30 min
	// OnChange is called with every read that differs from the one before, the first included.
	OnChange func(*engage.Process)
	// OnError is called with a read that failed and will be tried again.
	OnError func(error)
}

// StallError is a process that showed no change for the stall bound: it may go on at Mapp.
type StallError struct {
	Process int64
	For     time.Duration
	Last    *engage.Process // nil when no read succeeded
}

func (e *StallError) Error() string {
	what := "no answer about it"
	if e.Last != nil {
		what = fmt.Sprintf("still %s at %d of %d rows", e.Last.Status, e.Last.ProcessedCount, e.Last.TotalCount)
	}
	return fmt.Sprintf("process %d showed no change for %v (%s)", e.Process, e.For, what)
}

// Follow reads process id every Poll until it has ended (FINISHED or FAILED) and returns the last
// read. A read that fails transiently is tried again at the next poll; one refused for
// credentials or a wrong endpoint ends the follow. When neither the state nor the processed
// count changed for Stall, it returns a *StallError; when ctx ends, ctx's cause with the last
// read. Neither stops the process at Mapp.
func Follow(ctx context.Context, api Processes, id int64, o FollowOptions) (*engage.Process, error) {
	if o.Poll <= 0 {
		o.Poll = 10 * time.Second
	}
	if o.Stall <= 0 {
		o.Stall = 30 * time.Minute
	}
	var last *engage.Process
	changed := time.Now()
	for {
		p, err := api.ProcessDetails(ctx, id)
		switch {
		case ctx.Err() != nil:
			return last, context.Cause(ctx)
		case err != nil && (errors.Is(err, engage.ErrAuth) || errors.Is(err, engage.ErrEndpoint) || errors.Is(err, engage.ErrNotFound)):
			return last, err
		case err != nil:
			if o.OnError != nil {
				o.OnError(err)
			}
		case last == nil || p.Status != last.Status || p.ProcessedCount != last.ProcessedCount:
			last, changed = p, time.Now()
			if o.OnChange != nil {
				o.OnChange(p)
			}
		}
		if last != nil && last.Ended() {
			return last, nil
		}
		if time.Since(changed) >= o.Stall {
			return last, &StallError{Process: id, For: o.Stall, Last: last}
		}
		t := time.NewTimer(o.Poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, context.Cause(ctx)
		case <-t.C:
		}
	}
}
