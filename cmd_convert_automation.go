package main

import (
	"context"
	"errors"
	"fmt"

	"contactimport/importer/engage"
	"contactimport/importer/handoff"
)

// runAutomation starts the automation of --automation once and follows its process: exit 0 when
// it finished, 3 when it finished with rejected rows, 1 when it failed, stalled or could not be
// started or followed, 130 on an interrupt (which leaves the process running at Mapp).
func (j *job) runAutomation(ctx context.Context, r *handoffRun) int {
	hs := j.sum.Handoff
	id := r.flags.automation
	pid, err := r.client.RunAutomationOnce(ctx, id)
	if err != nil {
		hs.Outcome = "not started"
		code := exitStopped
		if ctx.Err() != nil {
			hs.Outcome, code = "interrupted", exitInterrupted
		}
		j.saveHandoff()
		j.say(fmt.Sprintf("start automation %d: %v. The files are on the server: start the automation in Mapp Engage, "+
			"or run this command again with --upload-only once the cause is fixed", id, err), "exit_code", code)
		return code
	}
	hs.ProcessID = pid
	hs.Status = string(engage.ProcessProcessing)
	if err := r.record.Taken(pid); err != nil {
		j.log.Warn("the upload record does not say that the files were taken: do not upload them again", "err", err)
	}
	j.saveHandoff()
	fmt.Fprintf(j.stdout, "Automation %d started: process %d\n", id, pid)
	p, err := handoff.Follow(ctx, r.client, pid, handoff.FollowOptions{Poll: r.flags.poll, Stall: r.flags.stall,
		OnChange: func(p *engage.Process) {
			j.log.Info("import process", "process", pid, "status", p.Status, "processed", p.ProcessedCount, "total", p.TotalCount)
		},
		OnError: func(err error) { j.log.Warn("read the import process; trying again", "process", pid, "err", err) },
	})
	if p != nil {
		hs.Status, hs.Processed, hs.Total, hs.Error = string(p.Status), p.ProcessedCount, p.TotalCount, p.Error
	}
	follow := fmt.Sprintf("follow it in Mapp Engage (the automation's runs) or with GET %s/process/getDetails?processId=%d",
		r.client.BaseURL(), pid)
	var stall *handoff.StallError
	code := exitOK
	switch {
	case ctx.Err() != nil:
		hs.Outcome, code = "interrupted", exitInterrupted
		j.say(fmt.Sprintf("interrupted: the import goes on at Mapp as process %d; %s", pid, follow), "exit_code", code)
	case errors.As(err, &stall):
		hs.Outcome, code = "stalled", exitStopped
		j.say(fmt.Sprintf("%v; it may still go on at Mapp: %s", err, follow), "exit_code", code)
	case err != nil:
		hs.Outcome, code = "not followed", exitStopped
		j.say(fmt.Sprintf("read process %d: %v; %s", pid, err, follow), "exit_code", code)
	case p.Status == engage.ProcessFailed:
		hs.Outcome, code = "failed", exitStopped
		fmt.Fprintf(j.stdout, "Import process %d FAILED: %s\n", pid, orNone(p.Error))
	case p.Error != "":
		hs.Outcome, code = "finished with rejected rows", exitRowsFailed
		fmt.Fprintf(j.stdout, "Import process %d finished: %d of %d rows processed; %s\n", pid, p.ProcessedCount, p.TotalCount, p.Error)
	default:
		hs.Outcome = "finished"
		fmt.Fprintf(j.stdout, "Import process %d finished: %d of %d rows processed, none rejected\n", pid, p.ProcessedCount, p.TotalCount)
	}
	j.saveHandoff()
	return code
}

func orNone(s string) string {
	if s == "" {
		return "Mapp gave no reason"
	}
	return s
}
