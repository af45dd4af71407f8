package source

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Row is one record of the first lines of an input, for FindStart: the line (a sheet's row)
// it starts on and its cells. Blank records are left out.
type Row struct {
	Line  int
	Cells []string
}

// Start is where the list in an input begins: below title or note lines (LinkedIn's "Notes:",
// a report's title), or in a sheet other than a workbook's first.
type Start struct {
	SkipLines int    // lines above the header (rows of the sheet, for a workbook): skip_lines
	Line      int    // the header's line (row of the sheet)
	Sheet     string // the sheet that holds the list, when that is not the first; else ""
	Reason    string // why, in words; it quotes no cell, since title lines may hold personal data
}

// ErrHeaderBelow is the cause when the header is not on the first line and no skip_lines was
// given: see *StartError.
var ErrHeaderBelow = errors.New("the header is not on the first line")

// StartError says where the header looks like it is, and what to write in the mapping file.
type StartError struct{ Start Start }

func (e *StartError) Error() string {
	return fmt.Sprintf("the header looks like it is on line %d (%s): add skip_lines: %d to the mapping file (--mapping)",
		e.Start.Line, e.Start.Reason, e.Start.SkipLines)
}

func (e *StartError) Is(target error) bool { return target == ErrHeaderBelow }

const (
	startRows = 200  // records looked at, at most
	startFit  = 50   // records after a candidate header that must fit it
	fitShare  = 0.90 // the share of them that must
)

// FindStart tells whether the list in rows (the first records of an input, read without
// skipping anything) begins below its first record. It does when the first record cannot be
// the header, because the records after it hold values in columns it does not name, while a
// later record names every column up to its last, looks like names rather than values, has
// at least nine in ten of the records after it within its columns, and only narrow records
// (titles, notes: at most half as many values) above it. Otherwise found is false: the first
// record is the header, or nothing better is in sight.
func FindStart(rows []Row) (start Start, found bool) {
	rows = rows[:min(len(rows), startRows)]
	if len(rows) < 2 || fits(rows[1:], width(rows[0].Cells)) >= fitShare {
		return Start{}, false
	}
	widest := 0
	for _, r := range rows[1:] {
		widest = max(widest, width(r.Cells))
	}
	for h := 1; h < len(rows)-1; h++ {
		cells := rows[h].Cells
		w := width(cells)
		if w < 2 || filled(cells) != w || !namesOnly(cells[:w]) || fits(rows[h+1:], w) < fitShare {
			continue
		}
		for _, r := range rows[:h] {
			if filled(r.Cells) > max(1, w/2) {
				return Start{}, false // a wide record above: not a title block
			}
		}
		after := min(len(rows)-h-1, startFit)
		return Start{
			SkipLines: rows[h].Line - 1,
			Line:      rows[h].Line,
			Reason: fmt.Sprintf("line %d holds %s, but the records below it have up to %d; line %d names %d columns, and the %d records after it fit them",
				rows[0].Line, plural(filled(rows[0].Cells), "value"), widest, rows[h].Line, w, after),
		}, true
	}
	return Start{}, false
}

// width is the number of cells up to the last one that is not blank.
func width(cells []string) int {
	for n := len(cells); n > 0; n-- {
		if strings.TrimSpace(cells[n-1]) != "" {
			return n
		}
	}
	return 0
}

func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// fits returns the share of the first startFit rows that hold no value right of column w.
func fits(rows []Row, w int) float64 {
	rows = rows[:min(len(rows), startFit)]
	if len(rows) == 0 {
		return 1
	}
	n := 0
	for _, r := range rows {
		if width(r.Cells) <= w {
			n++
		}
	}
	return float64(n) / float64(len(rows))
}

// namesOnly reports whether every cell looks like a column name: not a value (dataKind) and not
// a sentence (a note line split at its commas).
func namesOnly(cells []string) bool {
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if dataKind(c) != "" || len(c) > 200 {
			return false
		}
	}
	return true
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// findTextStart runs FindStart on the first lines of a text input (head, decoded to UTF-8 or
// an ASCII-compatible code page) with the delimiter comma, or, when comma is 0 and the first
// line names none, with each candidate delimiter; it returns the start found and the delimiter
// it was found with.
func findTextStart(head []byte, atEOF bool, comma rune) (Start, rune, bool) {
	text := head
	if !atEOF {
		i := bytes.LastIndexAny(text, "\r\n")
		if i < 0 {
			return Start{}, 0, false
		}
		text = text[:i+1]
	}
	text = bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
	text = bytes.ReplaceAll(text, []byte("\r"), []byte("\n"))
	candidates := []rune{comma}
	if comma == 0 {
		sniffed := sniffDelimiter(text)
		if firstLineHasDelimiter(text) {
			candidates = []rune{sniffed}
		} else {
			candidates = []rune{',', ';', '\t', '|'}
		}
	}
	var best Start
	var bestComma rune
	bestWidth := 0
	for _, c := range candidates {
		rows := textRows(text, c)
		st, ok := FindStart(rows)
		if !ok {
			continue
		}
		for _, r := range rows {
			if r.Line == st.Line && width(r.Cells) > bestWidth {
				best, bestComma, bestWidth = st, c, width(r.Cells)
			}
		}
	}
	return best, bestComma, bestWidth > 0
}

// firstLineHasDelimiter reports whether the first non-blank line holds one of the candidate
// delimiters outside quotes, so that sniffDelimiter's choice rests on something.
func firstLineHasDelimiter(text []byte) bool {
	inQuotes, started := false, false
	for _, c := range text {
		switch {
		case c == '"':
			inQuotes, started = !inQuotes, true
		case inQuotes:
		case c == '\n':
			if started {
				return false
			}
		case c == ',' || c == ';' || c == '\t' || c == '|':
			return true
		case c != ' ':
			started = true
		}
	}
	return false
}

// textRows parses the first startRows records of text with the delimiter comma, leniently:
// a quoting error ends the rows.
func textRows(text []byte, comma rune) []Row {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var rows []Row
	for len(rows) < startRows {
		rec, err := r.Read()
		if err == io.EOF || err != nil && len(rec) == 0 {
			break
		}
		if filled(rec) == 0 {
			continue
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, Row{Line: line, Cells: rec})
	}
	return rows
}
