// Package doctor checks an Engage target before a first import and learns how it behaves where
// Mapp's documentation leaves it open (ENGAGE-API.md, "Finding out on the tenant"): read-only, the
// connection, the credentials and the tenant's attribute definitions of the mapped attributes;
// with a probe contact, what only a write shows. Its checks
// call the same *engage.Client an import uses, so what it learns is about the code path that will
// run; what it finds is an engage.Tenant and a list of engage.Finding, which the profile file
// keeps for import and retry.
//
// Run is sequential: one call at a time. Runs on different clients may go on in parallel.
package doctor

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"contactimport/importer/engage"
)

// Defaults of Options.
const (
	DefaultMaxCalls       = 30
	DefaultCleanupTimeout = 30 * time.Second
	DefaultSettle         = 2 * time.Second
)

// Options configure a Run.
type Options struct {
	// ProbeEmail is the address of the probe contact, one the user owns and that is not in the
	// tenant; "" runs the read-only checks only.
	ProbeEmail string
	// CustomAttributes are the custom attributes the import will send (see CustomAttributes).
	CustomAttributes []string
	// MemberAttributes are the member attributes (bare names) the import will send into Group;
	// they are checked against the group's member attribute definitions.
	MemberAttributes []string
	// Mobiles are the numbers the probe contact may carry, tried in order while the tenant answers
	// that one is taken or refuses it; nil picks three from Ofcom's range for drama (FictionMobiles).
	Mobiles []string
	// Group is the group the import subscribes into (--group); 0 checks none. The read-only
	// checks find out whether it exists and takes subscribers; the probe, whether subscribing a
	// member again is an error.
	Group int64
	// Rate is the import's --rate, used only to say what the latency means; 0 leaves that out.
	Rate float64
	// MaxCalls bounds the requests of the Run, deletion of the probe contact included; 0 means
	// DefaultMaxCalls.
	MaxCalls int
	// Settle is how long the probe waits before it reads its contact again when a read right
	// after an update does not show it yet (updates may be saved asynchronously); 0 means
	// DefaultSettle.
	Settle time.Duration
	// CleanupTimeout bounds the deletion of the probe contact, which runs also after ctx is
	// cancelled; 0 means DefaultCleanupTimeout.
	CleanupTimeout time.Duration
	Log            *slog.Logger // may be nil
}

// Leftover is a probe contact that could not be deleted: a person must remove it.
type Leftover struct {
	Email     string
	ContactID int64 // 0 when the create's answer was lost
	// Group is the group the contact may still be a member of, 0 for none.
	Group int64
}

// Result is what a Run found.
type Result struct {
	Version  string // the API version, "" when not reached
	Tenant   engage.Tenant
	Findings []engage.Finding
	// Probed is true when the probe ran past its refusal check: the tenant fields it reached are
	// known, the others stay "".
	Probed bool
	// Refused is true when a contact with the probe address exists: nothing was written.
	Refused bool
	// Interrupted is true when ctx was cancelled before the checks were done.
	Interrupted bool
	Leftovers   []Leftover
	Calls       int // requests sent, deletion included
}

// Blocking reports whether a finding blocks an import as configured.
func (r *Result) Blocking() bool {
	for _, f := range r.Findings {
		if !f.OK {
			return true
		}
	}
	return false
}

// Run checks the target c calls: always read-only (connection and TLS, credentials, API version,
// latency, the group of opts.Group, and the mapping's attributes against the tenant's attribute
// definitions); with opts.ProbeEmail also with a probe contact that it
// deletes again, whatever happens, ctx cancellation included.
func Run(ctx context.Context, c *engage.Client, opts Options) *Result {
	if opts.MaxCalls <= 0 {
		opts.MaxCalls = DefaultMaxCalls
	}
	if opts.Settle <= 0 {
		opts.Settle = DefaultSettle
	}
	if opts.CleanupTimeout <= 0 {
		opts.CleanupTimeout = DefaultCleanupTimeout
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Mobiles == nil {
		opts.Mobiles = FictionMobiles(3)
	}
	r := &run{c: c, opts: opts, res: &Result{}}
	if !r.readOnly(ctx) || !r.checkGroup(ctx) || !r.definitions(ctx) {
		return r.res
	}
	if opts.ProbeEmail != "" {
		r.probe(ctx)
	}
	return r.res
}

// run is the state of one Run.
type run struct {
	c    *engage.Client
	opts Options
	res  *Result
	// group is opts.Group as the tenant described it, nil when it is not one an import can
	// subscribe into (or none was asked for).
	group *engage.Group
	// known are the custom attributes of the mapping that the tenant's definitions list as
	// writable; nil when no definitions were read.
	known []string
}

// add records a finding.
func (r *run) add(check string, ok bool, found, meaning string) {
	r.res.Findings = append(r.res.Findings, engage.Finding{Check: check, OK: ok, Found: found, Meaning: meaning})
	r.opts.Log.Debug("doctor finding", "check", check, "ok", ok)
}

// replace records a finding in place of the earlier ones of the same check: what was found later
// overrules them.
func (r *run) replace(check string, ok bool, found, meaning string) {
	r.res.Findings = slices.DeleteFunc(r.res.Findings, func(f engage.Finding) bool { return f.Check == check })
	r.add(check, ok, found, meaning)
}

// interrupted notes a cancelled ctx and reports whether it was: whatever a call answered then,
// the run stops.
func (r *run) interrupted(ctx context.Context) bool {
	if ctx.Err() != nil {
		r.res.Interrupted = true
		return true
	}
	return false
}
