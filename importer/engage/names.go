package engage

import "strings"

// customPrefix marks a custom attribute after the optional "user.": user.CustomAttribute.<Name>.
const customPrefix = "CustomAttribute."

// standardAttributes are Engage's standard profile attributes, by their name in lower case.
var standardAttributes = map[string]string{
	"firstname": "FirstName", "lastname": "LastName", "nickname": "Nickname", "title": "Title",
	"dateofbirth": "DateOfBirth", "zipcode": "ZipCode", "isocountrycode": "ISOCountryCode",
	"isolanguagecode": "ISOLanguageCode", "timezone": "TimeZone", "partnerid": "PartnerId",
}

// AttributeName is an attribute name read the way Engage reads it (ENGAGE-API.md, "Attribute
// names"): "user." is optional and case does not matter; user.CustomAttribute.<Name> is the
// custom attribute <Name>; one of the standard names (FirstName, LastName, Nickname, Title,
// DateOfBirth, ZipCode, ISOCountryCode, ISOLanguageCode, TimeZone, PartnerId) is that standard
// attribute; any other name is a custom attribute spelled bare.
type AttributeName struct {
	Name     string // without "user." and "CustomAttribute."
	Custom   bool
	Prefixed bool // a custom attribute spelled user.CustomAttribute.<Name> (or CustomAttribute.<Name>)
}

// ParseAttributeName reads name.
func ParseAttributeName(name string) AttributeName {
	s := trimPrefixFold(strings.TrimSpace(name), "user.")
	if rest := trimPrefixFold(s, customPrefix); len(rest) != len(s) {
		return AttributeName{Name: rest, Custom: true, Prefixed: true}
	}
	if _, ok := standardAttributes[strings.ToLower(s)]; ok {
		return AttributeName{Name: s}
	}
	return AttributeName{Name: s, Custom: true}
}

// Key identifies the attribute whatever its spelling: equal keys name the same attribute. A
// custom attribute never has the key of a standard one (user.CustomAttribute.Title is not Title).
func (a AttributeName) Key() string {
	if a.Custom {
		return "custom:" + strings.ToLower(a.Name)
	}
	return "standard:" + strings.ToLower(a.Name)
}

// SpellAttribute spells attribute name the way a tenant with naming n accepts it. Standard
// attributes are returned as they are. Custom ones: NamingBare sends user.CustomAttribute.Tier as
// Tier; NamingPrefixed sends Tier as user.CustomAttribute.Tier; NamingEither and "" (not known)
// leave the name as it is.
//
// A custom attribute named like a standard one (user.CustomAttribute.Title) keeps its prefix even
// under NamingBare: spelled bare it would be the standard attribute Title, and the row's value
// would land there. On a tenant that accepts custom attributes bare only, such an attribute
// cannot be written through the contact calls at all; the tenant refuses it and the row fails,
// which is better than changing another attribute.
func SpellAttribute(name string, n Naming) string {
	a := ParseAttributeName(name)
	if !a.Custom {
		return name
	}
	switch n {
	case NamingBare:
		if _, standard := standardAttributes[strings.ToLower(a.Name)]; standard || !a.Prefixed {
			return name
		}
		return a.Name
	case NamingPrefixed:
		if a.Prefixed {
			return name
		}
		return "user." + customPrefix + a.Name
	}
	return name
}

func trimPrefixFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}
