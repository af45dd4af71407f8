package sandbox

import (
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"testing"

	"contactimport/importer/engage"
)

func ptr[T any](v T) *T { return &v }

func TestCreateAndGet(t *testing.T) {
	s := newTestServer(t, Options{})
	created := mustCall(t, s, "create", map[string]any{
		"emailAddress": "Ann@Example.org", "mobileNumber": "+4915112345678", "applicationAlias": "ann-app",
		"identifier": "crm-1", "contactId": 999,
		"attributes": []map[string]string{{"name": "user.FirstName", "value": "Ann"}, {"name": "ZipCode", "value": "10115"}},
	})
	want := wireContact{ContactID: ptr(int64(1)), Email: ptr("Ann@Example.org"), Mobile: ptr("+4915112345678"),
		Alias: ptr("ann-app"), Identifier: ptr("crm-1"),
		Attributes: []wireAttribute{{"FirstName", "Ann"}, {"ZipCode", "10115"}}}
	if !reflect.DeepEqual(created, want) {
		t.Fatalf("create answered %s, want %s", show(created), show(want))
	}
	lookups := []struct{ typ, value string }{
		{"EMAIL", "Ann@Example.org"},
		{"EMAIL", "ann@example.ORG"}, // addresses compare case-insensitively
		{"MOBILE", "+4915112345678"},
		{"APP_ALIAS", "ann-app"},
		{"EXTERNAL", "crm-1"},
		{"ID", "1"},
	}
	for _, l := range lookups {
		t.Run(l.typ+"="+l.value, func(t *testing.T) {
			got := mustCall(t, s, "get", map[string]string{"type": l.typ, "value": l.value})
			if !reflect.DeepEqual(got, want) {
				t.Errorf("get answered %s, want %s", show(got), show(want))
			}
		})
	}
}

func show(c wireContact) string {
	return fmt.Sprintf("{id %v email %v mobile %v alias %v identifier %v attributes %v}",
		deref64(c.ContactID), deref(c.Email), deref(c.Mobile), deref(c.Alias), deref(c.Identifier), c.Attributes)
}

func deref64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func TestContactIDsAreASequence(t *testing.T) {
	s := newTestServer(t, Options{})
	for i, email := range []string{"a@x.io", "b@x.io"} {
		if got := mustCall(t, s, "create", map[string]string{"emailAddress": email}); deref64(got.ContactID) != int64(i+1) {
			t.Fatalf("contact %d got id %d", i+1, deref64(got.ContactID))
		}
	}
	mustCall(t, s, "delete", map[string]string{"type": "ID", "value": "2"})
	if got := mustCall(t, s, "create", map[string]string{"emailAddress": "c@x.io"}); deref64(got.ContactID) != 3 {
		t.Errorf("after deleting contact 2, the next contact got id %d, want 3", deref64(got.ContactID))
	}
}

func TestRefusals(t *testing.T) {
	seed := []map[string]any{
		{"emailAddress": "ann@example.org", "mobileNumber": "4915100000001", "applicationAlias": "ann", "identifier": "crm-1"},
		{"emailAddress": "bob@example.org", "identifier": "crm-1"},
	}
	tests := []struct {
		name     string
		endpoint string
		query    string
		body     string
		want     engage.ErrorBody
	}{
		{"create with a taken email", "create", "", `{"emailAddress":"ANN@example.org"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists, Message: "Such contact already exists",
				ObjectType: "Contact", PropertyName: "emailAddress", PropertyValue: "ANN@example.org"}},
		{"create with a taken mobile", "create", "", `{"emailAddress":"new@example.org","mobileNumber":"4915100000001"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists, Message: "Such contact already exists",
				ObjectType: "Contact", PropertyName: "mobileNumber", PropertyValue: "4915100000001"}},
		{"create with a taken alias", "create", "", `{"applicationAlias":"ann"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists, Message: "Such contact already exists",
				ObjectType: "Contact", PropertyName: "applicationAlias", PropertyValue: "ann"}},
		{"create with an external identifier only", "create", "", `{"identifier":"crm-2"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeMissingParameter,
				Message:       "A contact needs at least one of emailAddress, mobileNumber or applicationAlias.",
				ParameterName: "emailAddress"}},
		{"create with nothing", "create", "", `{}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeMissingParameter,
				Message:       "A contact needs at least one of emailAddress, mobileNumber or applicationAlias.",
				ParameterName: "emailAddress"}},
		{"get a missing contact", "get", "", `{"type":"EMAIL","value":"nobody@example.com"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeNoSuchObject,
				Message:    "Contact with identifier=nobody@example.com does not exist.",
				ObjectType: "Contact", PropertyName: "identifier", PropertyValue: "nobody@example.com"}},
		{"get a missing id", "get", "", `{"type":"ID","value":"77"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeNoSuchObject,
				Message:    "Contact with identifier=77 does not exist.",
				ObjectType: "Contact", PropertyName: "identifier", PropertyValue: "77"}},
		{"delete a missing contact", "delete", "", `{"type":"MOBILE","value":"4915100000009"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeNoSuchObject,
				Message:    "Contact with identifier=4915100000009 does not exist.",
				ObjectType: "Contact", PropertyName: "identifier", PropertyValue: "4915100000009"}},
		{"update a missing contact", "update", "?identifierType=EMAIL", `{"emailAddress":"nobody@example.com"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeNoSuchObject,
				Message:    "Contact with identifier=nobody@example.com does not exist.",
				ObjectType: "Contact", PropertyName: "identifier", PropertyValue: "nobody@example.com"}},
		{"update a missing id", "update", "?identifierType=ID", `{"contactId":42,"emailAddress":"x@example.com"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeNoSuchObject,
				Message:    "Contact with identifier=42 does not exist.",
				ObjectType: "Contact", PropertyName: "identifier", PropertyValue: "42"}},
		{"update to another contact's email", "update", "?identifierType=EXTERNAL", `{"identifier":"crm-1","emailAddress":"BOB@example.org"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists, Message: "Such contact already exists",
				ObjectType: "Contact", PropertyName: "emailAddress", PropertyValue: "BOB@example.org"}},
		{"update to another contact's mobile", "update", "?identifierType=EMAIL", `{"emailAddress":"bob@example.org","mobileNumber":"4915100000001"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists, Message: "Such contact already exists",
				ObjectType: "Contact", PropertyName: "mobileNumber", PropertyValue: "4915100000001"}},
		{"update to another contact's alias", "update", "?identifierType=ID", `{"contactId":2,"applicationAlias":"ann"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeAlreadyExists, Message: "Such contact already exists",
				ObjectType: "Contact", PropertyName: "applicationAlias", PropertyValue: "ann"}},
		{"update without identifierType", "update", "", `{"emailAddress":"ann@example.org"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeInvalidParameter,
				Message:       "Invalid value for parameter identifierType: required: one of EMAIL, MOBILE, APP_ALIAS, EXTERNAL, ID, UNIFIED_IDENTIFIER.",
				ParameterName: "identifierType"}},
		{"update with an empty identifierType", "update", "?identifierType=", `{"emailAddress":"ann@example.org"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeInvalidParameter,
				Message:       "Invalid value for parameter identifierType: required: one of EMAIL, MOBILE, APP_ALIAS, EXTERNAL, ID, UNIFIED_IDENTIFIER.",
				ParameterName: "identifierType"}},
		{"update with a lower-case identifierType", "update", "?identifierType=email", `{"emailAddress":"ann@example.org"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeInvalidParameter,
				Message:       "Invalid value for parameter identifierType: not one of EMAIL, MOBILE, APP_ALIAS, EXTERNAL, ID, UNIFIED_IDENTIFIER.",
				ParameterName: "identifierType", Value: "email"}},
		{"update without the lookup field", "update", "?identifierType=MOBILE", `{"emailAddress":"ann@example.org"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeMissingParameter,
				Message: "Parameter mobileNumber is required for identifierType MOBILE.", ParameterName: "mobileNumber"}},
		{"update by id without contactId", "update", "?identifierType=ID", `{"emailAddress":"ann@example.org"}`,
			engage.ErrorBody{ErrorActor: "CLIENT", ErrorCode: engage.CodeMissingParameter,
				Message: "Parameter contactId is required for identifierType ID.", ParameterName: "contactId"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			for _, c := range seed {
				mustCall(t, s, "create", c)
			}
			before, _ := s.Contacts(t.Context())
			rec := call(t, s, tt.endpoint+tt.query, tt.body)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400 (body %s)", rec.Code, rec.Body)
			}
			if got := envelope(t, rec); got != tt.want {
				t.Errorf("answer = %+v\nwant     %+v", got, tt.want)
			}
			if after, _ := s.Contacts(t.Context()); !reflect.DeepEqual(after, before) {
				t.Errorf("a refused call changed the store:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

func TestUpdateFindsContactByType(t *testing.T) {
	tests := []struct {
		typ  string
		body string
		want int64
	}{
		{"EMAIL", `{"emailAddress":"BOB@example.org","identifier":"x"}`, 2},
		{"MOBILE", `{"mobileNumber":"4915100000002","identifier":"x"}`, 2},
		{"APP_ALIAS", `{"applicationAlias":"bob","identifier":"x"}`, 2},
		{"ID", `{"contactId":3,"identifier":"x"}`, 3},
		// The external identifier is not unique: the oldest contact that has it is the one.
		{"EXTERNAL", `{"identifier":"shared","emailAddress":"new@example.org"}`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			s := newTestServer(t, Options{})
			mustCall(t, s, "create", map[string]string{"emailAddress": "ann@example.org", "identifier": "other"})
			mustCall(t, s, "create", map[string]string{"emailAddress": "bob@example.org", "mobileNumber": "4915100000002",
				"applicationAlias": "bob", "identifier": "shared"})
			mustCall(t, s, "create", map[string]string{"emailAddress": "cid@example.org", "identifier": "shared"})
			got := mustCall(t, s, "update?identifierType="+tt.typ, tt.body)
			if deref64(got.ContactID) != tt.want {
				t.Errorf("update changed contact %d, want %d", deref64(got.ContactID), tt.want)
			}
			if n := s.Stats().Contacts; n != 3 {
				t.Errorf("%d contacts after update, want 3: update must never create", n)
			}
		})
	}
}

func TestDelete(t *testing.T) {
	s := newTestServer(t, Options{})
	mustCall(t, s, "create", map[string]string{"emailAddress": "ann@example.org"})
	rec := call(t, s, "delete", map[string]string{"type": "EMAIL", "value": "ann@example.org"})
	if rec.Code != http.StatusOK {
		t.Fatalf("delete: status %d, body %s", rec.Code, rec.Body)
	}
	if rec := call(t, s, "get", map[string]string{"type": "EMAIL", "value": "ann@example.org"}); rec.Code != http.StatusBadRequest {
		t.Errorf("get after delete: status %d, want 400", rec.Code)
	}
	// The address is free again.
	mustCall(t, s, "create", map[string]string{"emailAddress": "ann@example.org"})
}

// TestConcurrentCreates checks that uniqueness holds when the same contact is created many times at
// once, as a worker pool racing itself would.
func TestConcurrentCreates(t *testing.T) {
	s := newTestServer(t, Options{})
	const n = 24
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			email := "same@example.org"
			if i%2 == 1 {
				email = fmt.Sprintf("own%d@example.org", i)
			}
			statuses[i] = call(t, s, "create", map[string]string{"emailAddress": email}).Code
		})
	}
	wg.Wait()
	created := 0
	for _, st := range statuses {
		if st == http.StatusOK {
			created++
		}
	}
	if created != n/2+1 {
		t.Errorf("%d creates succeeded, want %d (every own address, the shared one once)", created, n/2+1)
	}
	if got := s.Stats().Contacts; got != n/2+1 {
		t.Errorf("%d contacts stored, want %d", got, n/2+1)
	}
}
