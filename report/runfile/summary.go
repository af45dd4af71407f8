package runfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"contactimport/report"
)

// SaveSummary replaces the summary at path with sum (see Replace: a fresh 0600 file, synced,
// renamed over the old one, a link there replaced rather than followed).
func SaveSummary(path string, sum *report.Summary) error {
	if err := Replace(path, sum.WriteJSON); err != nil {
		return fmt.Errorf("save summary %s: %w", path, err)
	}
	return nil
}

// Track makes sum the summary saved beside the report: now, every saveEvery flushes while the
// run goes on, and by SaveSummary. Flush reads sum, so the goroutine that flushes must be the
// one that fills sum (the importer's writer is).
func (r *Report) Track(sum *report.Summary) error {
	r.sum = sum
	return r.SaveSummary()
}

// SaveSummary saves the tracked summary beside the report.
func (r *Report) SaveSummary() error {
	path := r.SummaryPath()
	if err := SaveSummary(path, r.sum); err != nil {
		return err
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return fmt.Errorf("save summary %s: %w", path, err)
	}
	r.sumID = fi
	return nil
}

// Guard adds a lock whose files are checked with the report's (the state file's).
func (r *Report) Guard(l *Lock) {
	if l != nil {
		r.guards = append(r.guards, l)
	}
}

// Flush passes the buffered lines on to the report file, checks that the run's files are still
// the files it opened, and every saveEvery flushes saves the summary. A file removed or replaced
// gives a *VanishedError; a summary that cannot be saved (a full disk, a folder made
// read-only) the error saving it: either stops the run.
func (r *Report) Flush() error {
	if err := r.w.Flush(); err != nil {
		return err
	}
	if err := r.Check(); err != nil {
		return err
	}
	r.flushes++
	if r.sum != nil && r.flushes%saveEvery == 0 {
		return r.SaveSummary()
	}
	return nil
}

// Check returns a *VanishedError when a file of the run is no longer the one it opened: the
// report, the summary it last saved, the lock files, or a guarded file (the state file).
func (r *Report) Check() error {
	if err := same(r.path, r.id, "report"); err != nil {
		return err
	}
	if r.sumID != nil {
		if err := same(r.SummaryPath(), r.sumID, "summary"); err != nil {
			return err
		}
	}
	if err := r.lock.Check(); err != nil {
		return err
	}
	for _, g := range r.guards {
		if err := g.Check(); err != nil {
			return err
		}
	}
	return nil
}

// Restore puts the report back on disk when it was removed or replaced while the run wrote it:
// the run still holds the removed file open, so the lines it holds are copied into a new file
// (0600, synced) at the report's path, or, when another file or another run has that name now,
// at <report stem>.restored.csv (numbered when taken). From then on the report, and the summary
// beside it, are there. It returns whether the report moved back; a report still in place is
// left alone. It is for a run that has stopped: no line is written after it.
func (r *Report) Restore() (bool, error) {
	var v *VanishedError
	if err := same(r.path, r.id, "report"); !errors.As(err, &v) {
		return false, nil
	}
	r.w.Flush() // a sticky error: what was buffered is not in the report, and is not counted
	dst, lock := r.path, r.lock
	if v.Replaced || lock.Check() != nil {
		for n := 1; ; n++ {
			dst = restoredName(r.path, n)
			if exists(dst) {
				continue
			}
			l, err := LockFile(dst, "report")
			if err != nil {
				return false, err
			}
			lock = l
			break
		}
	}
	nf, err := Create(dst)
	if err == nil {
		err = copyFile(nf, r.f)
		if err != nil {
			nf.Close()
			os.Remove(dst)
		}
	}
	if err != nil {
		if lock != r.lock {
			lock.Release()
		}
		return false, fmt.Errorf("restore report %s: %w", dst, err)
	}
	r.f.Close()
	if lock != r.lock {
		r.lock.Release()
	}
	r.f, r.path, r.lock, r.sumID = nf, dst, lock, nil
	r.id, _ = nf.Stat()
	return true, nil
}

// copyFile copies all of src into dst and syncs dst.
func copyFile(dst, src *os.File) error {
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, io.NewSectionReader(src, 0, fi.Size())); err != nil {
		return err
	}
	return dst.Sync()
}

// restoredName is the n-th name for a report restored beside the one whose name was taken:
// x.csv → x.restored.csv, x.restored-2.csv …
func restoredName(path string, n int) string {
	stem := strings.TrimSuffix(path, ".csv") + ".restored"
	if n > 1 {
		stem += "-" + strconv.Itoa(n)
	}
	return stem + ".csv"
}
