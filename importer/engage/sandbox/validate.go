package sandbox

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // TimeZone values are checked against IANA names on every platform, Windows too
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"contactimport/importer/engage"
)

const maxEmail = 129 // characters

// maxLength is the longest value, in characters, that the API takes for an attribute. Where Mapp's
// file import truncates, the API answers INVALID_PARAMETER.
func maxLength(name string) int {
	switch name {
	case "FirstName", "LastName":
		return 50
	case "Nickname":
		return 20
	case "ZipCode":
		return 10
	}
	return 2000
}

// validator holds Engage's validation rules. It is read-only after newValidator and safe for
// concurrent use.
type validator struct {
	email     *regexp.Regexp
	mobile    *regexp.Regexp
	partnerID *regexp.Regexp
	countries codeSet
	languages codeSet
}

func newValidator() *validator {
	return &validator{
		email: regexp.MustCompile("^[-!#$%&'*+/=?^_`{|}~A-Za-z0-9]+(\\.[-!#$%&'*+/=?^_`{|}~A-Za-z0-9]+)*" +
			"@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$"),
		// E.164: a country code never starts with 0, and the whole number has at most 15 digits.
		mobile:    regexp.MustCompile(`^\+?[1-9][0-9]{6,14}$`),
		partnerID: regexp.MustCompile(`^[0-9]{1,5}$`),
		countries: newCodeSet(isoCountries),
		languages: newCodeSet(isoLanguages),
	}
}

// invalid is the INVALID_PARAMETER answer for parameter name with value. The value goes into the
// envelope's context field only, as Engage does, never into the message.
func invalid(name, value, why string) *engage.ErrorBody {
	return &engage.ErrorBody{
		ErrorActor: "CLIENT", ErrorCode: engage.CodeInvalidParameter,
		Message:       "Invalid value for parameter " + name + ": " + why + ".",
		ParameterName: name, Value: value,
	}
}

// checkEmail applies Engage's email rules. The domain may have letters with diacritical marks
// and ß: Engage converts it to Punycode (storedEmail) and checks that ASCII form against its
// pattern, 129 characters and 63 per label; the address as sent must fit in 129 characters too.
func (v *validator) checkEmail(email string) *engage.ErrorBody {
	stored, ok := storedEmail(email)
	switch {
	case utf8.RuneCountInString(email) > maxEmail || len(stored) > maxEmail:
		return invalid("emailAddress", email, "longer than 129 characters")
	case !ok || !v.email.MatchString(stored):
		return invalid("emailAddress", email, "not a valid email address")
	case !labelsFit(stored[strings.LastIndexByte(stored, '@')+1:]):
		return invalid("emailAddress", email, "a domain label is longer than 63 characters")
	}
	return nil
}

// storedEmail returns email as Engage stores it: a domain with non-ASCII letters converted to
// Punycode by IDNA's lookup profile (UTS #46, non-transitional: ß stays ß, capitals become small
// letters, straße.de is xn--strae-oqa.de), everything else as sent. It reports false when the
// domain has no such form; an ASCII domain, xn-- labels included, is kept as it is.
func storedEmail(email string) (string, bool) {
	at := strings.LastIndexByte(email, '@')
	domain := email[at+1:]
	if at < 0 || isASCII(domain) {
		return email, true
	}
	for _, r := range domain {
		if r >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return email, false
		}
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return email, false
	}
	return email[:at+1] + ascii, true
}

// labelsFit reports whether every label of the ASCII domain d has at most 63 characters.
func labelsFit(d string) bool {
	for label := range strings.SplitSeq(d, ".") {
		if len(label) > 63 {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (v *validator) checkMobile(mobile string) *engage.ErrorBody {
	if !v.mobile.MatchString(mobile) {
		return invalid("mobileNumber", mobile, "not a mobile number with country code")
	}
	return nil
}

// checkAttribute validates value for the attribute with canonical name. Empty values clear an
// attribute and are never checked.
func (v *validator) checkAttribute(name, value string) *engage.ErrorBody {
	if value == "" {
		return nil
	}
	if limit := maxLength(name); utf8.RuneCountInString(value) > limit {
		return invalid(name, value, "longer than "+strconv.Itoa(limit)+" characters")
	}
	switch name {
	case "ISOCountryCode":
		if !v.countries[strings.ToUpper(value)] {
			return invalid(name, value, "not an ISO 3166-1 alpha-2 or alpha-3 country code")
		}
	case "ISOLanguageCode":
		if !v.languages[strings.ToLower(value)] {
			return invalid(name, value, "not an ISO 639-1 language code")
		}
	case "TimeZone":
		if !validTimeZone(value) {
			return invalid(name, value, "not an IANA time zone name")
		}
	case "Title":
		if value != "1" && value != "2" && value != "-1" {
			return invalid(name, value, "not 1 (Mr.), 2 (Ms.) or -1 (unknown)")
		}
	case "DateOfBirth":
		if !validDate(value) {
			return invalid(name, value, "not a date YYYY-MM-DD or YYYY-MM-DDThh:mm:ss±hh:mm")
		}
	case "PartnerId":
		if !v.partnerID.MatchString(value) {
			return invalid(name, value, "not a number of up to 5 digits")
		}
	}
	return nil
}

func validTimeZone(name string) bool {
	// LoadLocation also takes "Local" and "", which name no IANA zone.
	if name == "Local" || strings.ContainsAny(name, " \\") {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

func validDate(s string) bool {
	for _, layout := range []string{time.DateOnly, "2006-01-02T15:04:05-07:00"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}
