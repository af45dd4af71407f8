package mapping

//go:generate go run gen_tables.go

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Engage's limits (ENGAGE-API.md, "Validation rules"). The API rejects what Mapp's file import
// would silently truncate, so a row over a limit fails here instead of at the API.
const (
	maxEmail       = 129
	maxAttribute   = 2000
	maxMobileDigit = 15 // E.164
	minMobileDigit = 7  // the shortest numbers with a country code (e.g. +290 and 4 digits)
)

type ruleKind uint8

const (
	ruleLength ruleKind = iota
	ruleEmail
	ruleMobile
	ruleCountry
	ruleLanguage
	ruleTimeZone
	ruleTitle
	ruleDate
	rulePartnerID
)

// rule is the check Engage applies to one target. It is chosen once per column, so a row pays
// for a switch, not for a name lookup.
type rule struct {
	kind  ruleKind
	limit int // runes, for ruleLength
}

// ruleFor picks the rule by field, or by attribute name compared the way Engage compares them.
func ruleFor(f field, target string) rule {
	switch f {
	case fieldEmail:
		return rule{kind: ruleEmail}
	case fieldMobile:
		return rule{kind: ruleMobile}
	case fieldAlias, fieldExternal:
		return rule{kind: ruleLength, limit: maxAttribute}
	}
	switch attrKey(target) {
	case "isocountrycode":
		return rule{kind: ruleCountry}
	case "isolanguagecode":
		return rule{kind: ruleLanguage}
	case "timezone":
		return rule{kind: ruleTimeZone}
	case "title":
		return rule{kind: ruleTitle}
	case "dateofbirth":
		return rule{kind: ruleDate}
	case "partnerid":
		return rule{kind: rulePartnerID}
	case "firstname", "lastname":
		return rule{kind: ruleLength, limit: 50}
	case "nickname":
		return rule{kind: ruleLength, limit: 20}
	case "zipcode":
		return rule{kind: ruleLength, limit: 10}
	}
	return rule{kind: ruleLength, limit: maxAttribute}
}

// check validates a non-empty value. The returned error has no Column; the caller knows it.
func (r rule) check(v string) *FieldError {
	switch r.kind {
	case ruleEmail:
		return checkEmail(v)
	case ruleMobile:
		if !validMobile(v) {
			return &FieldError{Code: "invalid_phone", Reason: "not a valid mobile number (digits with country code, optional leading +, no leading zero)"}
		}
	case ruleCountry:
		if !validCountry(v) {
			return &FieldError{Code: "invalid_country", Reason: "not an ISO 3166-1 alpha-2 or alpha-3 country code"}
		}
	case ruleLanguage:
		if len(v) != 2 || !inFixedTable(languageAlpha2, 2, v, 'a') {
			return &FieldError{Code: "invalid_language", Reason: "not an ISO 639-1 language code"}
		}
	case ruleTimeZone:
		if !validTimeZone(v) {
			return &FieldError{Code: "invalid_timezone", Reason: "not an IANA time zone name"}
		}
	case ruleTitle:
		if v != "1" && v != "2" && v != "-1" {
			return &FieldError{Code: "invalid_title", Reason: "not a valid title (1, 2 or -1)"}
		}
	case ruleDate:
		if !validISODate(v) {
			return &FieldError{Code: "invalid_date", Reason: "not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ss±hh:mm"}
		}
	case rulePartnerID:
		if len(v) > 5 || !allDigits(v) {
			return &FieldError{Code: "invalid_partner_id", Reason: "not a partner id (up to 5 digits)"}
		}
	case ruleLength:
		// Byte length bounds rune count from above, so counting is needed only for long values.
		if len(v) > r.limit && utf8.RuneCountInString(v) > r.limit {
			return &FieldError{Code: "too_long", Reason: "longer than " + strconv.Itoa(r.limit) + " characters"}
		}
	}
	return nil
}

// validEmail matches Engage's published pattern, which is ASCII only (checkEmail takes
// international domains through their ASCII form)
//
//	^[-!#$%&'*+/=?^_`{|}~A-Za-z0-9]+(\.[-!#$%&'*+/=?^_`{|}~A-Za-z0-9]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$
//
// by hand, because a regexp costs more than the rest of a row's mapping together.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	prev := byte('.') // a dot may not come first
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case c == '.':
			if prev == '.' {
				return false
			}
		case isAlnum(c) || strings.IndexByte("-!#$%&'*+/=?^_`{|}~", c) >= 0:
		default:
			return false
		}
		prev = c
	}
	if prev == '.' {
		return false
	}
	labels := 0
	for {
		dot := strings.IndexByte(domain, '.')
		label := domain
		if dot >= 0 {
			label = domain[:dot]
		}
		if !validLabel(label) {
			return false
		}
		labels++
		if dot < 0 {
			// The last label needs two characters: [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9].
			return labels >= 2 && len(label) >= 2
		}
		domain = domain[dot+1:]
	}
}

// validLabel reports whether s is letters, digits and inner hyphens.
func validLabel(s string) bool {
	if s == "" || !isAlnum(s[0]) || !isAlnum(s[len(s)-1]) {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		if !isAlnum(s[i]) && s[i] != '-' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validMobile accepts digits with a country code: an optional "+", then no leading zero.
func validMobile(s string) bool {
	s = strings.TrimPrefix(s, "+")
	return len(s) >= minMobileDigit && len(s) <= maxMobileDigit && s[0] != '0' && allDigits(s)
}

func validCountry(v string) bool {
	switch len(v) {
	case 2:
		return inFixedTable(countryAlpha2, 2, v, 'A')
	case 3:
		return inFixedTable(countryAlpha3, 3, v, 'A')
	}
	return false
}

// inFixedTable binary-searches a sorted table of letter codes of the given width, folding v's
// ASCII letters to the table's case (base 'A' or 'a'); codes are matched case-insensitively.
// Codes are compared as big-endian integers, which orders them like strings without
// building one per lookup.
func inFixedTable(table string, width int, v string, base byte) bool {
	var key uint32
	for i := 0; i < width; i++ {
		c := v[i] | 0x20 // ASCII lower case
		if c < 'a' || c > 'z' {
			return false
		}
		key = key<<8 | uint32(c-'a'+base)
	}
	lo, hi := 0, len(table)/width
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		var entry uint32
		for _, c := range []byte(table[mid*width : mid*width+width]) {
			entry = entry<<8 | uint32(c)
		}
		switch {
		case entry == key:
			return true
		case entry < key:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return false
}

// validTimeZone looks v up among the IANA names of Go's tzdata. The table is embedded rather
// than asked of time.LoadLocation, which reads the host's zoneinfo files on every call.
func validTimeZone(v string) bool {
	if v == "" || len(v) > 64 || strings.IndexByte(v, '\n') >= 0 {
		return false
	}
	for off := 0; ; {
		i := strings.Index(timeZones[off:], v)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(v)
		if timeZones[i-1] == '\n' && timeZones[end] == '\n' {
			return true
		}
		off = i + 1
	}
}

// validISODate accepts YYYY-MM-DD and YYYY-MM-DDThh:mm:ss±hh:mm, with a day that exists.
func validISODate(s string) bool {
	if len(s) != 10 && len(s) != 25 {
		return false
	}
	year, ok1 := digits(s, 0, 4)
	month, ok2 := digits(s, 5, 2)
	day, ok3 := digits(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || month < 1 || month > 12 ||
		day < 1 || day > daysIn(month, year) {
		return false
	}
	if len(s) == 10 {
		return true
	}
	hh, ok1 := digits(s, 11, 2)
	mm, ok2 := digits(s, 14, 2)
	ss, ok3 := digits(s, 17, 2)
	oh, ok4 := digits(s, 20, 2)
	om, ok5 := digits(s, 23, 2)
	return ok1 && ok2 && ok3 && ok4 && ok5 && s[10] == 'T' && s[13] == ':' && s[16] == ':' &&
		(s[19] == '+' || s[19] == '-') && s[22] == ':' &&
		hh <= 23 && mm <= 59 && ss <= 59 && oh <= 23 && om <= 59
}

func digits(s string, at, n int) (int, bool) {
	v := 0
	for i := at; i < at+n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
