package report

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestReadTornLastLine(t *testing.T) {
	head := "email," + imp + "\n" + "a@x.io,1,2,created,5,,,,1\n" // lines 1 and 2
	tests := []struct {
		Name string
		Tail string
		Torn bool  // want ErrTornLine (else a malformed-line error, or io.EOF when Line is 0)
		Line int   // want the *LineError at this line
		Want *Line // the Line returned with ErrTornLine, when the record lacks only its line end
	}{
		{Name: "UnterminatedQuote", Tail: `b@x.io,2,3,failed,,rejected,400,"the server said`, Torn: true, Line: 3},
		{Name: "UnterminatedQuoteAfterNewline", Tail: "\"b\n", Torn: true, Line: 3},
		{Name: "UnterminatedQuoteAfterEscapedQuote", Tail: `"say ""hi""`, Torn: true, Line: 3},
		{Name: "UnterminatedQuoteAfterBlankLines", Tail: "\n\n\"b\nc", Torn: true, Line: 5},
		{Name: "CutInsideEscapedQuote", Tail: `"say "`, Torn: true, Line: 3},
		{Name: "CutAfterComma", Tail: "b@x.io,2,", Torn: true, Line: 3},
		{Name: "CutInStatus", Tail: "b@x.io,2,3,upd", Torn: true, Line: 3},
		{Name: "CutInAttempts", Tail: "b@x.io,2,3,updated,6,,,,1", Torn: true, Line: 3,
			Want: &Line{Row: 2, Line: 3, Status: Updated, ContactID: 6, Attempts: 1, Cells: []string{"b@x.io"}}},
		{Name: "CutBeforeLF", Tail: "b@x.io,2,3,updated,6,,,,12\r", Torn: true, Line: 3,
			Want: &Line{Row: 2, Line: 3, Status: Updated, ContactID: 6, Attempts: 12, Cells: []string{"b@x.io"}}},
		{Name: "WrongFieldCountOnLastLine", Tail: "b@x.io,2,3,updated\n", Torn: true, Line: 3},
		{Name: "WrongFieldCountBeforeBlankLines", Tail: "b@x.io,2,3,updated\n\n\r\n", Torn: true, Line: 3},
		{Name: "WrongFieldCountInTheMiddle", Tail: "b@x.io,2,3,updated\nc@x.io,3,4,created,,,,,1\n", Line: 3},
		{Name: "WrongFieldCountBeforeTornLine", Tail: "b@x.io,2,3,updated\nc@x.io,3,", Line: 3},
		{Name: "StrayQuoteOnLastLine", Tail: "se\"cret,2,3,created,,,,,1\n", Line: 3},
		{Name: "StrayQuoteAfterQuotedField", Tail: "\"a\"b\",2,3,created,,,,,1\nc@x.io,3,4,created,,,,,1\n", Line: 3},
		{Name: "StrayQuoteInTheMiddle", Tail: "se\"cret,2,3,created,,,,,1\nc@x.io,3,4,created,,,,,1\n", Line: 3},
		{Name: "TrailingBlankLines", Tail: "\n\r\n\n"},
		{Name: "TrailingCR", Tail: "\r"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(head + tt.Tail))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Read(); err != nil {
				t.Fatalf("Read of the good line: %v", err)
			}
			got, err := r.Read()
			if tt.Line == 0 {
				if err != io.EOF {
					t.Errorf("Read: err = %v, want io.EOF", err)
				}
			} else {
				var le *LineError
				if !errors.As(err, &le) || le.Line != tt.Line {
					t.Errorf("Read: err = %v, want a *LineError at line %d", err, tt.Line)
				}
				if errors.Is(err, ErrTornLine) != tt.Torn {
					t.Errorf("Read: err = %v, torn = %v, want %v", err, !tt.Torn, tt.Torn)
				}
			}
			var want Line
			if tt.Want != nil {
				want = *tt.Want
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Read() = %+v, want %+v", got, want)
			}
			if got := r.Offset(); got != int64(len(head)) {
				t.Errorf("Offset() = %d, want %d", got, len(head))
			}
		})
	}
}

// TestReadCutAnywhere cuts a written report at every byte, as a kill -9 might, and checks that
// the complete records read back, the rest is a torn line, and Offset is the last record end.
func TestReadCutAnywhere(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, []string{"email", "note"})
	ends := []int{} // byte offset after the header and after every line
	flush := func() {
		t.Helper()
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, buf.Len())
	}
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	flush()
	lines := []Line{
		{Row: 1, Line: 2, Status: Created, ContactID: 10, Attempts: 1, Cells: []string{"a@x.io", ""}},
		{Row: 2, Line: 3, Status: Failed, Class: Rejected, Code: "400", Message: `the server said "no", twice`,
			Attempts: 2, Cells: []string{"b@x.io", "two\nlines, \"quoted\"\n"}},
		{Row: 4, Line: 7, Status: Updated, ContactID: 12345, Attempts: 1, Cells: []string{" c@x.io", "\r"}},
	}
	for _, l := range lines {
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
		flush()
	}
	data := buf.Bytes()

	for cut := 0; cut <= len(data); cut++ {
		r, err := NewReader(bytes.NewReader(data[:cut]))
		switch {
		case cut == 0 || cut == len(bom): // nothing, or only the byte order mark
			if !errors.Is(err, ErrEmpty) {
				t.Errorf("cut at %d: NewReader err = %v, want ErrEmpty", cut, err)
			}
			continue
		case cut < ends[0]:
			if !errors.Is(err, ErrTornLine) {
				t.Errorf("cut at %d: NewReader err = %v, want ErrTornLine", cut, err)
			}
			continue
		case err != nil:
			t.Fatalf("cut at %d: NewReader: %v", cut, err)
		}
		complete := 0 // lines wholly before the cut
		for complete < len(lines) && ends[complete+1] <= cut {
			complete++
		}
		for i := range complete {
			got, err := r.Read()
			if err != nil || !reflect.DeepEqual(got, lines[i]) {
				t.Fatalf("cut at %d: Read() = %+v, %v; want %+v", cut, got, err, lines[i])
			}
		}
		_, err = r.Read()
		if cut == ends[complete] {
			if err != io.EOF {
				t.Errorf("cut at %d (a record end): err = %v, want io.EOF", cut, err)
			}
		} else if !errors.Is(err, ErrTornLine) {
			t.Errorf("cut at %d: err = %v, want ErrTornLine", cut, err)
		}
		if got := r.Offset(); got != int64(ends[complete]) {
			t.Errorf("cut at %d: Offset() = %d, want %d", cut, got, ends[complete])
		}
	}
}

func TestReadErrorMessages(t *testing.T) {
	head := "email," + imp + "\n"
	tests := []struct {
		Name  string
		Input string
		Want  string
	}{
		{Name: "NoNewline", Input: head + "x,1,2,created,,,,,1",
			Want: "read report line 2: last line cut off before its line end"},
		{Name: "OpenQuote", Input: head + "\"x\n",
			Want: "read report line 2: last line cut off inside a quoted field"},
		{Name: "FieldCountLast", Input: head + "x,1\n",
			Want: "read report line 2: last line cut off: 2 fields, want 9"},
		{Name: "FieldCount", Input: head + "x,1\nx,1,2,created,,,,,1\n",
			Want: "read report line 2: 2 fields, want 9"},
		{Name: "Column", Input: head + "x,1,2,created,,,,,many\n",
			Want: "read report line 2, column import.attempts: attempts must be empty or a non-negative integer"},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.Input))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Read(); err == nil || err.Error() != tt.Want {
				t.Errorf("Read: err = %v, want %q", err, tt.Want)
			}
		})
	}
	_, err := NewReader(strings.NewReader("email," + imp))
	if want := "read report line 1: last line cut off before its line end"; err == nil || err.Error() != want {
		t.Errorf("NewReader: err = %v, want %q", err, want)
	}
}
