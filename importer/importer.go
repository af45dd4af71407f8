// Package importer is the import pipeline: it reads CSV records, maps them to contacts, upserts
// them through the Engage API with a shared, adaptive rate limit, and writes one report line per
// row in input order.
//
// The shape is errgroup's md5all pipeline: one producer reads and maps rows, N workers upsert, one
// goroutine owns the report. A failed row is a report line, never an error of the group; only what
// must stop the run (auth failure, a wrong endpoint, report I/O) is. Rows with the same identifier
// are never in flight together and are applied in file order.
//
// Run and Check are safe to call concurrently on distinct inputs; a Throttle may be shared.
package importer

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// Mode says which writes a run may make.
type Mode string

// The modes: upsert creates or updates; create leaves existing contacts alone (skipped); update
// never creates (skipped).
const (
	ModeUpsert Mode = "upsert"
	ModeCreate Mode = "create"
	ModeUpdate Mode = "update"
)

// Strategy is how a row finds out whether its contact exists.
type Strategy string

// The strategies: Guess tries the likelier write first (learned from recent rows and the ledger)
// and falls back on the other; Lookup asks with a get first (two calls per row; kept for
// comparison and for tenants where a failed write is costly).
const (
	Guess  Strategy = "guess"
	Lookup Strategy = "lookup"
)

// API is the part of the Engage client the pipeline uses.
type API interface {
	Get(ctx context.Context, id engage.ContactIdentifier) (*engage.Contact, error)
	Create(ctx context.Context, c *engage.Contact) (*engage.Contact, error)
	Update(ctx context.Context, t engage.IdentifierType, c *engage.Contact) (*engage.Contact, error)
}

// Sink receives report lines in input order. Flush is called at least every second.
type Sink interface {
	Write(l report.Line) error
	Flush() error
}

// Records is where rows come from: a *source.Reader, or the failed rows of a report for retry.
type Records interface {
	Next() (source.Record, error)
}

// Ledger remembers what was sent to whom, for incremental runs. Keys are "<IDENTIFIER>:<value>".
type Ledger interface {
	Lookup(key string) (Entry, bool, error)
	Record(key string, e Entry) error
}

// Entry is what a Ledger keeps per contact.
type Entry struct {
	Hash      string
	ContactID int64
}

// Config configures Run.
type Config struct {
	API      API
	Throttle *Throttle // the one the client waits on before every attempt; gets the feedback (default: 10/s)
	Mapper   *mapping.Mapper
	// Tenant is what is known about the target's behaviour (a doctor profile; the embedded
	// sandbox merges). Its zero value, nothing known, is the safe configuration: updates are
	// read before they are written, so that a replacing tenant loses nothing (safe.go). Only
	// Update == engage.UpdateMerges sends an update with the row alone.
	Tenant   engage.Tenant
	Mode     Mode     // default ModeUpsert
	Strategy Strategy // default Guess
	// Workers fixes the HTTP requests in flight; 0 (the default) sizes them automatically
	// from the current rate and the observed latency, up to MaxAutoInFlight (gate).
	Workers    int
	Window     int // rows the report may wait for behind the slowest worker; default 64 × the workers (MaxAutoInFlight when automatic)
	Retry      RetryPolicy
	Ledger     Ledger // optional
	Full       bool   // send rows even when the ledger says they are unchanged
	Skip       func(row int) bool
	Abort      AbortPolicy
	Grace      time.Duration // how long in-flight requests may finish after an interrupt; default 15 s
	FlushEvery time.Duration // default 1 s
	Log        *slog.Logger
	Progress   *Progress // optional live counters

	// Group, when not 0, makes every row's contact a member of this Engage group after its
	// write (membership.go), with Subscription (default OPT_IN). The group is checked before the
	// first row. Members makes the calls (default: API, when it can). With a Ledger that is also
	// a MemberLedger (the State), memberships are remembered per group.
	Group        int64
	Subscription engage.SubscriptionMode
	Members      MemberAPI
	// Seen, when not nil, collects the keys of the rows read, for the nightly mirror (Mirror).
	Seen *Seen
}

// AbortPolicy stops a run that is failing.
type AbortPolicy struct {
	MaxErrors    int     // stop when more rows than this failed; 0 = off
	MaxErrorRate float64 // stop when this share of rows failed (0..1); 0 = off
	MinSample    int     // rows before the rate is judged; default 100
	// SameCode stops the run when this many consecutive rows were rejected by the API with the same
	// error code (an attribute the tenant lacks, say). Default 50; negative = off.
	SameCode int
	// Unreachable stops the run when this many consecutive rows gave up after retries on network
	// errors, timeouts or 5xx: the target is down or unreachable, and every further row would
	// spend its retries in vain. Default 10; negative = off.
	Unreachable int
	// StallAfter stops the run (ErrUnreachable) when calls were under way for this long and not
	// one got an answer that shows the target works (a 2xx with a contactId or a final 4xx):
	// only throttling, server errors, unreadable answers or silence. A Retry-After the run
	// honours extends it by that wait. Default 3 minutes; negative = off.
	StallAfter time.Duration
}

// Progress holds live counters for a progress display. Safe for concurrent use.
type Progress struct {
	Offset atomic.Int64 // input bytes behind the last row reported
	Rows   atomic.Int64 // report lines written
	OK     atomic.Int64
	Failed atomic.Int64
}

// Errors that stop a run. The CLI maps them to exit codes.
var (
	ErrInterrupted = errors.New("interrupted")
	ErrAborted     = errors.New("aborted")
	ErrUnreachable = errors.New("target unreachable")
)

// StopError tells why a run stopped before the end of the input.
type StopError struct {
	Reason string
	Err    error // ErrInterrupted, ErrAborted, or the fatal API error
}

func (e *StopError) Error() string { return e.Reason }
func (e *StopError) Unwrap() error { return e.Err }

func (c *Config) defaults() {
	if c.Mode == "" {
		c.Mode = ModeUpsert
	}
	if c.Strategy == "" {
		c.Strategy = Guess
	}
	if c.Subscription == "" {
		c.Subscription = engage.OptIn
	}
	if m, ok := c.API.(MemberAPI); ok && c.Members == nil {
		c.Members = m
	}
	if c.Throttle == nil {
		c.Throttle = NewThrottle(ThrottleConfig{Rate: 10})
	}
	if c.Workers < 0 {
		c.Workers = 0
	}
	if c.Window <= 0 {
		c.Window = 64 * c.pool()
	}
	if c.Grace <= 0 {
		c.Grace = 15 * time.Second
	}
	if c.FlushEvery <= 0 {
		c.FlushEvery = time.Second
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Progress == nil {
		c.Progress = new(Progress)
	}
	if c.Abort.MinSample <= 0 {
		c.Abort.MinSample = 100
	}
	if c.Abort.SameCode == 0 {
		c.Abort.SameCode = 50
	}
	if c.Abort.Unreachable == 0 {
		c.Abort.Unreachable = 10
	}
	if c.Abort.StallAfter == 0 {
		c.Abort.StallAfter = 3 * time.Minute
	}
	c.Retry.defaults()
}

// pool is the number of worker goroutines: the fixed Workers, or MaxAutoInFlight when automatic.
// Each worker carries one row; the gate decides how many of their attempts are out at once.
func (c *Config) pool() int {
	if c.Workers > 0 {
		return c.Workers
	}
	return MaxAutoInFlight
}

// identifierType is the Engage identifier type of a mapping identifier.
func identifierType(id mapping.Identifier) engage.IdentifierType {
	switch id {
	case mapping.Mobile:
		return engage.IdentMobile
	case mapping.Alias:
		return engage.IdentAlias
	case mapping.External:
		return engage.IdentExternal
	}
	return engage.IdentEmail
}
