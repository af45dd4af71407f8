//go:build !unix

package main

import "os"

// interrupt stops a child. Without Unix signals it can only be killed; the CLI's report is
// flushed every second, so at most the last second of report lines is lost.
func interrupt(p *os.Process) error { return p.Kill() }

// peakRSSKiB is not known on this platform: the table shows "n/a".
func peakRSSKiB(*os.ProcessState) int64 { return 0 }
