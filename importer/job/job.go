// Package job is one run of a command that reads a list, as the CLI starts it: import, check
// and retry (Run), convert (Convert) and its upload alone (UploadOnly). It wires the stages of a
// row's trip to each other: the input prologue (OpenList, and retry's report in the lenient
// mode), the mapping (Compile), the report's planning, locks and files (report/runfile), the
// target (OpenTarget) and its tenant profile, the ledger, the pipeline (package importer), the
// nightly mirror and the hand-off, then the summary and the next step to take. Package main
// parses the flags into a Config and turns the Outcome into the process's exit code; nothing
// here reads flags, os.Args or the process environment except through Config.Getenv.
//
// A run is sequential at this level (the pipeline runs its own goroutines); runs with distinct
// files may go on in parallel.
package job

import (
	"fmt"
	"io"
	"log/slog"

	"contactimport/importer/ledger"
	"contactimport/printable"
	"contactimport/report"
	"contactimport/report/runfile"
)

// Outcome is how a run ended. Its value is the process exit code SPEC gives it ("Output and exit
// codes"), so that a log record can carry it.
type Outcome int

// The outcomes of a run.
const (
	OK          Outcome = 0   // finished; no row failed
	Stopped     Outcome = 1   // auth failure, abort threshold, lock held, target unreachable, I/O error
	Usage       Outcome = 2   // usage or input problem found before any request
	RowsFailed  Outcome = 3   // finished; some rows failed
	Interrupted Outcome = 130 // interrupted by a signal; report flushed
)

// worse is the outcome that says more of two: a stop or an interrupt over rejected rows over
// success.
func worse(a, b Outcome) Outcome {
	rank := map[Outcome]int{OK: 0, RowsFailed: 1, Stopped: 2, Interrupted: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// Input says how a command reads its list: the file, the mapping file (which may say where the
// list starts) and the input flags.
type Input struct {
	File       string // the input list, or the report for retry
	Mapping    string // mapping file; "" for auto-mapping
	Encoding   string
	Delimiter  string
	LazyQuotes bool
	Sheet      string // the sheet of an XLSX input
	SkipLines  int    // init's: the lines above the header
	FindStart  bool   // init's: find where the list starts (source.Options.FindStart)
}

// Config is everything a run is told: its command, what the flags say, and where it speaks.
type Config struct {
	Input
	Endpoint
	Command     string // import, check, retry or convert
	Identifier  string
	Mode        string
	Strategy    string
	Rate        float64
	Workers     int // 0: auto
	WorkersCap  int // the summary's workers: the cap of auto
	WorkersMode string
	Report      string
	ReportSep   string // --report-delimiter
	Resume      bool
	State       string
	Full        bool
	MaxErrors   int
	MaxErrRate  float64
	SameErrors  int
	Progress    string
	LogFormat   string
	Profile     string // what doctor learnt about the target
	ProfileSet  bool   // Profile was given, not defaulted

	// A run into a group; Group and Subscription are resolved against the mapping.
	Group        int64
	Subscription string
	UnsubMissing bool
	MaxRemovals  string

	// Convert's: the directory of the import files, their size limit, and the hand-off.
	OutDir  string
	Limit   int64
	Handoff Handoff

	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
}

// job is one run.
type job struct {
	o      *Config
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

func newJob(c Config) *job {
	return &job{o: &c, getenv: c.Getenv, stdout: c.Stdout, stderr: c.Stderr, log: c.Log}
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
func (j *job) fail(code Outcome, err error) Outcome {
	j.say(err.Error(), "exit_code", int(code))
	return code
}

// say tells the person at the terminal, or with --log-format json the log shipper, something
// that is not a row's business: why a run did not start or stopped, and what to do next.
func (j *job) say(msg string, args ...any) {
	if j.o.LogFormat == "json" {
		j.log.Error(msg, args...)
		return
	}
	fmt.Fprintln(j.stderr, "contactimport: "+printable.Lines(msg))
}
