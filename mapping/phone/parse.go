package phone

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// parseInternational is phonenumbers.Parse("+"+digits, "") for digits of ASCII digits alone,
// the way numbers with "+" or "00" (and digits-only numbers read as international) reach the
// library: the same steps (parseHelper, maybeExtractCountryCode, extractCountryCode,
// maybeStripNationalPrefixAndCarrierCode, testNumberLength), without the library's general
// input handling that such a string never needs. ok is false where Parse returns an error.
// Strings of fewer than three digits or over the library's input limit are parsed by the
// library itself. FuzzPhoneAgainstLibrary compares the two on any input.
func parseInternational(digits string) (n number, ok bool) {
	if !internationalFast(digits) {
		return libraryParse("+"+digits, "")
	}
	t := metadata()
	// extractCountryCode: calling codes have one to three digits and do not start with 0.
	// Parse's retry without the "+" finds no calling code either.
	if digits[0] == '0' {
		return number{}, false
	}
	cc := 0
	for i := 1; i <= phonenumbers.MAX_LENGTH_COUNTRY_CODE; i++ {
		c, _ := strconv.Atoi(digits[:i])
		if t.callings[c] {
			cc, n.nsn = c, digits[i:]
			break
		}
	}
	if cc == 0 {
		return number{}, false
	}
	return finishParse(cc, n.nsn, t.meta(cc, phonenumbers.GetRegionCodeForCountryCode(cc)))
}

// internationalFast reports whether parseInternational reads digits itself.
func internationalFast(digits string) bool {
	return len(digits) >= 3 && len(digits)+1 <= phonenumbers.MAX_INPUT_STRING_LENGTH
}

// finishParse is the end of parseHelper once the calling code is known: the national prefix
// stripped with the metadata m (when there is one) and the length checked.
func finishParse(cc int, nsn string, m *regionMeta) (number, bool) {
	if len(nsn) < phonenumbers.MIN_LENGTH_FOR_NSN {
		return number{}, false
	}
	if m != nil {
		nsn = m.stripNationalPrefix(nsn)
	}
	if len(nsn) < phonenumbers.MIN_LENGTH_FOR_NSN || len(nsn) > phonenumbers.MAX_LENGTH_FOR_NSN {
		return number{}, false
	}
	return number{cc: cc, nsn: nsn}, true
}

// parseNational is phonenumbers.Parse(v, region) for a number written with digits and the
// separators " -./()" alone, without "+": the way the national reading of a cell reaches the
// library. For such a string the library's extraction keeps everything from the first digit,
// finds no extension, and (with three digits or more) finds it viable; what is left are the
// steps below. Other strings, and regions without metadata, are parsed by the library itself.
// FuzzPhoneAgainstLibrary compares the two on any input.
func parseNational(v, region string) (number, bool) {
	t := metadata()
	digits, m, ok := nationalFast(v, region)
	if !ok {
		return libraryParse(v, region)
	}
	// maybeExtractCountryCode: the region's international prefix (such as 011 in the US) in
	// front of a calling code.
	if loc := m.idd.FindStringIndex(digits); loc != nil && loc[0] == 0 && !strings.HasPrefix(digits[loc[1]:], "0") {
		rest := digits[loc[1]:]
		if len(rest) <= phonenumbers.MIN_LENGTH_FOR_NSN {
			return number{}, false
		}
		for i := 1; i <= phonenumbers.MAX_LENGTH_COUNTRY_CODE && i <= len(rest); i++ {
			c, _ := strconv.Atoi(rest[:i])
			if t.callings[c] {
				return t.finishForeign(c, rest[i:], region, m)
			}
		}
		return number{}, false
	}
	// The region's own calling code written without "+": taken as such when the number is
	// not valid with it and is without it, or is too long with it.
	own := int(m.md.GetCountryCode())
	if rest, found := strings.CutPrefix(digits, strconv.Itoa(own)); found {
		p, _ := m.stripPrefix(rest)
		if (!m.general.pattern.MatchString(digits) && m.general.pattern.MatchString(p)) || m.lengthCheck(digits) == phonenumbers.TOO_LONG {
			return t.finishForeign(own, p, region, m)
		}
	}
	return finishParse(own, digits, m)
}

// nationalFast reports whether parseNational reads v itself, and with which digits and
// metadata.
func nationalFast(v, region string) (string, *regionMeta, bool) {
	m := metadata().meta(0, region)
	digits, ok := nationalDigits(v)
	return digits, m, ok && m != nil && len(v) <= phonenumbers.MAX_INPUT_STRING_LENGTH
}

// finishForeign finishes a national reading that found calling code cc: with the metadata of
// the calling code's main region when that is not the region the number was read for.
func (t *tables) finishForeign(cc int, nsn, region string, m *regionMeta) (number, bool) {
	if main := phonenumbers.GetRegionCodeForCountryCode(cc); main != region {
		m = t.meta(cc, main)
	}
	return finishParse(cc, nsn, m)
}

// nationalDigits returns the digits of v when v holds digits and " -./()" alone, with at
// least three digits.
func nationalDigits(v string) (string, bool) {
	b := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			b = append(b, c)
		case c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')':
		default:
			return "", false
		}
	}
	return string(b), len(b) >= 3
}

// stripNationalPrefix is the step of parseHelper that removes a national prefix (and carrier
// code) written after the calling code, as in "+49 0151…": kept only when what remains has a
// possible length for the region.
func (m *regionMeta) stripNationalPrefix(nsn string) string {
	p, stripped := m.stripPrefix(nsn)
	if !stripped {
		return nsn
	}
	switch m.lengthCheck(p) {
	case phonenumbers.TOO_SHORT, phonenumbers.IS_POSSIBLE_LOCAL_ONLY, phonenumbers.INVALID_LENGTH:
		return nsn
	}
	return p
}

// stripPrefix is maybeStripNationalPrefixAndCarrierCode: the number without its national
// prefix, transformed by the region's rule where it has one, unless the number fits the
// region's general pattern and the result does not.
func (m *regionMeta) stripPrefix(nsn string) (string, bool) {
	if m.natPrefix == nil || len(nsn) == 0 || !m.hasPrefix.MatchString(nsn) {
		return nsn, false
	}
	groups := m.natPrefix.FindStringSubmatchIndex(nsn)
	if groups == nil {
		return nsn, false
	}
	viable := m.general.pattern.MatchString(nsn)
	last := len(groups)/2 - 1
	rule := m.md.GetNationalPrefixTransformRule()
	var out string
	if rule == "" || groups[last*2] < 0 {
		out = nsn[groups[1]:]
	} else {
		out = m.natPrefix.ReplaceAllString(nsn, rule)
	}
	if viable && !m.general.pattern.MatchString(out) {
		return nsn, false
	}
	return out, true
}

// lengthCheck is testNumberLength(number, metadata, UNKNOWN): the general desc's lengths.
func (m *regionMeta) lengthCheck(number string) phonenumbers.ValidationResult {
	g := m.md.GetGeneralDesc()
	lengths := g.GetPossibleLength()
	if len(lengths) == 0 || lengths[0] == -1 {
		return phonenumbers.INVALID_LENGTH
	}
	n := int32(len(number))
	for _, l := range g.GetPossibleLengthLocalOnly() {
		if l == n {
			return phonenumbers.IS_POSSIBLE_LOCAL_ONLY
		}
	}
	switch {
	case lengths[0] == n:
		return phonenumbers.IS_POSSIBLE
	case lengths[0] > n:
		return phonenumbers.TOO_SHORT
	case lengths[len(lengths)-1] < n:
		return phonenumbers.TOO_LONG
	}
	for _, l := range lengths[1:] {
		if l == n {
			return phonenumbers.IS_POSSIBLE
		}
	}
	return phonenumbers.INVALID_LENGTH
}

// libraryParse is phonenumbers.Parse as a number; ok is false where Parse fails.
func libraryParse(s, region string) (number, bool) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil {
		return number{}, false
	}
	return number{cc: int(num.GetCountryCode()), nsn: phonenumbers.GetNationalSignificantNumber(num)}, true
}
