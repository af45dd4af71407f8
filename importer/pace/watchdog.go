package pace

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"contactimport/importer/engage"
)

// Stall notices a target that makes no progress: calls are under way, yet for After not one of
// them got an answer that shows the server works (a 2xx with what the call returns, or a final
// 4xx). Only throttling, server errors, unreadable answers or silence came back. Per-row retry
// budgets cannot see this: with 8 workers each spending its throttle retries, a dead target
// would keep a run going for many minutes.
//
// The clock runs only while calls are under way (an input that is slow to arrive is not a stall)
// and it allows, on top of After, the longest Retry-After the server asked for since the last
// progress (as capped by the caller): a wait that is honoured does not count against the target.
// Safe for concurrent use.
type Stall struct {
	// After is how long calls may be under way without progress; 0 turns the watch off. Set it
	// before the first call.
	After time.Duration

	mu      sync.Mutex
	busy    int           // calls under way (between Enter and Leave)
	last    time.Time     // when stalled was last brought up to date
	stalled time.Duration // time with calls under way since the last progress
	waited  time.Duration // longest Retry-After honoured since the last progress
	// answers since the last progress that showed none
	throttled, serverErr, silent, unreadable int
}

// tick brings the clock up to now. w.mu is held.
func (w *Stall) tick(now time.Time) {
	if w.busy > 0 && !w.last.IsZero() {
		w.stalled += now.Sub(w.last)
	}
	w.last = now
}

// Enter and Leave bracket one logical call with its retries.
func (w *Stall) Enter() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tick(time.Now())
	w.busy++
}

// Leave ends what Enter began.
func (w *Stall) Leave() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tick(time.Now())
	w.busy--
}

// Progress records an answer that shows the target works.
func (w *Stall) Progress() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tick(time.Now())
	w.stalled, w.waited = 0, 0
	w.throttled, w.serverErr, w.silent, w.unreadable = 0, 0, 0, 0
}

// Setback records an attempt that showed no progress: a throttle, a server error, an unreadable
// answer or none at all. retryAfter is the wait the server asked for, already capped.
func (w *Stall) Setback(err error, retryAfter time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tick(time.Now())
	w.waited = max(w.waited, retryAfter)
	var te *engage.TransportError
	switch {
	case engage.KindOf(err) == engage.KindThrottled:
		w.throttled++
	case errors.As(err, &te):
		w.silent++
	case errors.Is(err, engage.ErrUnreadable):
		w.unreadable++
	default:
		w.serverErr++
	}
}

// Check returns why the run must stop, or "" while it need not.
func (w *Stall) Check(now time.Time) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tick(now)
	if w.After <= 0 || w.stalled < w.After+w.waited {
		return ""
	}
	if w.throttled+w.serverErr+w.unreadable+w.silent == 0 {
		return "" // nothing came back yet: every call is still waiting for its first answer
	}
	span := w.After.String()
	if w.waited > 0 {
		span += " beyond the " + Human(w.waited) + " it asked to wait (Retry-After)"
	}
	if w.throttled+w.serverErr+w.unreadable == 0 {
		return "the target has not answered for " + span + " (every request timed out or failed to connect)"
	}
	var what []string
	if w.throttled > 0 {
		what = append(what, "throttling (HTTP 429, 503 or \""+engage.ThrottleMessage+"\")")
	}
	if w.serverErr > 0 {
		what = append(what, "server errors (HTTP 5xx)")
	}
	if w.unreadable > 0 {
		what = append(what, "answers without a contactId")
	}
	if w.silent > 0 {
		what = append(what, "timeouts or failed connections")
	}
	list := what[0]
	if n := len(what); n > 1 {
		list = strings.Join(what[:n-1], ", ") + " and " + what[n-1]
	}
	return "the target has answered only with " + list + " for " + span
}

// Every calls f with the time every d until f returns true or the returned function is
// called; that function returns once f is no longer running.
func Every(d time.Duration, f func(now time.Time) (done bool)) (end func()) {
	done := make(chan struct{})
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		tk := time.NewTicker(d)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-tk.C:
				if f(now) {
					return
				}
			}
		}
	}()
	return func() { close(done); <-exited }
}

// Human writes a duration for people: "11 days 13 hours", "2 hours 5 minutes", "5 minutes",
// "45 seconds".
func Human(d time.Duration) string {
	d = d.Round(time.Second)
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	pair := func(a int64, ua string, b int64, ub string) string {
		if b == 0 {
			return plural(a, ua)
		}
		return plural(a, ua) + " " + plural(b, ub)
	}
	s := int64(d / time.Second)
	switch {
	case s >= 86400:
		return pair(s/86400, "day", s%86400/3600, "hour")
	case s >= 3600:
		return pair(s/3600, "hour", s%3600/60, "minute")
	case s >= 60:
		return pair(s/60, "minute", s%60, "second")
	}
	return plural(s, "second")
}
