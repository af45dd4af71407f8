package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSplice(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		body    string
		want    string
		wantErr bool
	}{
		{"replaces", "intro\n" + beginMarker + "\nold\n" + endMarker + "\nouttro\n", "new\n",
			"intro\n" + beginMarker + "\nnew\n" + endMarker + "\nouttro\n", false},
		{"empty between", beginMarker + endMarker, "x\n", beginMarker + "\nx\n" + endMarker, false},
		{"no markers", "just text\n", "x\n", "", true},
		{"reversed", endMarker + "\n" + beginMarker, "x\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := splice([]byte(tt.doc), []byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("splice error = %v, want error %v", err, tt.wantErr)
			}
			if string(got) != tt.want {
				t.Errorf("splice = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {200_000, "200,000"}, {1_000_000, "1,000,000"}, {-12345, "-12,345"},
	}
	for _, tt := range tests {
		if got := count(tt.in); got != tt.want {
			t.Errorf("count(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPick(t *testing.T) {
	names := func(ss []scenario) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.name)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name    string
		args    []string
		want    string
		wantErr bool
	}{
		{"all", []string{"all"}, "calls state groups updates rate10 rate200 auto throttle faults check formats convert memory handoff ui", false},
		{"listed order wins", []string{"memory", "calls"}, "calls memory", false},
		{"twice", []string{"check", "check"}, "check", false},
		{"unknown", []string{"calls", "speed"}, "", true},
		{"none", nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pick(tt.args)
			if (err != nil) != tt.wantErr {
				t.Fatalf("pick(%q) error = %v, want error %v", tt.args, err, tt.wantErr)
			}
			if names(got) != tt.want {
				t.Errorf("pick(%q) = %q, want %q", tt.args, names(got), tt.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	r := results{
		machine: []string{"CPU: test"},
		command: "go run ./samples/bench calls",
		started: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
		elapsed: 61 * time.Second,
		rows: []row{
			{scenario: "calls", measure: "a", target: "≤ 1.05", measured: "1.000", verdict: pass},
			{scenario: "rate10", measure: "b|c", target: "≤ 10", measured: "11", verdict: fail, details: "two\nlines"},
			{scenario: "memory", measure: "d", target: "—", measured: "1 µs", verdict: info},
		},
	}
	var sb strings.Builder
	r.markdown(&sb)
	got := sb.String()
	for _, want := range []string{
		"Run `go run ./samples/bench calls` on 2026-01-02 03:04 UTC, 1m1s in all.",
		"- CPU: test\n",
		"| calls | a | ≤ 1.05 | 1.000 | pass |  |\n",
		`| rate10 | b\|c | ≤ 10 | 11 | **FAIL** | two lines |` + "\n",
		"| memory | d | — | 1 µs | — |  |\n",
		"3 measurements, 1 failed.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %q; got:\n%s", want, got)
		}
	}
}

func TestProcField(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cpuinfo")
	data := "processor\t: 0\nmodel name\t: Test CPU @ 2.0GHz\nflags\t\t: a b\nmodel name\t: second\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ key, want string }{
		{"model name", "Test CPU @ 2.0GHz"}, {"flags", "a b"}, {"cache size", ""},
	}
	for _, tt := range tests {
		if got := procField(p, tt.key); got != tt.want {
			t.Errorf("procField(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	if got := procField(filepath.Join(t.TempDir(), "missing"), "x"); got != "" {
		t.Errorf("procField of a missing file = %q, want empty", got)
	}
}

func TestRSSRow(t *testing.T) {
	tests := []struct {
		name         string
		run          run
		wantMeasured string
		wantVerdict  verdict
	}{
		{"own peak", run{rssKiB: 30_000, floorKiB: 12_000}, "30.7 MB", pass},
		{"over the limit", run{rssKiB: 120_000, floorKiB: 12_000}, "122.9 MB", fail},
		{"masked by the harness", run{rssKiB: 50_000, floorKiB: 49_500}, "≤ 51.2 MB", pass},
		{"no floor known", run{rssKiB: 50_000}, "51.2 MB", pass},
		{"platform without rusage", run{}, "n/a on this platform", info},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rssRow("memory", 1000, &tt.run)
			if got.measured != tt.wantMeasured || got.verdict != tt.wantVerdict {
				t.Errorf("rssRow = %q, %v; want %q, %v", got.measured, got.verdict, tt.wantMeasured, tt.wantVerdict)
			}
		})
	}
}

func TestRunMainUsage(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantCode  int
		wantLines int // of stdout
	}{
		{"no scenario", nil, 2, 0},
		{"unknown scenario", []string{"speed"}, 2, 0},
		{"unknown flag", []string{"-fast", "all"}, 2, 0},
		{"generate", []string{"generate", "-rows", "3"}, 0, 4},
		{"generate with an argument", []string{"generate", "extra"}, 2, 0},
		{"verify without a database", []string{"verify", "in.csv"}, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := runMain(t.Context(), tt.args, &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			}
			if got := strings.Count(stdout.String(), "\n"); got != tt.wantLines {
				t.Errorf("stdout has %d lines, want %d", got, tt.wantLines)
			}
		})
	}
}
