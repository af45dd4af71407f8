package source

import (
	"bufio"
	"errors"
	"io"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// The UTF-16 encodings, as Reader.Encoding reports them. Excel's "Unicode Text" is UTF-16 LE
// with a byte order mark, tab-separated.
const (
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
)

// encodingUTF16 is what --encoding utf-16 resolves to before the input is seen: the byte order
// mark decides, and little-endian (what Windows writes) without one.
const encodingUTF16 = "utf-16"

// Causes of UTF-16 input errors, for errors.Is.
var (
	ErrUTF16NoBOM = errors.New("the input looks like UTF-16 without a byte order mark (a NUL byte in every other position): " +
		"read it with --encoding utf-16 (little-endian; utf-16be for big-endian), or save it as CSV UTF-8")
	ErrUTF16BOM = errors.New("the input starts with a UTF-16 byte order mark: read it with --encoding utf-16 or auto")
)

// utf16BOM returns the UTF-16 encoding a byte order mark at the start of head announces, or "".
func utf16BOM(head []byte) string {
	switch {
	case len(head) >= 2 && head[0] == 0xFF && head[1] == 0xFE:
		return EncodingUTF16LE
	case len(head) >= 2 && head[0] == 0xFE && head[1] == 0xFF:
		return EncodingUTF16BE
	}
	return ""
}

// looksUTF16 reports whether head reads like UTF-16 text without a byte order mark: mostly
// ASCII characters, so nearly every byte at one parity is NUL and almost none at the other.
// Text in any 8-bit encoding or UTF-8 has no NUL bytes at all.
func looksUTF16(head []byte) bool {
	n := min(len(head), 4096) &^ 1
	if n < 4 {
		return false
	}
	var nul [2]int
	for i, c := range head[:n] {
		if c == 0 {
			nul[i%2]++
		}
	}
	pairs := n / 2
	return (nul[0]*10 >= pairs*9 && nul[1]*10 < pairs) || (nul[1]*10 >= pairs*9 && nul[0]*10 < pairs)
}

// utf16Decoder returns a decoder for the resolved UTF-16 encoding; it drops a byte order mark.
func utf16Decoder(enc string) *encoding.Decoder {
	order := unicode.LittleEndian
	if enc == EncodingUTF16BE {
		order = unicode.BigEndian
	}
	return unicode.UTF16(order, unicode.UseBOM).NewDecoder()
}

// utf16Text decodes head for sniffing the delimiter; a character cut at its end is dropped.
func utf16Text(head []byte, enc string) []byte {
	out, _ := utf16Decoder(enc).Bytes(head[:len(head)&^1])
	return out
}

// utf16Reader decodes in to UTF-8 and then turns bare CRs into LFs; for UTF-16 that must come
// after decoding, since a 0x0D byte may be half of another character.
func utf16Reader(in io.Reader, enc string) io.Reader {
	return &lineEndReader{r: bufio.NewReader(utf16Decoder(enc).Reader(in))}
}
