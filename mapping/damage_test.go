package mapping_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Cells a spreadsheet changed fail with codes of their own, and reasons that say so.
func TestSpreadsheetDamage(t *testing.T) {
	const src = `phone_region: DE
columns:
  Mail: email
  Handy: {to: mobile, transform: [phone]}
  Kundennr: external
  Geb: user.DateOfBirth
  Seit: {to: user.CustomAttribute.Since, transform: ["date:YYYY-MM-DD"]}
  Erfasst: {to: user.CustomAttribute.Created, transform: ["date:DD.MM.YYYY"]}
  PLZ: user.ZipCode
  Land: {to: user.ISOCountryCode, transform: [country]}
  Notiz: user.CustomAttribute.Note
`
	header := []string{"Mail", "Handy", "Kundennr", "Geb", "Seit", "Erfasst", "PLZ", "Land", "Notiz"}
	ok := []string{"a@b.de", "+49 151 12345678", "K-1", "1980-12-31", "2020-01-02", "02.01.2020", "01067", "Deutschland", "4.47701E+11"}
	if got, codes := mapOne(t, src, header, ok); codes != nil {
		t.Fatalf("a sound row fails: %v %v", got, codes)
	}
	tests := []struct {
		Name  string
		Cells map[int]string // changes to ok
		Codes []string
	}{
		{"MobileScientific", map[int]string{1: "4.47701E+11"}, []string{"Handy:spreadsheet_scientific"}},
		{"MobileScientificComma", map[int]string{1: " 4,47701E+11 "}, []string{"Handy:spreadsheet_scientific"}},
		{"ExternalScientific", map[int]string{2: "1E+15"}, []string{"Kundennr:spreadsheet_scientific"}},
		{"ExternalPlain", map[int]string{2: "1E15"}, nil}, // no +: not what a spreadsheet writes
		{"ExternalHugeExponent", map[int]string{2: "1E+123"}, []string{"Kundennr:spreadsheet_scientific"}},
		{"ExternalTooHugeExponent", map[int]string{2: "1E+1234"}, nil},
		{"ExternalZeroMantissa", map[int]string{2: "0E+5"}, nil},
		{"ExternalWord", map[int]string{2: "E+15"}, nil}, // no mantissa
		{"ExternalTwoDigitMantissa", map[int]string{2: "12.3E+5"}, nil},
		{"NoteScientific", map[int]string{8: "4.47701E+11"}, nil}, // not an identifier or phone
		{"BirthLocale", map[int]string{3: "31.12.1980"}, []string{"Geb:spreadsheet_date"}},
		{"BirthUS", map[int]string{3: "12/31/1980"}, []string{"Geb:spreadsheet_date"}},
		{"BirthShortYear", map[int]string{3: "31-12-80"}, []string{"Geb:spreadsheet_date"}},
		{"BirthWithTime", map[int]string{3: "31.12.1980 00:00"}, []string{"Geb:spreadsheet_date"}},
		{"BirthDayCount", map[int]string{3: "29586"}, []string{"Geb:spreadsheet_date"}},
		{"BirthOther", map[int]string{3: "1980-13-01"}, []string{"Geb:invalid_date"}},
		{"BirthWords", map[int]string{3: "31 Dec 1980"}, []string{"Geb:invalid_date"}},
		{"ISOPatternLocale", map[int]string{4: "2.1.2020"}, []string{"Seit:spreadsheet_date"}},
		{"LocalePatternISO", map[int]string{5: "2020-01-02"}, []string{"Erfasst:invalid_date"}},
		{"ZipGerman", map[int]string{6: "1067"}, []string{"PLZ:spreadsheet_zip"}},
		{"ZipGermanCode", map[int]string{6: "1067", 7: "deu"}, []string{"PLZ:spreadsheet_zip"}},
		{"ZipAustrian", map[int]string{6: "1010", 7: "Österreich"}, nil},
		{"ZipNoCountry", map[int]string{6: "1067", 7: ""}, nil},
		{"ZipLetters", map[int]string{6: "SW1A"}, nil},
		// Every failing column at once, in header order, the zip code among them.
		{"Several", map[int]string{1: "4.47701E+11", 3: "31.12.1980", 6: "1067", 8: strings.Repeat("x", 2001)},
			[]string{"Handy:spreadsheet_scientific", "Geb:spreadsheet_date", "PLZ:spreadsheet_zip", "Notiz:too_long"}},
	}
	for _, tt := range tests {
		row := append([]string(nil), ok...)
		for i, v := range tt.Cells {
			row[i] = v
		}
		_, codes := mapOne(t, src, header, row)
		if !reflect.DeepEqual(codes, tt.Codes) {
			t.Errorf("%s: codes %v, want %v", tt.Name, codes, tt.Codes)
		}
	}
}

func TestSpreadsheetDamageReasons(t *testing.T) {
	m := compileFile(t, "constants:\n  user.ISOCountryCode: DE\ncolumns:\n  Mail: email\n  Nr: external\n  PLZ: user.ZipCode\n  Geb: user.DateOfBirth\n",
		"Mail", "Nr", "PLZ", "Geb")
	_, err := m.Map([]string{"a@b.de", "4.47701E+11", "1067", "31.12.1980"})
	want := `column "Nr": looks like a spreadsheet changed it: a number of 12 digits written in scientific notation, its last digits lost (the original was 447701??????); take the column from the original file, formatted as text; ` +
		`column "PLZ": looks like a spreadsheet changed it: a German zip code has five digits, this one four, as when a spreadsheet drops the leading 0 (was it 01067?); write the 0 back, and format the column as text; ` +
		`column "Geb": looks like a spreadsheet changed it: a date in the spreadsheet's own format (like 31.12.1980, 12/31/1980 or a day count) where YYYY-MM-DD is expected (was it 1980-12-31?); write it as YYYY-MM-DD, or give the column a date transform with the pattern the file uses (date:DD.MM.YYYY)`
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
	// Auto-mapping checks the same.
	m = compileFile(t, "columns:\n", "user.Email", "user.ZipCode", "user.ISOCountryCode")
	if _, err := m.Map([]string{"a@b.de", "1067", "DE"}); err == nil || !strings.Contains(err.Error(), "German zip code") {
		t.Errorf("auto-mapped zip: %v", err)
	}
}

// Only the zip code and country columns take part in the zip check: another column with four
// digits, or one that says DE, does not.
func TestZipCheckColumns(t *testing.T) {
	const noZip = "columns:\n  Mail: email\n  Code: user.CustomAttribute.Code\n  Land: user.ISOCountryCode\n"
	if _, codes := mapOne(t, noZip, []string{"Mail", "Code", "Land"}, []string{"a@b.de", "1067", "DE"}); codes != nil {
		t.Errorf("no zip column: %v", codes)
	}
	const noCountry = "columns:\n  Mail: email\n  Kurz: user.CustomAttribute.Short\n  PLZ: user.ZipCode\n"
	if _, codes := mapOne(t, noCountry, []string{"Mail", "Kurz", "PLZ"}, []string{"a@b.de", "DE", "1067"}); codes != nil {
		t.Errorf("no country column: %v", codes)
	}
}

// TestSpreadsheetDamageOriginal: each kind of damage names what the cell must have been
// before the spreadsheet, as far as it can be told.
func TestSpreadsheetDamageOriginal(t *testing.T) {
	const src = "phone_region: DE\ncolumns:\n  Mail: email\n  Handy: mobile\n  Tel: {to: user.CustomAttribute.Tel, transform: [phone]}\n" +
		"  Geb: user.DateOfBirth\n  PLZ: user.ZipCode\n  Land: user.ISOCountryCode\n"
	header := []string{"Mail", "Handy", "Tel", "Geb", "PLZ", "Land"}
	ok := []string{"a@b.de", "+49 151 23456780", "", "1984-02-28", "01067", "DE"}
	for _, tc := range []struct {
		col  int
		cell string
		says string
	}{
		{3, "28.02.1984", "(was it 1984-02-28?)"},
		{3, "2/28/1984", "(was it 1984-02-28?)"},
		{3, "28/2/1984", "(was it 1984-02-28?)"},
		{3, "03/02/1984", "(was it 1984-02-03 or 1984-03-02?)"},
		{3, "28.02.84", "(was it 1984-02-28?)"},
		{3, "30750", "(was it 1984-03-09?)"}, // 25569 is 1970-01-01; 30750 is 5181 days later
		{3, "28.02.1984 00:00", "(was it 1984-02-28?)"},
		{4, "1067", "(was it 01067?)"},
		{1, "4,91512E+12", "(the original was 491512???????)"},
		{1, "4.9E+12", "(the original was 49???????????)"},
		{2, "4915123456780", "was it +4915123456780, or 0491 5123456780 as DE writes it?"},
	} {
		row := slices.Clone(ok)
		row[tc.col] = tc.cell
		m := compileFile(t, src, header...)
		_, err := m.Map(row)
		if err == nil || !strings.Contains(err.Error(), tc.says) || !strings.Contains(err.Error(), `column "`+header[tc.col]+`"`) {
			t.Errorf("%s in %s: %v; want it to say %q", tc.cell, header[tc.col], err, tc.says)
		}
	}
}
