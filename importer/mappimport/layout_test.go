package mappimport

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"contactimport/mapping"
)

// documented reads the header names Mapp's pages write (testdata/mapp-documented-headers.txt,
// copied verbatim; the file says from which page each comes).
func documented(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open("testdata/mapp-documented-headers.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			names[l] = true
		}
	}
	if len(names) < 16 {
		t.Fatalf("testdata holds %d names", len(names))
	}
	return names
}

func compile(t *testing.T, yaml string, header []string) *mapping.Mapper {
	t.Helper()
	var f *mapping.File
	if yaml != "" {
		var err error
		if f, err = mapping.ParseFile("test.yaml", []byte(yaml)); err != nil {
			t.Fatal(err)
		}
	}
	m, err := mapping.Compile(f, header, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestHeaderNamesAreMappsDocumented maps a list the way users write mappings (any case, with and
// without user., bare custom names) and checks that every column of the import file is named
// exactly as Mapp documents it, and that every documented name is reached.
func TestHeaderNamesAreMappsDocumented(t *testing.T) {
	header := []string{"Mail", "Handy", "App", "Kundennr", "Vorname", "Nachname", "Spitzname", "Partner",
		"PLZ", "Land", "Sprache", "Zone", "Anrede", "Geburtstag", "Farbe", "Space", "Horoskop"}
	yaml := `identifier: email
columns:
  Mail: email
  Handy: mobile
  App: alias
  Kundennr: external
  Vorname: user.firstname
  Nachname: LastName
  Spitzname: user.Nickname
  Partner: PARTNERID
  PLZ: user.ZipCode
  Land: isocountrycode
  Sprache: user.ISOLanguageCode
  Zone: timezone
  Anrede: user.Title
  Geburtstag: DateOfBirth
  Farbe: colour
  Space: user.CustomAttribute.My Attribute with a Space
  Horoskop: "Astrology / Horoscope"
`
	l, err := NewLayout(compile(t, yaml, header))
	if err != nil {
		t.Fatal(err)
	}
	docs := documented(t)
	got := l.Header()
	for _, h := range got {
		if !docs[h] {
			t.Errorf("header %q is not a name Mapp documents", h)
		}
	}
	for d := range docs {
		if !slices.Contains(got, d) {
			t.Errorf("documented name %q not produced; header %q", d, got)
		}
	}
	if len(got) != len(header) {
		t.Errorf("%d columns for %d mapped columns: %q", len(got), len(header), got)
	}
}

func TestHeaderName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"user.FirstName", "user.FirstName"},
		{"firstname", "user.FirstName"},
		{"USER.ZIPCODE", "user.ZipCode"},
		{"Tier", "user.CustomAttribute.Tier"},
		{"user.Tier", "user.CustomAttribute.Tier"},
		{"user.CustomAttribute.Tier", "user.CustomAttribute.Tier"},
		{"user.customattribute.tier", "user.CustomAttribute.tier"},
		{"CustomAttribute.Title", "user.CustomAttribute.Title"}, // a custom attribute named like a standard one stays custom
		{"member.car", "member.car"},
		{"Member.Car", "member.Car"},
		{" user.TimeZone ", "user.TimeZone"},
	} {
		if got := HeaderName(tc.in); got != tc.want {
			t.Errorf("HeaderName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestLayoutOrder: the mapping's identifier comes first (Mapp: "The first value must be the
// email address, mobile number, or mobile app alias"), then the other identifier fields, the
// profile attributes, the member attributes last.
func TestLayoutOrder(t *testing.T) {
	header := []string{"car", "Vorname", "Mail", "Handy", "Tier"}
	yaml := `identifier: mobile
columns:
  car: member.car
  Vorname: user.FirstName
  Mail: email
  Handy: mobile
  Tier: user.CustomAttribute.Tier
constants:
  user.CustomAttribute.Source: crm
`
	l, err := NewLayout(compile(t, yaml, header))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"user.MobileNumber", "user.Email", "user.FirstName", "user.CustomAttribute.Tier", "user.CustomAttribute.Source", "member.car"}
	if got := l.Header(); !slices.Equal(got, want) {
		t.Fatalf("header %q, want %q", got, want)
	}
	m := compile(t, yaml, header)
	c, err := m.Map([]string{"BMW", "Ann", "ann@example.org", "+491701234567", "Gold"})
	if err != nil {
		t.Fatal(err)
	}
	cells := make([]string, len(want))
	if err := l.Fill(&c, cells); err != nil {
		t.Fatal(err)
	}
	wantCells := []string{"+491701234567", "ann@example.org", "Ann", "Gold", "crm", "BMW"}
	if !slices.Equal(cells, wantCells) {
		t.Fatalf("cells %q, want %q", cells, wantCells)
	}
	// A row without the email leaves its column empty, not the previous row's value.
	c, err = m.Map([]string{"", "", "", "+491701234568", ""})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Fill(&c, cells); err != nil {
		t.Fatal(err)
	}
	if want := []string{"+491701234568", "", "", "", "crm", ""}; !slices.Equal(cells, want) {
		t.Fatalf("cells %q, want %q", cells, want)
	}
}

func TestLayoutRefusesTwoTargetsInOneColumn(t *testing.T) {
	yaml := `columns:
  Mail: email
  A: Tier
  B: user.CustomAttribute.Tier
`
	_, err := NewLayout(compile(t, yaml, []string{"Mail", "A", "B"}))
	if err == nil || !strings.Contains(err.Error(), `"Tier" and "user.CustomAttribute.Tier"`) || !strings.Contains(err.Error(), "user.CustomAttribute.Tier in Mapp's import file") {
		t.Fatalf("err = %v", err)
	}
}

func TestFillRefusesAnUnknownAttribute(t *testing.T) {
	l, err := NewLayout(compile(t, "", []string{"user.Email"}))
	if err != nil {
		t.Fatal(err)
	}
	c := mapping.Contact{Email: "a@example.org", Attributes: []mapping.Attribute{{Name: "user.FirstName", Value: "x"}}}
	if err := l.Fill(&c, make([]string, 1)); err == nil {
		t.Fatal("an attribute without a column was dropped silently")
	}
}

// A subscription column cannot be carried by Mapp's import file, in which every row becomes a
// member of the group: convert refuses it rather than subscribe a row that says unsubscribe.
func TestLayoutRefusesSubscription(t *testing.T) {
	m := compile(t, "group: 1001\ncolumns:\n  Mail: email\n  News: {to: subscription, values: {ja: subscribe, nein: unsubscribe}}\n", []string{"Mail", "News"})
	_, err := NewLayout(m)
	if err == nil || !strings.Contains(err.Error(), `column "News" decides each row's subscription`) {
		t.Fatalf("NewLayout = %v, want the subscription column refused", err)
	}
}
