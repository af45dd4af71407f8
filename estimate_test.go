package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEstimateLines: check prints the estimate after its summary, import logs it at the start.
func TestEstimateLines(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "list.csv")
	os.WriteFile(in, []byte("user.Email\na@example.org\nb@example.org\nbroken\n"), 0o600)
	var stdout, stderr bytes.Buffer
	noEnv := func(string) string { return "" }
	code := run(context.Background(), []string{"check", "--progress", "none", "--report", filepath.Join(dir, "c.csv"), in}, noEnv, nil, &stdout, &stderr)
	if code != exitRowsFailed || !strings.HasSuffix(stdout.String(), "estimated duration: 2 valid rows at 1–2 calls each and 10 requests/s (import's default --rate): 0s\n") {
		t.Fatalf("check: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}

	// A quick import logs nothing about its duration.
	stdout.Reset()
	stderr.Reset()
	code = run(context.Background(), []string{"import", "--sandbox", "--sandbox-db", filepath.Join(dir, "box.db"), "--rate", "1000", "--progress", "none",
		"--report", filepath.Join(dir, "i.csv"), in}, noEnv, nil, &stdout, &stderr)
	if code != exitRowsFailed || strings.Contains(stderr.String(), "estimated duration") {
		t.Fatalf("import: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}

	// One of a minute or more logs it before the first request; the run is stopped there.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watch := &watchWriter{cancel: cancel, want: "estimated duration"}
	code = run(ctx, []string{"import", "--sandbox", "--sandbox-db", filepath.Join(dir, "box2.db"), "--rate", "0.05", "--progress", "none",
		"--report", filepath.Join(dir, "i2.csv"), in}, noEnv, nil, &stdout, watch)
	if want := "estimated duration: about 3 rows at 1 calls each and 0.05 requests/s: 1m0s"; !strings.Contains(watch.String(), want) {
		t.Fatalf("import: exit %d, stderr lacks %q:\n%s", code, want, watch.String())
	}
}

// watchWriter cancels when what is written to it contains want.
type watchWriter struct {
	bytes.Buffer
	want   string
	cancel func()
}

func (w *watchWriter) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if strings.Contains(w.String(), w.want) {
		w.cancel()
	}
	return n, err
}
