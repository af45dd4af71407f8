package doctor

import (
	"context"
	"errors"
	"fmt"

	"contactimport/importer/engage"
)

// The names of the group checks, as findings show them.
const (
	checkGroup       = "group"
	checkResubscribe = "subscribing a member again"
)

// whereGroups is where a marketer finds a tenant's groups in Mapp.
const whereGroups = "Mapp (Audience → Groups)"

// checkGroup finds out, read-only, whether opts.Group exists and takes subscribers. It reports
// false only when ctx was cancelled: a group the import cannot use is a finding, and the probe
// still learns the rest.
func (r *run) checkGroup(ctx context.Context) bool {
	id := r.opts.Group
	if id <= 0 {
		return true
	}
	g, err := r.c.Group(ctx, id)
	r.res.Calls++
	switch {
	case r.interrupted(ctx):
		return false
	case errors.Is(err, engage.ErrNoSuchGroup):
		r.groupMissing(id)
	case errors.Is(err, engage.ErrGroupArchived):
		r.groupArchived(id, "")
	case err != nil:
		r.add(checkGroup, false, fmt.Sprintf("group %d could not be checked: %s", id, detail(err, nil)),
			"whether an import can subscribe into it is unknown; run doctor again, and ask Mapp support if it persists")
	case g.Archived:
		r.groupArchived(id, g.Name)
	default:
		r.group = g
		r.add(checkGroup, true, fmt.Sprintf("group %d%s exists and is not archived", id, groupName(g.Name)),
			"the import can make each row's contact a member of it")
	}
	return true
}

// groupName is a group's name for a finding: ` "Newsletter"`, or "" when it has none.
func groupName(name string) string {
	if name == "" {
		return ""
	}
	return fmt.Sprintf(" %q", quote(name, nil))
}

// groupMissing and groupArchived record a group no import can subscribe into, in place of an
// earlier finding about it.
func (r *run) groupMissing(id int64) {
	r.replace(checkGroup, false, fmt.Sprintf("group %d does not exist on this tenant", id),
		"an import into it stops before writing anything: check the group id in "+whereGroups)
}

func (r *run) groupArchived(id int64, name string) {
	r.replace(checkGroup, false, fmt.Sprintf("group %d%s is archived", id, groupName(name)),
		"an archived group takes no new members, so an import into it stops before writing anything: "+
			"restore the group or choose another one in "+whereGroups)
}

// resubscribe subscribes the probe contact to the group silently (OPT_IN), then again, and
// records whether the second subscription is an error. The membership is removed by cleanup,
// before the contact is deleted, whatever happens.
func (p *probe) resubscribe(ctx context.Context) bool {
	g := p.group
	if g == nil || p.contactID == 0 {
		return true
	}
	if !p.afford(3) { // two subscriptions and the membership's removal
		return p.stop(ctx, fmt.Sprintf("subscribing the probe contact to group %d", g.ID), errBudget)
	}
	err := p.subscribe(ctx)
	switch {
	case err == nil:
	case p.interrupted(ctx):
		return false
	case isRefusal(err):
		p.firstRefused(err)
		return true
	default:
		return p.stop(ctx, fmt.Sprintf("subscribing the probe contact to group %d", g.ID), err)
	}
	err = p.subscribe(ctx)
	switch {
	case err == nil:
		p.res.Tenant.Resubscribe = engage.ResubscribeOK
		p.add(checkResubscribe, true, fmt.Sprintf("subscribing a contact that is already a member of group %d succeeds quietly", g.ID),
			"the import can subscribe existing contacts directly: a member stays a member")
	case p.interrupted(ctx):
		return false
	case isRefusal(err):
		p.res.Tenant.Resubscribe = engage.ResubscribeError
		p.add(checkResubscribe, true, fmt.Sprintf("subscribing a contact that is already a member of group %d is refused (%s)", g.ID, detail(err, p.hide)),
			"subscribing an existing member is refused: the import will check membership before subscribing, so rows of members do not fail")
	default:
		return p.stop(ctx, fmt.Sprintf("subscribing the probe contact to group %d a second time", g.ID), err)
	}
	return true
}

// firstRefused records the tenant refusing to make the probe contact a member: nothing was
// written, and no import can subscribe into the group.
func (p *probe) firstRefused(err error) {
	g := p.group
	p.member, p.group = false, nil
	switch {
	case errors.Is(err, engage.ErrNoSuchGroup):
		p.groupMissing(g.ID)
	case errors.Is(err, engage.ErrGroupArchived):
		p.groupArchived(g.ID, g.Name)
	default:
		p.replace(checkGroup, false, fmt.Sprintf("subscribing a new contact to group %d is refused (%s)", g.ID, detail(err, p.hide)),
			"an import into the group would fail on every row; ask Mapp support, or choose another group in "+whereGroups)
	}
}

// subscribe sends one OPT_IN subscription of the probe contact to the group. From the first one
// on, the contact may be a member, and cleanup removes the membership.
func (p *probe) subscribe(ctx context.Context) error {
	p.member = true
	p.res.Calls++
	return p.c.Subscribe(ctx, p.contactID, p.opts.Group, engage.OptIn)
}

// removeMembership takes the probe contact out of the group silently, with ctx (cleanup's); it
// returns why not, or nil when the contact is no longer (or never was) in the group.
func (p *probe) removeMembership(ctx context.Context) error {
	p.res.Calls++
	err := p.c.DeleteMembership(ctx, p.contactID, p.opts.Group)
	if err == nil || errors.Is(err, engage.ErrNotMember) {
		p.member = false
		return nil
	}
	return err
}
