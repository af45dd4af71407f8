package report

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestLineCheckBoundaries pins each rule of Line.check at its edge: the smallest value the
// Reader takes is written and reads back, one below it is refused with the column and reason.
func TestLineCheckBoundaries(t *testing.T) {
	base := Line{Row: 5, Line: 6, Status: Failed, ContactID: 7, Class: Rejected, Attempts: 2, Cells: []string{"x"}}
	tests := []struct {
		Name   string
		Change func(*Line)
		Column string // "" when the line is accepted
		Err    error
	}{
		{Name: "RowOne", Change: func(l *Line) { l.Row = 1 }},
		{Name: "RowZero", Change: func(l *Line) { l.Row = 0 }, Column: ColRow, Err: errRow},
		{Name: "RowNegative", Change: func(l *Line) { l.Row = -1 }, Column: ColRow, Err: errRow},
		{Name: "LineOne", Change: func(l *Line) { l.Line = 1 }},
		{Name: "LineZero", Change: func(l *Line) { l.Line = 0 }, Column: ColLine, Err: errLine},
		{Name: "StatusFailed", Change: func(l *Line) { l.Status = Failed }},
		{Name: "StatusCreated", Change: func(l *Line) { l.Status = Created }},
		{Name: "StatusUpdated", Change: func(l *Line) { l.Status = Updated }},
		{Name: "StatusUnchanged", Change: func(l *Line) { l.Status = Unchanged }},
		{Name: "StatusSkipped", Change: func(l *Line) { l.Status = Skipped }},
		{Name: "StatusValid", Change: func(l *Line) { l.Status = Valid }},
		{Name: "StatusEmpty", Change: func(l *Line) { l.Status = "" }, Column: ColStatus, Err: errStatus},
		{Name: "ContactIDZeroIsUnknown", Change: func(l *Line) { l.ContactID = 0 }},
		{Name: "ContactIDOne", Change: func(l *Line) { l.ContactID = 1 }},
		{Name: "ContactIDMinusOne", Change: func(l *Line) { l.ContactID = -1 }, Column: ColContactID, Err: errID},
		{Name: "NoClass", Change: func(l *Line) { l.Class = "" }},
		{Name: "ClassValidation", Change: func(l *Line) { l.Class = Validation }},
		{Name: "ClassTransient", Change: func(l *Line) { l.Class = Transient }},
		{Name: "ClassAuth", Change: func(l *Line) { l.Class = Auth }},
		{Name: "ClassWrongCase", Change: func(l *Line) { l.Class = "Rejected" }, Column: ColErrorClass, Err: errClass},
		{Name: "AttemptsZero", Change: func(l *Line) { l.Attempts = 0 }},
		{Name: "AttemptsMinusOne", Change: func(l *Line) { l.Attempts = -1 }, Column: ColAttempts, Err: errAttempt},
		{Name: "FirstFaultWins", Change: func(l *Line) { l.Line, l.Attempts = 0, -1 }, Column: ColLine, Err: errLine},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			l := base
			tt.Change(&l)
			col, err := l.check()
			if col != tt.Column || err != tt.Err {
				t.Fatalf("check() = %q, %v; want %q, %v", col, err, tt.Column, tt.Err)
			}
			var buf bytes.Buffer
			w := NewWriter(&buf, []string{"email"})
			if err := w.WriteHeader(); err != nil {
				t.Fatal(err)
			}
			werr := w.Write(l)
			if tt.Err != nil {
				want := "report row " + strconv.Itoa(l.Row) + ": column " + tt.Column + ": " + tt.Err.Error()
				if werr == nil || werr.Error() != want || !errors.Is(werr, tt.Err) {
					t.Errorf("Write: err = %v, want %q", werr, want)
				}
				return
			}
			if werr != nil {
				t.Fatalf("Write: %v", werr)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			r, err := NewReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Read()
			if err != nil || !reflect.DeepEqual(got, l) {
				t.Errorf("read back %+v, %v; want %+v", got, err, l)
			}
		})
	}
}

// TestReadNumberBoundaries pins the smallest numbers the Reader takes in each numeric column.
func TestReadNumberBoundaries(t *testing.T) {
	head := "email," + imp + "\n"
	tests := []struct {
		Name   string
		Line   string
		Want   Line
		Column string // "" when the line is read
	}{
		{Name: "RowAndLineOne", Line: "x,1,1,created,,,,,0\n", Want: Line{Row: 1, Line: 1, Status: Created, Cells: []string{"x"}}},
		{Name: "LineZero", Line: "x,1,0,created,,,,,0\n", Column: ColLine},
		{Name: "LineEmpty", Line: "x,1,,created,,,,,0\n", Column: ColLine},
		{Name: "ContactIDOne", Line: "x,1,1,created,1,,,,0\n", Want: Line{Row: 1, Line: 1, Status: Created, ContactID: 1, Cells: []string{"x"}}},
		{Name: "ContactIDMinusOne", Line: "x,1,1,created,-1,,,,0\n", Column: ColContactID},
		{Name: "ContactIDTooLarge", Line: "x,1,1,created,9223372036854775808,,,,0\n", Column: ColContactID},
		{Name: "AttemptsEmpty", Line: "x,1,1,created,,,,,\n", Want: Line{Row: 1, Line: 1, Status: Created, Cells: []string{"x"}}},
		{Name: "AttemptsOne", Line: "x,1,1,created,,,,,1\n", Want: Line{Row: 1, Line: 1, Status: Created, Attempts: 1, Cells: []string{"x"}}},
		{Name: "EveryClass", Line: "x,1,1,failed,,auth,401,no,1\n",
			Want: Line{Row: 1, Line: 1, Status: Failed, Class: Auth, Code: "401", Message: "no", Attempts: 1, Cells: []string{"x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(head + tt.Line))
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.Read()
			if tt.Column != "" {
				var le *LineError
				if !errors.As(err, &le) || le.Column != tt.Column || le.Line != 2 {
					t.Errorf("Read: err = %v, want a *LineError at line 2, column %s", err, tt.Column)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.Want) {
				t.Errorf("Read() = %+v, %v; want %+v", got, err, tt.Want)
			}
		})
	}
}
