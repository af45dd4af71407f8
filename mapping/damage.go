package mapping

import (
	"strconv"
	"strings"
)

// Spreadsheet damage: cells a spreadsheet changed when the file went through it (opened,
// saved, or fed back from a report). A row with such a cell fails with a code of its own and
// a reason that says what the original must have looked like; the cell's value is never in it.
const (
	codeScientific = "spreadsheet_scientific"
	codeDate       = "spreadsheet_date"
	codeZip        = "spreadsheet_zip"
)

// damageChecks says which kinds of damage a column is checked for; set once per column.
type damageChecks struct {
	scientific bool // an identifier or phone number: digits a spreadsheet may write as 4.47701E+11
	isoDate    bool // a date expected as YYYY-MM-DD (DateOfBirth as is, or a pattern that starts with the year)
}

func (c *col) damageChecks() damageChecks {
	var d damageChecks
	d.scientific = c.field == fieldMobile || c.field == fieldAlias || c.field == fieldExternal
	iso := c.rule.kind == ruleDate
	for _, t := range c.transforms {
		switch t.op {
		case opPhone:
			d.scientific = true
		case opDate:
			iso = strings.HasPrefix(t.layout, "2006")
		}
	}
	d.isoDate = iso
	return d
}

// scientificDigits reports whether v is a number in a spreadsheet's scientific notation
// (4.47701E+11, 4,47701E+11, 1E+11), and how many digits the number had.
func scientificDigits(v string) (int, bool) {
	s := strings.TrimSpace(v)
	e := strings.IndexAny(s, "eE")
	if e < 1 || e+2 >= len(s) || s[e+1] != '+' {
		return 0, false
	}
	mant, exp := s[:e], s[e+2:]
	if !allDigits(exp) || len(exp) > 3 {
		return 0, false
	}
	if dot := strings.IndexAny(mant, ".,"); dot >= 0 {
		if dot != 1 || !allDigits(mant[dot+1:]) {
			return 0, false
		}
		mant = mant[:1]
	}
	if len(mant) != 1 || !allDigits(mant) || mant == "0" {
		return 0, false
	}
	n, _ := strconv.Atoi(exp)
	return n + 1, true
}

func scientificError(digits int) *FieldError {
	return &FieldError{Code: codeScientific, Reason: "looks like a spreadsheet changed it: a number of " + strconv.Itoa(digits) +
		" digits written in scientific notation (like 4.47701E+11), its last digits lost; take the column from the original file, formatted as text"}
}

// looksLocaleDate reports whether v is a date the way a spreadsheet writes one in its locale
// (31.12.1980, 12/31/1980, 31-12-80, with an optional time), or a spreadsheet's day count
// (29586 for 1980-12-31).
func looksLocaleDate(v string) bool {
	s := strings.TrimSpace(v)
	if len(s) == 5 && allDigits(s) {
		return true
	}
	if sp := strings.IndexByte(s, ' '); sp > 0 {
		s = s[:sp] // the time of day, if any, tells nothing more
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '/' || r == '-' })
	if len(parts) != 3 || strings.Count(s, ".")+strings.Count(s, "/")+strings.Count(s, "-") != 2 {
		return false
	}
	return len(parts[0]) <= 2 && len(parts[1]) <= 2 && (len(parts[2]) == 2 || len(parts[2]) == 4) &&
		allDigits(parts[0]) && allDigits(parts[1]) && allDigits(parts[2])
}

func dateError() *FieldError {
	return &FieldError{Code: codeDate, Reason: "looks like a spreadsheet changed it: a date in the spreadsheet's own format (like 31.12.1980, 12/31/1980 or a day count) where YYYY-MM-DD is expected; " +
		"write it as YYYY-MM-DD, or give the column a date transform with the pattern the file uses (date:DD.MM.YYYY)"}
}

// diagnose replaces the failure of a column whose cell looks changed by a spreadsheet with an
// error that says so; any other failure is returned as it is.
func (c *col) diagnose(cell string, fe *FieldError) *FieldError {
	if c.damage.isoDate && fe.Code == "invalid_date" && looksLocaleDate(cell) {
		return dateError()
	}
	return fe
}

// zipError is the failure of a German zip code of four digits: German zip codes have five,
// and a spreadsheet that takes them for numbers drops the leading 0 of 01067.
func zipError() *FieldError {
	return &FieldError{Code: codeZip, Reason: "looks like a spreadsheet changed it: a German zip code has five digits, this one four, as when the leading 0 is dropped (01067 becomes 1067); " +
		"write the 0 back, and format the column as text"}
}

// germanCountry reports whether a country value as sent (ISO alpha-2 or alpha-3) is Germany.
func germanCountry(v string) bool {
	return strings.EqualFold(v, "DE") || strings.EqualFold(v, "DEU")
}

// shortZip reports whether v is a zip code of four digits.
func shortZip(v string) bool {
	return len(v) == 4 && allDigits(v)
}
