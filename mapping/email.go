package mapping

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// maxLabel is the longest label (the part of a domain between dots) Engage takes, in the ASCII
// form it stores (ENGAGE-API.md, "Validation rules"; RFC 1035).
const maxLabel = 63

// Reasons for email addresses. Each names the rule, never the value.
const (
	reasonEmail        = "not a valid email address"
	reasonEmailLong    = "email address longer than 129 characters"
	reasonEmailPuny    = "email address longer than 129 characters once its domain is converted to Punycode, the form Engage stores"
	reasonLocalASCII   = "not a valid email address: the part before @ must be ASCII (letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~); only the domain may have accented letters"
	reasonDomainLetter = "not a valid email address: the domain may have accented letters and ß, but no other non-ASCII characters (symbols, punctuation, spaces)"
	reasonDomainIDNA   = "not a valid email address: the domain breaks the international domain name rules (IDNA, UTS #46), e.g. right-to-left and left-to-right letters in one label, an invisible joiner, an accent first in a label, or a hyphen at a label's edge or in its 3rd and 4th places"
	reasonLabelLong    = "not a valid email address: a part of the domain between dots is longer than 63 characters (counted in Punycode for an international domain)"
)

func emailError(code, reason string) *FieldError {
	return &FieldError{Code: code, Reason: reason}
}

// checkEmail validates an email address the way Engage does. The address is never rewritten: a
// domain with accented letters (jörg@müller.de) is sent as the file holds it and Engage converts
// it to Punycode. It is valid when its ASCII form, the domain converted by IDNA's lookup profile
// (UTS #46, non-transitional: ß stays ß, capitals become small letters), matches Engage's
// published pattern and fits the limits: 129 characters both as written (runes) and in the ASCII
// form Engage stores, 63 per domain label in the ASCII form. The part before @ stays ASCII, as
// Engage documents. An xn-- domain is ASCII already and is checked as it is.
func checkEmail(v string) *FieldError {
	if len(v) > maxEmail && utf8.RuneCountInString(v) > maxEmail {
		return emailError("email_too_long", reasonEmailLong)
	}
	if validEmail(v) {
		if !labelsFit(v[strings.IndexByte(v, '@')+1:]) {
			return emailError("invalid_email", reasonLabelLong)
		}
		return nil
	}
	return checkIntlEmail(v)
}

// checkIntlEmail explains why v, which failed the ASCII pattern, is invalid, or accepts it when
// only its domain has non-ASCII letters and that domain's ASCII form passes.
func checkIntlEmail(v string) *FieldError {
	at := strings.IndexByte(v, '@')
	if at <= 0 {
		return emailError("invalid_email", reasonEmail)
	}
	local, domain := v[:at], v[at+1:]
	if !isASCII(local) {
		return emailError("invalid_email", reasonLocalASCII)
	}
	if isASCII(domain) || strings.IndexByte(domain, '@') >= 0 {
		return emailError("invalid_email", reasonEmail)
	}
	for _, r := range domain {
		if r >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.IsMark(r) {
			return emailError("invalid_email", reasonDomainLetter)
		}
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return emailError("invalid_email", reasonDomainIDNA)
	}
	if !validEmail(local + "@" + ascii) {
		return emailError("invalid_email", reasonEmail)
	}
	if len(local)+1+len(ascii) > maxEmail {
		return emailError("email_too_long", reasonEmailPuny)
	}
	if !labelsFit(ascii) {
		return emailError("invalid_email", reasonLabelLong)
	}
	return nil
}

// labelsFit reports whether every dot-separated label of the ASCII domain d has at most
// maxLabel characters.
func labelsFit(d string) bool {
	for label := range strings.SplitSeq(d, ".") {
		if len(label) > maxLabel {
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
