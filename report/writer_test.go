package report

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

var testHeader = []string{"E-Mail", "Vorname", "Notiz"}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		Name      string
		Cells     []string
		WantCells []string // nil: same as Cells
	}{
		{Name: "Plain", Cells: []string{"anna@example.com", "Anna", "vip"}},
		{Name: "Quotes", Cells: []string{`"quoted"`, `a "b" c`, `"`}},
		{Name: "Commas", Cells: []string{"a,b", ",", ",,,"}},
		{Name: "Newlines", Cells: []string{"line 1\nline 2", "\n", "end\n"}},
		{Name: "CR", Cells: []string{"a\rb", "\r", "x\r"}},
		{Name: "CRLFBecomesLF", Cells: []string{"a\r\nb", "\r\n", "x"}, WantCells: []string{"a\nb", "\n", "x"}},
		{Name: "LeadingAndTrailingSpaces", Cells: []string{" lead", "trail ", "  "}},
		{Name: "LeadingTab", Cells: []string{"\tx", "x\t", "\t"}},
		{Name: "Empty", Cells: []string{"", "", ""}},
		{Name: "Unicode", Cells: []string{"jürgen@müller.de", "Zoë 🎉", "東京"}},
		{Name: "BackslashDot", Cells: []string{`\.`, `\`, "."}},
		{Name: "LooksLikeImportValue", Cells: []string{"import.row", "failed", "-1"}},
		{Name: "Short", Cells: []string{"only"}, WantCells: []string{"only", "", ""}},
		{Name: "None", Cells: nil, WantCells: []string{"", "", ""}},
		{Name: "Long", Cells: []string{"a", "b", "c", "d", "e"}, WantCells: []string{"a", "b", "c"}},
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, testHeader)
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	var want []Line
	for i, tt := range tests {
		l := Line{
			Row: i + 1, Line: 2*i + 2, Status: Failed, ContactID: int64(1000 + i),
			Class: Rejected, Code: "400", Message: tt.Name + `: "quoted", comma` + "\nand newline",
			Attempts: i, Cells: tt.Cells,
		}
		if err := w.Write(l); err != nil {
			t.Fatalf("%s: Write: %v", tt.Name, err)
		}
		l.Cells = tt.WantCells
		if l.Cells == nil {
			l.Cells = tt.Cells
		}
		// The input cells come back as written; the tool's own message shows its line break
		// escaped (printable.Text).
		l.Message = strings.ReplaceAll(l.Message, "\n", `\n`)
		want = append(want, l)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	size := int64(buf.Len())

	r, err := NewReader(&buf)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	if got := r.InputHeader(); !reflect.DeepEqual(got, testHeader) {
		t.Errorf("InputHeader() = %q, want %q", got, testHeader)
	}
	for i, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			got, err := r.Read()
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if !reflect.DeepEqual(got, want[i]) {
				t.Errorf("Read() =\n%#v\nwant\n%#v", got, want[i])
			}
		})
	}
	if _, err := r.Read(); err != io.EOF {
		t.Errorf("Read at end: err = %v, want io.EOF", err)
	}
	if got := r.Offset(); got != size {
		t.Errorf("Offset() = %d, want %d", got, size)
	}
}

func TestWriterOutput(t *testing.T) {
	tests := []struct {
		Name   string
		Header []string
		Lines  []Line
		Output string
	}{{
		Name:   "HeaderOnly",
		Header: []string{"email"},
		Output: "email," + strings.Join(Columns(), ",") + "\n",
	}, {
		Name:   "Created",
		Header: []string{"email", "name"},
		Lines:  []Line{{Row: 1, Line: 2, Status: Created, ContactID: 42, Attempts: 1, Cells: []string{"a@x.io", "A"}}},
		Output: "email,name," + strings.Join(Columns(), ",") + "\n" +
			"a@x.io,A,1,2,created,42,,,,1\n",
	}, {
		Name:   "FailedUnknownContact",
		Header: []string{"email"},
		Lines: []Line{{Row: 7, Line: 9, Status: Failed, Class: Validation, Code: "invalid_email",
			Message: "column email: not an email address, missing @", Cells: []string{"ax.io"}}},
		Output: "email," + strings.Join(Columns(), ",") + "\n" +
			`ax.io,7,9,failed,,validation,invalid_email,"column email: not an email address, missing @",0` + "\n",
	}, {
		Name:   "QuotedHeader",
		Header: []string{`Name, "full"`, " padded"},
		Output: `"Name, ""full"""," padded",` + strings.Join(Columns(), ",") + "\n",
	}}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, tt.Header)
			if err := w.WriteHeader(); err != nil {
				t.Fatal(err)
			}
			for _, l := range tt.Lines {
				if err := w.Write(l); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != "\ufeff"+tt.Output {
				t.Errorf("output:\n%q\nwant:\n%q", got, tt.Output)
			}
		})
	}
}

func TestWriteRefusesUnreadableLine(t *testing.T) {
	good := Line{Row: 3, Line: 4, Status: Updated, Cells: []string{"secret@example.com"}}
	tests := []struct {
		Name   string
		Change func(*Line)
		Column string
	}{
		{Name: "ZeroRow", Change: func(l *Line) { l.Row = 0 }, Column: ColRow},
		{Name: "ZeroLine", Change: func(l *Line) { l.Line = 0 }, Column: ColLine},
		{Name: "NoStatus", Change: func(l *Line) { l.Status = "" }, Column: ColStatus},
		{Name: "UnknownStatus", Change: func(l *Line) { l.Status = "done" }, Column: ColStatus},
		{Name: "NegativeContactID", Change: func(l *Line) { l.ContactID = -1 }, Column: ColContactID},
		{Name: "UnknownClass", Change: func(l *Line) { l.Class = "fatal" }, Column: ColErrorClass},
		{Name: "NegativeAttempts", Change: func(l *Line) { l.Attempts = -2 }, Column: ColAttempts},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, []string{"email"})
			l := good
			tt.Change(&l)
			err := w.Write(l)
			if err == nil {
				t.Fatal("Write: no error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.Column) || strings.Contains(msg, "secret") {
				t.Errorf("Write: error %q should name %s and no cell value", msg, tt.Column)
			}
			if err := w.Flush(); err != nil || buf.Len() != 0 {
				t.Errorf("refused line was written: %q (flush error %v)", buf.String(), err)
			}
		})
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

func TestFlushReportsWriteError(t *testing.T) {
	errDisk := errors.New("disk full")
	w := NewWriter(failingWriter{errDisk}, []string{"email"})
	if err := w.WriteHeader(); err != nil {
		t.Fatalf("WriteHeader: %v (it should only buffer)", err)
	}
	if err := w.Write(Line{Row: 1, Line: 2, Status: Created, Cells: []string{"a@x.io"}}); err != nil {
		t.Fatalf("Write: %v (it should only buffer)", err)
	}
	if err := w.Flush(); !errors.Is(err, errDisk) {
		t.Errorf("Flush: err = %v, want %v", err, errDisk)
	}
}

// BenchmarkWrite measures the per-row cost of the report, which runs once per input row.
func BenchmarkWrite(b *testing.B) {
	header := []string{"email", "first", "last", "mobile", "country", "language", "birthday", "note"}
	cells := []string{"anna.example@example.com", "Anna", "Example", "+4915112345678", "DE", "de",
		"1990-01-31", "likes, commas"}
	w := NewWriter(io.Discard, header)
	l := Line{Line: 2, Status: Updated, ContactID: 123456789, Attempts: 1, Cells: cells}
	b.ReportAllocs()
	for b.Loop() {
		l.Row++
		l.Line++
		if err := w.Write(l); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRead measures reading a report back, as retry and resume do.
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	w := NewWriter(&buf, []string{"email", "first", "note"})
	if err := w.WriteHeader(); err != nil {
		b.Fatal(err)
	}
	const rows = 10000
	for i := range rows {
		cells := []string{"user" + strconv.Itoa(i) + "@example.com", "Anna", "a, \"quoted\"\nnote"}
		if err := w.Write(Line{Row: i + 1, Line: i + 2, Status: Created, ContactID: int64(i + 1), Attempts: 1, Cells: cells}); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
