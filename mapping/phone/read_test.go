package phone

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// readCase is one cell read for a region: the E.164 number it gives, or the code it fails with.
type readCase struct {
	name   string
	v      string
	region Region
	want   Want
	e164   string
	code   string
}

func (tc readCase) check(t *testing.T) {
	t.Helper()
	num, fe := Read(tc.v, tc.region, tc.want)
	switch {
	case tc.code != "" && (fe == nil || fe.Code != tc.code):
		t.Errorf("%s: Read(%q, %+v) = %s, %v; want %s", tc.name, tc.v, tc.region, num.E164(), fe, tc.code)
	case tc.code == "" && (fe != nil || num.E164() != tc.e164):
		t.Errorf("%s: Read(%q, %+v) = %s, %v; want %s", tc.name, tc.v, tc.region, num.E164(), fe, tc.e164)
	}
}

// TestReadNationalFormat: with both readings valid, a cell written the way its region writes
// numbers is national; digits alone, another grouping, or the "+" reading's own international
// grouping leave it ambiguous.
func TestReadNationalFormat(t *testing.T) {
	us, ca, de, ru, mx := Region{Code: "US"}, Region{Code: "CA"}, Region{Code: "DE"}, Region{Code: "RU"}, Region{Code: "MX"}
	for _, tc := range []readCase{
		{name: "USParentheses", v: "(646) 555-0124", region: us, e164: "+16465550124"},
		{name: "USParenthesesNoSpace", v: "(646)555-0124", region: us, e164: "+16465550124"},
		{name: "USParenthesesOnly", v: "(646)5550124", region: us, e164: "+16465550124"},
		{name: "USDashes", v: "646-555-0124", region: us, e164: "+16465550124"},
		{name: "USDots", v: "646.555.0124", region: us, e164: "+16465550124"},
		{name: "USSpaces", v: " 646 555 0124 ", region: us, e164: "+16465550124"},
		{name: "USDashesAsMobile", v: "646-555-0124", region: us, want: Mobile, e164: "+16465550124"},
		{name: "CADashes", v: "604-555-0153", region: ca, e164: "+16045550153"},
		{name: "CADots", v: "604.555.0153", region: ca, e164: "+16045550153"},
		{name: "CAParentheses", v: "(604) 555-0153", region: ca, e164: "+16045550153"},
		{name: "RUTrunk", v: "8 495 123-45-67", region: ru, e164: "+74951234567"},
		{name: "RUTrunkDigitsAlone", v: "84951234567", region: ru, e164: "+74951234567"},
		{name: "RUNationalFormat", v: "8 (495) 123-45-67", region: ru, e164: "+74951234567"},
		{name: "MXGrouping", v: "55 1234 5678", region: mx, e164: "+525512345678"},

		{name: "USDigitsAlone", v: "6465550124", region: us, code: CodeAmbiguous},
		{name: "USOtherGrouping", v: "646 5550124", region: us, code: CodeAmbiguous},
		{name: "USOtherGroupingDashes", v: "6465-550-124", region: us, code: CodeAmbiguous},
		{name: "USParenthesesNotAreaCode", v: "(6465) 550124", region: us, code: CodeAmbiguous},
		{name: "USParenthesesEmpty", v: "() 6465550124", region: us, code: CodeAmbiguous},
		{name: "USParenthesesNotFirstGroup", v: "(64) 6555 0124", region: us, code: CodeAmbiguous},
		{name: "USGroupingParenthesesLater", v: "646 (555) 0124", region: us, e164: "+16465550124"},
		{name: "CADigitsAlone", v: "6045550153", region: ca, code: CodeAmbiguous},
		{name: "DEDigitsAlone", v: "4915123456780", region: de, code: CodeAmbiguous},
		{name: "DEInternationalGrouping", v: "49 151 23456780", region: de, code: CodeAmbiguous},
		{name: "DEFrenchInternationalGrouping", v: "33 6 12 34 56 78", region: de, code: CodeAmbiguous},
		{name: "NZGroupingInUSRow", v: "64 6 555 0124", region: us, code: CodeAmbiguous},
		// Both ways written as written there: Georgia's national grouping of +995 352 99 31 51
		// is also Luxembourg's +352 99 31 51 without its "+"; likewise Kosovo's and Germany's.
		{name: "GEGroupingIsAlsoLU", v: "352 99 31 51", region: Region{Code: "GE"}, code: CodeAmbiguous},
		{name: "XKGroupingIsAlsoDE", v: "49 201 674", region: Region{Code: "XK"}, code: CodeAmbiguous},
		{name: "GEGroupingOnly", v: "352 993151", region: Region{Code: "GE"}, code: CodeAmbiguous},
	} {
		tc.check(t)
	}
}

// TestReadMobileRule: for the mobile field a reading that cannot be a mobile does not compete;
// when none can be one, the number is not_a_mobile_number.
func TestReadMobileRule(t *testing.T) {
	de := Region{Code: "DE"}
	for _, tc := range []readCase{
		{name: "DELandlineOrMobile", v: "4915123456780", region: de, want: Mobile, e164: "+4915123456780"},
		{name: "DELandlineOrMobileAny", v: "4915123456780", region: de, code: CodeAmbiguous},
		{name: "FRMobileInDE", v: "33612345678", region: de, want: Mobile, e164: "+33612345678"},
		{name: "BothMobiles", v: "17078895471", region: de, want: Mobile, code: CodeAmbiguous},
		{name: "NeitherMobile", v: "33112345678", region: de, want: Mobile, code: CodeNotMobile},
		{name: "OnlyReadingNoMobile", v: "4930123456789", region: de, want: Mobile, code: CodeNotMobile},
		{name: "NationalFormatLandline", v: "8 495 123-45-67", region: Region{Code: "RU"}, want: Mobile, code: CodeNotMobile},
		{name: "InternationalLandline", v: "+49 30 12345678", region: de, want: Mobile, code: CodeNotMobile},
		{name: "NoRegionLandline", v: "493012345678", want: Mobile, code: CodeNotMobile},
		{name: "NoRegionMobile", v: "4915123456780", want: Mobile, e164: "+4915123456780"},
		{name: "NationalOnly", v: "0151 23456780", region: de, want: Mobile, e164: "+4915123456780"},
		{name: "InternationalOnly", v: "447911123456", region: de, want: Mobile, e164: "+447911123456"},
	} {
		tc.check(t)
	}
	// Which reading can be a mobile is libphonenumber's type.
	for _, s := range []string{"+494915123456780", "+4933612345678", "+4930123456789", "+17078895471", "+4917078895471"} {
		num, err := phonenumbers.Parse(s, "")
		if err != nil {
			t.Fatal(err)
		}
		typ := phonenumbers.GetNumberType(num)
		mobile := typ == phonenumbers.MOBILE || typ == phonenumbers.FIXED_LINE_OR_MOBILE
		if got, ok := internationalValid(s[1:]); !ok || got.CanBeMobile() != mobile || got.Type() != typ {
			t.Errorf("%s: CanBeMobile %v, type %v; library type %v", s, got.CanBeMobile(), got.Type(), typ)
		}
	}
}

// TestReadAmbiguousShowsBothReadings: the reason names both readings in E.164, whatever the
// countries, and for digits alone what the cell may have been before a spreadsheet.
func TestReadAmbiguousShowsBothReadings(t *testing.T) {
	for _, tc := range []struct {
		v, region string
		readings  []string
		says      string
	}{
		{"4915123456780", "DE", []string{"+494915123456780", "+4915123456780"}, "was it +4915123456780, or 0491 5123456780 as DE writes it?"},
		{"6465550124", "US", []string{"+16465550124", "+6465550124"}, "was it +6465550124, or (646) 555-0124 as US writes it?"},
		{"33 6 12 34 56 78", "DE", []string{"+4933612345678", "+33612345678"}, "(a number of FR); write it with + and the country code, or as DE writes it: 03361 2345678"},
	} {
		_, fe := Read(tc.v, Region{Code: tc.region}, AnyLine)
		if fe == nil || fe.Code != CodeAmbiguous {
			t.Fatalf("%s in %s: %v, want ambiguous", tc.v, tc.region, fe)
		}
		for _, r := range tc.readings {
			if !strings.Contains(fe.Reason, r+" ") {
				t.Errorf("%s in %s: %q does not show %s", tc.v, tc.region, fe.Reason, r)
			}
		}
		if !strings.Contains(fe.Reason, tc.says) {
			t.Errorf("%s in %s: %q does not say %q", tc.v, tc.region, fe.Reason, tc.says)
		}
		if strings.Contains(fe.Reason, "number of "+tc.region+" and") || strings.Contains(fe.Reason, "a number of "+tc.region+")") {
			t.Errorf("%s in %s: %q names the region for both readings", tc.v, tc.region, fe.Reason)
		}
	}
}

// TestNationalStringAgainstLibrary: the national format of every region's example numbers,
// as the national-format rule and the ambiguity message use it, is the library's
// Format(num, NATIONAL).
func TestNationalStringAgainstLibrary(t *testing.T) {
	n := 0
	for region := range phonenumbers.GetSupportedRegions() {
		for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.VOIP} {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			num, ok := internationalValid(phonenumbers.Format(ex, phonenumbers.E164)[1:])
			if !ok {
				t.Fatalf("%s: example %v not valid", region, ex)
			}
			if got, want := nationalString(num), phonenumbers.Format(ex, phonenumbers.NATIONAL); got != want && !(got == "" && want == num.nsn) {
				t.Errorf("%s %v: national %q, library %q", region, typ, got, want)
			}
			n++
		}
	}
	if n < 500 {
		t.Fatalf("only %d example numbers", n)
	}
}

func TestSameRuns(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"646-555-0124", "(646) 555-0124", true}, {"646 555 0124", "646-555-0124", true},
		{"6465550124", "6465550124", false}, // one group is no grouping
		{"646 5550124", "646 555-0124", false}, {"646 555 012", "646 555 0124", false},
		{"646 555 0124 1", "646 555 0124", false}, {"646 555 0125", "646 555 0124", false},
		{"", "", false}, {"1 2", "1 2", true}, {"1 2 ", " 1-2", true},
	} {
		if got := sameRuns(tc.a, tc.b); got != tc.want {
			t.Errorf("sameRuns(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestFixedGroups: the group lengths of patterns made of fixed-length groups of digits are
// known without matching; any other pattern is matched.
func TestFixedGroups(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    []int
	}{
		{`(\d{3})(\d{3})(\d{4})`, []int{3, 3, 4}}, {`(\d)(\d{3})`, []int{1, 3}}, {`(\d{12})`, []int{12}},
		{`(\d{3,4})(\d{4})`, nil}, {`([2-9]\d{2})(\d{4})`, nil}, {`(\d{3})(\d{4})x`, nil}, {`x(\d{3})`, nil}, {``, nil},
	} {
		if got := fixedGroups(tc.pattern); !slices.Equal(got, tc.want) {
			t.Errorf("fixedGroups(%s) = %v, want %v", tc.pattern, got, tc.want)
		}
	}
	// Known or matched, the bounds are the same.
	f := numFormat{re: regexp.MustCompile(`^(?:(\d{3})(\d{3})(\d{4}))$`), fixed: []int{3, 3, 4}}
	g := f
	g.fixed = nil
	if a, b := f.groups("6465550124"), g.groups("6465550124"); !slices.Equal(a, b) {
		t.Errorf("groups: known %v, matched %v", a, b)
	}
}

// FuzzRead: whatever the cell and region, Read does not panic, and a number it returns is one
// of the cell's readings as the library parses them, valid, and a possible mobile when one is
// wanted.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"(646) 555-0124", "646-555-0124", "4915123456780", "8 495 123-45-67", "352 99 31 51", "+49 30 1234", "0044 7911 123456"} {
		f.Add(s, uint8(0), false)
	}
	regions := []string{"", "US", "CA", "DE", "RU", "GE", "FR", "GB", "MX", "AR", "BR", "IT", "XK", "NZ"}
	f.Fuzz(func(t *testing.T, cell string, r uint8, mobile bool) {
		region := regions[int(r)%len(regions)]
		w := AnyLine
		if mobile {
			w = Mobile
		}
		num, fe := Read(cell, Region{Code: region}, w)
		if fe != nil {
			return
		}
		var readings []string
		cell = strings.TrimSpace(cell) // as Read takes it
		for _, s := range []struct{ v, region string }{{cell, region}, {"+" + cell, ""}} {
			if p, err := phonenumbers.Parse(s.v, s.region); err == nil && phonenumbers.IsValidNumber(p) {
				readings = append(readings, phonenumbers.Format(p, phonenumbers.E164))
			}
		}
		digits, _, _ := text(cell)
		if p, err := phonenumbers.Parse("+"+strings.TrimPrefix(digits, "00"), ""); err == nil && phonenumbers.IsValidNumber(p) {
			readings = append(readings, phonenumbers.Format(p, phonenumbers.E164))
		}
		if !slices.Contains(readings, num.E164()) {
			t.Fatalf("Read(%q, %q) = %s, not one of the library's readings %v", cell, region, num.E164(), readings)
		}
		if mobile && !num.CanBeMobile() {
			t.Fatalf("Read(%q, %q, Mobile) = %s, type %v", cell, region, num.E164(), num.Type())
		}
	})
}

// TestReadRefusals: what is no phone number, or cannot be read without a region, is refused
// with a reason that says why and what to do.
func TestReadRefusals(t *testing.T) {
	for _, tc := range []struct {
		v      string
		region Region
		want   Want
		code   string
		reason string
	}{
		{"0170+1234567", Region{Code: "DE"}, AnyLine, CodeInvalid, "not a phone number (only digits, a leading + and the separators - . / ( ) are read)"},
		{"++49 170 1234567", Region{}, AnyLine, CodeInvalid, "not a phone number (only digits, a leading + and the separators - . / ( ) are read)"},
		{"0170 x1234567", Region{Code: "DE"}, AnyLine, CodeInvalid, "not a phone number (only digits, a leading + and the separators - . / ( ) are read)"},
		{" - ", Region{Code: "DE"}, AnyLine, CodeInvalid, "not a phone number (only digits, a leading + and the separators - . / ( ) are read)"},
		{"+0151 12345678", Region{Code: "DE"}, AnyLine, CodeInvalid, "not a valid phone number (its country code, after + or 00, was read as written)"},
		{"0170 1234567", Region{Column: "Land", Unknown: true}, AnyLine, CodeUnknownRegion, `the country in column "Land" is neither an ISO country code (such as DE, DEU or 276) nor a country name this tool knows, so a number without + or 00 cannot be read; write it with + and the country code, or fix the country`},
		{"0170 1234567", Region{Column: "Land"}, AnyLine, CodeInvalid, `not a valid phone number; without + or 00 it is read as international, because the country in column "Land" is empty (write it with + and the country code, or set phone_region)`},
		{"0170 1234567", Region{}, AnyLine, CodeInvalid, "not a valid phone number; without + or 00 it is read as international, because the mapping sets no phone_region (write it with + and the country code, or set phone_region)"},
		{"12345", Region{Code: "DE"}, AnyLine, CodeInvalid, "not a valid phone number of DE, nor with + in front as an international one"},
		{"+800 1234 5678", Region{}, Mobile, CodeNotMobile, "a valid phone number of +800, but not a mobile one (a landline or another kind of line)"},
		{"33112345678", Region{Code: "DE"}, Mobile, CodeNotMobile, "a valid phone number both as +4933112345678 (a national number of DE) and as +33112345678 (with + in front), but neither is a mobile one"},
	} {
		num, fe := Read(tc.v, tc.region, tc.want)
		if fe == nil || fe.Code != tc.code || fe.Reason != tc.reason || fe.Error() != tc.reason {
			t.Errorf("Read(%q, %+v) = %s, %+v\nwant %s: %s", tc.v, tc.region, num.E164(), fe, tc.code, tc.reason)
		}
	}
	// Spelled with 00 or +, the same number.
	for _, v := range []string{"0049 170 1234567", "+49 (170) 123-4567", "\t+491701234567 "} {
		if s, fe := Format(v, Region{Code: "FR"}, Mobile); fe != nil || s != "+491701234567" {
			t.Errorf("Format(%q) = %s, %v", v, s, fe)
		}
	}
}

// TestAmbiguousWithoutNationalFormat: where the metadata has no national format for the
// number, the message still names both readings and says what to write.
func TestAmbiguousWithoutNationalFormat(t *testing.T) {
	nat := Number{number: number{cc: 49, nsn: "1"}, region: "DE"}
	inter := Number{number: number{cc: 1, nsn: "2025550113"}, region: "US"}
	for _, tc := range []struct{ v, want string }{
		{"491", "ambiguous: +491 as a national number of DE, or +12025550113 with + in front (a number of US); it looks like a spreadsheet changed it: was it +12025550113? Write it with + and the country code, or as DE writes its numbers"},
		{"49 1", "ambiguous: +491 as a national number of DE, or +12025550113 with + in front (a number of US); write it with + and the country code, or as DE writes its numbers"},
	} {
		_, fe := both(AnyLine, tc.v, "491", nat, inter, "DE")
		if fe == nil || fe.Code != CodeAmbiguous || fe.Reason != tc.want {
			t.Errorf("both(%q) = %+v\nwant %s", tc.v, fe, tc.want)
		}
	}
}

// A number written the way its region writes numbers is national; for the mobile field a
// reading that cannot be a mobile does not compete; digits alone valid both ways are refused,
// naming both readings.
func ExampleRead() {
	for _, c := range []struct {
		cell, region string
		want         Want
	}{
		{"(646) 555-0124", "US", AnyLine},
		{"604.555.0153", "CA", Mobile},
		{"4915123456780", "DE", Mobile},
		{"4915123456780", "DE", AnyLine},
		{"030 12345678", "DE", Mobile},
	} {
		num, err := Read(c.cell, Region{Code: c.region}, c.want)
		if err != nil {
			fmt.Println(err.Code+":", err.Reason)
			continue
		}
		fmt.Println(num.E164(), num.Region())
	}
	// Output:
	// +16465550124 US
	// +16045550153 CA
	// +4915123456780 DE
	// ambiguous_phone: ambiguous: +494915123456780 as a national number of DE, or +4915123456780 with + in front; it looks like a spreadsheet changed it: was it +4915123456780, or 0491 5123456780 as DE writes it? Write it as it was
	// not_a_mobile_number: a valid phone number of DE, but not a mobile one (a landline or another kind of line)
}

// TestReadLostZeros: with Region.LostZeros, a cell of digits alone that reads both ways is read
// in the row's region and marked Restored; a cell with one reading, or written with separators
// or a "+", is read as without it.
func TestReadLostZeros(t *testing.T) {
	de := Region{Code: "DE", LostZeros: true}
	for _, tc := range []struct {
		name     string
		v        string
		region   Region
		want     Want
		e164     string
		code     string
		restored bool
	}{
		{name: "GermanMobileLostZero", v: "15123456703", region: de, want: Mobile, e164: "+4915123456703", restored: true},
		{name: "GermanMobileLostZeroAnyLine", v: "15123456703", region: de, e164: "+4915123456703", restored: true},
		{name: "SpacesAround", v: " 15123456703 ", region: de, want: Mobile, e164: "+4915123456703", restored: true},
		{name: "WithoutTheKey", v: "15123456703", region: Region{Code: "DE"}, want: Mobile, code: CodeAmbiguous},
		{name: "LostPlusOneReading", v: "4915123456703", region: de, want: Mobile, e164: "+4915123456703"},
		{name: "TrunkZeroKept", v: "015123456703", region: de, want: Mobile, e164: "+4915123456703"},
		{name: "WithPlus", v: "+15123456703", region: de, want: Mobile, e164: "+15123456703"},
		{name: "WithSeparators", v: "151 2345 6703", region: de, want: Mobile, code: CodeAmbiguous},
		{name: "SameNumberBothWays", v: "16465550154", region: Region{Code: "US", LostZeros: true}, want: Mobile, e164: "+16465550154"},
		{name: "NoRegion", v: "15123456703", region: Region{LostZeros: true}, want: Mobile, e164: "+15123456703"},
		{name: "StillInvalid", v: "12", region: de, code: CodeInvalid},
	} {
		num, e := Read(tc.v, tc.region, tc.want)
		switch {
		case tc.code != "":
			if e == nil || e.Code != tc.code {
				t.Errorf("%s: Read(%q) = %s, %v; want %s", tc.name, tc.v, num.E164(), e, tc.code)
			}
		case e != nil || num.E164() != tc.e164 || num.Restored() != tc.restored:
			t.Errorf("%s: Read(%q) = %s (restored %v), %v; want %s (restored %v)", tc.name, tc.v, num.E164(), num.Restored(), e, tc.e164, tc.restored)
		}
	}
}
