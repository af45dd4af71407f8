//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// runCLI runs the whole program in this process and returns its exit code and output.
func runCLI(t *testing.T, ctx context.Context, stderr io.Writer, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := run(ctx, args, func(string) string { return "" }, strings.NewReader(""), &out, stderr)
	return code, out.String()
}

// TestImportDevZero: `import /dev/zero` is refused at once with exit 2 instead of hashing
// forever.
func TestImportDevZero(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, cmd := range []string{"import", "check"} {
		var stderr bytes.Buffer
		args := []string{cmd, "/dev/zero"}
		if cmd == "import" {
			args = []string{cmd, "--sandbox", "--sandbox-db", "box.db", "/dev/zero"}
		}
		code, _ := runCLI(t, context.Background(), &stderr, args...)
		if code != exitUsage || !strings.Contains(stderr.String(), "/dev/zero: it is a character device") {
			t.Errorf("%s /dev/zero: exit %d, stderr %q; want exit 2 naming the device", cmd, code, stderr.String())
		}
		if _, err := os.Stat("box.db"); err == nil {
			t.Errorf("%s /dev/zero left a sandbox database behind", cmd)
		}
	}
}

// TestFingerprintHonoursContext: a signal while a large input is hashed stops the run at once
// (exit 130) rather than after the whole file.
func TestFingerprintHonoursContext(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(4 << 30); err != nil { // sparse: 4 GiB that take no disk
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr bytes.Buffer
	code, _ := runCLI(t, ctx, &stderr, "check", "--report", filepath.Join(dir, "r.csv"), big)
	if code != exitInterrupted || !strings.Contains(stderr.String(), "fingerprint input "+big+": stopped after 0 of 4294967296 bytes") {
		t.Errorf("check of a 4 GiB file with a cancelled context: exit %d, stderr %q; want 130 and where it stopped", code, stderr.String())
	}
}

// rewriteOnWarning is a stderr that rewrites the input in place when the run logs that it
// reads the input as Windows-1252: that happens after the fingerprint and the first 64 KiB,
// before the rest of the file is streamed.
type rewriteOnWarning struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	path string
	done bool
	err  error
}

func (w *rewriteOnWarning) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if !w.done && strings.Contains(w.buf.String(), "reading it as Windows-1252") {
		w.done = true
		w.err = os.WriteFile(w.path, []byte("email,first_name\nnew@example.org,New\n"), 0o600)
	}
	return len(p), nil
}

// TestRunStopsWhenInputChanges: an input rewritten in place during the run stops it with exit 1
// and an unfinished summary that says why.
func TestRunStopsWhenInputChanges(t *testing.T) {
	for _, cmd := range []string{"check", "import"} {
		t.Run(cmd, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "people.csv")
			var b strings.Builder
			b.WriteString("email,first_name\nj\xfcrgen@example.org,J\xfcrgen\n") // Windows-1252
			for i := range 8000 {                                                // about 300 KB: far beyond what is read ahead
				fmt.Fprintf(&b, "user%05d@example.org,User %d\n", i, i)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			report := filepath.Join(dir, "run.csv")
			args := []string{cmd, "--report", report, "--progress", "none"}
			if cmd == "import" {
				args = append(args, "--sandbox", "--sandbox-db", filepath.Join(dir, "box.db"), "--rate", "1000")
			}
			stderr := &rewriteOnWarning{path: path}
			code, _ := runCLI(t, context.Background(), stderr, append(args, path)...)
			if stderr.err != nil || !stderr.done {
				t.Fatalf("rewrite: done %v, %v", stderr.done, stderr.err)
			}
			msg := stderr.buf.String()
			if code != exitStopped || !strings.Contains(msg, "changed while it was read (rewritten in place?)") ||
				!strings.Contains(msg, "the report holds rows of two versions") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 saying the input changed", code, msg)
			}
			raw, err := os.ReadFile(report + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var sum struct {
				Finished bool   `json:"finished"`
				Stopped  string `json:"stopped"`
			}
			if err := json.Unmarshal(raw, &sum); err != nil {
				t.Fatal(err)
			}
			if sum.Finished || sum.Stopped == "" {
				t.Errorf("summary finished=%v stopped=%q, want an unfinished run with a reason", sum.Finished, sum.Stopped)
			}
		})
	}
}

// TestCheckUTF16: Excel's "Unicode Text" (UTF-16 LE with a byte order mark, tab-separated)
// reads as it is; UTF-16 without the mark is refused naming UTF-16 and --encoding utf-16,
// which then reads it.
func TestCheckUTF16(t *testing.T) {
	dir := t.TempDir()
	fixture, err := filepath.Abs(filepath.Join("importer", "source", "testdata", "csv", "unicode-text-utf16le-tab.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code, out := runCLI(t, context.Background(), &stderr, "check", "--report", filepath.Join(dir, "a.csv"), fixture)
	if code != exitOK || !strings.Contains(out, "valid") {
		t.Errorf("check of a Unicode Text export: exit %d\n%s%s", code, out, stderr.String())
	}

	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	noBOM := filepath.Join(dir, "nobom.txt")
	if err := os.WriteFile(noBOM, raw[2:], 0o600); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	code, _ = runCLI(t, context.Background(), &stderr, "check", "--report", filepath.Join(dir, "b.csv"), noBOM)
	if msg := stderr.String(); code != exitUsage || !strings.Contains(msg, "UTF-16 without a byte order mark") ||
		!strings.Contains(msg, "--encoding utf-16") || strings.Contains(msg, "\x00") {
		t.Errorf("check of UTF-16 without a BOM: exit %d, stderr %q; want 2 naming UTF-16 and --encoding utf-16", code, msg)
	}
	stderr.Reset()
	code, out = runCLI(t, context.Background(), &stderr, "check", "--encoding", "utf-16", "--report", filepath.Join(dir, "c.csv"), noBOM)
	if code != exitOK {
		t.Errorf("check --encoding utf-16 of UTF-16 without a BOM: exit %d\n%s%s", code, out, stderr.String())
	}
}
