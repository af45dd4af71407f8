package importer

import (
	"context"
	"errors"
	"sync/atomic"

	"contactimport/importer/engage"
	"contactimport/report"
)

// predictor learns whether rows tend to be new or existing contacts, so that the first call of a
// row is usually the right one: an all-new file costs one create per row, an all-existing file
// one update per row, after the first few rows. Safe for concurrent use.
type predictor struct {
	score atomic.Int32 // > 0: recent rows existed
}

const predictorSpan = 16

func (p *predictor) existing() bool { return p.score.Load() > 0 }

func (p *predictor) observe(existed bool) {
	for {
		old := p.score.Load()
		n := old - 1
		if existed {
			n = old + 1
		}
		if n > predictorSpan || n < -predictorSpan {
			return
		}
		if p.score.CompareAndSwap(old, n) {
			return
		}
	}
}

// outcome of one row's writes.
type outcome struct {
	status    report.Status
	contactID int64
	err       error // final error when status is Failed
}

// upsert applies one contact with the fewest calls the mode and strategy allow.
// A create that fails because the contact exists becomes an update and vice versa; this also
// makes a retried write whose first answer was lost safe (create → exists → update). Where the
// tenant is not known to merge, an update is read before it is written (safe.go), and the get
// takes the place of the first update: it says whether the contact exists.
func (r *runner) upsert(ctx context.Context, j *job, attempts *int) outcome {
	if r.idType == engage.IdentExternal {
		// External ids are not unique: never create first (external.go).
		return r.upsertExternal(ctx, j, attempts)
	}
	c := &j.contact
	create := func(ctx context.Context) (*engage.Contact, error) { return r.cfg.API.Create(ctx, c) }
	var stored *engage.Contact // the contact as a get of this row found it (safe.go)
	done := func(st report.Status, got *engage.Contact) outcome {
		id := j.knownID
		if got != nil && got.ContactID != 0 {
			id = got.ContactID
		}
		return outcome{status: st, contactID: id}
	}

	exists := j.known || (r.cfg.Mode == ModeUpdate)
	switch {
	case j.known || r.cfg.Mode != ModeUpsert:
	case r.cfg.Strategy == Lookup:
		got, err := r.do(ctx, "get", attempts, func(ctx context.Context) (*engage.Contact, error) {
			return r.cfg.API.Get(ctx, engage.IdentifierOf(c, r.idType))
		})
		switch {
		case err == nil:
			exists = true
			if got != nil {
				j.knownID = got.ContactID
				stored = got
			}
		case errors.Is(err, engage.ErrNotFound):
			exists = false
		default:
			return outcome{status: report.Failed, err: err}
		}
	default:
		exists = r.predict.existing()
	}

	if r.cfg.Mode == ModeCreate && j.known {
		return outcome{status: report.Skipped, contactID: j.knownID}
	}

	// Up to three writes: the likely one, the other, and the first again when the contact
	// appeared or vanished in between. Any further disagreement is a conflict on another
	// identifier field, final for the row.
	for step := 0; step < 3; step++ {
		if exists {
			got, err := r.update(ctx, attempts, r.idType, c, &stored)
			if err == nil {
				if step == 0 && !j.known {
					r.predict.observe(true)
				}
				return done(report.Updated, got)
			}
			if !errors.Is(err, engage.ErrNotFound) {
				return outcome{status: report.Failed, err: err}
			}
			if step == 0 {
				r.predict.observe(false)
			}
			if r.cfg.Mode == ModeUpdate {
				return outcome{status: report.Skipped}
			}
			if step == 2 {
				return outcome{status: report.Failed, err: errConflict}
			}
			exists = false
			continue
		}
		got, err := r.do(ctx, "create", attempts, create)
		if err == nil {
			if step == 0 {
				r.predict.observe(false)
			}
			return done(report.Created, got)
		}
		if !errors.Is(err, engage.ErrExists) {
			return outcome{status: report.Failed, err: err}
		}
		if step == 0 {
			r.predict.observe(true)
		}
		if r.cfg.Mode == ModeCreate {
			return outcome{status: report.Skipped}
		}
		if step == 2 {
			return outcome{status: report.Failed, err: errConflict}
		}
		exists, stored = true, nil
	}
	return outcome{status: report.Failed, err: errConflict}
}

// errConflict: create says the contact exists, update says it does not. Another contact holds
// this row's mobile number or app alias (or email, when matching by another identifier).
var errConflict = errors.New("another contact already has this row's email address, mobile number or app alias")
