package mapping

import (
	"strings"
	"testing"
)

// TestCheckEmailInternational covers addresses whose domain has non-ASCII letters: valid when
// the domain's ASCII form (IDNA lookup profile) passes Engage's pattern and limits, invalid with
// the reason that names the broken rule otherwise.
func TestCheckEmailInternational(t *testing.T) {
	b := func(n int) string { return strings.Repeat("b", n) }
	tests := []struct {
		Name   string
		Value  string
		Code   string // "" when valid
		Reason string
	}{
		{Name: "Umlaut", Value: "jorg@müller.de"},
		{Name: "SharpS", Value: "anna@straße.de"}, // non-transitional: stays ß, xn--strae-oqa.de
		{Name: "Capitals", Value: "Info@MÜLLER.DE"},
		{Name: "Accents", Value: "a.b+c@café-crème.fr"},
		{Name: "Subdomain", Value: "a@mail.müller.de"},
		{Name: "Punycode", Value: "jorg@xn--mller-kva.de"},
		{Name: "PunycodeCapitals", Value: "JORG@XN--MLLER-KVA.DE"},
		{Name: "OtherScript", Value: "a@例え.jp"},
		{Name: "LatinCyrillicProfileTakes", Value: "a@раypal.com"},
		{Name: "Fullwidth", Value: "a@ＥＸＡＭＰＬＥ.org"},
		{Name: "LocalUmlaut", Value: "jörg@müller.de", Code: "invalid_email", Reason: reasonLocalASCII},
		{Name: "LocalUmlautASCIIDomain", Value: "jörg@example.org", Code: "invalid_email", Reason: reasonLocalASCII},
		{Name: "NoLocal", Value: "@müller.de", Code: "invalid_email", Reason: reasonEmail},
		{Name: "NoAt", Value: "jorgmüller.de", Code: "invalid_email", Reason: reasonEmail},
		{Name: "TwoAts", Value: "a@b@müller.de", Code: "invalid_email", Reason: reasonEmail},
		{Name: "LocalDoubleDot", Value: "a..b@müller.de", Code: "invalid_email", Reason: reasonEmail},
		{Name: "OneLetterTLD", Value: "a@müller.d", Code: "invalid_email", Reason: reasonEmail},
		{Name: "NoDot", Value: "a@müller", Code: "invalid_email", Reason: reasonEmail},
		{Name: "EmptyLabel", Value: "a@müller..de", Code: "invalid_email", Reason: reasonEmail},
		{Name: "TrailingDot", Value: "a@müller.de.", Code: "invalid_email", Reason: reasonEmail},
		{Name: "AtAfterAt", Value: "a@@müller.de", Code: "invalid_email", Reason: reasonEmail},
		{Name: "FirstNonASCIIRune", Value: "a@mü\u0080ller.de", Code: "invalid_email", Reason: reasonDomainLetter},
		{Name: "LocalInvalidByte", Value: "a\x80@müller.de", Code: "invalid_email", Reason: reasonLocalASCII},
		{Name: "Underscore", Value: "a@mül_ler.de", Code: "invalid_email", Reason: reasonDomainIDNA},
		{Name: "Symbol", Value: "a@☃.de", Code: "invalid_email", Reason: reasonDomainLetter},
		{Name: "IdeographicDot", Value: "a@müller。de", Code: "invalid_email", Reason: reasonDomainLetter},
		{Name: "Joiner", Value: "a@mü\u200dller.de", Code: "invalid_email", Reason: reasonDomainLetter},
		{Name: "NonBreakingSpace", Value: "a@mü\u00a0ller.de", Code: "invalid_email", Reason: reasonDomainLetter},
		{Name: "MixedDirection", Value: "a@aא.de", Code: "invalid_email", Reason: reasonDomainIDNA},
		{Name: "AccentFirst", Value: "a@\u0301ü.de", Code: "invalid_email", Reason: reasonDomainIDNA},
		{Name: "HyphenFirst", Value: "a@-ü.de", Code: "invalid_email", Reason: reasonDomainIDNA},
		{Name: "HyphenLast", Value: "a@ü-.de", Code: "invalid_email", Reason: reasonDomainIDNA},
		{Name: "Hyphens3And4", Value: "a@ab--ü.de", Code: "invalid_email", Reason: reasonDomainIDNA},
		// a@ü.de is a@xn--tda.de: 4 characters more in the form Engage stores.
		{Name: "Punycode129", Value: strings.Repeat("a", 118) + "@ü.de"},
		{Name: "Punycode130", Value: strings.Repeat("a", 119) + "@ü.de", Code: "email_too_long", Reason: reasonEmailPuny},
		// 129 characters as written, 135 in Punycode: the Punycode limit is the one broken.
		{Name: "Unicode129PunycodeLonger", Value: strings.Repeat("a", 124) + "@ü.de", Code: "email_too_long", Reason: reasonEmailPuny},
		{Name: "Unicode130", Value: strings.Repeat("a", 125) + "@ü.de", Code: "email_too_long", Reason: reasonEmailLong},
		// ü followed by 55 b is a 63-character label in Punycode, by 56 b a 64-character one.
		{Name: "PunycodeLabel63", Value: "a@ü" + b(55) + ".de"},
		{Name: "PunycodeLabel64", Value: "a@ü" + b(56) + ".de", Code: "invalid_email", Reason: reasonLabelLong},
		{Name: "PunycodeLastLabel64", Value: "a@b.ü" + b(56), Code: "invalid_email", Reason: reasonLabelLong},
		{Name: "ASCIILabel63", Value: "a@" + b(63) + ".de"},
		{Name: "ASCIILabel64", Value: "a@" + b(64) + ".de", Code: "invalid_email", Reason: reasonLabelLong},
		{Name: "ASCIILastLabel63", Value: "a@b." + b(63)},
		{Name: "ASCIILastLabel64", Value: "a@b." + b(64), Code: "invalid_email", Reason: reasonLabelLong},
		{Name: "ASCIIMiddleLabel64", Value: "a@c." + b(64) + ".de", Code: "invalid_email", Reason: reasonLabelLong},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			fe := ruleFor(fieldEmail, "").check(tt.Value)
			if tt.Code == "" {
				if fe != nil {
					t.Fatalf("check(%q) = %s %q, want valid", tt.Value, fe.Code, fe.Reason)
				}
				return
			}
			if fe == nil {
				t.Fatalf("check(%q) valid, want %s", tt.Value, tt.Code)
			}
			if fe.Code != tt.Code || fe.Reason != tt.Reason {
				t.Errorf("check(%q) = %s %q,\nwant %s %q", tt.Value, fe.Code, fe.Reason, tt.Code, tt.Reason)
			}
			if fe.Column != "" {
				t.Errorf("check set Column %q", fe.Column)
			}
		})
	}
}

// TestCheckEmailErrorsFresh: the caller sets Column on the error it gets, so two failures must
// never share one value.
func TestCheckEmailErrorsFresh(t *testing.T) {
	for _, v := range []string{"jörg@müller.de", "a@☃.de", "a@-ü.de", "a@" + strings.Repeat("b", 64) + ".de"} {
		first, second := checkEmail(v), checkEmail(v)
		if first == nil || first == second {
			t.Errorf("checkEmail(%q) = %p and %p, want two distinct errors", v, first, second)
		}
	}
}
