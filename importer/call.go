package importer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/pace"
	"contactimport/printable"
	"contactimport/report"
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

// caller makes every call of a run: a row's contact write, its membership and member
// attributes, the group check before the first row, and the mirror's removals. Each call goes
// through the same layers, as restic's backends wrap one interface in a retry and a limiter:
// the gate and the Throttle pace its attempts (package pace), try retries it with backoff and
// feeds the answers back to the pacing, and fatal and failure classify its final error for the
// run and for the report. Safe for concurrent use.
type caller struct {
	throttle *pace.Throttle // the one the client waits on before every attempt
	retry    RetryPolicy
	log      *slog.Logger
	gate     *pace.Gate  // admits rows and measures attempts
	stall    pace.Stall  // stops a run whose target makes no progress (watchStalls)
	stats    callStats   // attempts per endpoint
	answered atomic.Bool // the target has given at least one HTTP answer
	stopping atomic.Bool // the run is stopping: no new attempts
}

// newCaller returns the caller for cfg, whose defaults are set.
func newCaller(cfg *Config) *caller {
	return &caller{throttle: cfg.Throttle, retry: cfg.Retry, log: cfg.Log,
		gate: pace.NewGate(cfg.Workers, cfg.Throttle.Limit)}
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
func (c *caller) do(ctx context.Context, op string, attempts *int, call func(context.Context) (*engage.Contact, error)) (*engage.Contact, error) {
	var got *engage.Contact
	err := c.try(ctx, op, attempts, func(ctx context.Context) error {
		ct, err := call(ctx)
		if err == nil && (ct == nil || ct.ContactID <= 0) {
			err = &engage.UnreadableError{Op: op, Why: "the call returned none"}
		}
		got = ct
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
func (c *caller) try(ctx context.Context, op string, attempts *int, call func(context.Context) error) error {
	c.stall.Enter()
	defer c.stall.Leave()
	transient, throttled := 0, 0
	for {
		if err := context.Cause(ctx); err != nil {
			return err
		}
		err := c.attempt(ctx, call)
		if errors.Is(err, engage.ErrNotSent) {
			return err // the limiter gave up waiting: nothing went out
		}
		*attempts++
		c.count(op)
		var te *engage.TransportError
		if !errors.As(err, &te) {
			c.answered.Store(true)
		}
		if err == nil {
			c.stall.Progress()
			c.throttle.Succeeded()
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
		if (kind == engage.KindThrottled || kind == engage.KindTransient) && retryAfter > c.retry.RetryAfterCap {
			return &waitTooLong{wait: retryAfter, bound: c.retry.RetryAfterCap, err: err}
		}
		var wait time.Duration
		switch kind {
		case engage.KindThrottled:
			c.stall.Setback(err, retryAfter)
			if c.throttle.Throttled(retryAfter) {
				c.log.Warn("throttled by the API; lowering the request rate", "rate", round2(c.throttle.Limit()))
			}
			if throttled >= c.retry.Throttled {
				return err
			}
			wait = c.retry.Backoff(throttled, retryAfter)
			throttled++
		case engage.KindTransient:
			c.stall.Setback(err, retryAfter)
			if transient >= c.retry.Transient {
				return err
			}
			wait = c.retry.Backoff(transient, retryAfter)
			transient++
		default:
			// A final answer (a refusal, "exists", "not found"): the target works.
			c.stall.Progress()
			c.throttle.Succeeded()
			return err
		}
		if c.stopping.Load() {
			// The run is stopping: no new attempts; the row is left for --resume.
			return errStopping
		}
		c.stats.retries.Add(1)
		c.gate.BackingOff(1)
		err = pace.Sleep(ctx, wait)
		c.gate.BackingOff(-1)
		if err != nil {
			return err
		}
	}
}

// attempt makes one HTTP attempt, its duration measured for the gate.
func (c *caller) attempt(ctx context.Context, call func(context.Context) error) error {
	actx, end := c.gate.Begin(ctx)
	err := call(c.throttle.Traced(actx))
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

func (c *caller) count(op string) {
	switch op {
	case "get":
		c.stats.get.Add(1)
	case "create":
		c.stats.create.Add(1)
	case "update":
		c.stats.update.Add(1)
	case opGroup:
		c.stats.group.Add(1)
	case opSubscribe:
		c.stats.subscribe.Add(1)
	case opUnsubscribe:
		c.stats.unsubscribe.Add(1)
	case opMembership:
		c.stats.membership.Add(1)
	case opMemberAttrs:
		c.stats.memberAttrs.Add(1)
	}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// fatal returns the StopError for a row failure that no row can survive, or nil.
func (c *caller) fatal(err error) *StopError {
	if stop := distrust(err); stop != nil {
		return stop
	}
	var te *engage.TransportError
	if errors.As(err, &te) && !c.answered.Load() {
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

// rowFailure is failure with one more case: a row whose answers never said what happened (a 2xx
// without a contactId, after every retry) is transient with its own code, not a refusal: the
// write may have been applied, and a retry of the row re-checks (create meets "exists").
func rowFailure(err error) (report.Class, string, string) {
	var ue *engage.UnreadableError
	if errors.As(err, &ue) {
		return report.Transient, engage.CodeUnreadable, "gave up after retries: " + ue.Error() +
			"; retrying the row is safe (a create that did happen becomes an update)"
	}
	return failure(err)
}

// failure turns a row's final error into the report's class, code and sentence.
func failure(err error) (report.Class, string, string) {
	var ae *engage.APIError
	if errors.As(err, &ae) {
		msg := "Engage rejected the row"
		if ae.Body.Message != "" {
			msg += ": " + printable.Text(ae.Body.Message, printable.MessageMax)
		} else if ae.Text != "" {
			msg += ": " + printable.Text(ae.Text, printable.MessageMax)
		}
		if p := ae.Body.ParameterName; p != "" {
			msg += " (parameter " + strconv.Quote(p) + ")"
		} else if p := ae.Body.PropertyName; p != "" && ae.Body.ErrorCode != engage.CodeNoSuchObject {
			msg += " (property " + strconv.Quote(p) + ")"
		}
		switch ae.Kind {
		case engage.KindAuth:
			return report.Auth, ae.Code(), "Engage refused the credentials (HTTP " + strconv.Itoa(ae.Status) + ")"
		case engage.KindThrottled, engage.KindTransient:
			return report.Transient, ae.Code(), "gave up after retries: " + msg
		}
		return report.Rejected, ae.Code(), msg
	}
	if errors.Is(err, errNoExternal) {
		return report.Rejected, codeNotFound, err.Error()
	}
	if errors.Is(err, errExternalTaken) {
		return report.Rejected, engage.CodeAlreadyExists, err.Error()
	}
	if errors.Is(err, errConflict) {
		return report.Rejected, engage.CodeAlreadyExists, err.Error()
	}
	var te *engage.TransportError
	if errors.As(err, &te) {
		return report.Transient, "network", "gave up after retries: " + te.Err.Error()
	}
	return report.Transient, "error", err.Error()
}
