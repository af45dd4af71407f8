package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/job"
	"contactimport/importer/pace"
	"contactimport/importer/profile"
	"contactimport/importer/progress"
	"contactimport/mapping"
	"contactimport/printable"
)

// options are the flags of import, check and retry.
type options struct {
	command string
	file    string // the input CSV, or the report for retry

	url        string
	sandbox    bool
	sandboxDB  string
	mapping    string
	identifier string
	mode       string
	strategy   string
	rate       float64
	workers    int // 0: auto
	report     string
	resume     bool
	state      string
	full       bool
	maxErrors  int
	maxErrRate string
	sameErrors int
	encoding   string
	delimiter  string
	reportSep  string // --report-delimiter
	lazyQuotes bool
	sheet      string // --sheet: the sheet of an XLSX input
	skipLines  int    // init's --skip-lines: the lines above the header
	findStart  bool   // init: find where the list starts (source.Options.FindStart)
	progress   string
	logFormat  string
	logLevel   string
	caCert     string
	insecure   bool
	profile    string // --profile: what doctor learnt about the target
	profileSet bool   // --profile was given, not defaulted

	// The group flags (cmd_import_group.go); group and subscription are resolved against the
	// mapping before the run.
	group        int64
	subscription string
	unsubMissing bool
	maxRemovals  string
}

// defaultProfile is the tenant profile doctor writes and import and retry read (profile.Default).
const defaultProfile = profile.Default

// inputFlags registers how the input is read, for every command that reads a list.
func inputFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.encoding, "encoding", "auto", "input encoding: auto|utf-8|utf-16|utf-16be|windows-1252|iso-8859-1|iso-8859-15|macintosh|cp850|cp437 (auto reads UTF-16 with a BOM and tells the 8-bit code pages apart by content)")
	fs.StringVar(&o.delimiter, "delimiter", "auto", "field separator: auto|,|;|tab||")
	fs.BoolVar(&o.lazyQuotes, "lazy-quotes", false, "accept bare quotes inside fields")
	fs.StringVar(&o.sheet, "sheet", "", "for an XLSX input: the sheet `NAME` to read (default: the first)")
}

// logFlags registers the stderr log flags.
func logFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.logFormat, "log-format", "text", "stderr log format: text|json")
	fs.StringVar(&o.logLevel, "log-level", "info", "log level: debug|info|warn|error")
}

// importFlags returns the flag set of import, check or retry, which fills o when it parses; its
// errors and help go to stderr. It is also what completion and man pages are made from.
func importFlags(command string, o *options, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("contactimport "+command, flag.ContinueOnError)
	fs.SetOutput(stderr)
	network := command != "check"
	fs.StringVar(&o.mapping, "mapping", "", "mapping `file` (YAML); default: auto-mapping of the header")
	fs.StringVar(&o.identifier, "identifier", "", "match contacts by `email|mobile|alias|external` (default: the mapping's, else email)")
	fs.StringVar(&o.report, "report", "", "report `file` (default: <input stem>.<YYYYMMDD-HHMMSS>.report.csv here)")
	fs.StringVar(&o.reportSep, "report-delimiter", "auto", "report field separator: auto|,|;|tab (auto: the input's, so a ; list gives a ; report; a | list gives ,)")
	inputFlags(fs, o)
	fs.StringVar(&o.progress, "progress", "auto", "progress display: auto|bar|log|none")
	logFlags(fs, o)
	if !network {
		fs.StringVar(&o.profile, "profile", "", "tenant profile `file` written by doctor: check each custom value against the tenant's attribute types")
	}
	if network {
		fs.StringVar(&o.url, "url", "", "API base `URL`, e.g. https://host/api/rest/v19 (or ENGAGE_URL)")
		fs.BoolVar(&o.sandbox, "sandbox", false, "import into an embedded sandbox instead of Engage")
		fs.StringVar(&o.sandboxDB, "sandbox-db", "contactimport-sandbox.db", "sandbox database `file`")
		fs.StringVar(&o.mode, "mode", "upsert", "upsert|create|update: create leaves existing contacts alone, update never creates")
		fs.StringVar(&o.strategy, "strategy", "guess", "guess: try the likelier write first (about 1 call per row); lookup: get, then write (2 calls per row)")
		fs.Float64Var(&o.rate, "rate", 10, "requests per second across all workers, retries included")
		fs.Var((*workersFlag)(&o.workers), "workers", "requests in flight: `auto|N` (default auto: --rate × the server's observed latency, up to 64)")
		fs.BoolVar(&o.resume, "resume", false, "continue an interrupted run of the same input into its report")
		fs.StringVar(&o.state, "state", "", "incremental mode: state `file` remembering what was sent; unchanged rows are skipped")
		fs.BoolVar(&o.full, "full", false, "with --state: send every row, and refresh the state")
		fs.IntVar(&o.maxErrors, "max-errors", 0, "stop the run when more than `N` rows failed (0: off)")
		fs.IntVar(&o.sameErrors, "stop-after-same-errors", 50, "stop the run when the API rejects `N` rows in a row with the same error code (0: never)")
		fs.StringVar(&o.maxErrRate, "max-error-rate", "", "stop the run when this share of rows failed, e.g. 5% or 0.05 (judged after 100 rows)")
		fs.StringVar(&o.caCert, "ca-cert", "", "PEM `file` of an extra CA to trust")
		fs.BoolVar(&o.insecure, "insecure-skip-verify", false, "do not verify the server's TLS certificate (dangerous)")
		fs.StringVar(&o.profile, "profile", defaultProfile, "tenant profile `file` written by doctor (default: used when it exists and names the same target)")
		groupFlags(fs, o)
	}
	fs.Usage = func() {
		what := map[string]string{"import": "FILE", "check": "FILE", "retry": "REPORT"}[command]
		fmt.Fprintf(stderr, "Usage: contactimport %s [flags] %s\n\nFlags:\n", command, what)
		fs.PrintDefaults()
		if network {
			fmt.Fprint(stderr, "\nEnvironment: ENGAGE_URL, ENGAGE_USER, ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE.\n")
		}
	}
	return fs
}

// parseOptions parses flags placed before and after the file argument.
func parseOptions(command string, args []string, stderr io.Writer) (*options, error) {
	o := &options{command: command}
	fs := importFlags(command, o, stderr)
	files, err := parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	fs.Visit(func(f *flag.Flag) { o.profileSet = o.profileSet || f.Name == "profile" })
	if len(files) != 1 {
		fs.Usage()
		return nil, fmt.Errorf("%s needs exactly one file argument, got %d", command, len(files))
	}
	o.file = files[0]
	return o, o.check()
}

func (o *options) check() error {
	if o.identifier != "" {
		if _, err := mapping.ParseIdentifier(o.identifier); err != nil {
			return fmt.Errorf("--identifier: %w", err)
		}
	}
	if o.command == "check" {
		o.mode, o.strategy = string(importer.ModeUpsert), string(importer.Guess)
	}
	if err := checkChoice("mode", o.mode, modeValues()); err != nil {
		return err
	}
	if err := checkChoice("strategy", o.strategy, strategyValues()); err != nil {
		return err
	}
	if o.command != "check" {
		if !(o.rate > 0 && o.rate <= 100000) {
			return errors.New("--rate must be above 0 and at most 100000 requests per second")
		}
		if o.sameErrors < 0 {
			return errors.New("--stop-after-same-errors must not be negative")
		}
		if o.workers < 0 || o.workers > 1024 {
			return errors.New("--workers must be auto or a number between 1 and 1024")
		}
		if o.maxErrors < 0 {
			return errors.New("--max-errors must not be negative")
		}
		if _, err := o.errorRate(); err != nil {
			return err
		}
		if o.full && o.state == "" {
			return errors.New("--full needs --state")
		}
		if err := o.checkGroupFlags(); err != nil {
			return err
		}
	}
	if err := job.CheckReportSeparator(o.reportSep); err != nil {
		return err
	}
	if err := checkChoice("progress", o.progress, progressValues()); err != nil {
		return err
	}
	return checkChoice("log-format", o.logFormat, logFormatValues())
}

// The values of the enumerated flags: the checks refuse any other, completion offers these.
func modeValues() []string {
	return []string{string(importer.ModeUpsert), string(importer.ModeCreate), string(importer.ModeUpdate)}
}
func strategyValues() []string  { return []string{string(importer.Guess), string(importer.Lookup)} }
func progressValues() []string  { return progress.Modes() }
func logFormatValues() []string { return []string{"text", "json"} }

// checkChoice refuses a value of the enumerated flag --name that is not one of values.
func checkChoice(name, value string, values []string) error {
	if slices.Contains(values, value) {
		return nil
	}
	last := len(values) - 1
	return fmt.Errorf("--%s must be %s or %s, not %q", name, strings.Join(values[:last], ", "), values[last], value)
}

// errorRate parses --max-error-rate: "5%" or "0.05".
func (o *options) errorRate() (float64, error) {
	s := strings.TrimSpace(o.maxErrRate)
	if s == "" {
		return 0, nil
	}
	pct := strings.HasSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err == nil && pct {
		f /= 100
	}
	if err != nil || f <= 0 || f > 1 {
		return 0, fmt.Errorf("--max-error-rate must be a share like 5%% or 0.05, not %q", o.maxErrRate)
	}
	return f, nil
}

// workersFlag is --workers: "auto" (0, the default) or a fixed number of requests in flight.
type workersFlag int

func (w *workersFlag) String() string {
	if w == nil || *w == 0 {
		return "auto"
	}
	return strconv.Itoa(int(*w))
}

func (w *workersFlag) Set(s string) error {
	if strings.EqualFold(strings.TrimSpace(s), "auto") {
		*w = 0
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 1024 {
		return errors.New("want auto or a number between 1 and 1024")
	}
	*w = workersFlag(n)
	return nil
}

// workersMode is how the summary names the concurrency: "auto" or "fixed".
func (o *options) workersMode() string {
	if o.command == "check" {
		return ""
	}
	if o.workers == 0 {
		return "auto"
	}
	return "fixed"
}

// workersCap is the most requests in flight: --workers N, or the automatic cap.
func (o *options) workersCap() int {
	if o.command == "check" {
		return 0
	}
	if o.workers == 0 {
		return pace.MaxAutoInFlight
	}
	return o.workers
}

// parseArgs parses flags placed before and after the file arguments, which it returns. A
// password flag is refused before anything else: a password on the command line shows in ps.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	for _, a := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && (name == "password" || name == "pass" || name == "p") {
			return nil, errors.New("there is no password flag: a password on the command line shows in ps; set ENGAGE_PASSWORD or ENGAGE_PASSWORD_FILE")
		}
		if a == "--" {
			break
		}
	}
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// safeHandler is the log handler of every logger the CLI builds: printable.Handler around the
// text or JSON handler, so that no record can act on the terminal or forge a log line.
type safeHandler struct{ slog.Handler }

func (h safeHandler) Handle(ctx context.Context, r slog.Record) error {
	return printable.Handler{Handler: h.Handler}.Handle(ctx, r)
}

func (h safeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return printable.Handler{Handler: h.Handler}.WithAttrs(as)
}

func (h safeHandler) WithGroup(name string) slog.Handler {
	return printable.Handler{Handler: h.Handler}.WithGroup(name)
}

// newLogger builds the stderr logger: text or JSON, at --log-level, every record shown safely
// (safeHandler); Go's standard log package writes to it too (printable.RouteStdLog).
func newLogger(o *options, stderr io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	hopts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(stderr, hopts)
	if o.logFormat == "json" {
		h = slog.NewJSONHandler(stderr, hopts)
	}
	l := slog.New(safeHandler{h})
	printable.RouteStdLog(l)
	return l
}

// groupFlags adds the flags of a run into a group to import and retry.
func groupFlags(fs *flag.FlagSet, o *options) {
	fs.Func("group", "also make every contact a member of the Engage group with this `ID` (default: the mapping's group:)", func(s string) error {
		var id int64
		if _, err := fmt.Sscan(strings.TrimSpace(s), &id); err != nil || id < 1 || fmt.Sprint(id) != strings.TrimSpace(s) {
			return errors.New("want a group id, a positive number as Engage shows it")
		}
		o.group = id
		return nil
	})
	fs.StringVar(&o.subscription, "subscription", "", "how contacts join the group, `mode` OPT_IN (silent), CONFIRMED_OPT_IN (welcome message) or DOUBLE_OPT_IN (invitation) (default: the mapping's subscription_mode:, else OPT_IN)")
	if o.command == "import" {
		fs.BoolVar(&o.unsubMissing, "unsubscribe-missing", false, "nightly mirror (needs --state and a group): members earlier runs made that the file no longer holds leave the group silently, listed in <report stem>.removed.csv")
		fs.StringVar(&o.maxRemovals, "max-removals", "5%", "with --unsubscribe-missing: remove nobody when more than `N|P%` of the members known before the run would go")
	}
}

// checkGroupFlags checks the group flags on their own; the run checks them against the mapping.
func (o *options) checkGroupFlags() error {
	if o.subscription != "" {
		mode := engage.SubscriptionMode(strings.ToUpper(strings.TrimSpace(o.subscription)))
		if !mode.Valid() {
			return fmt.Errorf("--subscription must be OPT_IN, CONFIRMED_OPT_IN or DOUBLE_OPT_IN, not %q", o.subscription)
		}
		o.subscription = string(mode)
	}
	if o.unsubMissing && o.state == "" {
		return errors.New("--unsubscribe-missing needs --state: the state file remembers whom earlier runs made members")
	}
	if _, err := importer.ParseRemovals(o.maxRemovals); o.command == "import" && err != nil {
		return err
	}
	return nil
}
