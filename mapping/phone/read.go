package phone

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Read reads a phone number for what it is wanted for. A number with "+" or "00" in front
// carries its country code. Any other number has two readings: a national number of the row's
// region, and, with "+" put in front, an international one; without a region only the
// international reading exists. A reading counts when it is a valid number, and:
//   - when the cell is written in the region's national format (see nationalFormat: a trunk
//     prefix, an area code in parentheses, or the region's own grouping), the international
//     reading does not count;
//   - for Mobile, a reading that cannot be a mobile does not count;
//   - with r.LostZeros, a cell of digits alone is read in the region when both readings
//     count (the number is then Restored).
//
// One reading left is the number; two readings of different numbers are ambiguous, and the
// reason names both in E.164 and, for a cell of digits alone (what a spreadsheet leaves of
// +4915123456780), asks whether a spreadsheet dropped its "+". No valid reading is invalid;
// valid readings of which none can be a mobile are not_a_mobile_number. Other reasons do not
// repeat the number.
func Read(v string, r Region, w Want) (Number, *Error) {
	v = strings.TrimSpace(v)
	digits, intl, ok := text(v)
	if !ok {
		return Number{}, &Error{Code: CodeInvalid, Reason: "not a phone number (only digits, a leading + and the separators - . / ( ) are read)"}
	}
	if intl {
		num, ok := internationalValid(digits)
		if !ok {
			return Number{}, &Error{Code: CodeInvalid, Reason: "not a valid phone number (its country code, after + or 00, was read as written)"}
		}
		return want(w, num)
	}
	if r.Unknown {
		return Number{}, &Error{Code: CodeUnknownRegion, Reason: "the country in column " + strconv.Quote(r.Column) +
			" is neither an ISO country code (such as DE, DEU or 276) nor a country name this tool knows, so a number without + or 00 cannot be read; write it with + and the country code, or fix the country"}
	}
	inter, interOK := internationalValid(digits)
	if r.Code == "" {
		if !interOK {
			return Number{}, &Error{Code: CodeInvalid, Reason: "not a valid phone number; without + or 00 it is read as international, because " +
				noRegion(r) + " (write it with + and the country code, or set phone_region)"}
		}
		return want(w, inter)
	}
	nat, natOK := nationalValid(v, r.Code)
	switch {
	case natOK && interOK:
		if nat.E164() == inter.E164() || nationalFormat(v, digits, nat, inter, r.Code) {
			return want(w, nat)
		}
		num, e := both(w, v, digits, nat, inter, r.Code)
		if e != nil && e.Code == CodeAmbiguous && r.LostZeros && digits == v {
			nat.restored = true
			return nat, nil
		}
		return num, e
	case natOK:
		return want(w, nat)
	case interOK:
		return want(w, inter)
	}
	return Number{}, &Error{Code: CodeInvalid, Reason: "not a valid phone number of " + r.Code + ", nor with + in front as an international one"}
}

// want returns the one valid reading of a number if it is what w asks for.
func want(w Want, num Number) (Number, *Error) {
	if w == Mobile && !num.CanBeMobile() {
		return Number{}, &Error{Code: CodeNotMobile, Reason: "a valid phone number of " + regionOf(num) +
			", but not a mobile one (a landline or another kind of line)"}
	}
	return num, nil
}

// both decides between two valid readings of different numbers: for Mobile, one that cannot
// be a mobile drops out; otherwise the cell is ambiguous.
func both(w Want, v, digits string, nat, inter Number, region string) (Number, *Error) {
	if w == Mobile {
		switch natM, interM := nat.CanBeMobile(), inter.CanBeMobile(); {
		case natM && !interM:
			return nat, nil
		case interM && !natM:
			return inter, nil
		case !natM && !interM:
			return Number{}, &Error{Code: CodeNotMobile, Reason: "a valid phone number both as " + nat.E164() + " (a national number of " + region +
				") and as " + inter.E164() + " (with + in front), but neither is a mobile one"}
		}
	}
	var b strings.Builder
	b.WriteString("ambiguous: " + nat.E164() + " as a national number of " + region + ", or " + inter.E164() + " with + in front")
	if r := regionOf(inter); r != region {
		b.WriteString(" (a number of " + r + ")")
	}
	n := nationalString(nat)
	switch {
	case digits == v && n != "":
		// What a spreadsheet makes of +17078895471 or of 0170 78895471 when it takes it for
		// a number.
		b.WriteString("; it looks like a spreadsheet changed it: was it " + inter.E164() + ", or " + n + " as " + region + " writes it? Write it as it was")
	case digits == v:
		b.WriteString("; it looks like a spreadsheet changed it: was it " + inter.E164() + "? Write it with + and the country code, or as " + region + " writes its numbers")
	case n != "":
		b.WriteString("; write it with + and the country code, or as " + region + " writes it: " + n)
	default:
		b.WriteString("; write it with + and the country code, or as " + region + " writes its numbers")
	}
	return Number{}, &Error{Code: CodeAmbiguous, Reason: b.String()}
}

// noRegion says why a row has no region.
func noRegion(r Region) string {
	if r.Column != "" {
		return "the country in column " + strconv.Quote(r.Column) + " is empty"
	}
	return "the mapping sets no phone_region"
}

// regionOf names the country of a valid number, or its calling code for numbers of no country
// (such as +800 freephone numbers).
func regionOf(num Number) string {
	switch num.region {
	case "", phonenumbers.UNKNOWN_REGION, phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
	default:
		return num.region
	}
	return "+" + strconv.Itoa(num.cc)
}
