package guess

import (
	"fmt"
	"strings"
)

// headerKind is what a header alone says: Mapp's own names, the exact spellings of the
// systems people leave (knownHeaders), then the header's words in any order (wordKind).
func headerKind(h string) (known, bool) {
	if len(h) > 5 && strings.EqualFold(h[:5], "user.") {
		return known{kind: kMapp}, true
	}
	if strings.HasPrefix(strings.ToLower(h), "(do not modify)") {
		return known{kind: kSkip, note: "Dynamics' own bookkeeping (a hidden column of its Excel export)"}, true
	}
	if k, ok := knownHeaders[headerKey(h)]; ok {
		return k, true
	}
	if k, ok := knownHeaders[headerKey(dropRemarks(h))]; ok {
		return k, true
	}
	return wordKind(h), false
}

// valueKind is what a column's values say, when at least 9 in 10 sampled non-empty cells
// agree: email addresses, phone numbers, countries, dates, salutations. kUnknown otherwise.
func valueKind(st *columnStats) kind {
	switch {
	case st.nonEmpty == 0:
		return kUnknown
	case st.most(st.emails):
		return kEmail
	case st.most(st.titles) && !st.many:
		return kSalutation
	case st.most(st.countries):
		return kCountry
	case st.most(st.phones) && st.most(st.phones-st.bareDigits):
		return kPhone
	}
	if _, ok := st.date.pattern(st); ok {
		return kDate
	}
	return kUnknown
}

// judge decides a column's kind. The values win over the header when they clearly say
// something else; why then says what the header suggested, for a TODO. A header an exact
// table knows as something to skip (Mailchimp's CC, located from the IP address) keeps its
// kind: the system's own meaning is known.
func (g *guesser) judge(h string, st *columnStats) (kind, known, string) {
	k, exact := headerKind(h)
	if k.kind == kUnknown && checkbox(st) && newWordSet(h).contains(newsletterWords...) {
		// A spreadsheet's checkbox (TRUE/FALSE) under a newsletter heading: an unticked box is
		// no consent. Typed answers (ja/nein) stay an attribute, with a question.
		k = known{kind: kConsent, polarity: consent, note: "a newsletter checkbox (TRUE/FALSE)", reason: "newsletter box not ticked"}
		return k.kind, k, ""
	}
	if (k.kind == kUnknown || k.kind == kSkip && !exact) && consentValues(st) {
		k = known{kind: kConsent, polarity: consent, note: "consent states (subscribed, unsubscribed …)", reason: "not subscribed"}
		return k.kind, k, ""
	}
	v := valueKind(st)
	switch {
	case v == kUnknown || k.kind == kMapp || k.kind == kConsent || k.kind == kSkipTime:
		return k.kind, k, ""
	case exact && k.kind == kSkip:
		return k.kind, k, ""
	}
	agrees := map[kind][]kind{
		kEmail:      {kEmail},
		kMobile:     {kPhone},
		kPhone:      {kPhone},
		kCountry:    {kCountry},
		kBirth:      {kDate},
		kSalutation: {kSalutation},
		kJob:        {kSalutation}, // Outlook's "Title" holds Mr. and Mrs.: values decide, no question
		kLanguage:   {kCountry},    // two-letter language codes look like countries
	}
	for _, a := range agrees[k.kind] {
		if a == v {
			if k.kind == kJob {
				return kSalutation, known{kind: kSalutation}, ""
			}
			return k.kind, k, ""
		}
	}
	if v == kDate {
		// Dates under a header of no data kind stay with unknown (a custom attribute, asked).
		if k.kind == kUnknown {
			return kUnknown, k, ""
		}
		if k.kind == kSkip {
			return k.kind, k, ""
		}
		return kUnknown, known{}, fmt.Sprintf("the header suggests %s, but the values are dates", kindWords[k.kind])
	}
	switch k.kind {
	case kUnknown:
		return v, known{kind: v}, ""
	case kSkip:
		// A header's words said "address part", "id" …: keep that unless the values are
		// identifiers a contact needs.
		if v != kEmail {
			return k.kind, k, ""
		}
	}
	return v, known{kind: v}, fmt.Sprintf("the header suggests %s, but %s of the sampled cells are %s: check", orWord(kindWords[k.kind], "something else"), "9 in 10", kindWords[v])
}

func orWord(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// newsletterWords mark a yes/no column about being mailed.
var newsletterWords = []string{"newsletter", "mailing", "marketing", "werbung", "infopost"}

// checkbox reports whether every sampled value is TRUE or FALSE, as a spreadsheet writes a
// checkbox cell.
func checkbox(st *columnStats) bool {
	if st.many || st.nonEmpty == 0 {
		return false
	}
	for _, v := range st.order {
		if l := strings.ToLower(v); l != "true" && l != "false" {
			return false
		}
	}
	return true
}
