package importer

import (
	"context"
	"fmt"
	"io"

	"contactimport/importer/mappimport"
	"contactimport/mapping"
	"contactimport/report"
)

// Convert reads every record of src, maps and validates it with m exactly as check does, and
// writes each valid row, in input order, to out (laid out by layout, in Mapp's import format)
// and each other row to failed, a report in the usual format: failed ones, and skipped ones
// (skip_rows) with their reason, so that every row is in a file or in the report. Every row is
// counted in sum and p. Rows that name one contact twice are all written, in file order, as
// import would send them (the later one last): merging them would need a per-contact index of
// the whole list, and Mapp does not document how its file import treats a contact named twice
// in one file. A report write or import file error stops the run; when ctx ends first (noticed
// every 1024 rows) it returns a *StopError wrapping ErrInterrupted. Convert does not close out.
func Convert(ctx context.Context, m *mapping.Mapper, layout *mappimport.Layout, src Records, out *mappimport.Splitter, failed Sink, sum *report.Summary, p *Progress) error {
	cells := make([]string, len(layout.Header()))
	t := newTail(failed, sum, p)
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := t.tick(ctx); err != nil {
				return err
			}
		}
		rec, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return t.readFailed(err)
		}
		t.read(rec)
		l := report.Line{Row: rec.Row, Line: rec.Line, Cells: rec.Cells, Status: report.Valid}
		c, ok := MapRecord(m, rec, &l)
		if ok {
			if err := layout.Fill(&c, cells); err != nil {
				return fmt.Errorf("row %d: %w", rec.Row, err)
			}
			if err := out.Write(cells); err != nil {
				return fmt.Errorf("row %d (line %d): %w", rec.Row, rec.Line, err)
			}
		}
		if err := t.done(l, !ok); err != nil {
			return err
		}
	}
	return t.flush()
}
