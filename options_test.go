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
	"testing"
)

// TestWorkersFlag: --workers is auto by default, takes auto or a number from 1 to 1024, and
// refuses anything else naming the flag.
func TestWorkersFlag(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    int // 0: auto
		mode    string
		cap     int
		wantErr string
	}{
		{name: "default", want: 0, mode: "auto", cap: 64},
		{name: "auto", args: []string{"--workers", "auto"}, want: 0, mode: "auto", cap: 64},
		{name: "AUTO", args: []string{"--workers=AUTO"}, want: 0, mode: "auto", cap: 64},
		{name: "fixed", args: []string{"--workers", "8"}, want: 8, mode: "fixed", cap: 8},
		{name: "largest", args: []string{"--workers", "1024"}, want: 1024, mode: "fixed", cap: 1024},
		{name: "zero", args: []string{"--workers", "0"}, wantErr: "auto or a number between 1 and 1024"},
		{name: "too many", args: []string{"--workers", "1025"}, wantErr: "auto or a number between 1 and 1024"},
		{name: "word", args: []string{"--workers", "many"}, wantErr: "-workers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseOptions("import", append(tt.args, "in.csv"), io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.workers != tt.want || o.workersMode() != tt.mode || o.workersCap() != tt.cap {
				t.Errorf("workers %d, mode %q, cap %d; want %d, %q, %d", o.workers, o.workersMode(), o.workersCap(), tt.want, tt.mode, tt.cap)
			}
		})
	}
}

// TestSummaryRecordsWorkers: the summary says whether the requests in flight were automatic or
// fixed, their cap, and the most the run had out at once.
func TestSummaryRecordsWorkers(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		mode  string
		cap   int
		limit int // the peak in flight at most
	}{
		{"default", nil, "auto", 64, 64},
		{"fixed", []string{"--workers", "3"}, "fixed", 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "people.csv")
			var b strings.Builder
			b.WriteString("email,first_name\n")
			for i := range 300 {
				fmt.Fprintf(&b, "user%03d@example.org,User %d\n", i, i)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			report := filepath.Join(dir, "run.csv")
			args := append([]string{"import", "--report", report, "--progress", "none",
				"--sandbox", "--sandbox-db", filepath.Join(dir, "box.db"), "--rate", "5000"}, tt.args...)
			var stderr bytes.Buffer
			if code, _ := runCLI(t, context.Background(), &stderr, append(args, path)...); code != exitOK {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			raw, err := os.ReadFile(report + ".json")
			if err != nil {
				t.Fatal(err)
			}
			var sum struct {
				Workers      int    `json:"workers"`
				WorkersMode  string `json:"workers_mode"`
				PeakInFlight int    `json:"peak_in_flight"`
			}
			if err := json.Unmarshal(raw, &sum); err != nil {
				t.Fatal(err)
			}
			if sum.WorkersMode != tt.mode || sum.Workers != tt.cap || sum.PeakInFlight < 1 || sum.PeakInFlight > tt.limit {
				t.Errorf("summary: workers %d, workers_mode %q, peak_in_flight %d; want %d, %q, 1 to %d",
					sum.Workers, sum.WorkersMode, sum.PeakInFlight, tt.cap, tt.mode, tt.limit)
			}
		})
	}
}
