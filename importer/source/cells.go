package source

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Row error codes of the cell checks.
const (
	// CodeControl: a cell holds a control character (NUL, ESC, …; tab and line ends are text).
	CodeControl = "control_character"
	// CodeNameless: a cell holds a value in a column the header gives no name.
	CodeNameless = "nameless_column"
)

// Causes of the cell and header checks, for errors.Is.
var (
	ErrControl        = errors.New("a control character")
	ErrNamelessValue  = errors.New("a value in a column without a name")
	ErrInvisibleName  = errors.New("an invisible character in a column name")
	ErrLookAlikeNames = errors.New("two column names that differ only by invisible characters")
	ErrNoNames        = errors.New("the header names no column (the line holds only separators)")
)

// bom is the byte order mark, U+FEFF, as UTF-8.
const bom = "\uFEFF"

// setHeader takes the header's fields: trims them, refuses names with control or invisible
// characters, notes the columns without a name (ignored while they hold no value), and checks
// that the header is one (checkHeader). line is the header's line, for errors.
func (s *Reader) setHeader(fields []string, line int) error {
	names := make([]string, len(fields))
	nameless := false
	for i, f := range fields {
		names[i] = strings.TrimSpace(f)
		nameless = nameless || names[i] == ""
	}
	s.width = len(names)
	s.names = names
	s.header = names
	s.cols = nil
	if nameless {
		s.header, s.cols = []string{}, []int{}
		for i, n := range names {
			if n != "" {
				s.cols = append(s.cols, i)
				s.header = append(s.header, n)
			}
		}
	}
	if len(s.header) == 0 {
		return s.inputError(line, 0, ErrNoNames)
	}
	if col, err := checkNames(names); err != nil {
		return s.inputError(line, col, err)
	}
	if s.report {
		return nil
	}
	if err := checkHeader(s.name, names); err != nil {
		return s.inputError(line, 0, err)
	}
	return nil
}

// checkNames refuses a header name that holds a control character or an invisible one
// (zero-width spaces and joiners, bidi controls, a byte order mark): such a name looks like
// another, and a look-alike column would send its cells to an attribute nobody can tell from
// the real one. It returns the column (1-based) with the error.
func checkNames(names []string) (int, error) {
	for i, n := range names {
		if r, ok := controlIn(n); ok {
			return i + 1, fmt.Errorf("%w in the name of column %d (%s): retype the name", ErrControl, i+1, runeName(r))
		}
	}
	for i, n := range names {
		r, ok := invisibleIn(n)
		if !ok {
			continue
		}
		visible := withoutInvisible(n)
		for j, m := range names {
			if j != i && withoutInvisible(m) == visible {
				a, b := min(i, j), max(i, j)
				return i + 1, fmt.Errorf("%w: columns %d and %d are both %q once invisible characters are removed (column %d's name holds %s); "+
					"give every column its own name", ErrLookAlikeNames, a+1, b+1, visible, i+1, runeName(r))
			}
		}
		return i + 1, fmt.Errorf("%w: the name of column %d holds %s; retype the name", ErrInvisibleName, i+1, runeName(r))
	}
	return 0, nil
}

// controlIn finds a C0 control character or DEL; tab, CR and LF are text.
func controlIn(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return rune(c), true
		}
	}
	return 0, false
}

// invisibleIn finds a character that shows nothing: Unicode's format characters (zero-width
// space, joiners, bidi controls, the byte order mark, the soft hyphen, …), the combining
// grapheme joiner and the Hangul fillers. A zero-width joiner or non-joiner between two
// letters of a script that needs them (Persian, the Indic scripts) is part of the word.
func invisibleIn(s string) (rune, bool) {
	var prev rune
	for i, r := range s {
		if isInvisible(r) {
			if r == '\u200c' || r == '\u200d' {
				next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
				if joinsLetters(prev) && joinsLetters(next) {
					prev = r
					continue
				}
			}
			return r, true
		}
		prev = r
	}
	return 0, false
}

func isInvisible(r rune) bool {
	switch r {
	case '\u034f', '\u115f', '\u1160', '\u3164', '\uffa0':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

func joinsLetters(r rune) bool {
	return unicode.IsLetter(r) && r >= 0x0600 && !unicode.Is(unicode.Latin, r)
}

func withoutInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s)
}

// runeName names a character for a message: its code point and, for the common ones, its name.
func runeName(r rune) string {
	names := map[rune]string{
		0: "NUL", 0x1b: "ESC", 0x7f: "DEL", 0x200b: "ZERO WIDTH SPACE", 0x200c: "ZERO WIDTH NON-JOINER",
		0x200d: "ZERO WIDTH JOINER", 0x200e: "LEFT-TO-RIGHT MARK", 0x200f: "RIGHT-TO-LEFT MARK",
		0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2060: "WORD JOINER", 0xfeff: "a byte order mark",
		0x00ad: "SOFT HYPHEN",
	}
	if n, ok := names[r]; ok {
		return fmt.Sprintf("U+%04X %s", r, n)
	}
	return fmt.Sprintf("U+%04X", r)
}

// tidy finishes a record read from the file: it removes byte order marks inside the file (two
// exports joined into one; counted), fails a row whose cell holds a control character or whose
// column without a name holds a value, and drops the columns without a name from Cells.
// lineOf gives the input line of field i.
func (s *Reader) tidy(rec *Record, lineOf func(i int) int) {
	for i, c := range rec.Cells {
		if strings.Contains(c, bom) {
			if s.boms == 0 {
				s.bomLine = lineOf(i)
			}
			s.boms += strings.Count(c, bom)
			rec.Cells[i] = strings.ReplaceAll(c, bom, "")
		}
	}
	if rec.Err == nil {
		for i, c := range rec.Cells {
			if r, ok := controlIn(c); ok {
				rec.Err = &RowError{Line: lineOf(i), Column: i + 1, Code: CodeControl, Err: &controlError{r: r, column: s.nameOf(i)}}
				break
			}
		}
	}
	if s.cols == nil {
		return
	}
	if rec.Err == nil {
		for i := range min(s.width, len(rec.Cells)) {
			if s.nameOf(i) == "" && strings.TrimSpace(rec.Cells[i]) != "" {
				rec.Err = &RowError{Line: lineOf(i), Column: i + 1, Code: CodeNameless, Err: &namelessError{column: i + 1}}
				break
			}
		}
	}
	cells := make([]string, len(s.cols), len(s.cols)+max(0, len(rec.Cells)-s.width))
	for k, i := range s.cols {
		if i < len(rec.Cells) {
			cells[k] = rec.Cells[i]
		}
	}
	if len(rec.Cells) > s.width {
		cells = append(cells, rec.Cells[s.width:]...)
	}
	rec.Cells = cells
}

// nameOf returns the header name of file column i (0-based); "" for a column without a name
// or past the header.
func (s *Reader) nameOf(i int) string {
	if i < len(s.names) {
		return s.names[i]
	}
	return ""
}

// ByteOrderMarks returns how many byte order marks were removed from the cells read so far
// (a file that is two exports joined holds one where the second begins) and the line of the
// first; 0, 0 when none.
func (s *Reader) ByteOrderMarks() (n, firstLine int) { return s.boms, s.bomLine }

type controlError struct {
	r      rune
	column string
}

func (e *controlError) Error() string {
	where := "the cell"
	if e.column != "" {
		where = fmt.Sprintf("the cell of %q", e.column)
	}
	return fmt.Sprintf("%s holds a control character (%s), which no contact field takes: remove it", where, runeName(e.r))
}

func (e *controlError) Unwrap() error { return ErrControl }

type namelessError struct{ column int }

func (e *namelessError) Error() string {
	return fmt.Sprintf("column %d has no name in the header but holds a value here: name the column in the header, or delete it", e.column)
}

func (e *namelessError) Unwrap() error { return ErrNamelessValue }
