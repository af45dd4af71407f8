package mapping_test

import (
	"reflect"
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
		{"ExternalWord", map[int]string{2: "E+15"}, nil},  // no mantissa
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
	want := `column "Nr": looks like a spreadsheet changed it: a number of 12 digits written in scientific notation (like 4.47701E+11), its last digits lost; take the column from the original file, formatted as text; ` +
		`column "PLZ": looks like a spreadsheet changed it: a German zip code has five digits, this one four, as when the leading 0 is dropped (01067 becomes 1067); write the 0 back, and format the column as text; ` +
		`column "Geb": looks like a spreadsheet changed it: a date in the spreadsheet's own format (like 31.12.1980, 12/31/1980 or a day count) where YYYY-MM-DD is expected; write it as YYYY-MM-DD, or give the column a date transform with the pattern the file uses (date:DD.MM.YYYY)`
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
	// Auto-mapping checks the same.
	m = compileFile(t, "columns:\n", "user.Email", "user.ZipCode", "user.ISOCountryCode")
	if _, err := m.Map([]string{"a@b.de", "1067", "DE"}); err == nil || !strings.Contains(err.Error(), "German zip code") {
		t.Errorf("auto-mapped zip: %v", err)
	}
}
