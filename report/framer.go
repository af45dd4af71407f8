package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// framer cuts the report into records before any parsing, so that a record cut off by a crash
// is known for what it is (the input ends inside quotes, or before the line end) and the exact
// byte offset of every record end is known, whatever the csv reader buffers ahead.
//
// A record ends at the first '\n' outside quotes. Counting quotes is enough to know where that
// is: in valid CSV a '"' only opens a quoted field, closes it, or comes doubled inside it, and
// the csv reader refuses anything else.
type framer struct {
	br    *bufio.Reader
	buf   []byte
	off   int64 // input bytes consumed, a byte order mark included
	lines int   // line ends consumed
}

const bom = "\ufeff"

func newFramer(r io.Reader) *framer {
	return &framer{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next record (with any blank lines before it) and the line it starts on. It
// returns io.EOF when only blank lines remain, and an error wrapping ErrTornLine, with what there
// is of the record, when the input ends inside one.
func (f *framer) next() ([]byte, int, error) {
	f.buf = f.buf[:0]
	start, line := 0, f.lines+1
	quoted := false
	for {
		lineStart := len(f.buf)
		err := f.readLine()
		phys := f.buf[lineStart:]
		if bytes.Count(phys, []byte{'"'})%2 == 1 {
			quoted = !quoted
		}
		if err == io.EOF {
			rest := f.buf[start:]
			switch {
			case len(rest) == 0 || string(rest) == "\r":
				return nil, 0, io.EOF
			case quoted:
				return f.buf, line, errOpenQuote
			default:
				return f.buf, line, errNoNewline
			}
		}
		if err != nil {
			return nil, line, fmt.Errorf("read report line %d: %w", f.lines+1, err)
		}
		f.lines++
		if quoted {
			continue
		}
		if lineStart == start && (string(phys) == "\n" || string(phys) == "\r\n") {
			start, line = len(f.buf), f.lines+1
			continue
		}
		return f.buf, line, nil
	}
}

// readLine appends one physical line, up to and including its '\n', to f.buf. It drops a byte
// order mark at the very start of the input, which spreadsheets add when saving as UTF-8.
func (f *framer) readLine() error {
	for {
		seg, err := f.br.ReadSlice('\n')
		atStart := f.off == 0
		f.off += int64(len(seg))
		if atStart && bytes.HasPrefix(seg, []byte(bom)) {
			seg = seg[len(bom):]
		}
		f.buf = append(f.buf, seg...)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// atEnd reports whether nothing but blank lines is left. It consumes the next record, so it is
// only for deciding about a record after which reading stops anyway.
func (f *framer) atEnd() bool {
	_, _, err := f.next()
	return err == io.EOF
}
