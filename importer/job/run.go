package job

import (
	"context"
	"errors"
	"fmt"
	"time"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/ledger"
	"contactimport/importer/pace"
	"contactimport/importer/profile"
	"contactimport/importer/progress"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
	"contactimport/report/runfile"
)

// Run runs import, check or retry (c.Command) and says how it ended. Everything that can refuse
// the run comes before anything is created: a usage error leaves no files behind, and a lock
// held by another run leaves no report.
func Run(ctx context.Context, c Config) Outcome {
	j := newJob(c)
	o := j.o
	in, recs, src, closeInput, code := j.openRecords(ctx)
	if closeInput == nil {
		return code
	}
	defer closeInput()
	header := recs.Header()
	m, err := j.mapper(header, recs)
	if err != nil {
		return j.fail(Usage, err)
	}
	j.startSummary(m, in, recs)
	r := &rowsRun{m: m, recs: recs, size: in.Size}
	defer r.close()
	if code := j.open(r, header); code != OK {
		return code
	}
	if e, ok := importEstimate(o, in, &j.sum); ok && e.worthLogging() {
		j.log.Info(e.String())
	}
	err = j.rows(ctx, r)
	if src != nil {
		if n, line := src.ByteOrderMarks(); n > 0 {
			j.sum.Input.ByteOrderMarks = n
			j.log.Warn("byte order marks inside the file were removed from its cells (two exports joined into one?)", "file", o.File, "count", n, "first_line", line)
		}
	}
	var merr error
	if err == nil && r.mir != nil {
		merr = j.mirror(ctx, r.mir, r.tgt, r.th, r.rep.Path())
	}
	code = j.mirrorDone(j.finish(err), r.mir, merr)
	if o.Command == "check" && err == nil {
		fmt.Fprintln(j.stdout, checkEstimate(j.sum.Counts[report.Valid]))
	}
	return code
}

// open plans the report, takes the state file's lock, opens the target, the ledger and the
// report, in that order, into r; r.close releases what was opened. The report comes last: a run
// that cannot start leaves no "unfinished" report behind that would block the next one.
func (j *job) open(r *rowsRun, header []string) Outcome {
	o := j.o
	reportPath, err := runfile.Plan(o.fileOptions(), &j.sum, time.Now())
	if err != nil {
		return j.fail(fileOutcome(err), err)
	}
	var stateLock *runfile.Lock
	if o.State != "" {
		if stateLock, err = runfile.LockFile(o.State, "state file"); err != nil {
			return j.fail(Stopped, err)
		}
		r.closers = append(r.closers, func() { stateLock.Release() })
	}
	if o.Command != "check" {
		r.th = pace.NewThrottle(pace.ThrottleConfig{Rate: o.Rate})
		if r.tgt, err = OpenTarget(o.Endpoint, j.getenv, r.th, j.log); err != nil {
			return j.fail(TargetOutcome(err), err)
		}
		r.closers = append(r.closers, r.tgt.Close)
		if r.m, r.tenant, err = j.tenant(r.tgt, header, r.m); err != nil {
			return j.fail(Usage, err)
		}
	}
	if o.State != "" {
		if code := j.openLedger(r, stateLock); code != OK {
			return code
		}
	}
	sep, _ := reportSeparator(o.ReportSep, r.recs.Delimiter()) // checked with the flags
	if r.rep, err = runfile.Open(o.fileOptions(), reportPath, &j.sum, header, sep); err != nil {
		return j.fail(fileOutcome(err), err)
	}
	r.closers = append(r.closers, func() { r.rep.Close() })
	r.rep.Guard(stateLock)
	j.rep = r.rep
	j.sum.Report = r.rep.Path()
	j.jsonOut = r.rep.SummaryPath()
	if err := r.rep.Track(&j.sum); err != nil {
		j.discard()
		return j.fail(Stopped, err)
	}
	return OK
}

// openLedger opens the --state ledger under its lock, and plans the nightly mirror.
func (j *job) openLedger(r *rowsRun, lock *runfile.Lock) Outcome {
	st, err := ledger.Open(j.o.State, r.tgt.Key)
	if err != nil {
		return j.fail(Stopped, err)
	}
	r.closers = append(r.closers, func() { st.Close() })
	if err := lock.Pin(); err != nil {
		return j.fail(Stopped, err)
	}
	r.led, j.state, j.lock = st, st, lock
	if r.mir, err = j.planMirror(st); err != nil {
		return j.fail(Stopped, err)
	}
	return OK
}

// records are the rows a run reads: a list, or the failed rows of a report.
type records interface {
	importer.Records
	Header() []string
	Encoding() string
	Delimiter() rune
}

// openRecords opens the input: the list itself, or for retry the failed rows of a report. On
// failure closeInput is nil and code says how the run ended, the failure reported.
func (j *job) openRecords(ctx context.Context) (in *source.Input, recs records, src *source.List, closeInput func(), code Outcome) {
	o := j.o
	if o.Command == "retry" {
		in, rr, code := j.openFailed(ctx)
		if rr == nil {
			return nil, nil, nil, nil, code
		}
		return in, rr, nil, func() { rr.Close(); in.Close() }, OK
	}
	src, err := OpenList(ctx, o.Input)
	if err != nil {
		return nil, nil, nil, nil, j.fail(ListOutcome(err), err)
	}
	for _, w := range src.Warnings() {
		j.log.Warn(w, "file", o.File)
	}
	return src.Input, src, src, func() { src.Close() }, OK
}

// mapper compiles the mapping for the header (with check --profile, against the tenant's
// types) and resolves the run's group against it.
func (j *job) mapper(header []string, recs records) (*mapping.Mapper, error) {
	o := j.o
	var types []mapping.Typed
	if o.Command == "check" && o.Profile != "" {
		var err error
		if types, err = profile.CheckTypes(o.Profile, j.log); err != nil {
			return nil, err
		}
	}
	m, err := Compile(o.File, o.Mapping, o.Identifier, header, types)
	if err != nil {
		return nil, err
	}
	if err := resolveGroup(o, m); err != nil {
		return nil, err
	}
	if rr, ok := recs.(*importer.FailedRows); ok && rr.Membership() && o.Group == 0 {
		// Retried without its group, a row whose membership failed would come back created or
		// updated and still be no member.
		return nil, fmt.Errorf("report %s comes from a run into a group (it has an import.membership column): give retry the same --group, so that the failed rows' memberships are redone", o.File)
	}
	if o.Command == "check" {
		PrintMapping(j.stdout, o.Mapping, m)
	}
	return m, nil
}

// startSummary starts the run's summary: what it reads, with which mapping, how.
func (j *job) startSummary(m *mapping.Mapper, in *source.Input, recs records) {
	o := j.o
	j.sum = report.Summary{
		Command: o.Command, Mapping: orAuto(o.Mapping), MappingFingerprint: m.Fingerprint(),
		Identifier: string(m.Identifier()), Mode: o.Mode, Rate: o.Rate, Workers: o.WorkersCap,
		WorkersMode: o.WorkersMode,
		Input: report.Input{Path: o.File, Size: in.Size, SHA256: in.SHA256,
			Encoding: recs.Encoding(), Delimiter: DelimiterName(recs.Delimiter())},
		Started: time.Now().UTC(),
	}
	if o.Command == "check" {
		j.sum.Target = "none (check: no requests sent)"
	}
}

// tenant learns what the run knows of its target (package profile) and, when the profile holds
// the tenant's attribute types, compiles the mapping again to check every custom value by them.
func (j *job) tenant(tgt *Target, header []string, m *mapping.Mapper) (*mapping.Mapper, engage.Tenant, error) {
	o := j.o
	j.sum.Target, j.sum.Sandbox = tgt.Name, tgt.Box != nil
	tenant, err := profile.Tenant(profile.Use{Path: o.Profile, Given: o.ProfileSet, Sandbox: tgt.Box != nil, Target: tgt.Client.BaseURL(), Log: j.log}, &j.sum)
	if err != nil {
		return nil, tenant, err
	}
	if tenant.UnifiedIdentifierName == engage.NotRequired {
		// doctor saw updates without it accepted: its meaning is unsettled, so it is not sent.
		tgt.Client.OmitUnifiedIdentifierName(true)
	}
	if types := profile.Types(tenant.Definitions); types != nil {
		// The profile names this target: its attribute types check every custom value.
		if m, err = Compile(o.File, o.Mapping, o.Identifier, header, types); err != nil {
			return nil, tenant, err
		}
	}
	return m, tenant, nil
}

// rowsRun is what the row loop of a run takes, and what was opened for it.
type rowsRun struct {
	m       *mapping.Mapper
	recs    records
	rep     *runfile.Report
	tgt     *Target
	th      *pace.Throttle
	tenant  engage.Tenant
	led     importer.Ledger
	mir     *mirrorRun
	size    int64
	closers []func() // in the order opened
}

// close releases what was opened for the run, the last opened first.
func (r *rowsRun) close() {
	for i := len(r.closers) - 1; i >= 0; i-- {
		r.closers[i]()
	}
}

// rows runs the rows through check's or the import's pipeline, with the progress shown.
func (j *job) rows(ctx context.Context, r *rowsRun) error {
	o := j.o
	prog := new(importer.Progress)
	defer j.showProgress(prog, r.size)()
	if o.Command == "check" {
		return importer.Check(ctx, r.m, r.recs, r.rep, &j.sum, prog)
	}
	cfg := importer.Config{
		API: r.tgt.Client, Throttle: r.th, Mapper: r.m, Tenant: r.tenant,
		Mode: importer.Mode(o.Mode), Strategy: importer.Strategy(o.Strategy),
		Workers: o.Workers, Ledger: r.led, Full: o.Full, Skip: r.rep.Skip,
		Abort: importer.AbortPolicy{MaxErrors: o.MaxErrors, MaxErrorRate: o.MaxErrRate, SameCode: sameCode(o.SameErrors)},
		Log:   j.log, Progress: prog,
		Group: o.Group, Subscription: engage.SubscriptionMode(o.Subscription), Seen: r.mir.seen(),
	}
	return importer.Run(ctx, cfg, r.recs, r.rep, &j.sum)
}

// showProgress shows the run's progress (package progress) until the returned function is called.
func (j *job) showProgress(p *importer.Progress, size int64) func() {
	return progress.Start(progress.Config{Mode: j.o.Progress, Term: j.getenv("TERM"), Out: j.stderr, Log: j.log, Counts: p, Size: size})
}

// ReportSeparator resolves --report-delimiter: "auto" takes the input's separator when a
// spreadsheet splits on it (comma, semicolon, tab) and a comma otherwise; a resumed report keeps
// its own (runfile.Open).
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

// CheckReportSeparator refuses a --report-delimiter the run could not write.
func CheckReportSeparator(flag string) error {
	_, err := reportSeparator(flag, ',')
	return err
}

// DelimiterName names a field separator as the summary and a draft mapping do.
func DelimiterName(r rune) string {
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

// fileOptions is what report/runfile needs to know of the run to plan and open its report.
func (o *Config) fileOptions() runfile.Options {
	return runfile.Options{Command: o.Command, Input: o.File, Report: o.Report, Resume: o.Resume, Group: o.Group != 0}
}

// fileOutcome is the outcome of an error of report/runfile: a report path or --resume that does
// not fit the run is a usage problem; a lock held by another run, a file of the run removed or
// replaced, and any I/O failure stop the run.
func fileOutcome(err error) Outcome {
	var refused *runfile.RefusedError
	var mismatch *runfile.MismatchError
	if errors.As(err, &refused) || errors.As(err, &mismatch) {
		return Usage
	}
	return Stopped
}
