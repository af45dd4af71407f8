package printable

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"plain", "user.FirstName", 0, "user.FirstName"},
		{"umlauts and emoji kept", "Straße 🎉 Jörg", 0, "Straße 🎉 Jörg"},
		{"terminal title and clear screen", "user.\x1b]0;pwned\a\x1b[2J", 0, `user.\x1b]0;pwned\x07\x1b[2J`},
		{"colour in an error code", "\x1b[31mINVALID\x1b[0m", 0, `\x1b[31mINVALID\x1b[0m`},
		{"line breaks and tab", "a\nb\r\tc", 0, `a\nb\r\tc`},
		{"NUL and DEL", "a\x00b\x7f", 0, `a\x00b\x7f`},
		{"C1 CSI as a character", "a\u009b2J", 0, `a\x9b2J`},
		{"C1 CSI as a lone byte", "a\x9b2J", 0, `a\x9b2J`},
		{"right-to-left override", "user.\u202eliamE", 0, `user.\u202eliamE`},
		{"isolates and marks", "\u2066x\u2069\u200f\u061c", 0, `\u2066x\u2069\u200f\u061c`},
		{"line separator", "a\u2028b", 0, `a\u2028b`},
		{"replacement character kept", "a\uFFFDb", 0, "a\uFFFDb"},
		{"cut", strings.Repeat("x", 2000), 1024, strings.Repeat("x", 1024) + "…"},
		{"not cut at the cap", strings.Repeat("x", 1024), 1024, strings.Repeat("x", 1024)},
		{"cut at a character boundary", strings.Repeat("ä", 600), 1024, strings.Repeat("ä", 512) + "…"},
		{"escapes count towards the cap", strings.Repeat("\x1b", 10), 12, `\x1b\x1b\x1b…`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Text(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if again := Text(got, 0); tt.max == 0 && again != got {
				t.Errorf("Text of its own result changed it: %q", again)
			}
		})
	}
}

// TestTextHugeMessage: a 900 KB message is cut to the cap without being escaped in full first.
func TestTextHugeMessage(t *testing.T) {
	in := strings.Repeat("\x1b[31mX", 150_000)
	got := Text(in, MessageMax)
	if len(got) > MessageMax+len("…") || !strings.HasSuffix(got, "…") || !utf8.ValidString(got) {
		t.Fatalf("len %d, suffix %q: want at most %d bytes ending in …", len(got), got[len(got)-5:], MessageMax+3)
	}
	if strings.ContainsRune(got, 0x1b) {
		t.Error("an ESC survived")
	}
}

func FuzzText(f *testing.F) {
	f.Add("user.\x1b]0;x\a", 10)
	f.Add("\u202e\xff", 0)
	f.Fuzz(func(t *testing.T, s string, max int) {
		max %= 4096
		got := Text(s, max)
		if !utf8.ValidString(got) {
			t.Fatalf("Text(%q) = %q, not UTF-8", s, got)
		}
		for _, r := range got {
			if unsafe(r) {
				t.Fatalf("Text(%q) = %q keeps %U", s, got, r)
			}
		}
		if max > 0 && len(got) > max+len("…") {
			t.Fatalf("Text(%q, %d) has %d bytes", s, max, len(got))
		}
	})
}
