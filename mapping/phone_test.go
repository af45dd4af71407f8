package mapping_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"contactimport/mapping"
)

// Mappings of the phone tests: a phone column read as an attribute (any valid number) and as
// the mobile field (a number that can be a mobile), with the region per row or for the file.
const (
	phoneByCountry = "phone_region: {column: Land}\nunmapped: ignore\ncolumns:\n  Mail: email\n" +
		"  Tel: {to: user.CustomAttribute.Phone, transform: [phone]}\n  Handy: mobile\n"
	phoneNoRegion = "unmapped: ignore\ncolumns:\n  Mail: email\n" +
		"  Tel: {to: user.CustomAttribute.Phone, transform: [phone]}\n  Handy: mobile\n"
	phoneRegionDE = "phone_region: DE\n" + phoneNoRegion
	phoneRegionFR = "phone_region: FR\n" + phoneNoRegion
)

var phoneHeader = []string{"Mail", "Tel", "Handy", "Land"}

// TestMapPhone covers every rule of "Phone numbers are never guessed wrong" (SPEC.md, Mapping),
// with the numbers of issue 10. Tel is a phone attribute, Handy the mobile field.
func TestMapPhone(t *testing.T) {
	tests := []struct {
		Name      string
		File      string
		Tel       string
		Handy     string
		Land      string
		WantTel   string // user.CustomAttribute.Phone sent, "" for none
		WantHandy string
		Err       *mapping.FieldError // Column and Code are compared
	}{
		// The row's own country decides, not one region for the whole file.
		{Name: "USNumberInUSRow", File: phoneByCountry, Tel: "2025550113", Handy: "(202) 555-0113", Land: "US",
			WantTel: "+12025550113", WantHandy: "+12025550113"},
		{Name: "USNumberAlpha3", File: phoneByCountry, Tel: "202-555-0113", Land: "usa", WantTel: "+12025550113"},
		{Name: "SameDigitsInDERow", File: phoneByCountry, Tel: "2025550113", Land: "DE", WantTel: "+492025550113"},
		{Name: "SameDigitsInDERowAsMobile", File: phoneByCountry, Handy: "2025550113", Land: "DE",
			Err: &mapping.FieldError{Column: "Handy", Code: "not_a_mobile_number"}},
		{Name: "CountryNumeric", File: phoneByCountry, Tel: "030 12345678", Land: "276", WantTel: "+493012345678"},
		{Name: "CountryLowerCaseSpaced", File: phoneByCountry, Handy: "0170 1234567", Land: " de ", WantHandy: "+491701234567"},
		{Name: "CountryUnknown", File: phoneByCountry, Handy: "0170 1234567", Land: "Atlantis",
			Err: &mapping.FieldError{Column: "Handy", Code: "unknown_phone_region"}},
		{Name: "CountryNoPhoneMetadata", File: phoneByCountry, Handy: "0170 1234567", Land: "AQ",
			Err: &mapping.FieldError{Column: "Handy", Code: "unknown_phone_region"}},
		{Name: "CountryUnknownNumberWithPlus", File: phoneByCountry, Handy: "+49 170 1234567", Land: "Atlantis",
			WantHandy: "+491701234567"},
		{Name: "CountryUnknownNoNumber", File: phoneByCountry, Land: "Atlantis"},
		{Name: "CountryEmptyInternational", File: phoneByCountry, Handy: "4917012345678", WantHandy: "+4917012345678"},
		{Name: "CountryEmptyNational", File: phoneByCountry, Handy: "0170 1234567",
			Err: &mapping.FieldError{Column: "Handy", Code: "invalid_phone"}},

		// Without a region, digits are international: Brevo writes 4917012345678.
		{Name: "NoRegionDigitsInternational", File: phoneNoRegion, Tel: "4917012345678", Handy: "4917012345678",
			WantTel: "+4917012345678", WantHandy: "+4917012345678"},
		{Name: "NoRegionNational", File: phoneNoRegion, Tel: "0170 1234567",
			Err: &mapping.FieldError{Column: "Tel", Code: "invalid_phone"}},
		{Name: "NoRegion00", File: phoneNoRegion, Tel: "0049 30 12345678", WantTel: "+493012345678"},

		// With a region: national if valid there, else international, never both.
		{Name: "RegionNational", File: phoneRegionDE, Handy: "0170 1234567", WantHandy: "+491701234567"},
		{Name: "RegionForeignDigits", File: phoneRegionFR, Tel: "4917012345678", Handy: "49 170 1234 5678",
			WantTel: "+4917012345678", WantHandy: "+4917012345678"},
		{Name: "RegionOwnCountryCode", File: phoneRegionFR, Handy: "33612345678", WantHandy: "+33612345678"},
		{Name: "RegionBothReadingsValid", File: phoneRegionDE, Tel: "4917012345678",
			Err: &mapping.FieldError{Column: "Tel", Code: "ambiguous_phone"}},
		{Name: "RegionBothReadingsFrenchDigitsInDE", File: phoneRegionDE, Tel: "33612345678",
			Err: &mapping.FieldError{Column: "Tel", Code: "ambiguous_phone"}},
		// For the mobile field a reading that cannot be a mobile does not compete: the German
		// reading of these digits is a landline, the French one a mobile.
		{Name: "RegionFrenchMobileDigitsInDEAsMobile", File: phoneRegionDE, Handy: "33612345678", WantHandy: "+33612345678"},
		{Name: "RegionBothReadingsMobiles", File: phoneRegionDE, Handy: "17078895471",
			Err: &mapping.FieldError{Column: "Handy", Code: "ambiguous_phone"}},
		{Name: "RegionNoReadingAMobile", File: phoneRegionDE, Handy: "4930123456789",
			Err: &mapping.FieldError{Column: "Handy", Code: "not_a_mobile_number"}},

		// A number written in its region's national format is national: nobody means New
		// Zealand (+64 6555 0124) by (646) 555-0124 in a US row, nor Malaysia by 604-555-0153 in
		// a Canadian one. Digits alone stay ambiguous: a spreadsheet may have dropped a +.
		{Name: "USParentheses", File: phoneByCountry, Tel: "(646) 555-0124", Handy: "(646) 555-0124", Land: "US",
			WantTel: "+16465550124", WantHandy: "+16465550124"},
		{Name: "USDashes", File: phoneByCountry, Tel: "646-555-0124", Handy: "646-555-0124", Land: "United States",
			WantTel: "+16465550124", WantHandy: "+16465550124"},
		{Name: "USSpaces", File: phoneByCountry, Tel: "646 555 0124", Land: "USA", WantTel: "+16465550124"},
		{Name: "CADashes", File: phoneByCountry, Tel: "604-555-0153", Handy: "604-555-0153", Land: "CA",
			WantTel: "+16045550153", WantHandy: "+16045550153"},
		{Name: "CADots", File: phoneByCountry, Tel: "604.555.0153", Land: "Canada", WantTel: "+16045550153"},
		{Name: "USDigitsAlone", File: phoneByCountry, Tel: "6465550124", Land: "US",
			Err: &mapping.FieldError{Column: "Tel", Code: "ambiguous_phone"}},
		{Name: "RUTrunkPrefix", File: phoneByCountry, Tel: "8 495 123-45-67", Land: "RU", WantTel: "+74951234567"},
		{Name: "Region00", File: phoneRegionFR, Handy: "0044 7911 123456", WantHandy: "+447911123456"},
		{Name: "RegionPlus", File: phoneRegionDE, Handy: "+1 202 555 0113", WantHandy: "+12025550113"},
		{Name: "RegionNoReading", File: phoneRegionDE, Tel: "12345",
			Err: &mapping.FieldError{Column: "Tel", Code: "invalid_phone"}},
		{Name: "PlusInvalid", File: phoneRegionDE, Tel: "+0151 12345678",
			Err: &mapping.FieldError{Column: "Tel", Code: "invalid_phone"}},
		{Name: "NotAPhoneNumber", File: phoneRegionDE, Tel: "n/a",
			Err: &mapping.FieldError{Column: "Tel", Code: "invalid_phone"}},
		{Name: "PlusInTheMiddle", File: phoneRegionDE, Tel: "0170+1234567",
			Err: &mapping.FieldError{Column: "Tel", Code: "invalid_phone"}},
		{Name: "TwoPlus", File: phoneRegionDE, Tel: "++49 170 1234567",
			Err: &mapping.FieldError{Column: "Tel", Code: "invalid_phone"}},
		{Name: "OnlySeparators", File: phoneRegionDE, Tel: "--",
			Err: &mapping.FieldError{Column: "Tel", Code: "invalid_phone"}},

		// The mobile field takes numbers that can be mobiles, whatever its transforms.
		{Name: "LandlineAsMobile", File: phoneRegionDE, Handy: "030 12345678",
			Err: &mapping.FieldError{Column: "Handy", Code: "not_a_mobile_number"}},
		{Name: "LandlineAsMobileInternational", File: phoneNoRegion, Handy: "+49 30 12345678",
			Err: &mapping.FieldError{Column: "Handy", Code: "not_a_mobile_number"}},
		{Name: "LandlineAsPhoneAttribute", File: phoneRegionDE, Tel: "030 12345678", WantTel: "+493012345678"},
		{Name: "FixedLineOrMobile", File: phoneNoRegion, Handy: "+1 202 555 0113", WantHandy: "+12025550113"},
		{Name: "InvalidAsMobile", File: phoneNoRegion, Handy: "+44 7700 900123",
			Err: &mapping.FieldError{Column: "Handy", Code: "invalid_phone"}},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			f, err := mapping.ParseFile("m.yaml", []byte(tt.File))
			if err != nil {
				t.Fatal(err)
			}
			m, err := mapping.Compile(f, phoneHeader, mapping.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := m.Map([]string{"a@b.de", tt.Tel, tt.Handy, tt.Land})
			if tt.Err != nil {
				var fe *mapping.FieldError
				if !errors.As(err, &fe) {
					t.Fatalf("Map = %+v, %v; want a *FieldError", got, err)
				}
				if fe.Column != tt.Err.Column || fe.Code != tt.Err.Code {
					t.Fatalf("Map error = {%q %q} %q, want {%q %q}", fe.Column, fe.Code, fe.Reason, tt.Err.Column, tt.Err.Code)
				}
				if fe.Code != "ambiguous_phone" { // an ambiguous number's message names both readings
					noDigitsOf(t, err.Error(), tt.Tel, tt.Handy)
				}
				return
			}
			if err != nil {
				t.Fatalf("Map: %v", err)
			}
			var tel string
			for _, a := range got.Attributes {
				if a.Name == "user.CustomAttribute.Phone" {
					tel = a.Value
				}
			}
			if tel != tt.WantTel || got.Mobile != tt.WantHandy {
				t.Errorf("Map: phone %q, mobile %q; want %q, %q", tel, got.Mobile, tt.WantTel, tt.WantHandy)
			}
		})
	}
}

// noDigitsOf fails when msg holds a phone cell, as written or as its digits.
func noDigitsOf(t *testing.T, msg string, cells ...string) {
	t.Helper()
	for _, c := range cells {
		d := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, c)
		if (len(c) > 3 && strings.Contains(msg, strings.TrimSpace(c))) || (len(d) > 3 && strings.Contains(msg, d)) {
			t.Errorf("error %q holds the number", msg)
		}
	}
}

// TestMapPhoneAmbiguousNamesBothReadings: the refusal shows both readings in E.164, so the user
// sees which numbers the cell can be, and, for a cell of digits alone, what a spreadsheet may
// have made of it.
func TestMapPhoneAmbiguousNamesBothReadings(t *testing.T) {
	f, err := mapping.ParseFile("m.yaml", []byte(phoneRegionDE))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Compile(f, phoneHeader, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ tel, handy, want string }{
		{"33 6 12 34 56 78", "", `column "Tel": ambiguous: +4933612345678 as a national number of DE, or +33612345678 with + in front (a number of FR); ` +
			`write it with + and the country code, or as DE writes it: 03361 2345678`},
		{"4915123456780", "", `column "Tel": ambiguous: +494915123456780 as a national number of DE, or +4915123456780 with + in front; ` +
			`it looks like a spreadsheet changed it: was it +4915123456780, or 0491 5123456780 as DE writes it? Write it as it was`},
		{"", "17078895471", `column "Handy": ambiguous: +4917078895471 as a national number of DE, or +17078895471 with + in front (a number of US); ` +
			`it looks like a spreadsheet changed it: was it +17078895471, or 0170 78895471 as DE writes it? Write it as it was`},
	} {
		_, err = m.Map([]string{"a@b.de", tc.tel, tc.handy, ""})
		if err == nil || err.Error() != tc.want {
			t.Errorf("Map error = %v\nwant %s", err, tc.want)
		}
	}
	// As the mobile field, the German landline reading of 4915123456780 does not compete.
	if c, err := m.Map([]string{"a@b.de", "", "4915123456780", ""}); err != nil || c.Mobile != "+4915123456780" {
		t.Errorf("Map = %+v, %v; want the mobile +4915123456780", c, err)
	}
}

// TestMobileKeyOneContact: however a mobile number is written, it is one key, so one contact
// with --identifier mobile. Auto-mapping and a mapping file without the phone transform alike.
func TestMobileKeyOneContact(t *testing.T) {
	spellings := []string{"+44 7911 123456", "0044 7911 123456", "447911123456", "+447911123456", " +44 (0)7911 123456 "}
	for _, tc := range []struct{ name, file string }{
		{"Auto", ""},
		{"FileNoTransform", "identifier: mobile\ncolumns:\n  Mobile: mobile\n"},
		{"FilePhoneTransform", "identifier: mobile\ncolumns:\n  Mobile: {to: mobile, transform: [phone]}\n"},
		{"FileOtherRegion", "identifier: mobile\nphone_region: FR\ncolumns:\n  Mobile: mobile\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f *mapping.File
			if tc.file != "" {
				var err error
				if f, err = mapping.ParseFile("m.yaml", []byte(tc.file)); err != nil {
					t.Fatal(err)
				}
			}
			m, err := mapping.Compile(f, []string{"Mobile"}, mapping.Options{Identifier: mapping.Mobile})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range spellings {
				c, err := m.Map([]string{s})
				want := mapping.Contact{Key: "+447911123456", Mobile: "+447911123456"}
				if err != nil || !reflect.DeepEqual(c, want) {
					t.Errorf("Map(%q) = %+v, %v; want %+v", s, c, err, want)
				}
			}
		})
	}
}

// TestMapPhoneEdges: a country column as the first column, and a number of no country (the
// +800 international freephone numbers) named by its calling code.
func TestMapPhoneEdges(t *testing.T) {
	f, err := mapping.ParseFile("m.yaml", []byte("phone_region: {column: Land}\ncolumns:\n  Mail: email\n  Handy: mobile\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Compile(f, []string{"Land", "Mail", "Handy"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := m.Map([]string{"FR", "a@b.de", "06 12 34 56 78"}); err != nil || c.Mobile != "+33612345678" {
		t.Errorf("Map = %+v, %v; want the French mobile", c, err)
	}
	_, err = m.Map([]string{"", "a@b.de", "+800 1234 5678"})
	want := `column "Handy": a valid phone number of +800, but not a mobile one (a landline or another kind of line)`
	if err == nil || err.Error() != want {
		t.Errorf("Map error = %v\nwant %s", err, want)
	}
}

func TestCompilePhoneRegionColumn(t *testing.T) {
	parse := func(t *testing.T, s string) *mapping.File {
		t.Helper()
		f, err := mapping.ParseFile("m.yaml", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Run("Missing", func(t *testing.T) {
		_, err := mapping.Compile(parse(t, phoneByCountry), []string{"Mail", "Tel", "Handy", "Country"}, mapping.Options{})
		var he *mapping.HeaderError
		if !errors.As(err, &he) || !reflect.DeepEqual(he.Missing, []string{"Land"}) {
			t.Fatalf("Compile = %v; want Land missing", err)
		}
	})
	t.Run("UsedNotUnknown", func(t *testing.T) {
		f := parse(t, "phone_region: {column: Land}\ncolumns:\n  Mail: email\n  Handy: mobile\n")
		m, err := mapping.Compile(f, []string{"Mail", "Handy", "Land"}, mapping.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := m.Resolved()[2]
		if got.Column != "Land" || got.Target != "(phone region)" {
			t.Errorf("Resolved()[2] = %+v, want Land as (phone region)", got)
		}
		c, err := m.Map([]string{"a@b.de", "0612345678", "FR"})
		if err != nil || c.Mobile != "+33612345678" || len(c.Attributes) != 0 {
			t.Errorf("Map = %+v, %v; want the French mobile and no attribute", c, err)
		}
		if pr := m.PhoneRegion(); pr != (mapping.PhoneRegion{Used: true, Column: "Land"}) {
			t.Errorf("PhoneRegion() = %+v", pr)
		}
	})
	t.Run("AlsoMapped", func(t *testing.T) {
		f := parse(t, "phone_region: {column: Land}\ncolumns:\n  Mail: email\n  Handy: mobile\n  Land: user.ISOCountryCode\n")
		m, err := mapping.Compile(f, []string{"Mail", "Handy", "Land"}, mapping.Options{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := m.Map([]string{"a@b.de", "0612345678", "FR"})
		want := []mapping.Attribute{{Name: "user.ISOCountryCode", Value: "FR"}}
		if err != nil || c.Mobile != "+33612345678" || !reflect.DeepEqual(c.Attributes, want) {
			t.Errorf("Map = %+v, %v", c, err)
		}
	})
	t.Run("CustomSendsIt", func(t *testing.T) {
		f := parse(t, "phone_region: {column: Land}\nunmapped: custom\ncolumns:\n  Mail: email\n")
		m, err := mapping.Compile(f, []string{"Mail", "Land"}, mapping.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Resolved()[1].Target; got != "user.CustomAttribute.Land" {
			t.Errorf("target = %q, want the custom attribute", got)
		}
	})
	t.Run("PhoneRegionReported", func(t *testing.T) {
		for _, tc := range []struct {
			file, col string
			want      mapping.PhoneRegion
		}{
			{"phone_region: DE\ncolumns:\n  Mail: email\n  Tel: {to: user.Tel, transform: phone}\n", "Tel", mapping.PhoneRegion{Used: true, Region: "DE"}},
			{"columns:\n  Mail: email\n  Tel: user.Tel\n", "Tel", mapping.PhoneRegion{}},
			{"phone_region: AT\ncolumns:\n  Mail: email\n  Tel: user.Tel\n", "Tel", mapping.PhoneRegion{Region: "AT"}},
		} {
			m, err := mapping.Compile(parse(t, tc.file), []string{"Mail", tc.col}, mapping.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := m.PhoneRegion(); got != tc.want {
				t.Errorf("%q: PhoneRegion() = %+v, want %+v", tc.file, got, tc.want)
			}
		}
	})
	t.Run("FingerprintNamesTheColumn", func(t *testing.T) {
		header := []string{"Mail", "Handy", "Land", "Country"}
		fp := func(s string) string {
			m, err := mapping.Compile(parse(t, s), header, mapping.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return m.Fingerprint()
		}
		base := "unmapped: ignore\ncolumns:\n  Mail: email\n  Handy: mobile\n"
		a, b, c := fp("phone_region: {column: Land}\n"+base), fp("phone_region: {column: Country}\n"+base), fp(base)
		if a == b || a == c || b == c {
			t.Errorf("fingerprints do not tell the region column apart: %s %s %s", a, b, c)
		}
	})
	t.Run("BothInCode", func(t *testing.T) {
		f := &mapping.File{PhoneRegion: "DE", PhoneRegionColumn: "Land", Columns: []mapping.Column{{Name: "Mail", Target: "email"}}}
		_, err := mapping.Compile(f, []string{"Mail", "Land"}, mapping.Options{})
		if err == nil || !strings.Contains(err.Error(), "phone_region: a region code or a column, not both") {
			t.Errorf("Compile = %v", err)
		}
	})
}

// TestMapPhoneNoRegionSaysWhy: a national number without a region is refused with the reason
// there is none, an empty country cell or no phone_region, so the user knows what to fill in.
func TestMapPhoneNoRegionSaysWhy(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{phoneByCountry, `the country in column "Land" is empty`},
		{phoneNoRegion, "the mapping sets no phone_region"},
	} {
		f, err := mapping.ParseFile("m.yaml", []byte(tc.file))
		if err != nil {
			t.Fatal(err)
		}
		m, err := mapping.Compile(f, phoneHeader, mapping.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = m.Map([]string{"a@b.de", "030 12345678", "", ""})
		var fe *mapping.FieldError
		if !errors.As(err, &fe) || fe.Code != "invalid_phone" || !strings.Contains(fe.Reason, tc.want) {
			t.Errorf("Map error = %v, want invalid_phone saying %q", err, tc.want)
		}
	}
}
