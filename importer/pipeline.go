package importer

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"contactimport/importer/engage"
	"contactimport/importer/pace"
	"contactimport/report"
)

// result is what the writer receives: a report line, or a drop (a row that was not finished
// because the run stopped; it stays out of the report so that --resume redoes it).
type result struct {
	seq     int
	line    report.Line
	dropped bool
	end     int64 // input offset behind the row, for progress
}

type runner struct {
	*caller // every call of the run goes through it (call.go)
	cfg     Config
	idType  engage.IdentifierType
	predict predictor
	// members and memberLedger serve the membership step of a run into a group.
	members      MemberAPI
	memberLedger MemberLedger

	stopMu    sync.Mutex
	stopCause error
	cancelReq context.CancelCauseFunc
	complete  atomic.Bool  // the producer read the input to its end
	drops     atomic.Int64 // rows left unfinished by a stop

	padded  atomic.Int64
	senders sync.WaitGroup // the producer and the workers: results closes after them

	abortMu sync.Mutex
	abort   abortWatch

	keysMu sync.Mutex
	keys   map[string][]*job // keys in flight → rows waiting behind them
}

// Stats are the counts of a finished run that are not in the report lines.
type Stats struct {
	Calls          map[string]int
	Attempts       int
	Retries        int
	ThrottleEvents int
}

// Run imports every record of src into cfg.API and writes one line per row to sink, in input
// order. It returns nil when the input was read to the end; a *StopError when the run stopped
// early (interrupt, abort threshold, auth failure, wrong endpoint); or an I/O error.
func Run(ctx context.Context, cfg Config, src Records, sink Sink, sum *report.Summary) error {
	cfg.defaults()
	r := &runner{caller: newCaller(&cfg), cfg: cfg, idType: identifierType(cfg.Mapper.Identifier()),
		keys: map[string][]*job{}}
	r.abort.policy = cfg.Abort
	if cfg.Group != 0 {
		if cfg.Members == nil {
			return errors.New("import into a group: the API client makes no membership calls")
		}
		r.members = cfg.Members
		r.memberLedger, _ = cfg.Ledger.(MemberLedger)
	}
	defer func() {
		if sum.Calls == nil {
			sum.Calls = map[string]int{}
		}
		sum.Calls["get"] += int(r.stats.get.Load())
		sum.Calls["create"] += int(r.stats.create.Load())
		sum.Calls["update"] += int(r.stats.update.Load())
		r.stats.addGroupCalls(sum.Calls)
		sum.Attempts = sum.APICalls()
		sum.Retries += int(r.stats.retries.Load())
		sum.ThrottleEvents += cfg.Throttle.Events()
		sum.PaddedRows += int(r.padded.Load())
		peak, _ := r.gate.Peaks()
		sum.PeakInFlight = max(sum.PeakInFlight, peak)
	}()

	// Requests run on their own context: a stop takes no new rows at once but gives the
	// requests in flight cfg.Grace to finish, so that their outcome is known and reported.
	reqCtx, cancelReq := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancelReq(nil)
	r.cancelReq = cancelReq
	stopWatch := context.AfterFunc(ctx, func() {
		r.stop(&StopError{Reason: "interrupted", Err: ErrInterrupted}, false)
	})
	defer stopWatch()

	if cfg.Group != 0 {
		endStallWatch := r.watchStalls()
		err := r.checkGroup(reqCtx)
		endStallWatch()
		if err != nil {
			return err
		}
	}

	g, gctx := errgroup.WithContext(reqCtx)
	work := make(chan *job)
	workers := cfg.pool()
	results := make(chan result, workers*2)
	window := make(chan struct{}, cfg.Window)

	r.senders.Add(1 + workers)
	g.Go(func() error {
		defer r.senders.Done()
		defer close(work)
		return r.produce(gctx, src, work, results, window)
	})
	for range workers {
		g.Go(func() error {
			defer r.senders.Done()
			return r.work(gctx, work, results)
		})
	}
	go func() { r.senders.Wait(); close(results) }()
	endStallWatch := r.watchStalls()
	endGateWatch := r.gate.Watch()
	werr := r.write(sink, sum, results, window)
	gerr := g.Wait()
	endGateWatch()
	endStallWatch()
	stopWatch()
	if werr != nil {
		return werr
	}
	if gerr != nil && !errors.Is(gerr, context.Canceled) && !errors.Is(gerr, ErrInterrupted) {
		return gerr
	}
	cause := r.cause()
	if errors.Is(cause, ErrInterrupted) && r.complete.Load() && r.drops.Load() == 0 {
		return nil // the signal came after the last row was done
	}
	return cause
}

// stop makes the run take no new rows and gives the requests in flight cfg.Grace to finish;
// now cancels them at once.
func (r *runner) stop(cause error, now bool) {
	r.stopMu.Lock()
	first := r.stopCause == nil
	if first {
		r.stopCause = cause
		r.stopping.Store(true)
	}
	r.stopMu.Unlock()
	if now {
		r.cancelReq(cause)
	} else if first {
		time.AfterFunc(r.cfg.Grace, func() { r.cancelReq(cause) })
	}
}

func (r *runner) cause() error {
	r.stopMu.Lock()
	defer r.stopMu.Unlock()
	return r.stopCause
}

// produce reads, maps and dispatches rows. Rows decided without the API (bad input, unchanged
// per the ledger) go straight to the writer.
func (r *runner) produce(ctx context.Context, src Records, work chan<- *job, results chan<- result, window chan struct{}) error {
	seq := 0
	for !r.stopping.Load() {
		rec, err := src.Next()
		if err == io.EOF {
			r.complete.Store(true)
			return nil
		}
		if err != nil {
			r.stop(&StopError{Reason: "reading the input failed: " + err.Error(), Err: inputError(err)}, false)
			return inputError(err) // the records name their file and line
		}
		if rec.Padded {
			r.padded.Add(1)
		}
		if r.cfg.Skip != nil && r.cfg.Skip(rec.Row) {
			if r.cfg.Seen != nil {
				r.seeSkipped(rec) // done by an earlier run: still held by the file
			}
			continue
		}
		select {
		case window <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		j := &job{seq: seq, end: rec.End, line: report.Line{Row: rec.Row, Line: rec.Line, Cells: rec.Cells}}
		seq++
		if done := r.prepare(j, rec); done {
			r.observe(j.line)
			select {
			case results <- result{seq: j.seq, line: j.line, end: j.end}:
			case <-ctx.Done():
				return nil
			}
			continue
		}
		if r.hold(j) {
			continue
		}
		select {
		case work <- j:
		case <-ctx.Done():
			r.drops.Add(1)
			results <- result{seq: j.seq, dropped: true, end: j.end}
			return nil
		}
	}
	return nil
}

// watchStalls checks the stall clock until the returned function is called, and stops the run
// when the target makes no progress. A stop leaves the rows under way for --resume.
func (r *runner) watchStalls() (end func()) {
	w := &r.stall
	w.After = r.cfg.Abort.StallAfter
	if w.After <= 0 {
		return func() {}
	}
	return pace.Every(max(w.After/60, 10*time.Millisecond), func(now time.Time) bool {
		if r.stopping.Load() {
			return true
		}
		if reason := w.Check(now); reason != "" {
			r.log.Error("stopping the run", "reason", reason)
			r.stop(&StopError{Reason: reason, Err: ErrUnreachable}, false)
			return true
		}
		return false
	})
}
