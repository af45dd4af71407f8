package job

import (
	"context"
	"errors"
	"fmt"
	"io"

	"contactimport/importer"
	"contactimport/report"

	"contactimport/importer/source"
)

// OpenList is the input prologue of every command that reads a list (import, check, convert,
// doctor, init): it opens o.File and fingerprints it (source.OpenInput), then reads its records
// as the input flags say, with what the mapping file says about where the list starts
// (mappingInput). The caller closes the list; ListOutcome says how an error ends the run.
func OpenList(ctx context.Context, o Input) (*source.List, error) {
	in, err := source.OpenInput(ctx, o.File)
	if err != nil {
		return nil, err
	}
	skip, sheet, err := mappingInput(o)
	if err != nil {
		in.Close()
		return nil, err
	}
	return in.List(o.sourceOptions(sheet, skip))
}

// ListOutcome is how OpenList's error ends a run: Interrupted when a signal stopped the
// fingerprint, else Usage (the file, the mapping or the flags must change).
func ListOutcome(err error) Outcome {
	if errors.Is(err, context.Canceled) {
		return Interrupted
	}
	return Usage
}

// sourceOptions are the options the input flags give the list reader, with the sheet and the
// lines above the header resolved.
func (o Input) sourceOptions(sheet string, skip int) source.Options {
	return source.Options{Encoding: o.Encoding, Delimiter: o.Delimiter, LazyQuotes: o.LazyQuotes,
		Sheet: sheet, SkipLines: skip, FindStart: o.FindStart, Name: o.File}
}

// mappingInput returns what the mapping file says about reading the list: its skip_lines (the
// lines above the header the reader skips) and its sheet (--sheet wins); without a mapping file,
// --skip-lines (init's) and --sheet.
func mappingInput(o Input) (skip int, sheet string, err error) {
	if o.Mapping == "" {
		return o.SkipLines, o.Sheet, nil
	}
	f, err := ReadMapping(o.Mapping)
	if err != nil {
		return 0, "", err
	}
	sheet = o.Sheet
	if sheet == "" {
		sheet = f.Sheet
	}
	return f.SkipLines, sheet, nil
}

// openFailed is retry's input prologue: the report o.File, opened and fingerprinted like a
// list, and its failed rows. A line retry cannot read, and two failed lines with one row number
// (which would make --resume skip one), are refused before anything is sent. On failure rr is
// nil and code says how the run ended, the failure reported; otherwise the caller closes rr and in.
func (j *job) openFailed(ctx context.Context) (in *source.Input, rr *importer.FailedRows, code Outcome) {
	o := j.o
	in, err := source.OpenInput(ctx, o.File)
	if err != nil {
		return nil, nil, j.fail(ListOutcome(err), err)
	}
	ropts := o.sourceOptions(o.Sheet, 0)
	var dup *report.DuplicateRowError
	var bad *source.InputError
	err = in.Prescan(func(r io.Reader) error { return report.CheckFailed(r, ropts) })
	switch {
	case errors.As(err, &dup):
		err = fmt.Errorf("report %s: %w", o.File, err)
		code = Usage
	case errors.As(err, &bad):
		code = Usage
	case err != nil:
		err = fmt.Errorf("read report %s: %w", o.File, err)
		code = Stopped
	}
	if code == OK {
		if rr, err = importer.NewFailedRows(in.Stream(), ropts); err != nil {
			code = Usage
		}
	}
	if code != OK {
		in.Close()
		return nil, nil, j.fail(code, err)
	}
	for _, w := range rr.Warnings() {
		j.log.Warn(w, "file", o.File)
	}
	return in, rr, OK
}
