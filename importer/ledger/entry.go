package ledger

import "contactimport/mapping"

// Entry is what the ledger keeps per contact: the hash of what was last sent, and its contactId.
type Entry struct {
	Hash      string
	ContactID int64
}

// MemberStatus is what this job knows of a contact's place in a group.
type MemberStatus string

// The statuses the ledger keeps.
const (
	// StatusMember and StatusInvited: this job made the contact a member (or sent the double
	// opt-in invitation), or found it one.
	StatusMember  MemberStatus = "member"
	StatusInvited MemberStatus = "invited"
	// StatusLeft: this job had made the contact a member, and Engage has since said it is not
	// one (it unsubscribed). It is not subscribed again unless its subscription cell changes
	// to subscribe.
	StatusLeft MemberStatus = "left"
	// StatusUnsubscribed: this job unsubscribed the contact (its cell said so).
	StatusUnsubscribed MemberStatus = "unsubscribed"
	// StatusNone: the row said keep, and nothing is known of the membership.
	StatusNone MemberStatus = ""
)

// KnownMember reports whether s means this job made or found the contact a member: such a
// contact is not subscribed again behind its back.
func (s MemberStatus) KnownMember() bool {
	return s == StatusMember || s == StatusInvited || s == StatusLeft
}

// MemberEntry is what the ledger keeps per contact and group.
type MemberEntry struct {
	ContactID int64
	Status    MemberStatus
	// Cell is the row's subscription decision last applied: subscribe (also when the mapping
	// has no subscription column), unsubscribe or keep.
	Cell mapping.Subscription
	// Attrs identifies the member attributes last written ("" none).
	Attrs string
}

// subscriptionOf reads a decision stored in the ledger.
func subscriptionOf(s string) mapping.Subscription {
	switch sub := mapping.Subscription(s); sub {
	case mapping.Subscribe, mapping.Unsubscribe, mapping.Keep:
		return sub
	}
	return ""
}
