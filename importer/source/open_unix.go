//go:build unix

package source

import "syscall"

// nonBlocking opens a named pipe without waiting for a writer, so that OpenFile can refuse it.
const nonBlocking = syscall.O_NONBLOCK
