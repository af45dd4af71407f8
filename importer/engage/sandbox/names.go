package sandbox

import (
	"strings"

	"contactimport/importer/engage"
)

// customPrefix marks a custom attribute after the optional "user.": user.CustomAttribute.<Name>.
const customPrefix = "CustomAttribute."

// standardName returns the canonical spelling of one of Engage's standard profile attributes,
// given its name in lower case.
func standardName(folded string) (string, bool) {
	switch folded {
	case "firstname":
		return "FirstName", true
	case "lastname":
		return "LastName", true
	case "nickname":
		return "Nickname", true
	case "title":
		return "Title", true
	case "dateofbirth":
		return "DateOfBirth", true
	case "zipcode":
		return "ZipCode", true
	case "isocountrycode":
		return "ISOCountryCode", true
	case "isolanguagecode":
		return "ISOLanguageCode", true
	case "timezone":
		return "TimeZone", true
	case "partnerid":
		return "PartnerId", true
	}
	return "", false
}

// attrName is an attribute name as a request spelled it, read.
type attrName struct {
	key      string // the name it is stored under; "" when the request named nothing
	custom   bool   // a custom attribute, not one of Engage's standard ones
	prefixed bool   // a custom attribute spelled with its CustomAttribute. prefix
}

// parseAttribute reads an attribute name. "user." is optional and matched case-insensitively.
// After it, "CustomAttribute.<Name>" is the custom attribute <Name>; otherwise one of Engage's
// standard names (FirstName, LastName, Nickname, Title, DateOfBirth, ZipCode, ISOCountryCode,
// ISOLanguageCode, TimeZone, PartnerId, in any case) is that standard attribute, and any other
// name is the custom attribute of that name, spelled bare.
func parseAttribute(name string) attrName {
	name = trimPrefixFold(strings.TrimSpace(name), "user.")
	if rest := trimPrefixFold(name, customPrefix); len(rest) != len(name) {
		return attrName{key: customKey(rest), custom: true, prefixed: true}
	}
	if canon, ok := standardName(strings.ToLower(name)); ok {
		return attrName{key: canon}
	}
	return attrName{key: customKey(name), custom: true}
}

// customKey is the name a custom attribute is stored and answered under: its own name, except
// when that is a standard attribute's name, which keeps the full prefix so that the two stay apart
// (user.CustomAttribute.Title is not user.Title).
func customKey(name string) string {
	if _, ok := standardName(strings.ToLower(name)); ok {
		return "user." + customPrefix + name
	}
	return name
}

// CanonicalAttribute returns the name under which a Server with the default Behaviour stores an
// attribute: standard names in their canonical spelling whatever the case and with or without
// "user."; custom attributes, spelled bare or as user.CustomAttribute.<Name>, as <Name> (a Server
// then keeps the spelling it saw first), except those named like a standard attribute, which stay
// user.CustomAttribute.<Name>.
func CanonicalAttribute(name string) string { return parseAttribute(name).key }

func trimPrefixFold(s, prefix string) string {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):]
	}
	return s
}

// resolveAttribute reads the attribute name a request sent, as the tenant the Server plays would:
// a custom attribute spelled the way the tenant does not name them, or one the tenant lacks, is
// refused as an attribute that does not exist. A known custom attribute takes the spelling of
// KnownCustomAttributes.
func (s *Server) resolveAttribute(sent string) (attrName, *engage.ErrorBody) {
	a := parseAttribute(sent)
	if a.key == "" {
		return a, invalid("attributes.name", sent, "an attribute needs a name")
	}
	if !a.custom {
		return a, nil
	}
	switch naming := s.behaviour.CustomAttributes; {
	case naming == NamingBare && a.prefixed, naming == NamingPrefixed && !a.prefixed:
		return a, unknownAttribute(sent)
	}
	if s.known != nil {
		spelling, ok := s.known[strings.ToLower(customName(sent))]
		if !ok {
			return a, unknownAttribute(sent)
		}
		a.key = customKey(spelling) // the tenant's spelling, as its answers show it
	}
	return a, nil
}

// unknownAttribute is the answer for an attribute the tenant does not have: INVALID_PARAMETER, in
// the words and context fields of the documented NO_SUCH_OBJECT answer. The name is the one sent.
func unknownAttribute(sent string) *engage.ErrorBody {
	return &engage.ErrorBody{ErrorCode: engage.CodeInvalidParameter,
		Message:    "Attribute with name=" + sent + " does not exist.",
		ObjectType: "Attribute", PropertyName: "name", PropertyValue: sent}
}
