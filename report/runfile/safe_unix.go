//go:build unix

package runfile

import (
	"os"
	"syscall"
)

// openNoFollow opens an existing path for reading and writing; O_NOFOLLOW makes the open fail
// if a link was put there after the caller looked.
func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|syscall.O_NOFOLLOW, 0)
}

// createExcl creates path, which must not exist (O_EXCL also fails on a dangling link), with
// mode 0600. The mode is set again on the open file, so that no umask or inherited ACL leaves
// it wider or narrower than 0600.
func createExcl(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	return f, nil
}
