package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Files the run writes beside the user's data (the report, its summary and the summary's
// temporary file, the state file's lock) are made by the functions here and nowhere else: a
// new file is created with O_EXCL and mode 0600, never through a symbolic link, and an existing
// one is opened without following a link and only when it is a regular file. So a link planted
// at a report path never redirects a write, and a new file never inherits the mode of an old one.

// errSymlink and errNotRegular refuse a path that is not a plain file.
var (
	errSymlink    = errors.New("is a symbolic link; contactimport does not write through links: name the file itself or choose another path")
	errNotRegular = errors.New("is not a regular file")
)

// checkPlainFile returns nil when nothing is at path or a regular file is; a symbolic link or
// anything else (a directory, a device, a pipe) is refused. It does not follow links.
func checkPlainFile(path string) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return errSymlink
	case !fi.Mode().IsRegular():
		return errNotRegular
	}
	return nil
}

// openPlain opens the existing regular file at path for reading and writing, without following
// a symbolic link.
func openPlain(path string) (*os.File, error) {
	if err := checkPlainFile(path); err != nil {
		return nil, err
	}
	f, err := openNoFollow(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = errNotRegular
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// createPlain creates a new regular file at path with mode 0600 and opens it for reading and
// writing. It fails when anything, a dangling link included, is already at path.
func createPlain(path string) (*os.File, error) {
	return createExcl(path)
}

// removeStale removes what is at path, a link itself rather than its target, and is content
// when nothing is there. It is for files only this tool writes, such as <report>.json.tmp.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("remove %s: %w", path, errNotRegular)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
