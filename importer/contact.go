package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"contactimport/importer/engage"
	"contactimport/mapping"
)

// toEngage converts a mapped row into the wire contact.
func toEngage(c mapping.Contact) engage.Contact {
	out := engage.Contact{Email: c.Email, Mobile: c.Mobile, Alias: c.Alias, Identifier: c.External}
	if len(c.Attributes) > 0 {
		out.Attributes = make([]engage.Attribute, len(c.Attributes))
		for i, a := range c.Attributes {
			out.Attributes[i] = engage.Attribute{Name: a.Name, Value: a.Value}
		}
	}
	return out
}

// ledgerValue normalises an identifier value for bookkeeping: Engage matches email addresses
// without regard to case, so two rows that differ only in case are the same contact.
func ledgerValue(t engage.IdentifierType, v string) string {
	if t == engage.IdentEmail {
		return strings.ToLower(v)
	}
	return v
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
