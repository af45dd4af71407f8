package report

import (
	"errors"
	"strings"
	"testing"

	"contactimport/importer/source"
)

// TestCheckFailed refuses two failed lines of one row, naming the row and both report lines,
// also when the second is a last line saved without its newline; lines that are not failed do
// not count, since retry does not send them.
func TestCheckFailed(t *testing.T) {
	const h = "email,import.row,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error,import.attempts\n"
	for _, tc := range []struct {
		name, report       string
		row, first, second int
	}{
		{"copied line", h + "a,1,2,failed,,transient,503,x,1\nb,2,3,failed,,transient,503,x,1\nc,1,2,failed,,transient,503,x,1\n", 1, 2, 4},
		{"last line without newline", h + "a,1,2,failed,,transient,503,x,1\nb,1,2,failed,,transient,503,x,1", 1, 2, 3},
		{"created and failed", h + "a,1,2,created,5,,,,1\nb,1,2,failed,,transient,503,x,1\n", 0, 0, 0},
		{"distinct rows", h + "a,1,2,failed,,transient,503,x,1\nb,2,3,failed,,transient,503,x,1\n", 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckFailed(strings.NewReader(tc.report), source.Options{})
			var de *DuplicateRowError
			if tc.row == 0 {
				if err != nil {
					t.Fatalf("CheckFailed = %v, want nil", err)
				}
				return
			}
			if !errors.As(err, &de) || *de != (DuplicateRowError{Row: tc.row, First: tc.first, Second: tc.second}) {
				t.Fatalf("CheckFailed = %#v, want row %d on lines %d and %d", err, tc.row, tc.first, tc.second)
			}
		})
	}
}

// TestReaderModes: NewReader reads in the Strict mode, which has nothing to close and no
// encoding to tell; NewLenientReader in the Lenient mode, which tells how it decoded the report.
func TestReaderModes(t *testing.T) {
	const rep = "email,import.row,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error,import.attempts\n" +
		"a,1,2,failed,,transient,503,x,1\n"
	strict, err := NewReader(strings.NewReader(rep))
	if err != nil {
		t.Fatal(err)
	}
	if strict.Mode() != Strict || strict.Encoding() != "" || strict.Warnings() != nil || strict.Close() != nil {
		t.Errorf("NewReader: mode %v, encoding %q, warnings %q", strict.Mode(), strict.Encoding(), strict.Warnings())
	}
	loose, err := NewLenientReader(strings.NewReader(rep), source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer loose.Close()
	if loose.Mode() != Lenient || loose.Encoding() == "" || loose.Delimiter() != ',' {
		t.Errorf("NewLenientReader: mode %v, encoding %q, delimiter %q", loose.Mode(), loose.Encoding(), loose.Delimiter())
	}
	l, err := loose.Read()
	if err != nil || l.Row != 1 || l.Line != 2 || l.Status != Failed || len(l.Cells) != 1 || l.Cells[0] != "a" || loose.LineNumber() != 2 {
		t.Errorf("Read = %+v, %v (report line %d); want row 1, line 2, failed, cells [a] on report line 2", l, err, loose.LineNumber())
	}
}
