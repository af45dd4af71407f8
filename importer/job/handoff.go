package job

import (
	"contactimport/importer/handoff"
	"contactimport/importer/mappimport"
	"contactimport/importer/pace"
	"contactimport/report"
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"
)

// Handoff is convert's hand-off to Mapp's file import: the upload to the file server an import
// automation reads, and the automation's run through the API.
type Handoff struct {
	Upload     bool           // --upload was given; Target is where to
	Target     handoff.Target // parsed from --upload
	SSHKey     string         // private key file; "" takes the agent at SSH_AUTH_SOCK
	KnownHosts string         // known_hosts file that must hold the server's host key
	Automation int64          // 0: upload only
	Rate       float64        // API requests per second while the automation is followed
	Poll       time.Duration
	Stall      time.Duration
	// Dial opens the connection to the file server; nil dials TCP.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// prepareHandoff connects to the file server and, with --automation, makes the API client, so
// that nothing is converted for an upload that cannot happen. An untrusted host key or a refused
// login is Stopped; a missing target or credentials Usage. The caller closes the run (nil
// without --upload) with the returned function.
func (j *job) prepareHandoff(ctx context.Context) (*handoff.Run, func(), Outcome) {
	h := j.o.Handoff
	if !h.Upload {
		return nil, func() {}, OK
	}
	run := &handoff.Run{Target: h.Target, Automation: h.Automation, Poll: h.Poll, Stall: h.Stall,
		Save: j.saveHandoff, Out: j.stdout, Log: j.log, Quiet: j.o.Progress == "none",
		Say: func(msg string, v handoff.Verdict) { j.say(msg, "exit_code", int(verdictOutcome(v))) }}
	closeClient := func() {}
	if h.Automation != 0 {
		th := pace.NewThrottle(pace.ThrottleConfig{Rate: h.Rate})
		tgt, err := OpenTarget(j.o.Endpoint, j.getenv, th, j.log)
		if err != nil {
			return nil, nil, j.fail(TargetOutcome(err), err)
		}
		run.Client, closeClient = tgt.Client, tgt.Close
	}
	sess, err := handoff.Connect(ctx, h.Target, handoff.ConnectOptions{KnownHosts: h.KnownHosts, KeyFile: h.SSHKey,
		AgentSocket: j.getenv("SSH_AUTH_SOCK"), Dial: h.Dial})
	if err != nil {
		closeClient()
		if ctx.Err() != nil {
			return nil, nil, j.fail(Interrupted, err)
		}
		return nil, nil, j.fail(Stopped, fmt.Errorf("--upload: %w", err))
	}
	run.Session = sess
	return run, func() { sess.Close(); closeClient() }, OK
}

// verdictOutcome is the outcome of a hand-off's verdict.
func verdictOutcome(v handoff.Verdict) Outcome {
	return [...]Outcome{handoff.Finished: OK, handoff.Rejected: RowsFailed, handoff.Stopped: Stopped, handoff.Interrupted: Interrupted}[v]
}

// upload starts the run's summary section and uploads files, then with --automation runs it.
func (j *job) upload(ctx context.Context, r *handoff.Run, files []string) Outcome {
	r.Summary = &report.Handoff{Target: r.Target.String(), Automation: r.Automation, Outcome: "not started"}
	j.sum.Handoff = r.Summary
	v := r.Upload(ctx, files)
	if v == handoff.Finished && r.Client != nil {
		v = r.RunAutomation(ctx)
	}
	return verdictOutcome(v)
}

func (j *job) saveHandoff() {
	if j.jsonOut == "" {
		return
	}
	if err := j.writeSummary(); err != nil {
		j.say(err.Error())
	}
}

// handOff uploads the written files and, with --automation, runs the import.
func (j *job) handOff(ctx context.Context, r *handoff.Run, written []mappimport.Written) Outcome {
	if len(written) == 0 {
		fmt.Fprintln(j.stdout, "No valid rows: nothing to upload.")
		return OK
	}
	files := make([]string, len(written))
	for i, w := range written {
		files[i] = w.Path
	}
	return j.upload(ctx, r, files)
}

// UploadOnly is convert --upload-only: the import files of c.File already in c.OutDir (all of
// them complete) are uploaded, resuming where an earlier upload was cut, and the automation run.
// Its summary is <out-dir>/<stem>.<YYYYMMDD-HHMMSS>.upload.json.
func UploadOnly(ctx context.Context, c Config) Outcome {
	j := newJob(c)
	outDir := c.OutDir
	files, err := handoff.ImportFiles(outDir, j.o.File)
	if err != nil {
		return j.fail(Usage, err)
	}
	hand, closeHand, code := j.prepareHandoff(ctx)
	if code != OK {
		return code
	}
	defer closeHand()
	stem := strings.TrimSuffix(filepath.Base(files[0]), ".mapp-001.csv")
	j.jsonOut = filepath.Join(outDir, stem+"."+time.Now().Format("20060102-150405")+".upload.json")
	j.sum = report.Summary{Command: "convert", Target: c.Handoff.Target.String(), Started: time.Now().UTC()}
	code = j.upload(ctx, hand, files)
	j.sum.Ended, j.sum.Finished = time.Now().UTC(), code == OK || code == RowsFailed
	j.saveHandoff()
	return code
}
