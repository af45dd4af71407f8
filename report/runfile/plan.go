package runfile

import (
	"contactimport/importer/source"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"contactimport/report"
)

// Options are what planning and opening a report need to know of the run.
type Options struct {
	Command string // import, check, retry or convert
	Input   string // the input file (for retry: the report being retried)
	Report  string // --report, "" for the default path
	Resume  bool
	Group   bool // a run into a group: the report has the import.membership column
}

// Plan decides the report path and refuses what must not start, without creating anything: a
// second report of an unfinished run of the same input (a *RefusedError, or a *LockedError while
// that run still holds it), a report path that would destroy a file (*RefusedError), and a
// --resume whose report does not fit this input and mapping (*MismatchError). sum carries the
// input's fingerprint and the mapping's; a resumed run takes the earlier run's call counts into
// it.
func Plan(o Options, sum *report.Summary, now time.Time) (string, error) {
	path := o.Report
	if o.Resume && path == "" {
		path = newestUnfinished(o, sum.Input.SHA256)
		if path == "" {
			return "", &MismatchError{Reason: fmt.Sprintf("no unfinished report of %s in this directory; name it with --report", o.Input)}
		}
	}
	if o.Resume {
		return path, checkResumable(o, sum, path)
	}
	if o.Command != "check" {
		prev := ""
		if path != "" {
			if s, err := ReadSummary(path); err == nil && sameRun(s, o.Command, sum.Input.SHA256) {
				prev = path
			}
		} else {
			prev = newestUnfinished(o, sum.Input.SHA256)
		}
		if prev != "" {
			// A run still going holds the lock: that is an overlap, not a leftover.
			if err := Held(prev, "report"); err != nil {
				return "", err
			}
			return "", &RefusedError{Path: prev, Reason: fmt.Sprintf("%s is the report of an unfinished run of this input: continue it with --resume, or delete it to start over", prev)}
		}
	}
	if path == "" {
		path = DefaultPath(o, now)
	}
	return path, CheckPath(path, o.Input, false)
}

// checkResumable checks that the report at path belongs to an unfinished run of this input
// and mapping.
func checkResumable(o Options, sum *report.Summary, path string) error {
	if err := CheckPath(path, o.Input, true); err != nil {
		return err
	}
	mismatch := func(format string, a ...any) error {
		return &MismatchError{Path: path, Reason: fmt.Sprintf(format, a...)}
	}
	prev, err := ReadSummary(path)
	switch {
	case err != nil:
		return mismatch("%s has no readable summary (%s.json): %v", path, path, err)
	case prev.Finished:
		return mismatch("the run of %s finished; nothing to resume", path)
	case prev.Command != o.Command:
		return mismatch("%s is the report of a %s run, not of %s", path, prev.Command, o.Command)
	case prev.Input.SHA256 != sum.Input.SHA256:
		return mismatch("%s has changed since %s was started; start a new run instead", o.Input, path)
	case prev.MappingFingerprint != sum.MappingFingerprint:
		return mismatch("the mapping differs from the one %s was started with; resume with the same mapping and --identifier, or start a new run", path)
	}
	if _, err := os.Stat(path); err != nil {
		return mismatch("report %s: %v", path, err)
	}
	sum.Calls = prev.Calls
	sum.Retries, sum.ThrottleEvents = prev.Retries, prev.ThrottleEvents
	return nil
}

// CheckPath refuses a report path that would destroy something: the input itself, or an
// existing file that is not a report (a report has its summary beside it); and one that is not a
// plain file: a symbolic link (whose target would be written) or a directory, device or pipe.
// A report that may be replaced (empty, or with its summary beside it) is removed and created
// anew by Open, never truncated in place.
func CheckPath(path, input string, resume bool) error {
	refuse := func(format string, a ...any) error {
		return &RefusedError{Path: path, Reason: fmt.Sprintf(format, a...)}
	}
	if err := CheckPlain(path); err != nil {
		return refuse("--report %s %v", path, err)
	}
	rep, err := os.Lstat(path)
	if err != nil {
		return nil // a new file
	}
	if in, err := os.Stat(input); err == nil && os.SameFile(in, rep) {
		return refuse("--report %s is the input file; choose another report path", path)
	}
	if resume || rep.Size() == 0 {
		return nil
	}
	if _, err := os.Stat(path + ".json"); err != nil {
		return refuse("--report %s exists and is not a contactimport report (no %s.json beside it); choose another path or remove it", path, path)
	}
	return nil
}

// ReadSummary reads the summary beside the report at path.
func ReadSummary(path string) (*report.Summary, error) {
	f, err := source.OpenFile(path+".json", source.KindSummary)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return report.ReadSummary(f)
}

func sameRun(s *report.Summary, command, sha string) bool {
	return !s.Finished && s.Command == command && s.Input.SHA256 == sha
}

// DefaultPath names a new report: <input stem>.<time>.report.csv in the working directory for
// import and check (numbered when two runs start within one second), and <report stem>.retry.csv
// (numbered when taken) beside the retried report for retry.
func DefaultPath(o Options, now time.Time) string {
	if o.Command != "retry" {
		return numbered("", o.Input, now)
	}
	stem := strings.TrimSuffix(o.Input, filepath.Ext(o.Input))
	p := stem + ".retry.csv"
	for n := 2; exists(p); n++ {
		p = stem + ".retry." + strconv.Itoa(n) + ".csv"
	}
	return p
}

// ConvertPath names convert's report in outDir: <input stem>.<YYYYMMDD-HHMMSS>.report.csv,
// numbered when two conversions start within one second.
func ConvertPath(outDir, input string, now time.Time) string {
	return numbered(outDir, input, now)
}

// numbered is <input stem>.<YYYYMMDD-HHMMSS>.report.csv in dir, or -2, -3 … before .report.csv
// when that is taken.
func numbered(dir, input string, now time.Time) string {
	base := filepath.Base(input)
	stem := strings.TrimSuffix(base, filepath.Ext(base)) + "." + now.Format("20060102-150405")
	p := filepath.Join(dir, stem+".report.csv")
	for n := 2; exists(p); n++ {
		p = filepath.Join(dir, stem+"-"+strconv.Itoa(n)+".report.csv")
	}
	return p
}

// newestUnfinished finds the newest report of an unfinished run of this input among the
// reports a default path would name.
func newestUnfinished(o Options, sha string) string {
	var pattern string
	if o.Command == "retry" {
		stem := strings.TrimSuffix(o.Input, filepath.Ext(o.Input))
		pattern = stem + ".retry*.csv"
	} else {
		base := filepath.Base(o.Input)
		pattern = strings.TrimSuffix(base, filepath.Ext(base)) + ".*.report.csv"
	}
	matches, _ := filepath.Glob(pattern)
	var best string
	var bestTime time.Time
	for _, m := range matches {
		s, err := ReadSummary(m)
		if err != nil || !sameRun(s, o.Command, sha) {
			continue
		}
		if best == "" || s.Started.After(bestTime) {
			best, bestTime = m, s.Started
		}
	}
	return best
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
