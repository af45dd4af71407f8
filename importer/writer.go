package importer

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"contactimport/report"
)

// write is the single owner of the sink. It puts results back into input order (they arrive in
// completion order, at most cfg.Window rows apart), flushes at least every cfg.FlushEvery, and
// watches the abort thresholds. It drains results until the channel closes, even after a write
// error, so that no worker blocks.
func (r *runner) write(sink Sink, sum *report.Summary, results <-chan result, window <-chan struct{}) error {
	pending := map[int]result{}
	next := 0
	var werr error
	ticker := time.NewTicker(r.cfg.FlushEvery)
	defer ticker.Stop()

	emit := func(res result) {
		r.cfg.Progress.Offset.Store(res.end)
		if res.dropped || werr != nil {
			return
		}
		if err := sink.Write(res.line); err != nil {
			werr = fmt.Errorf("write report: %w", err)
			r.stop(&StopError{Reason: "writing the report failed", Err: werr}, true)
			return
		}
		sum.Add(res.line)
		r.cfg.Progress.Rows.Add(1)
		if res.line.Status == report.Failed {
			r.cfg.Progress.Failed.Add(1)
			r.cfg.Log.Debug("row failed", "row", res.line.Row, "class", res.line.Class, "code", res.line.Code)
		} else {
			r.cfg.Progress.OK.Add(1)
		}
	}

	for {
		select {
		case res, ok := <-results:
			if !ok {
				// Rows the run stopped before finishing leave gaps; write what is done.
				for len(pending) > 0 {
					if res, ok := pending[next]; ok {
						emit(res)
						delete(pending, next)
					}
					next++
				}
				if err := sink.Flush(); err != nil && werr == nil {
					werr = fmt.Errorf("write report: %w", err)
				}
				return werr
			}
			pending[res.seq] = res
			for {
				res, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				emit(res)
				<-window
			}
		case <-ticker.C:
			if werr == nil {
				if err := sink.Flush(); err != nil {
					werr = fmt.Errorf("write report: %w", err)
					r.stop(&StopError{Reason: "writing the report failed", Err: werr}, true)
				}
			}
		}
	}
}

// observe applies the abort policy to a finished row, as soon as it is finished: judging in
// report order would let the whole reorder window run past the threshold.
func (r *runner) observe(l report.Line) {
	r.abortMu.Lock()
	reason := r.abort.observe(l)
	r.abortMu.Unlock()
	if reason != "" && !r.stopping.Load() {
		r.cfg.Log.Error("stopping the run", "reason", reason)
		r.stop(&StopError{Reason: reason, Err: ErrAborted}, false)
	}
}

// abortWatch applies an AbortPolicy to finished rows.
type abortWatch struct {
	policy       AbortPolicy
	rows, failed int
	code         string // error code of the current run of rejections
	run          int    // consecutive rejections with code
	down         int    // consecutive rows that gave up on transient errors
}

// observe returns why the run must stop, or "".
func (a *abortWatch) observe(l report.Line) string {
	a.rows++
	if l.Status != report.Failed {
		a.code, a.run, a.down = "", 0, 0
		return ""
	}
	a.failed++
	switch l.Class {
	case report.Rejected:
		a.down = 0
		if l.Code == a.code {
			a.run++
		} else {
			a.code, a.run = l.Code, 1
		}
	case report.Transient:
		a.down++
	}
	p := a.policy
	switch {
	case p.MaxErrors > 0 && a.failed > p.MaxErrors:
		return "more than " + strconv.Itoa(p.MaxErrors) + " rows failed (--max-errors)"
	case p.MaxErrorRate > 0 && a.rows >= p.MinSample && float64(a.failed) > p.MaxErrorRate*float64(a.rows):
		return fmt.Sprintf("%d of %d rows failed, more than %g%% (--max-error-rate)", a.failed, a.rows, p.MaxErrorRate*100)
	case p.SameCode > 0 && a.run >= p.SameCode:
		return fmt.Sprintf("the API rejected %d rows in a row with %s (see the report); fix the cause, continue with --resume, and re-send the failed rows with retry", a.run, a.code)
	case p.Unreachable > 0 && a.down >= p.Unreachable:
		return fmt.Sprintf("the target is unreachable or failing: %d rows in a row gave up after retries (last: %s); once it answers, continue with --resume and re-send the failed rows with retry", a.down, l.Code)
	}
	return ""
}

// ErrStorage marks a stop caused by a file the run reads or writes (the input, the report, the
// state file): a full disk, a path that went away, a permission that changed. Nothing is lost:
// once the cause is fixed, --resume continues where the report ends.
var ErrStorage = errors.New("file input/output failed")

// storageError is an I/O failure that is both ErrStorage and its cause.
type storageError struct{ err error }

func (e storageError) Error() string   { return e.err.Error() }
func (e storageError) Unwrap() []error { return []error{ErrStorage, e.err} }

// storage marks err as an ErrStorage failure.
func storage(err error) error { return storageError{err} }
