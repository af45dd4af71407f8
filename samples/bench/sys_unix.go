//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// interrupt asks a child to stop the way Ctrl-C does, so that it flushes its report.
func interrupt(p *os.Process) error { return p.Signal(os.Interrupt) }

// peakRSSKiB is the child's peak resident set size from its rusage. Linux and the BSDs count
// Maxrss in KiB, macOS in bytes.
func peakRSSKiB(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) / 1024
	}
	return int64(ru.Maxrss)
}
