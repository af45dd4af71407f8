package main

import (
	"errors"

	"contactimport/report/runfile"
)

// fileOptions is what report/runfile needs to know of the run to plan and open its report.
func (o *options) fileOptions() runfile.Options {
	return runfile.Options{Command: o.command, Input: o.file, Report: o.report, Resume: o.resume, Group: o.group != 0}
}

// fileExit is the exit code for an error of report/runfile: a report path or --resume that
// does not fit the run is a usage problem (exit 2); a lock held by another run, a file of the
// run removed or replaced, and any I/O failure stop the run (exit 1).
func fileExit(err error) int {
	var refused *runfile.RefusedError
	var mismatch *runfile.MismatchError
	if errors.As(err, &refused) || errors.As(err, &mismatch) {
		return exitUsage
	}
	return exitStopped
}
