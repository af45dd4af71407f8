package importer

import (
	"bytes"
	"contactimport/importer/source"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestFailedRowsXLSX reads a report that LibreOffice turned into an XLSX workbook (see
// source/testdata/formats/README.md) as retry does: the failed rows come back with their
// original cells, the formula guard taken off; what the spreadsheet changed when it read the
// CSV (the zip code 01067 became the number 1067) stays changed.
func TestFailedRowsXLSX(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("source", "testdata", "formats", "contacts.report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFailedRows(bytes.NewReader(data), source.Options{Name: "contacts.report.xlsx", TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []source.Record
	for {
		r, err := f.Next()
		if err != nil {
			break
		}
		r.End = 0
		recs = append(recs, r)
	}
	if want := []string{"user.Email", "user.FirstName", "user.LastName", "user.MobileNumber", "user.ZipCode", "user.DateOfBirth"}; !reflect.DeepEqual(f.Header(), want) {
		t.Errorf("header %q, want %q", f.Header(), want)
	}
	want := []source.Record{
		{Row: 2, Line: 3, Cells: []string{"not-an-email", "Bo", "Weiß", "+4915550100038", "1067", "1990-12-31"}},
		{Row: 3, Line: 4, Cells: []string{"chloe@example", "Chloé", "=1+2", "", "75001", ""}},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("failed rows\n%+v\nwant\n%+v", recs, want)
	}
}
