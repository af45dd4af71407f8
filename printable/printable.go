// Package printable makes text that came from a file or a server safe to show: in a terminal,
// a log line, a report cell or the summary. It owns the one rule for that, Text: control
// characters and bidirectional overrides are shown as escapes instead of acting, and long text
// is cut. Lines applies it to a message of several lines, Handler to every log record a logger
// writes, and RouteStdLog sends the standard library's log lines through such a logger. It has no
// state of its own (RouteStdLog sets the log package's output); everything in it is safe for
// concurrent use.
package printable

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// MessageMax is the cap on a message from a server (an API error's text, a refusal's reason)
// wherever the tool shows it: a report cell, a log record, the summary. A spreadsheet cell holds
// at most 32,767 characters, and no person reads 1 KB of an error.
const MessageMax = 1024

// Text returns s as it can be shown: every control character (C0, DEL, C1: ESC starts the
// terminal's escape sequences, CR and LF forge lines of a log), every bidirectional override,
// embedding, isolate or mark (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C: they
// reorder what follows on screen), the line and paragraph separators U+2028 and U+2029, and
// every byte that is not UTF-8 is written as a visible escape (\x1b, \n, \u202e); the rest is
// kept as it is. When the result is longer than max bytes (max > 0), it is cut at a character
// boundary to at most max bytes and "…" is appended. Text(Text(s, 0), 0) == Text(s, 0).
func Text(s string, max int) string {
	if clean(s) && (max <= 0 || len(s) <= max) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case unsafe(r):
			b.WriteString(escape(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
		if max > 0 && b.Len() > max {
			break
		}
	}
	out := b.String()
	if max > 0 && len(out) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + "…"
	}
	return out
}

// clean reports whether s is valid UTF-8 without a rune Text escapes.
func clean(s string) bool {
	for i, r := range s {
		if unsafe(r) || (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) {
			return false
		}
	}
	return true
}

// unsafe reports whether r acts on a terminal or on the order of text instead of showing.
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// escape spells r the way Go source would: \n, \t, \r by name, other C0, DEL and C1 as \xNN,
// the rest as \uNNNN.
func escape(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x100 {
		return `\x` + hex2(byte(r))
	}
	h := strconv.FormatInt(int64(r), 16)
	return `\u` + strings.Repeat("0", 4-len(h)) + h
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
