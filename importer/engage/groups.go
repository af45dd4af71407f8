package engage

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Group is the answer to group/get.
type Group struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Archived is true when the tenant says so. A tenant whose answer has no such field leaves it
	// false; its archived groups show only when a subscription is refused (ErrGroupArchived).
	Archived bool `json:"archived"`
}

// SubscriptionMode is how membership/subscribe adds a contact to a group.
type SubscriptionMode string

// The subscription modes: OPT_IN adds silently, CONFIRMED_OPT_IN sends a welcome message,
// DOUBLE_OPT_IN sends an invitation and the contact becomes a member only after accepting it.
const (
	OptIn          SubscriptionMode = "OPT_IN"
	ConfirmedOptIn SubscriptionMode = "CONFIRMED_OPT_IN"
	DoubleOptIn    SubscriptionMode = "DOUBLE_OPT_IN"
)

// Valid reports whether m is one of Engage's subscription modes, spelled exactly.
func (m SubscriptionMode) Valid() bool {
	return slices.Contains(SubscriptionModes(), m)
}

// SubscriptionModes returns Engage's subscription modes, the silent one first.
func SubscriptionModes() []SubscriptionMode {
	return []SubscriptionMode{OptIn, ConfirmedOptIn, DoubleOptIn}
}

// Membership is the answer to membership/get: a contact's entry in a group, with Engage's member.*
// system attributes and the member attributes (bare names) in one list.
type Membership struct {
	UserID     int64       `json:"userId"`
	GroupID    int64       `json:"groupId"`
	Attributes []Attribute `json:"attributes"`
}

// MemberStatus is what a membership means for mailings.
type MemberStatus int

// The member statuses. An invited contact (double opt-in, not accepted yet) receives nothing.
const (
	MemberActive MemberStatus = iota
	MemberInvited
)

func (s MemberStatus) String() string {
	if s == MemberInvited {
		return "invited"
	}
	return "member"
}

// statusAttribute is the system attribute that says whether an entry is a member or invited, in
// the words of Mapp's membership window (Active, Pending).
const statusAttribute = "member.Status"

// Status tells a member from an invited contact by the member.Status system attribute: PENDING
// (or WAITING, INVITED) is an invitation not accepted yet; anything else, or no such attribute,
// is a member, since Engage answers membership/get only for an entry it has.
func (m *Membership) Status() MemberStatus {
	for _, a := range m.Attributes {
		if strings.EqualFold(a.Name, statusAttribute) {
			switch strings.ToUpper(strings.TrimSpace(a.Value)) {
			case "PENDING", "WAITING", "INVITED":
				return MemberInvited
			}
		}
	}
	return MemberActive
}

// MemberAttributes returns the member attributes: the attributes without the member. prefix of
// Engage's system attributes.
func (m *Membership) MemberAttributes() []Attribute {
	var out []Attribute
	for _, a := range m.Attributes {
		if len(a.Name) < len("member.") || !strings.EqualFold(a.Name[:len("member.")], "member.") {
			out = append(out, a)
		}
	}
	return out
}

func membershipQuery(contactID, groupID int64) url.Values {
	return url.Values{"userId": {strconv.FormatInt(contactID, 10)}, "groupId": {strconv.FormatInt(groupID, 10)}}
}

// Group checks group id: it returns the group, or a *GroupError matching ErrNoSuchGroup.
func (c *Client) Group(ctx context.Context, id int64) (*Group, error) {
	op := groupOp{verb: opCheck, group: id}
	data, err := c.send(ctx, op, http.MethodGet, "group/get", url.Values{"groupId": {strconv.FormatInt(id, 10)}}, nil)
	if err != nil {
		return nil, err
	}
	var g Group
	if why := decodeObject(data, &g); why != "" {
		return nil, op.unreadable(why)
	}
	if g.ID != id {
		return nil, op.unreadable("it names group " + strconv.FormatInt(g.ID, 10))
	}
	return &g, nil
}

// Subscribe makes contact contactID a member of group groupID with mode (an invited contact, for
// DOUBLE_OPT_IN). Engage answers 204 either way; whether subscribing a member again is an error
// depends on the tenant (ErrAlreadyMember).
func (c *Client) Subscribe(ctx context.Context, contactID, groupID int64, mode SubscriptionMode) error {
	q := membershipQuery(contactID, groupID)
	q.Set("subscriptionMode", string(mode))
	_, err := c.send(ctx, groupOp{verb: opSubscribe, group: groupID}, http.MethodPost, "membership/subscribe", q, nil)
	return err
}

// Unsubscribe makes the contact leave the group silently (unsubscriptionMode OPT_IN: no
// confirmation message). A pending invitation is withdrawn.
func (c *Client) Unsubscribe(ctx context.Context, contactID, groupID int64) error {
	q := membershipQuery(contactID, groupID)
	q.Set("unsubscriptionMode", string(OptIn))
	_, err := c.send(ctx, groupOp{verb: opUnsubscribe, group: groupID}, http.MethodPost, "membership/unsubscribe", q, nil)
	return err
}

// Membership looks up the contact's entry in the group; a contact that is in no way in the group
// is a *GroupError matching ErrNotMember.
func (c *Client) Membership(ctx context.Context, contactID, groupID int64) (*Membership, error) {
	op := groupOp{verb: opMembership, group: groupID}
	data, err := c.send(ctx, op, http.MethodGet, "membership/get", membershipQuery(contactID, groupID), nil)
	if err != nil {
		return nil, err
	}
	var m Membership
	if why := decodeObject(data, &m); why != "" {
		return nil, op.unreadable(why)
	}
	// An answer about another contact or group would be trusted wrongly; zero ids are a tenant
	// that leaves them out.
	if (m.UserID != 0 && m.UserID != contactID) || (m.GroupID != 0 && m.GroupID != groupID) {
		return nil, op.unreadable("it is about another contact or group")
	}
	m.UserID, m.GroupID = contactID, groupID
	return &m, nil
}

// DeleteMembership removes the contact from the group without any message.
func (c *Client) DeleteMembership(ctx context.Context, contactID, groupID int64) error {
	_, err := c.send(ctx, groupOp{verb: opDelete, group: groupID}, http.MethodDelete, "membership/delete",
		membershipQuery(contactID, groupID), nil)
	return err
}

// UpdateMemberAttributes sets member attributes (bare names, e.g. "car") of a member of the group;
// the ones not sent stay. The contact must be a member (not merely invited): ErrNotMember.
func (c *Client) UpdateMemberAttributes(ctx context.Context, contactID, groupID int64, attrs []Attribute) error {
	if attrs == nil {
		attrs = []Attribute{}
	}
	_, err := c.send(ctx, groupOp{verb: opAttributes, group: groupID}, http.MethodPost, "membership/updateAttributes",
		membershipQuery(contactID, groupID), attrs)
	return err
}

// decodeObject reads a 2xx answer that must be a JSON object into out; it returns why not, or "".
func decodeObject(data []byte, out any) string {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return "empty answer"
	case data[0] != '{':
		return "the answer is not a JSON object"
	case json.Unmarshal(data, out) != nil:
		// The decoder's message is left out: it may quote the answer.
		return "the answer is not the expected JSON object"
	}
	return ""
}
