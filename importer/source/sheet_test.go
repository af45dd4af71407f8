package source

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX workbook with excelize: fill writes into its first sheet, "Sheet1".
func workbook(t testing.TB, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mustDo(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A workbook saved by LibreOffice: the chosen sheet, a title row skipped, cells as the sheet
// shows them (a zip code's leading zero, long numbers, dates in their own formats), the sheet's
// row numbers as lines, an empty row skipped and a short row padded.
func TestXLSXFromLibreOffice(t *testing.T) {
	s, recs := readSource(t, bytes.NewReader(fixture(t, "cells.xlsx")),
		Options{Name: "cells.xlsx", Sheet: "contacts", SkipLines: 1, TempDir: t.TempDir()})
	defer s.Close()
	if s.Format() != FormatXLSX || s.Sheet() != "Contacts" {
		t.Errorf("format %q sheet %q, want xlsx and Contacts", s.Format(), s.Sheet())
	}
	wantHeader := []string{"email", "zip_text", "zip_number", "customer_id", "birthday_de", "signup_iso", "score"}
	if !slices.Equal(s.Header(), wantHeader) {
		t.Errorf("header %q, want %q", s.Header(), wantHeader)
	}
	want := []string{
		`1@3 "ann@example.org" "01067" "01067" "4917012345678" "07.03.1984" "2024-01-15" "3.5"`,
		`2@5 "bo@example.org" "00100" "" "" "" "" ""`,
		`3@6 "chloe@example.org" "75001" "75001" "123456789012345" "31.12.1990" "" "10"`,
	}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records\n%q\nwant\n%q", got, want)
	}
	// Progress: the row's share of the sheet's dimension (A1:G6), in bytes of the file.
	size := int64(len(fixture(t, "cells.xlsx")))
	if ends := []int64{recs[0].End, recs[1].End, recs[2].End}; !slices.Equal(ends, []int64{size * 3 / 6, size * 5 / 6, size}) {
		t.Errorf("End %v, want 3/6, 5/6 and 6/6 of %d", ends, size)
	}
}

// The CSV that LibreOffice turned into that workbook reads the same, except what the
// spreadsheet itself changed when it opened the CSV (01067 became the number 1067).
func TestXLSXConvertedFromCSV(t *testing.T) {
	_, csvRecs := readSource(t, bytes.NewReader(fixture(t, "contacts.csv")), Options{})
	s, recs := readSource(t, bytes.NewReader(fixture(t, "contacts.xlsx")), Options{TempDir: t.TempDir()})
	defer s.Close()
	if s.Sheet() != "contacts" {
		t.Errorf("sheet %q, want the first, contacts", s.Sheet())
	}
	csvRecs[0].Cells[3] = "1067"
	csvRecs[2].Padded = false // the CSV line lacks a separator; a sheet never stores trailing empty cells
	if got, want := showRecords(recs), showRecords(csvRecs); !slices.Equal(got, want) {
		t.Errorf("records\n%q\nwant\n%q", got, want)
	}
}

// Excel's own cell kinds, written by excelize: the built-in short date (whose display depends on
// the computer's region) reads as an ISO date, General numbers in full, text as text, formulas
// by their cached values; rows missing from the sheet keep their numbers; a value right of the
// header fails its row, an empty formatted cell there does not.
func TestXLSXCellKinds(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		date14, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		date22, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
		mustDo(t, f.SetSheetRow("Sheet1", "A1", &[]any{"email", "phone", "id", "birthday", "seen", "vip", "total"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A2", &[]any{"ann@example.org", "0049 170 1234567", 4917012345678,
			time.Date(1984, 3, 7, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC), true}))
		mustDo(t, f.SetCellStyle("Sheet1", "D2", "D2", date14))
		mustDo(t, f.SetCellStyle("Sheet1", "E2", "E2", date22))
		mustDo(t, f.SetCellFormula("Sheet1", "G2", "=1+2"))
		mustDo(t, f.SetCellValue("Sheet1", "G2", 3)) // the value Excel caches for the formula
		mustDo(t, f.SetCellFormula("Sheet1", "G2", "=1+2"))
		mustDo(t, f.SetSheetRow("Sheet1", "A5", &[]any{"bo@example.org", "", 0.1}))
		mustDo(t, f.SetCellStyle("Sheet1", "H5", "J5", date14)) // formatted, empty
		mustDo(t, f.SetSheetRow("Sheet1", "A7", &[]any{"cy@example.org", nil, nil, nil, nil, nil, nil, "stray"}))
	})
	s, recs := readSource(t, bytes.NewReader(data), Options{TempDir: t.TempDir()})
	defer s.Close()
	want := []string{
		`1@2 "ann@example.org" "0049 170 1234567" "4917012345678" "1984-03-07" "2024-01-15 09:30" "TRUE" "3"`,
		`2@5 "bo@example.org" "" "0.1" "" "" "" ""`,
		`3@7 "cy@example.org" "" "" "" "" "" "" "stray" !too_many_fields@7:8`,
	}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records\n%q\nwant\n%q", got, want)
	}
	if err := recs[2].Err; !errors.Is(err, ErrTooManyCells) || err.Error() != "line 7, column 8: a value in column 8, but the header has 7 columns (a column without a header name?)" {
		t.Errorf("error %q", err)
	}
}

// An unknown sheet is refused, listing the workbook's sheets; an empty sheet names the others.
func TestXLSXSheetChoice(t *testing.T) {
	data := fixture(t, "cells.xlsx")
	_, err := Open(bytes.NewReader(data), Options{Name: "cells.xlsx", Sheet: "People", TempDir: t.TempDir()})
	var ie *InputError
	if !errors.As(err, &ie) || err.Error() != `read cells.xlsx: sheet "People" (--sheet, or sheet: in the mapping file): the workbook has no such sheet; its sheets are "Export info", "Contacts"` {
		t.Errorf("Open = %v", err)
	}
	// The first sheet holds one row, no list: the sheet that does is named, and how to choose it.
	for _, skip := range []int{0, 1} {
		_, err = Open(bytes.NewReader(data), Options{Name: "cells.xlsx", SkipLines: skip, TempDir: t.TempDir()})
		if !errors.Is(err, ErrSheetNotList) || err.Error() != `read cells.xlsx: sheet "Export info", the workbook's first, is not a list (it holds a single row, no list under a header); `+
			`the list looks like it is in sheet "Contacts": choose it with --sheet "Contacts", or with sheet: "Contacts" in the mapping file (the workbook's sheets are "Export info", "Contacts")` {
			t.Errorf("Open with skip_lines %d = %v", skip, err)
		}
	}
	// A sheet of a single row, chosen, has no rows.
	_, err = Open(bytes.NewReader(data), Options{Name: "cells.xlsx", Sheet: "Export info", TempDir: t.TempDir()})
	if !errors.Is(err, ErrNoRows) {
		t.Errorf("Open of a sheet with only a header = %v, want ErrNoRows", err)
	}
}

// The header checks of a CSV file hold for a sheet: a first row of data, a report's header.
func TestXLSXHeaderChecks(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		mustDo(t, f.SetSheetRow("Sheet1", "B3", &[]any{"ann@example.org", "Ann"}))
		mustDo(t, f.SetSheetRow("Sheet1", "B4", &[]any{"bo@example.org", "Bo"}))
	})
	_, err := Open(bytes.NewReader(data), Options{TempDir: t.TempDir()})
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, ErrNoHeader) || ie.Line != 3 {
		t.Errorf("Open = %v, want ErrNoHeader on line 3", err)
	}
	report := workbook(t, func(f *excelize.File) {
		mustDo(t, f.SetSheetRow("Sheet1", "A1", &[]any{"email", "import.row", "import.status"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A2", &[]any{"ann@example.org", 1, "failed"}))
	})
	if _, err := Open(bytes.NewReader(report), Options{TempDir: t.TempDir()}); !errors.Is(err, ErrReportInput) {
		t.Errorf("Open of a report = %v, want ErrReportInput", err)
	}
	s, recs := readSource(t, bytes.NewReader(report), Options{Report: true, TempDir: t.TempDir()})
	s.Close()
	if got := showRecords(recs); !slices.Equal(got, []string{`1@2 "ann@example.org" "1" "failed"`}) {
		t.Errorf("report records %q", got)
	}
}

// The workbook is unpacked into a private temporary directory, removed by Close, and by Open
// when it fails; a sheet larger than xmlInMemory is read from there, not from memory.
func TestXLSXTempFiles(t *testing.T) {
	dir := t.TempDir()
	data := workbook(t, func(f *excelize.File) {
		sw, err := f.NewStreamWriter("Sheet1")
		mustDo(t, err)
		mustDo(t, sw.SetRow("A1", []any{"email", "name"}))
		for i := 2; i <= 30000; i++ {
			mustDo(t, sw.SetRow(fmt.Sprintf("A%d", i), []any{fmt.Sprintf("c%d@example.org", i), fmt.Sprintf("Name %d", i)}))
		}
		mustDo(t, sw.Flush())
	})
	s, err := Open(bytes.NewReader(data), Options{TempDir: dir})
	mustDo(t, err)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "contactimport-xlsx-") {
		t.Fatalf("temporary directory holds %v, want one contactimport-xlsx-* directory", entries)
	}
	unpacked, _ := os.ReadDir(dir + "/" + entries[0].Name())
	if len(unpacked) == 0 {
		t.Errorf("the 30000-row sheet was not unpacked to a temporary file")
	}
	rows := 0
	for {
		rec, err := s.Next()
		if err != nil {
			break
		}
		rows++
		if rec.Line != rows+1 || rec.End < 0 || rec.End > int64(len(data)) { // excelize's stream writer gives no dimension
			t.Fatalf("row %d: line %d, End %d of %d", rows, rec.Line, rec.End, len(data))
		}
	}
	if rows != 29999 {
		t.Errorf("%d rows, want 29999", rows)
	}
	mustDo(t, s.Close())
	mustDo(t, s.Close())
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left after Close: %v", left)
	}
	if _, err := Open(bytes.NewReader(data), Options{TempDir: dir, Sheet: "nope"}); err == nil {
		t.Fatal("Open accepted an unknown sheet")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left after a failed Open: %v", left)
	}
}

// Options that describe text say so when they are given for a workbook, rather than silently
// doing nothing.
func TestXLSXTextOptionsWarn(t *testing.T) {
	s, _ := readSource(t, bytes.NewReader(fixture(t, "contacts.xlsx")),
		Options{Encoding: "windows-1252", Delimiter: ";", LazyQuotes: true, TempDir: t.TempDir()})
	defer s.Close()
	want := []string{
		"--encoding does not apply to an XLSX workbook (its cells are read as the sheet shows them); ignored",
		"--delimiter does not apply to an XLSX workbook (its cells are read as the sheet shows them); ignored",
		"--lazy-quotes does not apply to an XLSX workbook (its cells are read as the sheet shows them); ignored",
	}
	if !slices.Equal(s.Warnings(), want) {
		t.Errorf("warnings %q, want %q", s.Warnings(), want)
	}
	s2, _ := readSource(t, bytes.NewReader(fixture(t, "contacts.xlsx")), Options{Encoding: "auto", Delimiter: "auto", TempDir: t.TempDir()})
	defer s2.Close()
	if len(s2.Warnings()) != 0 {
		t.Errorf("warnings for the defaults: %q", s2.Warnings())
	}
}
