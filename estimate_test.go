package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"contactimport/importer/source"
	"contactimport/report"
)

func TestEstimateArithmetic(t *testing.T) {
	for _, tc := range []struct {
		name    string
		e       estimate
		want    string
		convert bool
	}{
		{"a million rows at 10/s", estimate{rows: 1_000_000, about: true, rate: 10, lo: 1, hi: 1},
			"estimated duration: about 1000000 rows at 1 calls each and 10 requests/s: 27h47m", true},
		{"a range", estimate{rows: 294, what: "valid rows", rate: 10, lo: 1, hi: 2},
			"estimated duration: 294 valid rows at 1–2 calls each and 10 requests/s: 29s to 59s", false},
		{"exactly 24 hours", estimate{rows: 864_000, rate: 10, lo: 1, hi: 1},
			"estimated duration: 864000 rows at 1 calls each and 10 requests/s: 24h0m", false},
		{"one row more", estimate{rows: 864_001, rate: 10, lo: 1, hi: 1},
			"estimated duration: 864001 rows at 1 calls each and 10 requests/s: 24h0m", true},
		{"only the upper end above a day", estimate{rows: 500_000, rate: 10, lo: 1, hi: 2},
			"estimated duration: 500000 rows at 1–2 calls each and 10 requests/s: 13h53m to 27h47m", true},
		{"a faster rate", estimate{rows: 90_000, rate: 100, lo: 2, hi: 2},
			"estimated duration: 90000 rows at 2 calls each and 100 requests/s: 30m0s", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.e.String()
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got  %q\nwant %q…", got, tc.want)
			}
			if has := strings.Contains(got, "above 24 hours: `contactimport convert`"); has != tc.convert {
				t.Errorf("points to convert: %v, want %v: %q", has, tc.convert, got)
			}
			if strings.Contains(got, "\n") {
				t.Errorf("more than one line: %q", got)
			}
		})
	}
	if (estimate{rows: 599, rate: 10, lo: 1, hi: 1}).worthLogging() || !(estimate{rows: 300, rate: 10, lo: 1, hi: 2}).worthLogging() {
		t.Error("the estimate is logged from one minute on")
	}
	lo, hi := estimate{rows: 1_000_000, rate: 10, lo: 1, hi: 2}.durations()
	if lo != 100_000*time.Second || hi != 200_000*time.Second {
		t.Errorf("durations %v, %v", lo, hi)
	}
}

func TestImportEstimateCallsPerRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.csv")
	if err := os.WriteFile(path, []byte("h\na\nb\nc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in, err := source.OpenInput(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for _, tc := range []struct {
		name   string
		o      options
		sum    report.Summary
		lo, hi float64
		ok     bool
	}{
		{"merging tenant", options{command: "import", rate: 10, strategy: "guess"}, report.Summary{Identifier: "email", UpdateMode: "merge"}, 1, 1, true},
		{"tenant not known to merge", options{command: "import", rate: 10, strategy: "guess"}, report.Summary{Identifier: "email", UpdateMode: "read-before-write"}, 1, 2, true},
		{"external ids", options{command: "import", rate: 10, strategy: "guess"}, report.Summary{Identifier: "external", UpdateMode: "merge"}, 1, 2, true},
		{"lookup", options{command: "import", rate: 10, strategy: "lookup"}, report.Summary{Identifier: "email", UpdateMode: "merge"}, 2, 2, true},
		{"state", options{command: "import", rate: 10, strategy: "guess", state: "s.db"}, report.Summary{Identifier: "email", UpdateMode: "merge"}, 0, 1, true},
		{"retry reads a report", options{command: "retry", rate: 10, strategy: "guess"}, report.Summary{}, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, ok := importEstimate(&tc.o, in, &tc.sum)
			if ok != tc.ok || ok && (e.lo != tc.lo || e.hi != tc.hi || e.rows != 3 || !e.about || e.rate != 10) {
				t.Errorf("got %+v, %v", e, ok)
			}
		})
	}
}

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
