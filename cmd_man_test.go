package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"contactimport/flagdoc"
)

// TestManPagesListEveryFlag: `man DIR` writes a page per command, and each page has every flag
// that command's --help lists, as an option entry.
func TestManPagesListEveryFlag(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man1")
	if code, _, stderr := runShip(t, "man", dir); code != exitOK {
		t.Fatalf("man: exit %d: %s", code, stderr)
	}
	main, err := os.ReadFile(filepath.Join(dir, "contactimport.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		file := filepath.Join(dir, flagdoc.ManName(c)+".1")
		page, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("no page for %s: %v", c.Name, err)
		}
		if !strings.HasPrefix(string(page), ".TH "+strings.ToUpper(flagdoc.RoffText(flagdoc.ManName(c)))+" 1 ") {
			t.Errorf("%s: no .TH line: %.60q", file, page)
		}
		if !strings.Contains(string(main), `\fBcontactimport `+flagdoc.RoffText(c.Name)+`\fR`) {
			t.Errorf("contactimport.1 does not list %s", c.Name)
		}
		flags := helpFlags(t, c.Name)
		for _, f := range flags {
			dashed := `\-\-` + strings.ReplaceAll(f, "-", `\-`)
			if len(f) == 1 {
				dashed = `\-` + f
			}
			if !strings.Contains(string(page), ".TP\n\\fB"+dashed+`\fR`) {
				t.Errorf("%s: --help lists -%s, the page has no entry for it", file, f)
			}
		}
		if got := strings.Count(string(page), ".TP\n"); got != len(flags) {
			t.Errorf("%s: %d option entries, --help lists %d flags", file, got, len(flags))
		}
	}
}

// TestManPagesFormat: groff reads every page without a warning, where groff is installed.
func TestManPagesFormat(t *testing.T) {
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("groff is not installed: the pages are not typeset here")
	}
	dir := t.TempDir()
	if code, _, stderr := runShip(t, "man", dir); code != exitOK {
		t.Fatalf("man: exit %d: %s", code, stderr)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.1"))
	if len(pages) != len(commands())+1 {
		t.Fatalf("%d pages, want %d", len(pages), len(commands())+1)
	}
	out, err := exec.Command(groff, append([]string{"-man", "-Tutf8", "-ww", "-z"}, pages...)...).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("groff: %v\n%s", err, out)
	}
}

func TestManNeedsOneDirectory(t *testing.T) {
	for _, args := range [][]string{{"man"}, {"man", "a", "b"}} {
		if code, _, stderr := runShip(t, args...); code != exitUsage || !strings.Contains(stderr, "directory") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 asking for the directory", args, code, stderr)
		}
	}
}

// runCLI runs contactimport with args and returns its exit code, stdout and stderr.
func runShip(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// helpFlagLine is a flag as the flag package's PrintDefaults lists it: "  -name".
var helpFlagLine = regexp.MustCompile(`(?m)^  -([\w-]+)`)

// helpFlags returns the flags `contactimport CMD -h` lists, read from the help text itself (not
// from the flag sets the scripts and pages are made from).
func helpFlags(t *testing.T, cmd string) []string {
	t.Helper()
	code, stdout, stderr := runShip(t, append(strings.Fields(cmd), "-h")...)
	if code != exitOK {
		t.Fatalf("contactimport %s -h: exit %d\n%s", cmd, code, stderr)
	}
	var flags []string
	for _, m := range helpFlagLine.FindAllStringSubmatch(stdout+stderr, -1) {
		flags = append(flags, m[1])
	}
	if len(flags) == 0 && cmd != "completion" && cmd != "man" {
		t.Fatalf("contactimport %s -h lists no flags:\n%s", cmd, stderr)
	}
	return flags
}
