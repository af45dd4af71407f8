package importer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Resolved input encodings, as Source.Encoding reports them.
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
	EncodingISO88591    = "iso-8859-1"
)

// sniffSize is how much of the input decides the encoding in auto mode and holds the header
// line for delimiter sniffing.
const sniffSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parseEncoding returns the canonical encoding name, or "" for auto-detection.
func parseEncoding(opt string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(opt)) {
	case "", "auto":
		return "", nil
	case "utf-8", "utf8":
		return EncodingUTF8, nil
	case "windows-1252", "windows1252", "cp1252":
		return EncodingWindows1252, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return EncodingISO88591, nil
	case "utf-16", "utf16", "utf-16le", "utf16le":
		return encodingUTF16, nil
	case "utf-16be", "utf16be":
		return EncodingUTF16BE, nil
	}
	return "", fmt.Errorf("%w %q (want auto, utf-8, utf-16, windows-1252 or iso-8859-1)", ErrUnknownEncoding, opt)
}

// parseDelimiter returns the field separator, or 0 for sniffing.
func parseDelimiter(opt string) (rune, error) {
	switch opt {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "tab", "\t", `\t`:
		return '\t', nil
	case "|", "pipe":
		return '|', nil
	}
	return 0, fmt.Errorf("%w %q (want auto, \",\", \";\", tab or \"|\")", ErrUnknownDelimiter, opt)
}

// validUTF8Prefix reports whether head is valid UTF-8. Unless head ends the input, a rune cut
// off at its end is not held against it: the rest of that rune lies beyond the sniffed window.
func validUTF8Prefix(head []byte, atEOF bool) bool {
	if !atEOF {
		for i := len(head) - 1; i >= 0 && i >= len(head)-utf8.UTFMax; i-- {
			if utf8.RuneStart(head[i]) {
				if !utf8.FullRune(head[i:]) {
					head = head[:i]
				}
				break
			}
		}
	}
	return utf8.Valid(head)
}

// sniffDelimiter picks the most frequent candidate outside quotes on the first non-blank line
// of head. Ties go to the earlier candidate, so a header without any candidate reads as one
// comma-separated column.
func sniffDelimiter(head []byte) rune {
	candidates := [...]byte{',', ';', '\t', '|'}
	var counts [len(candidates)]int
	inQuotes, started := false, false
scan:
	for _, c := range head {
		switch {
		case c == '"':
			inQuotes, started = !inQuotes, true
		case inQuotes:
		case c == '\n' || c == '\r':
			if started {
				break scan
			}
		case c == ' ':
		default:
			started = true
			if i := bytes.IndexByte(candidates[:], c); i >= 0 {
				counts[i]++
			}
		}
	}
	best := 0
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	return rune(candidates[best])
}

// decodingReader wraps in so that it yields UTF-8 for the resolved encoding.
func decodingReader(in io.Reader, encoding string) io.Reader {
	switch encoding {
	case EncodingWindows1252:
		return charmap.Windows1252.NewDecoder().Reader(in)
	case EncodingISO88591:
		return charmap.ISO8859_1.NewDecoder().Reader(in)
	}
	return in
}

// firstBadCell returns the index of the first cell that is not faithful text in the input's
// encoding, or -1. Invalid UTF-8 would reach the API as mojibake; in Windows-1252 the five
// undefined bytes decode to U+FFFD, which no Windows-1252 text can contain otherwise, and so
// does a broken surrogate pair in UTF-16.
func firstBadCell(cells []string, encoding string) int {
	for i, c := range cells {
		switch encoding {
		case EncodingUTF8:
			if !utf8.ValidString(c) {
				return i
			}
		case EncodingWindows1252, EncodingUTF16LE, EncodingUTF16BE:
			if strings.ContainsRune(c, utf8.RuneError) {
				return i
			}
		}
	}
	return -1
}

// encodingError is the cause given for a cell that firstBadCell rejects.
func encodingError(encoding string) error {
	switch encoding {
	case EncodingWindows1252:
		return ErrUndefinedByte
	case EncodingUTF16LE, EncodingUTF16BE:
		return ErrInvalidUTF16
	}
	return ErrInvalidUTF8
}

// lineEndReader turns every bare CR into LF, because encoding/csv ends lines only at LF and
// old Mac exports use CR alone. A CR followed by LF stays as it is, also when the LF comes in
// a later read: the CR's successor is peeked from the buffer underneath.
type lineEndReader struct {
	r   *bufio.Reader
	err error // an error met while peeking, returned by the next Read
}

func (l *lineEndReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	b := p[:n]
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		switch {
		case i+1 < len(b):
			if b[i+1] != '\n' {
				b[i] = '\n'
			}
		case err == nil:
			next, perr := l.r.Peek(1)
			if perr != nil {
				l.err = perr
			}
			if len(next) == 0 || next[0] != '\n' {
				b[i] = '\n'
			}
		default:
			b[i] = '\n'
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n, err
}

// countingReader counts the bytes read from the original input. The count is atomic so that
// a progress display may read it while another goroutine reads records.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
