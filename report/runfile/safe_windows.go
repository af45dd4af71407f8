//go:build windows

package runfile

import (
	"errors"
	"os"
)

// openNoFollow opens an existing path for reading and writing. Windows has no O_NOFOLLOW: the
// path is checked with Lstat first, and the opened file must be the one that was checked.
func openNoFollow(path string) (*os.File, error) {
	before, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if before.Mode()&os.ModeSymlink != 0 {
		return nil, ErrSymlink
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	after, err := f.Stat()
	if err == nil && !os.SameFile(before, after) {
		err = errors.New("was replaced while being opened")
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// createExcl creates path, which must not exist (CREATE_NEW also fails on a link), with mode
// 0600 (on Windows: not read-only; access follows the folder's ACL).
func createExcl(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
}
