package mapping

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Subscription is a row's decision about the run's group, from a column mapped to the target
// `subscription`.
type Subscription string

// The decisions. A Contact of a mapping without a subscription column has Subscription "":
// every row subscribes.
const (
	Subscribe   Subscription = "subscribe"   // become a member (unless known as one)
	Unsubscribe Subscription = "unsubscribe" // leave the group silently
	Keep        Subscription = "keep"        // touch nothing about the membership
)

// The membership targets: `subscription` and `member.<Name>` (a member attribute in the group,
// sent by its bare name). Their values go to Contact.Subscription and Contact.Member, never to
// the contact's attributes.
const (
	fieldSubscription field = 100 + iota
	fieldMember
)

const (
	targetSubscription = "subscription"
	memberPrefix       = "member."
)

// The subscription modes a mapping's `subscription_mode` takes (Engage's spelling).
var subscriptionModes = []string{"OPT_IN", "CONFIRMED_OPT_IN", "DOUBLE_OPT_IN"}

// membershipField tells a membership target from the others.
func membershipField(target string) (field, bool) {
	t := strings.TrimSpace(target)
	switch {
	case strings.EqualFold(t, targetSubscription):
		return fieldSubscription, true
	case len(t) >= len(memberPrefix) && strings.EqualFold(t[:len(memberPrefix)], memberPrefix):
		return fieldMember, true
	}
	return 0, false
}

// columnField classifies a column's target: a membership target, an identifier field, or an
// attribute.
func columnField(target string) field {
	if f, ok := membershipField(target); ok {
		return f
	}
	return targetField(target)
}

// target is what Resolved shows for c and what two columns must not share.
func (c *col) target() string {
	switch {
	case c.field == fieldAttr, c.field == fieldSubscription, c.field == fieldMember:
		return c.attr
	}
	return c.field.String()
}

// parseSubscription reads a decision: subscribe, unsubscribe or keep, in any case.
func parseSubscription(v string) (Subscription, bool) {
	switch s := Subscription(strings.ToLower(strings.TrimSpace(v))); s {
	case Subscribe, Unsubscribe, Keep:
		return s, true
	}
	return "", false
}

// checkMembership validates a column with a membership target: a member attribute needs a name;
// a subscription column's values and default must be decisions.
func (c *Column) checkMembership(f field) error {
	if f == fieldMember {
		if strings.TrimSpace(strings.TrimSpace(c.Target)[len(memberPrefix):]) == "" {
			return errors.New("member. needs an attribute name, e.g. member.Code")
		}
		return nil
	}
	for _, in := range sortedKeys(c.Values) {
		if _, ok := parseSubscription(c.Values[in]); !ok {
			return fmt.Errorf("values: %q maps to %q; a subscription column's values are subscribe, unsubscribe or keep", in, c.Values[in])
		}
	}
	if c.HasDefault {
		if _, ok := parseSubscription(c.Default); !ok {
			return fmt.Errorf("default: %q is not subscribe, unsubscribe or keep", c.Default)
		}
	}
	return nil
}

// membership puts a membership column's value into c. An empty subscription cell (after values
// and default) keeps the membership; an empty member attribute is sent only with `empty: clear`.
func (m *Mapper) membership(c *Contact, cl *col, v string) *FieldError {
	if cl.field == fieldSubscription {
		if v == "" {
			c.Subscription = Keep
			return nil
		}
		s, ok := parseSubscription(v)
		if !ok {
			return &FieldError{Code: "invalid_subscription", Reason: "not subscribe, unsubscribe or keep (map the column's values to them under values)"}
		}
		c.Subscription = s
		return nil
	}
	name := strings.TrimSpace(cl.attr[len(memberPrefix):])
	if v == "" {
		if m.clear {
			c.Member = append(c.Member, Attribute{Name: name})
		}
		return nil
	}
	if fe := cl.rule.check(v); fe != nil {
		return fe
	}
	c.Member = append(c.Member, Attribute{Name: name, Value: v})
	return nil
}

// Group returns the mapping file's `group` (0: none) and `subscription_mode` ("": not given).
func (m *Mapper) Group() (int64, string) { return m.group, m.mode }

// membershipKey parses the mapping file keys `group` and `subscription_mode`.
func (p *parser) membershipKey(f *File, k, v *yaml.Node) {
	s, ok := p.scalar(v, k.Value)
	if !ok {
		return
	}
	s = strings.TrimSpace(s)
	if k.Value == "group" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			p.fail(v, "group: %q is not a group id (a positive number, as Engage shows it)", s)
			return
		}
		f.Group = id
		return
	}
	for _, mode := range subscriptionModes {
		if strings.EqualFold(s, mode) {
			f.SubscriptionMode = mode
			return
		}
	}
	p.fail(v, "subscription_mode: unknown mode %q (want %s)", s, strings.Join(subscriptionModes, ", "))
}

// checkMembershipKeys validates `group` and `subscription_mode` of a File built in code.
func (f *File) checkMembershipKeys(fail func(line int, format string, args ...any)) {
	if f.Group < 0 {
		fail(0, "group: %d is not a group id (a positive number)", f.Group)
	}
	if f.SubscriptionMode != "" {
		for _, mode := range subscriptionModes {
			if f.SubscriptionMode == mode {
				return
			}
		}
		fail(0, "subscription_mode: unknown mode %q (want %s)", f.SubscriptionMode, strings.Join(subscriptionModes, ", "))
	}
}

// Key returns a row's identifier value as Map would (transforms, values, default, the
// identifier's rule), for a row that Map refused because of another column: the nightly mirror
// must know which contacts the file still holds, bad rows included. ok is false when the
// identifier itself cannot be read.
func (m *Mapper) Key(cells []string) (key string, ok bool) {
	if len(cells) != len(m.header) {
		return "", false
	}
	for i := range m.cols {
		c := &m.cols[i]
		if c.field != m.idField {
			continue
		}
		if !utf8.ValidString(cells[c.index]) {
			return "", false
		}
		cell := cells[c.index]
		if c.template != nil {
			cell = renderTemplate(c.template, cells)
		}
		region := m.rowRegion(cells)
		v, _, fe := c.value(cell, region)
		if fe == nil && c.field == fieldMobile && v != "" {
			v, _, fe = mobileNumber(v, region)
		}
		if fe != nil || v == "" || c.rule.check(v) != nil {
			return "", false
		}
		return v, true
	}
	return "", false
}
