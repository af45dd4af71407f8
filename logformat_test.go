package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With --log-format json, a run that cannot start, or stops, says why in a JSON log record, like
// every other line a log shipper reads from stderr.
func TestStartupErrorsFollowLogFormat(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(good, []byte("user.Email\nann@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("user.Email\nnot-an-address\nalso-not\nnor-this\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string // part of the message
	}{
		{"missing input", []string{"check", "--log-format", "json", filepath.Join(dir, "missing.csv")}, exitUsage, "missing.csv"},
		{"bad flag value", []string{"import", "--log-format=json", "--rate", "-1", good}, exitUsage, "--rate"},
		{"no target", []string{"import", "--log-format", "json", "--report", filepath.Join(dir, "r.csv"), good}, exitUsage, "no target"},
		{"stopped mid-run", []string{"import", "--log-format", "json", "--progress", "none", "--sandbox", "--sandbox-db", filepath.Join(dir, "box.db"),
			"--max-errors", "1", "--report", filepath.Join(dir, "stopped.csv"), bad}, exitStopped, "run stopped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, noEnv, nil, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, stderr.String())
			}
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			found := false
			for _, l := range lines {
				var rec map[string]any
				if err := json.Unmarshal([]byte(l), &rec); err != nil {
					t.Fatalf("stderr line is not JSON: %q", l)
				}
				if msg, _ := rec["msg"].(string); rec["level"] == "ERROR" && strings.Contains(msg, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("no ERROR record saying %q:\n%s", tt.want, stderr.String())
			}
		})
	}
}
