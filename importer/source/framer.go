package source

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// MaxRecordBytes bounds one record of the input (after decoding to UTF-8): a record that is
// still inside quotes when it reaches this size is given up (see framer), and a single line
// longer than this fails as CodeTooLong. Memory for reading stays a small multiple of it.
const MaxRecordBytes = 1 << 20

// ErrTooLong is the cause of a CodeTooLong row.
var ErrTooLong = errors.New("line longer than 1 MiB")

// openQuoteError is the cause of the CodeQuote row an unterminated quote leaves: it is a
// csv.ErrQuote, and says that reading went on.
type openQuoteError struct{}

func (openQuoteError) Error() string {
	return `quote opened here is never closed (the lines after it are read as rows of their own)`
}

func (openQuoteError) Unwrap() error { return csv.ErrQuote }

type frameKind int

const (
	frameRecord    frameKind = iota // data is one whole record for encoding/csv
	frameOpenQuote                  // data is the record's first line up to the quote that never closed
	frameTooLong                    // a line longer than MaxRecordBytes; data is empty
)

// frame is one record as the framer cut it.
type frame struct {
	kind frameKind
	data []byte // valid until the next call of next
	line int    // 1-based line the record starts on
	end  int64  // decoded input offset just after the record
}

// physLine is one physical line: its text with the line end, and the decoded offset after it.
type physLine struct {
	text []byte
	end  int64
	long bool // longer than the cap: text holds only its start, the rest was discarded
}

// framer cuts the decoded input into records before encoding/csv parses them, following
// encoding/csv's own grammar (a quote opens a field only at its start; `""` inside quotes is
// a quote; a quote followed by anything but the separator or a line end is an error, or text
// with LazyQuotes). Handing encoding/csv one record at a time keeps an unterminated quote from
// swallowing the rest of the file:
//
// A record that spans lines and then cannot be completed (the input ends inside its quotes, it
// grows past MaxRecordBytes, or a quote on a later line is an error inside the open field)
// is given up: its first line becomes a failed row (frameOpenQuote), and the lines the open
// quote ran over are read again from a clean quote state, each as a record of its own line. A
// plausible record there is one that ends on the line it starts on; a line that again leaves a
// quote open fails the same way (from its end on it would be read exactly like the quote that
// was given up). From the line where the give-up happened on (the offending line of a quote
// error, or the line after the cap), reading is normal again, multi-line fields included.
// Every line is scanned at most three times, so the work stays linear.
type framer struct {
	br    *bufio.Reader
	comma byte
	lazy  bool
	max   int

	read  int64 // decoded bytes read from br
	lines int   // line ends handed out in frames, blank lines included

	scratch []byte     // a line read from br
	rec     []byte     // the record being framed
	ends    []physLine // lines of rec (text points into rec)
	first   []byte     // prefix frame data of a given-up record

	region  []byte     // lines a given-up quote ran over, read one record per line
	regLns  []physLine // their bounds; text points into region
	pending []byte     // the line of a quote error, read again normally
	pendLn  *physLine
	spare   physLine
}

func newFramer(r io.Reader, comma rune, lazy bool) *framer {
	return &framer{br: bufio.NewReaderSize(r, 16<<10), comma: byte(comma), lazy: lazy, max: MaxRecordBytes}
}

// lineSource says where a line came from.
type lineSource int

const (
	fromInput  lineSource = iota // the input, or a line read again normally
	fromRegion                   // the lines of a given-up quote
)

// readLine returns the next physical line. At the end of the input it returns io.EOF, with the
// last line when that has no line end.
func (f *framer) readLine() (physLine, lineSource, error) {
	if len(f.regLns) > 0 {
		ln := f.regLns[0]
		f.regLns = f.regLns[1:]
		return ln, fromRegion, nil
	}
	if f.pendLn != nil {
		ln := *f.pendLn
		f.pendLn = nil
		return ln, fromInput, nil
	}
	f.scratch = f.scratch[:0]
	long := false
	for {
		seg, err := f.br.ReadSlice('\n')
		f.read += int64(len(seg))
		if room := f.max - len(f.scratch); len(seg) > room {
			seg, long = seg[:max(room, 0)], true
		}
		f.scratch = append(f.scratch, seg...)
		if err == bufio.ErrBufferFull {
			continue
		}
		ln := physLine{text: f.scratch, end: f.read, long: long}
		if err == nil || (err == io.EOF && len(f.scratch) > 0) {
			return ln, fromInput, nil
		}
		return ln, fromInput, err
	}
}

// scanState follows encoding/csv's grammar through a record.
type scanState struct {
	quoted     bool
	fieldStart bool
	openAt     int // index in the current line of the quote that opened the open field
}

type scanResult int

const (
	scanEnded     scanResult = iota // the record ends with this line
	scanOpen                        // the record goes on: a quoted field is open at the line end
	scanQuoteErr                    // a quote inside a quoted field is followed by text (not lazy)
	scanBareQuote                   // a quote inside an unquoted field (not lazy): ends the record
)

func (f *framer) scan(s *scanState, text []byte) scanResult {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if s.quoted {
			if c != '"' {
				continue
			}
			rest := text[i+1:]
			switch {
			case len(rest) > 0 && rest[0] == '"':
				i++
			case len(rest) > 0 && rest[0] == f.comma:
				s.quoted, s.fieldStart = false, true
				i++
			case len(rest) == 0 || rest[0] == '\n' || (len(rest) == 2 && rest[0] == '\r' && rest[1] == '\n'):
				return scanEnded
			case f.lazy:
			default:
				return scanQuoteErr
			}
			continue
		}
		switch {
		case c == '\n':
			return scanEnded
		case c == f.comma:
			s.fieldStart = true
		case c == '"' && s.fieldStart:
			s.quoted, s.fieldStart, s.openAt = true, false, i
		case c == '"' && !f.lazy:
			return scanBareQuote
		default:
			s.fieldStart = false
		}
	}
	if s.quoted {
		return scanOpen
	}
	return scanEnded
}

func isBlankLine(text []byte) bool {
	return string(text) == "\n" || string(text) == "\r\n"
}

// next returns the next record, or io.EOF when only blank lines remain. Only a failure to read
// the input is an error.
func (f *framer) next() (frame, error) {
	f.rec, f.ends = f.rec[:0], f.ends[:0]
	var st scanState
	for {
		ln, src, err := f.readLine()
		if err != nil && err != io.EOF {
			return frame{}, err
		}
		if len(ln.text) == 0 {
			if len(f.ends) == 0 {
				return frame{}, io.EOF
			}
			return f.giveUp(), nil // the input ends inside quotes
		}
		if len(f.ends) == 0 && isBlankLine(ln.text) {
			f.lines++
			continue
		}
		if ln.long {
			if len(f.ends) == 0 {
				f.lines++
				return frame{kind: frameTooLong, line: f.lines, end: ln.end}, nil
			}
			f.pushBack(ln)
			return f.giveUp(), nil
		}
		if len(f.ends) == 0 {
			st = scanState{fieldStart: true}
		}
		start := len(f.rec)
		f.rec = append(f.rec, ln.text...)
		f.ends = append(f.ends, physLine{text: f.rec[start:], end: ln.end})
		res := f.scan(&st, ln.text)
		switch {
		case res == scanQuoteErr && len(f.ends) > 1:
			f.ends = f.ends[:len(f.ends)-1]
			f.pushBack(ln)
			return f.giveUp(), nil
		case res == scanOpen && (src == fromRegion || err == io.EOF || len(f.rec) > f.max):
			return f.giveUp(), nil
		case res == scanOpen:
			continue
		}
		f.lines += len(f.ends)
		return frame{kind: frameRecord, data: f.rec, line: f.lines - len(f.ends) + 1, end: ln.end}, nil
	}
}

// pushBack keeps ln to be read again normally after the region of a given-up record.
func (f *framer) pushBack(ln physLine) {
	f.pending = append(f.pending[:0], ln.text...)
	f.spare = physLine{text: f.pending, end: ln.end, long: ln.long}
	f.pendLn = &f.spare
}

// giveUp fails the record's first line and keeps its other lines in f.ends as the region to be
// read again one record per line. The record spans lines only inside quotes, so its first line
// ends inside the quoted field that was never closed; the frame holds what comes before it.
func (f *framer) giveUp() frame {
	firstLine := f.ends[0]
	s := scanState{fieldStart: true}
	f.scan(&s, firstLine.text)
	f.first = append(f.first[:0], firstLine.text[:s.openAt]...)
	if len(f.ends) > 1 {
		n := 0
		for _, ln := range f.ends[1:] {
			n += len(ln.text)
		}
		f.region = append(f.region[:0], f.rec[len(firstLine.text):len(firstLine.text)+n]...)
		f.regLns = f.regLns[:0]
		off := 0
		for _, ln := range f.ends[1:] {
			n := len(ln.text)
			f.regLns = append(f.regLns, physLine{text: f.region[off : off+n], end: ln.end})
			off += n
		}
	}
	f.lines++
	return frame{kind: frameOpenQuote, data: f.first, line: f.lines, end: firstLine.end}
}

// skipLines reads n physical lines (title lines above the header, blank or not) and counts
// them, so that line numbers stay those of the file.
func (f *framer) skipLines(n int) error {
	for range n {
		ln, _, err := f.readLine()
		if len(ln.text) == 0 {
			if err == io.EOF {
				return nil
			}
			return err
		}
		f.lines++
		if err != nil && err != io.EOF {
			return err
		}
	}
	return nil
}

// dropLines returns text without its first n lines; line ends are LF, CRLF or a bare CR.
func dropLines(text []byte, n int) []byte {
	for ; n > 0 && len(text) > 0; n-- {
		i := bytes.IndexAny(text, "\r\n")
		if i < 0 {
			return nil
		}
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
	return text
}
