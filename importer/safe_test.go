package importer

import (
	"reflect"
	"testing"

	"contactimport/importer/engage"
	"contactimport/mapping"
)

// TestWholeUpdateBody: the update body on a tenant that may replace carries the row and every
// stored field and attribute the row does not carry, matched whatever the spelling; a custom
// attribute is never taken for the standard one of the same name.
func TestWholeUpdateBody(t *testing.T) {
	row := &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{
		{Name: "user.FirstName", Value: "Anne"}, {Name: "user.LastName", Value: ""}, {Name: "user.CustomAttribute.Title", Value: "Dr"}}}
	stored := &engage.Contact{ContactID: 7, Email: "ann@example.org", Mobile: "+4915100000001", Alias: "ann-app", Identifier: "crm-1",
		Attributes: []engage.Attribute{{Name: "FirstName", Value: "Ann"}, {Name: "LastName", Value: "Lee"},
			{Name: "Title", Value: "2"}, {Name: "user.CustomAttribute.Title", Value: "Prof"}, {Name: "Tier", Value: "gold"}, {Name: "Empty", Value: ""}}}
	for _, tc := range []struct {
		naming engage.Naming
		tier   string
	}{
		{engage.NamingBare, "Tier"},
		{engage.NamingPrefixed, "user.CustomAttribute.Tier"},
		{engage.NamingEither, "Tier"},
		// Not known: sent back as the tenant returned it, whatever the mapping's spelling.
		{"", "Tier"},
	} {
		r := &runner{cfg: Config{Tenant: engage.Tenant{CustomAttributes: tc.naming}}}
		got := r.whole(row, stored)
		want := &engage.Contact{Email: "ann@example.org", Mobile: "+4915100000001", Alias: "ann-app", Identifier: "crm-1",
			Attributes: []engage.Attribute{{Name: "user.FirstName", Value: "Anne"}, {Name: "user.LastName", Value: ""},
				{Name: "user.CustomAttribute.Title", Value: "Dr"}, {Name: "Title", Value: "2"}, {Name: tc.tier, Value: "gold"}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("naming %q:\ngot  %+v\nwant %+v", tc.naming, got, want)
		}
	}
	if len(row.Attributes) != 3 {
		t.Errorf("whole changed the row: %+v", row.Attributes)
	}
}

// TestToEngageNaming: custom attributes go out as the tenant names them; a custom attribute
// named like a standard one keeps its prefix under bare naming.
func TestToEngageNaming(t *testing.T) {
	in := mapping.Contact{Email: "a@example.org", Attributes: []mapping.Attribute{
		{Name: "user.FirstName", Value: "A"}, {Name: "user.CustomAttribute.Tier", Value: "gold"}, {Name: "user.CustomAttribute.Title", Value: "Dr"}}}
	for naming, want := range map[engage.Naming][]string{
		engage.NamingBare:     {"user.FirstName", "Tier", "user.CustomAttribute.Title"},
		engage.NamingPrefixed: {"user.FirstName", "user.CustomAttribute.Tier", "user.CustomAttribute.Title"},
		engage.NamingEither:   {"user.FirstName", "user.CustomAttribute.Tier", "user.CustomAttribute.Title"},
		"":                    {"user.FirstName", "user.CustomAttribute.Tier", "user.CustomAttribute.Title"},
	} {
		c := toEngage(in, naming)
		var got []string
		for _, a := range c.Attributes {
			got = append(got, a.Name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("naming %q: %v, want %v", naming, got, want)
		}
	}
}

// TestReadBeforeWriteCalls: on a tenant not known to merge, an existing contact costs a get and
// an update, a new one a create once the predictor expects new ones, --mode update skips a
// missing contact after the get, and a lost create answer still ends in one contact.
func TestReadBeforeWriteCalls(t *testing.T) {
	unknown := func(c *Config) { c.Tenant = engage.Tenant{}; c.Workers = 1 }
	api := newFakeAPI()
	if _, _, err := runFake(t, api, csvOf(numbered(50, "n")...), unknown); err != nil {
		t.Fatal(err)
	}
	if api.calls["create"] != 50 || api.total() != 50 {
		t.Errorf("all-new file: calls %v, want 50 creates only", api.calls)
	}
	before := map[string]int{"get": api.calls["get"], "create": api.calls["create"], "update": api.calls["update"]}
	sink, _, err := runFake(t, api, csvOf(numbered(50, "n")...), unknown)
	if err != nil {
		t.Fatal(err)
	}
	gets, updates := api.calls["get"]-before["get"], api.calls["update"]-before["update"]
	if gets != 50 || updates != 50 || api.calls["create"]-before["create"] > 1 {
		t.Errorf("all-existing file: %d gets, %d updates, %d creates; want 50, 50, at most 1", gets, updates, api.calls["create"]-before["create"])
	}
	for _, l := range sink.lines {
		if l.Status != "updated" {
			t.Fatalf("row %d: %s, want updated", l.Row, l.Status)
		}
	}

	api = newFakeAPI()
	sink, _, err = runFake(t, api, csvOf([2]string{"ghost@example.org", "G"}), func(c *Config) { unknown(c); c.Mode = ModeUpdate })
	if err != nil {
		t.Fatal(err)
	}
	if l := sink.lines[0]; l.Status != "skipped" || api.calls["update"] != 0 || api.calls["create"] != 0 {
		t.Errorf("--mode update of a missing contact: %s, calls %v; want skipped after one get", l.Status, api.calls)
	}
}

// TestWholeSendsOnlyWritable: an attribute the tenant's definitions mark technical is not sent
// back, whatever its spelling; without definitions it cannot be told apart and goes back.
func TestWholeSendsOnlyWritable(t *testing.T) {
	row := &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{{Name: "user.FirstName", Value: "Anne"}}}
	stored := &engage.Contact{ContactID: 7, Email: "ann@example.org",
		Attributes: []engage.Attribute{{Name: "LastSync", Value: "2026-07-01"}, {Name: "Tier", Value: "gold"}}}
	defs := &engage.Definitions{Technical: []string{"lastsync"}}
	r := &runner{cfg: Config{Tenant: engage.Tenant{CustomAttributes: engage.NamingBare, Definitions: defs}}}
	got := r.whole(row, stored)
	for _, a := range got.Attributes {
		if a.Name == "LastSync" {
			t.Errorf("the technical attribute LastSync was sent back: %+v", got.Attributes)
		}
	}
	if len(got.Attributes) != 2 || got.Attributes[1] != (engage.Attribute{Name: "Tier", Value: "gold"}) {
		t.Errorf("body %+v, want the row and Tier", got.Attributes)
	}
	r = &runner{cfg: Config{Tenant: engage.Tenant{CustomAttributes: engage.NamingBare}}}
	if got := r.whole(row, stored); len(got.Attributes) != 3 {
		t.Errorf("without definitions: %+v, want LastSync sent back too", got.Attributes)
	}
}

// TestWholeLearnsNaming: with the naming not known, an attribute the tenant returned bare goes
// back bare, and the row's own custom attributes take the spelling the read showed; the
// mapping's spelling is kept when the read shows none.
func TestWholeLearnsNaming(t *testing.T) {
	row := &engage.Contact{Email: "ann@example.org", Attributes: []engage.Attribute{{Name: "user.CustomAttribute.Tier", Value: "gold"}}}
	for _, tc := range []struct {
		name        string
		stored      []engage.Attribute
		tier, other string
	}{
		{"bare", []engage.Attribute{{Name: "Newsletter", Value: "yes"}}, "Tier", "Newsletter"},
		{"prefixed", []engage.Attribute{{Name: "user.CustomAttribute.Newsletter", Value: "yes"}}, "user.CustomAttribute.Tier", "user.CustomAttribute.Newsletter"},
		{"none", []engage.Attribute{{Name: "FirstName", Value: "Ann"}}, "user.CustomAttribute.Tier", "FirstName"},
	} {
		r := &runner{cfg: Config{Tenant: engage.Tenant{Update: engage.UpdateReplaces}}}
		got := r.whole(row, &engage.Contact{ContactID: 1, Email: "ann@example.org", Attributes: tc.stored})
		want := []engage.Attribute{{Name: tc.tier, Value: "gold"}, {Name: tc.other, Value: tc.stored[0].Value}}
		if !reflect.DeepEqual(got.Attributes, want) {
			t.Errorf("%s: %+v, want %+v", tc.name, got.Attributes, want)
		}
	}
	if row.Attributes[0].Name != "user.CustomAttribute.Tier" {
		t.Errorf("whole changed the row: %+v", row.Attributes)
	}
}
