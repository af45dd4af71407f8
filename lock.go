package main

import (
	"errors"
	"fmt"
	"os"
)

// errLocked: another process holds the lock.
var errLocked = errors.New("locked by another process")

// lockPath opens path (creating it with mode 0600 when missing) and locks it. The file stays
// open, and locked, until the returned file is closed or the process ends.
func lockPath(path, what string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s %s: %w", what, path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("another contactimport run is using the %s %s; it must finish first (two runs on one %s would lose or duplicate rows)", what, path, what)
		}
		return nil, fmt.Errorf("lock %s %s: %w", what, path, err)
	}
	return f, nil
}
