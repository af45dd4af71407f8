package source

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Reader streams records from a CSV input (plain or gzip-compressed) or from a sheet of an
// XLSX workbook. Not safe for concurrent use, except Offset, which may be called while another
// goroutine calls Next. Close releases what an XLSX input holds (temporary files).
type Reader struct {
	name     string
	format   string // FormatCSV, FormatGzipCSV or FormatXLSX
	encoding string
	comma    rune
	header   []string // the names of the columns with a name
	names    []string // the header's names by file column, "" for a column without one
	width    int      // fields in the header line, named or not
	cols     []int    // the file columns of header, when some column has no name; else nil
	boms     int      // byte order marks removed from cells
	bomLine  int      // the line of the first
	warnings []string
	count    *countingReader
	gzip     *gzipReader // the decompressor of a gzip input, else nil
	gzipLine int         // for a gzip input, the line of the last record handed out
	frames   *framer
	feed     *frameFeed
	csv      *csv.Reader
	sheet    *sheetReader // the sheet of an XLSX input, else nil
	row      int
	pending  []Record // the first data records, read ahead by Open
	report   bool     // Options.Report
	start    Start    // where the list was found to start, with Options.FindStart
	found    bool     // start holds something found
}

// Formats, as Reader.Format reports them.
const (
	FormatCSV     = "csv"
	FormatGzipCSV = "csv.gz"
	FormatXLSX    = "xlsx"
)

// Open tells the input's format by its content (CSV, gzip-compressed CSV, XLSX; a file of
// another kind is refused with a *FormatError naming it), resolves the encoding and delimiter,
// reads the header and reads ahead the first data record, so that an unusable input stops the
// run before any request. Input problems come back as *InputError, read failures as other
// errors. The caller closes the Reader.
func Open(r io.Reader, opts Options) (*Reader, error) {
	s := &Reader{name: opts.Name, report: opts.Report, format: FormatCSV, count: &countingReader{r: r}}
	encoding, err := parseEncoding(opts.Encoding)
	if err != nil {
		return nil, s.inputError(0, 0, err)
	}
	s.comma, err = parseDelimiter(opts.Delimiter)
	if err != nil {
		return nil, s.inputError(0, 0, err)
	}
	if opts.SkipLines < 0 || opts.SkipLines > MaxSkipLines {
		return nil, s.inputError(0, 0, fmt.Errorf("skip_lines is %d: it counts the title lines above the header, from 0 to %d", opts.SkipLines, MaxSkipLines))
	}

	br := bufio.NewReaderSize(s.count, sniffSize)
	head, err := br.Peek(formatHead)
	if err != nil && err != io.EOF {
		return nil, s.ioError(err)
	}
	kind := sniffFormat(head)
	switch kind {
	case formatZip:
		if err := s.openWorkbook(br, opts); err != nil {
			return nil, err
		}
		return s.readFirst()
	case formatGzip:
		if br, err = s.openGzip(br); err != nil {
			return nil, err
		}
	}
	if opts.Sheet != "" {
		return nil, s.inputError(0, 0, fmt.Errorf("--sheet %q: the file is %s, not an XLSX workbook; "+
			"a sheet can only be chosen in a workbook", opts.Sheet, s.formatName()))
	}
	if fe := refusal(kind, head); fe != nil {
		return nil, s.inputError(0, 0, fe)
	}
	skip := opts.SkipLines
	if err := s.sniff(br, encoding, &skip, opts); err != nil {
		return nil, err
	}
	var decoded io.Reader
	if s.encoding == EncodingUTF16LE || s.encoding == EncodingUTF16BE {
		decoded = utf16Reader(br, s.encoding)
	} else {
		decoded = decodingReader(&lineEndReader{r: br}, s.encoding)
	}
	s.frames = newFramer(decoded, s.comma, opts.LazyQuotes)
	if err := s.frames.skipLines(skip); err != nil {
		return nil, s.readError(err)
	}
	s.feed = new(frameFeed)
	s.csv = csv.NewReader(s.feed)
	s.csv.Comma = s.comma
	s.csv.LazyQuotes = opts.LazyQuotes
	s.csv.FieldsPerRecord = -1
	s.csv.ReuseRecord = true
	if err := s.readHeader(); err != nil {
		return nil, err
	}
	return s.readFirst()
}

// readFirst reads ahead the first data record (the first namelessLook when a column has no
// name): a header without rows stops the run, unless the input is a report read back (whose
// failed rows may all have been deleted), and so does a value in a column without a name.
func (s *Reader) readFirst() (*Reader, error) {
	first, err := s.read()
	if err == io.EOF && s.report {
		return s, nil
	}
	if err == io.EOF {
		s.Close()
		return nil, s.inputError(0, 0, ErrNoRows)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	s.pending = []Record{first}
	if s.cols != nil {
		// A column without a name must hold nothing: the first rows are read ahead, so that a
		// value in one stops the run before any row is sent.
		for len(s.pending) < namelessLook {
			rec, err := s.read()
			if err == io.EOF {
				break
			}
			if err != nil {
				s.Close()
				return nil, err
			}
			s.pending = append(s.pending, rec)
		}
	}
	for _, rec := range s.pending {
		if e := rec.Err; e != nil && e.Code == CodeNameless {
			s.Close()
			return nil, s.inputError(e.Line, e.Column, e.Err)
		}
	}
	return s, nil
}

// namelessLook is how many rows are read ahead when the header has a column without a name.
const namelessLook = 1000

// Close releases the temporary files of an XLSX input. It is safe to call more than once.
func (s *Reader) Close() error {
	if s.sheet == nil {
		return nil
	}
	return s.sheet.close()
}

// Format returns the input's format: FormatCSV, FormatGzipCSV or FormatXLSX.
func (s *Reader) Format() string { return s.format }

// Sheet returns the name of the sheet read, for an XLSX input; else "".
func (s *Reader) Sheet() string {
	if s.sheet == nil {
		return ""
	}
	return s.sheet.name
}

// Sheets are the sheets of the workbook read, in its order (the one read among them); nil for a
// list that is not a workbook.
func (s *Reader) Sheets() []string {
	if s.sheet == nil {
		return nil
	}
	return append([]string(nil), s.sheet.all...)
}

func (s *Reader) formatName() string {
	if s.format == FormatGzipCSV {
		return "gzip-compressed text"
	}
	return "a text file (CSV)"
}

func (s *Reader) readHeader() error {
	p, err := s.readNonBlank()
	if err == io.EOF {
		return s.inputError(0, 0, ErrEmptyInput)
	}
	if err != nil {
		return s.readError(err)
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
	return s.setHeader(fields, p.fr.line)
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
	if len(s.pending) > 0 {
		rec := s.pending[0]
		s.pending = s.pending[1:]
		return rec, nil
	}
	return s.read()
}

// read reads the next record from the input.
func (s *Reader) read() (Record, error) {
	if s.sheet != nil {
		return s.sheet.next(s)
	}
	rec, err := s.nextCSV()
	if err == nil && s.gzip != nil {
		// The framer measures the decompressed text; progress is measured in the file's bytes.
		rec.End = s.count.n.Load()
	}
	if err == nil {
		s.gzipLine = rec.Line
	}
	return rec, err
}

func (s *Reader) nextCSV() (Record, error) {
	p, err := s.readNonBlank()
	if err == io.EOF {
		return Record{}, io.EOF
	}
	if err != nil {
		return Record{}, s.readError(err)
	}

	s.row++
	rec := Record{Row: s.row, Line: p.fr.line, End: p.fr.end}
	rec.Err = s.cellsCSV(&rec, p)
	s.tidy(&rec, func(i int) int {
		if i < len(p.fields) && p.pe == nil && p.fr.kind == frameRecord {
			return p.fieldLine(s.csv, i)
		}
		return rec.Line
	})
	return rec, nil
}

// cellsCSV fills rec.Cells from the parsed record and returns the record's problem, if any.
func (s *Reader) cellsCSV(rec *Record, p parsed) *RowError {
	n := s.width
	fields := p.fields
	switch p.fr.kind {
	case frameTooLong:
		rec.Cells = make([]string, n)
		return &RowError{Line: rec.Line, Column: 1, Code: CodeTooLong, Err: ErrTooLong}
	case frameOpenQuote:
		fields = p.before()
		rec.Cells = make([]string, max(n, len(fields)))
		copy(rec.Cells, fields)
		return &RowError{Line: rec.Line, Column: len(fields) + 1, Code: CodeQuote, Err: openQuoteError{}}
	}
	rec.Cells = make([]string, max(n, len(fields)))
	copy(rec.Cells, fields)
	if pe := p.pe; pe != nil {
		return &RowError{Line: pe.Line + p.delta, Column: len(fields) + 1, Code: CodeQuote, Err: pe.Err}
	}
	if len(fields) > n {
		return &RowError{Line: p.fieldLine(s.csv, n), Column: n + 1, Code: CodeTooManyFields,
			Err: &fieldCountError{got: len(fields), want: n}}
	}
	rec.Padded = len(fields) < n
	if i := firstBadCell(fields, s.encoding); i >= 0 {
		code := CodeInvalidUTF8
		if s.encoding != EncodingUTF8 {
			code = CodeInvalidEncoding
		}
		return &RowError{Line: p.fieldLine(s.csv, i), Column: i + 1, Code: code, Err: encodingError(s.encoding)}
	}
	return nil
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
