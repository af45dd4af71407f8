package job

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"contactimport/importer"
	"contactimport/report"
	"contactimport/report/runfile"
)

// TestSummaryErrorSaysSummaryOnce: a summary that cannot be saved names the file and its cause,
// each layer adding its own context once (once "write summary: write summary: …"), and leaves
// no temporary file behind.
func TestSummaryErrorSaysSummaryOnce(t *testing.T) {
	dir := t.TempDir()
	j := &job{jsonOut: filepath.Join(dir, "r.csv.json"), sum: report.Summary{Rate: math.NaN()}}
	err := j.writeSummary()
	if err == nil {
		t.Fatal("a summary JSON cannot hold was saved")
	}
	msg := err.Error()
	if strings.Count(msg, "summary") != 1 || !strings.Contains(msg, j.jsonOut) || !strings.Contains(msg, "NaN") {
		t.Errorf("error %q: want the summary named once, its path and the cause", msg)
	}
	if _, err := os.Lstat(j.jsonOut + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary summary left behind: %v", err)
	}
}

// TestStorageStopSaysHowToContinue: a run stopped by a disk or path failure names the cause once
// and says what to do next: fix it, then continue with --resume.
func TestStorageStopSaysHowToContinue(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	var stdout, stderr bytes.Buffer
	j := &job{o: &Config{Command: "import", Input: Input{File: "in.csv"}}, stdout: &stdout, stderr: &stderr, jsonOut: path + ".json",
		sum: report.Summary{Report: path, Rows: 3, Counts: map[report.Status]int{report.Created: 3}}}
	cause := &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
	err := &importer.StopError{Reason: "writing the report failed: " + cause.Error(), Err: fmt.Errorf("%w: %w", importer.ErrStorage, cause)}
	if code := j.finish(err); code != Stopped {
		t.Errorf("exit code %d, want %d", code, Stopped)
	}
	got := stderr.String()
	if strings.Count(got, "no space left on device") != 1 {
		t.Errorf("stderr names the cause %d times, want once:\n%s", strings.Count(got, "no space left on device"), got)
	}
	want := "free disk space or fix the path or its permissions, then continue with: contactimport import --resume --report " + path
	if !strings.Contains(got, want) {
		t.Errorf("stderr:\n%s\nwant the next step %q", got, want)
	}
	s, rerr := runfile.ReadSummary(path)
	if rerr != nil || s.Finished || s.Rows != 3 || !strings.Contains(s.Stopped, "no space left on device") {
		t.Errorf("summary %+v, %v: want unfinished, 3 rows, the cause", s, rerr)
	}
}
