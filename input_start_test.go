package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckSuggestsSkipLines: check and import of LinkedIn's Connections.csv (notes above the
// header) without skip_lines stop with exit 2 and say what to write; with it, the list is read.
func TestCheckSuggestsSkipLines(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("importer", "source", "testdata", "start", "Connections.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	os.WriteFile("Connections.csv", data, 0o600)
	want := "the header looks like it is on line 4 (line 1 holds 1 value, but the records below it have up to 7; line 4 names 7 columns, and the 3 records after it fit them): add skip_lines: 3 to the mapping file (--mapping)"
	for _, args := range [][]string{
		{"check", "--report", "r.csv", "Connections.csv"},
		{"import", "--sandbox", "--sandbox-db", "box.db", "--report", "r.csv", "Connections.csv"},
	} {
		var stderr bytes.Buffer
		code, _ := runCLI(t, context.Background(), &stderr, args...)
		if code != exitUsage || !strings.Contains(stderr.String(), want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 saying %q", args[0], code, stderr.String(), want)
		}
	}
	os.WriteFile("m.yaml", []byte("skip_lines: 3\nunmapped: ignore\ncolumns:\n  Email Address: email\n"), 0o600)
	var stderr bytes.Buffer
	code, out := runCLI(t, context.Background(), &stderr, "check", "--mapping", "m.yaml", "--report", "r2.csv", "Connections.csv")
	if code != exitRowsFailed || !strings.Contains(out, `"Email Address"`) {
		t.Errorf("with skip_lines: exit %d (want 3: two rows lack an email), stdout %q, stderr %q", code, out, stderr.String())
	}
}
