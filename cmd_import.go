package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"contactimport/importer/job"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/printable"
)

// runImport implements import, check and retry: the flags parsed into a job.Config, the run
// (job.Run), its outcome as the exit code.
func runImport(ctx context.Context, command string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, err := parseOptions(command, args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return usageFailed(args, stderr, err)
	}
	return int(job.Run(ctx, o.config(getenv, stdout, stderr)))
}

// config is the job.Config the flags o give, speaking to stdout and stderr.
func (o *options) config(getenv func(string) string, stdout, stderr io.Writer) job.Config {
	rate, _ := o.errorRate() // checked with the flags
	return job.Config{
		Input: o.input(), Endpoint: o.endpoint(),
		Command: o.command, Identifier: o.identifier, Mode: o.mode, Strategy: o.strategy,
		Rate: o.rate, Workers: o.workers, WorkersCap: o.workersCap(), WorkersMode: o.workersMode(),
		Report: o.report, ReportSep: o.reportSep, Resume: o.resume, State: o.state, Full: o.full,
		MaxErrors: o.maxErrors, MaxErrRate: rate, SameErrors: o.sameErrors,
		Progress: o.progress, LogFormat: o.logFormat, Profile: o.profile, ProfileSet: o.profileSet,
		Group: o.group, Subscription: o.subscription, UnsubMissing: o.unsubMissing, MaxRemovals: o.maxRemovals,
		Getenv: getenv, Stdout: stdout, Stderr: stderr, Log: newLogger(o, stderr),
	}
}

// input is how o's command reads its list.
func (o *options) input() job.Input {
	return job.Input{File: o.file, Mapping: o.mapping, Encoding: o.encoding, Delimiter: o.delimiter,
		LazyQuotes: o.lazyQuotes, Sheet: o.sheet, SkipLines: o.skipLines, FindStart: o.findStart}
}

// endpoint is where o's command sends its requests.
func (o *options) endpoint() job.Endpoint {
	return job.Endpoint{URL: o.url, Sandbox: o.sandbox, SandboxDB: o.sandboxDB, CACert: o.caCert,
		Insecure: o.insecure, UserAgent: "contactimport/" + versionString()}
}

// openList is the input prologue of a command that reads a list (job.OpenList).
func openList(ctx context.Context, o *options) (*source.List, error) {
	return job.OpenList(ctx, o.input())
}

// compileMapping compiles the mapping of o for header as import and retry do (job.Compile).
func compileMapping(o *options, header []string) (*mapping.Mapper, error) {
	return job.Compile(o.file, o.mapping, o.identifier, header, nil)
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
