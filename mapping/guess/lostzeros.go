package guess

import "fmt"

// Spreadsheet damage the import can undo, but only because the mapping says so
// (`lost_leading_zeros: true`): a spreadsheet that read digit cells as numbers dropped their
// leading zeros. The draft says so only on evidence that cannot be read otherwise — German zip
// codes of four digits, or numbers of digits alone that read both ways in a column a
// spreadsheet visibly damaged (numbers in scientific notation) — never on a clean list.

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
