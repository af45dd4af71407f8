//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestStatePathIsTheLockedFile runs the binary with --state names that a SQLite URI would read
// differently. The file the CLI locks must be the ledger SQLite writes: it holds the ledger after
// the first run (so a rerun of the unchanged list makes no API call), and no file under the
// name's truncated or decoded reading appears.
func TestStatePathIsTheLockedFile(t *testing.T) {
	bin := buildBinary(t)
	box := startSandboxProc(t, bin, filepath.Join(t.TempDir(), "box.db"))
	for i, tt := range []struct{ name, misread string }{
		{"st#1.db", "st"},
		{"st?1.db", "st"},
		{"a%20b.db", "a b.db"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var in bytes.Buffer
			in.WriteString("user.Email,user.FirstName\n")
			for r := range 20 {
				fmt.Fprintf(&in, "s%d-%d@example.org,N%d\n", i, r, r)
			}
			if err := os.WriteFile(filepath.Join(dir, "list.csv"), in.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			for run, report := range []string{"first.csv", "second.csv"} {
				before := box.total(t)
				out, err := importCmd(bin, dir, box.url, "--rate", "1000", "--state", tt.name, "--report", report, "list.csv").CombinedOutput()
				if err != nil {
					t.Fatalf("%s: %v\n%s", report, err, out)
				}
				if calls := box.total(t) - before; run == 1 && calls != 0 {
					t.Errorf("rerun of the unchanged list with --state %q made %d API calls, want 0", tt.name, calls)
				}
			}
			head := make([]byte, 16)
			f, err := os.Open(filepath.Join(dir, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.Read(head); err != nil || string(head) != "SQLite format 3\x00" {
				t.Errorf("%s is not the SQLite ledger (starts %q, %v)", tt.name, head, err)
			}
			if _, err := os.Stat(filepath.Join(dir, tt.misread)); err == nil {
				t.Errorf("a file %q appeared beside the state file %q", tt.misread, tt.name)
			}
		})
	}
}
