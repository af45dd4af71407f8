//go:build windows

package runfile

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
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

// lockFile takes an exclusive lock on f without waiting. Windows drops it when the process
// ends. The locked byte lies far past any real data, so reads and writes of the file itself
// are not affected.
func lockFile(f *os.File) error {
	ol := new(windows.Overlapped)
	ol.Offset, ol.OffsetHigh = 0xFFFFFFFE, 0x7FFFFFFF
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return errLocked
	}
	return err
}

// releaseFile closes f, then removes the lock file at name. Windows refuses to remove a file
// that is open, so it goes after the close; when another run has opened it meanwhile, the
// removal fails, harmlessly, and that run's lock stands.
func releaseFile(f *os.File, name string) error {
	err := f.Close()
	os.Remove(name)
	return err
}
