package job

import (
	"contactimport/importer"
	"contactimport/importer/handoff"
	"contactimport/importer/mappimport"
	"contactimport/mapping"
	"contactimport/report"
	"contactimport/report/runfile"
	"context"
	"errors"
	"fmt"
	"time"
)

// Convert runs one conversion of c.File into import files in c.OutDir, then the hand-off.
// Everything that can refuse it comes before anything is created; a conversion that does not
// finish removes every file it made (a partial set of import files must not be uploaded), so the
// same command can simply run again.
func Convert(ctx context.Context, c Config) Outcome {
	j := newJob(c)
	o, outDir := j.o, c.OutDir
	src, err := OpenList(ctx, o.Input)
	if err != nil {
		return j.fail(ListOutcome(err), err)
	}
	defer src.Close()
	for _, w := range src.Warnings() {
		j.log.Warn(w, "file", o.File)
	}
	m, err := Compile(o.File, o.Mapping, o.Identifier, src.Header(), nil)
	if err != nil {
		return j.fail(Usage, err)
	}
	layout, err := mappimport.NewLayout(m)
	if err != nil {
		return j.fail(Usage, fmt.Errorf("%s: %w", o.File, err))
	}
	out := runfile.NewImportFiles(outDir, o.File)
	if err := out.Check(); err != nil {
		return j.fail(Usage, err)
	}
	hand, closeHand, code := j.prepareHandoff(ctx)
	if code != OK {
		return code
	}
	defer closeHand()
	PrintMapping(j.stdout, o.Mapping, m)

	j.sum = report.Summary{
		Command: o.Command, Target: "none (convert: no requests sent; files for Mapp's file import)",
		Mapping: orAuto(o.Mapping), MappingFingerprint: m.Fingerprint(), Identifier: string(m.Identifier()),
		Input:   report.Input{Path: o.File, Size: src.Input.Size, SHA256: src.Input.SHA256, Encoding: src.Encoding(), Delimiter: DelimiterName(src.Delimiter())},
		Started: time.Now().UTC(),
	}
	reportPath := o.Report
	if reportPath == "" {
		reportPath = runfile.ConvertPath(outDir, o.File, time.Now())
	}
	if err := runfile.CheckPath(reportPath, o.File, false); err != nil {
		return j.fail(Usage, err)
	}
	sep, _ := reportSeparator(o.ReportSep, src.Delimiter()) // checked with the flags
	rep, err := runfile.Open(o.fileOptions(), reportPath, &j.sum, src.Header(), sep)
	if err != nil {
		return j.fail(fileOutcome(err), err)
	}
	defer rep.Close()
	j.rep = rep
	j.sum.Report = rep.Path()
	j.jsonOut = rep.SummaryPath()

	split, err := mappimport.NewSplitter(layout.Header(), o.Limit, out.Create)
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

// convertFinished prints the summary and the hand-off, and says how the run ended: OK, or RowsFailed
// when rows failed.
func (j *job) convertFinished(ctx context.Context, out *runfile.ImportFiles, files []mappimport.File, header []string, id mapping.Identifier, hand *handoff.Run) Outcome {
	j.sum.Ended, j.sum.Finished = time.Now().UTC(), true
	if el := j.sum.Ended.Sub(j.sum.Started).Seconds(); el > 0 {
		j.sum.RowsPerSecond = float64(j.sum.Rows) / el
	}
	code := OK
	if j.sum.Counts[report.Failed] > 0 {
		code = RowsFailed
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

// convertStopped removes what the conversion wrote and says why it stopped: Interrupted
// for an interrupt, Stopped otherwise.
func (j *job) convertStopped(err error, out *runfile.ImportFiles) Outcome {
	code := Stopped
	if errors.Is(err, importer.ErrInterrupted) {
		code = Interrupted
	}
	if rerr := out.RemoveAll(); rerr != nil {
		j.say(rerr.Error())
	}
	j.discard()
	j.say("conversion stopped: "+err.Error()+"; no import file or report kept: once the cause is fixed, run the same command again", "exit_code", int(code))
	return code
}
