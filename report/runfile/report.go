package runfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"

	"contactimport/report"
)

// Report is the open, locked report of a run, with the summary beside it. It is the run's
// report sink: Write and Flush pass lines to the report's writer, and every Flush also checks
// that the run's files are still the files it opened (see Check) and now and then saves the
// summary, so that a file that vanished or a folder that became read-only stops the run while
// the rows written so far are still known.
type Report struct {
	path  string
	f     *os.File
	id    os.FileInfo // the report's identity, for Check
	lock  *Lock
	w     *report.Writer
	fresh bool   // created by this run, not resumed
	grp   bool   // the report has the import.membership column
	done  rowSet // rows already in the report (resume)

	sum     *report.Summary // saved beside the report; nil until Track
	sumID   os.FileInfo     // the summary this run last saved
	flushes int
	guards  []*Lock // other files of the run, checked with the report (the state file)
}

// saveEvery is how many flushes (at least one a second) pass between two saves of the summary
// during a run.
const saveEvery = 5

// Open locks the planned report and prepares it: new with its header, written with the
// separator sep (a file already at path, which Plan allowed, is removed and created anew), or
// (o.Resume) truncated after its last complete line, with the rows in it marked done and
// counted in sum, appended to in its own separator. A report this run created is removed again
// when preparing it fails.
func Open(o Options, path string, sum *report.Summary, header []string, sep rune) (*Report, error) {
	lock, err := LockFile(path, "report")
	if err != nil {
		return nil, err
	}
	var f *os.File
	if o.Resume {
		f, err = openPlain(path)
	} else {
		f, err = create(path)
	}
	if err != nil {
		lock.Release()
		return nil, fmt.Errorf("open report %s: %w", path, err)
	}
	r := &Report{path: path, f: f, lock: lock, fresh: !o.Resume, grp: o.Group}
	if r.id, err = f.Stat(); err == nil {
		err = r.prepare(sum, header, sep)
	}
	if err != nil {
		if r.fresh {
			r.Remove() // best effort: the header did not reach the disk
		} else {
			r.Close()
		}
		return nil, err
	}
	return r, nil
}

// create removes a regular file at path (an empty file, the report of a finished run) and
// creates path anew, so that the new report never inherits the old one's mode, owner or links.
func create(path string) (*os.File, error) {
	if err := CheckPlain(path); err != nil {
		return nil, err
	}
	err := os.Remove(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return Create(path)
}

func (r *Report) prepare(sum *report.Summary, header []string, sep rune) error {
	if r.fresh {
		return r.restart(header, sep)
	}
	// The report holds personal data: whatever its mode was, it is 0600 before anything is
	// appended.
	if err := r.f.Chmod(0o600); err != nil {
		return fmt.Errorf("report %s: %w", r.path, err)
	}
	return r.resume(sum, header, sep)
}

// resume reads the rows the report holds, cuts off a line torn by a crash, and positions the
// file for appending in the report's own separator.
func (r *Report) resume(sum *report.Summary, header []string, sep rune) error {
	mismatch := func(format string, a ...any) error {
		return &MismatchError{Path: r.path, Reason: fmt.Sprintf(format, a...)}
	}
	rd, err := report.NewReader(r.f)
	if errors.Is(err, report.ErrEmpty) || errors.Is(err, report.ErrTornLine) {
		// Killed before the header reached the disk: nothing was reported, start the file again.
		return r.restart(header, sep)
	}
	if err != nil {
		return mismatch("%s: %v", r.path, err)
	}
	if !slices.Equal(rd.InputHeader(), header) {
		return mismatch("the columns of %s do not match the input", r.path)
	}
	for {
		l, err := rd.Read()
		if err == io.EOF || errors.Is(err, report.ErrTornLine) {
			break
		}
		if err != nil {
			return mismatch("%s: %v", r.path, err)
		}
		if r.done.has(l.Row) {
			continue
		}
		r.done.add(l.Row)
		sum.Add(l)
		sum.Resumed++
	}
	end := rd.Offset()
	if err := r.f.Truncate(end); err != nil {
		return fmt.Errorf("report %s: %w", r.path, err)
	}
	if _, err := r.f.Seek(end, io.SeekStart); err != nil {
		return fmt.Errorf("report %s: %w", r.path, err)
	}
	if rd.HasMembership() != r.grp {
		if r.grp {
			return mismatch("%s was written by a run without a group (no import.membership column); resume it without --group, or start a new report", r.path)
		}
		return mismatch("%s was written by a run into a group (import.membership column); resume it with the same --group", r.path)
	}
	if r.w, err = r.newWriter(header, rd.Delimiter()); err != nil {
		return mismatch("%s: %v", r.path, err)
	}
	return nil
}

// restart empties the report and writes its header.
func (r *Report) restart(header []string, sep rune) error {
	if err := r.f.Truncate(0); err != nil {
		return fmt.Errorf("report %s: %w", r.path, err)
	}
	if _, err := r.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("report %s: %w", r.path, err)
	}
	w, err := r.newWriter(header, sep)
	if err != nil {
		return err
	}
	r.w = w
	err = r.w.WriteHeader()
	if err == nil {
		err = r.w.Flush()
	}
	if err != nil {
		return fmt.Errorf("report %s: %w", r.path, err)
	}
	return nil
}

// newWriter is the report's writer, with the import.membership column for a run into a group.
func (r *Report) newWriter(header []string, sep rune) (*report.Writer, error) {
	w, err := report.NewDelimitedWriter(r.f, header, sep)
	if err != nil {
		return nil, err
	}
	if r.grp {
		w.WithMembership()
	}
	return w, nil
}

// Path is where the report is.
func (r *Report) Path() string { return r.path }

// SummaryPath is where its summary is: <report>.json.
func (r *Report) SummaryPath() string { return r.path + ".json" }

// Fresh reports whether this run created the report (it did not resume it).
func (r *Report) Fresh() bool { return r.fresh }

// Skip reports whether row is already in the report (resume).
func (r *Report) Skip(row int) bool { return r.done.has(row) }

// Write buffers one report line.
func (r *Report) Write(l report.Line) error { return r.w.Write(l) }

// Written returns how many lines reached the report file in full.
func (r *Report) Written() int { return r.w.Written() }

// Close lets the report and its lock go.
func (r *Report) Close() error {
	err := r.f.Close()
	if lerr := r.lock.Release(); err == nil {
		err = lerr
	}
	return err
}

// Remove closes and deletes the report, its summary and any temporary summary.
func (r *Report) Remove() error {
	r.f.Close()
	var errs []error
	for _, p := range []string{r.path, r.path + ".json", r.path + ".json.tmp"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove %s: %w", p, err))
		}
	}
	if err := r.lock.Release(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

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
