package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/ledger"
	"contactimport/importer/pace"
	"contactimport/importer/profile"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/printable"
	"contactimport/report"
	"contactimport/report/runfile"
)

// runImport implements import, check and retry.
func runImport(ctx context.Context, command string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, err := parseOptions(command, args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return usageFailed(args, stderr, err)
	}
	log := newLogger(o, stderr)
	j := &job{o: o, getenv: getenv, stdout: stdout, stderr: stderr, log: log}
	return j.run(ctx)
}

// job is one run of import, check or retry.
type job struct {
	o      *options
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger

	sum     report.Summary
	jsonOut string
	rep     *runfile.Report
	lock    *runfile.Lock // the state file's, with --state
	state   *ledger.State // the ledger, with --state
}

// discard removes the report and summary of a run that wrote no line to a report it created:
// such a run did nothing --resume could continue, and its leftovers would block the next run
// as "unfinished". It reports whether they are gone; a resumed report is never removed.
func (j *job) discard() bool {
	if j.rep == nil || !j.rep.Fresh() {
		return false
	}
	if err := j.rep.Remove(); err != nil {
		j.say(err.Error())
		return false
	}
	return true
}

// fail reports err and returns code. With --log-format json it is a log record like every
// other line on stderr, so that a log shipper sees why a run never started.
func (j *job) fail(code int, err error) int {
	j.say(err.Error(), "exit_code", code)
	return code
}

// say tells the person at the terminal, or with --log-format json the log shipper, something
// that is not a row's business: why a run did not start or stopped, and what to do next.
func (j *job) say(msg string, args ...any) {
	if j.o.logFormat == "json" {
		j.log.Error(msg, args...)
		return
	}
	fmt.Fprintln(j.stderr, "contactimport: "+printable.Lines(msg))
}

// usageFailed reports a flag or argument error found before the logger exists, in the log
// format args ask for, and returns the usage exit code.
func usageFailed(args []string, stderr io.Writer, err error) int {
	if jsonLogs(args) {
		slog.New(safeHandler{slog.NewJSONHandler(stderr, nil)}).Error(err.Error(), "exit_code", exitUsage)
	} else {
		fmt.Fprintln(stderr, "contactimport: "+printable.Lines(err.Error()))
	}
	return exitUsage
}

// jsonLogs reports whether args ask for JSON logs, for errors found while parsing them.
func jsonLogs(args []string) bool {
	for i, a := range args {
		switch strings.TrimLeft(a, "-") {
		case "log-format=json":
			return true
		case "log-format":
			if i+1 < len(args) && args[i+1] == "json" {
				return true
			}
		}
		if a == "--" {
			break
		}
	}
	return false
}

func (j *job) run(ctx context.Context) int {
	o := j.o
	// Records: the CSV itself, or the failed rows of a report.
	var in *source.Input
	var recs importer.Records
	var header []string
	var src *source.List
	if o.command == "retry" {
		var rr *importer.FailedRows
		var code int
		if in, rr, code = j.openFailed(ctx); rr == nil {
			return code
		}
		defer in.Close()
		defer rr.Close()
		recs, header = rr, rr.Header()
	} else {
		var err error
		if src, err = openList(ctx, o); err != nil {
			return j.fail(listExit(err), err)
		}
		defer src.Close()
		for _, w := range src.Warnings() {
			j.log.Warn(w, "file", o.file)
		}
		in, recs, header = src.Input, src, src.Header()
	}

	var types []mapping.Typed
	var err error
	if o.command == "check" && o.profile != "" {
		if types, err = profile.CheckTypes(o.profile, j.log); err != nil {
			return j.fail(exitUsage, err)
		}
	}
	m, err := compileTyped(o, header, types)
	if err != nil {
		return j.fail(exitUsage, err)
	}
	if err := resolveGroup(o, m); err != nil {
		return j.fail(exitUsage, err)
	}
	if rr, ok := recs.(*importer.FailedRows); ok && rr.Membership() && o.group == 0 {
		// Retried without its group, a row whose membership failed would come back created or
		// updated and still be no member.
		return j.fail(exitUsage, fmt.Errorf("report %s comes from a run into a group (it has an import.membership column): give retry the same --group, so that the failed rows' memberships are redone", o.file))
	}
	if o.command == "check" {
		printMapping(j.stdout, o, m)
	}

	j.sum = report.Summary{
		Command: o.command, Mapping: orAuto(o.mapping), MappingFingerprint: m.Fingerprint(),
		Identifier: string(m.Identifier()), Mode: o.mode, Rate: o.rate, Workers: o.workersCap(),
		WorkersMode: o.workersMode(),
		Input:       report.Input{Path: o.file, Size: in.Size, SHA256: in.SHA256},
		Started:     time.Now().UTC(),
	}
	if read, ok := recs.(interface {
		Encoding() string
		Delimiter() rune
	}); ok {
		j.sum.Input.Encoding, j.sum.Input.Delimiter = read.Encoding(), delimiterName(read.Delimiter())
	}
	if o.command == "check" {
		j.sum.Target = "none (check: no requests sent)"
	}

	// Everything that can refuse the run comes before anything is created: a usage error
	// leaves no files behind, and a lock held by another run leaves no report.
	reportPath, err := runfile.Plan(o.fileOptions(), &j.sum, time.Now())
	if err != nil {
		return j.fail(fileExit(err), err)
	}
	var stateLock *runfile.Lock
	if o.state != "" {
		if stateLock, err = runfile.LockFile(o.state, "state file"); err != nil {
			return j.fail(exitStopped, err)
		}
		defer stateLock.Release()
	}
	var tgt *target
	var th *pace.Throttle
	var tenant engage.Tenant
	if o.command != "check" {
		th = pace.NewThrottle(pace.ThrottleConfig{Rate: o.rate})
		tgt, err = openTarget(o, j.getenv, th, j.log)
		if err != nil {
			if errors.Is(err, errStartup) {
				return j.fail(exitStopped, err)
			}
			return j.fail(exitUsage, err)
		}
		defer tgt.close()
		j.sum.Target, j.sum.Sandbox = tgt.name, tgt.box != nil
		if tenant, err = profile.Tenant(profile.Use{Path: o.profile, Given: o.profileSet, Sandbox: tgt.box != nil, Target: tgt.client.BaseURL(), Log: j.log}, &j.sum); err != nil {
			return j.fail(exitUsage, err)
		}
		if tenant.UnifiedIdentifierName == engage.NotRequired {
			// doctor saw updates without it accepted: its meaning is unsettled, so it is not sent.
			tgt.client.OmitUnifiedIdentifierName(true)
		}
		if types := profile.Types(tenant.Definitions); types != nil {
			// The profile names this target: its attribute types check every custom value.
			if m, err = compileTyped(o, header, types); err != nil {
				return j.fail(exitUsage, err)
			}
		}
	}

	var led importer.Ledger
	var mir *mirrorRun
	if o.state != "" {
		st, err := ledger.Open(o.state, tgt.key)
		if err != nil {
			return j.fail(exitStopped, err)
		}
		defer st.Close()
		if err := stateLock.Pin(); err != nil {
			return j.fail(exitStopped, err)
		}
		led, j.state, j.lock = st, st, stateLock
		if mir, err = j.planMirror(st); err != nil {
			return j.fail(exitStopped, err)
		}
	}

	// The report comes last: a run that cannot start leaves no "unfinished" report behind
	// that would block the next one.
	inSep := ','
	if read, ok := recs.(interface{ Delimiter() rune }); ok {
		inSep = read.Delimiter()
	}
	sep, _ := reportSeparator(o.reportSep, inSep) // checked with the options
	rep, err := runfile.Open(o.fileOptions(), reportPath, &j.sum, header, sep)
	if err != nil {
		return j.fail(fileExit(err), err)
	}
	defer rep.Close()
	rep.Guard(stateLock)
	j.rep = rep
	j.sum.Report = rep.Path()
	j.jsonOut = rep.SummaryPath()
	if err := rep.Track(&j.sum); err != nil {
		j.discard()
		return j.fail(exitStopped, err)
	}

	if e, ok := importEstimate(o, in, &j.sum); ok && e.worthLogging() {
		j.log.Info(e.String())
	}
	prog := new(importer.Progress)
	stopProgress := j.showProgress(prog, in.Size)
	if o.command == "check" {
		err = importer.Check(ctx, m, recs, rep, &j.sum, prog)
	} else {
		rate, _ := o.errorRate()
		cfg := importer.Config{
			API: tgt.client, Throttle: th, Mapper: m, Tenant: tenant,
			Mode: importer.Mode(o.mode), Strategy: importer.Strategy(o.strategy),
			Workers: o.workers, Ledger: led, Full: o.full, Skip: rep.Skip,
			Abort: importer.AbortPolicy{MaxErrors: o.maxErrors, MaxErrorRate: rate, SameCode: sameCode(o.sameErrors)},
			Log:   j.log, Progress: prog,
			Group: o.group, Subscription: engage.SubscriptionMode(o.subscription), Seen: mir.seen(),
		}
		err = importer.Run(ctx, cfg, recs, rep, &j.sum)
	}
	stopProgress()
	if src != nil {
		if n, line := src.ByteOrderMarks(); n > 0 {
			j.sum.Input.ByteOrderMarks = n
			j.log.Warn("byte order marks inside the file were removed from its cells (two exports joined into one?)", "file", o.file, "count", n, "first_line", line)
		}
	}
	var merr error
	if err == nil && mir != nil {
		merr = j.mirror(ctx, mir, tgt, th, rep.Path())
	}
	code := j.mirrorDone(j.finish(err, tgt), mir, merr)
	if o.command == "check" && err == nil {
		fmt.Fprintln(j.stdout, checkEstimate(j.sum.Counts[report.Valid]))
	}
	return code
}

// reportSeparator resolves --report-delimiter: "auto" takes the input's separator when a
// spreadsheet splits on it (comma, semicolon, tab) and a comma otherwise; a resumed report keeps
// its own (openReport).
func reportSeparator(flag string, input rune) (rune, error) {
	switch flag {
	case "auto", "":
		if report.ValidDelimiter(input) {
			return input, nil
		}
		return ',', nil
	case ",":
		return ',', nil
	case ";":
		return ';', nil
	case "tab", "\t":
		return '\t', nil
	}
	return 0, fmt.Errorf("--report-delimiter must be auto, \",\", \";\" or tab, not %q", flag)
}

func delimiterName(r rune) string {
	switch r {
	case '\t':
		return "tab"
	case 0: // a workbook has no delimiter
		return ""
	}
	return string(r)
}

// sameCode turns --stop-after-same-errors into AbortPolicy.SameCode, where 0 means the default.
func sameCode(n int) int {
	if n == 0 {
		return -1
	}
	return n
}
