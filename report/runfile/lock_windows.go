//go:build windows

package runfile

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

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
