package guess

import (
	"fmt"
	"strings"
	"testing"
)

// TestGuessMobileDamage checks that a mobile column whose numbers cannot all be read says how
// many rows will fail and why, instead of letting them fail unannounced: numbers a spreadsheet
// wrote in scientific notation (SPEC: spreadsheet damage is named) and numbers that are no
// valid number at all. A number of either kind is counted once, under its own cause.
func TestGuessMobileDamage(t *testing.T) {
	tests := []struct {
		name   string
		phones []string
		todo   []string // what the TODO must say
		not    []string // what it must not say
	}{
		{"Scientific", []string{"4.47701E+11", "4,91512E+12", "+4915123456789", "+4915123456780"},
			[]string{"2 are in scientific notation", "spreadsheet_scientific"}, []string{"cannot be read as written"}},
		{"Unreadable", []string{"+49 0001234", "+4915123456789"},
			[]string{"1 of the sampled numbers cannot be read as written"}, []string{"scientific"}},
		{"Both", []string{"4.47701E+11", "+49 0001234", "+49 0001235", "+4915123456789"},
			[]string{"1 are in scientific notation", "; 2 of the sampled numbers cannot be read as written"}, nil},
		{"LandlineAndScientific", []string{"+49 30 12345678", "4.47701E+11", "+4915123456789"},
			[]string{"1 of the sampled numbers cannot be mobiles", "; 1 are in scientific notation"}, []string{"cannot be read as written"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Sample{Header: []string{"Email", "Mobile"}, File: "list.csv"}
			for i, p := range tt.phones {
				s.Rows = append(s.Rows, []string{fmt.Sprintf("p%d@example.org", i), p})
			}
			c := Mapping(s).column(t, "Mobile")
			if c.Target != "mobile" {
				t.Fatalf("Mobile: %+v, want mobile", c)
			}
			for _, w := range tt.todo {
				if !strings.Contains(c.TODO, w) {
					t.Errorf("TODO %q does not say %q", c.TODO, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(c.TODO, w) {
					t.Errorf("TODO %q says %q", c.TODO, w)
				}
			}
			if strings.HasPrefix(c.TODO, ";") {
				t.Errorf("TODO %q starts with a separator", c.TODO)
			}
		})
	}
}

// TestGuessRegionFromSecondCountryColumn checks Outlook's two country columns: numbers without
// a country code are read in the row's first country column, where it is empty in the second
// one, and where both are empty in the list's most frequent country; the draft writes all three.
func TestGuessRegionFromSecondCountryColumn(t *testing.T) {
	s := sampleOf("Email;Mobile;Home Country;Business Country",
		"a@x.io;0151 23456700;DE;",
		"b@x.io;0151 23456701;;DE",
		"c@x.io;0151 23456702;DE;AT",
		"d@x.io;0170 1234567;;")
	d, _ := compileDraft(t, s)
	if d.PhoneRegion != "column" || d.RegionFrom != "Home Country" || d.RegionOr != "Business Country" || d.RegionDefault != "DE" {
		t.Errorf("region %q from %q or %q default %q; want column, Home Country, Business Country, DE",
			d.PhoneRegion, d.RegionFrom, d.RegionOr, d.RegionDefault)
	}
	for _, w := range []string{"4 numbers without a country code", "1 in rows without one: in the country of \"Business Country\"", "1 in rows without any"} {
		if !strings.Contains(d.RegionNote, w) {
			t.Errorf("region note %q does not say %q", d.RegionNote, w)
		}
	}
	out := string(d.Render())
	if !strings.Contains(out, "\nphone_region: {column: Home Country, or: Business Country, default: DE}") {
		t.Errorf("the draft does not write the region's three sources:\n%s", out)
	}
	// The second column fills every gap: no default is needed.
	s.Rows = s.Rows[:3]
	d = Mapping(s)
	if d.RegionOr != "Business Country" || d.RegionDefault != "" || d.RegionTODO != "" {
		t.Errorf("or %q default %q TODO %q; want Business Country and nothing else", d.RegionOr, d.RegionDefault, d.RegionTODO)
	}
	// A second country column that fills no gap is not named.
	s = sampleOf("Email;Mobile;Home Country;Business Country",
		"a@x.io;0151 23456700;DE;AT",
		"b@x.io;0151 23456701;;")
	if d := Mapping(s); d.RegionOr != "" || d.RegionDefault != "DE" {
		t.Errorf("or %q default %q; want no second column, DE", d.RegionOr, d.RegionDefault)
	}
}

// TestGuessPhoneColumnCanBeMobile checks the comment of a phone column of no stated kind that
// becomes the mobile number: it says that every sampled number can be a mobile, which is why
// it was taken; a column named as a mobile needs no such word.
func TestGuessPhoneColumnCanBeMobile(t *testing.T) {
	tests := []struct {
		header, note string
	}{
		{"Phone", "phone numbers in 2 of 2 sampled rows: 2 with their country code, 0 without; every one can be a mobile"},
		{"Mobile", "phone numbers in 2 of 2 sampled rows: 2 with their country code, 0 without"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			c := Mapping(sampleOf("Email;"+tt.header, "a@x.io;+4915123456789", "b@x.io;+4915123456780")).column(t, tt.header)
			if c.Target != "mobile" || c.Note != tt.note || c.TODO != "" {
				t.Errorf("%+v, want mobile noting %q", c, tt.note)
			}
		})
	}
}

// TestRegionNeededForLostZeros checks that "not needed" is true for numbers of digits alone:
// in a German list that went through a spreadsheet, 15123456703 (0151 23456703 without its 0)
// also reads as +1 512 345 6703, so a draft that said "not needed" would store it as a US
// number. With a country column the draft reads them in the row's country and says they are
// ambiguous; Brevo's 4917012345678 carries its country code with or without one.
func TestRegionNeededForLostZeros(t *testing.T) {
	lost := sampleOf("Email;Mobil;Land", "a@x.io;15123456703;Deutschland", "b@x.io;16012345678;DE",
		"c@x.io;4915123456780;DE", "d@x.io;+49 151 23456701;Deutschland")
	d, m := compileDraft(t, lost)
	out := string(d.Render())
	c := d.column(t, "Mobil")
	if d.PhoneRegion != "column" || d.RegionFrom != "Land" || strings.Contains(out, "not needed") {
		t.Errorf("phone region %q from %q, want the Land column:\n%s", d.PhoneRegion, d.RegionFrom, out)
	}
	if !strings.Contains(c.Note, "2 with their country code, 2 without") {
		t.Errorf("Mobil note %q: want the two lost-0 numbers counted without a country code", c.Note)
	}
	if !strings.Contains(c.TODO, "2 of the sampled numbers are digits alone, valid both in the row's country and with + in front: their rows fail as ambiguous_phone") ||
		strings.Contains(c.TODO, "cannot be read as written") {
		t.Errorf("Mobil TODO %q: want the two ambiguous numbers named, once", c.TODO)
	}
	if d.LostZeros {
		t.Errorf("lost_leading_zeros written without damage beside the numbers:\n%s", out)
	}
	// Run as written, no lost-0 number is stored as a US one; 49… in a German row is German.
	for r, want := range []string{"", "", "+4915123456780", "+4915123456701"} {
		got, err := m.Map(lost.Rows[r])
		if want == "" && (err == nil || !strings.Contains(err.Error(), "ambiguous")) {
			t.Errorf("row %d: %+v, %v; want it to fail as ambiguous", r, got, err)
		}
		if want != "" && (err != nil || got.Mobile != want) {
			t.Errorf("row %d: %+v, %v; want mobile %s", r, got, err, want)
		}
	}

	// Beside four-digit German zip codes, the spreadsheet's damage is evidence: the numbers
	// are read in the row's country (the existing lost_leading_zeros rule).
	zips := sampleOf("Email;Mobil;PLZ;Land", "a@x.io;15123456703;1067;DE", "b@x.io;+49 151 23456701;10115;DE")
	d = Mapping(zips)
	if d.PhoneRegion != "column" || !d.LostZeros || !strings.Contains(d.column(t, "Mobil").Note, "read in the row's country (lost_leading_zeros)") {
		t.Errorf("lost zip codes beside a lost-0 number: region %q, lost zeros %v\n%s", d.PhoneRegion, d.LostZeros, d.Render())
	}

	for name, s := range map[string]Sample{
		"BrevoWithoutCountry": sampleOf("EMAIL;SMS", "a@x.io;4917012345678", "b@x.io;4915123456780", "c@x.io;33612345678"),
		"BrevoWithCountry":    sampleOf("EMAIL;SMS;Land", "a@x.io;4917012345678;DE", "b@x.io;33612345678;FR", "c@x.io;15123456703;"),
		"LostZeroNoCountry":   sampleOf("Email;Mobil", "a@x.io;15123456703", "b@x.io;4915123456780"),
	} {
		d := Mapping(s)
		if out := string(d.Render()); d.PhoneRegion != "" || !strings.Contains(out, "# phone_region: not needed") {
			t.Errorf("%s: phone region %q, want not needed:\n%s", name, d.PhoneRegion, out)
		}
	}
}
