//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSpecialFilesAsSettings: a device or a named pipe without a writer given as the mapping,
// the profile, the CA certificates or the password file is refused at once with exit 2, naming
// the file and what it is, instead of reading without end or waiting for a writer.
func TestSpecialFilesAsSettings(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "list.csv")
	os.WriteFile(list, []byte("email\na@example.com\n"), 0o600)
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, bytes.Repeat([]byte("# comment\n"), 200<<10), 0o600)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"mapping /dev/zero", nil, []string{"check", "--mapping", "/dev/zero", list}, "mapping file /dev/zero: it is a character device, not a regular file"},
		{"mapping fifo", nil, []string{"check", "--mapping", fifo, list}, "mapping file " + fifo + ": it is a named pipe (FIFO), not a regular file"},
		{"mapping 2 MB", nil, []string{"check", "--mapping", big, list}, "mapping file " + big + ": it holds 2.0 MiB, more than the 1 MiB such a file may hold"},
		{"convert mapping fifo", nil, []string{"convert", "--mapping", fifo, "--out-dir", dir, list}, "mapping file " + fifo + ": it is a named pipe"},
		{"ca-cert /dev/urandom", nil, []string{"import", "--url", "https://engage.example/api/rest/v19", "--ca-cert", "/dev/urandom", list}, "CA certificate file /dev/urandom: it is a character device"},
		{"ca-cert fifo", nil, []string{"import", "--url", "https://engage.example/api/rest/v19", "--ca-cert", fifo, list}, "CA certificate file " + fifo + ": it is a named pipe"},
		{"profile fifo", nil, []string{"import", "--url", "https://engage.example/api/rest/v19", "--profile", fifo, list}, "tenant profile " + fifo + ": it is a named pipe"},
		{"password fifo", map[string]string{"ENGAGE_PASSWORD_FILE": fifo}, []string{"import", "--url", "https://engage.example/api/rest/v19", list}, "ENGAGE_PASSWORD_FILE " + fifo},
		{"password /dev/zero", map[string]string{"ENGAGE_PASSWORD_FILE": "/dev/zero"}, []string{"import", "--url", "https://engage.example/api/rest/v19", list}, "ENGAGE_PASSWORD_FILE /dev/zero is not a file (it is a character device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := func(k string) string {
				if v, ok := tt.env[k]; ok {
					return v
				}
				return map[string]string{"ENGAGE_USER": "u", "ENGAGE_PASSWORD": "p"}[k]
			}
			if _, ok := tt.env["ENGAGE_PASSWORD_FILE"]; ok {
				tt.env["ENGAGE_PASSWORD"] = ""
			}
			var stdout, stderr bytes.Buffer
			start := time.Now()
			code := run(context.Background(), tt.args, env, strings.NewReader(""), &stdout, &stderr)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v; a refusal must come at once", took)
			}
			if code != exitUsage || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 saying %q", code, stderr.String(), tt.want)
			}
		})
	}
}

// TestCheckCountsByteOrderMarks: check of two exports joined into one reads the second one's
// rows without the byte order mark, and says how many it removed and where the first was.
func TestCheckCountsByteOrderMarks(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	list := filepath.Join(dir, "joined.csv")
	os.WriteFile(list, []byte("\uFEFFemail,first_name\na@example.org,Ann\n\uFEFFb@example.org,Bo\n"), 0o600)
	var stderr bytes.Buffer
	code, _ := runCLI(t, context.Background(), &stderr, "check", "--report", "r.csv", list)
	if code != exitOK || !strings.Contains(stderr.String(), "byte order marks inside the file were removed") ||
		!strings.Contains(stderr.String(), "count=1 first_line=3") {
		t.Errorf("exit %d, stderr %q; want exit 0 and the count with its line", code, stderr.String())
	}
	report, _ := os.ReadFile(filepath.Join(dir, "r.csv"))
	if rows := bytes.TrimPrefix(report, []byte("\uFEFF")); bytes.Contains(rows, []byte("\uFEFF")) {
		t.Errorf("the report holds a byte order mark after its start:\n%s", report)
	}
}

// TestReadSummaryOfAPipe: a named pipe where a report's summary should be is refused at once.
func TestReadSummaryOfAPipe(t *testing.T) {
	rep := filepath.Join(t.TempDir(), "r.csv")
	if err := syscall.Mkfifo(rep+".json", 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := readSummaryOf(rep)
	if err == nil || !strings.Contains(err.Error(), "run summary "+rep+".json: it is a named pipe (FIFO)") || time.Since(start) > 5*time.Second {
		t.Errorf("readSummaryOf = %v after %v; want a refusal at once", err, time.Since(start))
	}
}
