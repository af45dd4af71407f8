package mapping

import "testing"

func TestParseCountry(t *testing.T) {
	for in, want := range map[string]string{
		"DE": "DE", "de": "DE", " DEU ": "DE", "276": "DE", "040": "AT", "UK": "GB", "GBR": "GB",
		"Deutschland": "DE", "Allemagne": "DE", "Germany": "DE", "Alemania": "DE", "Germania": "DE", "Duitsland": "DE",
		"Niederlande": "NL", "Pays-Bas": "NL", "Nederland": "NL", "Holland": "NL", "the netherlands": "NL",
		"Österreich": "AT", "OESTERREICH": "", "Osterreich": "AT", "Schweiz": "CH", "Suisse": "CH", "Svizzera": "CH",
		"Côte d’Ivoire": "CI", "cote d'ivoire": "CI", "Ivoorkust": "CI", "États-Unis": "US", "Etats Unis": "US",
		"Vereinigtes Königreich": "GB", "Grossbritannien": "GB", "Türkei": "TR", "España": "ES", "Spanien": "ES",
		"Congo - Kinshasa": "CD", "Kongo-Brazzaville": "CG", "Südkorea": "KR",
		// Withdrawn codes, regions that are not countries, and what is no country at all.
		"DD": "", "YU": "", "SU": "", "CS": "", "AN": "", "ZR": "", "150": "", "EU": "", "ZZ": "", "40": "",
		"Korea": "", "": "", "Atlantis": "", "D": "", "123": "",
	} {
		got, ok := parseCountry(in)
		if got != want || ok != (want != "") {
			t.Errorf("parseCountry(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// No country name of the six languages is lost to an ambiguity, and each current ISO country
// has at least its English name.
func TestCountryNamesComplete(t *testing.T) {
	names := countryNames()
	if len(names) < 900 {
		t.Errorf("only %d country names", len(names))
	}
	for i := 0; i < len(countryAlpha2); i += 2 {
		code := countryAlpha2[i : i+2]
		found := false
		for _, c := range names {
			if c == code {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no name for %s", code)
		}
	}
}

func BenchmarkCountryNames(b *testing.B) {
	for b.Loop() {
		buildCountryNames()
	}
}
