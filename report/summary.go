package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"contactimport/printable"
)

// Summary is the run summary, written beside the report as <report>.json and printed on stdout
// as a short table. A resuming run reads it back to check that input and mapping are unchanged.
type Summary struct {
	Command            string  `json:"command"` // import, check or retry
	Target             string  `json:"target"`  // the API base URL, or "sandbox (file.db)"
	Sandbox            bool    `json:"sandbox"`
	Input              Input   `json:"input"`
	Report             string  `json:"report"`
	Mapping            string  `json:"mapping"` // mapping file path, or "auto"
	MappingFingerprint string  `json:"mapping_fingerprint"`
	Identifier         string  `json:"identifier"`
	Mode               string  `json:"mode"`
	Rate               float64 `json:"rate"`
	Workers            int     `json:"workers"`
	// WorkersMode is "auto" when the requests in flight followed the rate and the observed
	// latency (Workers is then their cap), "fixed" when --workers set them.
	WorkersMode string `json:"workers_mode,omitempty"`
	// PeakInFlight is the most HTTP requests the run had out at once.
	PeakInFlight int `json:"peak_in_flight"`
	// UpdateMode is how updates went out: "merge" (the row alone; the tenant is known to merge)
	// or "read-before-write" (each contact read first and sent whole). Empty for check.
	UpdateMode string `json:"update_mode,omitempty"`
	// Profile is the tenant profile the run used (doctor's file), nil without one.
	Profile *ProfileUse `json:"profile,omitempty"`

	Rows     int            `json:"rows"` // lines written to the report
	Counts   map[Status]int `json:"counts"`
	Failures map[Class]int  `json:"failures"`
	// Notes counts the rows whose line carries a note (a cell the mapping omitted or
	// restored), by the code of the row's first note; empty when none. They are the rows
	// imported (or, for check, valid) with a note, and those --mode create or update left
	// alone (skipped, the note kept on the line), which NotedSkipped counts apart.
	Notes          map[string]int `json:"notes,omitempty"`
	NotedSkipped   int            `json:"noted_skipped,omitempty"`
	PaddedRows     int            `json:"padded_rows"`
	Calls          map[string]int `json:"calls"`    // API calls per endpoint: get, create, update
	Attempts       int            `json:"attempts"` // HTTP attempts in all, retries included
	Retries        int            `json:"retries"`
	ThrottleEvents int            `json:"throttle_events"`

	Started       time.Time `json:"started"`
	Ended         time.Time `json:"ended"`
	RowsPerSecond float64   `json:"rows_per_second"`
	Finished      bool      `json:"finished"`          // false for interrupted and aborted runs
	Stopped       string    `json:"stopped,omitempty"` // why the run stopped early
	Resumed       int       `json:"resumed,omitempty"` // rows taken over from an earlier run
	Handoff       *Handoff  `json:"handoff,omitempty"` // convert --upload: the upload and the automation's process
}

// ProfileUse names the tenant profile a run used: its path and when doctor checked the tenant.
type ProfileUse struct {
	Path    string    `json:"path"`
	Checked time.Time `json:"checked"`
}

// Input identifies the input file, so that a resumed run can tell it is the same one.
type Input struct {
	Path      string `json:"path"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Encoding  string `json:"encoding"`
	Delimiter string `json:"delimiter"`
	// ByteOrderMarks counts the byte order marks removed from cells inside the file (two
	// exports joined into one).
	ByteOrderMarks int `json:"byte_order_marks_removed,omitempty"`
}

// Add counts one report line in Rows, Counts and, for a failed line with a class, Failures;
// a line with a note (see Noted) in Notes, and in NotedSkipped as well when it is skipped.
func (s *Summary) Add(l Line) {
	if s.Counts == nil {
		s.Counts = make(map[Status]int)
	}
	s.Rows++
	s.Counts[l.Status]++
	if l.Status == Failed && l.Class != "" {
		if s.Failures == nil {
			s.Failures = make(map[Class]int)
		}
		s.Failures[l.Class]++
	}
	if l.Noted() {
		if s.Notes == nil {
			s.Notes = make(map[string]int)
		}
		s.Notes[l.Code]++
		if l.Status == Skipped {
			s.NotedSkipped++
		}
	}
}

// Noted reports whether l is a row with a note: a cell the mapping omitted or restored, named
// in its Code and Message. That is a code on a created, updated, unchanged or valid line, or
// on a skipped one: a row --mode create or update left alone keeps the notes of its mapping
// (a row left out by skip_rows has a reason and no code).
func (l Line) Noted() bool {
	switch l.Status {
	case Created, Updated, Unchanged, Valid, Skipped:
		return l.Code != ""
	}
	return false
}

// NotedRows returns the number of rows with a note, all codes together, NotedSkipped included.
func (s *Summary) NotedRows() int {
	n := 0
	for _, c := range s.Notes {
		n += c
	}
	return n
}

// APICalls returns the API calls made, all endpoints together.
func (s *Summary) APICalls() int {
	n := 0
	for _, c := range s.Calls {
		n += c
	}
	return n
}

// WriteJSON writes the summary as indented JSON. Maps that were never filled are written as {},
// a password in the target URL is masked, whatever the caller passed in, and the reason the run
// stopped is escaped and cut to printable.MessageMax.
func (s *Summary) WriteJSON(w io.Writer) error {
	v := *s
	v.Target = redact(v.Target)
	// Why the run stopped may quote a server (an API message): shown escaped and cut.
	v.Stopped = printable.Text(v.Stopped, printable.MessageMax)
	if v.Counts == nil {
		v.Counts = map[Status]int{}
	}
	if v.Failures == nil {
		v.Failures = map[Class]int{}
	}
	if v.Calls == nil {
		v.Calls = map[string]int{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// The caller names the file; the error is the writer's own (it names the path for a file).
	return enc.Encode(&v)
}

// ReadSummary reads a summary written by WriteJSON.
func ReadSummary(r io.Reader) (*Summary, error) {
	var s Summary
	if err := json.NewDecoder(r).Decode(&s); err != nil {
		return nil, fmt.Errorf("read summary: %w", err)
	}
	return &s, nil
}

// redact masks the password of a URL with user information in it. Anything else, a sandbox
// name included, is returned unchanged.
func redact(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		// Unparsable, but it may still hold credentials: mask all between scheme and host.
		i, j := strings.Index(target, "://"), strings.LastIndex(target, "@")
		if i >= 0 && j > i {
			return target[:i+3] + "xxxxx" + target[j:]
		}
		return target
	}
	if u.User == nil {
		return target
	}
	if _, ok := u.User.Password(); !ok {
		return target
	}
	return u.Redacted()
}
