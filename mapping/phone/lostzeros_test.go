package phone

import "testing"

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
