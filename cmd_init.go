package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"contactimport/importer/job"
	"contactimport/importer/profile"
	"contactimport/importer/source"
	"contactimport/mapping/guess"
	"contactimport/report/runfile"
)

// initValues are what init's flags fill when they parse: the input flags (and --skip-lines) in
// list, as every command that reads a list has them, and init's own.
type initValues struct {
	list    *options
	out     *string
	force   *bool
	group   *int64
	profile *string
}

// initFlags returns init's flag set and the values it fills.
func initFlags(stderr io.Writer) (*flag.FlagSet, initValues) {
	fset := flag.NewFlagSet("contactimport init", flag.ContinueOnError)
	fset.SetOutput(stderr)
	list := &options{command: "init", findStart: true}
	inputFlags(fset, list)
	fset.IntVar(&list.skipLines, "skip-lines", 0, "title or note `lines` above the header; the draft names them")
	out := fset.String("o", "", "write the draft to `file` instead of stdout (an existing file is kept unless --force)")
	force := fset.Bool("force", false, "with -o: replace an existing file")
	profile := fset.String("profile", "", "a tenant profile `file` written by doctor: columns no table knows go to the tenant's custom attribute named like them, never to a new one")
	group := fset.Int64("group", 0, "the Engage group `ID` the list is for: the draft names it, and consent columns decide each row's subscription instead of leaving rows out")
	fset.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport init [flags] FILE\n\nWrites a draft mapping file for FILE, guessed from its header and a sample of its rows (the first 1,000, an even spread of the rest, the last 20).\n\nFlags:\n")
		fset.PrintDefaults()
	}
	return fset, initValues{list: list, out: out, force: force, group: group, profile: profile}
}

// runInit implements `contactimport init FILE`: a draft mapping file guessed from the header and
// a sample of the rows, read the way check reads them.
func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset, v := initFlags(stderr)
	out, force, group := v.out, v.force, v.group
	files, err := parseArgs(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err == nil && len(files) != 1 {
		fset.Usage()
		err = fmt.Errorf("init needs exactly one file argument, got %d", len(files))
	}
	if err == nil && *force && *out == "" {
		err = errors.New("--force only goes with -o FILE")
	}
	if err == nil && *group < 0 {
		err = errors.New("--group: want a group id, a positive number as Engage shows it")
	}
	if err != nil {
		fmt.Fprintln(stderr, "contactimport:", err)
		return exitUsage
	}
	file := files[0]
	v.list.file = file
	// Refuse to overwrite before reading a large file.
	if *out != "" && !*force {
		if _, err := os.Lstat(*out); err == nil {
			fmt.Fprintf(stderr, "contactimport: -o %s exists; choose another name, or add --force to replace it\n", *out)
			return exitUsage
		}
	}
	s, bad, code, err := sampleInput(ctx, v.list)
	if err != nil {
		fmt.Fprintln(stderr, "contactimport:", err)
		return code
	}
	// What init was told about where the list starts goes into the draft, so that check and
	// import read the list the same way without the flags.
	if v.list.sheet != "" {
		s.SheetWhy = "the sheet named with --sheet"
	}
	if v.list.skipLines > 0 {
		s.SkipLines, s.SkipLinesWhy = v.list.skipLines, "lines above the header, named with --skip-lines"
	}
	s.Group = *group
	if *v.profile != "" {
		if s.Tenant, err = profile.Attributes(*v.profile); err != nil {
			fmt.Fprintln(stderr, "contactimport:", err)
			return exitUsage
		}
	}
	if bad.Unread > 0 {
		fmt.Fprintf(stderr, "contactimport: %s: %d rows could not be read and are not in the sample (the first: %v); check reports each\n", file, bad.Unread, bad.FirstUnread)
	}
	return emitDraft(guess.Mapping(*s).Render(), *out, *force, file, stdout, stderr)
}

// emitDraft writes the draft to stdout, or to the file out, and returns the exit code.
func emitDraft(draft []byte, out string, force bool, list string, stdout, stderr io.Writer) int {
	if out == "" {
		if _, err := stdout.Write(draft); err != nil {
			fmt.Fprintln(stderr, "contactimport: write draft:", err)
			return exitStopped
		}
		return exitOK
	}
	if err := writeDraft(out, draft, force); err != nil {
		fmt.Fprintln(stderr, "contactimport:", err)
		return exitStopped
	}
	fmt.Fprintf(stderr, "contactimport: wrote %s; decide its TODO lines, then: contactimport check --mapping %s %s\n", out, out, list)
	return exitOK
}

// sampleInput reads the list o.file through the input prologue (openList) and samples it
// (source.List.Sample) for guess. It returns the exit code to use on error.
func sampleInput(ctx context.Context, o *options) (*guess.Sample, *source.Sample, int, error) {
	src, err := openList(ctx, o)
	if err != nil {
		var re *source.ReadError
		if errors.As(err, &re) {
			return nil, nil, exitStopped, err
		}
		return nil, nil, int(job.ListOutcome(err)), err
	}
	defer src.Close() // an XLSX input's temporary files
	s := &guess.Sample{Header: src.Header(), File: o.file, Encoding: src.Encoding(), Delimiter: job.DelimiterName(src.Delimiter()), Sheet: src.Sheet()}
	if st, found := src.Start(); found {
		// Found by the reader (findStart, set by init): the draft writes it, with the reader's reason.
		if st.Sheet != "" {
			s.SheetWhy = st.Reason
		}
		if st.SkipLines > 0 {
			s.SkipLines, s.SkipLinesWhy = st.SkipLines, st.Reason
		}
	}
	read, err := src.Sample(ctx)
	switch {
	case ctx.Err() != nil:
		return nil, nil, exitInterrupted, ctx.Err()
	case err != nil:
		return nil, nil, exitStopped, err
	}
	s.Rows, s.Tail, s.Total = read.Rows, read.Tail, read.Total
	return s, read, exitOK, nil
}

// writeDraft writes the draft to path: a new file, or with force a replaced one (never written
// through a symbolic link).
func writeDraft(path string, draft []byte, force bool) error {
	err := runfile.WriteFile(path, draft, force)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("-o %s exists; choose another name, or add --force to replace it", path)
	case errors.Is(err, runfile.ErrNotRegular):
		return fmt.Errorf("-o %s is not a plain file; choose another name", path)
	}
	return fmt.Errorf("-o %s: %w", path, err)
}
