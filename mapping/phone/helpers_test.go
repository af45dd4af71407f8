package phone

import "testing"

// TestRender: a template's $1…$9 are the groups at loc; a "$" that names no group, a group
// beyond loc or one that did not take part are written as the template says or left out.
func TestRender(t *testing.T) {
	f := &numFormat{}
	nsn := "1234567890"
	loc := []int{0, 10, 0, 3, 3, 6, 6, 10, -1, -1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5} // $1…$3, $4 absent, $5…$9
	for tmpl, want := range map[string]string{
		"($1) $2-$3":   "(123) 456-7890",
		"$1$4x":        "123x",
		"$0 $1":        "$0 123",
		"$":            "$",
		"a$":           "a$",
		"$9-$8":        "5-4",
		"$5$6$7":       "123",
		"$1 $2 $3 $10": "123 456 7890 1230",
		"$:$a":         "$:$a",
	} {
		if got := f.render(tmpl, nsn, loc); got != want {
			t.Errorf("render(%q) = %q, want %q", tmpl, got, want)
		}
	}
	if got := f.render("$1 $2", nsn, []int{0, 10, 0, 3}); got != "123 " {
		t.Errorf("render with a group beyond loc = %q, want %q", got, "123 ")
	}
}

// TestParenFirst: the cell's first group of digits in parentheses must be the formatted
// number's first group.
func TestParenFirst(t *testing.T) {
	for _, tc := range []struct {
		v, formatted string
		want         bool
	}{
		{"(646) 555-0124", "646-555-0124", true},
		{"  (646)5550124", "(646) 555-0124", true},
		{"(1) 234", "1 234", true},
		{"(6) 234", "1 234", false},
		{"(1) 234", "12 34", false},
		{"( 646 ) 555", "646 555", true},
		{"()646", "646", false},
		{"(64a) 555", "64 555", false},
		{"(   ) 555", "555", false},
		{"646 (555)", "646 555", false},
		{"(646 555", "646 555", false},
		{"", "646", false},
		{"(646)", "646", true},
		{"(646)", "6461", false},
	} {
		if got := parenFirst(tc.v, tc.formatted); got != tc.want {
			t.Errorf("parenFirst(%q, %q) = %v, want %v", tc.v, tc.formatted, got, tc.want)
		}
	}
}

// TestSameRunsEnds: one string ending where the other's run of digits goes on is no match, in
// either order.
func TestSameRunsEnds(t *testing.T) {
	for _, tc := range [][2]string{{"1 2", "1 23"}, {"1 23", "1 2"}, {"12 3", "1 23"}} {
		if sameRuns(tc[0], tc[1]) {
			t.Errorf("sameRuns(%q, %q) = true", tc[0], tc[1])
		}
	}
}

func TestAllDigits(t *testing.T) {
	for s, want := range map[string]bool{"": false, "0": true, "0123456789": true, "12a": false, "a": false, " 1": false, "1/": false, "1:": false} {
		if got := allDigits(s); got != want {
			t.Errorf("allDigits(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFinishParseLengths: a national significant number has the library's 2 to 17 digits.
func TestFinishParseLengths(t *testing.T) {
	for nsn, want := range map[string]bool{"1": false, "12": true, "12345678901234567": true, "123456789012345678": false} {
		if _, ok := finishParse(49, nsn, nil); ok != want {
			t.Errorf("finishParse(49, %q) ok = %v, want %v", nsn, ok, want)
		}
	}
}
