package sandbox

import (
	"net/http"
	"testing"

	"contactimport/importer/engage"
)

// TestExternalIdentifierIsNotUnique plays Engage's external ids (ENGAGE-API.md: `identifier` is
// "not unique"; an external identifier alone cannot create a contact): a create never fails
// because another contact has the id, get and update with type EXTERNAL find the oldest contact
// that has it, and a missing id is NO_SUCH_OBJECT without creating anything.
func TestExternalIdentifierIsNotUnique(t *testing.T) {
	s := newTestServer(t, Options{})
	first := mustCall(t, s, "create", map[string]string{"emailAddress": "a@example.org", "identifier": "crm-1"})
	second := mustCall(t, s, "create", map[string]string{"emailAddress": "b@example.org", "identifier": "crm-1"})
	if deref64(first.ContactID) == deref64(second.ContactID) {
		t.Fatalf("two creates with one external id gave one contact %d", deref64(first.ContactID))
	}

	got := mustCall(t, s, "get", map[string]string{"type": "EXTERNAL", "value": "crm-1"})
	if deref64(got.ContactID) != deref64(first.ContactID) {
		t.Errorf("get EXTERNAL crm-1 found contact %d, want the oldest, %d", deref64(got.ContactID), deref64(first.ContactID))
	}

	upd := mustCall(t, s, "update?identifierType=EXTERNAL",
		map[string]string{"identifier": "crm-1", "emailAddress": "a2@example.org"})
	if deref64(upd.ContactID) != deref64(first.ContactID) || deref(upd.Email) != "a2@example.org" {
		t.Errorf("update EXTERNAL crm-1 answered %s, want contact %d with a2@example.org", show(upd), deref64(first.ContactID))
	}
	if got := mustCall(t, s, "get", map[string]string{"type": "ID", "value": "2"}); deref(got.Email) != "b@example.org" {
		t.Errorf("the update changed the younger contact with the id too: %s", show(got))
	}

	for _, tt := range []struct {
		endpoint string
		body     map[string]string
		code     string
	}{
		{"update?identifierType=EXTERNAL", map[string]string{"identifier": "crm-9", "emailAddress": "c@example.org"}, engage.CodeNoSuchObject},
		{"get", map[string]string{"type": "EXTERNAL", "value": "crm-9"}, engage.CodeNoSuchObject},
		{"create", map[string]string{"identifier": "crm-9"}, engage.CodeMissingParameter},
	} {
		rec := call(t, s, tt.endpoint, tt.body)
		if body := envelope(t, rec); rec.Code != http.StatusBadRequest || body.ErrorCode != tt.code {
			t.Errorf("%s %v: status %d, code %q; want 400 %s", tt.endpoint, tt.body, rec.Code, body.ErrorCode, tt.code)
		}
	}
	if n := s.Stats().Contacts; n != 2 {
		t.Errorf("%d contacts, want 2: a missing external id creates nothing", n)
	}

	mustCall(t, s, "delete", map[string]string{"type": "ID", "value": "1"})
	if got := mustCall(t, s, "get", map[string]string{"type": "EXTERNAL", "value": "crm-1"}); deref64(got.ContactID) != deref64(second.ContactID) {
		t.Errorf("after deleting the oldest, get EXTERNAL crm-1 found %d, want %d", deref64(got.ContactID), deref64(second.ContactID))
	}
}
