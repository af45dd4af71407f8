package ui

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"contactimport/importer"
	"contactimport/importer/source"
)

// The report LibreOffice saved as an XLSX workbook is the fixture the lenient reader's tests use
// (importer/source/testdata/formats/contacts.report.xlsx, see the README there): rows 2 and 3
// failed (a bad email address each), the zip code 01067 became the number 1067.
func savedWorkbook(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "importer", "source", "testdata", "formats", "contacts.report.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "contacts.report.xlsx"), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestFixReadsAWorkbookSavedBySpreadsheet: the fix screen lists the failed rows of a report a
// spreadsheet saved as XLSX (no summary beside it: the automatic mapping, as retry's without
// --mapping), validates an edit of one, and retries the rows from a corrected copy that retry
// reads, the edit in it.
func TestFixReadsAWorkbookSavedBySpreadsheet(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	eng := &fakeEngine{}
	dir, s, do := fixServer(t, eng)
	savedWorkbook(t, dir)
	r := do("GET", "/fix?report=contacts.report.xlsx", nil)
	page := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%d: %s", r.StatusCode, page)
	}
	if n := strings.Count(page, `<tr id="row-`); n != 2 || !strings.Contains(page, `<tr id="row-2">`) || !strings.Contains(page, `<tr id="row-3">`) {
		t.Errorf("%d rows in the grid, want the failed rows 2 and 3:\n%s", n, page)
	}
	if !strings.Contains(page, `value="not-an-email"`) || !strings.Contains(page, `id="mark-2-0" class="mark bad"`) {
		t.Errorf("row 2: want its cells, the email cell marked at fault:\n%s", page)
	}
	if !strings.Contains(page, "saved again by a spreadsheet") || !strings.Contains(page, "no run summary") {
		t.Errorf("the page does not say how the report was read:\n%s", page)
	}
	cells := func(email string) url.Values {
		return url.Values{"report": {"contacts.report.xlsx"}, "row": {"2"}, "line": {"3"},
			"c2": {email, "Bo", "Weiß", "+4915550100038", "1067", "1990-12-31"}}
	}
	for email, want := range map[string]string{"bo@example.org": "ready to send", "bo@example": "not a valid email address"} {
		r := do("POST", "/fix/check", cells(email))
		if got := body(t, r); r.StatusCode != http.StatusOK || !strings.Contains(got, want) {
			t.Errorf("check of email %q: %d %s\nwant %q", email, r.StatusCode, got, want)
		}
	}
	r = do("POST", "/fix/retry", cells("bo@example.org"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d %s", r.StatusCode, body(t, r))
	}
	s.Wait()
	if len(eng.reqs) != 1 || eng.reqs[0].Summary != nil || eng.reqs[0].Report != filepath.Join(dir, "contacts.report.fixed.csv") {
		t.Fatalf("retries %+v; want one of contacts.report.fixed.csv without a summary", eng.reqs)
	}
	got := failedRows(t, eng.fixed)
	if len(got) != 2 || got[2] != "bo@example.org" || got[3] != "chloe@example" {
		t.Errorf("rows of the corrected copy: %v; want rows 2 (corrected) and 3", got)
	}
}

// TestFixReadsACSVSavedByExcel: the report written by the program (testdata/contacts.report.csv),
// opened and saved in place by Excel in a German locale — ";" separators, Windows-1252, CRLF,
// no byte order mark, the import.* cells other than row and status emptied — is read as retry
// reads it, with its summary: the six failed rows, umlauts intact, and an edit validated.
func TestFixReadsACSVSavedByExcel(t *testing.T) {
	dir, _, do := fixServer(t, &fakeEngine{})
	excelSave(t, filepath.Join(dir, "contacts.report.csv"))
	r := do("GET", "/fix?report=contacts.report.csv", nil)
	page := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%d: %s", r.StatusCode, page)
	}
	for _, row := range []string{"23", "72", "119", "165", "204", "258"} {
		if !strings.Contains(page, `<tr id="row-`+row+`">`) {
			t.Errorf("failed row %s not in the grid", row)
		}
	}
	if n := strings.Count(page, `<tr id="row-`); n != 6 || !strings.Contains(page, `value="Weiß"`) || strings.Contains(page, "no run summary") ||
		!strings.Contains(page, "saved again by a spreadsheet: it is read as retry reads it (windows-1252, separator &#39;;&#39;)") {
		t.Errorf("%d rows, want 6 with Weiß (row 204) and the summary used:\n%s", n, page)
	}
	form := row23("ameliathomas@example.com")
	if r := do("POST", "/fix/check", form); r.StatusCode != http.StatusOK || !strings.Contains(body(t, r), "ready to send") {
		t.Errorf("the corrected row 23 is not ready to send")
	}
}

// excelSave rewrites the report at path as Excel saves a CSV file in a German locale.
func excelSave(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff")))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	cw := csv.NewWriter(&out)
	cw.Comma, cw.UseCRLF = ';', true
	for i, cells := range recs {
		if n := len(cells); i > 0 { // import.row and import.status kept, the other import.* cells emptied
			for _, j := range []int{n - 7, n - 5, n - 4, n - 3, n - 2, n - 1} {
				cells[j] = ""
			}
		}
		if err := cw.Write(cells); err != nil {
			t.Fatal(err)
		}
	}
	cw.Flush()
	enc, err := charmap.Windows1252.NewEncoder().String(out.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(enc), 0o600); err != nil {
		t.Fatal(err)
	}
}

// failedRows reads a report as retry does and returns the first cell of each failed row.
func failedRows(t *testing.T, data []byte) map[int]string {
	t.Helper()
	fr, err := importer.NewFailedRows(bytes.NewReader(data), source.Options{Name: "corrected copy"})
	if err != nil {
		t.Fatal(err)
	}
	defer fr.Close()
	rows := map[int]string{}
	for {
		rec, err := fr.Next()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows[rec.Row] = rec.Cells[0]
	}
}
