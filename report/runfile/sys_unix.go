//go:build unix

package runfile

import (
	"errors"
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

// lockFile takes an exclusive lock on f without waiting. The kernel drops it when the process
// ends, however it ends, so a killed run never leaves a stale lock behind.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

// releaseFile removes the lock file at name while f still holds its lock, then closes f: a run
// waiting for it finds, once it has the lock, that the name no longer reaches it, and starts
// again.
func releaseFile(f *os.File, name string) error {
	err := os.Remove(name)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
