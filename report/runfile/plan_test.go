package runfile

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"contactimport/report"
)

// writeRun leaves the report of a run beside its summary in the working directory.
func writeRun(t *testing.T, path string, s report.Summary) {
	t.Helper()
	if err := os.WriteFile(path, []byte("\ufeffa,import.row\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := SaveSummary(path+".json", &s); err != nil {
		t.Fatal(err)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestPlan: what may start on which report, decided without creating a file; each refusal has
// the type the command turns into its exit code, and says what to do.
func TestPlan(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	unfinished := report.Summary{Command: "import", Input: report.Input{SHA256: "in1"}, MappingFingerprint: "m1",
		Started: now.Add(-time.Hour), Calls: map[string]int{"create": 7}, Retries: 2}
	finished := unfinished
	finished.Finished = true
	this := report.Summary{Command: "import", Input: report.Input{SHA256: "in1"}, MappingFingerprint: "m1"}
	other := func(f func(*report.Summary)) report.Summary { s := unfinished; f(&s); return s }

	for _, tt := range []struct {
		name    string
		setup   func(t *testing.T)
		o       Options
		path    string // the planned path, when allowed
		errType any    // nil, **RefusedError, **MismatchError or **LockedError
		errHas  string
	}{
		{name: "new default path", o: Options{Command: "import", Input: "list.csv"}, path: "list.20260501-100000.report.csv"},
		{name: "default path taken in the same second", setup: func(t *testing.T) {
			writeRun(t, "list.20260501-100000.report.csv", finished)
		}, o: Options{Command: "check", Input: "list.csv"}, path: "list.20260501-100000-2.report.csv"},
		{name: "retry's default path, numbered", setup: func(t *testing.T) {
			writeRun(t, "run.retry.csv", report.Summary{Command: "retry", Finished: true})
		}, o: Options{Command: "retry", Input: "run.csv"}, path: "run.retry.2.csv"},
		{name: "an unfinished run of this input", setup: func(t *testing.T) {
			writeRun(t, "list.20260501-090000.report.csv", unfinished)
		}, o: Options{Command: "import", Input: "list.csv"}, errType: new(*RefusedError), errHas: "continue it with --resume"},
		{name: "an unfinished run of this input, still going", setup: func(t *testing.T) {
			writeRun(t, "r.csv", unfinished)
			l, err := LockFile("r.csv", "report")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Release() })
		}, o: Options{Command: "import", Input: "list.csv", Report: "r.csv"}, errType: new(*LockedError), errHas: "another contactimport run is using the report r.csv"},
		{name: "the report of another input may be replaced", setup: func(t *testing.T) {
			writeRun(t, "r.csv", other(func(s *report.Summary) { s.Input.SHA256 = "in2" }))
		}, o: Options{Command: "import", Input: "list.csv", Report: "r.csv"}, path: "r.csv"},
		{name: "a file that is not a report", setup: func(t *testing.T) {
			os.WriteFile("notes.csv", []byte("keep"), 0o600)
		}, o: Options{Command: "import", Input: "list.csv", Report: "notes.csv"}, errType: new(*RefusedError), errHas: "is not a contactimport report"},
		{name: "the input itself", o: Options{Command: "check", Input: "list.csv", Report: "list.csv"}, errType: new(*RefusedError), errHas: "is the input file"},
		{name: "a symbolic link", setup: func(t *testing.T) {
			if err := os.Symlink("list.csv", "link.csv"); err != nil {
				t.Skip(err)
			}
		}, o: Options{Command: "import", Input: "list.csv", Report: "link.csv"}, errType: new(*RefusedError), errHas: "is a symbolic link"},
		{name: "resume finds the newest unfinished report", setup: func(t *testing.T) {
			writeRun(t, "list.20260501-080000.report.csv", other(func(s *report.Summary) { s.Started = now.Add(-2 * time.Hour) }))
			writeRun(t, "list.20260501-090000.report.csv", unfinished)
			writeRun(t, "list.20260501-093000.report.csv", finished)
		}, o: Options{Command: "import", Input: "list.csv", Resume: true}, path: "list.20260501-090000.report.csv"},
		{name: "resume with nothing to resume", o: Options{Command: "import", Input: "list.csv", Resume: true}, errType: new(*MismatchError), errHas: "--resume: no unfinished report of list.csv"},
		{name: "resume of a report without summary", o: Options{Command: "import", Input: "list.csv", Report: "new.csv", Resume: true}, errType: new(*MismatchError), errHas: "no readable summary"},
		{name: "resume of a finished run", setup: func(t *testing.T) { writeRun(t, "r.csv", finished) },
			o: Options{Command: "import", Input: "list.csv", Report: "r.csv", Resume: true}, errType: new(*MismatchError), errHas: "finished; nothing to resume"},
		{name: "resume of another command's report", setup: func(t *testing.T) {
			writeRun(t, "r.csv", other(func(s *report.Summary) { s.Command = "check" }))
		}, o: Options{Command: "import", Input: "list.csv", Report: "r.csv", Resume: true}, errType: new(*MismatchError), errHas: "report of a check run"},
		{name: "resume of a changed input", setup: func(t *testing.T) {
			writeRun(t, "r.csv", other(func(s *report.Summary) { s.Input.SHA256 = "in2" }))
		}, o: Options{Command: "import", Input: "list.csv", Report: "r.csv", Resume: true}, errType: new(*MismatchError), errHas: "list.csv has changed"},
		{name: "resume with another mapping", setup: func(t *testing.T) {
			writeRun(t, "r.csv", other(func(s *report.Summary) { s.MappingFingerprint = "m2" }))
		}, o: Options{Command: "import", Input: "list.csv", Report: "r.csv", Resume: true}, errType: new(*MismatchError), errHas: "the mapping differs"},
		{name: "resume of an unfinished run", setup: func(t *testing.T) { writeRun(t, "r.csv", unfinished) },
			o: Options{Command: "import", Input: "list.csv", Report: "r.csv", Resume: true}, path: "r.csv"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			os.WriteFile("list.csv", []byte("a\n1\n"), 0o600)
			if tt.setup != nil {
				tt.setup(t)
			}
			before := listDir(t, dir)
			sum := this
			path, err := Plan(tt.o, &sum, now)
			if after := listDir(t, dir); !slices.Equal(before, after) {
				t.Errorf("planning changed the directory: %v → %v", before, after)
			}
			if tt.errType == nil {
				if err != nil || path != tt.path {
					t.Fatalf("Plan = %q, %v; want %q", path, err, tt.path)
				}
				if tt.o.Resume && (sum.Calls["create"] != 7 || sum.Retries != 2) {
					t.Errorf("a resumed run's summary takes the earlier calls: %+v", sum)
				}
				return
			}
			if err == nil || !errors.As(err, tt.errType) || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("Plan = %q, %v (%T); want a %T saying %q", path, err, err, tt.errType, tt.errHas)
			}
		})
	}
}

// TestConvertPath: convert's report goes in its output folder, numbered like import's.
func TestConvertPath(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	first := ConvertPath(dir, "in/people.csv", now)
	if first != filepath.Join(dir, "people.20260501-100000.report.csv") {
		t.Fatalf("ConvertPath = %s", first)
	}
	os.WriteFile(first, nil, 0o600)
	if second := ConvertPath(dir, "in/people.csv", now); second != filepath.Join(dir, "people.20260501-100000-2.report.csv") {
		t.Errorf("second ConvertPath = %s", second)
	}
}
