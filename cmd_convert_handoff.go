package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"contactimport/importer/handoff"
	"contactimport/importer/mappimport"
	"contactimport/importer/pace"
	"contactimport/report"
)

// handoffFlags are convert's flags for the hands-free hand-off: the upload to the file server an
// import automation reads, and the automation's run through the API.
type handoffFlags struct {
	upload     string
	sshKey     string
	knownHosts string
	automation int64
	rate       float64
	poll       time.Duration
	stall      time.Duration
	uploadOnly bool

	target handoff.Target
}

func addHandoffFlags(fs *flag.FlagSet, o *options) *handoffFlags {
	h := &handoffFlags{}
	fs.StringVar(&h.upload, "upload", "", "put the import files on the file server of a Mapp import automation: `sftp://USER@HOST[:PORT]/DIR`")
	fs.StringVar(&h.sshKey, "ssh-key", "", "SSH private key `file` for --upload (default: the keys of the SSH agent at SSH_AUTH_SOCK)")
	fs.StringVar(&h.knownHosts, "known-hosts", "~/.ssh/known_hosts", "known_hosts `file` that must hold the server's host key (~/ is the home directory)")
	fs.Int64Var(&h.automation, "automation", 0, "after the upload, start Mapp import automation `ID` once (automation/runOnce) and follow its process to the end")
	fs.BoolVar(&h.uploadOnly, "upload-only", false, "do not convert: upload the import files of FILE already in --out-dir (an interrupted upload resumes), then --automation")
	fs.StringVar(&o.url, "url", "", "with --automation: API base `URL`, e.g. https://host/api/rest/v19 (or ENGAGE_URL)")
	fs.StringVar(&o.caCert, "ca-cert", "", "PEM `file` of an extra CA to trust")
	fs.BoolVar(&o.insecure, "insecure-skip-verify", false, "do not verify the server's TLS certificate (dangerous)")
	fs.Float64Var(&h.rate, "rate", 10, "with --automation: API requests per second at most")
	fs.DurationVar(&h.poll, "poll", 10*time.Second, "with --automation: how often the process is read")
	fs.DurationVar(&h.stall, "stall", 30*time.Minute, "with --automation: give up following a process that shows no change for this long (it goes on at Mapp)")
	return h
}

// check reads the flags given together; everything is a usage error.
func (h *handoffFlags) check() error {
	if h.upload == "" {
		switch {
		case h.automation != 0:
			return errors.New("--automation needs --upload: the automation imports the files uploaded")
		case h.uploadOnly:
			return errors.New("--upload-only needs --upload")
		}
		return nil
	}
	t, err := handoff.ParseTarget(h.upload)
	if err != nil {
		return err
	}
	h.target = t
	switch {
	case h.automation < 0:
		return fmt.Errorf("--automation %d is not an automation id", h.automation)
	case h.rate <= 0:
		return errors.New("--rate must be above 0")
	case h.poll <= 0 || h.stall <= 0:
		return errors.New("--poll and --stall must be above 0")
	case h.knownHosts == "":
		return errors.New("--known-hosts names no file: the server's host key must be checked")
	}
	if rest, ok := strings.CutPrefix(h.knownHosts, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return fmt.Errorf("--known-hosts %s: %w", h.knownHosts, err)
		}
		h.knownHosts = filepath.Join(home, rest)
	}
	return nil
}

// sftpDial opens the connection to the file server; nil dials TCP. Tests cut it on purpose.
var sftpDial func(ctx context.Context, network, addr string) (net.Conn, error)

// prepareHandoff connects to the file server and, with --automation, makes the API client, so
// that nothing is converted for an upload that cannot happen. An untrusted host key or a refused
// login is exit 1; a missing target or credentials exit 2. The caller closes the run (nil
// without --upload) with the returned function.
func (j *job) prepareHandoff(ctx context.Context, h *handoffFlags) (*handoff.Run, func(), int) {
	if h.upload == "" {
		return nil, func() {}, exitOK
	}
	run := &handoff.Run{Target: h.target, Automation: h.automation, Poll: h.poll, Stall: h.stall,
		Save: j.saveHandoff, Out: j.stdout, Log: j.log, Quiet: j.o.progress == "none",
		Say: func(msg string, v handoff.Verdict) { j.say(msg, "exit_code", verdictExit(v)) }}
	closeClient := func() {}
	if h.automation != 0 {
		th := pace.NewThrottle(pace.ThrottleConfig{Rate: h.rate})
		tgt, err := openTarget(j.o, j.getenv, th, j.log)
		if err != nil {
			code := exitUsage
			if errors.Is(err, errStartup) {
				code = exitStopped
			}
			return nil, nil, j.fail(code, err)
		}
		run.Client, closeClient = tgt.client, tgt.close
	}
	sess, err := handoff.Connect(ctx, h.target, handoff.ConnectOptions{KnownHosts: h.knownHosts, KeyFile: h.sshKey,
		AgentSocket: j.getenv("SSH_AUTH_SOCK"), Dial: sftpDial})
	if err != nil {
		closeClient()
		if ctx.Err() != nil {
			return nil, nil, j.fail(exitInterrupted, err)
		}
		return nil, nil, j.fail(exitStopped, fmt.Errorf("--upload: %w", err))
	}
	run.Session = sess
	return run, func() { sess.Close(); closeClient() }, exitOK
}

// verdictExit is the exit code of a hand-off's verdict.
func verdictExit(v handoff.Verdict) int {
	return [...]int{handoff.Finished: exitOK, handoff.Rejected: exitRowsFailed, handoff.Stopped: exitStopped, handoff.Interrupted: exitInterrupted}[v]
}

// worse is the exit code that says more of two: a stop or an interrupt over rejected rows over
// success.
func worse(a, b int) int {
	rank := map[int]int{exitOK: 0, exitRowsFailed: 1, exitStopped: 2, exitInterrupted: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// upload starts the run's summary section and uploads files, then with --automation runs it.
func (j *job) upload(ctx context.Context, r *handoff.Run, files []string) int {
	r.Summary = &report.Handoff{Target: r.Target.String(), Automation: r.Automation, Outcome: "not started"}
	j.sum.Handoff = r.Summary
	v := r.Upload(ctx, files)
	if v == handoff.Finished && r.Client != nil {
		v = r.RunAutomation(ctx)
	}
	return verdictExit(v)
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
func (j *job) handOff(ctx context.Context, r *handoff.Run, written []mappimport.Written) int {
	if len(written) == 0 {
		fmt.Fprintln(j.stdout, "No valid rows: nothing to upload.")
		return exitOK
	}
	files := make([]string, len(written))
	for i, w := range written {
		files[i] = w.Path
	}
	return j.upload(ctx, r, files)
}

// uploadOnly is convert --upload-only: the import files of the input already in outDir (all of
// them complete) are uploaded, resuming where an earlier upload was cut, and the automation run.
// Its summary is <out-dir>/<stem>.<YYYYMMDD-HHMMSS>.upload.json.
func (j *job) uploadOnly(ctx context.Context, outDir string, h *handoffFlags) int {
	files, err := handoff.ImportFiles(outDir, j.o.file)
	if err != nil {
		return j.fail(exitUsage, err)
	}
	hand, closeHand, code := j.prepareHandoff(ctx, h)
	if code != exitOK {
		return code
	}
	defer closeHand()
	stem := strings.TrimSuffix(filepath.Base(files[0]), ".mapp-001.csv")
	j.jsonOut = filepath.Join(outDir, stem+"."+time.Now().Format("20060102-150405")+".upload.json")
	j.sum = report.Summary{Command: "convert", Target: h.target.String(), Started: time.Now().UTC()}
	code = j.upload(ctx, hand, files)
	j.sum.Ended, j.sum.Finished = time.Now().UTC(), code == exitOK || code == exitRowsFailed
	j.saveHandoff()
	return code
}
