package source

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zipOf builds a zip archive holding the named entries, each with its content.
func zipOf(t *testing.T, entries ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(entries[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipOf(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Files of other kinds are refused by their content, whatever their name, each named with
// what it is and how to save it as CSV or XLSX.
func TestOpenRefusesOtherFormats(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		what string // in the message: what the file is
		how  string // in the message: how to save it
	}{
		{"LibreOfficeXLS", fixture(t, "contacts.xls"), "Excel 97-2003 workbook (.xls)", `"Excel Workbook (*.xlsx)"`},
		{"LibreOfficeODS", fixture(t, "contacts.ods"), "OpenDocument spreadsheet (.ods)", `"Excel 2007-365 (.xlsx)" or "Text CSV (.csv)"`},
		{"LibreOfficeHTML", fixture(t, "contacts.html"), "HTML page", "LibreOffice Calc choose File > Save As…"},
		{"HTMLAfterBOMAndSpace", []byte("\uFEFF \r\n<HTML><body><table><tr><td>email</td></tr></table>"), "HTML page", "Save As"},
		{"XHTML", []byte("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"), "HTML page", "Save As"},
		{"PDF", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "a PDF document", "export the contacts"},
		{"ExcelXML2003", []byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`),
			"Excel 2003 XML spreadsheet", `"Excel Workbook (*.xlsx)"`},
		{"FlatODS", fixture(t, "cells.fods"), "flat OpenDocument file (.fods)", "Text CSV"},
		{"Numbers", zipOf(t, "Index/Document.iwa", "\x00", "Metadata/Properties.plist", "x"), "Apple Numbers document (.numbers)", "File > Export To > Excel… or CSV…"},
		{"ODT", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>"), "OpenDocument file that is not a spreadsheet (text)", "spreadsheet"},
		{"DOCX", zipOf(t, "[Content_Types].xml", "<x/>", "word/document.xml", "<x/>"), "Word document (.docx)", "spreadsheet"},
		{"PlainZip", zipOf(t, "contacts.csv", "email\na@example.org\n"), "a zip archive", "extract it and import the contact list inside"},
		{"EmptyZip", zipOf(t), "a zip archive", "extract it"},
		{"BrokenZip", []byte("PK\x03\x04 not really a zip"), "a zip file that cannot be read", "save it again"},
		{"GzipXLS", gzipOf(t, fixture(t, "contacts.xls")), "Excel 97-2003 workbook (.xls) or another OLE2 document (a password-protected workbook is one too), compressed with gzip", "gzip -d"},
		{"GzipZip", gzipOf(t, zipOf(t, "a.csv", "x")), "zip archive or workbook compressed with gzip", "gzip -d"},
		{"GzipGzip", gzipOf(t, gzipOf(t, []byte("email\na@example.org\n"))), "gzip file inside a gzip file", "gzip -d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(bytes.NewReader(tt.data), Options{Name: "list.csv", TempDir: t.TempDir()})
			var ie *InputError
			if !errors.As(err, &ie) || !errors.Is(err, ErrUnsupportedFormat) {
				t.Fatalf("Open = %v, %v; want an *InputError for ErrUnsupportedFormat", s, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "read list.csv: the file is ") || !strings.Contains(msg, tt.what) || !strings.Contains(msg, tt.how) {
				t.Errorf("message %q\nshould name the file, %q and %q", msg, tt.what, tt.how)
			}
		})
	}
}

// Text that merely mentions markup, or starts with a word like "PK", is read as CSV.
func TestSniffFormatLeavesTextAlone(t *testing.T) {
	for _, in := range []string{
		"email,html\na@example.org,<html>\n",
		"PK,name\n1,Ann\n",
		"%PD,x\n1,2\n",
		"\uFEFFemail\na@example.org\n",
		"",
	} {
		if got := sniffFormat([]byte(in)); got != formatText {
			t.Errorf("sniffFormat(%q) = %v, want text", in, got)
		}
	}
}

// A workbook refused for its kind leaves no temporary files behind.
func TestRefusedWorkbookLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	for _, data := range [][]byte{fixture(t, "contacts.ods"), zipOf(t, "a.txt", "x")} {
		if _, err := Open(bytes.NewReader(data), Options{TempDir: dir}); err == nil {
			t.Fatal("Open accepted a file that is not XLSX")
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// --sheet is for workbooks: given for a CSV file, it is refused rather than ignored.
func TestSheetOptionRefusedForCSV(t *testing.T) {
	for _, data := range [][]byte{[]byte("email\na@example.org\n"), gzipOf(t, []byte("email\na@example.org\n"))} {
		_, err := Open(bytes.NewReader(data), Options{Sheet: "Contacts"})
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), `--sheet "Contacts": the file is`) {
			t.Errorf("Open = %v, want a refusal of --sheet", err)
		}
	}
}
