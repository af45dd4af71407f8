package source

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrAmbiguousEncoding is the cause when auto-detection cannot tell the input's code page.
var ErrAmbiguousEncoding = errors.New("cannot tell the input's encoding")

// Detection is what DetectEncoding decides about a sample of the input.
type Detection struct {
	Encoding string // the chosen encoding; "" when several code pages stay equally plausible
	Reason   string // why, in words; it quotes at most single characters, never a cell value
	// Candidates holds every 8-bit code page weighed, in order of preference; nil when the
	// sample is UTF-8.
	Candidates []Candidate
	Tied       []string // the equally plausible code pages, when Encoding is ""
}

// Candidate is how plausible one code page's reading of the sample is.
type Candidate struct {
	Encoding    string
	Plausible   int    // non-ASCII bytes read as letters or symbols where they stand
	Implausible int    // non-ASCII bytes read as anything else (see judgeRune)
	Example     string // the first implausible reading, e.g. `byte 0x9F as "Ÿ", ...`
	SameAs      string // an earlier candidate that reads the sample identically, and stands for it
}

// DetectEncoding decides the encoding of head, the first bytes of an input (after a UTF-8
// byte order mark); atEOF says head is the whole input. Valid UTF-8 is UTF-8. Otherwise each
// 8-bit code page reads the sample, and every non-ASCII byte is judged by what it becomes where
// it stands: a letter of Western European names, cased like its word, or a symbol in a place
// such symbols take, is plausible; a control character, an undefined byte, box drawing, a
// letter foreign to those names (`Ÿ`, `ƒ`, Greek), or a symbol inside a word (`J”rg`) is not.
// The code page with the fewest implausible bytes wins. When several readings that differ
// tie, Encoding is "" and Tied names them: a guess would store wrong names.
func DetectEncoding(head []byte, atEOF bool) Detection {
	if validUTF8Prefix(head, atEOF) {
		return Detection{Encoding: EncodingUTF8, Reason: "the sample is valid UTF-8"}
	}
	var at []int // where the non-ASCII bytes are
	for i, c := range head {
		if c >= utf8.RuneSelf {
			at = append(at, i)
		}
	}
	readings := make([][]rune, len(codePages))
	d := Detection{Candidates: make([]Candidate, len(codePages))}
	for k, cp := range codePages {
		text := make([]rune, len(head))
		for i, c := range head {
			text[i] = cp.cm.DecodeByte(c)
		}
		readings[k] = text
		cand := Candidate{Encoding: cp.name}
		for j := range k {
			if d.Candidates[j].SameAs == "" && sameAt(readings[j], text, at) {
				cand.SameAs = codePages[j].name
				break
			}
		}
		for _, i := range at {
			prev, next := ' ', ' '
			if i > 0 {
				prev = text[i-1]
			}
			if i+1 < len(text) {
				next = text[i+1]
			}
			if why := judgeRune(prev, text[i], next); why == "" {
				cand.Plausible++
			} else {
				cand.Implausible++
				if cand.Example == "" {
					cand.Example = describeReading(head[i], text[i], why)
				}
			}
		}
		d.Candidates[k] = cand
	}

	best := -1
	for _, c := range d.Candidates {
		if c.SameAs == "" && (best < 0 || c.Implausible < best) {
			best = c.Implausible
		}
	}
	var tied []Candidate
	for _, c := range d.Candidates {
		if c.SameAs == "" && c.Implausible == best {
			tied = append(tied, c)
			d.Tied = append(d.Tied, c.Encoding)
		}
	}
	if len(tied) > 1 {
		d.Reason = tiedReason(tied, len(at))
		return d
	}
	d.Tied = nil
	d.Encoding = tied[0].Encoding
	d.Reason = chosenReason(d.Candidates, tied[0], len(at))
	return d
}

// sameAt reports whether two readings agree at the positions at.
func sameAt(a, b []rune, at []int) bool {
	for _, i := range at {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describeReading(b byte, r rune, why string) string {
	if r == utf8.RuneError || unicode.IsControl(r) {
		return fmt.Sprintf("byte 0x%02X, %s", b, why)
	}
	return fmt.Sprintf("byte 0x%02X as %q, %s", b, string(r), why)
}

func chosenReason(all []Candidate, won Candidate, n int) string {
	var b strings.Builder
	if won.Implausible == 0 {
		fmt.Fprintf(&b, "%s of the first 64 KiB read as letters or symbols in place", nonASCII(n, true))
	} else {
		fmt.Fprintf(&b, "%d of %s of the first 64 KiB read implausibly (%s), fewer than in any other code page",
			won.Implausible, nonASCII(n, false), won.Example)
	}
	var same, others []string
	var next *Candidate // the runner-up, whose first implausible reading is quoted
	for i, c := range all {
		switch {
		case c.Encoding == won.Encoding:
		case c.SameAs == won.Encoding:
			same = append(same, encodingDisplay(c.Encoding))
		case c.SameAs == "":
			others = append(others, fmt.Sprintf("%s %d", encodingDisplay(c.Encoding), c.Implausible))
			if next == nil || c.Implausible < next.Implausible {
				next = &all[i]
			}
		}
	}
	if len(same) > 0 {
		fmt.Fprintf(&b, "; %s read them alike", strings.Join(same, " and "))
	}
	if next != nil {
		fmt.Fprintf(&b, "; implausible readings in the other code pages: %s (%s: %s)",
			strings.Join(others, ", "), encodingDisplay(next.Encoding), next.Example)
	}
	return b.String()
}

// nonASCII says how many non-ASCII bytes there are, with "all" when asked and there are several.
func nonASCII(n int, all bool) string {
	switch {
	case n == 1:
		return "the one non-ASCII byte"
	case all:
		return fmt.Sprintf("all %d non-ASCII bytes", n)
	}
	return fmt.Sprintf("%d non-ASCII bytes", n)
}

func tiedReason(tied []Candidate, n int) string {
	names := make([]string, len(tied))
	for i, c := range tied {
		names[i] = encodingDisplay(c.Encoding)
	}
	if tied[0].Implausible == 0 {
		return fmt.Sprintf("%s of the first 64 KiB read as plausible text in %s alike, as different letters",
			nonASCII(n, true), strings.Join(names, " and "))
	}
	return fmt.Sprintf("%s each read %d of %s of the first 64 KiB implausibly, as different characters",
		strings.Join(names, " and "), tied[0].Implausible, nonASCII(n, false))
}

// ambiguousEncodingError refuses an input whose code page auto-detection cannot tell; it is
// an ErrAmbiguousEncoding.
type ambiguousEncodingError struct{ d Detection }

func (e *ambiguousEncodingError) Error() string {
	var flags, who []string
	for _, enc := range e.d.Tied {
		flags = append(flags, "--encoding "+enc)
		if cp := lookupCodePage(enc); cp != nil {
			who = append(who, cp.display+" is what "+cp.written+" writes")
		}
	}
	return fmt.Sprintf("cannot tell the input's encoding: it is not UTF-8, and %s; name it with %s (%s), or save the file as CSV UTF-8",
		e.d.Reason, strings.Join(flags, " or "), strings.Join(who, ", "))
}

func (e *ambiguousEncodingError) Is(target error) bool { return target == ErrAmbiguousEncoding }

// The ways a non-ASCII character can be out of place, as judgeRune names them.
const (
	whyUndefined = "undefined in this code page"
	whyControl   = "a control character"
	whyForeign   = "not a letter of Western European names"
	whyCapital   = "a capital inside a small-letter word"
	whySmall     = "a small letter before a capital"
	whyByNumber  = "a letter stuck to a number"
	whyInWord    = "a symbol inside a word"
	whyByWord    = "a symbol stuck to a word"
	whyOdd       = "a symbol contact lists do not hold"
)

// westernLetters are the non-ASCII letters of Western European languages' names.
const westernLetters = "àáâãäåæçèéêëìíîïñòóôõöøùúûüýœß" + "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒ"

// Symbols by where they may stand. wordSymbols may touch a word but not sit inside one
// (quotes, currency, marks); joinSymbols may sit inside a word (apostrophes, the Catalan
// middle dot); looseSymbols stand apart from words.
const (
	wordSymbols  = "“”„«»‹›‚€£¥¢™®©°¹²³¡¿…µ½¼¾ªº%"
	joinSymbols  = "’‘´·"
	looseSymbols = "§¶±×÷–—•¬¦¨¯¸†‡‰"
)

// judgeRune says why r, read between prev and next, is implausible in a contact list, or ""
// when it is plausible.
func judgeRune(prev, r, next rune) string {
	lp, ln := unicode.IsLetter(prev), unicode.IsLetter(next)
	switch {
	case r == utf8.RuneError:
		return whyUndefined
	case unicode.IsControl(r):
		return whyControl
	case r == '\u00A0':
		return ""
	case r == 'ª' || r == 'º': // ordinals: 1º, Nº
		if ln || (lp && prev != 'N' && prev != 'n') {
			return whyByWord
		}
		return ""
	case strings.ContainsRune(westernLetters, r):
		switch {
		case unicode.IsUpper(r) && lp && (unicode.IsLower(prev) || unicode.IsLower(next)):
			return whyCapital
		case unicode.IsLower(r) && r != 'ß' && unicode.IsUpper(next):
			return whySmall
		case unicode.IsDigit(prev) && !ln || unicode.IsDigit(next) && !lp:
			return whyByNumber
		}
		return ""
	case unicode.IsLetter(r):
		return whyForeign
	case strings.ContainsRune(wordSymbols, r):
		if lp && ln {
			return whyInWord
		}
		return ""
	case strings.ContainsRune(joinSymbols, r):
		if r == '·' && lp != ln {
			return whyByWord
		}
		return ""
	case strings.ContainsRune(looseSymbols, r):
		if lp || ln {
			return whyByWord
		}
		return ""
	}
	return whyOdd
}
