package importer

import (
	"context"
	"errors"

	"contactimport/importer/engage"
	"contactimport/report"
)

// Rows matched by external id (--identifier external, Engage identifierType EXTERNAL).
//
// Engage does not keep external ids unique: a create never fails because another contact has the
// id, so "try create first" would give a contact whose email changed a second contact. Such a row
// therefore finds its contact by the id first, with an update (or a get, where the mode or
// strategy asks for one), and creates only when Engage says no contact has the id and the row
// carries an email address, mobile number or app alias. Those fields are unique: a create whose
// answer was lost and that is sent again meets "exists" and turns into an update by the id, so
// faults cannot duplicate either. Mapp's own file import treats user.Identifier the same way.
//
// Calls per row: one update for an existing contact; an update and a create (2.0) for a new one.
// Where the tenant is not known to merge, the update is read first (safe.go): a get by the id,
// then the update with everything stored, for an existing contact; a get and a create for a new
// one.

// errNoExternal: no contact has the row's external id, and the row cannot create one.
var errNoExternal = errors.New("no contact has this external id, and the row has no email address, mobile number or app alias to create one (--mode update skips such rows)")

// errExternalTaken: the create said a unique field is taken, yet no contact has the external id.
var errExternalTaken = errors.New("no contact has this external id, and another contact already has this row's email address, mobile number or app alias; give that contact the external id in Engage, or leave the field out of the row")

// codeNotFound is the report's error code for errNoExternal.
const codeNotFound = "not_found"

// canCreate reports whether Engage can create c: it needs an email, a mobile number or an alias;
// an external id alone creates nothing.
func canCreate(c *engage.Contact) bool {
	return c.Email != "" || c.Mobile != "" || c.Alias != ""
}

// upsertExternal applies one row matched by external id.
func (r *runner) upsertExternal(ctx context.Context, j *job, attempts *int) outcome {
	c := &j.contact
	done := func(st report.Status, got *engage.Contact) outcome {
		id := j.knownID
		if got != nil && got.ContactID != 0 {
			id = got.ContactID
		}
		return outcome{status: st, contactID: id}
	}
	get := func() (*engage.Contact, bool, error) {
		got, err := r.do(ctx, "get", attempts, func(ctx context.Context) (*engage.Contact, error) {
			return r.cfg.API.Get(ctx, engage.IdentifierOf(c, engage.IdentExternal))
		})
		switch {
		case err == nil:
			return got, true, nil
		case errors.Is(err, engage.ErrNotFound):
			return nil, false, nil
		}
		return nil, false, err
	}
	var stored *engage.Contact // the contact as a get by the id found it (safe.go)
	update := func() (*engage.Contact, error) {
		return r.update(ctx, attempts, engage.IdentExternal, c, &stored)
	}
	create := func() (*engage.Contact, error) {
		return r.do(ctx, "create", attempts, func(ctx context.Context) (*engage.Contact, error) {
			return r.cfg.API.Create(ctx, c)
		})
	}

	switch r.cfg.Mode {
	case ModeUpdate:
		got, err := update()
		switch {
		case err == nil:
			return done(report.Updated, got)
		case errors.Is(err, engage.ErrNotFound):
			return outcome{status: report.Skipped}
		}
		return outcome{status: report.Failed, err: err}

	case ModeCreate:
		if j.known {
			return outcome{status: report.Skipped, contactID: j.knownID}
		}
		got, found, err := get()
		switch {
		case err != nil:
			return outcome{status: report.Failed, err: err}
		case found:
			return done(report.Skipped, got)
		case !canCreate(c):
			return outcome{status: report.Failed, err: errNoExternal}
		}
		made, err := create()
		if err == nil {
			return done(report.Created, made)
		}
		if !errors.Is(err, engage.ErrExists) {
			return outcome{status: report.Failed, err: err}
		}
		// Taken: by this row's own create whose answer was lost (the contact now has the
		// id), or by a contact without the id, which create-only mode must not change.
		got, found, err = get()
		switch {
		case err != nil:
			return outcome{status: report.Failed, err: err}
		case found:
			return done(report.Skipped, got)
		}
		return outcome{status: report.Failed, err: errExternalTaken}
	}

	// Upsert: find the contact by the id — an update, or a get first under the lookup strategy.
	found := true
	if !j.known && r.cfg.Strategy == Lookup {
		got, ok, err := get()
		if err != nil {
			return outcome{status: report.Failed, err: err}
		}
		if ok {
			j.knownID = got.ContactID
			stored = got
		}
		found = ok
	}
	// At most three writes: update, create when none has the id, and the update again when the
	// create met a taken field (the row's own earlier create, or another contact's field).
	for writes := 0; writes < 3; writes++ {
		if found {
			got, err := update()
			if err == nil {
				return done(report.Updated, got)
			}
			if !errors.Is(err, engage.ErrNotFound) {
				return outcome{status: report.Failed, err: err}
			}
			if writes > 0 {
				return outcome{status: report.Failed, err: errExternalTaken}
			}
			found = false
			continue
		}
		if !canCreate(c) {
			return outcome{status: report.Failed, err: errNoExternal}
		}
		got, err := create()
		if err == nil {
			return done(report.Created, got)
		}
		if !errors.Is(err, engage.ErrExists) {
			return outcome{status: report.Failed, err: err}
		}
		found, stored = true, nil
	}
	return outcome{status: report.Failed, err: errExternalTaken}
}
