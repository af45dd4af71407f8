package sandbox

import (
	"context"
	"net/http"
	"testing"

	"contactimport/importer/engage"
)

// TestInternationalDomainStoredInPunycode: Engage converts a domain with accented letters to
// Punycode; the sandbox stores that form, answers with it, and finds the contact by either
// spelling, in any case.
func TestInternationalDomainStoredInPunycode(t *testing.T) {
	s := newTestServer(t, Options{})
	created := mustCall(t, s, "create", map[string]any{"emailAddress": "Jorg@Müller.de"})
	if got, want := deref(created.Email), "Jorg@xn--mller-kva.de"; got != want {
		t.Fatalf("create answered email %q, want %q", got, want)
	}
	for _, v := range []string{"Jorg@Müller.de", "jorg@müller.de", "JORG@MÜLLER.DE", "jorg@xn--mller-kva.de", "JORG@XN--MLLER-KVA.DE"} {
		got := mustCall(t, s, "get", map[string]string{"type": "EMAIL", "value": v})
		if deref64(got.ContactID) != deref64(created.ContactID) {
			t.Errorf("get %q found contact %d, want %d", v, deref64(got.ContactID), deref64(created.ContactID))
		}
	}

	// Either spelling is the same address: creating it again is refused.
	rec := call(t, s, "create", map[string]any{"emailAddress": "JORG@xn--MLLER-kva.de"})
	var body engage.ErrorBody
	if rec.Code != http.StatusBadRequest || decodeJSON(rec.Result(), &body) != nil || body.ErrorCode != engage.CodeAlreadyExists ||
		body.PropertyName != "emailAddress" || body.PropertyValue != "JORG@xn--MLLER-kva.de" {
		t.Errorf("second create: status %d, %+v; want ALREADY_EXISTS naming the address as sent", rec.Code, body)
	}

	// An update by email finds it by the other spelling, and by UNIFIED_IDENTIFIER too.
	mustCall(t, s, "update?identifierType=EMAIL", map[string]any{"emailAddress": "JORG@xn--mller-kva.de",
		"attributes": []map[string]string{{"name": "FirstName", "value": "Jörg"}}})
	mustCall(t, s, "update?identifierType=UNIFIED_IDENTIFIER&unifiedIdentifierName=jorg@M%C3%9CLLER.de", map[string]any{
		"attributes": []map[string]string{{"name": "LastName", "value": "Müller"}}})
	all, err := s.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Email != "JORG@xn--mller-kva.de" || all[0].Attributes["FirstName"] != "Jörg" || all[0].Attributes["LastName"] != "Müller" {
		t.Errorf("stored %+v, want one contact JORG@xn--mller-kva.de named Jörg Müller", all)
	}
}

// TestSharpSIsKept: the lookup profile is non-transitional (IDNA2008), so straße.de is
// xn--strae-oqa.de, not strasse.de: two different addresses.
func TestSharpSIsKept(t *testing.T) {
	s := newTestServer(t, Options{})
	a := mustCall(t, s, "create", map[string]any{"emailAddress": "anna@straße.de"})
	b := mustCall(t, s, "create", map[string]any{"emailAddress": "anna@strasse.de"})
	if deref(a.Email) != "anna@xn--strae-oqa.de" || deref(b.Email) != "anna@strasse.de" {
		t.Errorf("stored %q and %q, want anna@xn--strae-oqa.de and anna@strasse.de", deref(a.Email), deref(b.Email))
	}
}
