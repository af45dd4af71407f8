package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"contactimport/importer"
	"contactimport/report"

	"contactimport/importer/source"
)

// openList is the input prologue of every command that reads a list (import, check, convert,
// doctor, init): it opens o.file and fingerprints it (source.OpenInput), then reads its records
// as the input flags say, with what the mapping file says about where the list starts
// (mappingInput). The caller closes the list; listExit gives the exit code of an error.
func openList(ctx context.Context, o *options) (*source.List, error) {
	in, err := source.OpenInput(ctx, o.file)
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

// listExit is the exit code of openList's error: 130 when a signal stopped the fingerprint,
// else a usage error (the file, the mapping or the flags must change).
func listExit(err error) int {
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	return exitUsage
}

// sourceOptions are the options the input flags give the list reader, with the sheet and the
// lines above the header resolved.
func (o *options) sourceOptions(sheet string, skip int) source.Options {
	return source.Options{Encoding: o.encoding, Delimiter: o.delimiter, LazyQuotes: o.lazyQuotes,
		Sheet: sheet, SkipLines: skip, FindStart: o.findStart, Name: o.file}
}

// mappingInput returns what the mapping file says about reading the list: its skip_lines (the
// lines above the header the reader skips) and its sheet (--sheet wins); without a mapping file,
// --skip-lines (init's) and --sheet.
func mappingInput(o *options) (skip int, sheet string, err error) {
	if o.mapping == "" {
		return o.skipLines, o.sheet, nil
	}
	f, err := readMapping(o.mapping)
	if err != nil {
		return 0, "", err
	}
	sheet = o.sheet
	if sheet == "" {
		sheet = f.Sheet
	}
	return f.SkipLines, sheet, nil
}

// openFailed is retry's input prologue: the report o.file, opened and fingerprinted like a
// list, and its failed rows. A line retry cannot read, and two failed lines with one row number
// (which would make --resume skip one), are refused before anything is sent. On failure rr is
// nil and code is the exit code, the failure reported; otherwise the caller closes rr and in.
func (j *job) openFailed(ctx context.Context) (in *source.Input, rr *importer.FailedRows, code int) {
	o := j.o
	in, err := source.OpenInput(ctx, o.file)
	if err != nil {
		return nil, nil, j.fail(listExit(err), err)
	}
	ropts := o.sourceOptions(o.sheet, 0)
	var dup *report.DuplicateRowError
	var bad *source.InputError
	err = in.Prescan(func(r io.Reader) error { return report.CheckFailed(r, ropts) })
	switch {
	case errors.As(err, &dup):
		err = fmt.Errorf("report %s: %w", o.file, err)
		code = exitUsage
	case errors.As(err, &bad):
		code = exitUsage
	case err != nil:
		err = fmt.Errorf("read report %s: %w", o.file, err)
		code = exitStopped
	}
	if code == exitOK {
		if rr, err = importer.NewFailedRows(in.Stream(), ropts); err != nil {
			code = exitUsage
		}
	}
	if code != exitOK {
		in.Close()
		return nil, nil, j.fail(code, err)
	}
	for _, w := range rr.Warnings() {
		j.log.Warn(w, "file", o.file)
	}
	return in, rr, exitOK
}
