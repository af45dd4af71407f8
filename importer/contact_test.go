package importer

import (
	"testing"

	"contactimport/importer/engage"
)

// TestLedgerValueEmail: rows whose addresses Engage takes for one contact share one key, so the
// ledger and the per-contact order see one contact: case is folded (Unicode letters too), and a
// domain with accented letters is keyed by its Punycode form, which is how Engage stores it.
func TestLedgerValueEmail(t *testing.T) {
	same := [][]string{
		{"Jörg@Müller.de", "jörg@müller.de", "JÖRG@MÜLLER.DE"},
		{"jorg@müller.de", "JORG@xn--mller-kva.de", "jorg@XN--MLLER-KVA.DE", "Jorg@Müller.DE"},
		{"anna@straße.de", "ANNA@xn--strae-oqa.de", "Anna@STRAßE.de"},
		{"ann@example.org", "ANN@Example.ORG"},
	}
	seen := map[string]int{}
	for group, spellings := range same {
		key := ledgerValue(engage.IdentEmail, spellings[0])
		for _, s := range spellings[1:] {
			if got := ledgerValue(engage.IdentEmail, s); got != key {
				t.Errorf("ledgerValue(%q) = %q, want %q as for %q", s, got, key, spellings[0])
			}
		}
		if g, dup := seen[key]; dup {
			t.Errorf("groups %d and %d share key %q", g, group, key)
		}
		seen[key] = group
	}
	for in, want := range map[string]string{
		"jorg@müller.de":   "jorg@xn--mller-kva.de", // the ASCII form, as stored
		"anna@straße.de":   "anna@xn--strae-oqa.de", // ß is kept (non-transitional), not strasse.de
		"anna@strasse.de":  "anna@strasse.de",
		"ann@Example.ORG":  "ann@example.org",
		"a@-müller.de":     "a@-müller.de", // no ASCII form: kept, lower case (the mapping refuses it)
		"not an address":   "not an address",
		"Ann@x@Müller.de":  "ann@x@xn--mller-kva.de",
		"mixed@Ünï.Cödé.x": "mixed@xn--n-nga1b.xn--cd-cja4c.x", // each label on its own,
	} {
		if got := ledgerValue(engage.IdentEmail, in); got != want {
			t.Errorf("ledgerValue(%q) = %q, want %q", in, got, want)
		}
	}
	// Other identifiers are kept exactly.
	if got := ledgerValue(engage.IdentAlias, "App-Müller"); got != "App-Müller" {
		t.Errorf("alias key %q, want it unchanged", got)
	}
}
