package phone

import (
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// BenchmarkReadNational reads the shapes the national-format rule decides — a number written
// nationally whose digits are also valid with "+" in front — and, for comparison, the common
// shapes it does not touch.
func BenchmarkReadNational(b *testing.B) {
	for _, bc := range []struct {
		name, v, region string
		want            Want
		ok              bool
	}{
		{"USParentheses", "(646) 555-0124", "US", AnyLine, true},
		{"USDashes", "646-555-0124", "US", Mobile, true},
		{"CADots", "604.555.0153", "CA", AnyLine, true},
		{"RUTrunk", "8 495 123-45-67", "RU", AnyLine, true},
		{"USDigitsAmbiguous", "6465550124", "US", AnyLine, false},
		{"DEDigitsMobile", "4915123456780", "DE", Mobile, true},
		{"DETrunk", "0151 23456780", "DE", Mobile, true},
		{"International", "+49 151 23456780", "DE", Mobile, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			r := Region{Code: bc.region}
			for b.Loop() {
				if _, fe := Read(bc.v, r, bc.want); (fe == nil) != bc.ok {
					b.Fatal(fe)
				}
			}
		})
	}
}

// BenchmarkPhone reads mobile numbers as the mobile field does, and, for comparison, as the
// library's Parse, IsValidNumber and GetNumberType do.
func BenchmarkPhone(b *testing.B) {
	for _, bc := range []struct {
		name, v string
		r       Region
	}{
		{"International", "+4915112345678", Region{}},
		{"NationalDE", "0151 12345678", Region{Code: "DE"}},
		{"DigitsNoRegion", "4915112345678", Region{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, fe := Read(bc.v, bc.r, Mobile); fe != nil {
					b.Fatal(fe)
				}
			}
		})
		b.Run(bc.name+"Library", func(b *testing.B) {
			s := bc.v
			if bc.r.Code == "" && !strings.HasPrefix(s, "+") {
				s = "+" + s
			}
			for b.Loop() {
				num, err := phonenumbers.Parse(s, bc.r.Code)
				if err != nil || !phonenumbers.IsValidNumber(num) || phonenumbers.GetNumberType(num) != phonenumbers.MOBILE {
					b.Fatal(err)
				}
			}
		})
	}
}
