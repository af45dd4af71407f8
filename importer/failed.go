package importer

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"contactimport/importer/source"
	"contactimport/report"
)

// FailedRows yields the failed rows of a report as records, with their original row and line
// numbers, for `retry`. The import.* columns are not part of the records.
//
// It reads the report the way a person's spreadsheet saved it back, through the input's own
// machinery (source.Open): any delimiter and encoding the input reader takes, sniffed or set by
// the options, with or without a byte order mark, CRLF or CR line ends, quoted or not. Only
// import.row and import.status must be readable; the other import.* cells may have been emptied
// or reformatted by the spreadsheet. Cells and header names the report neutralised against
// formula injection come back as they were (report.Restore). Reports this tool appends to are
// read by report.Reader instead, which checks every cell.
type FailedRows struct {
	src    *source.Reader
	name   string
	header []string // the input columns: those before the first import.* column
	names  []string // the report's header as read
	row    int      // field index of import.row
	status int      // field index of import.status
	line   int      // field index of import.line, or -1
	member bool     // the report has import.membership: it comes from a run into a group
}

// NewFailedRows reads the report header from r. A file without import.row or import.status is
// refused as not a report of this tool; decoding problems come back as *source.InputError.
func NewFailedRows(r io.Reader, opts source.Options) (_ *FailedRows, err error) {
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
	f := &FailedRows{src: src, name: opts.Name, row: -1, status: -1, line: -1}
	names := src.Header()
	f.names = src.Header()
	first := len(names)
	for i := range names {
		names[i] = report.Restore(names[i])
		if strings.HasPrefix(strings.ToLower(names[i]), "import.") && first == len(names) {
			first = i
		}
	}
	for i, name := range names {
		var at *int
		switch strings.ToLower(name) {
		case report.ColRow:
			at = &f.row
		case report.ColStatus:
			at = &f.status
		case report.ColLine:
			at = &f.line
		case report.ColMembership:
			f.member = true
			continue
		default:
			continue
		}
		if *at >= 0 {
			return nil, lineError(opts.Name, 0, 0, fmt.Errorf("%s: twice in the header (columns %d and %d); delete one of them", name, *at+1, i+1))
		}
		*at = i
	}
	for _, c := range []struct {
		at   int
		name string
	}{{f.row, report.ColRow}, {f.status, report.ColStatus}} {
		if c.at < 0 {
			return nil, lineError(opts.Name, 0, 0, notReportError{c.name})
		}
	}
	f.header = names[:first:first]
	return f, nil
}

// lineError is a problem with the report as a whole, or with one of its lines.
func lineError(name string, line, column int, err error) *source.InputError {
	return &source.InputError{Name: name, Line: line, Column: column, Err: err}
}

// ErrNotReport is the cause when retry is given a file that lacks the report's columns.
var ErrNotReport = errors.New("not a contactimport report")

type notReportError struct{ column string }

func (e notReportError) Error() string {
	return "no " + e.column + " column: this is not a contactimport report (or its import.* columns were deleted)"
}

func (e notReportError) Is(target error) bool { return target == ErrNotReport }

// Membership reports whether the report has the import.membership column, that is whether it
// was written by a run into a group.
func (f *FailedRows) Membership() bool { return f.member }

// Close releases what the report's reader holds (the temporary files of an XLSX report).
func (f *FailedRows) Close() error { return f.src.Close() }

// Header is the original input header.
func (f *FailedRows) Header() []string { return append([]string(nil), f.header...) }

// Encoding and Delimiter tell how the report was read; Warnings, what the reader had to guess.
func (f *FailedRows) Encoding() string   { return f.src.Encoding() }
func (f *FailedRows) Delimiter() rune    { return f.src.Delimiter() }
func (f *FailedRows) Warnings() []string { return f.src.Warnings() }

// Next returns the next failed row, or io.EOF. A report line that cannot be read, or whose
// import.row or import.status is not readable, is an error naming the report line and column.
func (f *FailedRows) Next() (source.Record, error) {
	for {
		rl, err := f.next()
		if err != nil {
			return source.Record{}, err
		}
		if rl.status == report.Failed {
			return rl.rec, nil
		}
	}
}

// reportLine is one line of a report as retry sees it.
type reportLine struct {
	rec    source.Record // Row and Line: the original input's; Cells: the input columns
	status report.Status
	at     int // the report line it starts on
}

func (f *FailedRows) next() (reportLine, error) {
	rec, err := f.src.Next()
	if err != nil {
		return reportLine{}, err
	}
	if rec.Err != nil {
		return reportLine{}, lineError(f.name, rec.Err.Line, rec.Err.Column, rec.Err.Err)
	}
	cell := func(i int) string { return strings.TrimSpace(report.Restore(rec.Cells[i])) }
	bad := func(col int, why string) error {
		return lineError(f.name, rec.Line, col+1, fmt.Errorf("%s: %s", f.names[col], why))
	}
	out := reportLine{at: rec.Line, status: report.Status(strings.ToLower(cell(f.status)))}
	row, err := strconv.Atoi(cell(f.row))
	if err != nil || row < 1 {
		return reportLine{}, bad(f.row, "not a row number (a whole number from 1); retry needs it to say which input row this line is")
	}
	if !out.status.Known() {
		return reportLine{}, bad(f.status, "not a status this tool writes (created, updated, unchanged, skipped, failed, valid)")
	}
	// import.line only labels the row; a spreadsheet may have emptied or reformatted it. Then
	// the line is taken as the row's own in a list with one header line and no line breaks in
	// its cells.
	line := row + 1
	if f.line >= 0 {
		if n, err := strconv.Atoi(cell(f.line)); err == nil && n >= 1 {
			line = n
		}
	}
	cells := make([]string, len(f.header))
	for i := range cells {
		cells[i] = report.Restore(rec.Cells[i])
	}
	out.rec = source.Record{Row: row, Line: line, Cells: cells, End: rec.End}
	return out, nil
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

// CheckFailedRows reads a whole report, as retry will (with the same options), before anything
// is sent. It returns a *DuplicateRowError when two of its failed lines share an import.row, and
// a *source.InputError for a header or line retry cannot read; other errors are read failures. It
// keeps one entry per failed row.
func CheckFailedRows(r io.Reader, opts source.Options) error {
	f, err := NewFailedRows(r, opts)
	if err != nil {
		return err
	}
	defer f.Close()
	seen := map[int]int{} // failed row → report line
	for {
		l, err := f.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if l.status != report.Failed {
			continue
		}
		if first, dup := seen[l.rec.Row]; dup {
			return &DuplicateRowError{Row: l.rec.Row, First: first, Second: l.at}
		}
		seen[l.rec.Row] = l.at
	}
}
