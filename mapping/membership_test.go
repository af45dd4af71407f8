package mapping

import (
	"reflect"
	"strings"
	"testing"
)

const newsletterYAML = `identifier: email
group: 1001
subscription_mode: double_opt_in
columns:
  Email: email
  Newsletter: {to: subscription, values: {ja: subscribe, nein: unsubscribe, egal: keep}, default: keep}
  Rabattcode: member.Code
  Vorname: user.FirstName
`

func compileNewsletter(t *testing.T, yaml string) *Mapper {
	t.Helper()
	f, err := ParseFile("m.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, []string{"Email", "Newsletter", "Rabattcode", "Vorname"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMembershipTargets(t *testing.T) {
	m := compileNewsletter(t, newsletterYAML)
	if g, mode := m.Group(); g != 1001 || mode != "DOUBLE_OPT_IN" {
		t.Errorf("Group() = %d, %q; want 1001, DOUBLE_OPT_IN", g, mode)
	}
	for _, tc := range []struct {
		cells  []string
		sub    Subscription
		member []Attribute
	}{
		{[]string{"a@x.io", "ja", "SAVE10", "Anna"}, Subscribe, []Attribute{{"Code", "SAVE10"}}},
		{[]string{"a@x.io", "nein", "", "Anna"}, Unsubscribe, nil},
		{[]string{"a@x.io", "egal", "", "Anna"}, Keep, nil},
		{[]string{"a@x.io", "", "", "Anna"}, Keep, nil}, // empty cell: the column's default
	} {
		c, err := m.Map(tc.cells)
		if err != nil {
			t.Fatalf("%v: %v", tc.cells, err)
		}
		if c.Subscription != tc.sub || !reflect.DeepEqual(c.Member, tc.member) {
			t.Errorf("%v: subscription %q member %v; want %q %v", tc.cells, c.Subscription, c.Member, tc.sub, tc.member)
		}
		// Membership values never go out as contact attributes.
		if !reflect.DeepEqual(c.Attributes, []Attribute{{"user.FirstName", "Anna"}}) {
			t.Errorf("%v: attributes %v, want only user.FirstName", tc.cells, c.Attributes)
		}
	}
	var targets []string
	for _, r := range m.Resolved() {
		targets = append(targets, r.Target)
	}
	if want := []string{"email", "subscription", "member.Code", "user.FirstName"}; !reflect.DeepEqual(targets, want) {
		t.Errorf("Resolved targets %v, want %v", targets, want)
	}
}

func TestSubscriptionCellWithoutValues(t *testing.T) {
	f, err := ParseFile("m.yaml", []byte("columns:\n  Email: email\n  Sub: subscription\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, []string{"Email", "Sub"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]Subscription{" Subscribe ": Subscribe, "UNSUBSCRIBE": Unsubscribe, "keep": Keep, "": Keep} {
		c, err := m.Map([]string{"a@x.io", cell})
		if err != nil || c.Subscription != want {
			t.Errorf("cell %q: %q, %v; want %q", cell, c.Subscription, err, want)
		}
	}
	_, err = m.Map([]string{"a@x.io", "vielleicht"})
	fe, ok := err.(*FieldError)
	if !ok || fe.Code != "invalid_subscription" || fe.Column != "Sub" || strings.Contains(fe.Error(), "vielleicht") {
		t.Errorf("err = %v; want invalid_subscription in column Sub, without the value", err)
	}
}

func TestNoSubscriptionColumnMeansSubscribe(t *testing.T) {
	m, err := Compile(nil, []string{"Email"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Map([]string{"a@x.io"})
	if err != nil || c.Subscription != "" || c.Member != nil {
		t.Errorf("auto-mapped row: %q %v %v; want no decision (subscribe)", c.Subscription, c.Member, err)
	}
	if g, mode := m.Group(); g != 0 || mode != "" {
		t.Errorf("Group() = %d %q without a mapping file", g, mode)
	}
}

func TestEmptyMemberAttributeWithClear(t *testing.T) {
	f, err := ParseFile("m.yaml", []byte("empty: clear\ncolumns:\n  Email: email\n  Code: member.Code\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, []string{"Email", "Code"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Map([]string{"a@x.io", ""})
	if err != nil || !reflect.DeepEqual(c.Member, []Attribute{{Name: "Code"}}) {
		t.Errorf("empty: clear: member %v, %v; want Code cleared", c.Member, err)
	}
	long := strings.Repeat("x", 2001)
	if _, err := m.Map([]string{"a@x.io", long}); err == nil {
		t.Error("a member attribute over 2000 characters was accepted")
	}
}

func TestMembershipMappingErrors(t *testing.T) {
	for name, tc := range map[string]struct{ yaml, want string }{
		"BadValue":     {"columns:\n  N: {to: subscription, values: {ja: yes}}\n", `values: "ja" maps to "yes"`},
		"BadDefault":   {"columns:\n  N: {to: subscription, default: maybe}\n", `default: "maybe" is not subscribe`},
		"NoMemberName": {"columns:\n  N: member.\n", "member. needs an attribute name"},
		"Constant":     {"constants:\n  member.Code: X\n", "not a constant"},
		"Group":        {"group: abc\n", `group: "abc" is not a group id`},
		"GroupZero":    {"group: 0\n", `group: "0" is not a group id`},
		"Mode":         {"subscription_mode: SOMETIMES\n", `subscription_mode: unknown mode "SOMETIMES"`},
		"TwoSubs":      {"columns:\n  A: subscription\n  B: Subscription\n", "already the target"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseFile("m.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
	f := &File{Group: -1, SubscriptionMode: "opt_in"}
	if _, err := Compile(f, []string{"email"}, Options{}); err == nil ||
		!strings.Contains(err.Error(), "group: -1") || !strings.Contains(err.Error(), `unknown mode "opt_in"`) {
		t.Errorf("File built in code: err = %v", err)
	}
}

// The membership targets change what a row sends, so they change the fingerprint.
func TestMembershipChangesFingerprint(t *testing.T) {
	a := compileNewsletter(t, newsletterYAML)
	b := compileNewsletter(t, strings.Replace(newsletterYAML, "member.Code", "member.Rabatt", 1))
	if a.Fingerprint() == b.Fingerprint() {
		t.Error("renaming a member attribute left the fingerprint unchanged")
	}
}

// Key reads the identifier of a row that Map refuses for another column, and refuses one whose
// identifier is bad.
func TestKeyOfARefusedRow(t *testing.T) {
	f, err := ParseFile("m.yaml", []byte("columns:\n  Email: {to: email, transform: [trim, lower]}\n  Land: {to: user.ISOCountryCode}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, []string{"Email", "Land"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Map([]string{" A@X.io ", "Narnia"}); err == nil {
		t.Fatal("Map took a bad country")
	}
	if k, ok := m.Key([]string{" A@X.io ", "Narnia"}); !ok || k != "a@x.io" {
		t.Errorf("Key = %q %v, want a@x.io", k, ok)
	}
	for _, cells := range [][]string{{"not-an-email", "DE"}, {"", "DE"}, {"a@x.io"}, {"a@x.io\xff", "DE"}} {
		if k, ok := m.Key(cells); ok {
			t.Errorf("Key(%q) = %q, want none", cells, k)
		}
	}
	noID, err := Compile(&File{Columns: []Column{{Name: "Land", Target: "user.ISOCountryCode"}}, Unmapped: UnmappedIgnore, NoAuto: true}, []string{"Land", "Email"}, Options{})
	if err == nil {
		if _, ok := noID.Key([]string{"DE", "a@x.io"}); ok {
			t.Error("Key found an identifier the mapping does not map")
		}
	}
}

// The smallest group id is 1.
func TestGroupOne(t *testing.T) {
	f, err := ParseFile("m.yaml", []byte("group: 1\ncolumns:\n  Email: email\n"))
	if err != nil || f.Group != 1 {
		t.Errorf("group: 1 → %+v, %v", f, err)
	}
}

// Key gives a mobile identifier in the form Map gives it (E.164, read in the row's own country),
// so that the nightly mirror never takes a member who is still in the file for one who left.
func TestKeyOfAMobileIsItsMappedForm(t *testing.T) {
	f, err := ParseFile("m.yaml", []byte("identifier: mobile\nphone_region: {column: Land}\ncolumns:\n  Handy: mobile\n  Land: {to: user.ISOCountryCode, transform: [country]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := Compile(f, []string{"Handy", "Land"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cells := range [][]string{{"0044 7911 123456", ""}, {"07911 123456", "GB"}, {"447911123456", ""}, {"07911 123456", "Vereinigtes Königreich"}} {
		c, err := m.Map(cells)
		if err != nil {
			t.Fatalf("Map(%q): %v", cells, err)
		}
		k, ok := m.Key(cells)
		if !ok || k != c.Key || k != "+447911123456" {
			t.Errorf("Key(%q) = %q %v, Map's key %q; want +447911123456", cells, k, ok, c.Key)
		}
	}
}
