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
