package handoff

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
)

// script answers ProcessDetails from a function of the time since it started.
type script struct {
	start time.Time
	reads int
	at    func(since time.Duration) (*engage.Process, error)
}

func (s *script) ProcessDetails(ctx context.Context, id int64) (*engage.Process, error) {
	s.reads++
	return s.at(time.Since(s.start))
}

func proc(status engage.ProcessStatus, done int64) *engage.Process {
	return &engage.Process{ID: 5, Status: status, ProcessedCount: done, TotalCount: 100}
}

// TestFollowUntilFinished: the process is read every poll, changes are reported once each, and a
// transient failure in between does not end the follow.
func TestFollowUntilFinished(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{start: time.Now(), at: func(d time.Duration) (*engage.Process, error) {
			switch {
			case d < 20*time.Second:
				return proc(engage.ProcessProcessing, int64(d/time.Second)), nil
			case d < 30*time.Second:
				return nil, &engage.TransportError{Op: "getDetails", Err: errors.New("reset")}
			}
			return proc(engage.ProcessFinished, 100), nil
		}}
		var changes, errs int
		p, err := Follow(t.Context(), s, 5, FollowOptions{Poll: 10 * time.Second,
			OnChange: func(*engage.Process) { changes++ }, OnError: func(error) { errs++ }})
		if err != nil || p.Status != engage.ProcessFinished {
			t.Fatalf("Follow = %+v, %v", p, err)
		}
		if elapsed := time.Since(s.start); elapsed != 30*time.Second || s.reads != 4 || changes != 3 || errs != 1 {
			t.Errorf("after %v: %d reads, %d changes, %d errors; want 30s, 4, 3, 1", elapsed, s.reads, changes, errs)
		}
	})
}

// TestFollowStalls: a process whose count stops moving ends the follow after the stall bound,
// counted from its last change.
func TestFollowStalls(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{start: time.Now(), at: func(d time.Duration) (*engage.Process, error) {
			return proc(engage.ProcessProcessing, min(int64(d/time.Minute), 3)), nil
		}}
		_, err := Follow(t.Context(), s, 5, FollowOptions{Poll: time.Minute, Stall: 10 * time.Minute})
		var se *StallError
		if !errors.As(err, &se) || se.Last.ProcessedCount != 3 {
			t.Fatalf("Follow: %v, want a stall at 3 rows", err)
		}
		if elapsed := time.Since(s.start); elapsed != 13*time.Minute {
			t.Errorf("stalled after %v, want 13m (last change at 3m + 10m)", elapsed)
		}
	})
}

// TestFollowInterrupted: a cancelled context ends the follow at once with the last read.
func TestFollowInterrupted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(t.Context())
		s := &script{start: time.Now(), at: func(time.Duration) (*engage.Process, error) {
			return proc(engage.ProcessProcessing, 7), nil
		}}
		time.AfterFunc(25*time.Second, func() { cancel(errors.New("interrupted")) })
		p, err := Follow(ctx, s, 5, FollowOptions{Poll: 10 * time.Second})
		if err == nil || err.Error() != "interrupted" || p == nil || p.ProcessedCount != 7 {
			t.Fatalf("Follow = %+v, %v", p, err)
		}
		if elapsed := time.Since(s.start); elapsed != 25*time.Second {
			t.Errorf("returned after %v, want 25s", elapsed)
		}
	})
}

// TestFollowAuthStops: a refused read for credentials ends the follow.
func TestFollowAuthStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{start: time.Now(), at: func(time.Duration) (*engage.Process, error) {
			return nil, &engage.APIError{Op: "getDetails", Status: 403, Kind: engage.KindAuth}
		}}
		if _, err := Follow(t.Context(), s, 5, FollowOptions{}); !errors.Is(err, engage.ErrAuth) || s.reads != 1 {
			t.Errorf("Follow: %v after %d reads, want ErrAuth after 1", err, s.reads)
		}
	})
}
