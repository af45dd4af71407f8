package sandbox

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExport(t *testing.T) {
	tests := []struct {
		name     string
		contacts []map[string]any
		want     string
	}{
		{"no contacts", nil, "contactId,emailAddress,mobileNumber,applicationAlias,identifier\n"},
		{"attributes as sorted columns", []map[string]any{
			{"emailAddress": "ann@example.org", "identifier": "crm-1",
				"attributes": []wireAttribute{{"user.LastName", "Lee, Jr."}, {"user.CustomAttribute.zeta", "z"}}},
			{"mobileNumber": "4915100000002", "applicationAlias": "bob",
				"attributes": []wireAttribute{{"FirstName", `Bob "B"`}, {"Alpha", "a"}}},
		}, "contactId,emailAddress,mobileNumber,applicationAlias,identifier,Alpha,FirstName,LastName,zeta\n" +
			"1,ann@example.org,,,crm-1,,,\"Lee, Jr.\",z\n" +
			"2,,4915100000002,bob,,a,\"Bob \"\"B\"\"\",,\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			for _, c := range tt.contacts {
				mustCall(t, s, "create", c)
			}
			var sb strings.Builder
			if err := s.Export(t.Context(), &sb); err != nil {
				t.Fatalf("Export: %v", err)
			}
			if sb.String() != tt.want {
				t.Errorf("Export wrote\n%s\nwant\n%s", sb.String(), tt.want)
			}
		})
	}
}

func TestFileDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	s, err := New(Options{DB: path, User: testUser, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
	mustCall(t, s, "create", map[string]any{"emailAddress": "ann@example.org",
		"attributes": []wireAttribute{{"Tier", "gold"}}})
	mustCall(t, s, "create", map[string]any{"emailAddress": "bob@example.org"})
	mustCall(t, s, "delete", map[string]string{"type": "ID", "value": "2"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = newTestServer(t, Options{DB: path})
	mustCall(t, s, "create", map[string]any{"emailAddress": "cid@example.org", "attributes": []wireAttribute{{"TIER", "silver"}}})
	got, err := s.Contacts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []Contact{
		{ID: 1, Email: "ann@example.org", Attributes: map[string]string{"Tier": "gold"}},
		// The id sequence and the first spelling of a name both survive a restart.
		{ID: 3, Email: "cid@example.org", Attributes: map[string]string{"Tier": "silver"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening: %+v\nwant %+v", got, want)
	}
}
