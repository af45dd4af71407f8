package importer

import (
	"context"
	"errors"
	"fmt"

	"contactimport/importer/engage"
	"contactimport/importer/ledger"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// A row's road through the importer: prepare maps its record (MapRecord) and the producer
// hands it to a worker; work admits it through the gate; process runs its steps — the contact
// write (upsert.go, or none when the ledger says the row is unchanged), then, in a run into a
// group, its membership and member attributes (membership.go) — each call through the one
// caller (call.go); a step that fails is judged once, by settle, the same way for every step;
// the writer (writer.go) puts its line into the report in input order.

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
		if r.cfg.Seen != nil {
			r.seeRefused(rec)
		}
		return true
	}
	j.contact = toEngage(mc, r.cfg.Tenant.CustomAttributes)
	j.key = string(r.idType) + ":" + ledgerValue(r.idType, mc.Key)
	if r.cfg.Group != 0 {
		j.sub, j.member = mc.Subscription, memberAttributes(mc.Member)
	}
	if r.cfg.Seen != nil {
		r.cfg.Seen.add(j.key) // for the nightly mirror
	}
	return false
}

// MapRecord maps rec as import, check and convert do. When the row is not to be sent it marks l,
// and reports false: skipped with the reason when the mapping's skip_rows leave it out, else a
// validation failure naming the column, never the value. A row sent with notes (a cell the
// mapping omits or restores) carries them in l's Code (the first note's) and Message (all
// of them), without a Class: its status stays what the import makes of it.
func MapRecord(m *mapping.Mapper, rec source.Record, l *report.Line) (mapping.Contact, bool) {
	fail := func(code, msg string) (mapping.Contact, bool) {
		l.Status, l.Class, l.Code, l.Message = report.Failed, report.Validation, code, msg
		return mapping.Contact{}, false
	}
	if rec.Err != nil {
		return fail(rec.Err.Code, rec.Err.Error())
	}
	if reason, skip := m.Skip(rec.Cells); skip {
		l.Status, l.Message = report.Skipped, reason
		return mapping.Contact{}, false
	}
	c, err := m.Map(rec.Cells)
	if err != nil {
		var fe *mapping.FieldError
		if errors.As(err, &fe) {
			return fail(fe.Code, err.Error())
		}
		return fail("invalid", err.Error())
	}
	if c.Notes != nil {
		l.Code, l.Message = c.Notes[0].Code, mapping.NotesText(c.Notes)
	}
	return c, true
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

// work is one worker: it takes rows from the producer and, after each, the row of the same
// contact that waited behind it (order.go), and hands each row's result to the writer.
func (r *runner) work(ctx context.Context, work <-chan *job, results chan<- result) error {
	for j := range work {
		for ; j != nil; j = r.release(j.key) {
			var res processed
			if err := r.gate.Acquire(ctx); err != nil {
				// The run was stopped at once while the row waited for a slot.
				r.drops.Add(1)
				res.seq, res.end, res.dropped = j.seq, j.end, true
			} else {
				res = r.process(ctx, j)
				r.gate.Release()
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

// processed is a row's result, with the error that must stop the run after it (nil: none).
type processed struct {
	result
	fatal error
}

// process runs one row's steps: the contact write, then, in a run into a group, its membership.
// A step's error is judged by settle; a panic becomes the row's failure.
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
	contactID, created, err := r.contactStep(ctx, j, &p.line, &attempts)
	if err == nil && r.cfg.Group != 0 {
		err = r.memberStep(ctx, j, &p.line, contactID, created, &attempts)
	}
	p.line.Attempts = attempts
	if err != nil {
		r.settle(ctx, &p, err)
	}
	return p
}

// contactStep writes the row's contact, or finds it unchanged in the ledger, and records a
// confirmed write in the ledger. It fills the line's status and contactId and returns the
// contactId and whether this row created the contact.
func (r *runner) contactStep(ctx context.Context, j *job, l *report.Line, attempts *int) (int64, bool, error) {
	if r.consult(j) {
		l.Status, l.ContactID = report.Unchanged, j.knownID
		return j.knownID, false, nil
	}
	out := r.upsert(ctx, j, attempts)
	if out.status == report.Failed {
		return 0, false, out.err
	}
	l.Status, l.ContactID = out.status, out.contactID
	if r.cfg.Ledger != nil && out.status != report.Skipped {
		if j.hash == "" {
			j.hash = contentHash(&j.contact)
		}
		if err := r.cfg.Ledger.Record(j.key, ledger.Entry{Hash: j.hash, ContactID: out.contactID}); err != nil {
			return 0, false, &StopError{Reason: "writing the state file failed: " + err.Error(), Err: storage(err)}
		}
	}
	return out.contactID, out.status == report.Created, nil
}

// memberStep runs the membership step of a row whose contact write ended in l (created,
// updated, unchanged or skipped), for a run into a group. A failure fails the row as a whole,
// its contactId kept (settle).
func (r *runner) memberStep(ctx context.Context, j *job, l *report.Line, contactID int64, created bool, attempts *int) error {
	if l.Status == report.Skipped {
		// --mode create or update left the contact alone: its membership too.
		l.Membership = report.Kept
		return nil
	}
	m, err := r.member(ctx, j, contactID, created, attempts)
	l.Membership = m
	return err
}

// verdict is what a step's error means for its row and for the run.
type verdict int

const (
	// failRow: the row failed; its line says why (failLine), and the run goes on.
	failRow verdict = iota
	// dropRow: the run was stopped while the step was under way, so its outcome is unknown:
	// the row stays out of the report and a resumed run redoes its steps, each safe to repeat
	// (create → exists → update).
	dropRow
	// stopRun: no row can succeed (auth, wrong endpoint, unreachable target); the run stops
	// and the row is left for --resume rather than reported failed.
	stopRun
	// stopAfterRow: the step took effect but the run cannot go on (the state file could not
	// be written); the row keeps its line.
	stopAfterRow
)

// judge is the one failure policy of a row's steps (the contact write, the membership, the
// member attributes) and of the mirror's removals. stop is set for stopRun and stopAfterRow.
func (c *caller) judge(ctx context.Context, err error) (v verdict, stop *StopError) {
	switch {
	case ctx.Err() != nil || errors.Is(err, errStopping) || errors.Is(err, engage.ErrNotSent):
		// Checked first: a call cut short by the run's stop returns the stop's cause.
		return dropRow, nil
	case errors.As(err, &stop):
		return stopAfterRow, stop
	}
	if stop := c.fatal(err); stop != nil {
		return stopRun, stop
	}
	return failRow, nil
}

// settle applies judge's verdict on a step's error to the row.
func (r *runner) settle(ctx context.Context, p *processed, err error) {
	v, stop := r.judge(ctx, err)
	switch v {
	case stopAfterRow:
		p.fatal = stop
	case dropRow:
		r.drops.Add(1)
		p.dropped = true
	case stopRun:
		r.drops.Add(1)
		p.dropped, p.fatal = true, stop
	default:
		failLine(&p.line, err)
	}
}

// failLine fills a failed step into the row's line: the class and code of the error, and the
// sentence of stepSentence, behind "gave up after retries: " when retries were spent on it.
func failLine(l *report.Line, err error) {
	l.Status = report.Failed
	l.Class, l.Code, l.Message = rowFailure(err)
	var ge *engage.GroupError
	if errors.As(err, &ge) {
		l.Message = ge.Error()
		if l.Class == report.Transient {
			l.Message = "gave up after retries: " + l.Message
		}
		if l.Code == "" {
			l.Code = "network"
		}
	}
}

// stepSentence is what a failed step says in a list of its own (the mirror's removed list): a
// group call's error names the step and the group ("unsubscribe from group 1001: …").
func stepSentence(err error) string {
	_, _, msg := rowFailure(err)
	var ge *engage.GroupError
	if errors.As(err, &ge) {
		msg = ge.Error()
	}
	return msg
}

func internalFailure(l *report.Line) {
	l.Status, l.Class, l.Code = report.Failed, report.Transient, "internal_error"
	l.Message = "internal error while handling the row; the row is safe to retry"
}
