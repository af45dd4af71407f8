package handoff

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"contactimport/importer/engage"
	"contactimport/report"
	"contactimport/report/runfile"
)

// Verdict is how a hand-off ended, in rising order of what it says: the CLI maps it to an exit
// code, and of two verdicts the larger one stands.
type Verdict int

const (
	Finished    Verdict = iota // every file uploaded; the automation's process, if run, finished
	Rejected                   // the process finished with rows Mapp rejected
	Stopped                    // an upload, a start or the process failed, stalled or was refused
	Interrupted                // ctx was cancelled; a started process goes on at Mapp
)

// Run is one hand-off of import files: the upload over an open Session and, with a Client and
// an Automation, the automation's run, followed to its end. What happens goes into Summary (the
// run's summary section), which Save writes after every step.
type Run struct {
	Target     Target
	Automation int64 // 0: upload only
	Poll       time.Duration
	Stall      time.Duration
	Session    *Session
	Client     *engage.Client // nil without Automation
	Summary    *report.Handoff
	Save       func()
	Out        io.Writer                   // what a person reads on stdout
	Say        func(msg string, v Verdict) // why the hand-off stopped, and what to do
	Log        *slog.Logger
	Quiet      bool    // no progress lines during an upload (--progress none)
	record     *Record // which files reached the server, and the process that took them
}

// Upload puts files on the server and records each in the summary.
func (r *Run) Upload(ctx context.Context, files []string) Verdict {
	hs := r.Summary
	rec, err := LoadRecord(strings.TrimSuffix(files[0], "-001.csv")+"-upload.json", hs.Target)
	if err != nil {
		r.Say(err.Error(), Stopped)
		return Stopped
	}
	r.record = rec
	if v, done := r.uploadedBefore(rec, files); done {
		return v
	}
	res, err := Upload(ctx, r.Session, r.Target.Dir, files, rec, r.progress())
	for _, x := range res {
		hs.Files = append(hs.Files, report.HandoffFile{Path: x.Local, Remote: x.Remote, Bytes: x.Bytes, Sent: x.Sent, Outcome: string(x.Outcome)})
		if x.Outcome == Present || x.Outcome == Recorded {
			r.Log.Info("upload: file on the server already", "file", x.Local, "remote", x.Remote, "outcome", x.Outcome)
		}
	}
	if err != nil {
		hs.Outcome = "upload failed"
		v := Stopped
		if ctx.Err() != nil {
			hs.Outcome, v = "interrupted", Interrupted
		}
		r.Save()
		r.Say(fmt.Sprintf("upload stopped: %v; the import files stay in %s. Once the cause is fixed, run the same "+
			"command with --upload-only: it uploads them without converting again, resuming the file that was cut", err, filepath.Dir(files[0])), v)
		return v
	}
	hs.Uploaded, hs.Outcome = true, "uploaded"
	fmt.Fprintf(r.Out, "Uploaded %d file(s) to %s\n", len(files), hs.Target)
	return Finished
}

// uploadedBefore refuses to upload and import again files that the record holds as uploaded to
// this target and taken by an automation process already: on the server they may be imported
// and gone, and sending them again would import them twice.
func (r *Run) uploadedBefore(rec *Record, files []string) (Verdict, bool) {
	if rec.Process == 0 {
		return Finished, false
	}
	for _, f := range files {
		if ok, err := rec.Has(f); err != nil || !ok {
			return Finished, false
		}
	}
	r.Summary.ProcessID, r.Summary.Outcome = rec.Process, "already imported"
	r.Save()
	r.Say(fmt.Sprintf("these import files were uploaded to %s and automation process %d was started over them (%s): "+
		"nothing uploaded or started again. To import them anew, remove %s", rec.Target, rec.Process, rec.Path(), rec.Path()), Stopped)
	return Stopped, true
}

// progress logs each file when it is whole on the server, and its progress at most every 10 s
// on the way (that not when Quiet).
func (r *Run) progress() Progress {
	var last time.Time
	return func(file string, done, size int64) {
		now := time.Now()
		switch {
		case done == size:
			r.Log.Info("upload: file sent", "file", file, "bytes", size)
		case !r.Quiet && now.Sub(last) >= 10*time.Second:
			last = now
			r.Log.Info("upload", "file", file, "bytes", done, "of", size)
		}
	}
}

// ImportFiles returns the import files of input already complete in dir, for an upload without
// a conversion (--upload-only). A file still being written (.partial) or none at all is an error.
func ImportFiles(dir, input string) ([]string, error) {
	out := runfile.NewImportFiles(dir, input)
	var files []string
	for n := 1; ; n++ {
		p := out.Path(n)
		if _, err := os.Lstat(p + ".partial"); err == nil {
			return nil, fmt.Errorf("--upload-only: %s.partial is an unfinished conversion: convert again instead", p)
		}
		if _, err := os.Lstat(p); err != nil {
			break
		}
		files = append(files, p)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("--upload-only: no import file of %s in %s (%s)", input, dir, filepath.Base(out.Path(1)))
	}
	return files, nil
}
