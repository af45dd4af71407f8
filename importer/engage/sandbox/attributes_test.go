package sandbox

import (
	"net/http"
	"reflect"
	"testing"

	"contactimport/importer/engage"
)

func TestCanonicalAttribute(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"FirstName", "FirstName"},
		{"firstname", "FirstName"},
		{"user.FirstName", "FirstName"},
		{"USER.FIRSTNAME", "FirstName"},
		{"user.firstname", "FirstName"},
		{"lastName", "LastName"},
		{"user.nickname", "Nickname"},
		{"TITLE", "Title"},
		{"user.dateofbirth", "DateOfBirth"},
		{"zipcode", "ZipCode"},
		{"user.isocountrycode", "ISOCountryCode"},
		{"IsoLanguageCode", "ISOLanguageCode"},
		{"user.timezone", "TimeZone"},
		{"partnerid", "PartnerId"},
		{"user.CustomAttribute.Shoe Size", "Shoe Size"},
		{"user.customattribute.shoe size", "shoe size"},
		{"CustomAttribute.Tier", "Tier"},
		{"user.Tier", "Tier"},
		{"Tier", "Tier"},
		{"  user.FirstName ", "FirstName"},
		{"user.", ""},
		{"user.CustomAttribute.", ""},
		// A custom attribute named like a standard one is another attribute.
		{"user.CustomAttribute.Title", "user.CustomAttribute.Title"},
		{"customattribute.FIRSTNAME", "user.CustomAttribute.FIRSTNAME"},
		{"username", "username"},
		{"FirstNames", "FirstNames"},
	}
	for _, tt := range tests {
		if got := CanonicalAttribute(tt.in); got != tt.want {
			t.Errorf("CanonicalAttribute(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAttributeNamesStoredCanonically(t *testing.T) {
	s := newTestServer(t, Options{})
	mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org", "attributes": []wireAttribute{
		{"user.firstname", "Ann"}, {"user.CustomAttribute.Shoe Size", "38"}, {"TIER", "gold"}, {"tier", "silver"},
	}})
	mustCall(t, s, "create", map[string]any{"emailAddress": "bob@example.org", "attributes": []wireAttribute{
		{"FIRSTNAME", "Bob"}, {"shoe size", "44"},
	}})
	got, err := s.Contacts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []Contact{
		// Within one request a later duplicate wins; across contacts the first spelling stays.
		{ID: 1, Email: "ann@example.org", Attributes: map[string]string{"FirstName": "Ann", "Shoe Size": "38", "TIER": "silver"}},
		{ID: 2, Email: "bob@example.org", Attributes: map[string]string{"FirstName": "Bob", "Shoe Size": "44"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored %+v\nwant   %+v", got, want)
	}
	rec := call(t, s, "create", map[string]any{"emailAddress": "cid@example.org", "attributes": []wireAttribute{{"user.", "x"}}})
	if body := envelope(t, rec); rec.Code != http.StatusBadRequest || body.ErrorCode != engage.CodeInvalidParameter {
		t.Errorf("attribute without a name: status %d, code %q; want 400 INVALID_PARAMETER", rec.Code, body.ErrorCode)
	}
}

func TestUpdateModes(t *testing.T) {
	stored := map[string]any{
		"emailAddress": "ann@example.org", "mobileNumber": "4915100000001", "applicationAlias": "ann", "identifier": "crm-1",
		"attributes": []wireAttribute{{"FirstName", "Ann"}, {"LastName", "Lee"}, {"Tier", "gold"}},
	}
	tests := []struct {
		name string
		mode string
		body map[string]any
		want Contact
	}{
		{"merge keeps what the body leaves out", "", map[string]any{
			"emailAddress": "ann@example.org", "attributes": []wireAttribute{{"user.firstname", "Anne"}}},
			Contact{ID: 1, Email: "ann@example.org", Mobile: "4915100000001", Alias: "ann", Identifier: "crm-1",
				Attributes: map[string]string{"FirstName": "Anne", "LastName": "Lee", "Tier": "gold"}}},
		{"merge clears empty values", "merge", map[string]any{
			"emailAddress": "ann@example.org", "mobileNumber": "", "identifier": "",
			"attributes": []wireAttribute{{"LastName", ""}, {"tier", ""}}},
			Contact{ID: 1, Email: "ann@example.org", Alias: "ann", Attributes: map[string]string{"FirstName": "Ann"}}},
		{"merge changes identifier fields", "merge", map[string]any{
			"contactId": 1, "emailAddress": "Ann.Lee@example.org", "mobileNumber": "4915100000009", "applicationAlias": "ann2"},
			Contact{ID: 1, Email: "Ann.Lee@example.org", Mobile: "4915100000009", Alias: "ann2", Identifier: "crm-1",
				Attributes: map[string]string{"FirstName": "Ann", "LastName": "Lee", "Tier": "gold"}}},
		{"replace replaces the attributes and drops omitted identifier fields", "replace", map[string]any{
			"emailAddress": "ann@example.org", "attributes": []wireAttribute{{"Nickname", "Annie"}, {"Tier", ""}}},
			Contact{ID: 1, Email: "ann@example.org", Attributes: map[string]string{"Nickname": "Annie"}}},
		{"replace keeps the fields that are sent", "replace", map[string]any{
			"emailAddress": "ann@example.org", "mobileNumber": "4915100000001", "identifier": "crm-1"},
			Contact{ID: 1, Email: "ann@example.org", Mobile: "4915100000001", Identifier: "crm-1",
				Attributes: map[string]string{}}},
		{"replace drops fields sent empty", "replace", map[string]any{
			"emailAddress": "ann@example.org", "mobileNumber": "", "applicationAlias": "", "identifier": "crm-1",
			"attributes": []wireAttribute{{"FirstName", "Ann"}, {"LastName", ""}}},
			Contact{ID: 1, Email: "ann@example.org", Identifier: "crm-1", Attributes: map[string]string{"FirstName": "Ann"}}},
		{"replace by id drops an omitted email", "replace", map[string]any{
			"contactId": 1, "mobileNumber": "4915100000001"},
			Contact{ID: 1, Mobile: "4915100000001", Attributes: map[string]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{Behaviour: Behaviour{Update: UpdateMode(tt.mode)}})
			mustCall(t, s, "create", stored)
			typ := "EMAIL"
			if _, ok := tt.body["contactId"]; ok {
				typ = "ID"
			}
			mustCall(t, s, "update?identifierType="+typ, tt.body)
			got, err := s.Contacts(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("stored %+v\nwant   [%+v]", got, tt.want)
			}
		})
	}
}

func TestUpdateMustLeaveAChannel(t *testing.T) {
	s := newTestServer(t, Options{Behaviour: Behaviour{Update: UpdateReplace}})
	mustCall(t, s, "create", map[string]string{"mobileNumber": "4915100000001", "identifier": "crm-1"})
	// Replacing without the mobile number would leave a contact nobody can reach.
	rec := call(t, s, "update?identifierType=EXTERNAL", map[string]string{"identifier": "crm-1"})
	if body := envelope(t, rec); rec.Code != http.StatusBadRequest || body.ErrorCode != engage.CodeMissingParameter {
		t.Errorf("status %d, code %q; want 400 MISSING_PARAMETER", rec.Code, body.ErrorCode)
	}
	if got := mustCall(t, s, "get", map[string]string{"type": "ID", "value": "1"}); deref(got.Mobile) != "4915100000001" {
		t.Errorf("the refused update changed the mobile number to %q", deref(got.Mobile))
	}
}
