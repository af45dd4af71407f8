package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/mapping"
	"contactimport/report"
)

// runImport implements import, check and retry.
func runImport(ctx context.Context, command string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, err := parseOptions(command, args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		if jsonLogs(args) {
			slog.New(slog.NewJSONHandler(stderr, nil)).Error(err.Error(), "exit_code", exitUsage)
		} else {
			fmt.Fprintln(stderr, "contactimport:", err)
		}
		return exitUsage
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
}

// fail reports err and returns code. With --log-format json it is a log record like every
// other line on stderr, so that a log shipper sees why a run never started.
func (j *job) fail(code int, err error) int {
	if j.o.logFormat == "json" {
		j.log.Error(err.Error(), "exit_code", code)
	} else {
		fmt.Fprintln(j.stderr, "contactimport:", err)
	}
	return code
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
	in, err := openInput(ctx, o.file)
	if errors.Is(err, context.Canceled) {
		return j.fail(exitInterrupted, err)
	}
	if err != nil {
		return j.fail(exitUsage, err)
	}
	defer in.f.Close()

	// Records: the CSV itself, or the failed rows of a report.
	var recs importer.Records
	var header []string
	var src *importer.Source
	if o.command == "retry" {
		rr, err := importer.NewFailedRows(in.stream)
		if err != nil {
			return j.fail(exitUsage, fmt.Errorf("read report %s: %w", o.file, err))
		}
		recs, header = rr, rr.Header()
	} else {
		src, err = importer.OpenSource(in.stream, importer.SourceOptions{Encoding: o.encoding, Delimiter: o.delimiter, LazyQuotes: o.lazyQuotes, Name: o.file})
		if err != nil {
			return j.fail(exitUsage, err)
		}
		for _, w := range src.Warnings() {
			j.log.Warn(w, "file", o.file)
		}
		recs, header = src, src.Header()
	}

	m, err := compileMapping(o, header)
	if err != nil {
		return j.fail(exitUsage, err)
	}
	if o.command == "check" {
		printMapping(j.stdout, o, m)
	}

	j.sum = report.Summary{
		Command: o.command, Mapping: orAuto(o.mapping), MappingFingerprint: m.Fingerprint(),
		Identifier: string(m.Identifier()), Mode: o.mode, Rate: o.rate, Workers: o.workers,
		Input:   report.Input{Path: o.file, Size: in.size, SHA256: in.sha},
		Started: time.Now().UTC(),
	}
	if src != nil {
		j.sum.Input.Encoding, j.sum.Input.Delimiter = src.Encoding(), delimiterName(src.Delimiter())
	}
	if o.command == "check" {
		j.sum.Target = "none (check: no requests sent)"
	}

	// Everything that can refuse the run comes before anything is created: a usage error
	// leaves no files behind, and a lock held by another run leaves no report.
	reportPath, code, err := planReport(o, &j.sum)
	if err != nil {
		return j.fail(code, err)
	}
	var stateFile *os.File
	if o.state != "" {
		if stateFile, err = lockPath(o.state, "state file"); err != nil {
			return j.fail(exitStopped, err)
		}
		defer stateFile.Close()
	}
	var tgt *target
	var th *importer.Throttle
	var tenant engage.Tenant
	if o.command != "check" {
		th = importer.NewThrottle(importer.ThrottleConfig{Rate: o.rate})
		tgt, err = openTarget(o, j.getenv, th, j.log)
		if err != nil {
			if errors.Is(err, errStartup) {
				return j.fail(exitStopped, err)
			}
			return j.fail(exitUsage, err)
		}
		defer tgt.close()
		j.sum.Target, j.sum.Sandbox = tgt.name, tgt.box != nil
		if tenant, err = tenantOf(o, tgt, j.log, &j.sum); err != nil {
			return j.fail(exitUsage, err)
		}
	}

	rep, code, err := openReport(o, reportPath, &j.sum, header)
	if err != nil {
		return j.fail(code, err)
	}
	defer rep.close()
	j.sum.Report = rep.path
	j.jsonOut = rep.path + ".json"
	if err := j.writeSummary(); err != nil {
		return j.fail(exitStopped, err)
	}

	var ledger importer.Ledger
	if o.state != "" {
		st, err := importer.OpenState(o.state, tgt.key)
		if err != nil {
			return j.fail(exitStopped, err)
		}
		defer st.Close()
		ledger = st
	}

	prog := new(importer.Progress)
	stopProgress := startProgress(o, j.getenv, j.stderr, j.log, prog, in.size, &j.sum)
	if o.command == "check" {
		err = importer.Check(ctx, m, recs, rep.w, &j.sum, prog)
	} else {
		rate, _ := o.errorRate()
		cfg := importer.Config{
			API: tgt.client, Throttle: th, Mapper: m, Tenant: tenant,
			Mode: importer.Mode(o.mode), Strategy: importer.Strategy(o.strategy),
			Workers: o.workers, Ledger: ledger, Full: o.full, Skip: rep.skip,
			Abort: importer.AbortPolicy{MaxErrors: o.maxErrors, MaxErrorRate: rate, SameCode: sameCode(o.sameErrors)},
			Log:   j.log, Progress: prog,
		}
		err = importer.Run(ctx, cfg, recs, rep.w, &j.sum)
	}
	stopProgress()
	return j.finish(err, tgt)
}

// finish writes the summary and picks the exit code.
func (j *job) finish(err error, tgt *target) int {
	j.sum.Ended = time.Now().UTC()
	if el := j.sum.Ended.Sub(j.sum.Started).Seconds(); el > 0 {
		j.sum.RowsPerSecond = float64(j.sum.Rows-j.sum.Resumed) / el
	}
	code := exitOK
	var stop *importer.StopError
	switch {
	case err == nil:
		j.sum.Finished = true
		if j.sum.Counts[report.Failed] > 0 {
			code = exitRowsFailed
		}
	case errors.As(err, &stop):
		j.sum.Stopped = stop.Reason
		code = exitStopped
		if errors.Is(err, importer.ErrInterrupted) {
			code = exitInterrupted
		}
	default:
		j.sum.Stopped = err.Error()
		code = exitStopped
	}
	if werr := j.writeSummary(); werr != nil {
		fmt.Fprintln(j.stderr, "contactimport:", werr)
		code = exitStopped
	}
	j.sum.WriteTable(j.stdout)
	if err != nil {
		fmt.Fprintln(j.stderr, "contactimport: run stopped:", err)
		if j.o.command != "check" && (code == exitInterrupted || errors.Is(err, importer.ErrAborted) || errors.Is(err, importer.ErrUnreachable)) {
			fmt.Fprintf(j.stderr, "contactimport: once the cause is fixed, continue with: contactimport %s --resume --report %s … %s\n", j.o.command, j.sum.Report, j.o.file)
		}
	}
	return code
}

// writeSummary replaces <report>.json atomically.
func (j *job) writeSummary() error {
	tmp := j.jsonOut + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	if err := j.sum.WriteJSON(f); err != nil {
		f.Close()
		return fmt.Errorf("write summary: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return os.Rename(tmp, j.jsonOut)
}

func compileMapping(o *options, header []string) (*mapping.Mapper, error) {
	var f *mapping.File
	if o.mapping != "" {
		data, err := os.ReadFile(o.mapping)
		if err != nil {
			return nil, fmt.Errorf("mapping: %w", err)
		}
		if f, err = mapping.ParseFile(o.mapping, data); err != nil {
			return nil, err
		}
	}
	id, _ := mapping.ParseIdentifier(o.identifier)
	if o.identifier == "" {
		id = ""
	}
	m, err := mapping.Compile(f, header, mapping.Options{Identifier: id})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.file, err)
	}
	return m, nil
}

func printMapping(w io.Writer, o *options, m *mapping.Mapper) {
	fmt.Fprintf(w, "mapping (%s), identifier %s:\n", orAuto(o.mapping), m.Identifier())
	for _, r := range m.Resolved() {
		from := fmt.Sprintf("%q", r.Column)
		if r.IsConstant {
			from = fmt.Sprintf("constant %q", r.Constant)
		}
		line := fmt.Sprintf("  %-28s -> %s", from, r.Target)
		if len(r.Transforms) > 0 {
			line += "  [" + strings.Join(r.Transforms, ", ") + "]"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
}

func orAuto(s string) string {
	if s == "" {
		return "auto"
	}
	return s
}

func delimiterName(r rune) string {
	if r == '\t' {
		return "tab"
	}
	return string(r)
}

// defaultReportPath is <input stem>.<YYYYMMDD-HHMMSS>.report.csv in the working directory.
func defaultReportPath(input string, now time.Time) string {
	base := filepath.Base(input)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	return stem + "." + now.Format("20060102-150405") + ".report.csv"
}

// sameCode turns --stop-after-same-errors into AbortPolicy.SameCode, where 0 means the default.
func sameCode(n int) int {
	if n == 0 {
		return -1
	}
	return n
}
