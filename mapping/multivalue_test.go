package mapping

import (
	"strings"
	"testing"
)

// TestFirstOfMultiValue checks the first:<separator> transform on the cells of a Google
// Contacts export, where a contact's second address follows " ::: ", and the region default
// of a phone_region column for rows whose country cell is empty.
func TestFirstOfMultiValue(t *testing.T) {
	const file = `identifier: email
phone_region: {column: Country, default: US}
columns:
  E-mail 1 - Value: {to: email, transform: ["first: ::: ", trim, lower]}
  Phone 1 - Value: {to: mobile, transform: ["first: ::: ", phone]}
  Country: skip
`
	f, err := ParseFile("google.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if f.PhoneRegionColumn != "Country" || f.PhoneRegionDefault != "US" {
		t.Errorf("phone_region column %q default %q, want Country, US", f.PhoneRegionColumn, f.PhoneRegionDefault)
	}
	m, err := Compile(f, []string{"E-mail 1 - Value", "Phone 1 - Value", "Country"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ email, phone, country, wantEmail, wantMobile string }{
		{"Ann@Example.org ::: ann.lee@work.example", "+49 151 23456789 ::: 030 1234567", "DE", "ann@example.org", "+4915123456789"},
		{"bo@example.org", "(212) 555-0123", "", "bo@example.org", "+12125550123"},
		{"cy@example.org", "0151 23456789", "Germany", "cy@example.org", "+4915123456789"},
	}
	for _, tt := range tests {
		c, err := m.Map([]string{tt.email, tt.phone, tt.country})
		if err != nil {
			t.Errorf("%q: %v", tt.email, err)
			continue
		}
		if c.Email != tt.wantEmail || c.Mobile != tt.wantMobile {
			t.Errorf("%q, %q: email %q mobile %q, want %q, %q", tt.email, tt.phone, c.Email, c.Mobile, tt.wantEmail, tt.wantMobile)
		}
	}
	for _, bad := range []string{
		"columns:\n  E: {to: email, transform: [\"first:\"]}\n",
		"phone_region: {default: US}\n",
		"phone_region: {column: Land, default: XX}\ncolumns:\n  Land: skip\n",
	} {
		if _, err := ParseFile("bad.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
			t.Errorf("%q: error %v, want one naming the file", bad, err)
		}
	}
}
