package source

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Resolved input encodings, as Reader.Encoding reports them.
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
	EncodingISO88591    = "iso-8859-1"
	EncodingISO885915   = "iso-8859-15"
	EncodingMacintosh   = "macintosh" // Mac Roman: Excel for Mac's "CSV (Macintosh)"
	EncodingCP850       = "cp850"     // Excel's "CSV (MS-DOS)" in Western Europe
	EncodingCP437       = "cp437"     // Excel's "CSV (MS-DOS)" in the US
)

// sniffSize is how much of the input decides the encoding in auto mode and holds the header
// line for delimiter sniffing.
const sniffSize = 64 << 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// codePage is one of the legacy 8-bit encodings the reader takes.
type codePage struct {
	name    string // canonical, as Reader.Encoding reports it
	display string // for people
	written string // who writes it, for hints
	cm      *charmap.Charmap
}

// codePages are the 8-bit encodings, in order of preference: when several read a sample
// identically, auto-detection reports the first.
var codePages = []codePage{
	{EncodingWindows1252, "Windows-1252", "Excel on Windows", charmap.Windows1252},
	{EncodingISO885915, "ISO-8859-15", "older Unix and web exports", charmap.ISO8859_15},
	{EncodingISO88591, "ISO-8859-1", "older Unix and web exports", charmap.ISO8859_1},
	{EncodingMacintosh, "Mac Roman", `Excel for Mac's "CSV (Macintosh)"`, charmap.Macintosh},
	{EncodingCP850, "CP850", `Excel's "CSV (MS-DOS)" in Western Europe`, charmap.CodePage850},
	{EncodingCP437, "CP437", `Excel's "CSV (MS-DOS)" in the US`, charmap.CodePage437},
}

// lookupCodePage returns the 8-bit encoding with the canonical name enc, or nil.
func lookupCodePage(enc string) *codePage {
	for i := range codePages {
		if codePages[i].name == enc {
			return &codePages[i]
		}
	}
	return nil
}

// encodingAliases maps the names people type, lower-cased with "_" and " " read as "-", to
// canonical names. "" means auto-detection.
var encodingAliases = map[string]string{
	"": "", "auto": "",
	"utf-8": EncodingUTF8, "utf8": EncodingUTF8,
	"utf-16": encodingUTF16, "utf16": encodingUTF16, "utf-16le": encodingUTF16, "utf16le": encodingUTF16,
	"utf-16be": EncodingUTF16BE, "utf16be": EncodingUTF16BE,
	"windows-1252": EncodingWindows1252, "windows1252": EncodingWindows1252, "cp1252": EncodingWindows1252,
	"cp-1252": EncodingWindows1252, "win-1252": EncodingWindows1252, "win1252": EncodingWindows1252,
	"ansi":       EncodingWindows1252,
	"iso-8859-1": EncodingISO88591, "iso8859-1": EncodingISO88591, "iso88591": EncodingISO88591,
	"latin1": EncodingISO88591, "latin-1": EncodingISO88591, "l1": EncodingISO88591,
	"iso-8859-15": EncodingISO885915, "iso8859-15": EncodingISO885915, "iso885915": EncodingISO885915,
	"latin9": EncodingISO885915, "latin-9": EncodingISO885915, "l9": EncodingISO885915,
	"latin0": EncodingISO885915, "latin-0": EncodingISO885915,
	"macintosh": EncodingMacintosh, "mac": EncodingMacintosh, "macroman": EncodingMacintosh,
	"mac-roman": EncodingMacintosh, "x-mac-roman": EncodingMacintosh, "macos-roman": EncodingMacintosh,
	"cp850": EncodingCP850, "cp-850": EncodingCP850, "ibm850": EncodingCP850, "ibm-850": EncodingCP850,
	"850": EncodingCP850, "dos-850": EncodingCP850, "dos850": EncodingCP850,
	"cp437": EncodingCP437, "cp-437": EncodingCP437, "ibm437": EncodingCP437, "ibm-437": EncodingCP437,
	"437": EncodingCP437, "dos-437": EncodingCP437, "dos437": EncodingCP437,
}

// parseEncoding returns the canonical encoding name, or "" for auto-detection.
func parseEncoding(opt string) (string, error) {
	key := strings.NewReplacer("_", "-", " ", "-").Replace(strings.ToLower(strings.TrimSpace(opt)))
	if enc, ok := encodingAliases[key]; ok {
		return enc, nil
	}
	return "", fmt.Errorf("%w %q (want auto, utf-8, utf-16, utf-16be, windows-1252, iso-8859-1, iso-8859-15, "+
		"macintosh, cp850 or cp437)", ErrUnknownEncoding, opt)
}

// encodingDisplay returns the name people know an encoding by, for messages.
func encodingDisplay(enc string) string {
	if cp := lookupCodePage(enc); cp != nil {
		return cp.display
	}
	switch enc {
	case EncodingUTF8:
		return "UTF-8"
	case EncodingUTF16LE:
		return "UTF-16 LE"
	case EncodingUTF16BE:
		return "UTF-16 BE"
	}
	return enc
}

// parseDelimiter returns the field separator, or 0 for sniffing.
func parseDelimiter(opt string) (rune, error) {
	for _, d := range delimiters {
		if slices.Contains(d.names, opt) {
			return d.comma, nil
		}
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
	if cp := lookupCodePage(encoding); cp != nil {
		return cp.cm.NewDecoder().Reader(in)
	}
	return in
}

// firstBadCell returns the index of the first cell that is not faithful text in the input's
// encoding, or -1. Invalid UTF-8 would reach the API as mojibake; the bytes a code page leaves
// undefined (five in Windows-1252, 0x80-0x9F in ISO-8859-15) decode to U+FFFD, which no text
// in that code page can contain otherwise, and so does a broken surrogate pair in UTF-16.
func firstBadCell(cells []string, encoding string) int {
	for i, c := range cells {
		if encoding == EncodingUTF8 {
			if !utf8.ValidString(c) {
				return i
			}
		} else if strings.ContainsRune(c, utf8.RuneError) {
			return i
		}
	}
	return -1
}

// undefinedByteError is a byte that the input's code page does not define; it is an
// ErrUndefinedByte.
type undefinedByteError struct{ encoding string }

func (e undefinedByteError) Error() string {
	return "byte not defined in " + encodingDisplay(e.encoding)
}

func (e undefinedByteError) Is(target error) bool { return target == ErrUndefinedByte }

// encodingError is the cause given for a cell that firstBadCell rejects.
func encodingError(encoding string) error {
	switch encoding {
	case EncodingUTF8:
		return ErrInvalidUTF8
	case EncodingUTF16LE, EncodingUTF16BE:
		return ErrInvalidUTF16
	}
	return undefinedByteError{encoding}
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
