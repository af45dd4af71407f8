package guess

import (
	"fmt"
	"strings"
	"testing"

	"contactimport/mapping"
)

// zohoShaped is a list as a German Excel leaves a CRM export: mobiles in scientific notation,
// German mobiles and zip codes without their leading 0, beside numbers written nationally.
func zohoShaped(zips bool) Sample {
	s := Sample{Header: []string{"Email", "Mobile", "Mailing Zip", "Mailing Country"}, File: "Contacts.csv"}
	for i := range 12 {
		mobile, zip := fmt.Sprintf("+4915123456%03d", i), fmt.Sprintf("2%04d", i)
		switch i % 4 {
		case 0:
			mobile = "4,91512E+12"
		case 1:
			mobile = fmt.Sprintf("15123456%03d", i)
		case 2:
			if zips {
				zip = fmt.Sprintf("1%03d", i)
			}
		case 3:
			mobile = fmt.Sprintf("0151 23456%03d", i) // national: the region comes from the country column
		}
		s.Rows = append(s.Rows, []string{fmt.Sprintf("p%d@example.org", i), mobile, zip, "Germany"})
	}
	return s
}

// TestGuessSpreadsheetDamaged: the draft of a Zoho-shaped list says lost_leading_zeros and
// invalid: omit on the mobile column, each with what it does; it parses, and compiles.
func TestGuessSpreadsheetDamaged(t *testing.T) {
	for _, zips := range []bool{true, false} {
		d := Mapping(zohoShaped(zips))
		if !d.LostZeros {
			t.Fatalf("zips %v: no lost_leading_zeros", zips)
		}
		m := d.column(t, "Mobile")
		if m.Target != "mobile" || !m.Omit || !strings.Contains(m.TODO, "3 are in scientific notation") ||
			!strings.Contains(m.TODO, "invalid: omit imports those contacts without a mobile number") {
			t.Errorf("zips %v: Mobile %+v, want invalid: omit with its TODO", zips, m)
		}
		if !strings.Contains(m.Note, "3 of digits alone read both in the row's country and with + in front") || strings.Contains(m.TODO, "cannot be read as written") {
			t.Errorf("zips %v: Mobile %+v: the numbers that lost their 0 are not said to be read in the row's country", zips, m)
		}
		out := d.Render()
		for _, want := range []string{"\nlost_leading_zeros: true ", "  Mobile: {to: mobile, transform: [phone], invalid: omit} "} {
			if !strings.Contains(string(out), want) {
				t.Errorf("zips %v: draft lacks %q:\n%s", zips, want, out)
			}
		}
		f, err := mapping.ParseFile("draft.yaml", out)
		if err != nil {
			t.Fatalf("zips %v: draft does not parse: %v", zips, err)
		}
		if !f.LostLeadingZeros || f.Columns[1].Invalid != mapping.InvalidOmit {
			t.Errorf("zips %v: parsed %+v", zips, f)
		}
		if _, err := mapping.Compile(f, d.sample.Header, mapping.Options{}); err != nil {
			t.Errorf("zips %v: draft does not compile: %v", zips, err)
		}
	}
}

// TestGuessCleanListNoDamageKeys: a clean German list, and one whose only numbers that read
// both ways are not beside any damage, get neither key.
func TestGuessCleanListNoDamageKeys(t *testing.T) {
	clean := sampleOf("Email;Mobil;PLZ;Land", "a@x.io;0151 23456700;01067;DE", "b@x.io;+49 151 23456701;10115;Deutschland",
		"c@x.io;015123456702;80331;DE", "d@x.io;+43 664 1234567;1010;AT")
	twoWay := sampleOf("Email;Mobil;PLZ;Land", "a@x.io;15123456700;01067;DE", "b@x.io;+49 151 23456701;10115;DE")
	for name, s := range map[string]Sample{"Clean": clean, "TwoWayWithoutDamage": twoWay} {
		d := Mapping(s)
		out := string(d.Render())
		// A TODO may name the key as a choice; the draft must not write it.
		if d.LostZeros || strings.Contains(out, "\nlost_leading_zeros:") || strings.Contains(out, "invalid: omit") {
			t.Errorf("%s: draft says a damage key:\n%s", name, out)
		}
	}
}

// TestGuessScientificIdentifierNotOmitted: when the mobile column is the identifier, its cut
// numbers fail their rows (a row without its identifier has no contact): no invalid: omit.
func TestGuessScientificIdentifierNotOmitted(t *testing.T) {
	d := Mapping(sampleOf("Name;Mobile", "Ann;4,91512E+12", "Bob;+4915123456701", "Cem;+4915123456702"))
	c := d.column(t, "Mobile")
	if d.IDColumn != "Mobile" || c.Omit || !strings.Contains(c.TODO, "their rows fail (spreadsheet_scientific)") {
		t.Errorf("identifier %q, Mobile %+v: want no invalid: omit and rows that fail", d.IDColumn, c)
	}
	if _, err := mapping.ParseFile("draft.yaml", d.Render()); err != nil {
		t.Errorf("draft does not parse: %v", err)
	}
}
