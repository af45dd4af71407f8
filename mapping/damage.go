package mapping

import (
	"slices"
	"strconv"
	"strings"
	"time"
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

// scientific is a number a spreadsheet wrote in scientific notation: how many digits it had,
// and the ones the notation kept.
type scientific struct {
	digits int
	kept   string
}

// scientificDigits reads v as a number in a spreadsheet's scientific notation (4.47701E+11,
// 4,47701E+11, 1E+11): how many digits the number had, and its first ones.
func scientificDigits(v string) (scientific, bool) {
	s := strings.TrimSpace(v)
	e := strings.IndexAny(s, "eE")
	if e < 1 || e+2 >= len(s) || s[e+1] != '+' {
		return scientific{}, false
	}
	mant, exp := s[:e], s[e+2:]
	if !allDigits(exp) || len(exp) > 3 {
		return scientific{}, false
	}
	kept := mant
	if dot := strings.IndexAny(mant, ".,"); dot >= 0 {
		if dot != 1 || !allDigits(mant[dot+1:]) {
			return scientific{}, false
		}
		kept = mant[:1] + mant[dot+1:]
		mant = mant[:1]
	}
	if len(mant) != 1 || !allDigits(mant) || mant == "0" {
		return scientific{}, false
	}
	n, _ := strconv.Atoi(exp)
	return scientific{digits: n + 1, kept: kept[:min(len(kept), n+1)]}, true
}

// scientificError says what the number must have looked like: its first digits, then one "?"
// for each digit the notation lost.
func scientificError(n scientific) *FieldError {
	original := n.kept + strings.Repeat("?", n.digits-len(n.kept))
	return &FieldError{Code: codeScientific, Reason: "looks like a spreadsheet changed it: a number of " + strconv.Itoa(n.digits) +
		" digits written in scientific notation, its last digits lost (the original was " + original +
		"); take the column from the original file, formatted as text"}
}

// looksLocaleDate reports whether v is a date the way a spreadsheet writes one in its locale
// (31.12.1980, 12/31/1980, 31-12-80, with an optional time), or a spreadsheet's day count
// (29586 for 1980-12-31).
func looksLocaleDate(v string) bool {
	_, ok := localeDate(v)
	return ok
}

// spreadsheetDate is a date as a spreadsheet writes it in its locale: three numbers and the
// separator between them ('.', '/' or '-'), or a day count (separator 0, the count first).
type spreadsheetDate struct {
	parts     [3]int
	sep       byte
	shortYear bool // the year has two digits
}

// localeDate splits a date the way a spreadsheet writes it in its locale.
func localeDate(v string) (d spreadsheetDate, ok bool) {
	s := strings.TrimSpace(v)
	if len(s) == 5 && allDigits(s) {
		n, _ := strconv.Atoi(s)
		return spreadsheetDate{parts: [3]int{n}}, true
	}
	if sp := strings.IndexByte(s, ' '); sp > 0 {
		s = s[:sp] // the time of day, if any, tells nothing more
	}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '/' || r == '-' })
	if len(fields) != 3 || strings.Count(s, ".")+strings.Count(s, "/")+strings.Count(s, "-") != 2 {
		return d, false
	}
	if len(fields[0]) > 2 || len(fields[1]) > 2 || (len(fields[2]) != 2 && len(fields[2]) != 4) ||
		!allDigits(fields[0]) || !allDigits(fields[1]) || !allDigits(fields[2]) {
		return d, false
	}
	for i, f := range fields {
		d.parts[i], _ = strconv.Atoi(f)
	}
	d.sep, d.shortYear = s[len(fields[0])], len(fields[2]) == 2
	return d, true
}

// dateError names what the date must have been in YYYY-MM-DD, where that can be told.
func dateError(cell string) *FieldError {
	was := ""
	if c := originalDates(cell, time.Now().Year()); len(c) > 0 {
		was = " (was it " + strings.Join(c, " or ") + "?)"
	}
	return &FieldError{Code: codeDate, Reason: "looks like a spreadsheet changed it: a date in the spreadsheet's own format (like 31.12.1980, 12/31/1980 or a day count) where YYYY-MM-DD is expected" +
		was + "; write it as YYYY-MM-DD, or give the column a date transform with the pattern the file uses (date:DD.MM.YYYY)"}
}

// originalDates are the dates in YYYY-MM-DD a spreadsheet may have written as cell: a day
// count counts from 1899-12-30 (the 1900 date system of Excel, LibreOffice and Google Sheets);
// with dots the day comes first (31.12.1980), with '/' or '-' the month may come first
// (12/31/1980) unless the first number is over 12, and both readings are given when both are
// dates; a two-digit year is read in the hundred years up to thisYear, as the date transform
// reads YY.
func originalDates(cell string, thisYear int) []string {
	sd, ok := localeDate(cell)
	if !ok {
		return nil
	}
	p := sd.parts
	if sd.sep == 0 {
		return []string{time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p[0]).Format(isoDate)}
	}
	year := p[2]
	if sd.shortYear {
		year = thisYear - ((thisYear-year)%100+100)%100
	}
	var out []string
	add := func(month, day int) {
		d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if month >= 1 && month <= 12 && d.Day() == day && !slices.Contains(out, d.Format(isoDate)) {
			out = append(out, d.Format(isoDate))
		}
	}
	add(p[1], p[0])
	if sd.sep != '.' {
		add(p[0], p[1])
	}
	return out
}

// diagnose replaces the failure of a column whose cell looks changed by a spreadsheet with an
// error that says so; any other failure is returned as it is.
func (c *col) diagnose(cell string, fe *FieldError) *FieldError {
	if c.damage.isoDate && fe.Code == "invalid_date" && looksLocaleDate(cell) {
		return dateError(cell)
	}
	return fe
}

// zipError is the failure of a German zip code of four digits: German zip codes have five,
// and a spreadsheet that takes them for numbers drops the leading 0 of 01067.
func zipError(zip string) *FieldError {
	return &FieldError{Code: codeZip, Reason: "looks like a spreadsheet changed it: a German zip code has five digits, this one four, as when a spreadsheet drops the leading 0 (was it 0" +
		zip + "?); write the 0 back, and format the column as text"}
}

// germanCountry reports whether a country value as sent (ISO alpha-2 or alpha-3) is Germany.
func germanCountry(v string) bool {
	return strings.EqualFold(v, "DE") || strings.EqualFold(v, "DEU")
}

// shortZip reports whether v is a zip code of four digits.
func shortZip(v string) bool {
	return len(v) == 4 && allDigits(v)
}

// planDamage decides once which spreadsheet damage each column is checked for.
func (m *Mapper) planDamage() {
	m.zipCol, m.countryCol = -1, -1
	for i := range m.cols {
		c := &m.cols[i]
		c.damage = c.damageChecks()
		if c.field != fieldAttr || c.split {
			continue
		}
		switch attrKey(c.attr) {
		case "zipcode":
			m.zipCol = i
		case "isocountrycode":
			m.countryCol = i
		}
	}
	for _, k := range m.consts {
		if attrKey(k.Name) == "isocountrycode" && germanCountry(k.Value) {
			m.countryDE = true
		}
	}
}
