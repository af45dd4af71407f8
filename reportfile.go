package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"contactimport/importer/source"
	"contactimport/report"
)

// reportFile is the open, locked report of a run.
type reportFile struct {
	path  string
	f     *os.File
	w     *report.Writer
	fresh bool   // created by this run, not resumed
	grp   bool   // a run into a group: the report has the import.membership column
	done  rowSet // rows already in the report (resume)
}

func (r *reportFile) close() { r.f.Close() }

// remove closes and deletes the report, its summary and any temporary summary.
func (r *reportFile) remove() error {
	r.f.Close()
	var errs []error
	for _, p := range []string{r.path, r.path + ".json", r.path + ".json.tmp"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove %s: %w", p, err))
		}
	}
	return errors.Join(errs...)
}

// skip reports whether row is already in the report.
func (r *reportFile) skip(row int) bool { return r.done.has(row) }

func (r *reportFile) markDone(row int) { r.done.add(row) }

// rowSet is a set of row numbers: a bitset in 64-row words, kept in a map by word index, so
// that its memory follows the rows it holds, not the largest row number (a report may carry
// import.row=999999999999).
type rowSet map[int]uint64

func (s rowSet) has(row int) bool { return s[row/64]&(1<<(row%64)) != 0 }

func (s *rowSet) add(row int) {
	if *s == nil {
		*s = rowSet{}
	}
	(*s)[row/64] |= 1 << (row % 64)
}

// planReport decides the report path and refuses what must not start, without creating
// anything: a second report of an unfinished run of the same input (exit 2, or exit 1 while
// that run still holds it), a report path that would destroy a file, and a --resume whose
// report does not fit this input and mapping. It returns the exit code to use on error.
func planReport(o *options, sum *report.Summary) (string, int, error) {
	path := o.report
	if o.resume && path == "" {
		path = newestUnfinished(o, sum.Input.SHA256)
		if path == "" {
			return "", exitUsage, fmt.Errorf("--resume: no unfinished report of %s in this directory; name it with --report", o.file)
		}
	}
	if o.resume {
		return path, exitUsage, checkResumable(o, sum, path)
	}
	if o.command != "check" {
		prev := ""
		if path != "" {
			if s, err := readSummaryOf(path); err == nil && sameRun(s, o.command, sum.Input.SHA256) {
				prev = path
			}
		} else {
			prev = newestUnfinished(o, sum.Input.SHA256)
		}
		if prev != "" {
			// A run still going holds the lock: that is an overlap, not a leftover.
			f, err := lockPath(prev, "report")
			if err != nil {
				return "", exitStopped, err
			}
			f.Close()
			return "", exitUsage, fmt.Errorf("%s is the report of an unfinished run of this input: continue it with --resume, or delete it to start over", prev)
		}
	}
	if path == "" {
		path = defaultPath(o, time.Now())
	}
	return path, exitUsage, checkReportPath(path, o.file, false)
}

// checkResumable checks that the report at path belongs to an unfinished run of this input
// and mapping.
func checkResumable(o *options, sum *report.Summary, path string) error {
	if err := checkReportPath(path, o.file, true); err != nil {
		return err
	}
	prev, err := readSummaryOf(path)
	switch {
	case err != nil:
		return fmt.Errorf("--resume: %s has no readable summary (%s.json): %w", path, path, err)
	case prev.Finished:
		return fmt.Errorf("--resume: the run of %s finished; nothing to resume", path)
	case prev.Command != o.command:
		return fmt.Errorf("--resume: %s is the report of a %s run, not of %s", path, prev.Command, o.command)
	case prev.Input.SHA256 != sum.Input.SHA256:
		return fmt.Errorf("--resume: %s has changed since %s was started; start a new run instead", o.file, path)
	case prev.MappingFingerprint != sum.MappingFingerprint:
		return fmt.Errorf("--resume: the mapping differs from the one %s was started with; resume with the same mapping and --identifier, or start a new run", path)
	}
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("--resume: report %s: %w", path, err)
	}
	sum.Calls = prev.Calls
	sum.Retries, sum.ThrottleEvents = prev.Retries, prev.ThrottleEvents
	return nil
}

// openReport opens and locks the planned report and prepares it: new with its header, written
// with the separator sep, or (--resume) truncated after its last complete line with the rows in
// it marked done and counted in sum, appended to in its own separator. It returns the exit code
// to use on error.
func openReport(o *options, path string, sum *report.Summary, header []string, sep rune) (*reportFile, int, error) {
	var f *os.File
	var err error
	if o.resume {
		f, err = lockPath(path, "report")
	} else {
		f, err = lockFresh(path, "report")
	}
	if err != nil {
		return nil, exitStopped, err
	}
	rf := &reportFile{path: path, f: f, fresh: !o.resume, grp: o.group != 0}
	code := 0
	if o.resume {
		// The report holds personal data: whatever its mode was, it is 0600 before anything
		// is appended.
		if err = f.Chmod(0o600); err != nil {
			code, err = exitStopped, fmt.Errorf("report %s: %w", path, err)
		} else {
			code, err = rf.resume(sum, header, sep)
		}
	} else {
		code, err = rf.restart(header, sep)
	}
	if err != nil {
		if rf.fresh {
			rf.remove() // best effort: the header did not reach the disk
		} else {
			f.Close()
		}
		return nil, code, err
	}
	return rf, 0, nil
}

// resume reads the rows the report holds, cuts off a line torn by a crash, and positions the
// file for appending in the report's own separator.
func (rf *reportFile) resume(sum *report.Summary, header []string, sep rune) (int, error) {
	rd, err := report.NewReader(rf.f)
	if errors.Is(err, report.ErrEmpty) || errors.Is(err, report.ErrTornLine) {
		// Killed before the header reached the disk: nothing was reported, start the file again.
		return rf.restart(header, sep)
	}
	if err != nil {
		return exitUsage, fmt.Errorf("--resume: %s: %w", rf.path, err)
	}
	if !slices.Equal(rd.InputHeader(), header) {
		return exitUsage, fmt.Errorf("--resume: the columns of %s do not match the input", rf.path)
	}
	for {
		l, err := rd.Read()
		if err == io.EOF || errors.Is(err, report.ErrTornLine) {
			break
		}
		if err != nil {
			return exitUsage, fmt.Errorf("--resume: %s: %w", rf.path, err)
		}
		if rf.skip(l.Row) {
			continue
		}
		rf.markDone(l.Row)
		sum.Add(l)
		sum.Resumed++
	}
	end := rd.Offset()
	if err := rf.f.Truncate(end); err != nil {
		return exitStopped, fmt.Errorf("report %s: %w", rf.path, err)
	}
	if _, err := rf.f.Seek(end, io.SeekStart); err != nil {
		return exitStopped, fmt.Errorf("report %s: %w", rf.path, err)
	}
	if rd.HasMembership() != rf.grp {
		return exitUsage, fmt.Errorf("--resume: %s", groupMismatch(rf.path, rf.grp))
	}
	if rf.w, err = rf.newWriter(header, rd.Delimiter()); err != nil {
		return exitUsage, fmt.Errorf("--resume: %s: %w", rf.path, err)
	}
	return 0, nil
}

// restart empties the report and writes its header.
func (rf *reportFile) restart(header []string, sep rune) (int, error) {
	if err := rf.f.Truncate(0); err != nil {
		return exitStopped, fmt.Errorf("report %s: %w", rf.path, err)
	}
	if _, err := rf.f.Seek(0, io.SeekStart); err != nil {
		return exitStopped, fmt.Errorf("report %s: %w", rf.path, err)
	}
	w, err := rf.newWriter(header, sep)
	if err != nil {
		return exitUsage, err
	}
	rf.w = w
	err = rf.w.WriteHeader()
	if err == nil {
		err = rf.w.Flush()
	}
	if err != nil {
		return exitStopped, fmt.Errorf("report %s: %w", rf.path, err)
	}
	return 0, nil
}

// checkReportPath refuses a report path that would destroy something: the input itself, or an
// existing file that is not a report (a report has its summary beside it); and one that is not a
// plain file: a symbolic link (whose target would be written) or a directory, device or pipe.
// A report that may be replaced (empty, or with its summary beside it) is removed and created
// anew by openReport, never truncated in place.
func checkReportPath(path, input string, resume bool) error {
	if err := checkPlainFile(path); err != nil {
		return fmt.Errorf("--report %s %w", path, err)
	}
	rep, err := os.Lstat(path)
	if err != nil {
		return nil // a new file
	}
	if in, err := os.Stat(input); err == nil && os.SameFile(in, rep) {
		return fmt.Errorf("--report %s is the input file; choose another report path", path)
	}
	if resume || rep.Size() == 0 {
		return nil
	}
	if _, err := os.Stat(path + ".json"); err != nil {
		return fmt.Errorf("--report %s exists and is not a contactimport report (no %s.json beside it); choose another path or remove it", path, path)
	}
	return nil
}

func readSummaryOf(path string) (*report.Summary, error) {
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

// defaultPath names a new report: <input stem>.<time>.report.csv for import and check, and
// <report stem>.retry.csv (numbered when taken) for retry.
func defaultPath(o *options, now time.Time) string {
	if o.command != "retry" {
		p := defaultReportPath(o.file, now)
		for n := 2; fileExists(p); n++ { // two runs within one second
			p = strings.TrimSuffix(defaultReportPath(o.file, now), ".report.csv") + "-" + strconv.Itoa(n) + ".report.csv"
		}
		return p
	}
	stem := strings.TrimSuffix(o.file, filepath.Ext(o.file))
	p := stem + ".retry.csv"
	for n := 2; fileExists(p); n++ {
		p = stem + ".retry." + strconv.Itoa(n) + ".csv"
	}
	return p
}

// newestUnfinished finds the newest report of an unfinished run of this input among the
// reports a default path would name.
func newestUnfinished(o *options, sha string) string {
	var pattern string
	if o.command == "retry" {
		stem := strings.TrimSuffix(o.file, filepath.Ext(o.file))
		pattern = stem + ".retry*.csv"
	} else {
		base := filepath.Base(o.file)
		pattern = strings.TrimSuffix(base, filepath.Ext(base)) + ".*.report.csv"
	}
	matches, _ := filepath.Glob(pattern)
	var best string
	var bestTime time.Time
	for _, m := range matches {
		s, err := readSummaryOf(m)
		if err != nil || !sameRun(s, o.command, sha) {
			continue
		}
		if best == "" || s.Started.After(bestTime) {
			best, bestTime = m, s.Started
		}
	}
	return best
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
