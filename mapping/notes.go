package mapping

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// codeRestored is the code of a note on a cell that lost_leading_zeros read differently from
// how it was written: a zip code given its 0 back, a phone number read in the row's region.
const codeRestored = "restored_zero"

// Note is a cell a row was imported with, but not as written, because the mapping says so: a
// cell of an `invalid: omit` column that failed validation and was not sent, or a cell that
// `lost_leading_zeros` restored. A row with notes is imported; its notes go to its report
// line. A note's Text may quote the cell (the report holds the cells anyway): it must never go
// to a log.
type Note struct {
	Column string // header name
	Code   string // the validation code of an omitted cell, or restored_zero
	Text   string // one sentence that names the column
	at     int    // header index, to keep notes in header order
}

// NotesText joins the sentences of notes with "; ", as a report line's import.error holds them.
func NotesText(notes []Note) string {
	var b strings.Builder
	for i, n := range notes {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(n.Text)
	}
	return b.String()
}

// LostLeadingZeros reports whether the mapping says `lost_leading_zeros: true`.
func (m *Mapper) LostLeadingZeros() bool { return m.lostZeros }

// OmitColumns returns the header names of the columns with `invalid: omit`, in header order.
func (m *Mapper) OmitColumns() []string {
	var out []string
	for _, c := range m.cols {
		if c.omit {
			out = append(out, c.name)
		}
	}
	return out
}

// omitted is the note of a cell of an `invalid: omit` column that failed with fe.
func omitted(c *col, fe *FieldError) Note {
	return Note{Column: c.name, Code: fe.Code, at: c.index,
		Text: "column " + strconv.Quote(c.name) + " not sent (invalid: omit): " + fe.Reason}
}

// restored is the note of a cell that lost_leading_zeros read as to instead of as written.
func restored(c *col, cell, to string) Note {
	return Note{Column: c.name, Code: codeRestored, at: c.index,
		Text: "column " + strconv.Quote(c.name) + ": " + strings.TrimSpace(cell) + " read as " + to + " (lost_leading_zeros)"}
}

// sortNotes puts notes in header order; notes of one column keep their order.
func sortNotes(notes []Note) {
	slices.SortStableFunc(notes, func(a, b Note) int { return a.at - b.at })
}

// planOmit sets c's `invalid` policy from the mapping file's column fc. A column that writes
// the run's identifier cannot omit its cell: a row without it has no contact to write.
func (m *Mapper) planOmit(c *col, fc *Column) error {
	if fc.Invalid != InvalidOmit {
		return nil
	}
	if c.field == m.idField {
		return posError("mapping file", fc.Line, fmt.Sprintf(
			"column %q: invalid: omit cannot be used on the column of the identifier (%s): a row without it has no contact to write; remove invalid: omit, or match contacts by another identifier",
			fc.Name, m.id))
	}
	c.omit = true
	return nil
}

// germanZip handles a German zip code of four digits in a row that is otherwise sendable:
// with lost_leading_zeros its 0 is written back (the attribute at index at of c's Attributes),
// with `invalid: omit` on the zip column it is not sent, else the row fails. It returns the
// note, or the error.
func (m *Mapper) germanZip(c *Contact, at int, zip string) (*Note, *FieldError) {
	zc := &m.cols[m.zipCol]
	fe := zipError(zip)
	switch {
	case m.lostZeros:
		c.Attributes[at].Value = "0" + zip
		n := restored(zc, zip, "0"+zip)
		return &n, nil
	case zc.omit:
		c.Attributes = slices.Delete(c.Attributes, at, at+1)
		n := omitted(zc, fe)
		return &n, nil
	}
	fe.Column = zc.name
	return nil, fe
}
