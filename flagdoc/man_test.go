package flagdoc

import "testing"

// TestRoffText: options keep pasteable dashes, text that roff would read as a request or an
// escape stays text, and characters beyond ASCII survive any roff.
func TestRoffText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"with --state: send", `with \-\-state: send`},
		{"one-off loads", "one-off loads"},
		{`a \ b`, `a \e b`},
		{"auto|bar", `auto|\:bar`},
		{"-002 …", `-002 \[u2026]`},
		{"Groß", `Gro\[u00DF]`},
	}
	for _, tt := range tests {
		if got := RoffText(tt.in); got != tt.want {
			t.Errorf("RoffText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := roffLines(".hidden\n'quote"); got != "\\&.hidden\n\\&'quote\n" {
		t.Errorf("roffLines: %q", got)
	}
}
