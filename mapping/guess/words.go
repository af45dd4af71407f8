package guess

import (
	"strings"
	"unicode"
)

// headerWords splits a header into lower-case words, the way people and systems decorate them:
// a parenthesised remark is dropped (`Handynummer (optional, für SMS-Erinnerungen)`), and words
// are cut at anything that is not a letter or digit and where lower case turns to upper
// (`HasOptedOutOfEmail`, `billing_postcode`, `Address 1: Country/Region`).
func headerWords(h string) []string {
	h = dropRemarks(h)
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range h {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return words
}

// dropRemarks removes parenthesised text, unless nothing else is left.
func dropRemarks(h string) string {
	var b strings.Builder
	depth := 0
	for _, r := range h {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return h
	}
	return b.String()
}

// wordSet is a header's words, and the words joined, for rules that look at both.
type wordSet struct {
	words  []string
	joined string
}

func newWordSet(h string) wordSet {
	w := headerWords(h)
	return wordSet{words: w, joined: strings.Join(w, "")}
}

// has reports whether any word is one of ws.
func (s wordSet) has(ws ...string) bool {
	for _, w := range s.words {
		for _, x := range ws {
			if w == x {
				return true
			}
		}
	}
	return false
}

// hasPrefix reports whether any word starts with one of ps.
func (s wordSet) hasPrefix(ps ...string) bool {
	for _, w := range s.words {
		for _, p := range ps {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// contains reports whether the joined words contain one of ps (German compounds).
func (s wordSet) contains(ps ...string) bool {
	for _, p := range ps {
		if strings.Contains(s.joined, p) {
			return true
		}
	}
	return false
}

// wordKind judges a header the exact tables do not know by its words. The order matters:
// the first rule that fits decides, from the most telling words to the least.
func wordKind(h string) known {
	s := newWordSet(h)
	if len(s.words) == 0 {
		return known{}
	}
	if c, ok := consentWords(s); ok {
		return c
	}
	switch {
	case s.has("zeitstempel", "timestamp", "horodateur", "submitted"):
		return known{kind: kSkip, note: "a timestamp: when the row was made or the form answered"}
	case s.has("created", "creation", "registered", "connected", "modified", "updated", "changed", "erstellt", "angelegt", "geändert", "lastchanged", "lastactivity", "lastlogin"):
		return known{kind: kSkip, note: "when the old system created or changed the record"}
	case s.has("total", "spent", "spend", "count", "orders", "volume", "losses", "amount", "revenue", "balance", "umsatz", "delinquent", "disputes", "refunded"):
		return known{kind: kSkip, note: "order or payment figures of the old system, not a contact attribute"}
	case s.has("tag", "tags", "labels", "categories", "segment", "segments", "groups", "lists"):
		return known{kind: kSkip, note: "tags or lists of the old system"}
	case s.has("type", "label", "typ") || s.contains("timestamp") || s.has("time", "date", "datum", "on", "at") && !s.contains("birth", "geburt", "dob"):
		// Google's "Phone 1 - Type", a consent's timestamp, "Created (UTC)", "Connected On":
		// the value is judged by its shape (unknown), unless it is a label of its neighbour.
		if s.has("type", "label", "typ") {
			return known{kind: kSkip, note: "the label of the value beside it (home, work …)"}
		}
		return known{}
	case s.has("url", "website", "web", "homepage", "linkedin", "ip", "id", "guid", "uuid", "login", "username", "password"):
		return known{kind: kSkip, note: "an id, login or web address, not a contact attribute"}
	case s.hasPrefix("nick", "spitzname"):
		return known{kind: kNick}
	case s.hasPrefix("mobil", "handy", "cellphone") || s.has("cell", "sms", "portable", "gsm", "natel"):
		return known{kind: kMobile}
	case s.has("phonetic", "yomi", "furigana", "kana", "reading", "pronunciation"):
		return known{kind: kSkip, note: "a name's reading (how it is pronounced); Engage has no field for it"}
	case s.has("phone", "phones", "phonenumber", "tel", "fon", "fone") || s.hasPrefix("telefon", "telephone", "téléphone"):
		return known{kind: kPhone}
	case s.has("email", "mail", "courriel") || s.contains("email", "emailadresse"):
		return known{kind: kEmail}
	case s.has("salutation", "anrede", "gender", "geschlecht", "civilite", "civilité", "prefix", "sex"):
		return known{kind: kSalutation}
	case s.has("title", "titel", "position", "role", "funktion", "jobtitle", "job", "beruf"):
		return known{kind: kJob}
	case s.has("country", "land", "pays", "país", "paese", "nation", "countrycode"):
		return known{kind: kCountry}
	case s.has("zip", "zipcode", "postcode", "postal", "plz", "postleitzahl", "codepostal", "cp"):
		return known{kind: kZip}
	case s.hasPrefix("birth", "geburt", "anniversaire", "naissance") || s.has("dob"):
		return known{kind: kBirth}
	case s.has("middle", "additional", "zweitname", "suffix", "maiden", "initials"):
		return known{kind: kSkip, note: "a middle name, suffix or other name part; Engage has first and last name only"}
	case s.has("given", "first", "fname", "vorname", "prenom", "prénom", "firstname", "forename"):
		return known{kind: kFirst}
	case s.has("last", "family", "surname", "lname", "nachname", "familienname", "lastname"):
		return known{kind: kLast}
	case s.has("company", "organization", "organisation", "firma", "account", "employer", "department", "abteilung"):
		return known{kind: kSkip, note: "a company or department; Engage has no standard field for it"}
	case s.has("street", "address", "strasse", "straße", "adresse", "city", "ort", "stadt", "ville", "state", "province", "region", "county", "bundesland", "line1", "line2", "pobox", "po", "suburb"):
		return known{kind: kSkip, note: "part of a postal address; Engage has no field for it"}
	case s.has("note", "notes", "notiz", "comment", "comments", "bemerkung", "kommentar", "description", "beschreibung", "remarques"):
		return known{kind: kSkip, note: "free-text notes"}
	case s.has("language", "sprache", "langue", "locale"):
		return known{kind: kLanguage}
	case s.has("name", "fullname", "displayname", "contactname", "customername"):
		return known{kind: kFull}
	}
	return known{}
}
