package handoff

import (
	"context"
	"errors"
	"fmt"

	"contactimport/importer/engage"
)

// RunAutomation starts the automation once and follows its process: Finished when it finished,
// Rejected when it finished with rejected rows, Stopped when it failed, stalled or could not be
// started or followed, Interrupted when ctx was cancelled (which leaves the process running at
// Mapp). Upload must have succeeded before.
func (r *Run) RunAutomation(ctx context.Context) Verdict {
	hs := r.Summary
	id := r.Automation
	pid, err := r.Client.RunAutomationOnce(ctx, id)
	if err != nil {
		hs.Outcome = "not started"
		v := Stopped
		if ctx.Err() != nil {
			hs.Outcome, v = "interrupted", Interrupted
		}
		r.Save()
		r.Say(fmt.Sprintf("start automation %d: %v. The files are on the server: start the automation in Mapp Engage, "+
			"or run this command again with --upload-only once the cause is fixed", id, err), v)
		return v
	}
	hs.ProcessID = pid
	hs.Status = string(engage.ProcessProcessing)
	if err := r.record.Taken(pid); err != nil {
		r.Log.Warn("the upload record does not say that the files were taken: do not upload them again", "err", err)
	}
	r.Save()
	fmt.Fprintf(r.Out, "Automation %d started: process %d\n", id, pid)
	p, err := Follow(ctx, r.Client, pid, FollowOptions{Poll: r.Poll, Stall: r.Stall,
		OnChange: func(p *engage.Process) {
			r.Log.Info("import process", "process", pid, "status", p.Status, "processed", p.ProcessedCount, "total", p.TotalCount)
		},
		OnError: func(err error) { r.Log.Warn("read the import process; trying again", "process", pid, "err", err) },
	})
	if p != nil {
		hs.Status, hs.Processed, hs.Total, hs.Error = string(p.Status), p.ProcessedCount, p.TotalCount, p.Error
	}
	v := r.verdict(ctx, pid, p, err)
	r.Save()
	return v
}

// verdict says how the process ended, and records it in the summary.
func (r *Run) verdict(ctx context.Context, pid int64, p *engage.Process, err error) Verdict {
	hs := r.Summary
	follow := fmt.Sprintf("follow it in Mapp Engage (the automation's runs) or with GET %s/process/getDetails?processId=%d",
		r.Client.BaseURL(), pid)
	var stall *StallError
	switch {
	case ctx.Err() != nil:
		hs.Outcome = "interrupted"
		r.Say(fmt.Sprintf("interrupted: the import goes on at Mapp as process %d; %s", pid, follow), Interrupted)
		return Interrupted
	case errors.As(err, &stall):
		hs.Outcome = "stalled"
		r.Say(fmt.Sprintf("%v; it may still go on at Mapp: %s", err, follow), Stopped)
		return Stopped
	case err != nil:
		hs.Outcome = "not followed"
		r.Say(fmt.Sprintf("read process %d: %v; %s", pid, err, follow), Stopped)
		return Stopped
	case p.Status == engage.ProcessFailed:
		hs.Outcome = "failed"
		reason := p.Error
		if reason == "" {
			reason = "Mapp gave no reason"
		}
		fmt.Fprintf(r.Out, "Import process %d FAILED: %s\n", pid, reason)
		return Stopped
	case p.Error != "":
		hs.Outcome = "finished with rejected rows"
		fmt.Fprintf(r.Out, "Import process %d finished: %d of %d rows processed; %s\n", pid, p.ProcessedCount, p.TotalCount, p.Error)
		return Rejected
	}
	hs.Outcome = "finished"
	fmt.Fprintf(r.Out, "Import process %d finished: %d of %d rows processed, none rejected\n", pid, p.ProcessedCount, p.TotalCount)
	return Finished
}
