package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

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
