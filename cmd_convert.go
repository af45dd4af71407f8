package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"contactimport/importer"
	"contactimport/importer/handoff"
	"contactimport/importer/mappimport"
	"contactimport/mapping"
	"contactimport/report"
	"contactimport/report/runfile"
)

// convertLimit is the largest import file convert writes; tests lower it.
var convertLimit int64 = mappimport.Limit

// runConvert implements convert: the input read, mapped and validated as check does, written as
// files for Mapp's own file import, with the failed rows in a report.
func runConvert(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, outDir, h, err := parseConvertOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return usageFailed(args, stderr, err)
	}
	j := &job{o: o, getenv: getenv, stdout: stdout, stderr: stderr, log: newLogger(o, stderr)}
	if h.uploadOnly {
		return j.uploadOnly(ctx, outDir, h)
	}
	return j.convert(ctx, outDir, h)
}

// convertFlags returns convert's flag set, check's input flags plus --out-dir and the hand-off's
// flags, which fill o, outDir and the returned handoffFlags when it parses.
func convertFlags(o *options, outDir *string, stderr io.Writer) (*flag.FlagSet, *handoffFlags) {
	fs := flag.NewFlagSet("contactimport convert", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.mapping, "mapping", "", "mapping `file` (YAML); default: auto-mapping of the header")
	fs.StringVar(&o.identifier, "identifier", "", "match contacts by `email|mobile|alias|external` (default: the mapping's, else email)")
	fs.StringVar(outDir, "out-dir", "", "`directory` for the import files and the report (default: the input's directory)")
	fs.StringVar(&o.report, "report", "", "report `file` of the failed rows (default: <out-dir>/<input stem>.<YYYYMMDD-HHMMSS>.report.csv)")
	inputFlags(fs, o)
	fs.StringVar(&o.progress, "progress", "auto", "progress display: auto|bar|log|none")
	logFlags(fs, o)
	h := addHandoffFlags(fs, o)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport convert [flags] FILE\n\n"+
			"Writes FILE, mapped and validated as check does, as files for Mapp Engage's own file import\n"+
			"(<stem>.mapp-001.csv, -002 …: UTF-8, Mapp's header names, at most 50 MB each), and the rows that\n"+
			"failed in a report. No network, unless --upload puts the files on the file server of a Mapp import\n"+
			"automation and --automation runs it (ENGAGE_URL, ENGAGE_USER, ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs, h
}

// parseConvertOptions parses check's flags plus --out-dir (default: the input's directory) and
// the hand-off's flags.
func parseConvertOptions(args []string, stderr io.Writer) (*options, string, *handoffFlags, error) {
	o := &options{command: "convert"}
	var outDir string
	fs, h := convertFlags(o, &outDir, stderr)
	files, err := parseArgs(fs, args)
	if err != nil {
		return nil, "", nil, err
	}
	if len(files) != 1 {
		fs.Usage()
		return nil, "", nil, fmt.Errorf("convert needs exactly one file argument, got %d", len(files))
	}
	o.file = files[0]
	if outDir == "" {
		outDir = filepath.Dir(o.file)
	}
	if o.identifier != "" {
		if _, err := mapping.ParseIdentifier(o.identifier); err != nil {
			return nil, "", nil, fmt.Errorf("--identifier: %w", err)
		}
	}
	if err := checkChoice("progress", o.progress, progressValues()); err != nil {
		return nil, "", nil, err
	}
	if err := checkChoice("log-format", o.logFormat, logFormatValues()); err != nil {
		return nil, "", nil, err
	}
	if err := h.check(); err != nil {
		return nil, "", nil, err
	}
	return o, outDir, h, nil
}

// convert runs one conversion. Everything that can refuse it comes before anything is created;
// a conversion that does not finish removes every file it made (a partial set of import files
// must not be uploaded), so the same command can simply run again.
func (j *job) convert(ctx context.Context, outDir string, h *handoffFlags) int {
	o := j.o
	src, err := openList(ctx, o)
	if err != nil {
		return j.fail(listExit(err), err)
	}
	defer src.Close()
	for _, w := range src.Warnings() {
		j.log.Warn(w, "file", o.file)
	}
	m, err := compileMapping(o, src.Header())
	if err != nil {
		return j.fail(exitUsage, err)
	}
	layout, err := mappimport.NewLayout(m)
	if err != nil {
		return j.fail(exitUsage, fmt.Errorf("%s: %w", o.file, err))
	}
	out := runfile.NewImportFiles(outDir, o.file)
	if err := out.Check(); err != nil {
		return j.fail(exitUsage, err)
	}
	hand, closeHand, code := j.prepareHandoff(ctx, h)
	if code != exitOK {
		return code
	}
	defer closeHand()
	printMapping(j.stdout, o, m)

	j.sum = report.Summary{
		Command: o.command, Target: "none (convert: no requests sent; files for Mapp's file import)",
		Mapping: orAuto(o.mapping), MappingFingerprint: m.Fingerprint(), Identifier: string(m.Identifier()),
		Input:   report.Input{Path: o.file, Size: src.Input.Size, SHA256: src.Input.SHA256, Encoding: src.Encoding(), Delimiter: delimiterName(src.Delimiter())},
		Started: time.Now().UTC(),
	}
	reportPath := o.report
	if reportPath == "" {
		reportPath = runfile.ConvertPath(outDir, o.file, time.Now())
	}
	if err := runfile.CheckPath(reportPath, o.file, false); err != nil {
		return j.fail(exitUsage, err)
	}
	sep, _ := reportSeparator(o.reportSep, src.Delimiter()) // checked with the options
	rep, err := runfile.Open(o.fileOptions(), reportPath, &j.sum, src.Header(), sep)
	if err != nil {
		return j.fail(fileExit(err), err)
	}
	defer rep.Close()
	j.rep = rep
	j.sum.Report = rep.Path()
	j.jsonOut = rep.SummaryPath()

	split, err := mappimport.NewSplitter(layout.Header(), convertLimit, out.Create)
	if err == nil {
		prog := new(importer.Progress)
		stop := j.showProgress(prog, src.Input.Size)
		err = importer.Convert(ctx, m, layout, src, split, rep, &j.sum, prog)
		if cerr := split.Close(); err == nil {
			err = cerr
		}
		stop()
	}
	if err != nil {
		return j.convertStopped(err, out)
	}
	return j.convertFinished(ctx, out, split.Files(), layout.Header(), m.Identifier(), hand)
}

// convertFinished prints the summary and the hand-off, and picks the exit code: 0, or 3 when
// rows failed.
func (j *job) convertFinished(ctx context.Context, out *runfile.ImportFiles, files []mappimport.File, header []string, id mapping.Identifier, hand *handoff.Run) int {
	j.sum.Ended, j.sum.Finished = time.Now().UTC(), true
	if el := j.sum.Ended.Sub(j.sum.Started).Seconds(); el > 0 {
		j.sum.RowsPerSecond = float64(j.sum.Rows) / el
	}
	code := exitOK
	if j.sum.Counts[report.Failed] > 0 {
		code = exitRowsFailed
	}
	if err := j.writeSummary(); err != nil {
		return j.convertStopped(err, out)
	}
	j.sum.WriteTable(j.stdout)
	fmt.Fprintln(j.stdout)
	written := make([]mappimport.Written, len(files))
	for i, f := range files {
		written[i] = mappimport.Written{Path: out.Path(f.Number), File: f}
	}
	if hand != nil {
		return worse(code, j.handOff(ctx, hand, written))
	}
	if err := mappimport.WriteHandoff(j.stdout, written, header, id); err != nil {
		j.say("print the hand-off: " + err.Error())
	}
	return code
}

// convertStopped removes what the conversion wrote and says why it stopped: exit 130 for an
// interrupt, 1 otherwise.
func (j *job) convertStopped(err error, out *runfile.ImportFiles) int {
	code := exitStopped
	if errors.Is(err, importer.ErrInterrupted) {
		code = exitInterrupted
	}
	if rerr := out.RemoveAll(); rerr != nil {
		j.say(rerr.Error())
	}
	j.discard()
	j.say("conversion stopped: "+err.Error()+"; no import file or report kept: once the cause is fixed, run the same command again", "exit_code", code)
	return code
}
