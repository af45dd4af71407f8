package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// TestVersion: the text and JSON forms report the version, the commit and its date, the Go
// version and the platform; the -ldflags stamps stand in where the binary has no VCS stamp (as
// in a test binary).
func TestVersion(t *testing.T) {
	defer func(v, c, d, m string) { version, commit, commitDate, modified = v, c, d, m }(version, commit, commitDate, modified)
	version, commit, commitDate, modified = "1.4.0", "0123456789abcdef0123456789abcdef01234567", "2026-12-01T10:00:00Z", "true"

	code, stdout, stderr := runShip(t, "version")
	if code != exitOK {
		t.Fatalf("version: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"contactimport 1.4.0\n", "commit:   0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)\n",
		"date:     2026-12-01T10:00:00Z\n", "go:       " + runtime.Version() + "\n", "platform: " + runtime.GOOS + "/" + runtime.GOARCH + "\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("version lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.HasPrefix(stdout, "contactimport 1.4.0\n") {
		t.Errorf("the first line is not the version: %q", stdout)
	}

	code, stdout, _ = runShip(t, "version", "--json")
	var got buildInfo
	if err := json.Unmarshal([]byte(stdout), &got); code != exitOK || err != nil {
		t.Fatalf("version --json: exit %d, %v: %q", code, err, stdout)
	}
	want := buildInfo{Version: "1.4.0", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-01T10:00:00Z",
		Modified: true, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if got != want {
		t.Errorf("version --json = %+v, want %+v", got, want)
	}
	for _, key := range []string{`"version"`, `"commit"`, `"date"`, `"modified"`, `"go"`, `"platform"`} {
		if !strings.Contains(stdout, key) {
			t.Errorf("version --json lacks %s: %s", key, stdout)
		}
	}
}

func TestVersionWithoutStamps(t *testing.T) {
	defer func(v, c, d, m string) { version, commit, commitDate, modified = v, c, d, m }(version, commit, commitDate, modified)
	version, commit, commitDate, modified = "", "", "", ""
	code, stdout, _ := runShip(t, "--version")
	if code != exitOK || !strings.Contains(stdout, "commit:   unknown") || !strings.Contains(stdout, "date:     unknown") {
		t.Errorf("--version without a stamp: exit %d\n%s", code, stdout)
	}
}

func TestVersionRefusesArguments(t *testing.T) {
	if code, stdout, stderr := runShip(t, "version", "extra"); code != exitUsage || stdout != "" || !strings.Contains(stderr, `"extra"`) {
		t.Errorf("version extra: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestUsageListsEveryCommand: the top-level usage and the command table (which completion and
// man pages are made from) name the same commands with the same summaries.
func TestUsageListsEveryCommand(t *testing.T) {
	for _, c := range commands() {
		found := false
		for line := range strings.SplitSeq(usage, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "contactimport "+c.Name+" ") && strings.HasSuffix(line, c.Summary) {
				found = true
			}
		}
		if !found {
			t.Errorf("the usage has no line for %q ending in %q", c.Name, c.Summary)
		}
	}
	if got, want := strings.Count(usage, "\n  contactimport "), len(commands()); got != want {
		t.Errorf("the usage lists %d commands, the table %d", got, want)
	}
}
