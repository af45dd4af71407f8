// Package phone reads phone numbers as people write them and writes them as E.164. It owns the
// reading rules — which region a number without "+" belongs to, when two readings make a number
// ambiguous, which numbers can be mobiles — and an exact, fast copy of libphonenumber's parsing,
// validation and typing (github.com/nyaruka/phonenumbers), from the library's own metadata with
// its patterns compiled once into automata over the digits. It knows nothing of mappings: a
// caller gives it a cell, the row's region and what the number is for.
package phone

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Codes of the errors Read returns.
const (
	CodeInvalid       = "invalid_phone"        // no reading is a valid number
	CodeAmbiguous     = "ambiguous_phone"      // two readings are valid numbers, and nothing tells them apart
	CodeUnknownRegion = "unknown_phone_region" // the row's country names no region, and the number needs one
	CodeNotMobile     = "not_a_mobile_number"  // valid, but it cannot be a mobile
)

// Error says why a cell is not read as a phone number: a code above and a lower-case reason.
type Error struct {
	Code   string
	Reason string
}

func (e *Error) Error() string { return e.Reason }

// Region is where a row's numbers written without "+" or "00" come from.
type Region struct {
	Code    string // region for national numbers (ISO 3166-1 alpha-2); "" reads them as international
	Column  string // header of the row's country column, for reasons; "" when the region is the mapping's own
	Unknown bool   // the country cell names no region this package knows
	// LostZeros says the list went through a spreadsheet that read digit cells as numbers
	// and dropped their leading zeros: a cell of digits alone that is a valid number both in
	// Code and with "+" in front is read in Code (its trunk 0 was dropped) instead of being
	// ambiguous. Only the person who knows the list's history can say so.
	LostZeros bool
}

// Want is what a number is for.
type Want uint8

const (
	AnyLine Want = iota // any valid number (the phone transform)
	Mobile              // a number that can be a mobile (the mobile field)
)

// Number is a valid phone number with its region and libphonenumber type.
type Number struct {
	number
	region string
	typ    phonenumbers.PhoneNumberType
	// restored: the cell was ambiguous and was read in the row's region because of
	// Region.LostZeros.
	restored bool
}

// E164 writes the number as E.164, as phonenumbers.Format(num, E164) does.
func (n Number) E164() string {
	return "+" + strconv.Itoa(n.cc) + n.nsn
}

// Restored reports whether the number was read in the row's region only because
// Region.LostZeros said a spreadsheet dropped its leading zeros: without it, the cell would
// have been ambiguous.
func (n Number) Restored() bool { return n.restored }

// Region is the number's region as GetRegionCodeForNumber gives it ("001" for numbers of no
// country, such as +800 freephone numbers).
func (n Number) Region() string { return n.region }

// Type is the number's type as GetNumberType gives it.
func (n Number) Type() phonenumbers.PhoneNumberType { return n.typ }

// CanBeMobile reports whether the number can be a mobile: MOBILE, or FIXED_LINE_OR_MOBILE for
// countries such as the US whose numbers do not tell.
func (n Number) CanBeMobile() bool {
	return n.typ == phonenumbers.MOBILE || n.typ == phonenumbers.FIXED_LINE_OR_MOBILE
}

// ValidRegion reports whether region is one libphonenumber has metadata for.
func ValidRegion(region string) bool {
	return phonenumbers.GetSupportedRegions()[region]
}

// text checks that v holds a phone number as people write one: digits, an optional leading
// "+", and the separators " -./()" and tab. It returns the digits alone and whether the number
// carries its country code ("+" or "00" in front).
func text(v string) (digits string, international, ok bool) {
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			b.WriteByte(c)
		case c == '+':
			if b.Len() > 0 || international {
				return "", false, false // a "+" only before the first digit
			}
			international = true
		case c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\t':
		default:
			return "", false, false
		}
	}
	digits = b.String()
	if !international {
		if rest, ok := strings.CutPrefix(digits, "00"); ok {
			digits, international = rest, true
		}
	}
	return digits, international, digits != ""
}

// valid classifies n and reports whether it is a valid number (IsValidNumber).
func valid(n number, parsed bool) (Number, bool) {
	if !parsed {
		return Number{}, false
	}
	region, typ := metadata().classify(n)
	return Number{number: n, region: region, typ: typ}, typ != phonenumbers.UNKNOWN
}

// nationalValid parses v as a number of region and reports whether it is valid.
func nationalValid(v, region string) (Number, bool) {
	return valid(parseNational(v, region))
}

// internationalValid parses digits with "+" in front and reports whether it is valid.
func internationalValid(digits string) (Number, bool) {
	return valid(parseInternational(digits))
}

// Format is Read written as E.164.
func Format(v string, r Region, w Want) (string, *Error) {
	num, fe := Read(v, r, w)
	if fe != nil {
		return "", fe
	}
	return num.E164(), nil
}
