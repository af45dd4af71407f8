package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"contactimport/printable"
)

// flushAt is how many buffered bytes make Write pass them on without waiting for Flush.
const flushAt = 4096

// Writer writes a report as CSV: UTF-8 with a byte order mark before the header (so that Excel
// and LibreOffice open it as UTF-8), separated by a comma, a semicolon or a tab (see
// NewDelimitedWriter), "\n" line ends, RFC 4180 quoting. Lines are buffered until Flush (or until a few KiB are buffered). Written tells how many lines
// reached the underlying writer in full, so that a run that stops on a write error counts only
// the lines the report on disk holds. A Writer is not safe for concurrent use: one goroutine
// owns it.
type Writer struct {
	out    io.Writer
	buf    bytes.Buffer
	csv    *csv.Writer // writes into buf
	ends   []int       // end offset in buf of each buffered data line
	lines  int         // data lines passed on in full
	err    error       // sticky: the first write error of the underlying writer
	header []string
	member bool // the report has the import.membership column
	// rec is reused for every line so that writing a row allocates only its number cells.
	rec []string
}

// NewWriter returns a comma-separated Writer for a report of an input whose header is
// inputHeader. Every line is written with exactly that many input cells, then the import.*
// columns.
func NewWriter(w io.Writer, inputHeader []string) *Writer {
	wr, _ := NewDelimitedWriter(w, inputHeader, ',')
	return wr
}

// NewDelimitedWriter is NewWriter with the field separator sep: ',' (what Excel expects in
// English locales), ';' (German and French Excel) or '\t'. Any other separator is refused.
func NewDelimitedWriter(w io.Writer, inputHeader []string, sep rune) (*Writer, error) {
	if !ValidDelimiter(sep) {
		return nil, fmt.Errorf("report separator %q: want a comma, a semicolon or a tab", sep)
	}
	wr := &Writer{
		out:    w,
		header: slices.Clone(inputHeader),
		rec:    make([]string, len(inputHeader)+numColumns),
	}
	wr.csv = csv.NewWriter(&wr.buf)
	wr.csv.Comma = sep
	return wr, nil
}

// WithMembership adds the import.membership column after the others, for a run into a group.
// Call it before the first write; it returns w.
func (w *Writer) WithMembership() *Writer {
	if !w.member {
		w.member = true
		w.rec = append(w.rec, "")
	}
	return w
}

// ValidDelimiter reports whether sep is a separator a report may be written with.
func ValidDelimiter(sep rune) bool {
	return sep == ',' || sep == ';' || sep == '\t'
}

// WriteHeader writes a UTF-8 byte order mark, then the input header followed by Columns(). A
// run that appends to an existing report on resume does not call it. A header name a
// spreadsheet would run as a formula is written neutralised (see Neutralise); the Reader
// restores it.
func (w *Writer) WriteHeader() error {
	w.buf.WriteString(bom)
	for i, h := range w.header {
		w.rec[i] = Neutralise(h)
	}
	copy(w.rec[len(w.header):], Columns())
	if w.member {
		w.rec[len(w.rec)-1] = ColMembership
	}
	return w.put(false)
}

// Write buffers one report line. Cells beyond the header width are dropped and missing ones are
// written empty, so every line has the header's width. Cells, error codes and messages that a
// spreadsheet would run as formulas are written neutralised (see Neutralise); the Reader restores
// them. A line the Reader could not read back (no row or line number, an unknown status or
// class) is refused with an error naming the row. An error of the underlying writer is returned
// as it is, by this and every later call.
func (w *Writer) Write(l Line) error {
	if col, err := l.check(); err != nil {
		return fmt.Errorf("report row %d: column %s: %w", l.Row, col, err)
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
	// The tool's own columns are shown, not sent back: what a server put in them is escaped and
	// cut (printable.Text), so that a 900 KB API message or a terminal escape in an error code
	// neither bloats the report nor acts when it is printed. Input cells stay as read.
	imp[5] = Neutralise(printable.Text(l.Code, printable.MessageMax))
	imp[6] = Neutralise(printable.Text(l.Message, printable.MessageMax))
	imp[7] = strconv.Itoa(l.Attempts)
	if w.member {
		imp[numColumns] = string(l.Membership)
	}
	return w.put(true)
}

// put buffers w.rec as one record, and passes the buffer on once it is large enough.
func (w *Writer) put(data bool) error {
	if w.err != nil {
		return w.err
	}
	if err := w.csv.Write(w.rec); err != nil {
		return err // into a bytes.Buffer: only an invalid delimiter fails
	}
	w.csv.Flush()
	if data {
		w.ends = append(w.ends, w.buf.Len())
	}
	if w.buf.Len() >= flushAt {
		return w.Flush()
	}
	return nil
}

// Flush writes any buffered lines to the underlying writer and returns its error, or the first
// one it returned earlier. After an error, Written counts the lines that got through in full
// before it; the rest of the buffer is dropped, and the writer refuses all further lines.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if w.buf.Len() == 0 {
		return nil
	}
	n, err := w.out.Write(w.buf.Bytes())
	if err == nil && n < w.buf.Len() {
		err = io.ErrShortWrite
	}
	k := 0
	for k < len(w.ends) && w.ends[k] <= n {
		k++
	}
	w.lines += k
	w.buf.Reset()
	w.ends = w.ends[:0]
	w.err = err
	return err
}

// Written returns how many lines (the header not counted) reached the underlying writer in full.
func (w *Writer) Written() int { return w.lines }
