package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"contactimport/importer/source"
	"contactimport/mapping"
)

// Sampling for init: the first rows are looked at closely; of the rest, only the last few are
// kept, since report footers sit at the end of a file.
const (
	initSample = 1000
	initTail   = 20
)

// runInit implements `contactimport init FILE`: a draft mapping file guessed from the header and
// a sample of the rows, read the way check reads them.
func runInit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("contactimport init", flag.ContinueOnError)
	fset.SetOutput(stderr)
	out := fset.String("o", "", "write the draft to `file` instead of stdout (an existing file is kept unless --force)")
	force := fset.Bool("force", false, "with -o: replace an existing file")
	encoding := fset.String("encoding", "auto", "input encoding, as for check")
	delimiter := fset.String("delimiter", "auto", "field separator: auto|,|;|tab||")
	lazy := fset.Bool("lazy-quotes", false, "accept bare quotes inside fields")
	sheet := fset.String("sheet", "", "for an XLSX input: the sheet `NAME` to read (default: the first)")
	fset.Usage = func() {
		fmt.Fprint(stderr, "Usage: contactimport init [flags] FILE\n\nWrites a draft mapping file for FILE, guessed from its header and first rows.\n\nFlags:\n")
		fset.PrintDefaults()
	}
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
	if err != nil {
		fmt.Fprintln(stderr, "contactimport:", err)
		return exitUsage
	}
	file := files[0]
	// Refuse to overwrite before reading a large file.
	if *out != "" && !*force {
		if _, err := os.Lstat(*out); err == nil {
			fmt.Fprintf(stderr, "contactimport: -o %s exists; choose another name, or add --force to replace it\n", *out)
			return exitUsage
		}
	}
	s, bad, code, err := sampleInput(ctx, file, source.Options{Encoding: *encoding, Delimiter: *delimiter, LazyQuotes: *lazy, Sheet: *sheet, Name: file})
	if err != nil {
		fmt.Fprintln(stderr, "contactimport:", err)
		return code
	}
	if bad.n > 0 {
		fmt.Fprintf(stderr, "contactimport: %s: %d rows could not be read and are not in the sample (the first: %v); check reports each\n", file, bad.n, bad.first)
	}
	draft := mapping.Guess(*s).Render()
	if *out == "" {
		if _, err := stdout.Write(draft); err != nil {
			fmt.Fprintln(stderr, "contactimport: write draft:", err)
			return exitStopped
		}
		return exitOK
	}
	if err := writeDraft(*out, draft, *force); err != nil {
		fmt.Fprintln(stderr, "contactimport:", err)
		return exitStopped
	}
	fmt.Fprintf(stderr, "contactimport: wrote %s; decide its TODO lines, then: contactimport check --mapping %s %s\n", *out, *out, file)
	return exitOK
}

// unreadRows counts the rows the reader refused, and keeps the first refusal.
type unreadRows struct {
	n     int
	first error
}

// sampleInput reads the list through the input reader: the header, the first initSample rows,
// the last initTail rows after them, and the number of rows. Rows the reader refuses (a quote
// error, too many fields) are not sampled, but counted. It returns the exit code to use on error.
func sampleInput(ctx context.Context, file string, opts source.Options) (*mapping.Sample, unreadRows, int, error) {
	var bad unreadRows
	in, err := openInput(ctx, file)
	if errors.Is(err, context.Canceled) {
		return nil, bad, exitInterrupted, err
	}
	if err != nil {
		return nil, bad, exitUsage, err
	}
	defer in.f.Close()
	src, err := source.Open(in.stream, opts)
	if err != nil {
		var ie *source.InputError
		if errors.As(err, &ie) {
			return nil, bad, exitUsage, err
		}
		return nil, bad, exitStopped, err
	}
	defer src.Close() // an XLSX input's temporary files
	s := &mapping.Sample{Header: src.Header(), File: file, Encoding: src.Encoding(), Delimiter: delimiterName(src.Delimiter()), Sheet: src.Sheet()}
	var tail [][]string
	for {
		if err := ctx.Err(); err != nil {
			return nil, bad, exitInterrupted, err
		}
		rec, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bad, exitStopped, fmt.Errorf("read %s: %w", file, err)
		}
		s.Total++
		if rec.Err != nil {
			if bad.n++; bad.first == nil {
				bad.first = rec.Err
			}
			continue
		}
		switch {
		case len(s.Rows) < initSample:
			s.Rows = append(s.Rows, rec.Cells)
		case len(tail) < initTail:
			tail = append(tail, rec.Cells)
		default:
			copy(tail, tail[1:])
			tail[len(tail)-1] = rec.Cells
		}
	}
	s.Tail = tail
	return s, bad, exitOK, nil
}

// writeDraft writes the draft to path: a new file, or with force a replaced one (never written
// through a symbolic link).
func writeDraft(path string, draft []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
			return fmt.Errorf("-o %s is not a plain file; choose another name", path)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("-o %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("-o %s exists; choose another name, or add --force to replace it", path)
	}
	if err != nil {
		return fmt.Errorf("-o %s: %w", path, err)
	}
	if _, err := f.Write(draft); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
