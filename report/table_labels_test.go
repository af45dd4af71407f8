package report

import (
	"strings"
	"testing"
	"time"
)

func TestTargetLabel(t *testing.T) {
	tests := []struct {
		Name    string
		Target  string
		Sandbox bool
		Want    string
	}{
		{Name: "None", Want: "none"},
		{Name: "NoneInSandbox", Sandbox: true, Want: "none"},
		{Name: "Real", Target: "https://engage.example.com/api", Want: "https://engage.example.com/api"},
		{Name: "SandboxURL", Target: "http://127.0.0.1:8080/api", Sandbox: true, Want: "sandbox http://127.0.0.1:8080/api"},
		{Name: "SandboxNamedAsSuch", Target: "sandbox (x.db)", Sandbox: true, Want: "sandbox (x.db)"},
		{Name: "SandboxWordOnARealTarget", Target: "sandbox.example.com", Want: "sandbox.example.com"},
		{Name: "SandboxPasswordMasked", Target: "http://u:pw@127.0.0.1/api", Sandbox: true, Want: "sandbox http://u:xxxxx@127.0.0.1/api"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			s := Summary{Target: tt.Target, Sandbox: tt.Sandbox}
			if got := s.targetLabel(); got != tt.Want {
				t.Errorf("targetLabel() = %q, want %q", got, tt.Want)
			}
		})
	}
}

func TestCallsLabel(t *testing.T) {
	tests := []struct {
		Name  string
		Rows  int
		Calls map[string]int
		Want  string
	}{
		{Name: "NoCalls", Rows: 5, Want: "0"},
		{Name: "OnlyZeroCounts", Rows: 5, Calls: map[string]int{"get": 0, "create": 0}, Want: "0"},
		{Name: "NoRows", Calls: map[string]int{"get": 1, "create": 2}, Want: "3 (get 1, create 2)"},
		{Name: "OneRow", Rows: 1, Calls: map[string]int{"get": 1, "create": 2}, Want: "3 (get 1, create 2), 3.00 per row"},
		{Name: "Fraction", Rows: 2, Calls: map[string]int{"update": 3}, Want: "3 (update 3), 1.50 per row"},
		{Name: "UsualOrder", Rows: 3, Calls: map[string]int{"update": 1, "create": 1, "get": 1},
			Want: "3 (get 1, create 1, update 1), 1.00 per row"},
		{Name: "UsualBeforeOthers", Rows: 4, Calls: map[string]int{"b": 1, "update": 2, "a": 3, "create": 4},
			Want: "10 (create 4, update 2, a 3, b 1), 2.50 per row"},
		{Name: "GetBeforeOthers", Rows: 2, Calls: map[string]int{"attributes": 1, "get": 1},
			Want: "2 (get 1, attributes 1), 1.00 per row"},
		{Name: "OthersAlphabetical", Rows: 4, Calls: map[string]int{"delete": 1, "attributes": 1, "b": 2},
			Want: "4 (attributes 1, b 2, delete 1), 1.00 per row"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			// Map order is random; a few tries catch an order that depends on it.
			for range 20 {
				s := Summary{Rows: tt.Rows, Calls: tt.Calls}
				if got := s.callsLabel(); got != tt.Want {
					t.Fatalf("callsLabel() = %q, want %q", got, tt.Want)
				}
			}
		})
	}
}

func TestElapsedLabel(t *testing.T) {
	start := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		Name     string
		Started  time.Time
		Duration time.Duration // Ended is Started plus this, unless NoEnd
		NoEnd    bool
		Want     string
	}{
		{Name: "NotStarted", Duration: time.Second, Want: "-"},
		{Name: "NotEnded", Started: start, NoEnd: true, Want: "-"},
		{Name: "EndedBeforeStart", Started: start, Duration: -time.Nanosecond, Want: "-"},
		{Name: "Instant", Started: start, Want: "0s"},
		{Name: "TenthsUnderAMinute", Started: start, Duration: 1260 * time.Millisecond, Want: "1.3s"},
		{Name: "JustUnderAMinute", Started: start, Duration: 59*time.Second + 940*time.Millisecond, Want: "59.9s"},
		{Name: "SecondsFromAMinute", Started: start, Duration: time.Minute + 1400*time.Millisecond, Want: "1m1s"},
		{Name: "Hours", Started: start, Duration: 2*time.Hour + 500*time.Millisecond, Want: "2h0m1s"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			s := Summary{Started: tt.Started}
			if !tt.NoEnd {
				s.Ended = tt.Started.Add(tt.Duration)
				if tt.Started.IsZero() {
					s.Ended = start
				}
			}
			if got := s.elapsedLabel(); got != tt.Want {
				t.Errorf("elapsedLabel() = %q, want %q", got, tt.Want)
			}
		})
	}
}

// TestWriteTableOptionalRows checks that each row shown only when it applies appears exactly
// from its threshold on.
func TestWriteTableOptionalRows(t *testing.T) {
	tests := []struct {
		Name    string
		Summary Summary
		Want    []string
		NotWant []string
	}{
		{Name: "NothingOptional",
			Summary: Summary{Counts: map[Status]int{Created: 0, Updated: 0}, Failures: map[Class]int{Auth: 0}, Finished: true},
			Want:    []string{"failed           0", "api calls        0", "throttle events  0", "rows/s           0.0", "report           ", "result           finished"},
			NotWant: []string{"created", "updated", "auth", "padded", "resumed", "updates"}},
		{Name: "EachAtOne",
			Summary: Summary{Rows: 6, Counts: map[Status]int{Created: 1, Updated: 1, Unchanged: 1, Skipped: 1, Valid: 1, Failed: 1},
				Failures: map[Class]int{Validation: 1}, PaddedRows: 1, Resumed: 1, UpdateMode: "merge", Report: "r.csv", Stopped: "interrupted"},
			Want: []string{"created          1", "updated          1", "unchanged        1", "skipped          1", "valid            1",
				"failed           1", "  validation     1", "padded rows      1", "resumed rows     1", "api calls        0",
				"updates          merge", "report           r.csv", "result           stopped: interrupted"}},
		{Name: "FailuresOnlyWhenCounted",
			Summary: Summary{Counts: map[Status]int{Failed: 2}, Failures: map[Class]int{Validation: 0, Rejected: 1, Transient: 1, Auth: 0}},
			Want:    []string{"failed           2", "  rejected       1", "  transient      1"},
			NotWant: []string{"validation", "auth"}},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.Summary.WriteTable(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			rest := out
			for _, want := range tt.Want {
				i := strings.Index(rest, want+"\n")
				if i < 0 {
					t.Errorf("table lacks line %q (or has it out of order):\n%s", want, out)
					continue
				}
				rest = rest[i+len(want):]
			}
			for _, bad := range tt.NotWant {
				if strings.Contains(out, bad) {
					t.Errorf("table contains %q:\n%s", bad, out)
				}
			}
		})
	}
}
