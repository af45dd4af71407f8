package source

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Row error codes, as RowError.Code gives them.
const (
	CodeTooManyFields   = "too_many_fields"
	CodeQuote           = "quote"
	CodeInvalidUTF8     = "invalid_utf8"
	CodeInvalidEncoding = "invalid_encoding"
	CodeTooLong         = "too_long"
)

// Causes of input errors, for errors.Is.
var (
	ErrEmptyInput       = errors.New("empty input: no header line")
	ErrNoRows           = errors.New("header has no data rows")
	ErrUnknownEncoding  = errors.New("unknown encoding")
	ErrUnknownDelimiter = errors.New("unknown delimiter")
	ErrInvalidUTF8      = errors.New("invalid UTF-8")
	ErrUndefinedByte    = errors.New("byte not defined in the input's code page")
	ErrInvalidUTF16     = errors.New("invalid UTF-16 (a broken surrogate pair)")
)

// Options configure how the input is decoded and split.
type Options struct {
	Encoding   string // "auto" (default when ""), "utf-8", "utf-16" (BOM decides, else LE), "utf-16be", "windows-1252", "iso-8859-1", "iso-8859-15", "macintosh", "cp850", "cp437", or an alias (parseEncoding)
	Delimiter  string // "auto" (default when ""), ",", ";", "tab" (or "\t"), "|"
	LazyQuotes bool   // accept bare quotes inside fields
	Name       string // file name for error messages
	// Report: the input is a report of this tool read back for retry (importer.NewFailedRows):
	// its import.* columns are expected, and a header without lines is no error.
	Report bool
}

// InputError is a problem with the input as a whole, found before any row is handed out:
// the run must stop before its first request.
type InputError struct {
	Name         string
	Line, Column int // 1-based; 0 when the problem has no position. Column counts fields.
	Err          error
}

func (e *InputError) Error() string {
	return "read " + inputName(e.Name) + ": " + linePosition(e.Line, e.Column) + e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// RowError is a problem with one record. It names where the problem is, never the cell values.
type RowError struct {
	Line, Column int    // 1-based line of the problem and field index within the record
	Code         string // CodeTooManyFields, CodeQuote, CodeInvalidUTF8, CodeInvalidEncoding or CodeTooLong
	Err          error  // csv.ErrFieldCount, csv.ErrQuote, csv.ErrBareQuote, ErrInvalidUTF8, ErrUndefinedByte or ErrTooLong
}

func (e *RowError) Error() string { return linePosition(e.Line, e.Column) + e.Err.Error() }

func (e *RowError) Unwrap() error { return e.Err }

func linePosition(line, column int) string {
	switch {
	case line > 0 && column > 0:
		return fmt.Sprintf("line %d, column %d: ", line, column)
	case line > 0:
		return fmt.Sprintf("line %d: ", line)
	}
	return ""
}

// fieldCountError says how far a record overshoots the header; it is a csv.ErrFieldCount.
type fieldCountError struct{ got, want int }

func (e *fieldCountError) Error() string {
	return fmt.Sprintf("%d fields, header has %d (a separator inside a value that is not quoted?)", e.got, e.want)
}

func (e *fieldCountError) Unwrap() error { return csv.ErrFieldCount }

// Record is one data record of the input.
type Record struct {
	Row  int // 1-based data row; the header and blank lines are not rows
	Line int // 1-based input line where the record starts; every line end counts, bare CR too
	// Cells holds len(Header()) cells, padded with "", and belongs to the caller. With
	// CodeTooManyFields it holds every field read, with CodeQuote the fields before the broken
	// one (padded), with the encoding codes the cells as read, so a report can show the row;
	// with CodeTooLong it is all empty.
	Cells  []string
	Padded bool // the record had fewer fields than the header
	Err    *RowError
	// End is how far into the input this record ends, in bytes: exact for UTF-8, and for 8-bit
	// encodings measured after decoding (a little ahead of the original). Progress displays
	// use it: unlike Offset, it does not run ahead of the rows handed out.
	End int64
}

// Reader streams records from a CSV input. Not safe for concurrent use, except Offset, which
// may be called while another goroutine calls Next.
type Reader struct {
	name     string
	encoding string
	comma    rune
	header   []string
	warnings []string
	count    *countingReader
	frames   *framer
	feed     *frameFeed
	csv      *csv.Reader
	row      int
	pending  *Record // the first data record, read ahead by Open
	report   bool    // Options.Report
}

// Open resolves the encoding and delimiter, reads the header and reads ahead the first
// data record, so that an unusable input stops the run before any request. Input problems
// come back as *InputError, read failures as other errors.
func Open(r io.Reader, opts Options) (*Reader, error) {
	s := &Reader{name: opts.Name, report: opts.Report, count: &countingReader{r: r}}
	encoding, err := parseEncoding(opts.Encoding)
	if err != nil {
		return nil, s.inputError(0, 0, err)
	}
	s.comma, err = parseDelimiter(opts.Delimiter)
	if err != nil {
		return nil, s.inputError(0, 0, err)
	}

	br := bufio.NewReaderSize(s.count, sniffSize)
	if err := s.sniff(br, encoding); err != nil {
		return nil, err
	}
	var decoded io.Reader
	if s.encoding == EncodingUTF16LE || s.encoding == EncodingUTF16BE {
		decoded = utf16Reader(br, s.encoding)
	} else {
		decoded = decodingReader(&lineEndReader{r: br}, s.encoding)
	}
	s.frames = newFramer(decoded, s.comma, opts.LazyQuotes)
	s.feed = new(frameFeed)
	s.csv = csv.NewReader(s.feed)
	s.csv.Comma = s.comma
	s.csv.LazyQuotes = opts.LazyQuotes
	s.csv.FieldsPerRecord = -1
	s.csv.ReuseRecord = true
	if err := s.readHeader(); err != nil {
		return nil, err
	}
	first, err := s.Next()
	if err == io.EOF && s.report {
		return s, nil
	}
	if err == io.EOF {
		return nil, s.inputError(0, 0, ErrNoRows)
	}
	if err != nil {
		return nil, err
	}
	s.pending = &first
	return s, nil
}

// sniff drops a byte order mark, then resolves the encoding ("" for auto) and, unless an
// option set it, the delimiter from the first 64 KiB.
func (s *Reader) sniff(br *bufio.Reader, encoding string) error {
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return s.ioError(err)
	}
	atEOF := err == io.EOF
	bom16 := utf16BOM(head)
	switch {
	case bom16 != "" && (encoding == "" || encoding == encodingUTF16 || encoding == bom16):
		encoding = bom16 // the decoder drops the mark
	case bom16 != "":
		return s.inputError(0, 0, ErrUTF16BOM)
	case encoding == encodingUTF16:
		encoding = EncodingUTF16LE
	case bytes.HasPrefix(head, utf8BOM):
		br.Discard(len(utf8BOM)) // cannot fail: the bytes were just peeked
		head = head[len(utf8BOM):]
	}
	s.encoding = encoding
	if encoding == "" {
		if looksUTF16(head) {
			return s.inputError(0, 0, ErrUTF16NoBOM)
		}
		d := DetectEncoding(head, atEOF)
		if d.Encoding == "" {
			return s.inputError(0, 0, &ambiguousEncodingError{d})
		}
		s.encoding = d.Encoding
		if d.Encoding != EncodingUTF8 {
			s.warnings = append(s.warnings, "input is not valid UTF-8 in its first 64 KiB; reading it as "+
				encodingDisplay(d.Encoding)+": "+d.Reason)
		}
	}
	if s.comma == 0 {
		text := head
		if s.encoding == EncodingUTF16LE || s.encoding == EncodingUTF16BE {
			text = utf16Text(head, s.encoding)
		}
		s.comma = sniffDelimiter(text)
	}
	return nil
}

func (s *Reader) readHeader() error {
	p, err := s.readNonBlank()
	if err == io.EOF {
		return s.inputError(0, 0, ErrEmptyInput)
	}
	if err != nil {
		return s.ioError(err)
	}
	switch {
	case p.fr.kind == frameTooLong:
		return s.inputError(p.fr.line, 1, ErrTooLong)
	case p.fr.kind == frameOpenQuote:
		return s.inputError(p.fr.line, len(p.before())+1, openQuoteError{})
	case p.pe != nil:
		return s.inputError(p.pe.Line+p.delta, len(p.fields)+1, p.pe.Err)
	}
	fields := p.fields
	if i := firstBadCell(fields, s.encoding); i >= 0 {
		return s.inputError(p.fieldLine(s.csv, i), i+1, encodingError(s.encoding))
	}
	s.header = make([]string, len(fields))
	for i, f := range fields {
		s.header[i] = strings.TrimSpace(f)
	}
	if s.report {
		return nil
	}
	if err := checkHeader(s.name, s.header); err != nil {
		return s.inputError(p.fr.line, 0, err)
	}
	return nil
}

// parsed is one record: its frame and what encoding/csv made of it.
type parsed struct {
	fr     frame
	fields []string        // owned by the csv reader until its next Read
	pe     *csv.ParseError // nil when the record parsed
	delta  int             // add to encoding/csv's line numbers to get the input's
}

// before returns the fields before the quote that never closed, for a frameOpenQuote.
func (p parsed) before() []string {
	if len(p.fields) == 0 {
		return nil
	}
	return p.fields[:len(p.fields)-1] // the last is the empty start of the broken field
}

// fieldLine returns the input line field i starts on.
func (p parsed) fieldLine(r *csv.Reader, i int) int {
	line, _ := r.FieldPos(i)
	return line + p.delta
}

// readNonBlank reads the next record that is not a blank line. The framer skips empty lines;
// a line of nothing but spaces comes back as one blank field and is skipped here.
func (s *Reader) readNonBlank() (parsed, error) {
	for {
		fr, err := s.frames.next()
		if err != nil {
			return parsed{}, err
		}
		p := parsed{fr: fr}
		if fr.kind == frameTooLong || len(fr.data) == 0 {
			return p, nil
		}
		s.feed.data = fr.data
		fields, err := s.csv.Read()
		if s.csv.InputOffset() != s.feed.fed {
			return parsed{}, fmt.Errorf("line %d: the record framing and the CSV parser disagree on where the record ends", fr.line)
		}
		if err == io.EOF {
			continue
		}
		p.fields = fields
		if pe, ok := err.(*csv.ParseError); ok {
			p.pe, p.delta = pe, fr.line-pe.StartLine
			return p, nil
		}
		if err != nil {
			return parsed{}, err
		}
		first, _ := s.csv.FieldPos(0)
		p.delta = fr.line - first
		if fr.kind == frameRecord && len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue
		}
		return p, nil
	}
}

// Next returns the next data record, or io.EOF after the last one. A record with a problem
// comes back with Err set, and the call after it goes on with the following record; only a
// failure to read the input is returned as an error.
func (s *Reader) Next() (Record, error) {
	if p := s.pending; p != nil {
		s.pending = nil
		return *p, nil
	}
	p, err := s.readNonBlank()
	if err == io.EOF {
		return Record{}, io.EOF
	}
	if err != nil {
		return Record{}, s.ioError(err)
	}

	s.row++
	rec := Record{Row: s.row, Line: p.fr.line, End: p.fr.end}
	n := len(s.header)
	fields := p.fields
	switch p.fr.kind {
	case frameTooLong:
		rec.Cells = make([]string, n)
		rec.Err = &RowError{Line: rec.Line, Column: 1, Code: CodeTooLong, Err: ErrTooLong}
		return rec, nil
	case frameOpenQuote:
		fields = p.before()
		rec.Cells = make([]string, max(n, len(fields)))
		copy(rec.Cells, fields)
		rec.Err = &RowError{Line: rec.Line, Column: len(fields) + 1, Code: CodeQuote, Err: openQuoteError{}}
		return rec, nil
	}
	rec.Cells = make([]string, max(n, len(fields)))
	copy(rec.Cells, fields)
	if pe := p.pe; pe != nil {
		rec.Err = &RowError{Line: pe.Line + p.delta, Column: len(fields) + 1, Code: CodeQuote, Err: pe.Err}
		return rec, nil
	}
	if len(fields) > n {
		rec.Err = &RowError{Line: p.fieldLine(s.csv, n), Column: n + 1, Code: CodeTooManyFields,
			Err: &fieldCountError{got: len(fields), want: n}}
		return rec, nil
	}
	rec.Padded = len(fields) < n
	if i := firstBadCell(fields, s.encoding); i >= 0 {
		code := CodeInvalidUTF8
		if s.encoding != EncodingUTF8 {
			code = CodeInvalidEncoding
		}
		rec.Err = &RowError{Line: p.fieldLine(s.csv, i), Column: i + 1, Code: code, Err: encodingError(s.encoding)}
	}
	return rec, nil
}

// frameFeed hands encoding/csv one record at a time: the frame's bytes, then io.EOF until the
// next frame. encoding/csv and bufio read on after an io.EOF, so the reader goes on.
type frameFeed struct {
	data []byte
	fed  int64 // bytes handed out in all
}

func (f *frameFeed) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	f.fed += int64(n)
	return n, nil
}

// Header returns a copy of the header names, trimmed and without a byte order mark.
func (s *Reader) Header() []string { return slices.Clone(s.header) }

// Encoding returns the resolved encoding: EncodingUTF8, EncodingUTF16LE, EncodingUTF16BE, or
// one of the 8-bit code pages (EncodingWindows1252, EncodingISO88591, EncodingISO885915,
// EncodingMacintosh, EncodingCP850, EncodingCP437).
func (s *Reader) Encoding() string { return s.encoding }

// Delimiter returns the resolved field separator.
func (s *Reader) Delimiter() rune { return s.comma }

// Warnings returns what the caller should log about the input, such as a guessed encoding.
func (s *Reader) Warnings() []string { return slices.Clone(s.warnings) }

// Offset returns how many bytes of the original input have been read, for progress by bytes.
// It runs ahead of the last record returned by at most the read buffers (about 70 KiB) and
// equals the input size once Next has returned io.EOF.
func (s *Reader) Offset() int64 { return s.count.n.Load() }

func (s *Reader) inputError(line, column int, err error) *InputError {
	return &InputError{Name: s.name, Line: line, Column: column, Err: err}
}

func (s *Reader) ioError(err error) error {
	return fmt.Errorf("read %s: %w", inputName(s.name), err)
}

func inputName(name string) string {
	if name == "" {
		return "input"
	}
	return name
}
