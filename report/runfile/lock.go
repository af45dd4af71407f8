package runfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// errLocked: another process holds the lock.
var errLocked = errors.New("locked by another process")

// A Lock is held on a file of the run (the report, the --state file) through a lock file beside
// it, <path>.lock, never through the file itself. The file is what a person, a cleanup job or
// another run may delete or replace; if the lock lived on it, deleting it would delete the lock
// with it: the run would go on writing into a file no name reaches, and a second run would
// create a new file, lock that, and run at the same time. The lock file holds nothing and is
// removed by the run that holds it, as its last act.
//
// The protocol is the same on Linux, macOS and Windows: open or create <path>.lock (0600, no
// link followed), take an exclusive lock on it without waiting (flock on Unix, LockFileEx on
// Windows; the system drops it when the process ends, however it ends, so a killed run leaves no
// stale lock), then check that <path>.lock still names the file just locked (os.SameFile). A
// lock file that was removed or replaced between the open and the lock is no lock at all: its
// holder lets it go and starts again. While the run goes on, Check compares both names, the
// lock file's and the guarded file's, with the files the run holds open, so that a removed or
// replaced file stops the run within one report flush instead of being found out by the next
// run. (On Windows an open file cannot be removed or renamed over, so there the checks only
// confirm what the system already enforces.)
type Lock struct {
	path string // the guarded file
	what string
	f    *os.File    // the lock file, open and locked
	id   os.FileInfo // the lock file's identity
	pin  os.FileInfo // the guarded file's identity, once pinned
}

// LockFile takes the lock on the file at path, for what ("report", "state file"). A lock held by
// another process gives a *LockedError at once; nothing is waited for.
func LockFile(path, what string) (*Lock, error) {
	name := path + ".lock"
	for range 10 {
		f, err := openOrCreate(name)
		if err != nil {
			return nil, fmt.Errorf("lock %s %s: %s: %w", what, path, name, err)
		}
		if err := lockFile(f); err != nil {
			f.Close()
			if errors.Is(err, errLocked) {
				return nil, &LockedError{Path: path, What: what}
			}
			return nil, fmt.Errorf("lock %s %s: %w", what, path, err)
		}
		id, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s %s: %w", what, path, err)
		}
		if now, err := os.Lstat(name); err == nil && os.SameFile(now, id) {
			return &Lock{path: path, what: what, f: f, id: id}, nil
		}
		f.Close() // removed by the run that held it, or replaced: try the new one
	}
	return nil, fmt.Errorf("lock %s %s: %s keeps changing under this run", what, path, name)
}

// Held returns a *LockedError when a run holds the lock on path, and nil when none does. It
// creates nothing: with no lock file, nobody holds the lock.
func Held(path, what string) error {
	f, err := openPlain(path + ".lock")
	if err != nil {
		return nil
	}
	defer f.Close()
	if err := lockFile(f); errors.Is(err, errLocked) {
		return &LockedError{Path: path, What: what}
	}
	return nil
}

// openOrCreate opens the regular file at path, or creates it with mode 0600.
func openOrCreate(path string) (*os.File, error) {
	f, err := openPlain(path)
	if errors.Is(err, fs.ErrNotExist) {
		f, err = Create(path)
		if errors.Is(err, fs.ErrExist) { // created by someone else in between
			f, err = openPlain(path)
		}
	}
	return f, err
}

// Path is the file the lock guards.
func (l *Lock) Path() string { return l.path }

// Pin remembers which file is at the guarded path now (the run has opened it), for Check.
func (l *Lock) Pin() error {
	fi, err := os.Lstat(l.path)
	if err != nil {
		return fmt.Errorf("%s %s: %w", l.what, l.path, err)
	}
	l.pin = fi
	return nil
}

// Check returns a *VanishedError when the lock file or the pinned file is no longer at its
// name: the guarded file removed or replaced, or the lock with it.
func (l *Lock) Check() error {
	if l.pin != nil {
		if err := same(l.path, l.pin, l.what); err != nil {
			return err
		}
	}
	return same(l.path+".lock", l.id, l.what+" lock")
}

// Release removes the lock file and lets the lock go. A run that finds the lock file gone after
// taking its lock starts again (see Lock), so removing it while still holding it is safe.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	var err error
	if same(l.path+".lock", l.id, "") == nil {
		err = releaseFile(l.f, l.path+".lock")
	} else {
		err = l.f.Close()
	}
	l.f = nil
	return err
}

// same returns a *VanishedError when path no longer names the file want describes.
func same(path string, want os.FileInfo, what string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &VanishedError{Path: path, What: what}
	case err != nil:
		return fmt.Errorf("%s %s: %w", what, path, err)
	case !os.SameFile(fi, want):
		return &VanishedError{Path: path, What: what, Replaced: true}
	}
	return nil
}

// Restore puts the guarded file back when it was removed while the run held it open (the state
// file, whose ledger SQLite still has): fill writes the run's copy, by name, into a new empty
// file created at the guarded path (mode 0600, see Create), which is removed again when fill
// fails. It reports whether it did; a file that took the name since is left alone.
func (l *Lock) Restore(fill func(path string) error) (bool, error) {
	var v *VanishedError
	if l == nil || l.pin == nil || !errors.As(same(l.path, l.pin, l.what), &v) || v.Replaced {
		return false, nil
	}
	f, err := Create(l.path)
	if err != nil {
		return false, fmt.Errorf("restore %s %s: %w", l.what, l.path, err)
	}
	f.Close()
	if err := fill(l.path); err != nil {
		os.Remove(l.path)
		return false, fmt.Errorf("restore %s %s: %w", l.what, l.path, err)
	}
	fi, err := os.Lstat(l.path)
	if err == nil {
		l.pin = fi
	}
	return true, nil
}
