package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// errLocked: another process holds the lock.
var errLocked = errors.New("locked by another process")

// lockPath opens path and locks it: an existing regular file, opened without following a
// symbolic link, or a new one created with mode 0600. The file stays open, and locked, until
// the returned file is closed or the process ends.
func lockPath(path, what string) (*os.File, error) {
	f, err := openPlain(path)
	if errors.Is(err, fs.ErrNotExist) {
		f, err = createPlain(path)
		if errors.Is(err, fs.ErrExist) { // created by someone else in between
			f, err = openPlain(path)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open %s %s: %w", what, path, err)
	}
	return lockOpened(f, path, what)
}

// lockFresh creates path anew, with mode 0600, and locks it. A regular file already there (an
// empty file, the report of a finished run) is locked first, so that a run still using it is
// refused, then removed: the new file never inherits the old one's mode, owner or links.
func lockFresh(path, what string) (*os.File, error) {
	old, err := openPlain(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("open %s %s: %w", what, path, err)
	default:
		if old, err = lockOpened(old, path, what); err != nil {
			return nil, err
		}
		err := os.Remove(path)
		old.Close()
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			// Windows refuses to remove an open file: try again now that it is closed.
			err = os.Remove(path)
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("replace %s %s: %w", what, path, err)
		}
	}
	f, err := createPlain(path)
	if err != nil {
		return nil, fmt.Errorf("create %s %s: %w", what, path, err)
	}
	return lockOpened(f, path, what)
}

// lockOpened locks f, the open file at path, or closes it.
func lockOpened(f *os.File, path, what string) (*os.File, error) {
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("another contactimport run is using the %s %s; it must finish first (two runs on one %s would lose or duplicate rows)", what, path, what)
		}
		return nil, fmt.Errorf("lock %s %s: %w", what, path, err)
	}
	return f, nil
}
