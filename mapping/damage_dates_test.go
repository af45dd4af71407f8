package mapping

import (
	"slices"
	"testing"
)

// TestOriginalDates: the dates a spreadsheet's date may have been, and none where there is no
// date to tell.
func TestOriginalDates(t *testing.T) {
	for _, tc := range []struct {
		cell string
		want []string
	}{
		{"31.12.1980", []string{"1980-12-31"}}, {"1.2.1980", []string{"1980-02-01"}},
		{"12/31/1980", []string{"1980-12-31"}}, {"31-12-80", []string{"1980-12-31"}},
		{"05/06/2001", []string{"2001-06-05", "2001-05-06"}}, {"05.06.2001", []string{"2001-06-05"}},
		{"07/07/2001", []string{"2001-07-07"}}, {"01.02.25", []string{"2025-02-01"}}, {"01.02.26", []string{"1926-02-01"}},
		{"29586", []string{"1980-12-31"}}, {"61", nil}, {"31.02.1980", nil}, {"13/13/1980", nil}, {"1980-12-31", nil}, {"x", nil},
	} {
		if got := originalDates(tc.cell, 2025); !slices.Equal(got, tc.want) {
			t.Errorf("originalDates(%q) = %q, want %q", tc.cell, got, tc.want)
		}
	}
}
