package job

import (
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
		o      Config
		sum    report.Summary
		lo, hi float64
		ok     bool
	}{
		{"merging tenant", Config{Command: "import", Rate: 10, Strategy: "guess"}, report.Summary{Identifier: "email", UpdateMode: "merge"}, 1, 1, true},
		{"tenant not known to merge", Config{Command: "import", Rate: 10, Strategy: "guess"}, report.Summary{Identifier: "email", UpdateMode: "read-before-write"}, 1, 2, true},
		{"external ids", Config{Command: "import", Rate: 10, Strategy: "guess"}, report.Summary{Identifier: "external", UpdateMode: "merge"}, 1, 2, true},
		{"lookup", Config{Command: "import", Rate: 10, Strategy: "lookup"}, report.Summary{Identifier: "email", UpdateMode: "merge"}, 2, 2, true},
		{"state", Config{Command: "import", Rate: 10, Strategy: "guess", State: "s.db"}, report.Summary{Identifier: "email", UpdateMode: "merge"}, 0, 1, true},
		{"retry reads a report", Config{Command: "retry", Rate: 10, Strategy: "guess"}, report.Summary{}, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, ok := importEstimate(&tc.o, in, &tc.sum)
			if ok != tc.ok || ok && (e.lo != tc.lo || e.hi != tc.hi || e.rows != 3 || !e.about || e.rate != 10) {
				t.Errorf("got %+v, %v", e, ok)
			}
		})
	}
}
