package job

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestReadPasswordFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		path    string
		want    string
		wantErr string // part of the error; "" for none
	}{
		{"first line", write("ok", "s3cret\r\nsecond line\n", 0o600), "s3cret", ""},
		{"no newline", write("bare", "s3cret", 0o600), "s3cret", ""},
		{"missing", filepath.Join(dir, "nope"), "", "does not exist"},
		{"directory", dir, "", "is a directory"},
		{"empty", write("empty", "\nlater\n", 0o600), "", "empty first line"},
		{"too long", write("long", strings.Repeat("x", maxPasswordFile+1), 0o600), "", "more than 4096 bytes"},
		{"binary", write("bin", "ab\x00cd\n", 0o600), "", "binary data"},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests, struct {
			name, path, want, wantErr string
		}{"device", os.DevNull, "", "character device"})
		if _, err := os.Stat("/dev/zero"); err == nil {
			tests = append(tests, struct {
				name, path, want, wantErr string
			}{"endless device", "/dev/zero", "", "not a file"})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := func(k string) string {
				if k == "ENGAGE_PASSWORD_FILE" {
					return tt.path
				}
				return ""
			}
			got, err := readPassword(env, slog.New(slog.DiscardHandler))
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("readPassword = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("readPassword error = %v, want one saying %q", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name the file", err)
			}
			if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "xxxx") {
				t.Errorf("error %q quotes the file's content", err)
			}
		})
	}
}

func TestReadPasswordWarnsWhenWorldReadable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits")
	}
	p := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(p, []byte("s3cret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o644)
	var logs bytes.Buffer
	env := func(k string) string {
		if k == "ENGAGE_PASSWORD_FILE" {
			return p
		}
		return ""
	}
	got, err := readPassword(env, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil || got != "s3cret" {
		t.Fatalf("readPassword = %q, %v", got, err)
	}
	if !strings.Contains(logs.String(), "every user") || !strings.Contains(logs.String(), "chmod 600") {
		t.Errorf("no warning about a world-readable password file:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "s3cret") {
		t.Errorf("the warning quotes the password")
	}
	os.Chmod(p, 0o600)
	logs.Reset()
	readPassword(env, slog.New(slog.NewTextHandler(&logs, nil)))
	if logs.Len() != 0 {
		t.Errorf("a 0600 file drew a warning: %s", logs.String())
	}
}

func TestReadPasswordPrefersTheVariable(t *testing.T) {
	env := func(k string) string {
		return map[string]string{"ENGAGE_PASSWORD": "from-env", "ENGAGE_PASSWORD_FILE": "/dev/zero"}[k]
	}
	if got, err := readPassword(env, slog.New(slog.DiscardHandler)); err != nil || got != "from-env" {
		t.Fatalf("readPassword = %q, %v", got, err)
	}
}
