package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// ErrTornLine is returned (wrapped in a *LineError) for a last record that the report's writer
// did not finish, as after a kill -9 in the middle of a write. Reader.Offset then tells where the
// last complete record ended, so the report can be truncated there and appended to.
var ErrTornLine = errors.New("last line cut off")

// ErrEmpty is returned by NewReader for a report with no header at all, as left by a run killed
// before its first flush. A resuming run starts such a report afresh.
var ErrEmpty = errors.New("report is empty")

var (
	errOpenQuote = fmt.Errorf("%w inside a quoted field", ErrTornLine)
	errNoNewline = fmt.Errorf("%w before its line end", ErrTornLine)
)

// Reader reads a report back. It has two modes, one per command that reads reports:
//
//   - Strict (NewReader), for --resume, which appends to the report it reads: the report as this
//     tool wrote it. Every import.* value is checked and the first error stops it, since a
//     report that is wrong in the middle is not a safe base to append to; Offset tells where the
//     last complete line ends, so that a line cut off by a crash can be truncated.
//   - Lenient (NewLenientReader), for retry, which only reads the rows to send again: the report
//     as a person's spreadsheet saved it back, in any delimiter, encoding or workbook the input
//     reader takes; only import.row and import.status must be readable.
//
// In both, cells, header names, codes and messages the Writer neutralised against formula
// injection come back as they were (see Restore). A Reader is not safe for concurrent use.
type Reader struct {
	in     *framer
	feed   chunkReader
	csv    *csv.Reader
	header []string        // the input columns
	idx    [numColumns]int // record index of each import column, in Columns() order
	member int             // record index of import.membership; -1 when the report has none
	offset int64           // input offset just past the last good record
	last   int             // report line where the line Read last returned starts
	sep    rune            // field separator, found in the header line
	err    error           // sticky: returned by every Read after the first error
	loose  *lenient        // the Lenient mode's state; nil in the Strict mode
}

// Mode says how strictly a Reader takes a report.
type Mode int

// The modes of a Reader.
const (
	Strict  Mode = iota // --resume: the report as this tool wrote it, every cell checked
	Lenient             // retry: the report as a spreadsheet saved it back
)

// Mode returns the mode r reads in.
func (r *Reader) Mode() Mode {
	if r.loose != nil {
		return Lenient
	}
	return Strict
}

// NewReader reads and checks the header of a report in the Strict mode: the input columns, then every import.*
// column exactly once (in any order) and nothing else. The field separator (comma, semicolon,
// tab or '|') is the one around import.row in the header line; a byte order mark is skipped. Header problems come back as a *LineError
// naming the column. An empty report gives ErrEmpty; a header cut off by a crash, ErrTornLine.
func NewReader(r io.Reader) (*Reader, error) {
	rd := &Reader{in: newFramer(r)}
	rd.csv = csv.NewReader(&rd.feed)
	rd.csv.FieldsPerRecord = -1 // widths are checked here, to tell a torn last line from a bad one
	rd.csv.ReuseRecord = true
	rec, line, err := rd.record()
	if err == io.EOF {
		return nil, fmt.Errorf("read report header: %w", ErrEmpty)
	}
	if err != nil {
		return nil, err
	}
	if err := rd.setHeader(rec, line); err != nil {
		return nil, err
	}
	rd.offset = rd.in.off
	return rd, nil
}

func (r *Reader) setHeader(rec []string, line int) error {
	names := make([]string, len(rec))
	for i, h := range rec {
		names[i] = Restore(strings.TrimSpace(h))
	}
	first := len(names)
	for i, name := range names {
		if colIndex(name) >= 0 || name == ColMembership {
			first = i
			break
		}
	}
	r.idx = [numColumns]int{-1, -1, -1, -1, -1, -1, -1, -1}
	r.member = -1
	for i := first; i < len(names); i++ {
		k := colIndex(names[i])
		switch {
		case names[i] == ColMembership && r.member >= 0:
			return &LineError{Line: line, Column: names[i], Err: fmt.Errorf("duplicate column (columns %d and %d)", r.member+1, i+1)}
		case names[i] == ColMembership:
			r.member = i
			continue
		case k < 0:
			return &LineError{Line: line, Column: names[i], Err: fmt.Errorf("input column after %s: the import columns must come last", names[first])}
		case r.idx[k] >= 0:
			return &LineError{Line: line, Column: names[i], Err: fmt.Errorf("duplicate column (columns %d and %d)", r.idx[k]+1, i+1)}
		}
		r.idx[k] = i
	}
	for k, name := range Columns() {
		if r.idx[k] < 0 {
			return &LineError{Line: line, Column: name, Err: errors.New("missing from the header")}
		}
	}
	r.header = names[:first:first]
	return nil
}

// HasMembership reports whether the report has the import.membership column (a run into a group).
func (r *Reader) HasMembership() bool { return r.member >= 0 }

func colIndex(name string) int {
	return slices.Index(Columns(), name)
}

// InputHeader returns the header without the import.* columns: the columns of the original input.
func (r *Reader) InputHeader() []string {
	return slices.Clone(r.header)
}

// Delimiter returns the report's field separator, so that a resumed run appends in kind.
func (r *Reader) Delimiter() rune {
	return r.sep
}

// headerSeparator finds the separator a report's header line was written with: the Writer puts
// import.row and import.line side by side. Without them the header is refused anyway, by
// setHeader, read with a comma.
func headerSeparator(header []byte) rune {
	for _, sep := range ",;\t|" {
		if bytes.Contains(header, []byte(ColRow+string(sep)+ColLine)) {
			return sep
		}
	}
	return ','
}

// Offset returns the byte offset just past the last record that Read (or NewReader, for the
// header) returned without error. After ErrTornLine, truncating the report there leaves only
// complete records. In the Lenient mode it is how far into the decoded input the last line
// read ends (source.Record.End), for a progress display.
func (r *Reader) Offset() int64 {
	return r.offset
}

// Read returns the next report line, or io.EOF after the last one. In the Strict mode a malformed record is a
// *LineError naming its line (and column, when one is at fault); a record cut off at the end of
// the report wraps ErrTornLine. When the cut-off record lacks only its line end and reads as a
// valid line, that Line is returned along with the error, for a caller that does not resume
// (a hand-edited report saved without a final newline). Every call after an error returns it again.
func (r *Reader) Read() (Line, error) {
	if r.err != nil {
		return Line{}, r.err
	}
	if r.loose != nil {
		l, line, end, err := r.loose.read(len(r.header))
		if err != nil {
			r.err = err
			return Line{}, err
		}
		r.last, r.offset = line, end
		return l, nil
	}
	l, line, err := r.read()
	if l.Row > 0 {
		r.last = line
	}
	if err != nil {
		r.err = err
		return l, err
	}
	r.offset = r.in.off
	return l, nil
}

// LineNumber returns the report line on which the line Read last returned starts, or 0 before
// the first.
func (r *Reader) LineNumber() int {
	return r.last
}

func (r *Reader) read() (Line, int, error) {
	rec, line, err := r.record()
	if rec == nil {
		return Line{}, line, err
	}
	torn := err // nil, or a *LineError: the record lacked only its final line end
	if want := len(r.header) + numColumns + r.extra(); len(rec) != want {
		switch {
		case torn != nil:
			return Line{}, line, torn
		case r.in.atEnd():
			return Line{}, line, &LineError{Line: line, Err: fmt.Errorf("%w: %d fields, want %d", ErrTornLine, len(rec), want)}
		}
		return Line{}, line, &LineError{Line: line, Err: fmt.Errorf("%d fields, want %d", len(rec), want)}
	}
	l, err := r.line(rec, line)
	switch {
	case torn != nil && err != nil:
		return Line{}, line, torn
	case torn != nil:
		return l, line, torn
	case err != nil:
		return Line{}, line, err
	}
	return l, line, nil
}

// record returns the next record and the report line it starts on. A record cut off before its
// line end comes back parsed together with the error, so the caller can decide what it is worth.
func (r *Reader) record() ([]string, int, error) {
	chunk, line, err := r.in.next()
	switch {
	case err == nil:
	case errors.Is(err, errNoNewline):
		if rec, _, perr := r.parse(append(chunk, '\n')); perr == nil {
			return rec, line, &LineError{Line: line, Err: err}
		}
		return nil, line, &LineError{Line: line, Err: err}
	case errors.Is(err, errOpenQuote):
		// The input ended inside quotes. That is a cut-off quoted field only if the csv reader
		// agrees up to the very end; a stray quote earlier on is a malformed line.
		if _, all, perr := r.parse(chunk); perr != nil && (!all || !errors.Is(perr, csv.ErrQuote)) {
			return nil, line, &LineError{Line: line, Err: perr}
		}
		return nil, line, &LineError{Line: line, Err: err}
	default:
		return nil, line, err
	}
	rec, _, err := r.parse(chunk)
	if err != nil {
		return nil, line, &LineError{Line: line, Err: err}
	}
	return rec, line, nil
}

// parse hands one framed record to the csv reader, which keeps counting lines across records so
// that its parse errors name lines of the whole report. It also reports whether the csv reader
// consumed the whole chunk, error or not.
func (r *Reader) parse(chunk []byte) (rec []string, all bool, err error) {
	if r.sep == 0 { // the header: the csv reader has not read yet
		r.sep = headerSeparator(chunk)
		r.csv.Comma = r.sep
	}
	r.feed.b = chunk
	before := r.csv.InputOffset()
	rec, err = r.csv.Read()
	all = r.csv.InputOffset()-before == int64(len(chunk))
	switch {
	case err == io.EOF:
		return nil, all, errors.New("no record where one was expected")
	case err != nil:
		return nil, all, err
	case !all:
		return nil, all, errors.New("record does not end at its line end")
	}
	return rec, all, nil
}

func (r *Reader) line(rec []string, line int) (Line, error) {
	get := func(k int) string { return rec[r.idx[k]] }
	l := Line{
		Status:  Status(get(2)),
		Class:   Class(get(4)),
		Code:    Restore(get(5)),
		Message: Restore(get(6)),
	}
	var err error
	if l.Row, err = parseInt(get(0), 1, false); err != nil {
		return Line{}, &LineError{Line: line, Column: ColRow, Err: errRow}
	}
	if l.Line, err = parseInt(get(1), 1, false); err != nil {
		return Line{}, &LineError{Line: line, Column: ColLine, Err: errLine}
	}
	if !l.Status.Known() {
		return Line{}, &LineError{Line: line, Column: ColStatus, Err: errStatus}
	}
	id, err := strconv.ParseInt(get(3), 10, 64)
	switch {
	case get(3) == "":
	case err != nil || id < 1:
		return Line{}, &LineError{Line: line, Column: ColContactID, Err: errID}
	default:
		l.ContactID = id
	}
	if l.Class != "" && !l.Class.Known() {
		return Line{}, &LineError{Line: line, Column: ColErrorClass, Err: errClass}
	}
	if l.Attempts, err = parseInt(get(7), 0, true); err != nil {
		return Line{}, &LineError{Line: line, Column: ColAttempts, Err: errAttempt}
	}
	if r.member >= 0 {
		if l.Membership = Membership(rec[r.member]); !l.Membership.Known() {
			return Line{}, &LineError{Line: line, Column: ColMembership, Err: errMember}
		}
	}
	l.Cells = make([]string, len(r.header))
	for i, c := range rec[:len(r.header)] {
		l.Cells[i] = Restore(c)
	}
	return l, nil
}

// extra is the number of optional import columns the report has.
func (r *Reader) extra() int {
	if r.member >= 0 {
		return 1
	}
	return 0
}

// parseInt parses a decimal int of at least min; an empty s is 0 when emptyOK.
func parseInt(s string, min int, emptyOK bool) (int, error) {
	if s == "" && emptyOK {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, err
	}
	if n < min {
		return 0, strconv.ErrRange
	}
	return n, nil
}

// chunkReader serves one framed record at a time to the csv reader, then io.EOF until refilled.
type chunkReader struct{ b []byte }

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.b)
	c.b = c.b[n:]
	return n, nil
}
