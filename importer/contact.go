package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"contactimport/importer/engage"
	"contactimport/mapping"
)

// toEngage converts a mapped row into the wire contact, its custom attributes spelled the way
// the tenant names them (engage.SpellAttribute): the mapping marks a custom attribute by the
// user.CustomAttribute. prefix of its target (a bare target that is not a standard attribute's
// name is one too, as Engage reads it). Under NamingBare user.CustomAttribute.Tier goes out as
// Tier, under NamingPrefixed Tier goes out as user.CustomAttribute.Tier, and otherwise each goes
// out as mapped. A custom attribute named like a standard one (user.CustomAttribute.Title) keeps
// its prefix under NamingBare: bare, it would overwrite the standard attribute.
func toEngage(c mapping.Contact, naming engage.Naming) engage.Contact {
	out := engage.Contact{Email: c.Email, Mobile: c.Mobile, Alias: c.Alias, Identifier: c.External}
	if len(c.Attributes) > 0 {
		out.Attributes = make([]engage.Attribute, len(c.Attributes))
		for i, a := range c.Attributes {
			out.Attributes[i] = engage.Attribute{Name: engage.SpellAttribute(a.Name, naming), Value: a.Value}
		}
	}
	return out
}

// ledgerValue normalises an identifier value for bookkeeping (the ledger and the order of rows of
// one contact): Engage matches email addresses without regard to case, so two rows that differ
// only in case are the same contact (strings.ToLower folds Ö as well as O); and Engage stores an
// international domain in Punycode, so jörg@müller.de and jorg@xn--mller-kva.de name one contact
// there and share one key here: a domain with non-ASCII letters is keyed by its ASCII form (IDNA
// lookup profile, as the mapping validated it). A domain that has no ASCII form keeps its
// spelling; the mapping has refused such rows already.
func ledgerValue(t engage.IdentifierType, v string) string {
	if t != engage.IdentEmail {
		return v
	}
	v = strings.ToLower(v)
	at := strings.LastIndexByte(v, '@')
	if at < 0 || isASCII(v[at+1:]) {
		return v
	}
	if domain, err := idna.Lookup.ToASCII(v[at+1:]); err == nil {
		return v[:at+1] + domain
	}
	return v
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// contentHash identifies what a row sends: equal hashes mean an identical request body.
func contentHash(c *engage.Contact) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	field(c.Email)
	field(c.Mobile)
	field(c.Alias)
	field(c.Identifier)
	for _, a := range c.Attributes {
		h.Write([]byte{1})
		field(a.Name)
		field(a.Value)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
