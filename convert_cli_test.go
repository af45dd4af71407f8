package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// withConvertLimit lowers the import file limit for one test.
func withConvertLimit(t *testing.T, n int64) {
	old := convertLimit
	convertLimit = n
	t.Cleanup(func() { convertLimit = old })
}

func runConvertCLI(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"convert", "--progress", "none"}, args...), func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestConvertSplitsFiles converts a list into many files under a lowered limit: each file is at
// most the limit, private (0600), starts with the header, and the valid rows are all there once.
func TestConvertSplitsFiles(t *testing.T) {
	withConvertLimit(t, 4096)
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	var b strings.Builder
	b.WriteString("user.Email,user.FirstName\n")
	for i := 1; i <= 2000; i++ {
		if i%100 == 0 {
			fmt.Fprintf(&b, "broken%d,Name\n", i)
			continue
		}
		fmt.Fprintf(&b, "p%d@example.org,Name %d\n", i, i)
	}
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runConvertCLI(t, context.Background(), in)
	if code != exitRowsFailed {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "people.mapp-*"))
	if len(files) < 10 {
		t.Fatalf("%d files: %v", len(files), files)
	}
	seen := map[string]int{}
	for i, f := range files {
		if want := filepath.Join(dir, fmt.Sprintf("people.mapp-%03d.csv", i+1)); f != want {
			t.Fatalf("file %d is %s, want %s", i+1, f, want)
		}
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > 4096 {
			t.Errorf("%s: %d bytes", f, fi.Size())
		}
		if perm := fi.Mode().Perm(); perm != 0o600 && os.PathSeparator == '/' {
			t.Errorf("%s: mode %v", f, perm)
		}
		data, _ := os.ReadFile(f)
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if recs[0][0] != "user.Email" {
			t.Fatalf("%s header %q", f, recs[0])
		}
		for _, r := range recs[1:] {
			seen[r[0]]++
		}
		if !strings.Contains(stdout, filepath.Base(f)) {
			t.Errorf("hand-off does not name %s", f)
		}
	}
	if len(seen) != 1980 {
		t.Fatalf("%d distinct rows in the files, want 1980", len(seen))
	}
	for k, n := range seen {
		if n != 1 || strings.HasPrefix(k, "broken") {
			t.Fatalf("%s appears %d times", k, n)
		}
	}
	reports, _ := filepath.Glob(filepath.Join(dir, "people.*.report.csv"))
	if len(reports) != 1 {
		t.Fatalf("reports beside the input: %v", reports)
	}
	data, _ := os.ReadFile(reports[0])
	if n := strings.Count(string(data), ",failed,"); n != 20 {
		t.Fatalf("%d failed lines in the report, want 20", n)
	}
}

// TestConvertStoppedKeepsNothing: a conversion that cannot finish (a row larger than a file)
// leaves no import file, partial or complete, and no report: half a set must not be uploaded.
func TestConvertStoppedKeepsNothing(t *testing.T) {
	withConvertLimit(t, 200)
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	var b strings.Builder
	b.WriteString("user.Email,user.CustomAttribute.Note\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&b, "p%d@example.org,short\n", i)
	}
	b.WriteString("big@example.org," + strings.Repeat("x", 300) + "\n")
	os.WriteFile(in, []byte(b.String()), 0o600)
	code, _, stderr := runConvertCLI(t, context.Background(), in)
	if code != exitStopped || !strings.Contains(stderr, "row 21 (line 22)") || !strings.Contains(stderr, "no import file or report kept") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if left := leftovers(dir); len(left) != 0 {
		t.Fatalf("left behind: %v", left)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	withConvertLimit(t, 1<<20)
	code, _, _ = runConvertCLI(t, ctx, in)
	if code != exitInterrupted {
		t.Fatalf("interrupted: exit %d", code)
	}
	if left := leftovers(dir); len(left) != 0 {
		t.Fatalf("left behind after an interrupt: %v", left)
	}
}

// leftovers lists what is in dir besides the input people.csv.
func leftovers(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if e.Name() != "people.csv" {
			out = append(out, e.Name())
		}
	}
	return out
}
