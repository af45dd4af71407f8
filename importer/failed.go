package importer

import (
	"errors"
	"fmt"
	"io"

	"contactimport/report"
)

// FailedRows yields the failed rows of a report as records, with their original row and line
// numbers, for `retry`. The import.* columns are not part of the records.
type FailedRows struct {
	r    *report.Reader
	done bool
}

// NewFailedRows reads the report header from r.
func NewFailedRows(r io.Reader) (*FailedRows, error) {
	rr, err := report.NewReader(r)
	if err != nil {
		return nil, err
	}
	return &FailedRows{r: rr}, nil
}

// Header is the original input header.
func (f *FailedRows) Header() []string { return f.r.InputHeader() }

// Next returns the next failed row, or io.EOF.
func (f *FailedRows) Next() (Record, error) {
	for !f.done {
		l, err := f.r.Read()
		if errors.Is(err, report.ErrTornLine) && l.Row > 0 {
			// A complete last line without its newline: a report saved by a spreadsheet or
			// an editor. Take it, then stop.
			f.done = true
			err = nil
		}
		if err != nil {
			return Record{}, err
		}
		if l.Status == report.Failed {
			return Record{Row: l.Row, Line: l.Line, Cells: l.Cells, End: f.r.Offset()}, nil
		}
	}
	return Record{}, io.EOF
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

// CheckFailedRows reads a whole report, as retry will, and returns a *DuplicateRowError when two
// of its failed lines share an import.row. It keeps one entry per failed row. Any other problem
// is left for the run to report where it meets it.
func CheckFailedRows(r io.Reader) error {
	rr, err := report.NewReader(r)
	if err != nil {
		return nil
	}
	seen := map[int]int{} // failed row → report line
	for {
		l, err := rr.Read()
		if l.Row > 0 && l.Status == report.Failed && (err == nil || errors.Is(err, report.ErrTornLine)) {
			line := rr.LineNumber()
			if first, dup := seen[l.Row]; dup {
				return &DuplicateRowError{Row: l.Row, First: first, Second: line}
			}
			seen[l.Row] = line
		}
		if err != nil {
			return nil
		}
	}
}
