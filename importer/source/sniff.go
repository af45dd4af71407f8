package source

import (
	"bufio"
	"bytes"
	"io"
)

// sniff drops a byte order mark, then resolves the encoding ("" for auto) and, unless an
// option set it, the delimiter from the first 64 KiB. Without skip lines, it looks for a
// header below the first line (findTextStart): with opts.FindStart it sets *skip (and the
// delimiter found with it), else it refuses the input with a *StartError.
func (s *Reader) sniff(br *bufio.Reader, encoding string, skip *int, opts Options) error {
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF {
		return s.readError(err)
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
	text := head
	if s.encoding == EncodingUTF16LE || s.encoding == EncodingUTF16BE {
		text = utf16Text(head, s.encoding)
	}
	if *skip == 0 && !s.report {
		if st, comma, ok := findTextStart(text, atEOF, s.comma); ok {
			if !opts.FindStart {
				return s.inputError(st.Line, 0, &StartError{st})
			}
			*skip, s.start, s.found = st.SkipLines, st, true
			if s.comma == 0 {
				s.comma = comma
			}
		}
	}
	if s.comma == 0 {
		s.comma = sniffDelimiter(dropLines(text, *skip))
	}
	return nil
}

// Start returns where the list was found to start, with Options.FindStart: ok is false when
// the list starts on the first line of the file (of the first sheet, for a workbook).
func (s *Reader) Start() (Start, bool) { return s.start, s.found }
