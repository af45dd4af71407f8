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
