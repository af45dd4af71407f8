package source

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Control characters fail the row naming the column; tab and line ends inside a quoted cell
// are text.
func TestControlCharactersFailTheRow(t *testing.T) {
	in := "email,first\n" +
		"a@example.org,Fi\x00rst\n" +
		"b@example.org,\"two\nlines\tand a tab\"\n" +
		"c@example.org,esc\x1b[2J\n" +
		"d@example.org,del\x7f\n"
	s, recs := readSource(t, strings.NewReader(in), Options{})
	got := showRecords(recs)
	want := []string{
		`1@2 "a@example.org" "Fi\x00rst" !control_character@2:2`,
		`2@3 "b@example.org" "two\nlines\tand a tab"`,
		`3@5 "c@example.org" "esc\x1b[2J" !control_character@5:2`,
		`4@6 "d@example.org" "del\x7f" !control_character@6:2`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("records\n%q\nwant\n%q", got, want)
	}
	msg := recs[0].Err.Error()
	if !errors.Is(recs[0].Err, ErrControl) || msg != `line 2, column 2: the cell of "first" holds a control character (U+0000 NUL), which no contact field takes: remove it` {
		t.Errorf("error %q", msg)
	}
	if n, _ := s.ByteOrderMarks(); n != 0 {
		t.Errorf("%d byte order marks counted in a file without any", n)
	}
}

// Two exports joined into one: the byte order mark where the second begins is removed from
// the cell and counted, with its line.
func TestByteOrderMarkInsideTheFile(t *testing.T) {
	in := "\uFEFFemail,first\na@example.org,Ann\n\uFEFFb@example.org,Bo\nc@example.org,\uFEFFChloé\n"
	s, recs := readSource(t, strings.NewReader(in), Options{})
	want := []string{`1@2 "a@example.org" "Ann"`, `2@3 "b@example.org" "Bo"`, `3@4 "c@example.org" "Chloé"`}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records\n%q\nwant\n%q", got, want)
	}
	if n, line := s.ByteOrderMarks(); n != 2 || line != 3 {
		t.Errorf("ByteOrderMarks = %d, %d; want 2 from line 3", n, line)
	}
}

// Header names with invisible or control characters are refused naming the column; names that
// differ only by them are refused like duplicates.
func TestInvisibleHeaderNames(t *testing.T) {
	tests := []struct {
		header, want string
		err          error
	}{
		{"user.Email,user.FirstName,user.FirstName\u200b", `read input: line 1, column 3: two column names that differ only by invisible characters: columns 2 and 3 are both "user.FirstName" once invisible characters are removed (column 3's name holds U+200B ZERO WIDTH SPACE); give every column its own name`, ErrLookAlikeNames},
		{"user.Email\u200d,name", `read input: line 1, column 1: an invisible character in a column name: the name of column 1 holds U+200D ZERO WIDTH JOINER; retype the name`, ErrInvisibleName},
		{"email,\u202eeman", `column 2: an invisible character in a column name: the name of column 2 holds U+202E RIGHT-TO-LEFT OVERRIDE`, ErrInvisibleName},
		{"email,na\u2060me", `U+2060 WORD JOINER`, ErrInvisibleName},
		{"email,\u200c\u200cname", `U+200C ZERO WIDTH NON-JOINER`, ErrInvisibleName},
		{"email,name\uFEFF", `U+FEFF a byte order mark`, ErrInvisibleName},
		{"email,user.\x1b]0;pwned\x07", `column 2: a control character in the name of column 2 (U+001B ESC): retype the name`, ErrControl},
	}
	for _, tt := range tests {
		_, err := Open(strings.NewReader(tt.header+"\na@example.org,x,y\n"), Options{})
		var ie *InputError
		if !errors.As(err, &ie) || !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("header %q: %v\nwant an *InputError for %v saying %q", tt.header, err, tt.err, tt.want)
		}
	}
	// A joiner inside a Persian word is part of it.
	s, _ := readSource(t, strings.NewReader("email,نام‌خانوادگی\na@example.org,x\n"), Options{})
	if h := s.Header(); h[1] != "نام\u200cخانوادگی" {
		t.Errorf("header %q", h)
	}
}

// Columns without a name are ignored while they hold nothing (Excel's trailing ;;), in CSV and
// XLSX; one that holds a value in the first row refuses the input naming its position, and in
// a later row fails that row.
func TestNamelessColumns(t *testing.T) {
	s, recs := readSource(t, strings.NewReader("email;first;;\r\na@example.org;Ann;;\r\nb@example.org;;; \r\n"), Options{})
	if h := s.Header(); !slices.Equal(h, []string{"email", "first"}) {
		t.Errorf("header %q", h)
	}
	want := []string{`1@2 "a@example.org" "Ann"`, `2@3 "b@example.org" ""`}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records\n%q\nwant\n%q", got, want)
	}

	// Past the rows read ahead, a value in a column without a name fails its row.
	var b strings.Builder
	b.WriteString("email,,first\n")
	for range namelessLook {
		b.WriteString("a@example.org,,Ann\n")
	}
	b.WriteString("b@example.org,x,Bo\nc@example.org,,Chloé,extra\n")
	_, recs = readSource(t, strings.NewReader(b.String()), Options{})
	recs = recs[namelessLook-1:]
	want = []string{`1000@1001 "a@example.org" "Ann"`, `1001@1002 "b@example.org" "Bo" !nameless_column@1002:2`,
		`1002@1003 "c@example.org" "Chloé" "extra" !too_many_fields@1003:4`}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records\n%q\nwant\n%q", got, want)
	}
	if msg := recs[1].Err.Error(); !errors.Is(recs[1].Err, ErrNamelessValue) ||
		msg != "line 1002, column 2: column 2 has no name in the header but holds a value here: name the column in the header, or delete it" {
		t.Errorf("error %q", msg)
	}

	// In the rows read ahead, it refuses the input.
	_, err := Open(strings.NewReader("email,,first\na@example.org,,Ann\nb@example.org,x,Bo\n"), Options{Name: "list.csv"})
	if !errors.Is(err, ErrNamelessValue) || !strings.HasPrefix(err.Error(), "read list.csv: line 3, column 2: column 2 has no name") {
		t.Errorf("value in a nameless column of the third line: %v", err)
	}
	_, err = Open(strings.NewReader("email,first,\na@example.org,Ann,note\n"), Options{Name: "list.csv"})
	if !errors.Is(err, ErrNamelessValue) || !strings.HasPrefix(err.Error(), "read list.csv: line 2, column 3: column 3 has no name") {
		t.Errorf("value in a nameless column of the first row: %v", err)
	}

	_, err = Open(strings.NewReader("\t\n0\n"), Options{Delimiter: "tab"})
	if !errors.Is(err, ErrNoNames) {
		t.Errorf("a header of separators only: %v", err)
	}

	data := workbook(t, func(f *excelize.File) {
		mustDo(t, f.SetSheetRow("Sheet1", "A1", &[]any{"email", nil, "first"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A2", &[]any{"a@example.org", nil, "Ann"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A3", &[]any{"b@example.org", nil, "Bo"}))
	})
	s, recs = readSource(t, bytes.NewReader(data), Options{TempDir: t.TempDir()})
	defer s.Close()
	want = []string{`1@2 "a@example.org" "Ann"`, `2@3 "b@example.org" "Bo"`}
	if got := showRecords(recs); !slices.Equal(s.Header(), []string{"email", "first"}) || !slices.Equal(got, want) {
		t.Errorf("xlsx header %q records\n%q\nwant\n%q", s.Header(), got, want)
	}
	data = workbook(t, func(f *excelize.File) {
		mustDo(t, f.SetSheetRow("Sheet1", "A1", &[]any{"email", nil, "first"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A2", &[]any{"a@example.org", nil, "Ann"}))
		mustDo(t, f.SetSheetRow("Sheet1", "A3", &[]any{"b@example.org", "x", "Bo"}))
	})
	_, err = Open(bytes.NewReader(data), Options{Name: "list.xlsx", TempDir: t.TempDir()})
	if !errors.Is(err, ErrNamelessValue) || !strings.HasPrefix(err.Error(), "read list.xlsx: line 3, column 2: column 2 has no name") {
		t.Errorf("xlsx value in a nameless column: %v", err)
	}
}
