package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"contactimport/importer/job"
	"contactimport/importer/mappimport"
	"contactimport/mapping"
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
	c := o.config(getenv, stdout, stderr)
	c.OutDir, c.Limit = outDir, convertLimit
	c.Handoff = job.Handoff{Upload: h.upload != "", Target: h.target, SSHKey: h.sshKey, KnownHosts: h.knownHosts,
		Automation: h.automation, Rate: h.rate, Poll: h.poll, Stall: h.stall, Dial: sftpDial}
	if h.uploadOnly {
		return int(job.UploadOnly(ctx, c))
	}
	return int(job.Convert(ctx, c))
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
