package guess

import (
	"contactimport/mapping"
	"fmt"
	"strings"
)

// Spreadsheet damage in the sample, and what the draft does about it. Numbers a spreadsheet
// wrote in scientific notation lost digits no one can restore: a mobile column that is not the
// identifier gets `invalid: omit`, so that those contacts are imported without the number.
// Leading zeros a spreadsheet dropped the import can write back, but only because the mapping
// says so (`lost_leading_zeros: true`): the draft says so only on evidence that cannot be read
// otherwise — German zip codes of four digits, or numbers of digits alone that read both ways
// in a column a spreadsheet visibly damaged (numbers in scientific notation) — never on a
// clean list.

// lostZips sets LostZeros when the chosen zip column has four-digit codes in German rows. It
// runs before the columns are guessed, so that the mobile column reads its numbers the way
// the import will.
func (g *guesser) lostZips() {
	if n := g.shortZips(g.chosen[kZip]); n > 0 {
		g.d.LostZeros = true
		g.d.LostZerosNote = fmt.Sprintf("%d zip codes in German rows have 4 digits", n)
	}
}

// lostPhones sets LostZeros when the mobile column st shows numbers a spreadsheet wrote in
// scientific notation and twoWay numbers of digits alone that read both ways.
func (g *guesser) lostPhones(st *columnStats, twoWay int) {
	if twoWay == 0 {
		return
	}
	what := fmt.Sprintf("%d mobile numbers of digits alone read both ways", twoWay)
	switch {
	case g.d.LostZeros:
		g.d.LostZerosNote += "; " + what
	case st.scientific > 0:
		g.d.LostZeros = true
		g.d.LostZerosNote = what + fmt.Sprintf(", in a column with %d in scientific notation", st.scientific)
	}
}

// scientificTODO says what happens to the rows of numbers a spreadsheet wrote in scientific
// notation: with invalid: omit their contacts come without the number, else the rows fail.
func scientificTODO(n int, omit bool) string {
	const cut = "%d are in scientific notation (written like 1,23457E+12): a spreadsheet cut their last digits, which no one can tell; "
	if omit {
		return fmt.Sprintf(cut+"invalid: omit imports those contacts without a mobile number, each report line saying so (spreadsheet_scientific): take the numbers from the old system again; without it their rows fail", n)
	}
	return fmt.Sprintf(cut+"their rows fail (spreadsheet_scientific) until the numbers are taken from the old system again", n)
}

// keepIdentifier takes invalid: omit off the identifier's column: a row without its
// identifier has no contact to write (the mapping refuses it there).
func (g *guesser) keepIdentifier() {
	for i := range g.d.Columns {
		c := &g.d.Columns[i]
		if c.Omit && c.Name == g.d.IDColumn {
			n := g.stats[i].scientific
			c.Omit = false
			c.TODO = strings.Replace(c.TODO, scientificTODO(n, true), scientificTODO(n, false), 1)
		}
	}
}

// shortZips counts the sampled zip codes of column i with four digits in German rows.
func (g *guesser) shortZips(i int) int {
	country := g.chosen[kCountry]
	if country < 0 || i < 0 || g.stats[i].digitLen[4] == 0 {
		return 0
	}
	short := 0
	for r := range len(g.s.Rows) + len(g.s.Tail) {
		z := g.sampleCell(r, i)
		if code, _ := mapping.Country(g.sampleCell(r, country)); code == "DE" && len(z) == 4 && strings.Trim(z, "0123456789") == "" {
			short++
		}
	}
	return short
}
