package job

import (
	"errors"
	"fmt"
	"time"

	"contactimport/importer"
	"contactimport/report"
	"contactimport/report/runfile"
)

// finish writes the summary and says how the run ended. A run whose report, summary or state file
// was removed or replaced, or whose summary cannot be saved, stopped on storage (Stopped): it
// never says finished, and it says where its rows are.
func (j *job) finish(err error) Outcome {
	j.sum.Ended = time.Now().UTC()
	if el := j.sum.Ended.Sub(j.sum.Started).Seconds(); el > 0 {
		j.sum.RowsPerSecond = float64(j.sum.Rows-j.sum.Resumed) / el
	}
	var vanished *runfile.VanishedError
	switch {
	case errors.As(err, &vanished):
		err = storageStop(vanished) // said as itself, not as a failed write
	case err == nil && j.rep != nil:
		if cerr := j.rep.Check(); cerr != nil {
			err = storageStop(cerr)
		}
	}
	restored := j.restore()
	ledgerBack := j.restoreLedger()
	code := OK
	var stop *importer.StopError
	switch {
	case err == nil:
		j.sum.Finished = true
		if j.sum.Counts[report.Failed] > 0 {
			code = RowsFailed
		}
	case errors.As(err, &stop):
		j.sum.Stopped = stop.Reason
		code = Stopped
		if errors.Is(err, importer.ErrInterrupted) {
			code = Interrupted
		}
	default:
		j.sum.Stopped = err.Error()
		code = Stopped
	}
	// A run that stopped before writing its first line to a report it created leaves nothing
	// behind: the next run starts afresh instead of being told to --resume.
	removed := err != nil && j.sum.Rows == 0 && !restored && j.discard()
	var werr error
	if removed {
		j.sum.Report = "none (removed: the run stopped before its first row)"
	} else if werr = j.writeSummary(); werr != nil {
		j.say(werr.Error())
		code = Stopped
		if err == nil {
			// The summary on disk does not say finished: neither does the run.
			err = storageStop(werr)
			j.sum.Finished, j.sum.Stopped = false, "saving the summary failed: "+werr.Error()
		}
	}
	j.sum.WriteTable(j.stdout)
	if err != nil {
		j.say("run stopped: "+err.Error(), "exit_code", int(code))
	}
	j.nextStep(err, werr, removed, restored || ledgerBack)
	return code
}

// nextStep tells, after a run that did not finish cleanly, where its rows are and what to do:
// err is why it stopped, werr why its summary could not be saved; removed: its report was
// removed as empty; back: a removed report or ledger was written back.
func (j *job) nextStep(err, werr error, removed, back bool) {
	resume := fmt.Sprintf("contactimport %s --resume --report %s … %s", j.o.Command, j.sum.Report, j.o.File)
	var vanished *runfile.VanishedError
	switch {
	case err == nil && werr == nil:
	case removed:
		j.say("nothing was imported and no report kept; once the cause is fixed, run the same command again")
	case j.o.Command == "check":
	case back:
		j.say("continue with: " + resume)
	case errors.As(err, &vanished) && vanished.What == "state file":
		j.say(fmt.Sprintf("%d rows are in the report %s; the state file's ledger went with the file, so the next run with --state %s sends every row again (and remembers them anew); continue with: %s", j.sum.Rows, j.sum.Report, j.o.State, resume))
	case errors.As(err, &vanished):
		j.say(fmt.Sprintf("%d rows are in the report %s; continue with: %s", j.sum.Rows, j.sum.Report, resume))
	case werr != nil || errors.Is(err, importer.ErrStorage):
		j.say(fmt.Sprintf("%d rows are in the report %s; free disk space or fix the path or its permissions, then continue with: %s", j.sum.Rows, j.sum.Report, resume))
	case errors.Is(err, importer.ErrInterrupted) || errors.Is(err, importer.ErrAborted) || errors.Is(err, importer.ErrUnreachable):
		j.say("once the cause is fixed, continue with: " + resume)
	}
}

// storageStop is the stop of a run whose files failed it.
func storageStop(err error) error {
	return &importer.StopError{Reason: err.Error(), Err: fmt.Errorf("%w: %w", importer.ErrStorage, err)}
}

// restore puts a report that was removed or replaced while the run wrote it back on disk
// (runfile's Report.Restore), so that its rows can be continued and retried, and says where
// they are now. It reports whether it did.
func (j *job) restore() bool {
	if j.rep == nil {
		return false
	}
	moved, err := j.rep.Restore()
	if err != nil {
		j.say(err.Error())
		return false
	}
	if moved {
		j.sum.Report, j.jsonOut = j.rep.Path(), j.rep.SummaryPath()
		j.say(fmt.Sprintf("the report was removed or replaced while the run wrote it: its %d rows are saved again in %s", j.sum.Rows, j.sum.Report))
	}
	return moved
}

// restoreLedger puts the --state ledger back on disk when its file was removed while the run
// held it open: the run's copy, everything confirmed so far, goes into a new file (Lock.Restore)
// under the state file's name, so that the next run still knows what was sent and who left the
// group. A file that took the name is left alone. It reports whether it did.
func (j *job) restoreLedger() bool {
	if j.state == nil {
		return false
	}
	back, err := j.lock.Restore(j.state.CopyTo)
	if err != nil {
		j.say(fmt.Sprintf("the state file %s was removed while the run used it, and its ledger could not be saved again: %v", j.o.State, err))
	}
	if back {
		j.say(fmt.Sprintf("the state file %s was removed while the run used it: its ledger is saved again in %s", j.o.State, j.o.State))
	}
	return back
}

// writeSummary replaces <report>.json (runfile.SaveSummary).
func (j *job) writeSummary() error {
	return runfile.SaveSummary(j.jsonOut, &j.sum)
}
