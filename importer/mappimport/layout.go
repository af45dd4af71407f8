package mappimport

import (
	"fmt"
	"strings"

	"contactimport/mapping"
)

// Mapp's header names of the contact's identifier fields (Quick Reference: Contact Import CSV).
const (
	HeaderEmail      = "user.Email"
	HeaderMobile     = "user.MobileNumber"
	HeaderAlias      = "user.FaxNumber" // the mobile app alias, under its historic name
	HeaderIdentifier = "user.Identifier"
)

const (
	userPrefix   = "user."
	customPrefix = "CustomAttribute."
	memberPrefix = "member."
	splitPrefix  = "split: " // mapping.Resolved's target of a split column
)

// standard are Engage's standard profile attributes, keyed in lower case, spelled as Mapp's
// quick reference writes them.
var standard = map[string]string{
	"firstname": "FirstName", "lastname": "LastName", "nickname": "Nickname", "title": "Title",
	"dateofbirth": "DateOfBirth", "zipcode": "ZipCode", "isocountrycode": "ISOCountryCode",
	"isolanguagecode": "ISOLanguageCode", "timezone": "TimeZone", "partnerid": "PartnerId",
}

// HeaderName returns the import header of a mapped attribute, read the way Engage reads
// attribute names (case-insensitive, "user." optional): a standard attribute becomes
// user.<Standard> spelled as Mapp does (user.firstname → user.FirstName); member.<Name> stays a
// member attribute; user.CustomAttribute.<Name> and any other name are custom attributes,
// written user.CustomAttribute.<Name> with the name's own case.
func HeaderName(attr string) string {
	s := strings.TrimSpace(attr)
	if rest, ok := cutPrefixFold(s, memberPrefix); ok {
		return memberPrefix + rest
	}
	s, _ = cutPrefixFold(s, userPrefix)
	if rest, ok := cutPrefixFold(s, customPrefix); ok {
		return userPrefix + customPrefix + rest
	}
	if std, ok := standard[strings.ToLower(s)]; ok {
		return userPrefix + std
	}
	return userPrefix + customPrefix + s
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// Layout is the column plan of the import files: Mapp's header, and where each part of a mapped
// contact goes. The mapping's identifier is the first column, as Mapp's import wants; then the
// other identifier fields the mapping fills (email, mobile, alias, external id, in that order);
// then the profile attributes and then the member attributes, each in the mapping's order
// (header order, then constants).
type Layout struct {
	header   []string
	email    int // column of each identifier field; -1 when the mapping has none
	mobile   int
	alias    int
	external int
	attrs    map[string]int // attribute name as the mapper emits it → column
	members  map[string]int // member attribute, bare name in lower case → column
}

// NewLayout plans the columns of m's contacts. Two targets that land in one import column
// (Tier and user.CustomAttribute.Tier are the same custom attribute in Mapp's file import) are
// an error naming both.
func NewLayout(m *mapping.Mapper) (*Layout, error) {
	l := &Layout{email: -1, mobile: -1, alias: -1, external: -1, attrs: map[string]int{}, members: map[string]int{}}
	has := map[string]bool{}
	var profile, member []string
	for _, r := range m.Resolved() {
		switch t := r.Target; {
		case strings.HasPrefix(t, "("): // skipped or ignored
		case strings.EqualFold(t, "subscription"):
			// Mapp's file import makes every row of a file a member of the group it is imported
			// into: a row that says unsubscribe or keep would be subscribed.
			return nil, fmt.Errorf("mapping: column %q decides each row's subscription, which Mapp's import file cannot carry (every row of a file becomes a member of the group it is imported into); use import --group for this list, or leave the column out of the mapping for convert", r.Column)
		case t == string(mapping.Email), t == string(mapping.Mobile), t == string(mapping.Alias), t == string(mapping.External):
			has[t] = true
		default:
			// A split column fills two attributes; Resolved names them "split: A, B".
			targets := []string{t}
			if rest, ok := strings.CutPrefix(t, splitPrefix); ok {
				if a, b, ok := strings.Cut(rest, ", "); ok {
					targets = []string{a, b}
				}
			}
			for _, t := range targets {
				if strings.HasPrefix(HeaderName(t), memberPrefix) {
					member = append(member, t)
				} else {
					profile = append(profile, t)
				}
			}
		}
	}
	order := []mapping.Identifier{m.Identifier()}
	for _, id := range []mapping.Identifier{mapping.Email, mapping.Mobile, mapping.Alias, mapping.External} {
		if id != m.Identifier() {
			order = append(order, id)
		}
	}
	for _, id := range order {
		if !has[string(id)] {
			continue
		}
		n := len(l.header)
		switch id {
		case mapping.Email:
			l.email = n
			l.header = append(l.header, HeaderEmail)
		case mapping.Mobile:
			l.mobile = n
			l.header = append(l.header, HeaderMobile)
		case mapping.Alias:
			l.alias = n
			l.header = append(l.header, HeaderAlias)
		case mapping.External:
			l.external = n
			l.header = append(l.header, HeaderIdentifier)
		}
	}
	owner := map[string]string{}
	for _, h := range l.header {
		owner[strings.ToLower(h)] = h
	}
	for _, t := range append(profile, member...) {
		h := HeaderName(t)
		if prev, ok := owner[strings.ToLower(h)]; ok {
			return nil, fmt.Errorf("mapping: targets %q and %q are both %s in Mapp's import file; map only one of them", prev, t, h)
		}
		owner[strings.ToLower(h)] = t
		if rest, ok := cutPrefixFold(t, memberPrefix); ok {
			l.members[strings.ToLower(strings.TrimSpace(rest))] = len(l.header)
		} else {
			l.attrs[t] = len(l.header)
		}
		l.header = append(l.header, h)
	}
	return l, nil
}

// Header returns the import header: Mapp's column names. The slice is the caller's.
func (l *Layout) Header() []string { return append([]string(nil), l.header...) }

// Fill puts c's values into cells, which must have len(Header()) entries; a column c does not
// carry is "" (Mapp: "use empty quotation marks"). An attribute the layout has no column for
// (the contact was mapped by another mapper) is an error, never dropped.
func (l *Layout) Fill(c *mapping.Contact, cells []string) error {
	clear(cells)
	set := func(i int, v string) {
		if i >= 0 {
			cells[i] = v
		}
	}
	set(l.email, c.Email)
	set(l.mobile, c.Mobile)
	set(l.alias, c.Alias)
	set(l.external, c.External)
	for _, a := range c.Attributes {
		i, ok := l.attrs[a.Name]
		if !ok {
			return fmt.Errorf("attribute %q has no column in the import file", a.Name)
		}
		cells[i] = a.Value
	}
	for _, a := range c.Member {
		i, ok := l.members[strings.ToLower(a.Name)]
		if !ok {
			return fmt.Errorf("member attribute %q has no column in the import file", a.Name)
		}
		cells[i] = a.Value
	}
	return nil
}
