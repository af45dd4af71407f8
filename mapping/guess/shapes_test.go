package guess

import (
	"reflect"
	"strings"
	"testing"
)

// TestHeaderWords checks how a header is cut into words: a parenthesised or bracketed remark
// is dropped (unless nothing else is left), nested remarks too, a stray closing bracket is
// only a separator, and words are cut where lower case turns to upper.
func TestHeaderWords(t *testing.T) {
	tests := []struct {
		name, header string
		want         []string
	}{
		{"Remark", "Handynummer (optional, für SMS-Erinnerungen)", []string{"handynummer"}},
		{"BracketRemark", "Phone [work]", []string{"phone"}},
		{"NestedRemark", "Email (private (not work)) address", []string{"email", "address"}},
		{"OnlyARemark", "(optional)", []string{"optional"}},
		{"StrayClosingBracket", "1) Your email", []string{"1", "your", "email"}},
		{"StrayClosingSquareBracket", "a] Zip", []string{"a", "zip"}},
		{"CamelCase", "HasOptedOutOfEmail", []string{"has", "opted", "out", "of", "email"}},
		{"Underscore", "billing_postcode", []string{"billing", "postcode"}},
		{"Punctuation", "Address 1: Country/Region", []string{"address", "1", "country", "region"}},
		{"Acronym", "UNSUB_TIME", []string{"unsub", "time"}},
		{"Nothing", "---", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headerWords(tt.header); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("headerWords(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

// TestYAMLStringReadable checks that a quoted name stays readable for the person who edits the
// draft: only what YAML cannot hold as it is (quotes, backslashes, control characters, the
// byte order mark, C1 controls, line separators) is escaped; spaces, umlauts, no-break spaces
// and emoji are written as they are.
func TestYAMLStringReadable(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Plain", "E-Mail", "E-Mail"},
		{"Space after a comma", "Name, Vorname", `"Name, Vorname"`},
		{"Umlauts", "Größe", `"Größe"`},
		{"No-break space", "Kunde\u00a0seit", "\"Kunde\u00a0seit\""},
		{"Emoji", "🎉 Party", `"🎉 Party"`},
		{"Quote and backslash", `a "b" \c`, `"a \"b\" \\c"`},
		{"Tab and newline", "a\tb\nc", `"a\x09b\x0ac"`},
		{"Last C0 control", "a\x1fb", `"a\x1fb"`},
		{"DEL", "a\x7fb", `"a\x7fb"`},
		{"First C1 control", "a\u0080b", `"a\u0080b"`},
		{"Last C1 control", "a\u009fb", `"a\u009fb"`},
		{"Byte order mark", "\ufeffEmail", `"\ufeffEmail"`},
		{"Line separator", "a\u2028b", `"a\u2028b"`},
		{"Paragraph separator", "a\u2029b", `"a\u2029b"`},
		{"YAML word", "yes", `"yes"`},
		{"Empty", "", `""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := yamlString(tt.in); got != tt.want {
				t.Errorf("yamlString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestGuessDatePatternTwelve checks that 12 is a month as well as a day: a column whose largest
// value in either place is 12 tells nothing about the order, and the draft says so.
func TestGuessDatePatternTwelve(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"TwelveSecondDots", []string{"01.12.1980", "03.04.1975"}, "DD.MM.YYYY"},
		{"TwelveFirstDots", []string{"12.01.1980", "03.04.1975"}, "DD.MM.YYYY"},
		{"TwelveSecondSlashes", []string{"01/12/1980", "03/04/1975"}, "MM/DD/YYYY"},
		{"TwelveBothSlashes", []string{"12/12/1980", "03/04/1975"}, "MM/DD/YYYY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newColumnStats()
			for _, v := range tt.values {
				st.add(v)
			}
			p, ok := st.date.pattern(st)
			if !ok || p.pattern != tt.want || !p.ambiguous {
				t.Errorf("pattern = %+v, %v; want %s, ambiguous", p, ok, tt.want)
			}
		})
	}
}

// TestGuessEmptySample checks a file with no header and no rows: the draft is written, asks
// for an identifier, and nothing panics.
func TestGuessEmptySample(t *testing.T) {
	d := Mapping(Sample{File: "empty.csv"})
	if d.System != "" || d.Identifier != "" || len(d.Columns) != 0 || len(d.SkipRows) != 0 {
		t.Errorf("draft of nothing: %+v", d)
	}
	if out := string(d.Render()); !strings.Contains(out, "# identifier: email") || !strings.HasSuffix(out, "columns:\n") {
		t.Errorf("draft of nothing:\n%s", out)
	}
}
