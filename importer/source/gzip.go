package source

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
)

// ErrGzip is the cause when a gzip-compressed input cannot be decompressed: it ends early (a
// truncated download or copy) or its data is damaged.
var ErrGzip = errors.New("the gzip-compressed data is truncated or damaged")

// gzipReader decompresses a gzip input and marks the decompressor's own failures as ErrGzip;
// the input's read errors (a changed file, a disk error) pass through as they are.
type gzipReader struct {
	z *gzip.Reader
}

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.z.Read(p)
	if err != nil && err != io.EOF && isGzipDamage(err) {
		err = &gzipError{err: err}
	}
	return n, err
}

// gzipError is a failure of the decompressor; it is an ErrGzip.
type gzipError struct{ err error }

func (e *gzipError) Error() string   { return ErrGzip.Error() + " (" + e.err.Error() + ")" }
func (e *gzipError) Unwrap() []error { return []error{ErrGzip, e.err} }

func isGzipDamage(err error) bool {
	var corrupt flate.CorruptInputError
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) ||
		errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt)
}

// openGzip starts decompressing a gzip input (several concatenated members are read as one
// stream, as gzip -d does) and checks what it holds: text, which is read as CSV, or a file of
// another kind, which is refused.
func (s *Reader) openGzip(br *bufio.Reader) (*bufio.Reader, error) {
	z, err := gzip.NewReader(br)
	if err != nil {
		if isGzipDamage(err) {
			err = &gzipError{err: err}
		}
		return nil, s.inputError(0, 0, fmt.Errorf("the file starts as gzip-compressed data, but its gzip header cannot be read: %w", err))
	}
	s.gzip, s.format = &gzipReader{z: z}, FormatGzipCSV
	out := bufio.NewReaderSize(s.gzip, sniffSize)
	head, err := out.Peek(formatHead)
	if err != nil && err != io.EOF {
		return nil, s.readError(err)
	}
	kind := sniffFormat(head)
	if kind == formatText {
		return out, nil
	}
	what := "a compressed file of another kind"
	switch kind {
	case formatGzip:
		what = "a gzip file inside a gzip file"
	case formatZip:
		what = "a zip archive or workbook compressed with gzip"
	default:
		if fe := refusal(kind, head); fe != nil {
			what = fe.What + ", compressed with gzip"
		}
	}
	return nil, s.inputError(0, 0, &FormatError{What: what,
		Hint: "decompress it (gzip -d) and import what it holds, if that is a CSV or XLSX file; a .csv.gz must hold the CSV text itself"})
}

// readError reports a failure to read the input. For a gzip input whose data ends early or is
// damaged it is an *InputError that says after which line and how far into the file, since
// the rows before it were read and handed out.
func (s *Reader) readError(err error) error {
	if s.gzip == nil || !errors.Is(err, ErrGzip) {
		return s.ioError(err)
	}
	where := "before the first line"
	if s.gzipLine > 0 {
		where = fmt.Sprintf("after line %d", s.gzipLine)
	}
	return s.inputError(0, 0, fmt.Errorf("%s, at byte %d of the file: %w; the rows before it were read; "+
		"get a complete copy of the file (gzip -t tests one)", where, s.count.n.Load(), err))
}

// CheckGzip decompresses a gzip input to its end, to find a truncated or damaged file before
// any of its rows is used: deflate notices some damage only later in the stream, and gzip's
// checksum is at the very end. It returns nil for an intact gzip file and for any input that
// is not gzip-compressed, else an *InputError naming the byte where decompression failed.
// ctx stops it early.
func CheckGzip(ctx context.Context, r io.Reader, name string) error {
	count := &countingReader{r: r}
	br := bufio.NewReader(count)
	head, err := br.Peek(len(magicGzip))
	if err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", inputName(name), err)
	}
	if sniffFormat(head) != formatGzip {
		return nil
	}
	fail := func(err error) error {
		if !isGzipDamage(err) {
			return fmt.Errorf("read %s: %w", inputName(name), err)
		}
		return &InputError{Name: name, Err: fmt.Errorf("%w: decompressing stopped at byte %d of the file (%v); "+
			"get a complete copy of the file (gzip -t tests one)", ErrGzip, count.n.Load(), err)}
	}
	z, err := gzip.NewReader(br)
	if err != nil {
		return fail(err)
	}
	buf := make([]byte, 256<<10)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, err := z.Read(buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fail(err)
		}
	}
}
