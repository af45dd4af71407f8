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

	"contactimport/importer/engage"
	"contactimport/importer/handoff"
	"contactimport/importer/mappimport"
	"contactimport/importer/pace"
	"contactimport/report"
	"contactimport/report/runfile"
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

// handoffRun is a hand-off prepared before the conversion: the SFTP session is open (host key
// checked, user authenticated) and the API client made, so that nothing is converted for an
// upload that cannot happen.
type handoffRun struct {
	flags  *handoffFlags
	record *handoff.Record // which files reached the server, and the process that took them
	sess   *handoff.Session
	client *engage.Client
	close  func()
}

// prepareHandoff connects to the file server and, with --automation, makes the API client. An
// untrusted host key or a refused login is exit 1; a missing target or credentials exit 2.
func (j *job) prepareHandoff(ctx context.Context, h *handoffFlags) (*handoffRun, int) {
	if h.upload == "" {
		return nil, exitOK
	}
	run := &handoffRun{flags: h, close: func() {}}
	if h.automation != 0 {
		th := pace.NewThrottle(pace.ThrottleConfig{Rate: h.rate})
		tgt, err := openTarget(j.o, j.getenv, th, j.log)
		if err != nil {
			code := exitUsage
			if errors.Is(err, errStartup) {
				code = exitStopped
			}
			return nil, j.fail(code, err)
		}
		run.client, run.close = tgt.client, tgt.close
	}
	sess, err := handoff.Connect(ctx, h.target, handoff.ConnectOptions{KnownHosts: h.knownHosts, KeyFile: h.sshKey,
		AgentSocket: j.getenv("SSH_AUTH_SOCK"), Dial: sftpDial})
	if err != nil {
		run.close()
		if ctx.Err() != nil {
			return nil, j.fail(exitInterrupted, err)
		}
		return nil, j.fail(exitStopped, fmt.Errorf("--upload: %w", err))
	}
	run.sess = sess
	return run, exitOK
}

func (r *handoffRun) Close() {
	if r == nil {
		return
	}
	r.sess.Close()
	r.close()
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

// upload puts the files on the server and records each in the summary. It returns the exit code
// of a failed upload, exitOK when every file is there.
func (j *job) upload(ctx context.Context, r *handoffRun, files []string) int {
	hs := &report.Handoff{Target: r.flags.target.String(), Automation: r.flags.automation, Outcome: "not started"}
	j.sum.Handoff = hs
	rec, err := handoff.LoadRecord(strings.TrimSuffix(files[0], "-001.csv")+"-upload.json", hs.Target)
	if err != nil {
		return j.fail(exitStopped, err)
	}
	r.record = rec
	if code, done := j.uploadedBefore(rec, files); done {
		return code
	}
	res, err := handoff.Upload(ctx, r.sess, r.flags.target.Dir, files, rec, j.uploadProgress())
	for _, x := range res {
		hs.Files = append(hs.Files, report.HandoffFile{Path: x.Local, Remote: x.Remote, Bytes: x.Bytes, Sent: x.Sent, Outcome: string(x.Outcome)})
		if x.Outcome == handoff.Present || x.Outcome == handoff.Recorded {
			j.log.Info("upload: file on the server already", "file", x.Local, "remote", x.Remote, "outcome", x.Outcome)
		}
	}
	if err != nil {
		hs.Outcome = "upload failed"
		code := exitStopped
		if ctx.Err() != nil {
			hs.Outcome, code = "interrupted", exitInterrupted
		}
		j.saveHandoff()
		j.say(fmt.Sprintf("upload stopped: %v; the import files stay in %s. Once the cause is fixed, run the same "+
			"command with --upload-only: it uploads them without converting again, resuming the file that was cut", err, filepath.Dir(files[0])), "exit_code", code)
		return code
	}
	hs.Uploaded, hs.Outcome = true, "uploaded"
	fmt.Fprintf(j.stdout, "Uploaded %d file(s) to %s\n", len(files), hs.Target)
	return exitOK
}

// uploadedBefore refuses to upload and import again files that the record holds as uploaded to
// this target and taken by an automation process already: on the server they may be imported
// and gone, and sending them again would import them twice.
func (j *job) uploadedBefore(rec *handoff.Record, files []string) (int, bool) {
	if rec.Process == 0 {
		return exitOK, false
	}
	for _, f := range files {
		if ok, err := rec.Has(f); err != nil || !ok {
			return exitOK, false
		}
	}
	j.sum.Handoff.ProcessID, j.sum.Handoff.Outcome = rec.Process, "already imported"
	j.saveHandoff()
	j.say(fmt.Sprintf("these import files were uploaded to %s and automation process %d was started over them (%s): "+
		"nothing uploaded or started again. To import them anew, remove %s", rec.Target, rec.Process, rec.Path(), rec.Path()), "exit_code", exitStopped)
	return exitStopped, true
}

// uploadProgress logs each file when it is whole on the server, and its progress at most every
// 10 s on the way (that not with --progress none).
func (j *job) uploadProgress() handoff.Progress {
	var last time.Time
	return func(file string, done, size int64) {
		now := time.Now()
		switch {
		case done == size:
			j.log.Info("upload: file sent", "file", file, "bytes", size)
		case j.o.progress != "none" && now.Sub(last) >= 10*time.Second:
			last = now
			j.log.Info("upload", "file", file, "bytes", done, "of", size)
		}
	}
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
func (j *job) handOff(ctx context.Context, r *handoffRun, written []mappimport.Written) int {
	if len(written) == 0 {
		fmt.Fprintln(j.stdout, "No valid rows: nothing to upload.")
		return exitOK
	}
	files := make([]string, len(written))
	for i, w := range written {
		files[i] = w.Path
	}
	if code := j.upload(ctx, r, files); code != exitOK || r.client == nil {
		return code
	}
	return j.runAutomation(ctx, r)
}

// uploadOnly is convert --upload-only: the import files of the input already in outDir (all of
// them complete) are uploaded, resuming where an earlier upload was cut, and the automation run.
// Its summary is <out-dir>/<stem>.<YYYYMMDD-HHMMSS>.upload.json.
func (j *job) uploadOnly(ctx context.Context, outDir string, h *handoffFlags) int {
	out := runfile.NewImportFiles(outDir, j.o.file)
	var files []string
	for n := 1; ; n++ {
		p := out.Path(n)
		if _, err := os.Lstat(p + ".partial"); err == nil {
			return j.fail(exitUsage, fmt.Errorf("--upload-only: %s.partial is an unfinished conversion: convert again instead", p))
		}
		if _, err := os.Lstat(p); err != nil {
			break
		}
		files = append(files, p)
	}
	if len(files) == 0 {
		return j.fail(exitUsage, fmt.Errorf("--upload-only: no import file of %s in %s (%s)", j.o.file, outDir, filepath.Base(out.Path(1))))
	}
	hand, code := j.prepareHandoff(ctx, h)
	if code != exitOK {
		return code
	}
	defer hand.Close()
	stem := strings.TrimSuffix(filepath.Base(out.Path(1)), ".mapp-001.csv")
	j.jsonOut = filepath.Join(outDir, stem+"."+time.Now().Format("20060102-150405")+".upload.json")
	j.sum = report.Summary{Command: "convert", Target: h.target.String(), Started: time.Now().UTC()}
	code = j.upload(ctx, hand, files)
	if code == exitOK && hand.client != nil {
		code = j.runAutomation(ctx, hand)
	}
	j.sum.Ended, j.sum.Finished = time.Now().UTC(), code == exitOK || code == exitRowsFailed
	j.saveHandoff()
	return code
}
