package report

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestDelimitedRoundTrip writes a report with each separator a spreadsheet expects, checks that
// it starts with a UTF-8 byte order mark and really uses that separator, reads it back, and
// appends to it the way --resume does: in the separator the Reader found.
func TestDelimitedRoundTrip(t *testing.T) {
	header := []string{"E-Mail", "Name; Vorname", "Notiz,\tmehr"}
	lines := []Line{
		{Row: 1, Line: 2, Status: Created, ContactID: 7, Attempts: 1, Cells: []string{"a@x.io", "Müller; Jörg", "a,b\tc"}},
		{Row: 2, Line: 3, Status: Failed, Class: Validation, Code: "invalid_email",
			Message: `column "E-Mail": not an email address; fix it, then retry`, Cells: []string{"b@", "Weiß, Bärbel", "=1+1"}},
	}
	more := Line{Row: 3, Line: 4, Status: Updated, ContactID: 9, Attempts: 2, Cells: []string{"c@x.io", "", "\t"}}
	for _, sep := range []rune{',', ';', '\t'} {
		t.Run(string(sep), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewDelimitedWriter(&buf, header, sep)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.WriteHeader(); err != nil {
				t.Fatal(err)
			}
			for _, l := range lines {
				if err := w.Write(l); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			head, _, _ := strings.Cut(buf.String(), "\n")
			if !strings.HasPrefix(head, bom+"E-Mail"+string(sep)) {
				t.Fatalf("header line %q does not start with the byte order mark, E-Mail and %q", head, sep)
			}
			if want := string(sep) + strings.Join(Columns(), string(sep)); !strings.HasSuffix(head, want) {
				t.Fatalf("header line %q does not end with %q", head, want)
			}

			rd, err := NewReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if rd.Delimiter() != sep {
				t.Errorf("Delimiter() = %q, want %q", rd.Delimiter(), sep)
			}
			if got := rd.InputHeader(); !reflect.DeepEqual(got, header) {
				t.Errorf("InputHeader() = %q, want %q", got, header)
			}
			for _, want := range lines {
				got, err := rd.Read()
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("Read() = %+v, %v; want %+v", got, err, want)
				}
			}
			if _, err := rd.Read(); err != io.EOF {
				t.Fatalf("after the last line: %v, want io.EOF", err)
			}

			// Append as a resumed run does, then read the whole report again.
			buf.Truncate(int(rd.Offset()))
			aw, err := NewDelimitedWriter(&buf, header, rd.Delimiter())
			if err != nil {
				t.Fatal(err)
			}
			if err := aw.Write(more); err != nil {
				t.Fatal(err)
			}
			if err := aw.Flush(); err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(buf.String(), bom); n != 1 {
				t.Errorf("%d byte order marks in the appended report, want 1", n)
			}
			rd, err = NewReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range append(lines[:len(lines):len(lines)], more) {
				got, err := rd.Read()
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("after appending: Read() = %+v, %v; want %+v", got, err, want)
				}
			}
		})
	}
}

// TestDelimitedWriterRefuses checks that only the separators spreadsheets split on are taken.
func TestDelimitedWriterRefuses(t *testing.T) {
	for _, sep := range []rune{'|', '"', '\n', 'a', 0} {
		if w, err := NewDelimitedWriter(io.Discard, []string{"a"}, sep); err == nil || w != nil {
			t.Errorf("separator %q: got a writer, want an error", sep)
		}
	}
}

// TestReaderSeparatorFromHeader checks that the separator is taken from around the import
// columns, not from a separator-like character in an input column's name, and that a pipe
// report (written by hand or another tool) is read too.
func TestReaderSeparatorFromHeader(t *testing.T) {
	tests := []struct {
		name, head string
		want       rune
	}{
		{"SemicolonWithCommaInName", `"a,b";` + strings.Join(Columns(), ";"), ';'},
		{"CommaWithSemicolonInName", `"a;b",` + strings.Join(Columns(), ","), ','},
		{"TabWithBOM", bom + "a;b,c\t" + strings.Join(Columns(), "\t"), '\t'},
		{"Pipe", "a|" + strings.Join(Columns(), "|"), '|'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := NewReader(strings.NewReader(tt.head + "\n"))
			if err != nil {
				t.Fatal(err)
			}
			if rd.Delimiter() != tt.want {
				t.Errorf("Delimiter() = %q, want %q", rd.Delimiter(), tt.want)
			}
			if got := rd.InputHeader(); len(got) != 1 {
				t.Errorf("InputHeader() = %q, want one column", got)
			}
		})
	}
}
