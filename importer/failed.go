package importer

import (
	"io"

	"contactimport/importer/source"
	"contactimport/report"
)

// FailedRows is retry's input: the failed rows of a report, read in the report reader's Lenient
// mode (report.NewLenientReader), as records with their original row and line numbers. The
// import.* columns are not part of the records. Encoding, Delimiter, Warnings and Close are the
// report reader's.
type FailedRows struct {
	*report.Reader
}

// NewFailedRows reads the report header from r (report.NewLenientReader).
func NewFailedRows(r io.Reader, opts source.Options) (*FailedRows, error) {
	rd, err := report.NewLenientReader(r, opts)
	if err != nil {
		return nil, err
	}
	return &FailedRows{rd}, nil
}

// Membership reports whether the report has the import.membership column, that is whether it
// was written by a run into a group.
func (f *FailedRows) Membership() bool { return f.HasMembership() }

// Header is the original input header.
func (f *FailedRows) Header() []string { return f.InputHeader() }

// Next returns the next failed row, or io.EOF. A report line that cannot be read, or whose
// import.row or import.status is not readable, is an error naming the report line and column.
func (f *FailedRows) Next() (source.Record, error) {
	for {
		l, err := f.Read()
		if err != nil {
			return source.Record{}, err
		}
		if l.Status == report.Failed {
			return source.Record{Row: l.Row, Line: l.Line, Cells: l.Cells, End: f.Offset()}, nil
		}
	}
}
