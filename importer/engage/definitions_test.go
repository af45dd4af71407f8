package engage_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"contactimport/importer/engage"
)

// definitionsAnswer is a profileAttributes/list answer in the shape Mapp's listing page
// (docs.mapp.com/apidocs/engage-api-listing-attribute-definitions, 2026-07-30) describes: id,
// name, displayName, dataType, the flags standard, technical, archived, enumerated and
// enumeratedValues. The page shows no example of enumeratedValues: both item shapes the client
// reads are in it.
const definitionsAnswer = `[
 {"id":1,"name":"FirstName","displayName":"First name","dataType":"STRING","standard":true,"technical":false,"archived":false,"enumerated":false},
 {"id":7,"name":"Tier","displayName":"Loyalty tier","dataType":"STRING","standard":false,"technical":false,"archived":false,"enumerated":true,"enumeratedValues":["gold","silver"]},
 {"id":8,"name":"Size","dataType":"NUMBER","enumerated":true,"enumeratedValues":[{"value":"38"},{"value":40}]},
 {"id":9,"name":"LastSync","dataType":"DATE","technical":true},
 {"id":10,"name":"OldField","dataType":"BOOLEAN","archived":true}
]`

func definitionsServer(t *testing.T, status int, body string, seen *http.Request) *engage.Client {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*seen = *r.Clone(r.Context())
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(ts.Close)
	c, err := engage.New(engage.Config{BaseURL: ts.URL + "/api/rest/v19", User: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestProfileAttributesRead: the call is a GET of profileAttributes/list with withEnums and
// archived, and each field of the documented answer is read.
func TestProfileAttributesRead(t *testing.T) {
	var seen http.Request
	c := definitionsServer(t, 200, definitionsAnswer, &seen)
	defs, err := c.ProfileAttributes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if seen.Method != http.MethodGet || seen.URL.Path != "/api/rest/v19/profileAttributes/list" ||
		seen.URL.Query().Get("withEnums") != "true" || seen.URL.Query().Get("archived") != "true" {
		t.Errorf("request %s %s", seen.Method, seen.URL)
	}
	if len(defs) != 5 {
		t.Fatalf("%d definitions, want 5", len(defs))
	}
	tier := defs[1]
	if tier.Name != "Tier" || tier.DisplayName != "Loyalty tier" || tier.DataType != engage.TypeString || !tier.Enumerated ||
		!slices.Equal(tier.EnumeratedValues, []string{"gold", "silver"}) {
		t.Errorf("Tier = %+v", tier)
	}
	if !slices.Equal(defs[2].EnumeratedValues, []string{"38", "40"}) {
		t.Errorf("Size values = %q", defs[2].EnumeratedValues)
	}
	if !defs[0].Standard || !defs[3].Technical || defs[3].DataType != engage.TypeDate || !defs[4].Archived {
		t.Errorf("flags lost: %+v", defs)
	}
}

// TestMemberAttributesRead: the member list names the group in its query.
func TestMemberAttributesRead(t *testing.T) {
	var seen http.Request
	c := definitionsServer(t, 200, `[{"id":3,"name":"car","dataType":"STRING"}]`, &seen)
	defs, err := c.MemberAttributes(t.Context(), 42)
	if err != nil || len(defs) != 1 || defs[0].Name != "car" {
		t.Fatalf("MemberAttributes = %+v, %v", defs, err)
	}
	if seen.URL.Path != "/api/rest/v19/memberAttributes/list" || seen.URL.Query().Get("groupId") != "42" {
		t.Errorf("request %s", seen.URL)
	}
}

// TestDefinitionsErrors: 404 and 403 say the tenant does not offer the call; other failures and
// unreadable answers keep their own classes.
func TestDefinitionsErrors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		is     error
		none   bool
	}{
		{name: "old tenant", status: 404, body: `{"errorCode":"INVALID_REQUEST"}`, is: engage.ErrNoDefinitions, none: true},
		{name: "no right", status: 403, body: `Forbidden`, is: engage.ErrNoDefinitions, none: true},
		{name: "server error", status: 502, body: ``, is: engage.ErrTransient},
		{name: "not a list", status: 200, body: `{"name":"Tier"}`, is: engage.ErrUnreadable},
		{name: "nameless", status: 200, body: `[{"id":1,"dataType":"STRING"}]`, is: engage.ErrUnreadable},
		{name: "odd enum item", status: 200, body: `[{"name":"A","enumeratedValues":[[1]]}]`, is: engage.ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen http.Request
			c := definitionsServer(t, tt.status, tt.body, &seen)
			_, err := c.ProfileAttributes(t.Context())
			if !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want %v", err, tt.is)
			}
			var nd *engage.NoDefinitionsError
			if errors.As(err, &nd) != tt.none {
				t.Errorf("NoDefinitionsError = %t, want %t (%v)", !tt.none, tt.none, err)
			}
		})
	}
}

// TestProfileDefinitionsCompatible: a profile written before definitions existed still loads,
// and one with definitions reads back what was written.
func TestProfileDefinitionsCompatible(t *testing.T) {
	old := `{"target":"https://t.example/api/rest/v19","checked":"2026-06-01T10:00:00Z",
	 "tenant":{"update":"merge","custom_attributes":"bare"},"findings":[]}`
	p, err := engage.ReadProfile(strings.NewReader(old))
	if err != nil || p.Tenant.Definitions != nil || p.Tenant.CustomAttributes != engage.NamingBare {
		t.Fatalf("old profile: %+v, %v", p, err)
	}
	p.Tenant.Definitions = &engage.Definitions{
		Profile:   []engage.Definition{{Name: "Tier", DataType: engage.TypeString, Enumerated: true, EnumeratedValues: []string{"gold"}}},
		Technical: []string{"LastSync"},
	}
	var buf bytes.Buffer
	if err := engage.WriteProfile(&buf, p); err != nil {
		t.Fatal(err)
	}
	back, err := engage.ReadProfile(&buf)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := engage.FindDefinition(back.Tenant.Definitions.Profile, "user.CustomAttribute.tier")
	if !ok || !slices.Equal(d.EnumeratedValues, []string{"gold"}) || !back.Tenant.Definitions.IsTechnical("lastsync") {
		t.Errorf("definitions read back: %+v", back.Tenant.Definitions)
	}
}

// TestOmitUnifiedIdentifierName: Update sends the parameter with the identifier's value by
// default, and leaves it out once told the tenant does not need it.
func TestOmitUnifiedIdentifierName(t *testing.T) {
	var seen http.Request
	c := definitionsServer(t, 200, `{"contactId":5,"emailAddress":"ann@example.org"}`, &seen)
	ct := &engage.Contact{Email: "ann@example.org"}
	if _, err := c.Update(t.Context(), engage.IdentEmail, ct); err != nil {
		t.Fatal(err)
	}
	if got := seen.URL.Query().Get("unifiedIdentifierName"); got != "ann@example.org" {
		t.Errorf("default: unifiedIdentifierName=%q, want the address", got)
	}
	c.OmitUnifiedIdentifierName(true)
	if _, err := c.Update(t.Context(), engage.IdentEmail, ct); err != nil {
		t.Fatal(err)
	}
	if seen.URL.Query().Has("unifiedIdentifierName") || seen.URL.Query().Get("identifierType") != "EMAIL" {
		t.Errorf("omitted: query %q", seen.URL.RawQuery)
	}
}
