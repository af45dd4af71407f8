package report

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"contactimport/importer/source"
)

// readFailed reads every failed row of a report in the Lenient mode, as retry does
// (importer.FailedRows).
func readFailed(t *testing.T, rep string, opts source.Options) ([]string, []source.Record, error) {
	t.Helper()
	rd, err := NewLenientReader(strings.NewReader(rep), opts)
	if err != nil {
		return nil, nil, err
	}
	if rd.Mode() != Lenient {
		t.Fatalf("mode %v, want Lenient", rd.Mode())
	}
	var recs []source.Record
	for {
		l, err := rd.Read()
		if err == io.EOF {
			return rd.InputHeader(), recs, nil
		}
		if err != nil {
			return rd.InputHeader(), recs, err
		}
		if l.Status == Failed {
			recs = append(recs, source.Record{Row: l.Row, Line: l.Line, Cells: l.Cells, End: rd.Offset()})
		}
	}
}

func win1252(t *testing.T, s string) string {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLenientSpreadsheetSave reads a report as Excel saves it in Germany or France: ";",
// Windows-1252, CRLF, quoted cells, a last line without its line end, lines deleted, and import.*
// cells other than import.row and import.status emptied or reformatted. The failed rows come
// back with their original cells, umlauts intact and the formula guard taken off.
func TestLenientSpreadsheetSave(t *testing.T) {
	rep := win1252(t, "user.Email;user.LastName;'=x;import.row;import.line;import.status;import.contact_id;import.error_class;import.error_code;import.error;import.attempts\r\n"+
		"joerg@example.de;Müller;'=1+1;2;3;failed;;validation;invalid_email;\"column \"\"user.Email\"\"; bad\";1,0\r\n"+
		"bae@example.de;Weiß;;3;4;created;1,23E+05;;;;1\r\n"+
		"\"chloe@example.fr\";\"Núñez\";\"\";7;;Failed;;;;;\r\n"+
		"fr@example.fr;Çelik;;9;10;failed;;;;;")
	for _, opts := range []source.Options{{}, {Encoding: "windows-1252", Delimiter: ";"}} {
		header, recs, err := readFailed(t, rep, opts)
		if err != nil {
			t.Fatalf("%+v: %v", opts, err)
		}
		if want := []string{"user.Email", "user.LastName", "=x"}; !reflect.DeepEqual(header, want) {
			t.Fatalf("%+v: header %q, want %q", opts, header, want)
		}
		want := []source.Record{
			{Row: 2, Line: 3, Cells: []string{"joerg@example.de", "Müller", "=1+1"}},
			{Row: 7, Line: 8, Cells: []string{"chloe@example.fr", "Núñez", ""}}, // import.line emptied: row + 1
			{Row: 9, Line: 10, Cells: []string{"fr@example.fr", "Çelik", ""}},
		}
		if len(recs) != len(want) {
			t.Fatalf("%+v: %d failed rows, want %d: %+v", opts, len(recs), len(want), recs)
		}
		for i := range want {
			recs[i].End = 0
			if !reflect.DeepEqual(recs[i], want[i]) {
				t.Errorf("%+v: failed row %d = %+v, want %+v", opts, i, recs[i], want[i])
			}
		}
	}
}

// TestLenientUTF8BOM reads a UTF-8 save with a byte order mark, as Excel's "CSV UTF-8" writes.
func TestLenientUTF8BOM(t *testing.T) {
	rep := "\ufeffuser.Email,user.LastName,import.row,import.status\r\nj@example.de,Müller,4,failed\r\n"
	header, recs, err := readFailed(t, rep, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if header[0] != "user.Email" || len(recs) != 1 || recs[0].Row != 4 || recs[0].Cells[1] != "Müller" {
		t.Fatalf("header %q, rows %+v", header, recs)
	}
}

// TestLenientOptions: --encoding and --delimiter decide over detection. Forced to read a
// Windows-1252 save as UTF-8, retry refuses it naming line and column; told "," for a ";" save,
// it finds no import.row column.
func TestLenientOptions(t *testing.T) {
	rep := win1252(t, "user.LastName;import.row;import.status\nMüller;1;failed\n")
	if _, _, err := readFailed(t, rep, source.Options{Encoding: "utf-8"}); err == nil ||
		!strings.Contains(err.Error(), "line 2, column 1: invalid UTF-8") {
		t.Errorf("as UTF-8: %v, want the invalid UTF-8 named at line 2, column 1", err)
	}
	if _, _, err := readFailed(t, rep, source.Options{Delimiter: ","}); !errors.Is(err, ErrNotReport) {
		t.Errorf("with ',': %v, want ErrNotReport", err)
	}
	_, recs, err := readFailed(t, rep, source.Options{Encoding: "cp850", Delimiter: ";"})
	if err != nil || len(recs) != 1 || recs[0].Cells[0] != "M\u00b3ller" { // 0xFC in CP850 is ³
		t.Errorf("as CP850: %+v, %v; want the cell decoded as CP850", recs, err)
	}
}

// TestLenientRefusals: a file that is not a report names what is missing; an unreadable
// import.row or import.status names the report line and column, never the cell.
func TestLenientRefusals(t *testing.T) {
	for _, tc := range []struct{ name, rep, want string }{
		{"contact list", "email,name\na@example.org,Ann\n", "read retry.csv: no import.row column: this is not a contactimport report (or its import.* columns were deleted)"},
		{"status deleted", "email,import.row,import.line\na@example.org,1,2\n", "read retry.csv: no import.status column: this is not a contactimport report (or its import.* columns were deleted)"},
		{"row twice", "email,import.row,import.status,import.row\na@example.org,1,failed,1\n", "read retry.csv: import.row: twice in the header (columns 2 and 4); delete one of them"},
		{"row mangled", "email,import.row,import.status\na@example.org,1,failed\nb@example.org,2.5E+1,failed\n", "read retry.csv: line 3, column 2: import.row: not a row number"},
		{"row emptied", "email,import.row,import.status\na@example.org,,failed\n", "read retry.csv: line 2, column 2: import.row: not a row number"},
		{"status unknown", "email;import.row;import.status\na@example.org;1;fixed\n", "read retry.csv: line 2, column 3: import.status: not a status this tool writes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readFailed(t, tc.rep, source.Options{Name: "retry.csv"})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to start %q", err, tc.want)
			}
			var ie *source.InputError
			if !errors.As(err, &ie) {
				t.Errorf("err is %T, want an *source.InputError", err)
			}
			if strings.Contains(err.Error(), "example.org") || strings.Contains(err.Error(), "fixed") {
				t.Errorf("err %q shows a cell value", err)
			}
		})
	}
}

// TestCheckFailedSaved finds a copied line in a ";" Windows-1252 save, and refuses a line
// retry could not read before anything is sent.
func TestCheckFailedSaved(t *testing.T) {
	rep := win1252(t, "n;import.row;import.status\r\nMüller;1;failed\r\nWeiß;2;failed\r\nMüller;1;failed")
	var de *DuplicateRowError
	if err := CheckFailed(strings.NewReader(rep), source.Options{}); !errors.As(err, &de) ||
		*de != (DuplicateRowError{Row: 1, First: 2, Second: 4}) {
		t.Fatalf("CheckFailed = %v, want row 1 on lines 2 and 4", err)
	}
	var ie *source.InputError
	if err := CheckFailed(strings.NewReader("n,import.row,import.status\nA,1,failed\nB,x,failed\n"), source.Options{}); !errors.As(err, &ie) || ie.Line != 3 || ie.Column != 2 {
		t.Fatalf("CheckFailed = %v, want line 3, column 2 refused", err)
	}
}
