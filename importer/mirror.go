package importer

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"math"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/report"
)

// Seen collects the identifier keys of the rows a run read, for the nightly mirror: a member
// whose key the file no longer holds leaves the group. Keys are kept as 64-bit hashes (a
// million rows take some tens of MB); a collision could only spare a contact a removal, never
// remove one. Only the run's producer writes it; read it after Run returned. The nil *Seen
// collects nothing.
type Seen struct {
	seed    maphash.Seed
	keys    map[uint64]struct{}
	bad     int // rows whose identifier could not be read
	badRow  int // the first of them
	skipped int // rows that were done by an earlier run (--resume) and read again for their key
}

// NewSeen returns an empty Seen.
func NewSeen() *Seen { return &Seen{seed: maphash.MakeSeed(), keys: map[uint64]struct{}{}} }

func (s *Seen) add(key string) {
	if s != nil {
		s.keys[maphash.String(s.seed, key)] = struct{}{}
	}
}

func (s *Seen) has(key string) bool {
	_, ok := s.keys[maphash.String(s.seed, key)]
	return ok
}

func (s *Seen) unreadable(row int) {
	if s == nil {
		return
	}
	if s.bad == 0 {
		s.badRow = row
	}
	s.bad++
}

// seeSkipped maps a row that an earlier run of this report did (--resume) for its key alone:
// the file still holds the contact.
func (r *runner) seeSkipped(rec source.Record) {
	if r.cfg.Seen == nil {
		return
	}
	var l report.Line
	mc, ok := MapRecord(r.cfg.Mapper, rec, &l)
	if !ok {
		r.seeRefused(rec)
		return
	}
	r.cfg.Seen.add(string(r.idType) + ":" + ledgerValue(r.idType, mc.Key))
}

// seeRefused notes the key of a row the mapping refused: the file still holds its contact when
// its identifier reads, whatever else is wrong with the row.
func (r *runner) seeRefused(rec source.Record) {
	if r.cfg.Seen == nil {
		return
	}
	if rec.Padded || len(rec.Cells) != r.cfg.Mapper.Columns() {
		r.cfg.Seen.unreadable(rec.Row) // a row cut or split wrongly: its cells may be misplaced
		return
	}
	if v, ok := r.cfg.Mapper.Key(rec.Cells); ok {
		r.cfg.Seen.add(string(r.idType) + ":" + ledgerValue(r.idType, v))
		return
	}
	r.cfg.Seen.unreadable(rec.Row)
}

// Removals is the --max-removals guard: at most N removals, or at most Share of the members
// known before the run.
type Removals struct {
	N     int
	Share float64 // used when N is 0; 0..1
}

// DefaultRemovals is 5% of the members known before the run.
var DefaultRemovals = Removals{Share: 0.05}

// ParseRemovals reads --max-removals: a count ("20") or a share ("5%").
func ParseRemovals(s string) (Removals, error) {
	s = strings.TrimSpace(s)
	if pct, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
		if err != nil || math.IsNaN(f) || f < 0 || f > 100 {
			return Removals{}, fmt.Errorf("--max-removals: %q is not a share between 0%% and 100%%", s)
		}
		return Removals{Share: f / 100}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return Removals{}, fmt.Errorf("--max-removals: %q is not a count (20) or a share (5%%)", s)
	}
	if n == 0 {
		return Removals{}, nil // nothing may be removed
	}
	return Removals{N: n}, nil
}

// allows reports whether n removals out of known members pass the guard.
func (l Removals) allows(n, known int) bool {
	if l.N > 0 {
		return n <= l.N
	}
	return float64(n) <= l.Share*float64(known)+1e-9
}

func (l Removals) String() string {
	if l.N > 0 {
		return strconv.Itoa(l.N)
	}
	return strconv.FormatFloat(l.Share*100, 'f', -1, 64) + "%"
}

// MirrorLedger is what the mirror needs of the state file (the State).
type MirrorLedger interface {
	Members(group int64) ([]MemberRecord, error)
	ForgetMember(group int64, key string) error
}

// MirrorConfig configures Mirror.
type MirrorConfig struct {
	Members  MemberAPI
	Throttle *Throttle // the one the client waits on before every attempt
	Group    int64
	Ledger   MirrorLedger
	Seen     *Seen // the keys of tonight's file, collected by a Run that read it to the end
	Known    int   // members the ledger knew before the run, for a share in Max
	Max      Removals
	Retry    RetryPolicy
	Log      *slog.Logger
}

// Removed is one line of the <report stem>.removed.csv list.
type Removed struct {
	Identifier string `csv:"identifier"`
	ContactID  int64  `csv:"contactId"`
	Outcome    string `csv:"outcome"`
}

// The outcomes of a removal.
const (
	RemovedUnsubscribed = "unsubscribed" // left the group (silently)
	RemovedNotMember    = "not_member"   // was no longer in the group
	RemovedFailed       = "failed"       // still in the group; the next run tries again
)

// ErrTooManyRemovals stops a mirror whose removals pass --max-removals: nothing is removed.
var ErrTooManyRemovals = errors.New("too many removals")

// MirrorResult counts what Mirror did.
type MirrorResult struct {
	Removed []Removed
	Failed  int
	Calls   int
}

// Mirror makes the contacts that earlier runs of this job made members of cfg.Group, and that
// tonight's file (cfg.Seen) no longer holds, leave the group: membership/unsubscribe with
// unsubscriptionMode OPT_IN, which ends the membership without a message and is recorded by
// Engage as an unsubscription (membership/delete would erase the entry without a trace). Each
// call goes through the limiter and the retries like a row's. Above cfg.Max nothing is removed
// and the error says why. Call it only after a Run that read the whole file.
func Mirror(ctx context.Context, cfg MirrorConfig) (MirrorResult, error) {
	var res MirrorResult
	if cfg.Seen == nil {
		return res, errors.New("mirror: the run collected no keys")
	}
	members, err := cfg.Ledger.Members(cfg.Group)
	if err != nil {
		return res, &StopError{Reason: err.Error(), Err: storage(err)}
	}
	var gone []MemberRecord
	for _, m := range members {
		if !cfg.Seen.has(m.Key) {
			gone = append(gone, m)
		}
	}
	if len(gone) == 0 {
		return res, nil
	}
	if cfg.Seen.bad > 0 {
		return res, &StopError{Err: ErrTooManyRemovals, Reason: fmt.Sprintf(
			"nobody was removed from group %d: %d rows of the file have no readable identifier (first: row %d), and a member among them would be removed wrongly; fix them (see the report) and run again",
			cfg.Group, cfg.Seen.bad, cfg.Seen.badRow)}
	}
	if !cfg.Max.allows(len(gone), cfg.Known) {
		return res, &StopError{Err: ErrTooManyRemovals, Reason: fmt.Sprintf(
			"nobody was removed from group %d: tonight's file no longer holds %d of the %d members earlier runs made, more than --max-removals %s allows; if the file is complete, run again with a higher --max-removals",
			cfg.Group, len(gone), cfg.Known, cfg.Max)}
	}

	r := &runner{cfg: Config{Throttle: cfg.Throttle, Retry: cfg.Retry, Log: cfg.Log, Workers: 1, Group: cfg.Group}}
	r.cfg.defaults()
	r.gate = newGate(1, r.cfg.Throttle.Limit)
	for _, m := range gone {
		if ctx.Err() != nil {
			return res, &StopError{Reason: "interrupted", Err: ErrInterrupted}
		}
		attempts := 0
		err := r.try(ctx, opUnsubscribe, &attempts, func(ctx context.Context) error {
			return cfg.Members.Unsubscribe(ctx, m.ContactID, cfg.Group)
		})
		res.Calls += attempts
		line := Removed{Identifier: identifierOf(m.Key), ContactID: m.ContactID}
		switch {
		case err == nil:
			line.Outcome = RemovedUnsubscribed
		case errors.Is(err, engage.ErrNotMember):
			line.Outcome = RemovedNotMember
		default:
			if stop := r.fatal(err); stop != nil {
				return res, stop
			}
			if ctx.Err() != nil {
				return res, &StopError{Reason: "interrupted", Err: ErrInterrupted}
			}
			_, _, msg := rowFailure(err)
			var ge *engage.GroupError
			if errors.As(err, &ge) {
				msg = ge.Error()
			}
			line.Outcome = RemovedFailed + ": " + msg
			res.Failed++
			res.Removed = append(res.Removed, line)
			continue
		}
		res.Removed = append(res.Removed, line)
		if err := cfg.Ledger.ForgetMember(cfg.Group, m.Key); err != nil {
			return res, &StopError{Reason: "writing the state file failed: " + err.Error(), Err: storage(err)}
		}
	}
	return res, nil
}

// identifierOf is the identifier value of a ledger key ("EMAIL:a@example.org" → a@example.org).
func identifierOf(key string) string {
	_, v, ok := strings.Cut(key, ":")
	if !ok {
		return key
	}
	return v
}

// WriteRemoved writes the removed list as CSV (identifier, contactId, outcome), one struct per
// line through a csv.Writer of its own. Identifiers a spreadsheet would run as formulas are
// neutralised as in the report.
func WriteRemoved(w io.Writer, lines []Removed) error {
	out := make([]Removed, len(lines))
	for i, l := range lines {
		l.Identifier = report.Neutralise(l.Identifier)
		l.Outcome = report.Neutralise(l.Outcome)
		out[i] = l
	}
	cw := csv.NewWriter(w)
	if err := gocsv.MarshalCSV(&out, gocsv.NewSafeCSVWriter(cw)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
