package doctor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"contactimport/importer/engage"
)

// The probe contact's names: made up, and telling whoever finds a leftover what it is.
const (
	probeFirst   = "Doctor"
	probeLast    = "Probe"
	probeUpdated = "DoctorUpdated"
)

// checkProbe names the findings about the probe itself.
const checkProbe = "probe contact"

// probe is the state of the probe contact: what the tenant holds, and what must be deleted.
type probe struct {
	*run
	email string
	hide  []string // values no finding may show: the address and the numbers
	// stored is the probe contact as the last accepted write left it; customs are the custom
	// attributes (bare names) in that write.
	stored  *engage.Contact
	customs []string
	ids     []int64 // contacts created, to delete
	// contactID is the probe contact's, once created.
	contactID int64
	// member is set when the probe contact may be a member of the group: cleanup removes the
	// membership before it deletes the contact.
	member bool
	// unsure is set when a create's outcome is not known (no answer, cancelled): the contact may
	// exist without a known contactId, so cleanup also deletes by address.
	unsure bool
	// unified is set once the tenant refused an update without unifiedIdentifierName: later
	// updates carry it. withoutOK is set once an update without it was accepted.
	unified, withoutOK bool
}

// errBudget stops a probe that would need more calls than Options.MaxCalls allows.
var errBudget = errors.New("its call budget is spent")

// probe runs the checks that need a contact. The deferred cleanup deletes every contact it may
// have created, also after a failure or with ctx cancelled.
func (r *run) probe(ctx context.Context) {
	p := &probe{run: r, email: r.opts.ProbeEmail, hide: append([]string{r.opts.ProbeEmail}, r.opts.Mobiles...)}
	defer p.cleanup(ctx)
	if !p.addressFree(ctx) {
		return
	}
	r.res.Probed = true
	for _, step := range []func(context.Context) bool{p.notFound, p.createProbe, p.exists, p.resubscribe, p.naming, p.updateBehaviour, p.unifiedName} {
		if !step(ctx) {
			return
		}
	}
}

// reserve is how many calls cleanup may need.
func (p *probe) reserve() int {
	n := len(p.ids)
	if p.unsure {
		n++
	}
	if p.member {
		n++
	}
	return max(n, 1)
}

// afford reports whether n more calls leave enough for cleanup.
func (p *probe) afford(n int) bool { return p.res.Calls+n+p.reserve() <= p.opts.MaxCalls }

func (p *probe) get(ctx context.Context) (*engage.Contact, error) {
	p.res.Calls++
	return p.c.Get(ctx, engage.ContactIdentifier{Type: engage.IdentEmail, Value: p.email})
}

func (p *probe) create(ctx context.Context, ct *engage.Contact) (*engage.Contact, error) {
	p.res.Calls++
	got, err := p.c.Create(ctx, ct)
	switch {
	case err == nil:
		p.ids = append(p.ids, got.ContactID)
	case ctx.Err() != nil || !isRefusal(err):
		p.unsure = true // it may have been carried out
	}
	return got, err
}

// update sends ct as an update by email, with unifiedIdentifierName (the address, as Mapp's
// example does) or without it.
func (p *probe) update(ctx context.Context, ct *engage.Contact, unified bool) (*engage.Contact, error) {
	name := ""
	if unified {
		name = ct.Email
	}
	p.res.Calls++
	got, err := p.c.UpdateWithUnifiedName(ctx, engage.IdentEmail, ct, name)
	if err == nil && !unified {
		p.withoutOK = true
	}
	return got, err
}

// isRefusal reports whether err is the tenant refusing a call as such: a 4xx answer other than
// credentials or a wrong URL. Nothing was written.
func isRefusal(err error) bool {
	var ae *engage.APIError
	if !errors.As(err, &ae) || ae.Status < 400 || ae.Status > 499 {
		return false
	}
	return ae.Kind != engage.KindAuth && ae.Kind != engage.KindEndpoint && ae.Kind != engage.KindThrottled
}

// stop ends the probe at step: a finding, unless ctx was cancelled.
func (p *probe) stop(ctx context.Context, step string, err error) bool {
	if p.interrupted(ctx) {
		return false
	}
	p.add("probe", false, "stopped while "+step+": "+detail(err, p.hide),
		"what was not found out yet stays unknown, and an import treats it the safe way; fix the cause and run doctor again")
	return false
}

// addressFree checks that no contact has the probe address: doctor never touches a real one.
func (p *probe) addressFree(ctx context.Context) bool {
	_, err := p.get(ctx)
	switch {
	case err == nil:
		p.res.Refused = true
		p.add("probe address", false, "a contact with this address already exists",
			"doctor changed nothing; run it again with --probe-email set to an address of your own that is not in Mapp")
		return false
	case p.interrupted(ctx):
		return false
	case engage.KindOf(err) == engage.KindNotFound:
		return true
	}
	return p.stop(ctx, "looking the probe address up", err)
}

// notFound records how an update of a missing contact is answered.
func (p *probe) notFound(ctx context.Context) bool {
	ct := &engage.Contact{Email: p.email, Attributes: []engage.Attribute{{Name: "FirstName", Value: probeFirst}}}
	got, err := p.update(ctx, ct, false)
	if err == nil || !unifiedRefusal(err) {
		// answered on its own merits
	} else if p.unified = true; p.afford(1) {
		p.res.Tenant.UnifiedIdentifierName = engage.Required
		got, err = p.update(ctx, ct, true)
	}
	switch {
	case err == nil:
		p.ids = append(p.ids, got.ContactID)
		p.res.Tenant.NotFound = "the update created the contact"
		p.add("no such contact", false, "an update of a contact that does not exist created it",
			"the tenant's update is an upsert, which this import does not expect; ask Mapp support before importing")
		return false
	case p.interrupted(ctx):
		return false
	case !isRefusal(err):
		return p.stop(ctx, "updating a contact that does not exist", err)
	}
	p.res.Tenant.NotFound = answer(err, p.hide)
	if engage.KindOf(err) == engage.KindNotFound {
		p.add("no such contact", true, "an update of a contact that does not exist is answered "+p.res.Tenant.NotFound,
			"the import recognises it and creates the contact instead")
	} else {
		p.add("no such contact", false, "an update of a contact that does not exist is answered "+detail(err, p.hide),
			"the import does not recognise this answer as \"no such contact\": rows of new contacts would fail where it updates first")
	}
	return true
}

// createProbe creates the probe contact with a first and last name and, when the tenant takes one of
// the numbers, a mobile number.
func (p *probe) createProbe(ctx context.Context) bool {
	var last error
	for _, mobile := range append(slices.Clone(p.opts.Mobiles), "") {
		if !p.afford(1) {
			return p.stop(ctx, "creating the probe contact", errBudget)
		}
		ct := p.body(mobile, nil, "")
		got, err := p.create(ctx, ct)
		switch {
		case err == nil:
			p.stored, p.contactID = ct, got.ContactID
		case p.interrupted(ctx):
			return false
		case mobile != "" && isRefusal(err):
			last = err // taken, or not a number this tenant takes: try the next
			continue
		default:
			return p.stop(ctx, "creating the probe contact", err)
		}
		break
	}
	if p.stored.Mobile == "" {
		tried := "no number was given"
		if last != nil {
			tried = fmt.Sprintf("the tenant refused the %d numbers tried (%s)", len(p.opts.Mobiles), answer(last, p.hide))
		}
		p.add("mobile number", true, "not probed: "+tried,
			"whether an update removes an omitted mobile number stays unknown, so the import treats the tenant as one that may")
	}
	return true
}

// exists records how creating an address that exists is answered.
func (p *probe) exists(ctx context.Context) bool {
	if !p.afford(1) {
		return p.stop(ctx, "creating the probe address again", errBudget)
	}
	_, err := p.create(ctx, &engage.Contact{Email: p.email})
	switch {
	case err == nil:
		p.res.Tenant.Exists = "a second contact was created"
		p.add("contact exists", false, "creating the probe address a second time made a second contact",
			"the tenant does not refuse an address it holds: an import that creates first would make duplicates; ask Mapp support before importing")
		return true
	case p.interrupted(ctx):
		return false
	case !isRefusal(err):
		return p.stop(ctx, "creating the probe address again", err)
	}
	p.res.Tenant.Exists = answer(err, p.hide)
	if engage.KindOf(err) == engage.KindExists {
		p.add("contact exists", true, "creating an address that exists is answered "+p.res.Tenant.Exists,
			"the import recognises it and updates the contact instead")
	} else {
		p.add("contact exists", false, "creating an address that exists is answered "+detail(err, p.hide),
			"the import does not recognise this answer as \"contact exists\": rows of existing contacts would fail instead of being updated")
	}
	return true
}

// body is the probe contact with its names, the number, and attrs spelled by naming.
func (p *probe) body(mobile string, attrs []string, naming engage.Naming) *engage.Contact {
	ct := &engage.Contact{Email: p.email, Mobile: mobile, Attributes: []engage.Attribute{
		{Name: "FirstName", Value: probeFirst}, {Name: "LastName", Value: probeLast}}}
	for _, a := range attrs {
		ct.Attributes = append(ct.Attributes, engage.Attribute{Name: spell(a, naming), Value: p.sample(a)})
	}
	return ct
}

// cleanup removes the probe contact from the group and deletes every contact the probe created
// or may have created, with a context that outlives ctx's cancellation but not CleanupTimeout.
func (p *probe) cleanup(ctx context.Context) {
	if len(p.ids) == 0 && !p.unsure {
		return
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), p.opts.CleanupTimeout)
	defer cancel()
	subscribed := p.member
	var membership error
	if p.member {
		membership = p.removeMembership(cctx)
	}
	var failed error
	del := func(id engage.ContactIdentifier, contactID int64) {
		p.res.Calls++
		err := p.c.Delete(cctx, id)
		if err == nil || engage.KindOf(err) == engage.KindNotFound {
			return
		}
		failed = err
		left := Leftover{Email: p.email, ContactID: contactID}
		if p.member && (contactID == p.contactID || contactID == 0) {
			left.Group = p.opts.Group
		}
		p.res.Leftovers = append(p.res.Leftovers, left)
	}
	for _, id := range p.ids {
		del(engage.ContactIdentifier{Type: engage.IdentID, Value: fmt.Sprint(id)}, id)
	}
	if p.unsure {
		del(engage.ContactIdentifier{Type: engage.IdentEmail, Value: p.email}, 0)
	}
	if failed != nil {
		found := "could not be deleted: " + detail(failed, p.hide)
		if membership != nil {
			found += fmt.Sprintf("; nor could it be removed from group %d (%s)", p.opts.Group, detail(membership, p.hide))
		}
		p.add(checkProbe, false, found,
			"the probe contact is still in Mapp: remove it by hand (its address and contactId are printed below)")
		return
	}
	found := "created for the checks and deleted again"
	switch {
	case membership != nil:
		found = fmt.Sprintf("created for the checks and deleted again; its removal from group %d failed (%s), and its membership went with the contact",
			p.opts.Group, detail(membership, p.hide))
	case subscribed:
		found = fmt.Sprintf("created for the checks, removed from group %d and deleted again", p.opts.Group)
	}
	p.add(checkProbe, true, found, "nothing is left behind in Mapp")
}

// attr is the value of the attribute name in c, matched the way Engage matches names: case
// aside, with user. and user.CustomAttribute. optional.
func attr(c *engage.Contact, name string) string {
	want := fold(name)
	for _, a := range c.Attributes {
		if fold(a.Name) == want {
			return a.Value
		}
	}
	return ""
}

// list joins words as a sentence does.
func list(words []string) string {
	switch len(words) {
	case 0:
		return "nothing"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
