package mapping

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
)

// phoneRegion is where a row's phone numbers written without "+" or "00" come from: the
// mapping's phone_region, or the row's own country in the phone_region column.
type phoneRegion struct {
	code    string // region for national numbers; "" reads them as international
	column  string // header of the country column; "" when the region is the mapping's own
	unknown bool   // the country cell names no region this tool knows
}

// regionOfCountry reads a country cell as a phone region: ISO 3166-1 alpha-2, alpha-3 or
// numeric, any case, or a country name as the country transform reads it. An empty cell is ("", true): the row has no region, and its numbers are
// read as international. ok is false for anything else that names no region with phone
// numbering metadata.
func regionOfCountry(cell string) (region string, ok bool) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return "", true
	}
	if len(s) > 3 {
		code, ok := parseCountry(s)
		return code, ok && validRegion(code)
	}
	r, err := language.ParseRegion(s)
	if err != nil {
		return "", false
	}
	code := r.Canonicalize().String()
	if !validRegion(code) {
		return "", false
	}
	return code, true
}

// validRegion reports whether region is one phonenumbers has metadata for.
func validRegion(region string) bool {
	return phonenumbers.GetSupportedRegions()[region]
}

// phoneText checks that v holds a phone number as people write one: digits, an optional
// leading "+", and the separators " -./()". It returns the digits alone and whether the
// number carries its country code ("+" or "00" in front).
func phoneText(v string) (digits string, international, ok bool) {
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

// validPhone is a valid phone number with its region (GetRegionCodeForNumber) and type
// (GetNumberType).
type validPhone struct {
	phoneNumber
	region string
	typ    phonenumbers.PhoneNumberType
}

// e164 writes the number as E.164, as phonenumbers.Format(num, E164) does.
func (p validPhone) e164() string {
	return "+" + strconv.Itoa(p.cc) + p.nsn
}

// valid classifies n and reports whether it is a valid number (IsValidNumber).
func valid(n phoneNumber, parsed bool) (validPhone, bool) {
	if !parsed {
		return validPhone{}, false
	}
	region, typ := phoneData().classify(n)
	return validPhone{phoneNumber: n, region: region, typ: typ}, typ != phonenumbers.UNKNOWN
}

// nationalValid parses v as a number of region and reports whether it is valid.
func nationalValid(v, region string) (validPhone, bool) {
	return valid(parseNational(v, region))
}

// internationalValid parses digits with "+" in front and reports whether it is valid.
func internationalValid(digits string) (validPhone, bool) {
	return valid(parseInternational(digits))
}

// readPhone reads a phone number and writes it as E.164. A number with "+" or "00" in front
// carries its country code. Any other number is read as a national number of the row's region
// and, with "+" put in front, as an international one: exactly one valid reading is taken,
// two valid readings of different numbers are refused as ambiguous, none as invalid. Without a
// region only the international reading exists. Reasons never hold the number.
func readPhone(v string, r phoneRegion) (validPhone, *FieldError) {
	v = strings.TrimSpace(v)
	digits, intl, ok := phoneText(v)
	if !ok {
		return validPhone{}, &FieldError{Code: "invalid_phone", Reason: "not a phone number (only digits, a leading + and the separators - . / ( ) are read)"}
	}
	if intl {
		num, ok := internationalValid(digits)
		if !ok {
			return validPhone{}, &FieldError{Code: "invalid_phone", Reason: "not a valid phone number (its country code, after + or 00, was read as written)"}
		}
		return num, nil
	}
	if r.unknown {
		return validPhone{}, &FieldError{Code: "unknown_phone_region", Reason: "the country in column " + strconv.Quote(r.column) +
			" is neither an ISO country code (such as DE, DEU or 276) nor a country name this tool knows, so a number without + or 00 cannot be read; write it with + and the country code, or fix the country"}
	}
	inter, interOK := internationalValid(digits)
	if r.code == "" {
		if !interOK {
			return validPhone{}, &FieldError{Code: "invalid_phone", Reason: "not a valid phone number; without + or 00 it is read as international, because " +
				noRegion(r) + " (write it with + and the country code, or set phone_region)"}
		}
		return inter, nil
	}
	nat, natOK := nationalValid(v, r.code)
	switch {
	case natOK && interOK && nat.e164() != inter.e164():
		return validPhone{}, &FieldError{Code: "ambiguous_phone", Reason: "ambiguous: valid as a national number of " + regionOf(nat) +
			" and, with + in front, as a number of " + regionOf(inter) + "; if a spreadsheet dropped its +, or it is meant for another country, write it with + and the country code"}
	case natOK:
		return nat, nil
	case interOK:
		return inter, nil
	}
	return validPhone{}, &FieldError{Code: "invalid_phone", Reason: "not a valid phone number of " + r.code + ", nor with + in front as an international one"}
}

// noRegion says why a row has no region.
func noRegion(r phoneRegion) string {
	if r.column != "" {
		return "the country in column " + strconv.Quote(r.column) + " is empty"
	}
	return "the mapping sets no phone_region"
}

// regionOf names the country of a valid number, or its calling code for numbers of no country
// (such as +800 freephone numbers).
func regionOf(num validPhone) string {
	switch num.region {
	case "", phonenumbers.UNKNOWN_REGION, phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY:
	default:
		return num.region
	}
	return "+" + strconv.Itoa(num.cc)
}

// formatPhone is the phone transform: readPhone, written as E.164.
func formatPhone(v string, r phoneRegion) (string, *FieldError) {
	num, fe := readPhone(v, r)
	if fe != nil {
		return "", fe
	}
	return num.e164(), nil
}

// mobileNumber reads a value for the mobile field: like the phone transform, and the number
// must be one that can be a mobile (libphonenumber's MOBILE or FIXED_LINE_OR_MOBILE, the
// latter for countries such as the US whose numbers do not tell).
func mobileNumber(v string, r phoneRegion) (string, *FieldError) {
	num, fe := readPhone(v, r)
	if fe != nil {
		return "", fe
	}
	switch num.typ {
	case phonenumbers.MOBILE, phonenumbers.FIXED_LINE_OR_MOBILE:
		return num.e164(), nil
	}
	return "", &FieldError{Code: "not_a_mobile_number", Reason: "a valid phone number of " + regionOf(num) +
		", but not a mobile one (a landline or another kind of line)"}
}
