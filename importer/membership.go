package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"contactimport/importer/engage"
	"contactimport/importer/ledger"
	"contactimport/mapping"
	"contactimport/report"
)

// MemberAPI is the part of the Engage client a run into a group uses (*engage.Client).
type MemberAPI interface {
	Group(ctx context.Context, id int64) (*engage.Group, error)
	Subscribe(ctx context.Context, contactID, groupID int64, mode engage.SubscriptionMode) error
	Unsubscribe(ctx context.Context, contactID, groupID int64) error
	Membership(ctx context.Context, contactID, groupID int64) (*engage.Membership, error)
	UpdateMemberAttributes(ctx context.Context, contactID, groupID int64, attrs []engage.Attribute) error
}

// MemberLedger remembers, per group, what this job knows of a contact's membership (--state).
// A *ledger.State implements it.
type MemberLedger interface {
	LookupMember(group int64, key string) (ledger.MemberEntry, bool, error)
	RecordMember(group int64, key string, e ledger.MemberEntry) error
}

// The group operations, as callStats and the summary count them.
const (
	opGroup       = "group"
	opSubscribe   = "subscribe"
	opUnsubscribe = "unsubscribe"
	opMembership  = "membership"
	opMemberAttrs = "member_attributes"
)

// memberHash identifies a row's member attributes.
func memberHash(attrs []engage.Attribute) string {
	if len(attrs) == 0 {
		return ""
	}
	h := sha256.New()
	for _, a := range attrs {
		h.Write([]byte(a.Name))
		h.Write([]byte{0})
		h.Write([]byte(a.Value))
		h.Write([]byte{1})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// checkGroup asks Engage for the run's group before the first row: an unknown or archived group
// stops the run before anything is written. The call goes through the limiter and the retries
// like every other.
func (r *runner) checkGroup(ctx context.Context) error {
	id := r.cfg.Group
	var g *engage.Group
	attempts := 0
	err := r.try(ctx, opGroup, &attempts, func(ctx context.Context) error {
		var err error
		g, err = r.members.Group(ctx, id)
		return err
	})
	switch {
	case err == nil && g.Archived:
		return &StopError{Reason: fmt.Sprintf("group %d (%s) is archived: it takes no new members; choose a live group with --group or group: in the mapping", id, g.Name), Err: ErrGroup}
	case err == nil:
		return nil
	case errors.Is(err, engage.ErrNoSuchGroup):
		return &StopError{Reason: fmt.Sprintf("group %d does not exist on the target (%v); check --group or group: in the mapping", id, err), Err: ErrGroup}
	case errors.Is(err, engage.ErrGroupArchived):
		return &StopError{Reason: fmt.Sprintf("group %d is archived (%v); choose a live group", id, err), Err: ErrGroup}
	}
	if cause := r.cause(); cause != nil {
		return cause // interrupted, or the stall watch gave up on the target
	}
	if stop := r.fatal(err); stop != nil {
		return stop
	}
	return &StopError{Reason: "checking the group failed: " + err.Error(), Err: errors.Join(ErrGroup, err)}
}

// ErrGroup marks a run stopped because its group cannot be used.
var ErrGroup = errors.New("group not usable")

// member runs the membership step of a row whose contact is written (contactID), and its member
// attributes. created says the contact was created by this row: it is in no group yet. It returns
// the report's membership outcome, or the step's error (a *engage.GroupError naming the step).
//
// The rules: keep touches nothing; unsubscribe leaves the group silently (a contact that is not
// in it is fine); subscribe subscribes only a contact that this job does not know as a member
// (the ledger), or whose subscription cell changed to subscribe. A contact that is not new is
// looked up first when the mode sends a message (CONFIRMED_OPT_IN, DOUBLE_OPT_IN), so that no
// member is welcomed or invited twice; with OPT_IN it is subscribed straight away, and Engage's
// "already a member" answer (on tenants that give one) means member.
func (r *runner) member(ctx context.Context, j *job, contactID int64, created bool, attempts *int) (report.Membership, error) {
	group := r.cfg.Group
	known, have := ledger.MemberEntry{}, false
	if r.memberLedger != nil {
		var err error
		if known, have, err = r.memberLedger.LookupMember(group, j.key); err != nil {
			r.cfg.Log.Warn("state lookup failed; treating the membership as unknown", "row", j.line.Row, "err", err)
			have = false
		}
		if have && known.ContactID != contactID && contactID != 0 && known.ContactID != 0 {
			have = false // another contact by now (deleted and created again): nothing is known of it
		}
	}
	cell := j.sub
	if cell == "" {
		cell = mapping.Subscribe
	}
	record := func(st ledger.MemberStatus, attrs string) error {
		e := ledger.MemberEntry{ContactID: contactID, Status: st, Cell: cell, Attrs: attrs}
		if r.memberLedger == nil || (have && known == e) {
			return nil
		}
		if err := r.memberLedger.RecordMember(group, j.key, e); err != nil {
			return &StopError{Reason: "writing the state file failed: " + err.Error(), Err: storage(err)}
		}
		return nil
	}
	call := func(op string, fn func(context.Context) error) error {
		return r.try(ctx, op, attempts, fn)
	}

	switch cell {
	case mapping.Keep:
		if have {
			return report.Kept, record(known.Status, known.Attrs)
		}
		return report.Kept, record(ledger.StatusNone, "")
	case mapping.Unsubscribe:
		if created {
			return report.Unsubscribed, record(ledger.StatusUnsubscribed, "") // a new contact is in no group
		}
		if have && known.Status == ledger.StatusUnsubscribed {
			return report.Unsubscribed, nil
		}
		err := call(opUnsubscribe, func(ctx context.Context) error { return r.members.Unsubscribe(ctx, contactID, group) })
		if err != nil && !errors.Is(err, engage.ErrNotMember) {
			return "", err
		}
		return report.Unsubscribed, record(ledger.StatusUnsubscribed, "")
	}

	// Subscribe.
	out, status := report.Member, known.Status
	changed := j.sub == mapping.Subscribe && have && known.Cell != mapping.Subscribe
	if !have || !known.Status.KnownMember() || changed {
		var err error
		if out, status, err = r.subscribe(ctx, contactID, created, call); err != nil {
			return "", err
		}
	} else if status == ledger.StatusLeft {
		out = report.Kept
	}

	// Member attributes, for a member: an invited contact has none until it accepts, and one
	// that left is not written to.
	attrs := memberHash(j.member)
	switch {
	case attrs == "":
		return out, record(status, "")
	case status == ledger.StatusLeft || out == report.Invited:
		return out, record(status, known.Attrs)
	case have && out == report.Member && status == ledger.StatusMember && known.Attrs == attrs:
		return out, record(status, attrs) // written before, unchanged
	}
	err := call(opMemberAttrs, func(ctx context.Context) error {
		return r.members.UpdateMemberAttributes(ctx, contactID, group, j.member)
	})
	switch {
	case err == nil:
		return out, record(ledger.StatusMember, attrs) // an invited contact that did so has accepted
	case errors.Is(err, engage.ErrNotMember) && status == ledger.StatusInvited:
		return out, record(status, known.Attrs) // not accepted yet: the attributes wait
	case errors.Is(err, engage.ErrNotMember) && out == report.Member:
		// A member this job knew has left since: not subscribed again behind its back.
		return report.Kept, record(ledger.StatusLeft, known.Attrs)
	}
	return "", err
}

// subscribe makes the contact a member with the run's mode and says what came of it.
func (r *runner) subscribe(ctx context.Context, contactID int64, created bool, call func(string, func(context.Context) error) error) (report.Membership, ledger.MemberStatus, error) {
	group, mode := r.cfg.Group, r.cfg.Subscription
	if !created && mode != engage.OptIn {
		var m *engage.Membership
		err := call(opMembership, func(ctx context.Context) error {
			var err error
			m, err = r.members.Membership(ctx, contactID, group)
			return err
		})
		switch {
		case err == nil && m.Status() == engage.MemberInvited:
			return report.Member, ledger.StatusInvited, nil
		case err == nil:
			return report.Member, ledger.StatusMember, nil
		case !errors.Is(err, engage.ErrNotMember) || errors.Is(err, engage.ErrNoContact):
			return "", "", err
		}
	}
	err := call(opSubscribe, func(ctx context.Context) error { return r.members.Subscribe(ctx, contactID, group, mode) })
	switch {
	case errors.Is(err, engage.ErrAlreadyMember):
		return report.Member, ledger.StatusMember, nil
	case err != nil:
		return "", "", err
	case mode == engage.DoubleOptIn:
		return report.Invited, ledger.StatusInvited, nil
	}
	return report.Subscribed, ledger.StatusMember, nil
}

// memberAttributes converts the mapped member attributes for the wire.
func memberAttributes(in []mapping.Attribute) []engage.Attribute {
	if len(in) == 0 {
		return nil
	}
	out := make([]engage.Attribute, len(in))
	for i, a := range in {
		out[i] = engage.Attribute{Name: a.Name, Value: a.Value}
	}
	return out
}

// addGroupCalls adds the group calls made to the summary's calls per endpoint; endpoints not
// called are left out, so a run without a group shows the contact calls alone.
func (s *callStats) addGroupCalls(calls map[string]int) {
	for op, n := range map[string]int64{opGroup: s.group.Load(), opSubscribe: s.subscribe.Load(),
		opUnsubscribe: s.unsubscribe.Load(), opMembership: s.membership.Load(), opMemberAttrs: s.memberAttrs.Load()} {
		if n > 0 {
			calls[op] += int(n)
		}
	}
}
