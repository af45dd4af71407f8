package sandbox

import (
	"context"
	"maps"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"contactimport/importer/engage"
)

// Stats counts what the server saw. It is what GET /_sandbox/stats answers.
type Stats struct {
	// Requests counts answers by endpoint ("get", "create", "update", "delete", "getApiVersion",
	// "group/get", "membership/subscribe", ..., "other") and HTTP
	// status ("200", "400", "500", ...; "dropped" for a connection closed without an answer).
	Requests       map[string]map[string]int `json:"requests"`
	Total          int                       `json:"total"`
	Throttled      int                       `json:"throttled"`
	Injected       int                       `json:"injected_faults"`
	PeakPerSecond  int                       `json:"peak_per_second"` // most arrivals in any sliding 1-second window
	PeakConcurrent int                       `json:"peak_concurrent"`
	Contacts       int                       `json:"contacts"`
	Members        int                       `json:"members"` // memberships of status member, all groups
	Invited        int                       `json:"invited"` // double opt-in invitations not accepted yet
	// Notifications counts the messages Engage would have sent a contact: "welcome"
	// (CONFIRMED_OPT_IN), "invitation" (DOUBLE_OPT_IN) and "unsubscribe_confirmation".
	Notifications map[string]int `json:"notifications"`
}

// The kinds of Stats.Notifications.
const (
	NoteWelcome     = "welcome"
	NoteInvitation  = "invitation"
	NoteUnsubscribe = "unsubscribe_confirmation"
)

// MembershipCalls returns the number of requests to the membership endpoints (not group/get),
// whatever their answer. Calls leaves them out, so the contact figures stay comparable.
func (st Stats) MembershipCalls() int {
	n := 0
	for ep := range groupEndpoints {
		if ep == epGroupGet {
			continue
		}
		for _, c := range st.Requests[ep] {
			n += c
		}
	}
	return n
}

// Calls returns the number of requests to the contact endpoints, whatever their answer.
func (st Stats) Calls() int {
	n := 0
	for _, ep := range []string{epGet, epCreate, epUpdate, epDelete} {
		for _, c := range st.Requests[ep] {
			n += c
		}
	}
	return n
}

// traffic is the server's view of its load: sliding windows, concurrency, counters and the fault
// dice. All of it is guarded by mu.
type traffic struct {
	mu       sync.Mutex
	rng      *rand.Rand
	arrivals []time.Time // arrivals in the last second, oldest first
	admitted []time.Time // admitted requests in the last second, oldest first
	inFlight int
	stats    Stats
}

func newTraffic(seed uint64) *traffic {
	return &traffic{
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		stats: Stats{Requests: map[string]map[string]int{}, Notifications: map[string]int{}},
	}
}

// trim drops the times that are a second or more before now.
func trim(window []time.Time, now time.Time) []time.Time {
	i := 0
	for i < len(window) && now.Sub(window[i]) >= time.Second {
		i++
	}
	return window[i:]
}

// arrive records a request coming in.
func (t *traffic) arrive(now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.arrivals = append(trim(t.arrivals, now), now)
	t.stats.PeakPerSecond = max(t.stats.PeakPerSecond, len(t.arrivals))
	t.inFlight++
	t.stats.PeakConcurrent = max(t.stats.PeakConcurrent, t.inFlight)
}

// admit reports whether a request fits under rate requests in the sliding second ending now, and
// counts it in when it does. A refused request does not count against later ones.
func (t *traffic) admit(now time.Time, rate int) bool {
	if rate <= 0 {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.admitted = trim(t.admitted, now)
	if len(t.admitted) >= rate {
		return false
	}
	t.admitted = append(t.admitted, now)
	return true
}

// outcome is how a request ended, for the counters.
type outcome struct {
	endpoint  string
	status    string
	throttled bool
	injected  bool
}

func (t *traffic) leave(o outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inFlight--
	byStatus := t.stats.Requests[o.endpoint]
	if byStatus == nil {
		byStatus = map[string]int{}
		t.stats.Requests[o.endpoint] = byStatus
	}
	byStatus[o.status]++
	t.stats.Total++
	if o.throttled {
		t.stats.Throttled++
	}
	if o.injected {
		t.stats.Injected++
	}
}

// notify counts a message Engage would have sent.
func (t *traffic) notify(kind string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stats.Notifications[kind]++
}

func (t *traffic) snapshot() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := t.stats
	st.Requests = make(map[string]map[string]int, len(t.stats.Requests))
	for ep, byStatus := range t.stats.Requests {
		st.Requests[ep] = maps.Clone(byStatus)
	}
	st.Notifications = maps.Clone(t.stats.Notifications)
	return st
}

// fault is an injected failure: the answer that replaces the real one, and whether the request is
// carried out first (the client then loses the answer to a write that happened).
type fault struct {
	reply reply
	after bool
}

// roll decides whether a request fails, at the given share, and how.
func (t *traffic) roll(share float64) (fault, bool) {
	if share <= 0 {
		return fault{}, false
	}
	t.mu.Lock()
	hit := t.rng.Float64() < share
	kind, after := t.rng.IntN(4), t.rng.IntN(2) == 1
	t.mu.Unlock()
	if !hit {
		return fault{}, false
	}
	f := fault{after: after}
	switch kind {
	case 0:
		f.reply = jsonReply(http.StatusInternalServerError, engage.ErrorBody{ErrorActor: "SERVER", Message: "Internal server error"})
	case 1:
		f.reply = gatewayPage(http.StatusBadGateway)
	case 2:
		f.reply = gatewayPage(http.StatusServiceUnavailable)
	default:
		f.reply = reply{drop: true}
	}
	return f, true
}

func gatewayPage(status int) reply {
	title := strconv.Itoa(status) + " " + http.StatusText(status)
	page := "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>\n"
	return reply{status: status, contentType: "text/html; charset=utf-8", body: []byte(page)}
}

// throttleReply is Engage's overload answer.
func throttleReply() reply {
	return errorReply(&engage.ErrorBody{ErrorCode: engage.CodeLimitExceeded, Message: engage.ThrottleMessage})
}

// delay waits d, or less when ctx ends first; it reports whether the full delay passed.
func delay(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}
