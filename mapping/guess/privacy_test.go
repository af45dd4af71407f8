package guess

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// people builds a list of made-up people with every kind of personal cell: emails, phone
// numbers, first, last and full names, street addresses, birthdays, free-text notes, ids, and
// small enumerations, one of whose labels only a single row has.
func people(n int) (Sample, []string) {
	first := []string{"Jörg", "Bärbel", "Chloé", "François", "Zoë", "Dörte", "Renée", "Sigrun", "Wolfram", "Hedwig", "Ottilie", "Leopold"}
	last := []string{"Müller", "Weiß", "Núñez", "Çelik", "Schröder", "Krämer", "Lindqvist", "Okonkwo", "Brandauer", "Vasquez", "Hoffmeister"}
	s := Sample{Header: []string{"Customer Name", "First Name", "Last Name", "Email", "Mobile Phone", "Phone", "Street", "Birthdate", "Note", "Tier", "Segment", "Member No"},
		File: "people.csv", Total: n}
	var personal []string
	for i := range n {
		f, l := first[i%len(first)], last[(i*7)%len(last)]
		email := fmt.Sprintf("%s.%s%d@example.org", strings.ToLower(l), strings.ToLower(f), i)
		mobile := fmt.Sprintf("+49 151 %07d", 3000000+i*37)
		phone := fmt.Sprintf("0301%06d", 200000+i*11)
		street := fmt.Sprintf("Lindenallee %d", 10+i)
		note := fmt.Sprintf("called on %d.3., wants catalogue %d", 1+i%28, i)
		member := fmt.Sprintf("M-%06d", 481516+i)
		birth := fmt.Sprintf("%02d.%02d.%d", 1+i%28, 1+i%12, 1950+i%50)
		segment := []string{"retail", "wholesale"}[i%2]
		if i == n-1 {
			segment = "Vorstand Müller" // a label only one row has: it may point at a person
		}
		s.Rows = append(s.Rows, []string{f + " " + l, f, l, email, mobile, phone, street, birth, note,
			[]string{"Gold", "Silver", "Bronze"}[i%3], segment, member})
		personal = append(personal, f, l, f+" "+l, email, mobile, phone, street, note, member, birth, segment)
		if i < 3 {
			// also the digits alone, as a number would be searched for
			personal = append(personal, strings.ReplaceAll(mobile, " ", ""), strings.TrimPrefix(phone, "0"))
		}
	}
	return s, personal
}

// TestGuessNeverCopiesPersonalData renders a draft for a list full of personal cells and fails
// if any of them, or any other cell than an allowed enumeration label, appears in it.
func TestGuessNeverCopiesPersonalData(t *testing.T) {
	for _, n := range []int{2, 3, 40, 300} {
		s, personal := people(n)
		out := string(Mapping(s).Render())
		for _, p := range personal {
			if strings.Contains(out, p) {
				t.Errorf("%d rows: the draft contains the cell %q:\n%s", n, p, out)
			}
		}
		// Labels of the enumeration appear once every one of them is seen twice.
		if want := n >= 6; strings.Contains(out, `Gold: Gold`) != want {
			t.Errorf("%d rows: Tier labels written: %v, want %v:\n%s", n, !want, want, out)
		}
	}
}

// TestLabelRule checks each clause of the rule for copying a value into a draft.
func TestLabelRule(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		ok     bool
	}{
		{"Twice each", []string{"Gold", "Silver", "Gold", "Silver"}, true},
		{"One seen once", []string{"Gold", "Silver", "Gold"}, false},
		{"Email", []string{"a@b.io", "a@b.io", "x", "x"}, false},
		{"Phone", []string{"+49 151 2345678", "+49 151 2345678", "x", "x"}, false},
		{"Five digits", []string{"ID 12345", "ID 12345", "x", "x"}, false},
		{"Long", []string{strings.Repeat("a", 26), strings.Repeat("a", 26)}, false},
		{"Four words", []string{"a b c d", "a b c d"}, false},
		{"Three words", []string{"a b c", "a b c"}, true},
		{"Eleven distinct", strings.Split("a a b b c c d d e e f f g g h h i i j j k k", " "), false},
		{"Empty cells do not count", []string{"", "", "x", "x"}, true},
	}
	for _, tt := range tests {
		st := newColumnStats()
		for _, v := range tt.values {
			st.add(v)
		}
		if _, ok := st.labels(); ok != tt.ok {
			t.Errorf("%s: labels ok = %v, want %v", tt.name, ok, tt.ok)
		}
	}
}

// TestYAMLStringRoundTrip checks that every header and label the draft writes reads back as
// itself, plain or quoted, as a key and inside a flow mapping.
func TestYAMLStringRoundTrip(t *testing.T) {
	for _, s := range []string{"Email Address", "E-Mail", "user.Email", "yes", "No", "on", "1", "01067",
		"Name, Vorname", "a: b", "x #y", `say "hi"`, `back\slash`, "- dash", "[x]", "{y}", "&a", "*b",
		"!tag", "%p", "@at", "`tick", "'quote", "Prénom", "Größe", " padded ", "tab\there", "line\nbreak",
		"\ufeffbom", "", "~", "null", "Geburtsdatum", "date:DD.MM.YYYY", "^'", "ends:"} {
		doc := yamlString(s) + ": {to: " + yamlString(s) + "}\n"
		var m map[string]map[string]string
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			t.Errorf("%q: written as %q: %v", s, doc, err)
			continue
		}
		if v, ok := m[s]; !ok || v["to"] != s {
			t.Errorf("%q: written as %q, read back as %q", s, doc, m)
		}
	}
}
