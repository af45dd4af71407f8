package importer

import (
	"errors"
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
