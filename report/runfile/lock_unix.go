//go:build unix

package runfile

import (
	"errors"
	"os"
	"syscall"
)

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
