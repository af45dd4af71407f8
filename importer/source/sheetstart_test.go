package source

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// numbersExport builds a workbook the way Numbers exports a document of one table to Excel
// with "Include a summary worksheet" on: a first sheet "Export Summary" (its note in A1, then a
// table of Numbers sheet and table names and the worksheet each became), then the table's
// worksheet, named "<sheet> - <table>". The layout follows stored public code that reads such
// exports; the contacts are made up.
func numbersExport(t *testing.T) []byte {
	return workbook(t, func(f *excelize.File) {
		mustDo(t, f.SetSheetName("Sheet1", "Export Summary"))
		mustDo(t, f.SetCellValue("Export Summary", "A1", "This document was exported from Numbers. Each table was converted to an Excel worksheet. "+
			"All other objects on each Numbers sheet were placed on separate worksheets. Please be aware that formula calculations may differ in Excel."))
		mustDo(t, f.SetSheetRow("Export Summary", "A3", &[]any{"Numbers Sheet Name", "Numbers Table Name", "Excel Worksheet Name"}))
		mustDo(t, f.SetSheetRow("Export Summary", "A4", &[]any{"Kontakte", "", ""}))
		mustDo(t, f.SetSheetRow("Export Summary", "A5", &[]any{"", "Tabelle 1", "Kontakte - Tabelle 1"}))
		_, err := f.NewSheet("Kontakte - Tabelle 1")
		mustDo(t, err)
		mustDo(t, f.SetSheetRow("Kontakte - Tabelle 1", "A1", &[]any{"E-Mail", "Vorname"}))
		mustDo(t, f.SetSheetRow("Kontakte - Tabelle 1", "A2", &[]any{"ann@example.org", "Ann"}))
		mustDo(t, f.SetSheetRow("Kontakte - Tabelle 1", "A3", &[]any{"bo@example.org", "Bo"}))
	})
}

// A workbook whose first sheet is Numbers' export summary is never read as contacts: without a
// sheet chosen, Open names the sheet with the list and how to choose it; with FindStart it
// reads that sheet and says so; a sheet chosen is read.
func TestNumbersExportSummary(t *testing.T) {
	data := numbersExport(t)
	_, err := Open(bytes.NewReader(data), Options{Name: "Kontakte.xlsx", TempDir: t.TempDir()})
	want := `read Kontakte.xlsx: sheet "Export Summary", the workbook's first, is not a list (it is the summary Numbers writes when it exports to Excel); ` +
		`the list looks like it is in sheet "Kontakte - Tabelle 1": choose it with --sheet "Kontakte - Tabelle 1", or with sheet: "Kontakte - Tabelle 1" in the mapping file ` +
		`(the workbook's sheets are "Export Summary", "Kontakte - Tabelle 1")`
	var se *SheetError
	if !errors.As(err, &se) || !errors.Is(err, ErrSheetNotList) || err.Error() != want {
		t.Errorf("Open = %v\nwant %s", err, want)
	}
	wantRecs := []string{`1@2 "ann@example.org" "Ann"`, `2@3 "bo@example.org" "Bo"`}
	for _, opts := range []Options{{FindStart: true}, {Sheet: "kontakte - tabelle 1"}} {
		opts.TempDir = t.TempDir()
		s, recs := readSource(t, bytes.NewReader(data), opts)
		s.Close()
		if s.Sheet() != "Kontakte - Tabelle 1" || !slices.Equal(s.Header(), []string{"E-Mail", "Vorname"}) || !slices.Equal(showRecords(recs), wantRecs) {
			t.Errorf("%+v: sheet %q header %q records %q", opts, s.Sheet(), s.Header(), showRecords(recs))
		}
		if got := s.Sheets(); !slices.Equal(got, []string{"Export Summary", "Kontakte - Tabelle 1"}) {
			t.Errorf("%+v: Sheets = %q, want the workbook's two in its order", opts, got)
		}
		st, ok := s.Start()
		if opts.FindStart && (!ok || st.Sheet != "Kontakte - Tabelle 1" || st.SkipLines != 0) {
			t.Errorf("Start = %+v, %v", st, ok)
		}
	}
}

// A sheet with a title row above its header: Open without skip_lines says what to write; with
// FindStart the sheet that holds the list is found and read from its header.
func TestSheetTitleRow(t *testing.T) {
	data := fixture(t, "cells.xlsx")
	_, err := Open(bytes.NewReader(data), Options{Name: "cells.xlsx", Sheet: "Contacts", TempDir: t.TempDir()})
	if !errors.Is(err, ErrHeaderBelow) || !bytes.Contains([]byte(err.Error()), []byte("read cells.xlsx: line 2: the header looks like it is on line 2 (")) ||
		!bytes.Contains([]byte(err.Error()), []byte("): add skip_lines: 1 to the mapping file")) {
		t.Errorf("Open = %v", err)
	}
	s, recs := readSource(t, bytes.NewReader(data), Options{Name: "cells.xlsx", FindStart: true, TempDir: t.TempDir()})
	defer s.Close()
	st, ok := s.Start()
	if !ok || st.Sheet != "Contacts" || st.SkipLines != 1 || st.Line != 2 || s.Header()[0] != "email" || recs[0].Line != 3 {
		t.Errorf("Start %+v %v, header %q, first record %s", st, ok, s.Header(), showRecord(recs[0]))
	}
}
