package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// Writer writes a report as CSV: UTF-8, comma separated, "\n" line ends, RFC 4180 quoting.
// Lines are buffered until Flush. A Writer is not safe for concurrent use: one goroutine owns it.
type Writer struct {
	csv    *csv.Writer
	header []string
	// rec is reused for every line so that writing a row allocates only its number cells.
	rec []string
}

// NewWriter returns a Writer for a report of an input whose header is inputHeader. Every line is
// written with exactly that many input cells, then the import.* columns.
func NewWriter(w io.Writer, inputHeader []string) *Writer {
	return &Writer{
		csv:    csv.NewWriter(w),
		header: slices.Clone(inputHeader),
		rec:    make([]string, len(inputHeader)+numColumns),
	}
}

// WriteHeader writes the input header followed by Columns(). A run that appends to an existing
// report on resume does not call it. A header name a spreadsheet would run as a formula is
// written neutralised (see Neutralise); the Reader restores it.
func (w *Writer) WriteHeader() error {
	for i, h := range w.header {
		w.rec[i] = Neutralise(h)
	}
	copy(w.rec[len(w.header):], Columns())
	if err := w.csv.Write(w.rec); err != nil {
		return fmt.Errorf("write report header: %w", err)
	}
	return nil
}

// Write buffers one report line. Cells beyond the header width are dropped and missing ones are
// written empty, so every line has the header's width. Cells, error codes and messages that a
// spreadsheet would run as formulas are written neutralised (see Neutralise); the Reader restores
// them. A line the Reader could not read back (no row or line number, an unknown status or
// class) is refused with an error naming the row.
func (w *Writer) Write(l Line) error {
	if col, err := l.check(); err != nil {
		return fmt.Errorf("write report row %d: column %s: %w", l.Row, col, err)
	}
	width := len(w.header)
	n := min(width, len(l.Cells))
	for i, c := range l.Cells[:n] {
		w.rec[i] = Neutralise(c)
	}
	clear(w.rec[n:width])
	imp := w.rec[width:]
	imp[0] = strconv.Itoa(l.Row)
	imp[1] = strconv.Itoa(l.Line)
	imp[2] = string(l.Status)
	imp[3] = ""
	if l.ContactID != 0 {
		imp[3] = strconv.FormatInt(l.ContactID, 10)
	}
	imp[4] = string(l.Class)
	imp[5] = Neutralise(l.Code)
	imp[6] = Neutralise(l.Message)
	imp[7] = strconv.Itoa(l.Attempts)
	if err := w.csv.Write(w.rec); err != nil {
		return fmt.Errorf("write report row %d: %w", l.Row, err)
	}
	return nil
}

// Flush writes any buffered lines to the underlying writer and returns the first write error,
// including one from an earlier Write whose data was only buffered.
func (w *Writer) Flush() error {
	w.csv.Flush()
	if err := w.csv.Error(); err != nil {
		return fmt.Errorf("flush report: %w", err)
	}
	return nil
}
