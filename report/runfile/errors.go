// Package runfile owns the files of a run: where the report goes and whether a run may start
// on it (Plan), its lock and the --state file's (LockFile), opening it fresh or resumed after a
// crash (Open: the rows already reported, a torn last line cut off), checking while the run goes
// on that the report, its summary and the state file are still the files the run opened
// (Report.Check), putting a removed report back (Report.Restore), and the one way every file the
// tool writes is created: O_EXCL, mode 0600, never through a symbolic link, synced before it
// replaces another (Create, Replace, WriteFile; convert's ImportFiles).
//
// It returns typed errors (*LockedError, *RefusedError, *MismatchError, *VanishedError) and
// leaves the exit codes to the command.
package runfile

import "fmt"

// The errors of this package say which file and why, in a sentence the person at the terminal
// can act on. Their types say what the command does next: a LockedError or a VanishedError stops
// the run (another run, or someone, has the file); a RefusedError or a MismatchError is found
// before anything is created and asks for other flags. Any other error is an I/O failure.

// LockedError is returned when another process holds the lock on a file of the run.
type LockedError struct {
	Path string // the file the lock guards (a report, a state file)
	What string // "report", "state file"
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("another contactimport run is using the %s %s; it must finish first (two runs on one %s would lose or duplicate rows)", e.What, e.Path, e.What)
}

// RefusedError is a report path this run must not use: it would destroy a file, or belongs to
// an unfinished run of the same input.
type RefusedError struct {
	Path   string
	Reason string // a whole sentence, naming Path
}

func (e *RefusedError) Error() string { return e.Reason }

// MismatchError is a --resume whose report does not belong to this run: another input, mapping,
// command, group or column set, or no unfinished run at all.
type MismatchError struct {
	Path   string
	Reason string // a whole sentence, naming Path
}

func (e *MismatchError) Error() string { return "--resume: " + e.Reason }

// VanishedError is a file of the run that is no longer the file the run opened: removed, or
// replaced by another file under its name, while the run was using it.
type VanishedError struct {
	Path     string
	What     string // "report", "summary", "state file"
	Replaced bool   // another file is at Path now; false: nothing is
}

func (e *VanishedError) Error() string {
	if e.Replaced {
		return fmt.Sprintf("the %s %s was replaced by another file while this run was using it", e.What, e.Path)
	}
	return fmt.Sprintf("the %s %s was removed while this run was using it", e.What, e.Path)
}
