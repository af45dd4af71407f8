package mapping

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// countryLanguages are the languages whose country names the country transform reads.
var countryLanguages = []string{"en", "de", "fr", "es", "it", "nl"}

// countryAliases are names people write that CLDR's display names do not give (older or
// informal names), each certain to mean one country.
var countryAliases = map[string]string{
	"Great Britain": "GB", "Großbritannien": "GB", "Grande-Bretagne": "GB", "Gran Bretaña": "GB",
	"Gran Bretagna": "GB", "Groot-Brittannië": "GB", "England": "GB",
	"Holland": "NL", "The Netherlands": "NL",
	"United States of America": "US", "Vereinigte Staaten von Amerika": "US",
	"Czech Republic": "CZ", "Tschechische Republik": "CZ", "République tchèque": "CZ",
	"North Macedonia": "MK", "Nordmazedonien": "MK", "Macédoine du Nord": "MK",
	"Türkiye": "TR", "Ivory Coast": "CI", "Vatican": "VA", "Russian Federation": "RU",
}

// countryNames maps folded country names (countryKey) to ISO 3166-1 alpha-2 codes. It is built
// on first use, from CLDR's names for every current ISO country in each of countryLanguages
// plus countryAliases. A key two countries share (no such name is known in CLDR today) is
// left out: such a name is refused, never guessed.
var countryNames = sync.OnceValue(buildCountryNames)

func buildCountryNames() map[string]string {
	names := map[string]string{}
	ambiguous := map[string]bool{}
	add := func(name, code string) {
		k := countryKey(name)
		if k == "" || ambiguous[k] {
			return
		}
		if prev, ok := names[k]; ok && prev != code {
			delete(names, k)
			ambiguous[k] = true
			return
		}
		names[k] = code
	}
	namers := make([]display.Namer, len(countryLanguages))
	for i, l := range countryLanguages {
		namers[i] = display.Regions(language.MustParse(l))
	}
	for i := 0; i < len(countryAlpha2); i += 2 {
		code := countryAlpha2[i : i+2]
		r, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		for _, n := range namers {
			add(n.Name(r), code)
		}
	}
	for name, code := range countryAliases {
		add(name, code)
	}
	return names
}

// countryKey folds a country name for lookup: letters only, lower case, without accents, ß as
// ss ("Côte d’Ivoire" and "cote d'ivoire" are one key).
func countryKey(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r == 'ß':
			b.WriteString("ss")
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// parseCountry reads a country cell as an ISO 3166-1 alpha-2 code: alpha-2, alpha-3 or numeric
// codes in any case, or a country name in one of countryLanguages. Codes ISO has withdrawn
// (DD, YU, SU, ...) are refused: they name a country that no longer exists, or several; UK,
// which ISO reserves for the United Kingdom, is read as GB.
func parseCountry(v string) (string, bool) {
	s := strings.TrimSpace(v)
	if len(s) == 2 || len(s) == 3 {
		if r, err := language.ParseRegion(s); err == nil {
			code := r.Canonicalize().String()
			if (r.String() == code || r.String() == "UK") && validCountry(code) {
				return code, true
			}
			return "", false
		}
	}
	code, ok := countryNames()[countryKey(s)]
	return code, ok
}

// Country reads a cell as the country transform does: an ISO 3166-1 alpha-2 code from a code
// (alpha-2, alpha-3, numeric) or a country name; ok is false when the cell names no country.
func Country(v string) (code string, ok bool) { return parseCountry(v) }
