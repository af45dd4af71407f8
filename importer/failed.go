package importer

import (
	"io"

	"contactimport/importer/source"
	"contactimport/report"
)

// FailedRows is retry's input: the failed rows of a report, read in the report reader's Lenient
// mode (report.NewLenientReader), as records with their original row and line numbers. The
// import.* columns are not part of the records.
type FailedRows struct {
	rd *report.Reader
}

// NewFailedRows reads the report header from r (report.NewLenientReader).
func NewFailedRows(r io.Reader, opts source.Options) (*FailedRows, error) {
	rd, err := report.NewLenientReader(r, opts)
	if err != nil {
		return nil, err
	}
	return &FailedRows{rd: rd}, nil
}

// Membership reports whether the report has the import.membership column, that is whether it
// was written by a run into a group.
func (f *FailedRows) Membership() bool { return f.rd.HasMembership() }

// Header is the original input header.
func (f *FailedRows) Header() []string { return f.rd.InputHeader() }

// Encoding and Delimiter tell how the report was read; Warnings, what the reader had to guess.
func (f *FailedRows) Encoding() string   { return f.rd.Encoding() }
func (f *FailedRows) Delimiter() rune    { return f.rd.Delimiter() }
func (f *FailedRows) Warnings() []string { return f.rd.Warnings() }

// Close releases what the report's reader holds (the temporary files of an XLSX report).
func (f *FailedRows) Close() error { return f.rd.Close() }

// Next returns the next failed row, or io.EOF. A report line that cannot be read, or whose
// import.row or import.status is not readable, is an error naming the report line and column.
func (f *FailedRows) Next() (source.Record, error) {
	for {
		l, err := f.rd.Read()
		if err != nil {
			return source.Record{}, err
		}
		if l.Status == report.Failed {
			return source.Record{Row: l.Row, Line: l.Line, Cells: l.Cells, End: f.rd.Offset()}, nil
		}
	}
}
