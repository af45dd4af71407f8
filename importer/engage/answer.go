package engage

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// An answer is trusted only when it is about the contact that was asked for. A create, update or
// get answers with a contact; a server or proxy that mixes answers up (one answer too many on a
// keep-alive connection, so that each request receives the answer of the one before; a cache; a
// bug) would otherwise have the run report a row with another person's contactId and, with a
// group, subscribe that person. So every identifier field the request sent is compared with the
// one the answer carries, the way Engage compares them: email addresses without regard to case
// and with an international domain in its Punycode form, mobile numbers by their digits (E.164,
// with or without "+"), app aliases and external ids exactly, contactIds as numbers. The field
// the call looks the contact up by must be in the answer; another field sent may be missing
// from it, but not different. A create must name the contact by at least one of the unique
// fields it sent. A mismatch is an *UnreadableError (Other set): the outcome is unknown, and
// the caller re-checks.

// contactCall makes a call that answers with a contact: the contact sent describes, found by
// key ("" for a create). An answer that is not a contact with a contactId, or that is about
// another contact, is an *UnreadableError, and so is a "no such contact" or "contact exists"
// answer that names another contact. After such an answer the HTTP/1 connection it came on is
// closed (outOfStep): its answers may be out of step with its requests (one answer too many
// puts every later answer on the next request: a 204 of a membership call on a create, another
// row's contact on this one), and the next attempt must not inherit that.
func (c *Client) contactCall(ctx context.Context, op, path string, q url.Values, in any, sent *Contact, key IdentifierType) (*Contact, error) {
	var conn net.Conn
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { conn = i.Conn }})
	data, status, err := c.exchange(ctx, op, http.MethodPost, path, q, in)
	if why := refusalMismatch(sent, err); why != "" {
		c.outOfStep(conn)
		return nil, &UnreadableError{Op: op, Status: status, Why: why, Other: true}
	}
	if err != nil {
		return nil, opError(op+" contact", err)
	}
	var out Contact
	if err := decodeContact(op, status, data, &out); err != nil {
		c.outOfStep(conn)
		return nil, err
	}
	if why := answerMismatch(sent, &out, key); why != "" {
		c.outOfStep(conn)
		return nil, &UnreadableError{Op: op, Status: status, Why: why, Other: true}
	}
	return &out, nil
}

// refusalMismatch says why err, a "no such contact" or "contact exists" answer, is about another
// contact than sent, or "" when it is not such an answer or may be about sent. These two answers
// decide what the caller writes next (create after "not found", update after "exists"), so one
// meant for another request must not steer this one. Only the shapes whose meaning is known are
// judged: Engage's documented "no such contact" names the value looked for (propertyName
// "identifier", propertyValue "nobody@example.com"), which must be one of the identifiers sent;
// a "contact exists" that names an identifier field (emailAddress, mobileNumber,
// applicationAlias) must name the value sent in that field. Any other shape is left as it is.
func refusalMismatch(sent *Contact, err error) string {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Body.PropertyValue == "" {
		return ""
	}
	v, name := ae.Body.PropertyValue, strings.ToLower(ae.Body.PropertyName)
	switch {
	case ae.Kind == KindNotFound && name == "identifier":
		for _, f := range fields(sent, &Contact{}) {
			if f.sent != "" && f.same(f.sent, v) {
				return ""
			}
		}
	case ae.Kind == KindExists:
		for _, f := range fields(sent, &Contact{}) {
			if strings.ToLower(f.name) == name && f.name != "identifier" && f.name != "contactId" {
				if f.sent != "" && f.same(f.sent, v) {
					return ""
				}
				return "its " + ae.Code() + " names another " + f.name + " than the one sent"
			}
		}
		return ""
	default:
		return ""
	}
	return "its " + ae.Code() + " names a value that is none of the identifiers sent"
}

// outOfStep closes conn, on which an answer came that was not this request's, unless it is nil
// or carries HTTP/2, whose streams cannot be mixed up and whose connection other calls share.
// From then on every request of the client goes out on a connection of its own: a server or
// proxy that answered out of step once on a keep-alive connection may do so on any, and each
// answer after the first on a connection would then belong to the request before it.
func (c *Client) outOfStep(conn net.Conn) {
	if conn == nil {
		return
	}
	if tc, ok := conn.(*tls.Conn); ok && tc.ConnectionState().NegotiatedProtocol == "h2" {
		return
	}
	c.noReuse.Store(true)
	conn.Close()
}

// field is one identifier field of a contact, for comparing a request with its answer.
type field struct {
	name      string // the wire name, for the error
	sent, got string
	same      func(a, b string) bool
}

func fields(sent, got *Contact) []field {
	return []field{
		{"emailAddress", sent.Email, got.Email, sameEmail},
		{"mobileNumber", sent.Mobile, got.Mobile, sameMobile},
		{"applicationAlias", sent.Alias, got.Alias, sameExact},
		{"identifier", sent.Identifier, got.Identifier, sameExact},
		{"contactId", idString(sent.ContactID), idString(got.ContactID), sameExact},
	}
}

// answerMismatch says why got is not an answer about the contact sent describes, or "" when it
// is. key is the field the call finds the contact by; "" (a create) asks for at least one of the
// unique fields sent (email, mobile, alias) in the answer.
func answerMismatch(sent, got *Contact, key IdentifierType) string {
	keyName := ""
	if key != "" {
		keyName = fieldName(key)
	}
	named := false
	for _, f := range fields(sent, got) {
		if f.sent == "" {
			continue
		}
		if f.got == "" {
			if f.name == keyName {
				return "it does not carry the " + f.name + " the contact was asked for by"
			}
			continue
		}
		if !f.same(f.sent, f.got) {
			return "its " + f.name + " is not the one sent"
		}
		if f.name == keyName || (keyName == "" && f.name != "identifier" && f.name != "contactId") {
			named = true
		}
	}
	if !named && key == "" {
		return "it carries none of the email address, mobile number or app alias sent"
	}
	return ""
}

// fieldName is the wire name of the body field identifier type t finds a contact by.
func fieldName(t IdentifierType) string {
	switch t {
	case IdentEmail:
		return "emailAddress"
	case IdentMobile:
		return "mobileNumber"
	case IdentAlias:
		return "applicationAlias"
	case IdentExternal:
		return "identifier"
	case IdentID:
		return "contactId"
	}
	return ""
}

// identified is the contact a get of id asks for: one field set.
func identified(id ContactIdentifier) *Contact {
	c := &Contact{}
	if f := c.identField(id.Type); f != nil {
		*f = id.Value
	} else if id.Type == IdentID {
		c.ContactID, _ = strconv.ParseInt(id.Value, 10, 64)
	}
	return c
}

func idString(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func sameExact(a, b string) bool { return a == b }

// sameEmail compares two addresses as Engage does: without regard to case, an international
// domain taken in its Punycode form (Engage stores jörg@müller.de as jörg@xn--mller-kva.de).
func sameEmail(a, b string) bool {
	return strings.EqualFold(a, b) || emailKey(a) == emailKey(b)
}

func emailKey(s string) string {
	s = strings.ToLower(s)
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return s
	}
	if d, err := idna.Lookup.ToASCII(s[at+1:]); err == nil {
		return s[:at+1] + d
	}
	return s
}

// sameMobile compares two mobile numbers by their digits: E.164 with or without the leading
// "+", whatever spaces or dashes a tenant puts in. A number without digits matches nothing.
func sameMobile(a, b string) bool {
	da, db := digits(a), digits(b)
	return da != "" && da == db
}

func digits(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
