package importer

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/pace"
)

// RetryPolicy bounds how a row retries one call. Throttle answers have their own, larger budget:
// they say "later", not "broken", and the shared rate has already been lowered for them.
type RetryPolicy struct {
	Transient     int           // retries after network errors, timeouts and 5xx; default 5
	Throttled     int           // retries after throttle answers; default 30
	Base          time.Duration // first backoff; default 500 ms
	Cap           time.Duration // longest backoff; default 30 s
	RetryAfterCap time.Duration // longest Retry-After honoured; default 5 min
}

func (p *RetryPolicy) defaults() {
	if p.Transient == 0 {
		p.Transient = 5
	}
	if p.Throttled == 0 {
		p.Throttled = 30
	}
	if p.Base <= 0 {
		p.Base = 500 * time.Millisecond
	}
	if p.Cap <= 0 {
		p.Cap = 30 * time.Second
	}
	if p.RetryAfterCap <= 0 {
		p.RetryAfterCap = 5 * time.Minute
	}
}

// Backoff is the wait before retry n (0-based): exponential, capped, with jitter between half
// and the full step so that rows throttled together do not come back together.
func (p *RetryPolicy) Backoff(n int, retryAfter time.Duration) time.Duration {
	d := p.Cap
	if n < 30 {
		d = min(p.Base<<n, p.Cap)
	}
	d = d/2 + rand.N(d/2+1)
	if retryAfter > 0 {
		d = max(d, min(retryAfter, p.RetryAfterCap))
	}
	return d
}

// callStats counts HTTP attempts per endpoint. Safe for concurrent use.
type callStats struct {
	get, create, update atomic.Int64
	retries             atomic.Int64
	// The group calls: group/get, membership/subscribe, membership/unsubscribe, membership/get
	// and membership/updateAttributes.
	group, subscribe, unsubscribe, membership, memberAttrs atomic.Int64
}

// do runs one logical call with retries. It returns the answer, or the last error once the error
// is final for the row, the budget is spent, or ctx ends. attempts grows by the attempts made.
//
// A call counts as done only with a contact that has a contactId: anything else is an unknown
// outcome (*engage.UnreadableError), retried like a lost answer. A Retry-After longer than
// RetryPolicy.RetryAfterCap is not waited for: it ends the call with a *waitTooLong, which
// stops the run.
func (r *runner) do(ctx context.Context, op string, attempts *int, call func(context.Context) (*engage.Contact, error)) (*engage.Contact, error) {
	var got *engage.Contact
	err := r.try(ctx, op, attempts, func(ctx context.Context) error {
		c, err := call(ctx)
		if err == nil && (c == nil || c.ContactID <= 0) {
			err = &engage.UnreadableError{Op: op, Why: "the call returned none"}
		}
		got = c
		return err
	})
	if err != nil {
		return nil, err
	}
	return got, nil
}

// try runs one logical call of any kind (a contact write, a membership call) with the retries,
// backoff, throttle feedback and stall watch that do describes. call returns nil when the call
// took effect; it judges the answer itself.
func (r *runner) try(ctx context.Context, op string, attempts *int, call func(context.Context) error) error {
	r.stall.Enter()
	defer r.stall.Leave()
	transient, throttled := 0, 0
	for {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		err := r.attempt(ctx, call)
		if errors.Is(err, engage.ErrNotSent) {
			return err // the limiter gave up waiting: nothing went out
		}
		*attempts++
		r.count(op)
		var te *engage.TransportError
		if !errors.As(err, &te) {
			r.answered.Store(true)
		}
		if err == nil {
			r.stall.Progress()
			r.cfg.Throttle.Succeeded()
			return nil
		}
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		var retryAfter time.Duration
		var ae *engage.APIError
		if errors.As(err, &ae) {
			retryAfter = ae.RetryAfter
		}
		kind := engage.KindOf(err)
		if (kind == engage.KindThrottled || kind == engage.KindTransient) && retryAfter > r.cfg.Retry.RetryAfterCap {
			return &waitTooLong{wait: retryAfter, bound: r.cfg.Retry.RetryAfterCap, err: err}
		}
		var wait time.Duration
		switch kind {
		case engage.KindThrottled:
			r.stall.Setback(err, retryAfter)
			if r.cfg.Throttle.Throttled(retryAfter) {
				r.cfg.Log.Warn("throttled by the API; lowering the request rate", "rate", round2(r.cfg.Throttle.Limit()))
			}
			if throttled >= r.cfg.Retry.Throttled {
				return err
			}
			wait = r.cfg.Retry.Backoff(throttled, retryAfter)
			throttled++
		case engage.KindTransient:
			r.stall.Setback(err, retryAfter)
			if transient >= r.cfg.Retry.Transient {
				return err
			}
			wait = r.cfg.Retry.Backoff(transient, retryAfter)
			transient++
		default:
			// A final answer (a refusal, "exists", "not found"): the target works.
			r.stall.Progress()
			r.cfg.Throttle.Succeeded()
			return err
		}
		if r.stopping.Load() {
			// The run is stopping: no new attempts; the row is left for --resume.
			return errStopping
		}
		r.stats.retries.Add(1)
		r.gate.BackingOff(1)
		err = pace.Sleep(ctx, wait)
		r.gate.BackingOff(-1)
		if err != nil {
			return err
		}
	}
}

// attempt makes one HTTP attempt, its duration measured for the gate.
func (r *runner) attempt(ctx context.Context, call func(context.Context) error) error {
	actx, end := r.gate.Begin(ctx)
	err := call(r.cfg.Throttle.Traced(actx))
	end(!errors.Is(err, engage.ErrNotSent) && ctx.Err() == nil)
	return err
}

// errStopping ends a row's retries when the run stops.
var errStopping = errors.New("run stopping")

// waitTooLong is a throttle answer whose Retry-After exceeds RetryPolicy.RetryAfterCap. Waiting
// would keep the run idle for longer than anyone expects; it stops the run instead, and the rows
// not done are left for --resume.
type waitTooLong struct {
	wait, bound time.Duration
	err         error
}

func (e *waitTooLong) Error() string {
	return "the server asks to wait " + pace.Human(e.wait) + " (Retry-After), longer than the bound of " +
		pace.Human(e.bound) + "; stopping"
}

func (e *waitTooLong) Unwrap() error { return e.err }

func (r *runner) count(op string) {
	switch op {
	case "get":
		r.stats.get.Add(1)
	case "create":
		r.stats.create.Add(1)
	case "update":
		r.stats.update.Add(1)
	case opGroup:
		r.stats.group.Add(1)
	case opSubscribe:
		r.stats.subscribe.Add(1)
	case opUnsubscribe:
		r.stats.unsubscribe.Add(1)
	case opMembership:
		r.stats.membership.Add(1)
	case opMemberAttrs:
		r.stats.memberAttrs.Add(1)
	}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

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
			r.cfg.Log.Error("stopping the run", "reason", reason)
			r.stop(&StopError{Reason: reason, Err: ErrUnreachable}, false)
			return true
		}
		return false
	})
}
