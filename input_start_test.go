package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCheckSuggestsSkipLines: check and import of LinkedIn's Connections.csv (notes above the
// header) without skip_lines stop with exit 2 and say what to write; with it, the list is read.
func TestCheckSuggestsSkipLines(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("importer", "source", "testdata", "start", "Connections.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	os.WriteFile("Connections.csv", data, 0o600)
	want := "the header looks like it is on line 4 (line 1 holds 1 value, but the records below it have up to 7; line 4 names 7 columns, and the 3 records after it fit them): add skip_lines: 3 to the mapping file (--mapping)"
	for _, args := range [][]string{
		{"check", "--report", "r.csv", "Connections.csv"},
		{"import", "--sandbox", "--sandbox-db", "box.db", "--report", "r.csv", "Connections.csv"},
	} {
		var stderr bytes.Buffer
		code, _ := runCLI(t, context.Background(), &stderr, args...)
		if code != exitUsage || !strings.Contains(stderr.String(), want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 saying %q", args[0], code, stderr.String(), want)
		}
	}
	os.WriteFile("m.yaml", []byte("skip_lines: 3\nunmapped: ignore\ncolumns:\n  Email Address: email\n"), 0o600)
	var stderr bytes.Buffer
	code, out := runCLI(t, context.Background(), &stderr, "check", "--mapping", "m.yaml", "--report", "r2.csv", "Connections.csv")
	if code != exitRowsFailed || !strings.Contains(out, `"Email Address"`) {
		t.Errorf("with skip_lines: exit %d (want 3: two rows lack an email), stdout %q, stderr %q", code, out, stderr.String())
	}
}

// TestSheetMappingKey: a workbook whose first sheet is Numbers' export summary stops check with
// exit 2 naming the sheet with the list; `sheet:` in the mapping file chooses it, and --sheet
// wins over the mapping file.
func TestSheetMappingKey(t *testing.T) {
	t.Chdir(t.TempDir())
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Export Summary")
	f.SetCellValue("Export Summary", "A1", "This document was exported from Numbers. Each table was converted to an Excel worksheet.")
	f.SetSheetRow("Export Summary", "A3", &[]any{"Numbers Sheet Name", "Numbers Table Name", "Excel Worksheet Name"})
	f.NewSheet("Kontakte - Tabelle 1")
	f.SetSheetRow("Kontakte - Tabelle 1", "A1", &[]any{"email", "first_name"})
	f.SetSheetRow("Kontakte - Tabelle 1", "A2", &[]any{"ann@example.org", "Ann"})
	if err := f.SaveAs("Kontakte.xlsx"); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code, _ := runCLI(t, context.Background(), &stderr, "check", "--report", "r1.csv", "Kontakte.xlsx")
	if code != exitUsage || !strings.Contains(stderr.String(), `the list looks like it is in sheet "Kontakte - Tabelle 1": choose it with --sheet "Kontakte - Tabelle 1", or with sheet: "Kontakte - Tabelle 1" in the mapping file`) {
		t.Errorf("check without a sheet: exit %d, stderr %q", code, stderr.String())
	}
	os.WriteFile("m.yaml", []byte("sheet: Kontakte - Tabelle 1\n"), 0o600)
	stderr.Reset()
	code, out := runCLI(t, context.Background(), &stderr, "check", "--mapping", "m.yaml", "--report", "r2.csv", "Kontakte.xlsx")
	if code != exitOK || !strings.Contains(out, "valid") {
		t.Errorf("check with sheet: in the mapping: exit %d, stdout %q, stderr %q", code, out, stderr.String())
	}
	os.WriteFile("m2.yaml", []byte("sheet: Nowhere\n"), 0o600)
	stderr.Reset()
	code, _ = runCLI(t, context.Background(), &stderr, "check", "--mapping", "m2.yaml", "--sheet", "Kontakte - Tabelle 1", "--report", "r3.csv", "Kontakte.xlsx")
	if code != exitOK {
		t.Errorf("--sheet over the mapping's sheet: exit %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	code, _ = runCLI(t, context.Background(), &stderr, "check", "--mapping", "m2.yaml", "--report", "r4.csv", "Kontakte.xlsx")
	if code != exitUsage || !strings.Contains(stderr.String(), `sheet "Nowhere" (--sheet, or sheet: in the mapping file): the workbook has no such sheet`) {
		t.Errorf("the mapping's sheet: exit %d, stderr %q", code, stderr.String())
	}
}

// TestHostileCellsAndValues: through check, a NUL in a cell fails its row naming the column,
// two trailing columns without a name are ignored, and an absurd skip_lines is refused with
// its bound before the input is read.
func TestHostileCellsAndValues(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("nul.csv", []byte("email,first_name\na@example.org,Fi\x00rst\nb@example.org,Bo\n"), 0o600)
	var stderr bytes.Buffer
	code, _ := runCLI(t, context.Background(), &stderr, "check", "--report", "r1.csv", "nul.csv")
	rep, _ := os.ReadFile("r1.csv")
	if code != exitRowsFailed || !bytes.Contains(rep, []byte("control_character")) || !bytes.Contains(rep, []byte(`the cell of ""first_name"" holds a control character (U+0000 NUL)`)) {
		t.Errorf("NUL in a cell: exit %d, report\n%s\nstderr %s", code, rep, stderr.String())
	}

	os.WriteFile("excel.csv", []byte("email;first_name;;\r\na@example.org;Ann;;\r\nb@example.org;Bo;;\r\n"), 0o600)
	stderr.Reset()
	if code, _ := runCLI(t, context.Background(), &stderr, "check", "--report", "r2.csv", "excel.csv"); code != exitOK {
		t.Errorf("two trailing nameless columns: exit %d, stderr %s", code, stderr.String())
	}

	os.WriteFile("decoy.csv", []byte("user.Email,user.FirstName,user.FirstName\u200b\na@example.org,Ann,Decoy\n"), 0o600)
	stderr.Reset()
	code, _ = runCLI(t, context.Background(), &stderr, "check", "--report", "r4.csv", "decoy.csv")
	if code != exitUsage || !strings.Contains(stderr.String(), `line 1, column 3: two column names that differ only by invisible characters: columns 2 and 3 are both "user.FirstName"`) {
		t.Errorf("look-alike header names: exit %d, stderr %s", code, stderr.String())
	}

	os.WriteFile("m.yaml", []byte("skip_lines: 9223372036854775807\n"), 0o600)
	stderr.Reset()
	code, _ = runCLI(t, context.Background(), &stderr, "check", "--mapping", "m.yaml", "--report", "r3.csv", "excel.csv")
	if code != exitUsage || !strings.Contains(stderr.String(), "skip_lines: 9223372036854775807 is more than the 1000 title lines") || strings.Contains(stderr.String(), "empty input") {
		t.Errorf("absurd skip_lines: exit %d, stderr %s", code, stderr.String())
	}
}
