package report

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// imp is the import.* part of a header, in the written order.
var imp = strings.Join(Columns(), ",")

func TestNewReaderHeader(t *testing.T) {
	tests := []struct {
		Name   string
		Input  string
		Header []string // want InputHeader()
		Offset int64    // want Offset()
		Err    error    // want errors.Is
		Column string   // want the *LineError to name this column
	}{{
		Name:   "Plain",
		Input:  "email,name," + imp + "\n",
		Header: []string{"email", "name"},
		Offset: int64(len("email,name," + imp + "\n")),
	}, {
		Name:   "NoInputColumns",
		Input:  imp + "\n",
		Header: []string{},
		Offset: int64(len(imp + "\n")),
	}, {
		Name:   "ImportColumnsInAnotherOrder",
		Input:  "email,import.attempts,import.error,import.error_code,import.error_class,import.contact_id,import.status,import.line,import.row\n",
		Header: []string{"email"},
		Offset: int64(len("email,import.attempts,import.error,import.error_code,import.error_class,import.contact_id,import.status,import.line,import.row\n")),
	}, {
		Name:   "ByteOrderMark",
		Input:  "\ufeffemail," + imp + "\n",
		Header: []string{"email"},
		Offset: int64(len("\ufeffemail," + imp + "\n")),
	}, {
		Name:   "CRLFAndBlankLinesFirst",
		Input:  "\r\n\nemail," + imp + "\r\n",
		Header: []string{"email"},
		Offset: int64(len("\r\n\nemail," + imp + "\r\n")),
	}, {
		Name:   "SpacesAroundNames",
		Input:  " email , import.row ,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error,import.attempts\n",
		Header: []string{"email"},
		Offset: int64(len(" email , import.row ,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error,import.attempts\n")),
	}, {
		Name:  "Empty",
		Input: "",
		Err:   ErrEmpty,
	}, {
		Name:  "OnlyBlankLines",
		Input: "\n\r\n\n",
		Err:   ErrEmpty,
	}, {
		Name:  "HeaderCutOff",
		Input: "email,import.row,import.li",
		Err:   ErrTornLine,
	}, {
		Name:  "HeaderWithoutLineEnd",
		Input: "email," + imp,
		Err:   ErrTornLine,
	}, {
		Name:  "HeaderCutInQuotes",
		Input: "\"e-mail\nadd",
		Err:   ErrTornLine,
	}, {
		Name:   "NoImportColumns",
		Input:  "email,name\n",
		Column: ColRow,
	}, {
		Name:   "MissingColumn",
		Input:  "email,import.row,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error\n",
		Column: ColAttempts,
	}, {
		Name:   "DuplicateColumn",
		Input:  "email," + imp + ",import.row\n",
		Column: ColRow,
	}, {
		Name:   "InputColumnAfterImportColumns",
		Input:  "email," + imp + ",name\n",
		Column: "name",
	}, {
		Name:   "ImportColumnAmongInputColumns",
		Input:  "import.row,email,import.line,import.status,import.contact_id,import.error_class,import.error_code,import.error,import.attempts\n",
		Column: "email",
	}, {
		Name:   "UnknownImportColumnAtEnd",
		Input:  "email," + imp + ",import.extra\n",
		Column: "import.extra",
	}}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(tt.Input))
			switch {
			case tt.Err != nil || tt.Column != "":
				if err == nil {
					t.Fatalf("NewReader: no error, want one")
				}
				if tt.Err != nil && !errors.Is(err, tt.Err) {
					t.Errorf("NewReader: err = %v, want %v", err, tt.Err)
				}
				var le *LineError
				if tt.Column != "" && (!errors.As(err, &le) || le.Column != tt.Column || le.Line != 1) {
					t.Errorf("NewReader: err = %v, want a *LineError at line 1, column %s", err, tt.Column)
				}
				return
			case err != nil:
				t.Fatalf("NewReader: %v", err)
			}
			if got := r.InputHeader(); !reflect.DeepEqual(got, tt.Header) {
				t.Errorf("InputHeader() = %q, want %q", got, tt.Header)
			}
			if got := r.Offset(); got != tt.Offset {
				t.Errorf("Offset() = %d, want %d", got, tt.Offset)
			}
			if _, err := r.Read(); err != io.EOF {
				t.Errorf("Read on a header-only report: err = %v, want io.EOF", err)
			}
			if got := r.Offset(); got != tt.Offset {
				t.Errorf("Offset() after EOF = %d, want %d", got, tt.Offset)
			}
		})
	}
}

func TestReadImportColumnsInAnyOrder(t *testing.T) {
	in := "import.status,email,import.attempts,import.error,import.error_code,import.error_class,import.contact_id,import.line,import.row\n"
	if _, err := NewReader(strings.NewReader(in)); err == nil {
		t.Fatal("NewReader accepted an import column before an input column")
	}
	in = "email,import.attempts,import.error,import.error_code,import.error_class,import.contact_id,import.status,import.line,import.row\n" +
		"a@x.io,3,msg,E1,rejected,77,failed,9,8\n"
	r, err := NewReader(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	want := Line{Row: 8, Line: 9, Status: Failed, ContactID: 77, Class: Rejected, Code: "E1", Message: "msg",
		Attempts: 3, Cells: []string{"a@x.io"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read() = %+v, want %+v", got, want)
	}
}

func TestReadValues(t *testing.T) {
	head := "email," + imp + "\n"
	const good = "a@x.io,1,2,created,5,,,,1\n"
	tests := []struct {
		Name   string
		Prefix string // good lines after the header and one good line (report lines 1 and 2)
		Body   string // the line under test, and what follows it
		Want   Line   // when no error
		Line   int    // want *LineError.Line, 0 for no error
		Column string // want *LineError.Column
	}{
		{Name: "Minimal", Body: "x,4,6,valid,,,,,\n", Want: Line{Row: 4, Line: 6, Status: Valid, Cells: []string{"x"}}},
		{Name: "AllFields", Body: "x,4,6,failed,9007199254740993,transient,503,gave up,6\n",
			Want: Line{Row: 4, Line: 6, Status: Failed, ContactID: 9007199254740993, Class: Transient, Code: "503", Message: "gave up", Attempts: 6, Cells: []string{"x"}}},
		{Name: "AfterMultiLineCell", Body: "\"a\nb\",4,6,skipped,,,,,0\n", Want: Line{Row: 4, Line: 6, Status: Skipped, Cells: []string{"a\nb"}}},
		{Name: "BlankLinesBetween", Body: "\n\n\r\nx,4,6,unchanged,1,,,,0\n\n", Want: Line{Row: 4, Line: 6, Status: Unchanged, ContactID: 1, Cells: []string{"x"}}},
		{Name: "TooFewFields", Body: "x,4,6,created,,,,\nx,5,7,created,,,,,1\n", Line: 3},
		{Name: "TooManyFields", Body: "x,y,4,6,created,,,,,1\nx,5,7,created,,,,,1\n", Line: 3},
		{Name: "LineAfterMultiLineCell", Prefix: "\"a\nb\",4,6,created,,,,,1\n", Body: "x,5,7,created,,,,\nx,5,7,created,,,,,1\n", Line: 5},
		{Name: "BareQuote", Body: "se\"cret,4,6,created,,,,,1\n", Line: 3},
		{Name: "EmptyRow", Body: "x,,6,created,,,,,1\n", Line: 3, Column: ColRow},
		{Name: "ZeroRow", Body: "x,0,6,created,,,,,1\n", Line: 3, Column: ColRow},
		{Name: "TextRow", Body: "x,secret,6,created,,,,,1\n", Line: 3, Column: ColRow},
		{Name: "NegativeLine", Body: "x,4,-6,created,,,,,1\n", Line: 3, Column: ColLine},
		{Name: "UnknownStatus", Body: "x,4,6,secret,,,,,1\n", Line: 3, Column: ColStatus},
		{Name: "EmptyStatus", Body: "x,4,6,,,,,,1\n", Line: 3, Column: ColStatus},
		{Name: "StatusWrongCase", Body: "x,4,6,Created,,,,,1\n", Line: 3, Column: ColStatus},
		{Name: "TextContactID", Body: "x,4,6,created,secret,,,,1\n", Line: 3, Column: ColContactID},
		{Name: "ZeroContactID", Body: "x,4,6,created,0,,,,1\n", Line: 3, Column: ColContactID},
		{Name: "UnknownClass", Body: "x,4,6,failed,,secret,,,1\n", Line: 3, Column: ColErrorClass},
		{Name: "NegativeAttempts", Body: "x,4,6,created,,,,,-1\n", Line: 3, Column: ColAttempts},
		{Name: "TextAttempts", Body: "x,4,6,created,,,,,secret\n", Line: 3, Column: ColAttempts},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(head + good + tt.Prefix + tt.Body))
			if err != nil {
				t.Fatal(err)
			}
			for range 1 + strings.Count(tt.Prefix, "created") {
				if _, err := r.Read(); err != nil {
					t.Fatalf("Read of a good line: %v", err)
				}
			}
			got, err := r.Read()
			if tt.Line == 0 {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if !reflect.DeepEqual(got, tt.Want) {
					t.Errorf("Read() = %+v, want %+v", got, tt.Want)
				}
				if _, err := r.Read(); err != io.EOF {
					t.Errorf("Read at end: err = %v, want io.EOF", err)
				}
				return
			}
			var le *LineError
			if !errors.As(err, &le) || le.Line != tt.Line || le.Column != tt.Column {
				t.Fatalf("Read: err = %v, want a *LineError at line %d, column %q", err, tt.Line, tt.Column)
			}
			if errors.Is(err, ErrTornLine) {
				t.Errorf("Read: err = %v: a bad line in the middle is not a torn line", err)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("Read: error %q contains a cell value", err)
			}
			if got, want := r.Offset(), int64(len(head+good+tt.Prefix)); got != want {
				t.Errorf("Offset() = %d, want %d (end of the last good line)", got, want)
			}
			if _, again := r.Read(); again != err {
				t.Errorf("Read after an error: err = %v, want the same error %v", again, err)
			}
		})
	}
}

func TestReadBareQuoteIsParseError(t *testing.T) {
	r, err := NewReader(strings.NewReader("email," + imp + "\nx,1,2,created,,,,,1\nb\"q,2,3,created,,,,,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	_, err = r.Read()
	var pe *csv.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, csv.ErrBareQuote) || pe.Line != 3 {
		t.Errorf("Read: err = %v, want a csv.ParseError for a bare quote on line 3", err)
	}
}
