package mapping

import (
	"slices"
	"strings"
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

// TestScientificDigits: how many digits a number in scientific notation had, and which of them
// the notation kept (never more than the number had).
func TestScientificDigits(t *testing.T) {
	for _, tc := range []struct {
		cell string
		want scientific
		ok   bool
	}{
		{"4.47701E+11", scientific{12, "447701"}, true}, {" 4,47701e+11 ", scientific{12, "447701"}, true},
		{"1E+15", scientific{16, "1"}, true}, {"1.2345E+2", scientific{3, "123"}, true},
		{"1E15", scientific{}, false}, {"0E+5", scientific{}, false}, {"12.3E+5", scientific{}, false},
		{"E+15", scientific{}, false}, {"1E+1234", scientific{}, false}, {"1.2xE+5", scientific{}, false}, {"1E+", scientific{}, false},
	} {
		got, ok := scientificDigits(tc.cell)
		if got != tc.want || ok != tc.ok {
			t.Errorf("scientificDigits(%q) = %+v, %v; want %+v, %v", tc.cell, got, ok, tc.want, tc.ok)
		}
	}
	if got := scientificError(scientific{12, "447701"}).Reason; !strings.Contains(got, "(the original was 447701??????)") {
		t.Errorf("scientificError: %q", got)
	}
}

// A date that is no date in any reading says so without a guess.
func TestDateErrorWithoutOriginal(t *testing.T) {
	if got := dateError("31.02.1980").Reason; strings.Contains(got, "was it") || !strings.Contains(got, "where YYYY-MM-DD is expected; write it") {
		t.Errorf("dateError: %q", got)
	}
}
