package printable

import (
	"strings"
	"testing"
)

// TestTextRangeEdges: each range Text escapes is checked at both of its ends and at the
// characters just outside them, which are kept (a zero-width joiner holds emoji together, a
// no-break space is text).
func TestTextRangeEdges(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"last C0 control", "\u001f", `\x1f`},
		{"space after C0", " ", " "},
		{"tilde before DEL", "~", "~"},
		{"DEL", "\u007f", `\x7f`},
		{"first C1 control", "\u0080", `\x80`},
		{"last C1 control", "\u009f", `\x9f`},
		{"no-break space after C1", "\u00a0", "\u00a0"},
		{"y with diaeresis, last byte-sized rune", "\u00ff", "\u00ff"},
		{"Arabic semicolon before the letter mark", "\u061b", "\u061b"},
		{"Arabic letter mark", "\u061c", `\u061c`},
		{"zero-width joiner", "\u200d", "\u200d"},
		{"left-to-right mark", "\u200e", `\u200e`},
		{"right-to-left mark", "\u200f", `\u200f`},
		{"hyphen after the marks", "\u2010", "\u2010"},
		{"narrow no-break space before the separators", "\u2027", "\u2027"},
		{"paragraph separator", "\u2029", `\u2029`},
		{"left-to-right embedding, first override", "\u202a", `\u202a`},
		{"right-to-left override, last override", "\u202e", `\u202e`},
		{"narrow no-break space after the overrides", "\u202f", "\u202f"},
		{"invisible plus before the isolates", "\u2064", "\u2064"},
		{"left-to-right isolate, first isolate", "\u2066", `\u2066`},
		{"pop directional isolate, last isolate", "\u2069", `\u2069`},
		{"inhibit symmetric swapping after the isolates", "\u206a", "\u206a"},
		{"lone high byte", "\xff", `\xff`},
		{"lone continuation byte", "\x80", `\x80`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text("a"+tt.in+"b", 0); got != "a"+tt.want+"b" {
				t.Errorf("Text(%q, 0) = %q, want %q", "a"+tt.in+"b", got, "a"+tt.want+"b")
			}
		})
	}
}

// TestTextCut: the cut never splits a character, whatever byte of it the cap falls on, and the
// cap counts the escaped text's bytes, not the input's.
func TestTextCut(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"cap inside a two-byte character", strings.Repeat("ä", 600), 1023, strings.Repeat("ä", 511) + "…"},
		{"cap after the first byte of a three-byte character", "ab€€", 3, "ab…"},
		{"cap after the second byte of a three-byte character", "ab€€", 4, "ab…"},
		{"cap at the end of a three-byte character", "ab€€", 5, "ab€…"},
		{"cap inside a four-byte emoji", "x🎉🎉", 4, "x…"},
		{"one byte over the cap", "abcd", 3, "abc…"},
		{"exactly the cap", "abc", 3, "abc"},
		{"negative cap is no cap", strings.Repeat("x", 3000), -1, strings.Repeat("x", 3000)},
		{"unclean text under the cap is escaped, not cut", "a\nb", 10, `a\nb`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in, tt.max); got != tt.want {
				t.Errorf("Text(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
		})
	}
}
