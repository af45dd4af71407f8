package mapping

import (
	"slices"
	"strings"

	"contactimport/mapping/phone"

	"golang.org/x/text/language"
)

// phoneRegion is where a row's phone numbers written without "+" or "00" come from: the
// mapping's phone_region, or the row's own country in the phone_region column.
type phoneRegion struct {
	code    string // region for national numbers; "" reads them as international
	column  string // header of the country column; "" when the region is the mapping's own
	unknown bool   // the country cell names no region this tool knows
	// lostZeros: lost_leading_zeros; a digits-only number that reads both ways is national
	lostZeros bool
}

// regionOfCountry reads a country cell as a phone region: ISO 3166-1 alpha-2, alpha-3 or
// numeric, any case, or a country name as the country transform reads it. An empty cell is
// ("", true): the row has no region, and its numbers are read as international. ok is false
// for anything else that names no region with phone numbering metadata.
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

// validRegion reports whether region is one phone numbers can be read for.
func validRegion(region string) bool {
	return phone.ValidRegion(region)
}

// readPhone reads a cell as package phone does, for the row's region, and writes it as E.164.
// restored says the number was read in the region only because of lost_leading_zeros.
func readPhone(v string, r phoneRegion, w phone.Want) (e164 string, restored bool, fe *FieldError) {
	num, e := phone.Read(v, phone.Region{Code: r.code, Column: r.column, Unknown: r.unknown, LostZeros: r.lostZeros}, w)
	if e != nil {
		return "", false, &FieldError{Code: e.Code, Reason: e.Reason}
	}
	return num.E164(), num.Restored(), nil
}

// formatPhone is the phone transform: any valid number.
func formatPhone(v string, r phoneRegion) (string, *FieldError) {
	s, _, fe := readPhone(v, r, phone.AnyLine)
	return s, fe
}

// mobileNumber reads a value for the mobile field: the number must be one that can be a
// mobile, and a reading that cannot does not compete with one that can.
func mobileNumber(v string, r phoneRegion) (string, bool, *FieldError) {
	return readPhone(v, r, phone.Mobile)
}

// planPhone makes the phone transform of the mobile field read numbers as the mobile field
// does, so that a reading that cannot be a mobile does not make the cell ambiguous there.
func (m *Mapper) planPhone() {
	for i := range m.cols {
		c := &m.cols[i]
		if c.field != fieldMobile {
			continue
		}
		for j := range c.transforms {
			if c.transforms[j].op == opPhone {
				c.transforms[j].want = phone.Mobile
			}
		}
	}
}

// PhoneRegion says how phone numbers without "+" or "00" are read, for `check` to print.
type PhoneRegion struct {
	Used   bool   // some column reads phone numbers (the mobile field, or the phone transform)
	Region string // the mapping's region code; with Column, the region of rows whose country cell is empty
	Column string // header of the column with each row's country; "" when not per row
}

// PhoneRegion returns how phone numbers without "+" or "00" are read.
func (m *Mapper) PhoneRegion() PhoneRegion {
	pr := PhoneRegion{Region: m.region.code, Column: m.region.column}
	for _, c := range m.cols {
		pr.Used = pr.Used || c.field == fieldMobile || slices.Contains(c.transformNames, "phone")
	}
	return pr
}
