package source

import (
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestSourceUnterminatedQuote3000Rows is the case of a quote that never closes in row 2 of a
// 3000-row file: every other row must still come back, the broken one as a quote error.
func TestSourceUnterminatedQuote3000Rows(t *testing.T) {
	for _, later := range []string{"none", "quoted field in row 1500"} {
		t.Run(later, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("email,name\n")
			for i := 1; i <= 3000; i++ {
				switch {
				case i == 2:
					fmt.Fprintf(&b, "u%d@example.org,\"Broken %d\n", i, i)
				case i == 1500 && later != "none":
					fmt.Fprintf(&b, "u%d@example.org,\"Quoted, %d\"\n", i, i)
				default:
					fmt.Fprintf(&b, "u%d@example.org,Name %d\n", i, i)
				}
			}
			_, recs := readSource(t, strings.NewReader(b.String()), Options{})
			if len(recs) != 3000 {
				t.Fatalf("read %d records, want 3000", len(recs))
			}
			for i, rec := range recs {
				row := i + 1
				if rec.Row != row || rec.Line != row+1 {
					t.Fatalf("record %d is row %d at line %d, want row %d at line %d", i, rec.Row, rec.Line, row, row+1)
				}
				if row == 2 {
					e := rec.Err
					if e == nil || e.Code != CodeQuote || e.Line != 3 || e.Column != 2 || !errors.Is(e, csv.ErrQuote) {
						t.Fatalf("row 2 = %s, want a quote error at line 3, column 2", showRecord(rec))
					}
					if !slices.Equal(rec.Cells, []string{"u2@example.org", ""}) {
						t.Errorf("row 2 cells = %q, want the fields before the broken one", rec.Cells)
					}
					continue
				}
				want := fmt.Sprintf("u%d@example.org", row)
				if rec.Err != nil || rec.Cells[0] != want {
					t.Fatalf("row %d = %s, want %s read normally", row, showRecord(rec), want)
				}
			}
			if got := recs[1499].Cells[1]; later != "none" && got != "Quoted, 1500" {
				t.Errorf("row 1500 name = %q, want the quoted field", got)
			}
		})
	}
}

func TestSourceQuoteRecovery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts Options
		want []string
	}{
		{name: "ClosesLinesLater", in: "a,b\n1,\"x\ny\nz\"\n2,3\n",
			want: []string{`1@2 "1" "x\ny\nz"`, `2@5 "2" "3"`}},
		{name: "ClosesLinesLaterCRLF", in: "a,b\r\n1,\"Main St 1\r\n10115 Berlin\"\r\n2,3\r\n",
			want: []string{`1@2 "1" "Main St 1\n10115 Berlin"`, `2@4 "2" "3"`}},
		{name: "OpenAtEnd", in: "a,b\n1,\"x\n2,3\n4,5",
			want: []string{`1@2 "1" "" !quote@2:2`, `2@3 "2" "3"`, `3@4 "4" "5"`}},
		{name: "OpenAtEndBareCR", in: "a,b\r1,\"x\r2,3\r\r4,5\r",
			want: []string{`1@2 "1" "" !quote@2:2`, `2@3 "2" "3"`, `3@5 "4" "5"`}},
		{name: "OpenAtLineStart", in: "a,b\n\"x,1\n2,3\n",
			want: []string{`1@2 "" "" !quote@2:1`, `2@3 "2" "3"`}},
		{name: "QuotedFieldBeforeTheBrokenOne", in: "a,b,c\n\"p,q\",r,\"s\n2,3,4\n",
			want: []string{`1@2 "p,q" "r" "" !quote@2:3`, `2@3 "2" "3" "4"`}},
		{name: "LaterQuoteErrorRereadsThatLineNormally", in: "a,b\n1,\"x\n2,3\n4,\"y\nz\",5\n6,7\n",
			// From line 2 the open field meets `"y` on line 4, a quote error: lines 3 is read
			// on its own, line 4 normally again, so its multi-line field still works.
			want: []string{`1@2 "1" "" !quote@2:2`, `2@3 "2" "3"`, `3@4 "4" "y\nz" "5" !too_many_fields@5:3`, `4@6 "6" "7"`}},
		{name: "RegionLineOpensAgain", in: "a,b\n1,\"x\n2,\"y\n3,4\n",
			// Line 3 reopens a quote; read afresh it would run to the end like line 2's did.
			opts: Options{LazyQuotes: true},
			want: []string{`1@2 "1" "" !quote@2:2`, `2@3 "2" "" !quote@3:2`, `3@4 "3" "4"`}},
		{name: "LazyQuotesOpenAtEnd", in: "a,b\n1,x\"y\n2,\"open\n3,4\n", opts: Options{LazyQuotes: true},
			want: []string{`1@2 "1" "x\"y"`, `2@3 "2" "" !quote@3:2`, `3@4 "3" "4"`}},
		{name: "LazyQuotesClosesLater", in: "a,b\n1,\"x\"y\nz\"\n2,3\n", opts: Options{LazyQuotes: true},
			want: []string{`1@2 "1" "x\"y\nz"`, `2@4 "2" "3"`}},
		{name: "BlankLinesInRegion", in: "a,b\n1,\"x\n\n2,3\n\n",
			want: []string{`1@2 "1" "" !quote@2:2`, `2@4 "2" "3"`}},
		{name: "Semicolon", in: "a;b\n1;\"x\n2;3\n", want: []string{`1@2 "1" "" !quote@2:2`, `2@3 "2" "3"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, recs := readSource(t, strings.NewReader(tt.in), tt.opts)
			if got := showRecords(recs); !slices.Equal(got, tt.want) {
				t.Errorf("records:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestSourceRecordCap: a quote still open after MaxRecordBytes is given up, and the lines it
// ran over come back as rows; a single line over the cap fails on its own.
func TestSourceRecordCap(t *testing.T) {
	const filler = 40_000 // lines of 30 bytes: 1.2 MB, beyond the cap
	var b strings.Builder
	b.WriteString("email,name\n1@example.org,\"never closed\n")
	for i := range filler {
		fmt.Fprintf(&b, "f%08d@example.org,Filler\n", i)
	}
	b.WriteString("last@example.org,\"Last\"\n")
	_, recs := readSource(t, strings.NewReader(b.String()), Options{})
	if len(recs) != filler+2 {
		t.Fatalf("read %d records, want %d", len(recs), filler+2)
	}
	if e := recs[0].Err; e == nil || e.Code != CodeQuote || e.Line != 2 {
		t.Errorf("row 1 = %s, want a quote error at line 2", showRecord(recs[0]))
	}
	for _, rec := range recs[1:] {
		if rec.Err != nil || rec.Line != rec.Row+1 {
			t.Fatalf("row %d = %s, want read normally at line %d", rec.Row, showRecord(rec), rec.Row+1)
		}
	}
	if last := recs[len(recs)-1]; last.Cells[1] != "Last" {
		t.Errorf("last row = %s", showRecord(last))
	}

	long := "email,name\n" + "a@example.org,\"" + strings.Repeat("x", MaxRecordBytes) + "\"\nb@example.org,B\n"
	_, recs = readSource(t, strings.NewReader(long), Options{})
	want := []string{`1@2 "" "" !too_long@2:1`, `2@3 "b@example.org" "B"`}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records:\n got %q\nwant %q", got, want)
	}
	if !errors.Is(recs[0].Err, ErrTooLong) {
		t.Errorf("error %v, want ErrTooLong", recs[0].Err)
	}
}

// TestSourceEndAfterRecovery: End is the offset just after each record's last line, also for
// the rows read again after a quote was given up.
func TestSourceEndAfterRecovery(t *testing.T) {
	in := "a,b\n1,\"x\n2,3\n4,\"y\nz\"\n5,6"
	_, recs := readSource(t, strings.NewReader(in), Options{})
	ends := []string{"1,\"x\n", "2,3\n", "4,\"y\nz\"\n", "5,6"}
	if len(recs) != len(ends) {
		t.Fatalf("read %d records: %q", len(recs), showRecords(recs))
	}
	for i, rec := range recs {
		want := int64(strings.Index(in, ends[i]) + len(ends[i]))
		if rec.End != want {
			t.Errorf("row %d: End = %d, want %d", rec.Row, rec.End, want)
		}
	}
}

func TestOpenQuoteMessage(t *testing.T) {
	_, recs := readSource(t, strings.NewReader("email,name\nann@example.org,\"Ann\nbo@example.org,Bo\n"), Options{})
	got := recs[0].Err.Error()
	want := "line 2, column 2: quote opened here is never closed (the lines after it are read as rows of their own)"
	if got != want || strings.Contains(got, "Ann") {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
