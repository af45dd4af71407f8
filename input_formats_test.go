package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func formatFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("importer", "source", "testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// check reads an XLSX workbook's chosen sheet and a gzip-compressed CSV like the CSV itself; a
// damaged gzip file and a workbook of another kind stop it before any row, with exit 2.
func TestCheckFormats(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", tmp) // where a workbook is unpacked
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mapping := write("contacts.yaml", []byte("identifier: email\nunmapped: ignore\ncolumns:\n  email: email\n  first_name: user.FirstName\n"+
		"  last_name: skip\n  zip: skip\n  phone: skip\n  customer_id: skip\n  birthday: skip\n"))
	strict := write("strict.yaml", []byte("identifier: email\ncolumns:\n  email: email\n"))
	csv := formatFixture(t, "contacts.csv")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(csv)
	zw.Close()
	tests := []struct {
		name, file string
		args       []string
		code       int
		stderr     string
	}{
		{"XLSX", write("contacts.xlsx", formatFixture(t, "contacts.xlsx")), nil, exitOK, ""},
		{"Gzip", write("contacts.csv.gz", gz.Bytes()), nil, exitOK, ""},
		{"GzipTruncated", write("cut.csv.gz", gz.Bytes()[:gz.Len()-6]), nil, exitUsage,
			"the gzip-compressed data is truncated or damaged: decompressing stopped at byte"},
		{"UnknownSheet", write("cells.xlsx", formatFixture(t, "cells.xlsx")), []string{"--sheet", "People"}, exitUsage,
			`sheet "People" (--sheet, or sheet: in the mapping file): the workbook has no such sheet; its sheets are "Export info", "Contacts"`},
		{"XLSXUnmappedColumns", write("contacts2.xlsx", formatFixture(t, "contacts.xlsx")), []string{"--mapping", strict}, exitUsage,
			`unknown columns "zip", "customer_id", "birthday"`},
		{"ODS", write("contacts.ods", formatFixture(t, "contacts.ods")), nil, exitUsage, "the file is an OpenDocument spreadsheet (.ods)"},
		{"XLSNamedCSV", write("contacts-xls.csv", formatFixture(t, "contacts.xls")), nil, exitUsage, "Excel 97-2003 workbook (.xls)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			args := append([]string{"check", "--progress", "none", "--mapping", mapping, "--report", filepath.Join(dir, tt.name+".report.csv")}, tt.args...)
			code, _ := runCLI(t, context.Background(), &stderr, append(args, tt.file)...)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.code, tt.stderr)
			}
			if tt.name == "XLSX" { // a workbook has no delimiter: the summary says none, not a NUL
				sum, err := os.ReadFile(filepath.Join(dir, tt.name+".report.csv.json"))
				if err != nil || !strings.Contains(string(sum), `"delimiter": ""`) {
					t.Errorf("summary %s (%v), want an empty delimiter", sum, err)
				}
			}
		})
	}
	// Every run, the one stopped after the workbook was opened too, removed what it unpacked.
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in TMPDIR: %v", left)
	}
}

// retry takes back a report a person fixed and saved as an XLSX workbook, through the sandbox.
func TestRetryXLSXReport(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", t.TempDir())
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range [][]any{
		{"user.Email", "user.FirstName", "import.row", "import.line", "import.status", "import.error_code"},
		{"bo@example.org", "Bo", 2, 3, "failed", "invalid_email"}, // fixed in the spreadsheet
		{"ann@example.org", "Ann", 1, 2, "created", ""},
	} {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	saved := filepath.Join(dir, "contacts.report.xlsx")
	if err := f.SaveAs(saved); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	out := filepath.Join(dir, "again.report.csv")
	code, stdout := runCLI(t, context.Background(), &stderr, "retry", "--sandbox", "--sandbox-db", filepath.Join(dir, "box.db"),
		"--progress", "none", "--report", out, saved)
	rep, _ := os.ReadFile(out)
	if code != exitOK || !strings.Contains(stdout, "created          1") ||
		!strings.Contains(string(rep), "bo@example.org,Bo,2,3,created,") {
		t.Errorf("retry of an XLSX report: exit %d, stdout %q, stderr %q, report %q", code, stdout, stderr.String(), rep)
	}
}

// skip_lines in the mapping file skips title lines above the header, of a CSV file or of a
// sheet; the report keeps the file's line numbers (the sheet's row numbers).
func TestCheckSkipLines(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", t.TempDir())
	mapping := filepath.Join(dir, "m.yaml")
	csvFile := filepath.Join(dir, "titled.csv")
	xlsx := filepath.Join(dir, "cells.xlsx")
	for p, data := range map[string][]byte{
		mapping: []byte("skip_lines: 1\nidentifier: email\nunmapped: ignore\ncolumns:\n  email: email\n"),
		csvFile: []byte("Contacts of the spring fair; exported 2024-05-01\nemail,name\nann@example.org,Ann\n"),
		xlsx:    formatFixture(t, "cells.xlsx"),
	} {
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		file  string
		args  []string
		lines []string
	}{
		{csvFile, nil, []string{"ann@example.org,Ann,1,3,valid"}},
		{xlsx, []string{"--sheet", "Contacts"}, []string{"ann@example.org,01067,01067,4917012345678,07.03.1984,2024-01-15,3.5,1,3,valid",
			"bo@example.org,00100,,,,,,2,5,valid", "chloe@example.org,75001,75001,123456789012345,31.12.1990,,10,3,6,valid"}},
	} {
		var stderr bytes.Buffer
		rep := tt.file + ".report.csv"
		args := append([]string{"check", "--progress", "none", "--mapping", mapping, "--report", rep}, tt.args...)
		code, _ := runCLI(t, context.Background(), &stderr, append(args, tt.file)...)
		got, _ := os.ReadFile(rep)
		for _, l := range tt.lines {
			if !strings.Contains(string(got), "\n"+l+",") {
				t.Errorf("%s: report lacks %q:\n%s", filepath.Base(tt.file), l, got)
			}
		}
		if code != exitOK {
			t.Errorf("%s: exit %d, stderr %q", filepath.Base(tt.file), code, stderr.String())
		}
	}
}
