package doctor

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"contactimport/importer/engage"
)

// settleReads is how many times the probe reads its contact back after an update, the first
// right away and each later one after Options.Settle.
const settleReads = 3

// unifiedParameter is the query parameter whose meaning Mapp leaves unsettled.
const unifiedParameter = "unifiedIdentifierName"

// unifiedRefusal reports whether err is the tenant refusing an update for want of
// unifiedIdentifierName: an answer that names the parameter.
func unifiedRefusal(err error) bool {
	var ae *engage.APIError
	if !errors.As(err, &ae) || !isRefusal(err) {
		return false
	}
	return strings.EqualFold(ae.Body.ParameterName, unifiedParameter) ||
		strings.Contains(strings.ToLower(ae.Body.Message+" "+ae.Text), strings.ToLower(unifiedParameter))
}

// settle waits Options.Settle, or until ctx is done (its cause).
func (p *probe) settle(ctx context.Context) error {
	t := time.NewTimer(p.opts.Settle)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// savedCheck is what contact/checkUpdateVersion said about the probe's update.
type savedCheck struct {
	asks  int    // answers read; with saved, the last one said saved
	saved bool   // an answer said the update is saved
	none  string // why the call was not used, when it was not: the probe reads again after waits instead
}

// awaitSaved asks contact/checkUpdateVersion whether the probe's update is saved, up to
// settleReads times with Options.Settle between, and stops at the first answer that says so.
// The call is reported, not documented (engage.Client.CheckUpdateVersion): an answer that
// refuses it, that cannot be read or that fails is taken as the call not being available here,
// never as a finding. The error is only ctx's cause.
func (p *probe) awaitSaved(ctx context.Context) (savedCheck, error) {
	var chk savedCheck
	if p.contactID == 0 {
		chk.none = "the probe contact's contactId is not known"
		return chk, nil
	}
	for i := range settleReads {
		if !p.afford(2) { // the ask, and the read after it
			if i == 0 {
				chk.none = "the call budget leaves no room for it"
			}
			return chk, nil
		}
		if i > 0 {
			if err := p.settle(ctx); err != nil {
				return chk, err
			}
		}
		p.res.Calls++
		saved, err := p.c.CheckUpdateVersion(ctx, p.contactID)
		switch {
		case p.interrupted(ctx):
			return chk, context.Cause(ctx)
		case errors.Is(err, engage.ErrNoUpdateVersion):
			var ne *engage.NoUpdateVersionError
			errors.As(err, &ne)
			chk.none = "this tenant does not answer it (HTTP " + strconv.Itoa(ne.Status) + ")"
		case errors.Is(err, engage.ErrUnreadable):
			chk.none = "its answer does not say whether the update is saved"
		case err != nil:
			chk.none = "it failed: " + detail(err, p.hide)
		}
		if chk.none != "" {
			return savedCheck{none: chk.none}, nil
		}
		chk.asks++
		if saved {
			chk.saved = true
			return chk, nil
		}
	}
	return chk, nil
}

// how says in a finding's words how the probe knew its update had been saved before it read.
func (chk savedCheck) how() string {
	switch {
	case chk.none != "":
		return "; contact/checkUpdateVersion was not used, as " + chk.none + ": the contact was read until it showed the update instead"
	case chk.asks > 1:
		return "; contact/checkUpdateVersion said the update was saved only at its answer " + strconv.Itoa(chk.asks) +
			", and the contact was read then (this tenant saves updates asynchronously)"
	}
	return "; contact/checkUpdateVersion said the update was saved, and the contact was read then"
}

// readUpdated reads the probe contact back until it shows the first name the last update wrote:
// updates may be saved asynchronously, and a read that does not show the update says nothing
// about what the update kept. Each read after the first waits Options.Settle. The contact is
// nil, without an error, when no read showed it.
func (p *probe) readUpdated(ctx context.Context) (got *engage.Contact, stale int, err error) {
	for i := range settleReads {
		if i > 0 {
			if !p.afford(1) {
				return nil, stale, nil
			}
			if err := p.settle(ctx); err != nil {
				return nil, stale, err
			}
		}
		got, err = p.get(ctx)
		if err != nil {
			return nil, stale, err
		}
		if attr(got, "FirstName") == probeUpdated {
			return got, stale, nil
		}
		stale++
	}
	return nil, stale, nil
}

// updateBehaviour updates the probe contact with its first name only and reads it back once the
// update shows: what the update left out is kept (merge) or gone (replace). Where the tenant
// answers contact/checkUpdateVersion, the probe reads only once it says the update is saved;
// elsewhere it reads again after waits.
func (p *probe) updateBehaviour(ctx context.Context) bool {
	const check = "update behaviour"
	if !p.afford(2) {
		return p.stop(ctx, "updating the probe contact", errBudget)
	}
	only := &engage.Contact{Email: p.email, Attributes: []engage.Attribute{{Name: "FirstName", Value: probeUpdated}}}
	if _, err := p.update(ctx, only, p.unified); err != nil {
		return p.stop(ctx, "updating the probe contact with its first name only", err)
	}
	chk, err := p.awaitSaved(ctx)
	if err != nil {
		return p.stop(ctx, "asking whether the probe contact's update is saved", err)
	}
	if chk.none == "" && !chk.saved {
		p.add(check, false, "an update was answered as done, but contact/checkUpdateVersion still said it was not saved in "+plural(chk.asks, "answer")+" over the following seconds",
			"updates may not be saved on this tenant, or take longer; ask Mapp support before importing")
		return true
	}
	got, stale, err := p.readUpdated(ctx)
	if err != nil {
		return p.stop(ctx, "reading the probe contact back", err)
	}
	if got == nil {
		p.add(check, false, "an update was answered as done, but the first name had not changed in "+plural(stale, "read")+" over the following seconds"+chk.how(),
			"updates may not take effect on this tenant, or take longer to show; ask Mapp support before importing")
		return true
	}
	late := chk.how()
	if stale > 0 {
		late += " (shown only after " + plural(stale, "read") + " that still had the old values: this tenant saves updates asynchronously)"
	}
	var kept, gone []string
	note := func(ok bool, what string) {
		if ok {
			kept = append(kept, what)
		} else {
			gone = append(gone, what)
		}
	}
	note(attr(got, "LastName") == probeLast, "the last name")
	if p.stored.Mobile != "" {
		note(got.Mobile == p.stored.Mobile, "the mobile number")
	}
	for _, c := range p.customs {
		note(attr(got, c) == p.sample(c), "custom attribute "+c)
	}
	switch {
	case len(gone) > 0:
		p.res.Tenant.Update = engage.UpdateReplaces
		found := "an update that carried only the first name removed " + list(gone)
		if len(kept) > 0 {
			found += " and kept " + list(kept)
		}
		p.add(check, true, found+": it replaces"+late,
			"an update removes what it leaves out; the import makes sure every update carries what must stay (for existing contacts up to 2 calls per row), so nothing a row does not carry is lost")
	case p.stored.Mobile == "":
		p.add(check, true, "an update that carried only the first name kept "+list(kept)+"; the mobile number could not be probed"+late,
			"whether an update removes an omitted mobile number stays unknown, so the import treats the tenant as replacing (for existing contacts up to 2 calls per row)")
	default:
		p.res.Tenant.Update = engage.UpdateMerges
		p.add(check, true, "an update that carried only the first name kept "+list(kept)+": it merges"+late,
			"an update changes only what it carries: the import updates an existing contact in one call")
	}
	return true
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// unifiedName records whether contact/update needs unifiedIdentifierName. The probe's updates
// go without it first; only a refusal that names it made them carry it, with the identifier's
// value (the form of Mapp's own example). One more update without it is sent only when no
// earlier update settled the question.
func (p *probe) unifiedName(ctx context.Context) bool {
	const check = unifiedParameter
	switch {
	case p.unified:
		p.res.Tenant.UnifiedIdentifierName = engage.Required
		p.res.Tenant.UnifiedIdentifierForm = engage.UnifiedFormValue
		p.add(check, true, "an update without it is refused; with the contact's email address as its value it is accepted",
			"the import sends it, with the identifier's value, on every update")
		return true
	case p.withoutOK:
		p.res.Tenant.UnifiedIdentifierName = engage.NotRequired
		p.add(check, true, "updates without it are accepted", "an import with this profile leaves it out; nothing to do")
		return true
	}
	if !p.afford(1) {
		return p.stop(ctx, "updating without unifiedIdentifierName", errBudget)
	}
	ct := &engage.Contact{Email: p.email, Attributes: []engage.Attribute{{Name: "FirstName", Value: probeFirst}}}
	_, err := p.update(ctx, ct, false)
	switch {
	case err == nil:
		p.res.Tenant.UnifiedIdentifierName = engage.NotRequired
		p.add(check, true, "an update without it is accepted", "an import with this profile leaves it out; nothing to do")
	case p.interrupted(ctx):
		return false
	case isRefusal(err):
		p.res.Tenant.UnifiedIdentifierName = engage.Required
		p.add(check, true, "an update without it is refused ("+detail(err, p.hide)+")",
			"the import sends it on every update, so its updates are accepted")
	default:
		return p.stop(ctx, "updating without unifiedIdentifierName", err)
	}
	return true
}
