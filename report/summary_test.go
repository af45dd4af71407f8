package report

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func fullSummary() *Summary {
	return &Summary{
		Command: "import",
		Target:  "https://engage.example.com/api/rest/v19",
		Input: Input{Path: "kunden.csv", Size: 81234567, Encoding: "windows-1252", Delimiter: ";",
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		Report:             "kunden.20261126-010203.report.csv",
		Mapping:            "kunden.yaml",
		MappingFingerprint: "sha256:abc123",
		Identifier:         "email",
		Mode:               "upsert",
		Rate:               10,
		Workers:            8,
		Rows:               1000,
		Counts:             map[Status]int{Created: 900, Updated: 80, Failed: 20},
		Failures:           map[Class]int{Validation: 15, Transient: 5},
		PaddedRows:         3,
		Calls:              map[string]int{"get": 2, "create": 930, "update": 85},
		Attempts:           1030,
		Retries:            13,
		ThrottleEvents:     2,
		Started:            time.Date(2026, 11, 26, 1, 2, 3, 0, time.UTC),
		Ended:              time.Date(2026, 11, 26, 1, 3, 45, 500_000_000, time.UTC),
		RowsPerSecond:      9.78,
		Finished:           false,
		Stopped:            "interrupted",
		Resumed:            250,
	}
}

func TestSummaryJSONRoundTrip(t *testing.T) {
	tests := []struct {
		Name string
		In   *Summary
		Want *Summary
	}{
		{Name: "Full", In: fullSummary(), Want: fullSummary()},
		{Name: "Zero", In: &Summary{}, Want: &Summary{Counts: map[Status]int{}, Failures: map[Class]int{}, Calls: map[string]int{}}},
		{
			Name: "PasswordInTarget",
			In:   &Summary{Target: "https://api:s3cr3t@engage.example.com/api/rest/v19", Finished: true},
			Want: &Summary{Target: "https://api:xxxxx@engage.example.com/api/rest/v19", Finished: true,
				Counts: map[Status]int{}, Failures: map[Class]int{}, Calls: map[string]int{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.In.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "s3cr3t") {
				t.Errorf("summary JSON holds the password:\n%s", buf.String())
			}
			got, err := ReadSummary(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.Want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, tt.Want)
			}
		})
	}
}

func TestSummaryJSONKeys(t *testing.T) {
	var buf bytes.Buffer
	if err := fullSummary().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"command", "target", "sandbox", "input", "report", "mapping",
		"mapping_fingerprint", "identifier", "mode", "rate", "workers", "rows", "counts", "failures",
		"padded_rows", "calls", "attempts", "retries", "throttle_events", "started", "ended",
		"rows_per_second", "finished", "stopped", "resumed"} {
		if _, ok := m[key]; !ok {
			t.Errorf("summary JSON lacks %q", key)
		}
	}
	if got := m["started"]; got != "2026-11-26T01:02:03Z" {
		t.Errorf("started = %v, want RFC 3339", got)
	}
	if !strings.HasPrefix(buf.String(), "{\n  \"command\"") {
		t.Errorf("summary JSON is not indented:\n%s", buf.String())
	}
}

func TestReadSummaryError(t *testing.T) {
	for _, in := range []string{"", "{", `{"rows": "many"}`, "[]"} {
		if _, err := ReadSummary(strings.NewReader(in)); err == nil || !strings.HasPrefix(err.Error(), "read summary: ") {
			t.Errorf("ReadSummary(%q): err = %v, want a read summary error", in, err)
		}
	}
}

func TestSummaryAdd(t *testing.T) {
	var s Summary
	for _, l := range []Line{
		{Status: Created}, {Status: Created}, {Status: Updated}, {Status: Skipped},
		{Status: Failed, Class: Validation}, {Status: Failed, Class: Auth}, {Status: Failed, Class: Validation},
	} {
		s.Add(l)
	}
	if s.Rows != 7 {
		t.Errorf("Rows = %d, want 7", s.Rows)
	}
	if want := map[Status]int{Created: 2, Updated: 1, Skipped: 1, Failed: 3}; !reflect.DeepEqual(s.Counts, want) {
		t.Errorf("Counts = %v, want %v", s.Counts, want)
	}
	if want := map[Class]int{Validation: 2, Auth: 1}; !reflect.DeepEqual(s.Failures, want) {
		t.Errorf("Failures = %v, want %v", s.Failures, want)
	}
	if s.Notes != nil {
		t.Errorf("Notes = %v without a noted line, want none", s.Notes)
	}
}

// TestSummaryAddNotes: lines with a code that did not fail are counted per code in Notes and
// written to the JSON as "notes": imported and valid lines, and skipped lines of rows --mode
// create or update left alone, which keep their note (counted apart in NotedSkipped); failed
// lines and lines skipped by skip_rows (a reason, no code) are not notes.
func TestSummaryAddNotes(t *testing.T) {
	var s Summary
	for _, l := range []Line{
		{Status: Created, Code: "spreadsheet_scientific", Message: "column \"Mobile\" not sent (invalid: omit): …"},
		{Status: Updated, Code: "restored_zero"}, {Status: Unchanged, Code: "restored_zero"},
		{Status: Valid, Code: "invalid_phone"}, {Status: Created},
		{Status: Failed, Class: Validation, Code: "invalid_email"}, {Status: Skipped, Message: "opted out"},
		{Status: Skipped, Code: "restored_zero", Message: "column \"Zip\": 1080 read as 01080 (lost_leading_zeros)"},
		{Status: Skipped, Code: "spreadsheet_scientific", Message: "column \"Mobile\" not sent (invalid: omit): …"},
	} {
		s.Add(l)
	}
	want := map[string]int{"spreadsheet_scientific": 2, "restored_zero": 3, "invalid_phone": 1}
	if !reflect.DeepEqual(s.Notes, want) || s.NotedRows() != 6 || s.NotedSkipped != 2 {
		t.Errorf("Notes = %v (%d rows, %d skipped), want %v (6 rows, 2 skipped)", s.Notes, s.NotedRows(), s.NotedSkipped, want)
	}
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"noted_skipped": 2`) {
		t.Errorf("summary JSON without noted_skipped:\n%s", buf.String())
	}
	back, err := ReadSummary(&buf)
	if err != nil || !reflect.DeepEqual(back.Notes, want) || back.NotedSkipped != 2 {
		t.Errorf("notes read back = %v (%d skipped), %v; want %v (2 skipped)", back.Notes, back.NotedSkipped, err, want)
	}
}

func TestAPICalls(t *testing.T) {
	if got := (&Summary{}).APICalls(); got != 0 {
		t.Errorf("APICalls() of no calls = %d, want 0", got)
	}
	if got := fullSummary().APICalls(); got != 1017 {
		t.Errorf("APICalls() = %d, want 1017", got)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ In, Want string }{
		{"https://engage.example.com/api/rest/v19", "https://engage.example.com/api/rest/v19"},
		{"https://user@engage.example.com/api", "https://user@engage.example.com/api"},
		{"https://user:pw@engage.example.com/api", "https://user:xxxxx@engage.example.com/api"},
		{"https://user:p%zz@host/api", "https://xxxxx@host/api"},
		{"sandbox (contactimport-sandbox.db)", "sandbox (contactimport-sandbox.db)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := redact(tt.In); got != tt.Want {
			t.Errorf("redact(%q) = %q, want %q", tt.In, got, tt.Want)
		}
	}
}

func TestRedactUnparsable(t *testing.T) {
	tests := []struct {
		Name, In, Want string
	}{
		{Name: "SchemeMissing", In: "://user:pw@host/api", Want: "://xxxxx@host/api"},
		{Name: "BadEscapeInPassword", In: "https://user:p%zz@host/api", Want: "https://xxxxx@host/api"},
		{Name: "MaskUpToTheLastAt", In: "https://user:p%zz@x@host/api", Want: "https://xxxxx@host/api"},
		{Name: "AtBeforeScheme", In: "a@b://x%zz", Want: "a@b://x%zz"},
		{Name: "NoAt", In: "https://host/%zz", Want: "https://host/%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			if got := redact(tt.In); got != tt.Want {
				t.Errorf("redact(%q) = %q, want %q", tt.In, got, tt.Want)
			}
		})
	}
}
