package flagdoc

import (
	"slices"
	"strings"
	"testing"
)

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

const toyUsage = `contactimport does a toy's work.

Usage:
  contactimport toy [flags] FILE   do a toy's work

Run "contactimport COMMAND -h" for the flags of a command.
`

// TestManPages: a page for the program and one per command, each with an option entry per flag,
// the defaults --help shows, the values of an enumerated flag, and the help's environment.
func TestManPages(t *testing.T) {
	pages := ManPages(Header{Version: "v1.2.3", Date: "2026-01-02", Usage: toyUsage}, toyCommands())
	var names []string
	for _, p := range pages {
		names = append(names, p.Name)
		if !strings.HasPrefix(p.Text, `.TH `+strings.ToUpper(strings.TrimSuffix(p.Name, ".1"))+` 1 "2026-01-02" "contactimport v1.2.3"`) {
			t.Errorf("%s: .TH line: %.80q", p.Name, p.Text)
		}
	}
	if !slices.Equal(names, []string{"contactimport.1", "contactimport-toy.1", "contactimport-sandbox-bare.1"}) {
		t.Fatalf("pages %q", names)
	}
	main, toy, bare := pages[0].Text, pages[1].Text, pages[2].Text
	for _, want := range []string{
		".SH DESCRIPTION\ncontactimport does a toy's work.\n",
		".TP\n\\fBcontactimport toy\\fR \\fIFILE\\fR\ndo a toy's work.\nSee \\fBcontactimport-toy\\fR(1).\n",
		".SH NOTES\nRun \"contactimport COMMAND \\-h\" for the flags of a command.\n",
	} {
		if !strings.Contains(main, want) {
			t.Errorf("contactimport.1 lacks %q:\n%s", want, main)
		}
	}
	for _, want := range []string{
		".SH SYNOPSIS\n.B contactimport toy\n[\\fIflags\\fR] \\fIFILE\\fR\n",
		".SH DESCRIPTION\nDoes a toy's work.\n",
		".TP\n\\fB\\-\\-force\\fR\nreplace the output\n",
		".TP\n\\fB\\-\\-mode\\fR \\fIupsert|\\:create|\\:update\\fR\n",
		".TP\n\\fB\\-\\-mapping\\fR \\fIfile\\fR\n",
		".TP\n\\fB\\-o\\fR \\fIfile\\fR\n",
		".TP\n\\fB\\-\\-rate\\fR \\fIint\\fR\nrequests per second\n.br\nDefault: \\fB10\\fR.\n",
		".SH ENVIRONMENT\nTOY_HOME   where the toy lives\n.SH SEE ALSO\n",
		".SH SEE ALSO\n\\fBcontactimport\\fR(1),\n\\fBcontactimport-sandbox-bare\\fR(1)\n",
	} {
		if !strings.Contains(toy, want) {
			t.Errorf("contactimport-toy.1 lacks %q:\n%s", want, toy)
		}
	}
	if got := strings.Count(toy, ".TP\n"); got != 7 {
		t.Errorf("contactimport-toy.1 has %d option entries, want 7", got)
	}
	if strings.Contains(toy, "Default: \\fBfalse") || strings.Contains(toy, "Default: \\fB0s") {
		t.Error("a zero default is shown")
	}
	if !strings.Contains(bare, ".SH DESCRIPTION\nA sandbox command without help.\n") {
		t.Errorf("a command without a description is not described by its summary:\n%s", bare)
	}
}
