package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"time"

	"contactimport/importer/source"
	"contactimport/report"
)

// write is the single owner of the sink. It puts results back into input order (they arrive in
// completion order, at most cfg.Window rows apart), flushes at least every cfg.FlushEvery, and
// watches the abort thresholds. It drains results until the channel closes, even after a write
// error, so that no worker blocks.
//
// A line is counted in sum only once it reached the report: after a write error the summary's
// counts are those of the lines the report holds. A sink that says how many lines it passed on
// (report.Writer's Written) is taken at its word; for any other, a successful Flush confirms
// every line written before it.
func (r *runner) write(sink Sink, sum *report.Summary, results <-chan result, window <-chan struct{}) error {
	pending := map[int]result{}
	next := 0
	var werr error
	ticker := time.NewTicker(r.cfg.FlushEvery)
	defer ticker.Stop()

	var unconfirmed []report.Line // written to the sink, not yet known to be in the report
	confirmed := 0
	confirm := func(flushed bool) {
		n := 0
		if c, ok := sink.(interface{ Written() int }); ok {
			n = c.Written() - confirmed
		} else if flushed {
			n = len(unconfirmed)
		}
		n = min(max(n, 0), len(unconfirmed))
		for _, l := range unconfirmed[:n] {
			sum.Add(l)
		}
		confirmed += n
		unconfirmed = append(unconfirmed[:0], unconfirmed[n:]...)
	}
	fail := func(err error) {
		werr = &StopError{Reason: "writing the report failed: " + err.Error(), Err: storage(err)}
		r.stop(werr, true)
	}
	flush := func() {
		err := sink.Flush()
		confirm(err == nil)
		if err != nil && werr == nil {
			fail(err)
		}
	}

	emit := func(res result) {
		r.cfg.Progress.Offset.Store(res.end)
		if res.dropped || werr != nil {
			return
		}
		unconfirmed = append(unconfirmed, report.Line{Status: res.line.Status, Class: res.line.Class, Code: res.line.Code})
		err := sink.Write(res.line)
		confirm(false) // a sink may pass lines on as its buffer fills
		if err != nil {
			fail(err)
			return
		}
		r.cfg.Progress.count(res.line)
		if res.line.Status == report.Failed {
			r.cfg.Log.Debug("row failed", "row", res.line.Row, "class", res.line.Class, "code", res.line.Code)
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
				if werr == nil {
					flush()
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
				flush()
			}
		}
	}
}

// count adds a line the report now holds to the live counters.
func (p *Progress) count(l report.Line) {
	p.Rows.Add(1)
	if l.Status == report.Failed {
		p.Failed.Add(1)
	} else {
		p.OK.Add(1)
	}
}

// tail is the row-loop tail of check and convert, which run without a network: a row read is
// counted where the progress shows it, its line goes to the report and the summary, and the
// report is flushed at least every second, when the loop stops and at its end. Import's writer
// (write, above) has the same tail, but counts a line in the summary only once the report holds
// it: its rows finish out of order, and a failed write must leave the counts of the report.
type tail struct {
	sink Sink
	sum  *report.Summary
	p    *Progress
	last time.Time // of the last flush
}

func newTail(sink Sink, sum *report.Summary, p *Progress) *tail {
	if p == nil {
		p = new(Progress)
	}
	return &tail{sink: sink, sum: sum, p: p, last: time.Now()}
}

// tick runs between rows: once ctx has ended it flushes what is written and returns a
// *StopError wrapping ErrInterrupted; otherwise it flushes when the last flush is a second old.
func (t *tail) tick(ctx context.Context) error {
	if ctx.Err() != nil {
		if err := t.flush(); err != nil {
			return err
		}
		return &StopError{Reason: "interrupted", Err: ErrInterrupted}
	}
	if time.Since(t.last) >= time.Second {
		return t.flush()
	}
	return nil
}

// flush flushes the report.
func (t *tail) flush() error {
	if err := t.sink.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	t.last = time.Now()
	return nil
}

// read counts a record read: its input offset, and whether it was padded.
func (t *tail) read(rec source.Record) {
	t.p.Offset.Store(rec.End)
	if rec.Padded {
		t.sum.PaddedRows++
	}
}

// done counts a row's line, written to the report first when write is set.
func (t *tail) done(l report.Line, write bool) error {
	if write {
		if err := t.sink.Write(l); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	t.sum.Add(l)
	t.p.count(l)
	return nil
}

// readFailed ends the loop on a read error, with what is written flushed.
func (t *tail) readFailed(err error) error {
	t.sink.Flush()
	return fmt.Errorf("read input: %w", err)
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

// inputError marks a failure to read the input as ErrStorage when it is the file's, not its
// content's: a format error is fixed in the file, an I/O error by fixing the disk or path.
func inputError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return storage(err)
	}
	return err
}
