package source

// Fuzzing of the gzip and XLSX paths: never a panic, every record a row or an error, and no
// temporary file left behind.

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"testing"
)

// checkRecords reads s to its end and checks what every record must hold. It returns the
// error that ended the reading, nil at io.EOF.
func checkRecords(t *testing.T, s *Reader) error {
	t.Helper()
	width := len(s.Header())
	var row, line int
	for {
		rec, err := s.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if rec.Err == nil && len(rec.Cells) != width {
			t.Fatalf("row %d: %d cells without an error, header has %d", rec.Row, len(rec.Cells), width)
		}
		if len(rec.Cells) < width {
			t.Fatalf("row %d: %d cells, header has %d", rec.Row, len(rec.Cells), width)
		}
		if e := rec.Err; e != nil && (e.Code == "" || e.Line < rec.Line || e.Column < 1 || e.Err == nil) {
			t.Fatalf("row %d at line %d: incomplete error %+v", rec.Row, rec.Line, *e)
		}
		if rec.Row != row+1 || rec.Line <= line {
			t.Fatalf("row %d at line %d follows row %d at line %d", rec.Row, rec.Line, row, line)
		}
		row, line = rec.Row, rec.Line
	}
}

func FuzzGzip(f *testing.F) {
	f.Add([]byte("email,name\nanna@example.org,Anna\n"), uint16(0), uint16(0), uint8(0))
	f.Add([]byte("name;city\rM\x9fller;K\x9aln\r"), uint16(0), uint16(0), uint8(0))
	f.Add(numberedCSV(200), uint16(900), uint16(0), uint8(0))    // truncated
	f.Add(numberedCSV(200), uint16(0), uint16(700), uint8(0x40)) // a flipped bit
	f.Add([]byte("%PDF-1.4\n"), uint16(0), uint16(0), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, cut, flip uint16, mask uint8) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		packed := b.Bytes()
		if cut > 0 && int(cut) < len(packed) {
			packed = packed[:cut]
		}
		if int(flip) < len(packed) {
			packed[flip] ^= mask
		}
		checkErr := CheckGzip(context.Background(), bytes.NewReader(packed), "x.gz")
		s, err := Open(bytes.NewReader(packed), Options{})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Open error %v is not an *InputError", err)
			}
			return
		}
		defer s.Close()
		err = checkRecords(t, s)
		switch {
		case err != nil && !errors.Is(err, ErrGzip):
			t.Fatalf("Next: %v", err)
		case err != nil && checkErr == nil:
			t.Fatalf("reading found %v where CheckGzip found nothing", err)
		case err == nil && checkErr != nil && s.Format() == FormatGzipCSV:
			t.Fatalf("CheckGzip found %v where reading found nothing", checkErr)
		case err == nil && s.Offset() != int64(len(packed)):
			t.Fatalf("Offset() = %d at EOF, input has %d bytes", s.Offset(), len(packed))
		}
	})
}

// minimalXLSX is a workbook of one sheet, with the sheet's XML and the shared strings given.
func minimalXLSX(sheet, sst []byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, part := range []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)},
		{"xl/worksheets/sheet1.xml", sheet},
		{"xl/sharedStrings.xml", sst},
	} {
		w, _ := zw.Create(part.name)
		w.Write(part.data)
	}
	zw.Close()
	return b.Bytes()
}

const (
	seedSheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C4"/><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>Ann</t></is></c></row>` +
		`<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4"><v>4917012345678</v></c><c r="C4" t="b"><v>1</v></c></row>` +
		`</sheetData></worksheet>`
	seedSST = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">` +
		`<si><t>email</t></si><si><t>name</t></si><si><t>ann@example.org</t></si><si><r><t>bo@</t></r><r><t>example.org</t></r></si></sst>`
)

func FuzzXLSX(f *testing.F) {
	f.Add([]byte(seedSheet), []byte(seedSST), "")
	f.Add([]byte(`<worksheet><sheetData><row r="3"><c r="Z3"><v>1</v></c></row><row r="2"><c><v>x</v></c></row></sheetData></worksheet>`), []byte(seedSST), "")
	f.Add([]byte(`<worksheet><sheetData><row><c t="s"><v>99</v></c></row><row><c t="s"><v>-1</v></c></row></sheetData></worksheet>`), []byte(seedSST), "sheet1")
	f.Add([]byte(`<worksheet><sheetData><row r="1048577"><c><v>1</v></c></row></sheetData></worksheet>`), []byte(""), "")
	f.Add([]byte(seedSheet[:len(seedSheet)/2]), []byte(seedSST[:40]), "")
	f.Fuzz(func(t *testing.T, sheet, sst []byte, name string) {
		dir := t.TempDir()
		s, err := Open(bytes.NewReader(minimalXLSX(sheet, sst)), Options{Sheet: name, TempDir: dir})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Open error %v is not an *InputError", err)
			}
		} else {
			checkRecords(t, s) // an error ends the reading; the records before it were checked
			if err := s.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}
