package report

import (
	"contactimport/printable"

	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// FuzzReader feeds arbitrary bytes to the Reader. It must never panic, every line it returns
// must be one a Writer would accept, and after a torn line, the report truncated at Offset must
// read back the same lines and end cleanly: that is what resume relies on.
func FuzzReader(f *testing.F) {
	h := "email," + strings.Join(Columns(), ",") + "\n"
	for _, seed := range []string{
		"",
		h,
		"\ufeff" + h + "a,1,2,created,3,,,,1\n",
		h + "a,1,2,failed,,rejected,400,\"no, \"\"never\"\"\n\",2\n",
		h + "a,1,2,created,3,,,,1\nb,2,3,upd",
		h + "a,1,2,created,3,,,,1\n\"b\n",
		h + "a,1,2,created\n",
		h + "a\"b,1,2,created,,,,,1\n",
		"\r\n" + h + "\r\n\r\na,1,2,valid,,,,,0\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines, offset, err := readAll(data)
		if err == nil {
			return // NewReader refused the header
		}
		switch {
		case err == io.EOF:
			if rest := strings.Trim(string(data[offset:]), "\r\n"); rest != "" {
				t.Fatalf("clean end at offset %d, but %q follows", offset, rest)
			}
		case errors.Is(err, ErrTornLine):
			again, againOffset, againErr := readAll(data[:offset])
			if againErr != io.EOF || againOffset != offset || !reflect.DeepEqual(again, lines) {
				t.Fatalf("after truncation at %d: %d lines, offset %d, err %v; want %d lines, offset %d, io.EOF",
					offset, len(again), againOffset, againErr, len(lines), offset)
			}
		default:
			var le *LineError
			if !errors.As(err, &le) {
				t.Fatalf("Read error %v (%T) is not a *LineError", err, err)
			}
		}
	})
}

// readAll reads a whole report. It returns a nil error only when NewReader fails.
func readAll(data []byte) ([]Line, int64, error) {
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, 0, nil
	}
	var lines []Line
	last := r.Offset()
	for {
		l, err := r.Read()
		off := r.Offset()
		if off < last || off > int64(len(data)) {
			panic("offset out of order")
		}
		last = off
		if err != nil {
			return lines, off, err
		}
		if col, err := l.check(); err != nil {
			panic("Read returned a line a Writer refuses: " + col)
		}
		if len(l.Cells) != len(r.InputHeader()) {
			panic("Read returned a line of the wrong width")
		}
		lines = append(lines, l)
	}
}

// FuzzRoundTrip writes arbitrary cells and messages and reads them back.
func FuzzRoundTrip(f *testing.F) {
	f.Add("anna@example.com", "Anna", "", "ok", 1, int64(0), 1)
	f.Add(" \"q\",\r\n", "\n", "\\.", "line\nbreak", 1<<30, int64(1)<<53, 99)
	f.Add("", "", "", "", 1, int64(7), 0)
	f.Add("=HYPERLINK(\"x\")", "'+49 170", "-1", "\r\n@SUM(1)", 2, int64(0), 1)
	f.Fuzz(func(t *testing.T, a, b, c, msg string, row int, id int64, attempts int) {
		l := Line{Row: row, Line: row + 1, Status: Failed, ContactID: id, Class: Validation, Code: c,
			Message: msg, Attempts: attempts, Cells: []string{a, b}}
		var buf bytes.Buffer
		w := NewWriter(&buf, []string{"a", "b"})
		if err := w.WriteHeader(); err != nil {
			t.Fatal(err)
		}
		if err := w.Write(l); err != nil {
			if _, bad := l.check(); bad == nil {
				t.Fatalf("Write refused a valid line: %v", err)
			}
			return
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(&buf)
		if err != nil {
			t.Fatalf("NewReader: %v", err)
		}
		got, err := r.Read()
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		// encoding/csv reads "\r\n" inside a quoted field as "\n".
		norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
		want := l
		want.Cells = []string{norm(a), norm(b)}
		// The tool's own columns come back as shown (printable.Text): escaped and cut.
		want.Code, want.Message = printable.Text(c, printable.MessageMax), printable.Text(msg, printable.MessageMax)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip:\n got %#v\nwant %#v", got, want)
		}
		if _, err := r.Read(); err != io.EOF {
			t.Fatalf("Read at end: err = %v, want io.EOF", err)
		}
	})
}

// FuzzNeutralise checks that neutralising is a bijection that Restore undoes, and that what it
// writes is never run by a spreadsheet.
func FuzzNeutralise(f *testing.F) {
	for _, s := range formulaCells {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Neutralise(s)
		if got := Restore(n); got != s {
			t.Fatalf("Restore(Neutralise(%q)) = %q", s, got)
		}
		if n != "" && isTrigger(n[0]) {
			t.Fatalf("Neutralise(%q) = %q starts with a formula trigger", s, n)
		}
	})
}
