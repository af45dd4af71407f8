package report

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestWriteTableLines(t *testing.T) {
	start := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		Name    string
		Summary Summary
		Want    []string // lines that must appear, in this order
		NotWant []string // substrings that must not appear
	}{{
		Name:    "CheckWithoutTarget",
		Summary: Summary{Command: "check", Rows: 2, Counts: map[Status]int{Valid: 2}, Finished: true},
		Want:    []string{"target           none", "valid            2", "failed           0", "api calls        0", "elapsed          -", "result           finished"},
		NotWant: []string{"created", "per row"},
	}, {
		Name:    "SandboxTargetNamedAsSuch",
		Summary: Summary{Target: "http://127.0.0.1:8080/api/rest/v19", Sandbox: true, Finished: true},
		Want:    []string{"target           sandbox http://127.0.0.1:8080/api/rest/v19"},
	}, {
		Name:    "PasswordMasked",
		Summary: Summary{Target: "https://u:hunter2@engage.example.com/api", Finished: true},
		Want:    []string{"target           https://u:xxxxx@engage.example.com/api"},
		NotWant: []string{"hunter2"},
	}, {
		Name:    "StoppedWithoutReason",
		Summary: Summary{Target: "https://engage.example.com"},
		Want:    []string{"result           stopped: reason unknown"},
	}, {
		Name: "OtherEndpointsAfterTheUsualOnes",
		Summary: Summary{Rows: 4, Calls: map[string]int{"delete": 1, "update": 1, "attributes": 1, "get": 1},
			Counts: map[Status]int{Updated: 4}, Finished: true},
		Want: []string{"api calls        4 (get 1, update 1, attributes 1, delete 1), 1.00 per row"},
	}, {
		Name: "FailuresByClassAndPadding",
		Summary: Summary{Rows: 3, Counts: map[Status]int{Failed: 3}, PaddedRows: 1,
			Failures: map[Class]int{Auth: 1, Rejected: 2}, Finished: true},
		Want: []string{"failed           3", "  rejected       2", "  auth           1", "padded rows      1"},
	}, {
		Name:    "LongRunRoundsToSeconds",
		Summary: Summary{Started: start, Ended: start.Add(27*time.Hour + 3*time.Minute + 4600*time.Millisecond), RowsPerSecond: 10.04, Finished: true},
		Want:    []string{"elapsed          27h3m5s", "rows/s           10.0"},
	}, {
		Name: "RowsWithNotesBelowTheTable",
		Summary: Summary{Rows: 5, Counts: map[Status]int{Created: 4, Unchanged: 1}, Finished: true,
			Notes: map[string]int{"spreadsheet_scientific": 2, "restored_zero": 1}},
		Want: []string{"created          4", "unchanged        1", "result           finished",
			"3 rows imported with a note (see import.error)"},
	}, {
		Name: "CheckRowsWithNotesAreValid",
		Summary: Summary{Command: "check", Rows: 2, Counts: map[Status]int{Valid: 2}, Finished: true,
			Notes: map[string]int{"restored_zero": 2}},
		Want:    []string{"valid            2", "2 rows valid with a note (see import.error)"},
		NotWant: []string{"imported"},
	}, {
		Name: "RowsWithNotesLeftAloneByMode",
		Summary: Summary{Rows: 5, Counts: map[Status]int{Created: 2, Skipped: 3}, Finished: true,
			Notes: map[string]int{"restored_zero": 3}, NotedSkipped: 2},
		Want:    []string{"skipped          3", "3 rows with a note (see import.error): 1 imported, 2 skipped by --mode"},
		NotWant: []string{"3 rows imported"},
	}, {
		Name:    "NoNoteNoNoteLine",
		Summary: Summary{Rows: 1, Counts: map[Status]int{Created: 1}, Finished: true},
		NotWant: []string{"with a note"},
	}, {
		Name:    "EndBeforeStart",
		Summary: Summary{Started: start, Ended: start.Add(-time.Second)},
		Want:    []string{"elapsed          -"},
	}}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var b strings.Builder
			if err := tt.Summary.WriteTable(&b); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !strings.HasPrefix(out, "target ") {
				t.Errorf("table does not start with the target:\n%s", out)
			}
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

func TestWriteTableError(t *testing.T) {
	errClosed := errors.New("stdout closed")
	s := Summary{Finished: true}
	if err := s.WriteTable(failingWriter{errClosed}); !errors.Is(err, errClosed) {
		t.Errorf("WriteTable: err = %v, want %v", err, errClosed)
	}
}
