package report

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

func TestNewReaderHeaderErrorMessages(t *testing.T) {
	tests := []struct {
		Name  string
		Input string
		Want  string
	}{
		{Name: "DuplicateOfFirstColumn", Input: imp + ",import.row\n",
			Want: "read report line 1, column import.row: duplicate column (columns 1 and 9)"},
		{Name: "DuplicateAfterInputColumns", Input: "email,name," + imp + ",import.attempts\n",
			Want: "read report line 1, column import.attempts: duplicate column (columns 10 and 11)"},
		{Name: "InputColumnAfterImportColumns", Input: "email,import.line,import.row,name\n",
			Want: "read report line 1, column name: input column after import.line: the import columns must come last"},
		{Name: "Missing", Input: "email,import.row,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.attempts\n",
			Want: "read report line 1, column import.error: missing from the header"},
		{Name: "AfterBlankLines", Input: "\n\r\nemail,import.row\n",
			Want: "read report line 3, column import.line: missing from the header"},
		{Name: "Empty", Input: "\n\n", Want: "read report header: report is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.Input))
			if err == nil || err.Error() != tt.Want {
				t.Errorf("NewReader: err = %v, want %q", err, tt.Want)
			}
			if r != nil {
				t.Errorf("NewReader returned a Reader along with its error")
			}
		})
	}
}

// TestLineNumber follows LineNumber through a report: it names the report line where the last
// returned Line starts, and does not move for an error that returns no Line, nor at the end.
func TestLineNumber(t *testing.T) {
	head := "email," + imp + "\n"
	tests := []struct {
		Name  string
		Body  string
		Want  []int // LineNumber after each Read, until the first error
		Final int   // LineNumber after the Read that returns an error
		Err   error // that error (errors.Is); nil for io.EOF
	}{
		{Name: "NoLines", Body: "", Final: 0},
		{Name: "FirstLine", Body: "x,1,2,created,,,,,1\n", Want: []int{2}, Final: 2},
		{Name: "BlankLinesAndMultiLineCells",
			Body: "x,1,2,created,,,,,1\n\n\r\n\"a\nb\",2,4,created,,,,,1\ny,3,6,created,,,,,1\n\n",
			Want: []int{2, 5, 7}, Final: 7},
		{Name: "BadLineLeavesIt", Body: "x,1,2,created,,,,,1\nx,0,3,created,,,,,1\n",
			Want: []int{2}, Final: 2, Err: errRow},
		{Name: "BadFirstLineLeavesZero", Body: "\nx,1,2,done,,,,,1\n", Final: 0, Err: errStatus},
		{Name: "TornValidLineSetsIt", Body: "x,1,2,created,,,,,1\n\ny,2,3,created,,,,,1",
			Want: []int{2}, Final: 4, Err: ErrTornLine},
		{Name: "TornInvalidLineLeavesIt", Body: "x,1,2,created,,,,,1\ny,2,3,created,,,,,-1",
			Want: []int{2}, Final: 2, Err: ErrTornLine},
		{Name: "TornShortLineLeavesIt", Body: "x,1,2,created,,,,,1\ny,2,3",
			Want: []int{2}, Final: 2, Err: ErrTornLine},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(head + tt.Body))
			if err != nil {
				t.Fatal(err)
			}
			if got := r.LineNumber(); got != 0 {
				t.Errorf("LineNumber() before Read = %d, want 0", got)
			}
			for i, want := range tt.Want {
				if _, err := r.Read(); err != nil {
					t.Fatalf("Read %d: %v", i+1, err)
				}
				if got := r.LineNumber(); got != want {
					t.Errorf("LineNumber() after Read %d = %d, want %d", i+1, got, want)
				}
			}
			_, err = r.Read()
			if (tt.Err == nil && err != io.EOF) || (tt.Err != nil && !errors.Is(err, tt.Err)) {
				t.Errorf("last Read: err = %v, want %v", err, tt.Err)
			}
			if got := r.LineNumber(); got != tt.Final {
				t.Errorf("LineNumber() after the last Read = %d, want %d", got, tt.Final)
			}
			r.Read()
			if got := r.LineNumber(); got != tt.Final {
				t.Errorf("LineNumber() after one more Read = %d, want %d", got, tt.Final)
			}
		})
	}
}

// TestReadInputError checks that an error of the underlying reader comes back as it is, wrapped
// with the report line being read when it happened, and is neither a torn line nor a *LineError.
func TestReadInputError(t *testing.T) {
	errBoom := errors.New("boom")
	head := "email," + imp + "\n"
	const good = "a@x.io,1,2,created,5,,,,1\n"
	tests := []struct {
		Name   string
		Data   string // what the reader gives before failing
		Header bool   // the error comes from NewReader
		Lines  int    // good lines read before the error
		Want   string
	}{
		{Name: "BeforeAnything", Data: "", Header: true, Want: "read report line 1: boom"},
		{Name: "InTheHeader", Data: "email,imp", Header: true, Want: "read report line 1: boom"},
		{Name: "InHeaderAfterBlankLines", Data: "\n\r\nemail", Header: true, Want: "read report line 3: boom"},
		{Name: "AtALineStart", Data: head + good, Lines: 1, Want: "read report line 3: boom"},
		{Name: "InALine", Data: head + good + "b@x.io,2", Lines: 1, Want: "read report line 3: boom"},
		{Name: "InAMultiLineCell", Data: head + good + "\"two\nlines", Lines: 1, Want: "read report line 4: boom"},
		{Name: "AfterBlankLines", Data: head + "\n\n", Want: "read report line 4: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			in := io.MultiReader(strings.NewReader(tt.Data), iotest.ErrReader(errBoom))
			r, err := NewReader(in)
			if tt.Header {
				if err == nil || err.Error() != tt.Want || !errors.Is(err, errBoom) {
					t.Errorf("NewReader: err = %v, want %q wrapping %v", err, tt.Want, errBoom)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for range tt.Lines {
				if _, err := r.Read(); err != nil {
					t.Fatalf("Read of a good line: %v", err)
				}
			}
			l, err := r.Read()
			if err == nil || err.Error() != tt.Want || !errors.Is(err, errBoom) {
				t.Errorf("Read: err = %v, want %q wrapping %v", err, tt.Want, errBoom)
			}
			var le *LineError
			if errors.Is(err, ErrTornLine) || errors.As(err, &le) {
				t.Errorf("Read: err = %v (%T): an input error is no torn or malformed line", err, err)
			}
			if !reflect.DeepEqual(l, Line{}) {
				t.Errorf("Read() = %+v along with the error, want no line", l)
			}
			if got, want := r.Offset(), int64(len(head)+tt.Lines*len(good)); got != want {
				t.Errorf("Offset() = %d, want %d", got, want)
			}
			if _, again := r.Read(); again != err {
				t.Errorf("Read after the error: err = %v, want the same error", again)
			}
		})
	}
}

// TestReadLongLines reads lines longer than the framer's buffer, in one piece, and drops a byte
// order mark only at the very start of the report.
func TestReadLongLines(t *testing.T) {
	long := strings.Repeat("x", 150<<10)
	tests := []struct {
		Name   string
		Input  string
		Header []string
		Cells  []string
	}{
		{Name: "LongHeaderWithBOM", Input: bom + long + "," + imp + "\nshort,1,2,created,,,,,1\n",
			Header: []string{long}, Cells: []string{"short"}},
		{Name: "LongCell", Input: "email," + imp + "\n" + long + ",1,2,created,,,,,1\n",
			Header: []string{"email"}, Cells: []string{long}},
		{Name: "LongQuotedCell", Input: "email," + imp + "\n\"" + long + "\n" + long + "\",1,2,created,,,,,1\n",
			Header: []string{"email"}, Cells: []string{long + "\n" + long}},
		{Name: "BOMOnADataLineIsKept", Input: "email," + imp + "\n" + bom + "x,1,2,created,,,,,1\n",
			Header: []string{"email"}, Cells: []string{bom + "x"}},
		{Name: "BOMAfterALongFirstSegmentIsKept", Input: long + bom + "," + imp + "\nshort,1,2,created,,,,,1\n",
			Header: []string{long + bom}, Cells: []string{"short"}},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.Input))
			if err != nil {
				t.Fatal(err)
			}
			if got := r.InputHeader(); !reflect.DeepEqual(got, tt.Header) {
				t.Errorf("InputHeader() is %d columns, first %d bytes; want %d, %d bytes",
					len(got), len(got[0]), len(tt.Header), len(tt.Header[0]))
			}
			l, err := r.Read()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(l.Cells, tt.Cells) || l.Row != 1 || l.Line != 2 {
				t.Errorf("Read() = row %d, line %d, %d cells; want row 1, line 2, cells as written", l.Row, l.Line, len(l.Cells))
			}
			if _, err := r.Read(); err != io.EOF {
				t.Errorf("Read at end: err = %v, want io.EOF", err)
			}
			if got := r.Offset(); got != int64(len(tt.Input)) {
				t.Errorf("Offset() = %d, want %d (the whole input, a byte order mark included)", got, len(tt.Input))
			}
		})
	}
}
