package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// job is one row on its way through the pipeline.
type job struct {
	seq     int
	end     int64 // input offset behind the row
	line    report.Line
	contact engage.Contact
	key     string // identifier type and value: rows with equal keys are serialized
	hash    string // of what is sent, for the ledger
	known   bool   // the ledger says the contact exists
	knownID int64
	sub     mapping.Subscription // the row's decision about the group ("": subscribe)
	member  []engage.Attribute   // member attributes, bare names
}

// result is what the writer receives: a report line, or a drop (a row that was not finished
// because the run stopped; it stays out of the report so that --resume redoes it).
type result struct {
	seq     int
	line    report.Line
	dropped bool
	end     int64 // input offset behind the row, for progress
}

type runner struct {
	cfg     Config
	idType  engage.IdentifierType
	predict predictor
	// echoNaming spells the stored custom attributes an update sends back when the tenant's
	// naming is not known: the way the mapping spells its own (safe.go).
	echoNaming engage.Naming
	stats      callStats
	// members and memberLedger serve the membership step of a run into a group.
	members      MemberAPI
	memberLedger MemberLedger

	stopping  atomic.Bool
	stopMu    sync.Mutex
	stopCause error
	cancelReq context.CancelCauseFunc
	complete  atomic.Bool  // the producer read the input to its end
	drops     atomic.Int64 // rows left unfinished by a stop

	padded   atomic.Int64
	answered atomic.Bool    // the target has given at least one HTTP answer
	stall    stallWatch     // stops a run whose target makes no progress
	gate     *gate          // admits HTTP attempts: how many are out at once
	senders  sync.WaitGroup // the producer and the workers: results closes after them

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
	r := &runner{cfg: cfg, idType: identifierType(cfg.Mapper.Identifier()), keys: map[string][]*job{},
		echoNaming: mappingNaming(cfg.Mapper)}
	r.abort.policy = cfg.Abort
	r.gate = newGate(cfg.Workers, cfg.Throttle.Limit)
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
		peak, _ := r.gate.peaks()
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
	endGateWatch := r.gate.watch()
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
			r.seeSkipped(rec) // done by an earlier run: still held by the file
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

// prepare maps a record into j. It reports true when the row's outcome is already known:
// a row that cannot be sent. A panic while mapping fails the row, not the run.
func (r *runner) prepare(j *job, rec source.Record) (done bool) {
	defer func() {
		if v := recover(); v != nil {
			r.cfg.Log.Error("internal error while mapping a row", "row", rec.Row, "panic", fmt.Sprint(v))
			internalFailure(&j.line)
			done = true
		}
	}()
	mc, ok := MapRecord(r.cfg.Mapper, rec, &j.line)
	if !ok {
		r.seeRefused(rec)
		return true
	}
	j.contact = toEngage(mc, r.cfg.Tenant.CustomAttributes)
	j.key = string(r.idType) + ":" + ledgerValue(r.idType, mc.Key)
	j.sub, j.member = mc.Subscription, memberAttributes(mc.Member)
	r.cfg.Seen.add(j.key)
	return false
}

// consult asks the ledger about j once j holds its contact's key, so that an earlier row of
// the same contact has already recorded what it sent. It reports true when the row is
// unchanged since the last confirmed write and needs no call.
func (r *runner) consult(j *job) bool {
	if r.cfg.Ledger == nil {
		return false
	}
	j.hash = contentHash(&j.contact)
	e, ok, err := r.cfg.Ledger.Lookup(j.key)
	if err != nil {
		r.cfg.Log.Warn("state lookup failed; sending the row", "row", j.line.Row, "err", err)
		return false
	}
	if !ok {
		return false
	}
	j.known, j.knownID = true, e.ContactID
	// A run into a group needs the contactId for the membership step.
	return e.Hash == j.hash && !r.cfg.Full && (r.cfg.Group == 0 || e.ContactID != 0)
}

func internalFailure(l *report.Line) {
	l.Status, l.Class, l.Code = report.Failed, report.Transient, "internal_error"
	l.Message = "internal error while handling the row; the row is safe to retry"
}

func (r *runner) work(ctx context.Context, work <-chan *job, results chan<- result) error {
	for j := range work {
		for ; j != nil; j = r.release(j.key) {
			var res processed
			if err := r.gate.acquire(ctx); err != nil {
				// The run was stopped at once while the row waited for a slot.
				r.drops.Add(1)
				res.seq, res.end, res.dropped = j.seq, j.end, true
			} else {
				res = r.process(ctx, j)
				r.gate.release()
			}
			if res.fatal != nil {
				r.stop(res.fatal, true)
			}
			if !res.dropped {
				r.observe(res.line)
			}
			results <- res.result
		}
	}
	return nil
}

type processed struct {
	result
	fatal error
}

// process runs one row. A panic becomes the row's failure; an error that no row can survive
// (auth, wrong endpoint) stops the run.
func (r *runner) process(ctx context.Context, j *job) (p processed) {
	p.seq, p.end = j.seq, j.end
	if r.stopping.Load() {
		r.drops.Add(1)
		p.dropped = true
		return p
	}
	defer func() {
		if v := recover(); v != nil {
			r.cfg.Log.Error("internal error while handling a row", "row", j.line.Row, "panic", fmt.Sprint(v))
			p.dropped = false
			p.line = j.line
			internalFailure(&p.line)
		}
	}()
	p.line = j.line
	attempts := 0
	if r.consult(j) {
		p.line.Status, p.line.ContactID = report.Unchanged, j.knownID
		r.memberStep(ctx, j, &p, j.knownID, false, &attempts)
		p.line.Attempts = attempts
		return p
	}
	out := r.upsert(ctx, j, &attempts)
	p.line.Attempts = attempts
	if out.status == report.Failed && (ctx.Err() != nil || errors.Is(out.err, errStopping)) {
		// The run was stopped while this row was under way: its outcome is unknown, so the
		// row stays out of the report and a resumed run redoes it (create → exists → update).
		r.drops.Add(1)
		p.dropped = true
		return p
	}
	p.line.Status, p.line.ContactID = out.status, out.contactID
	if out.status == report.Failed {
		if stop := r.fatal(out.err); stop != nil {
			// No row can succeed: stop, and leave this row for --resume rather than report
			// it failed.
			r.drops.Add(1)
			p.dropped, p.fatal = true, stop
			return p
		}
		p.line.Class, p.line.Code, p.line.Message = rowFailure(out.err)
		return p
	}
	if r.cfg.Ledger != nil && out.status != report.Skipped {
		if j.hash == "" {
			j.hash = contentHash(&j.contact)
		}
		if err := r.cfg.Ledger.Record(j.key, Entry{Hash: j.hash, ContactID: out.contactID}); err != nil {
			p.fatal = &StopError{Reason: "writing the state file failed: " + err.Error(), Err: storage(err)}
			return p
		}
	}
	r.memberStep(ctx, j, &p, out.contactID, out.status == report.Created, &attempts)
	p.line.Attempts = attempts
	return p
}

// fatal returns the StopError for a row failure that no row can survive, or nil.
func (r *runner) fatal(err error) *StopError {
	if stop := distrust(err); stop != nil {
		return stop
	}
	var te *engage.TransportError
	if errors.As(err, &te) && !r.answered.Load() {
		// Not one answer yet: the target is unreachable (wrong host, proxy, firewall), not flaky.
		return &StopError{Reason: "cannot reach the target: " + te.Error(), Err: ErrUnreachable}
	}
	switch engage.KindOf(err) {
	case engage.KindAuth:
		return &StopError{Reason: "Engage refused the credentials (" + httpStatus(err) + "); check ENGAGE_USER and ENGAGE_PASSWORD", Err: err}
	case engage.KindEndpoint:
		return &StopError{Reason: "the API URL looks wrong (" + httpStatus(err) + "); check --url or ENGAGE_URL", Err: err}
	}
	return nil
}

func httpStatus(err error) string {
	var ae *engage.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("HTTP %d", ae.Status)
	}
	return "no answer"
}
