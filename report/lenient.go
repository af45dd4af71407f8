package report

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"contactimport/importer/source"
)

// lenient is the state of a Reader in the Lenient mode: the report read through the input's
// own machinery, and where the import.* columns it needs are.
type lenient struct {
	src    *source.Reader
	name   string
	names  []string // the report's header as read
	row    int      // field index of import.row
	status int      // field index of import.status
	line   int      // field index of import.line, or -1
}

// NewLenientReader reads the header of a report the way a person's spreadsheet saved it back,
// for retry (the Lenient mode): through the input's own machinery (source.Open), so any delimiter
// and encoding the input reader takes, sniffed or set by opts, with or without a byte order mark,
// CRLF or CR line ends, quoted or not, or an XLSX workbook. Only import.row and import.status
// must be readable; the other import.* cells may have been emptied or reformatted, and Read
// leaves them out of its Lines (import.line is taken when it reads as a line number). A file
// without import.row or import.status is refused (ErrNotReport); every error is a
// *source.InputError naming the report line and column, never a cell.
func NewLenientReader(r io.Reader, opts source.Options) (_ *Reader, err error) {
	opts.Report = true
	src, err := source.Open(r, opts)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			src.Close()
		}
	}()
	l := &lenient{src: src, name: opts.Name, row: -1, status: -1, line: -1, names: src.Header()}
	rd := &Reader{loose: l, member: -1, sep: src.Delimiter()}
	names := src.Header()
	first := len(names)
	for i := range names {
		names[i] = Restore(names[i])
		if strings.HasPrefix(strings.ToLower(names[i]), "import.") && first == len(names) {
			first = i
		}
	}
	for i, name := range names {
		var at *int
		switch strings.ToLower(name) {
		case ColRow:
			at = &l.row
		case ColStatus:
			at = &l.status
		case ColLine:
			at = &l.line
		case ColMembership:
			rd.member = i
			continue
		default:
			continue
		}
		if *at >= 0 {
			return nil, l.error(0, 0, fmt.Errorf("%s: twice in the header (columns %d and %d); delete one of them", name, *at+1, i+1))
		}
		*at = i
	}
	for _, c := range []struct {
		at   int
		name string
	}{{l.row, ColRow}, {l.status, ColStatus}} {
		if c.at < 0 {
			return nil, l.error(0, 0, notReportError{c.name})
		}
	}
	rd.header = names[:first:first]
	return rd, nil
}

func (l *lenient) error(line, column int, err error) *source.InputError {
	return &source.InputError{Name: l.name, Line: line, Column: column, Err: err}
}

// ErrNotReport is the cause when the Lenient mode is given a file that lacks the report's columns.
var ErrNotReport = errors.New("not a contactimport report")

type notReportError struct{ column string }

func (e notReportError) Error() string {
	return "no " + e.column + " column: this is not a contactimport report (or its import.* columns were deleted)"
}

func (e notReportError) Is(target error) bool { return target == ErrNotReport }

// read returns the next line, its report line and where it ends in the input.
func (l *lenient) read(width int) (Line, int, int64, error) {
	rec, err := l.src.Next()
	if err != nil {
		return Line{}, 0, 0, err
	}
	if rec.Err != nil {
		return Line{}, 0, 0, l.error(rec.Err.Line, rec.Err.Column, rec.Err.Err)
	}
	cell := func(i int) string { return strings.TrimSpace(Restore(rec.Cells[i])) }
	bad := func(col int, why string) error {
		return l.error(rec.Line, col+1, fmt.Errorf("%s: %s", l.names[col], why))
	}
	out := Line{Status: Status(strings.ToLower(cell(l.status)))}
	if out.Row, err = strconv.Atoi(cell(l.row)); err != nil || out.Row < 1 {
		return Line{}, 0, 0, bad(l.row, "not a row number (a whole number from 1); retry needs it to say which input row this line is")
	}
	if !out.Status.Known() {
		return Line{}, 0, 0, bad(l.status, "not a status this tool writes (created, updated, unchanged, skipped, failed, valid)")
	}
	// import.line only labels the row; a spreadsheet may have emptied or reformatted it. Then
	// the line is taken as the row's own in a list with one header line and no line breaks in
	// its cells.
	out.Line = out.Row + 1
	if l.line >= 0 {
		if n, err := strconv.Atoi(cell(l.line)); err == nil && n >= 1 {
			out.Line = n
		}
	}
	out.Cells = make([]string, width)
	for i := range out.Cells {
		out.Cells[i] = Restore(rec.Cells[i])
	}
	return out, rec.Line, rec.End, nil
}

// Encoding is how a report in the Lenient mode was decoded ("" in the Strict mode).
func (r *Reader) Encoding() string {
	if r.loose == nil {
		return ""
	}
	return r.loose.src.Encoding()
}

// Warnings are what the Lenient mode had to guess to read the report (none in the Strict mode).
func (r *Reader) Warnings() []string {
	if r.loose == nil {
		return nil
	}
	return r.loose.src.Warnings()
}

// Close releases what the Lenient mode holds (the temporary files of an XLSX report).
func (r *Reader) Close() error {
	if r.loose == nil {
		return nil
	}
	return r.loose.src.Close()
}

// DuplicateRowError is a report in which two failed lines carry one import.row. The import never
// writes that; a person copying a line in a spreadsheet does. Retry and its --resume key on row
// numbers, so the second copy would be skipped silently after a crash: the report is refused.
type DuplicateRowError struct {
	Row           int // the import.row both lines carry
	First, Second int // the report lines, 1-based
}

func (e *DuplicateRowError) Error() string {
	return fmt.Sprintf("import.row %d is on both line %d and line %d (a line copied in a spreadsheet?); delete one copy, then run retry again", e.Row, e.First, e.Second)
}

// CheckFailed reads a whole report in the Lenient mode, as retry will (with the same options),
// before anything is sent. It returns a *DuplicateRowError when two of its failed lines share an
// import.row, and a *source.InputError for a header or line retry cannot read; other errors are
// read failures.
func CheckFailed(r io.Reader, opts source.Options) error {
	rd, err := NewLenientReader(r, opts)
	if err != nil {
		return err
	}
	defer rd.Close()
	seen := map[int]int{} // failed row → report line
	for {
		l, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if l.Status != Failed {
			continue
		}
		if first, dup := seen[l.Row]; dup {
			return &DuplicateRowError{Row: l.Row, First: first, Second: rd.LineNumber()}
		}
		seen[l.Row] = rd.LineNumber()
	}
}
