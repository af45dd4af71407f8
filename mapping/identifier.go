package mapping

import (
	"fmt"
	"slices"
	"strings"
)

// Identifier is how contacts are matched: the contact field whose value finds the contact.
type Identifier string

// The identifiers Engage can match on (identifierType EMAIL, MOBILE, APP_ALIAS and EXTERNAL).
const (
	Email    Identifier = "email"
	Mobile   Identifier = "mobile"
	Alias    Identifier = "alias"
	External Identifier = "external"
)

// Identifiers returns the identifiers ParseIdentifier takes, in the order the documentation
// gives them.
func Identifiers() []Identifier { return []Identifier{Email, Mobile, Alias, External} }

// ParseIdentifier parses an identifier name as written on the command line or in a mapping
// file, ignoring case and surrounding space.
func ParseIdentifier(s string) (Identifier, error) {
	if id := Identifier(strings.ToLower(strings.TrimSpace(s))); slices.Contains(Identifiers(), id) {
		return id, nil
	}
	return "", fmt.Errorf("parse identifier: unknown identifier %q (want email, mobile, alias or external)", s)
}

// field is where a mapped value lands in a Contact.
type field uint8

const (
	fieldAttr field = iota
	fieldEmail
	fieldMobile
	fieldAlias
	fieldExternal
)

func (id Identifier) field() field {
	switch id {
	case Email:
		return fieldEmail
	case Mobile:
		return fieldMobile
	case Alias:
		return fieldAlias
	case External:
		return fieldExternal
	}
	return fieldAttr
}

// String names the field the way Resolved and error messages show it.
func (f field) String() string {
	switch f {
	case fieldEmail:
		return string(Email)
	case fieldMobile:
		return string(Mobile)
	case fieldAlias:
		return string(Alias)
	case fieldExternal:
		return string(External)
	}
	return "attribute"
}

// targetField classifies a mapping target. Besides the four identifier names, Mapp's own import
// headers for the identifier fields are accepted (with the optional "user." prefix Engage allows),
// because sending them as attributes would never set the contact's email or mobile number.
func targetField(target string) field {
	switch strings.ToLower(target) {
	case "email", "user.email":
		return fieldEmail
	case "mobile", "mobilenumber", "user.mobilenumber":
		return fieldMobile
	case "alias", "faxnumber", "user.faxnumber":
		return fieldAlias
	case "external", "identifier", "user.identifier":
		return fieldExternal
	}
	return fieldAttr
}

// attrKey is the name Engage matches an attribute by: case-insensitive, "user." prefix optional.
func attrKey(name string) string {
	k := strings.ToLower(name)
	return strings.TrimPrefix(k, "user.")
}

// targetKey identifies what a target writes, so that two spellings of one target collide.
func targetKey(target string) string {
	if f := targetField(target); f != fieldAttr {
		return "field:" + f.String()
	}
	return "attr:" + attrKey(target)
}

// TargetKey identifies what a mapping target writes: two spellings of one target ("email" and
// "user.Email") have the same key.
func TargetKey(target string) string { return targetKey(target) }

// TargetIdentifier returns the identifier a mapping target sets, or "" for an attribute.
func TargetIdentifier(target string) Identifier {
	switch targetField(target) {
	case fieldEmail:
		return Email
	case fieldMobile:
		return Mobile
	case fieldAlias:
		return Alias
	case fieldExternal:
		return External
	}
	return ""
}
