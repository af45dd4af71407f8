package mappimport

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limit is the largest import file Mapp takes: "maximum 50 MB" (Group Members: Import), read as
// 50,000,000 bytes, which is within the limit whether Mapp counts a MB as 10^6 or 2^20 bytes.
const Limit = 50_000_000

// ErrRowTooLarge is returned by Splitter.Write for a row that does not fit in a file of the
// limit even alone under the header.
var ErrRowTooLarge = errors.New("row does not fit in one import file under the header")

// File describes one import file written: its number (1, 2, …), its data rows and its size in
// bytes, header included.
type File struct {
	Number int
	Rows   int
	Bytes  int64
}

// Splitter writes rows as import files of at most limit bytes each: every file starts with the
// header, a row is never split across files, and a new file is begun when the next row would
// take the current one past the limit. Files are created only when a row needs them, so an
// input without valid rows gives none.
type Splitter struct {
	limit  int64
	header []byte
	create func(n int) (io.WriteCloser, error)

	cur   io.WriteCloser
	bw    *bufio.Writer
	files []File
	line  []byte // scratch for one encoded row
}

// NewSplitter returns a Splitter writing header (Mapp's column names) at the top of each file.
// create makes file number n (1-based); closing what it returns completes that file. limit is
// Limit in the product.
func NewSplitter(header []string, limit int64, create func(n int) (io.WriteCloser, error)) (*Splitter, error) {
	h := appendRow(nil, header)
	if int64(len(h)) > limit {
		return nil, fmt.Errorf("import file header (%d bytes) is larger than the file limit (%d bytes)", len(h), limit)
	}
	return &Splitter{limit: limit, header: h, create: create}, nil
}

// Write writes one row of len(header) cells.
func (s *Splitter) Write(cells []string) error {
	s.line = appendRow(s.line[:0], cells)
	n := int64(len(s.line))
	if int64(len(s.header))+n > s.limit {
		return ErrRowTooLarge
	}
	if s.cur == nil || s.files[len(s.files)-1].Bytes+n > s.limit {
		if err := s.next(); err != nil {
			return err
		}
	}
	if _, err := s.bw.Write(s.line); err != nil {
		return s.writeErr(err)
	}
	f := &s.files[len(s.files)-1]
	f.Rows++
	f.Bytes += n
	return nil
}

// next completes the current file, if any, and begins the next one with the header.
func (s *Splitter) next() error {
	if err := s.finish(); err != nil {
		return err
	}
	n := len(s.files) + 1
	w, err := s.create(n)
	if err != nil {
		return fmt.Errorf("create import file %d: %w", n, err)
	}
	s.cur = w
	if s.bw == nil {
		s.bw = bufio.NewWriterSize(w, 256<<10)
	} else {
		s.bw.Reset(w)
	}
	s.files = append(s.files, File{Number: n, Bytes: int64(len(s.header))})
	if _, err := s.bw.Write(s.header); err != nil {
		return s.writeErr(err)
	}
	return nil
}

func (s *Splitter) finish() error {
	if s.cur == nil {
		return nil
	}
	err := s.bw.Flush()
	if cerr := s.cur.Close(); err == nil {
		err = cerr
	}
	s.cur = nil
	if err != nil {
		return s.writeErr(err)
	}
	return nil
}

func (s *Splitter) writeErr(err error) error {
	return fmt.Errorf("write import file %d: %w", len(s.files), err)
}

// Close completes the last file.
func (s *Splitter) Close() error { return s.finish() }

// Files returns the files begun so far, in order.
func (s *Splitter) Files() []File { return append([]File(nil), s.files...) }

// appendRow encodes one CSV record the way Mapp's example writes it: every field in double
// quotes, a quote inside doubled, fields separated by commas, the line ended with CRLF.
func appendRow(b []byte, cells []string) []byte {
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for {
			j := strings.IndexByte(c, '"')
			if j < 0 {
				break
			}
			b = append(b, c[:j+1]...)
			b = append(b, '"')
			c = c[j+1:]
		}
		b = append(b, c...)
		b = append(b, '"')
	}
	return append(b, '\r', '\n')
}
