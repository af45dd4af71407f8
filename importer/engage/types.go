// Package engage is a client for the Mapp Engage contact API (REST v19: contact get, create,
// update, delete, and the attribute definitions of the July 2026 extension) and the one table of
// error codes that the client and the sandbox server share.
// It trusts an answer only when it is about the contact asked for (answer.go).
//
// A Client makes single attempts: retries, rate limiting and throttle feedback belong to the
// caller, which can put a limiter in front of every attempt with Config.BeforeAttempt. A Client is
// safe for concurrent use.
package engage

// Attribute is one profile attribute of a contact. Engage sends every value as a string.
type Attribute struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Contact is Engage's contact object. Empty identifier fields are omitted on the wire: Engage
// reads an empty mobileNumber on update as "remove the stored number".
type Contact struct {
	ContactID  int64       `json:"contactId,omitempty"`
	Email      string      `json:"emailAddress,omitempty"`
	Mobile     string      `json:"mobileNumber,omitempty"`
	Alias      string      `json:"applicationAlias,omitempty"`
	Identifier string      `json:"identifier,omitempty"`
	Attributes []Attribute `json:"attributes,omitempty"`
}

// IdentifierType names the field a contact is found by. Engage compares it case-sensitively.
type IdentifierType string

// The identifier types Engage knows.
const (
	IdentEmail    IdentifierType = "EMAIL"
	IdentMobile   IdentifierType = "MOBILE"
	IdentAlias    IdentifierType = "APP_ALIAS"
	IdentExternal IdentifierType = "EXTERNAL"
	IdentID       IdentifierType = "ID"
)

// Valid reports whether t is one of Engage's identifier types, spelled exactly.
func (t IdentifierType) Valid() bool {
	switch t {
	case IdentEmail, IdentMobile, IdentAlias, IdentExternal, IdentID:
		return true
	}
	return false
}

// ContactIdentifier is the body of get and delete.
type ContactIdentifier struct {
	Type  IdentifierType `json:"type"`
	Value string         `json:"value"`
}

// IdentifierOf returns the identifier of c for type t: the body field that update looks the
// contact up by.
func IdentifierOf(c *Contact, t IdentifierType) ContactIdentifier {
	id := ContactIdentifier{Type: t}
	switch f := c.identField(t); {
	case f != nil:
		id.Value = *f
	case t == IdentID && c.ContactID != 0:
		id.Value = formatInt(c.ContactID)
	}
	return id
}

// identField is the body field of c that holds an identifier of type t: nil for IdentID (the
// numeric ContactID) and for an unknown type. IdentifierOf reads it, identified sets it.
func (c *Contact) identField(t IdentifierType) *string {
	switch t {
	case IdentEmail:
		return &c.Email
	case IdentMobile:
		return &c.Mobile
	case IdentAlias:
		return &c.Alias
	case IdentExternal:
		return &c.Identifier
	}
	return nil
}
