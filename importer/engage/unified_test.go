package engage_test

import (
	"testing"

	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
)

// TestUpdateSendsUnifiedIdentifierName runs every kind of update against a sandbox that plays
// the tenant of Mapp's current contact/update page, which refuses an update without
// unifiedIdentifierName. Were the client to stop sending it, every update here would fail.
func TestUpdateSendsUnifiedIdentifierName(t *testing.T) {
	renamed := []engage.Attribute{{Name: "FirstName", Value: "Anne"}}
	for _, tt := range []struct {
		name string
		t    engage.IdentifierType
		body engage.Contact
	}{
		{"email", engage.IdentEmail, engage.Contact{Email: "ann@example.org", Attributes: renamed}},
		{"mobile", engage.IdentMobile, engage.Contact{Mobile: "+4915100000001", Attributes: renamed}},
		{"alias", engage.IdentAlias, engage.Contact{Alias: "ann-app", Attributes: renamed}},
		{"external id", engage.IdentExternal, engage.Contact{Identifier: "crm-1", Attributes: renamed}},
		{"contactId", engage.IdentID, engage.Contact{ContactID: 1, Attributes: renamed}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := contractSandbox(t, sandbox.Options{Behaviour: sandbox.Behaviour{RequireUnifiedIdentifierName: true}}, nil)
			got, err := c.Update(t.Context(), tt.t, &tt.body)
			if err != nil {
				t.Fatalf("update by %s on a tenant that requires unifiedIdentifierName: %v", tt.t, err)
			}
			if got.ContactID != 1 || len(got.Attributes) != 1 || got.Attributes[0].Value != "Anne" {
				t.Errorf("answer %+v, want contact 1 with FirstName Anne", got)
			}
		})
	}
	// The same sandbox does refuse an update that lacks it: the test above would notice.
	c, _ := contractSandbox(t, sandbox.Options{Behaviour: sandbox.Behaviour{RequireUnifiedIdentifierName: true}}, nil)
	_, err := c.Update(t.Context(), engage.IdentEmail, &engage.Contact{Attributes: renamed})
	checkErr(t, err, wantErr{is: engage.ErrInvalid, status: 400, code: engage.CodeMissingParameter, param: "unifiedIdentifierName"})
}
