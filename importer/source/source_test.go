package source

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// showRecord renders a record as `row@line "cell" …`, then " padded" or " !code@line:column".
func showRecord(r Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d@%d", r.Row, r.Line)
	for _, c := range r.Cells {
		b.WriteString(" " + strconv.Quote(c))
	}
	if r.Padded {
		b.WriteString(" padded")
	}
	if r.Err != nil {
		fmt.Fprintf(&b, " !%s@%d:%d", r.Err.Code, r.Err.Line, r.Err.Column)
	}
	return b.String()
}

// readSource opens in and reads every record, failing the test on any error.
func readSource(t testing.TB, in io.Reader, opts Options) (*Reader, []Record) {
	t.Helper()
	s, err := Open(in, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var recs []Record
	for {
		rec, err := s.Next()
		if err == io.EOF {
			return s, recs
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		recs = append(recs, rec)
	}
}

func showRecords(recs []Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = showRecord(r)
	}
	return out
}

func TestSourceRecords(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		opts   Options
		header []string // nil: not checked
		want   []string
	}{
		{name: "LF", in: "a,b\n1,2\n3,4\n", header: []string{"a", "b"},
			want: []string{`1@2 "1" "2"`, `2@3 "3" "4"`}},
		{name: "CRLF", in: "a,b\r\n1,2\r\n3,4\r\n", header: []string{"a", "b"},
			want: []string{`1@2 "1" "2"`, `2@3 "3" "4"`}},
		{name: "BareCR", in: "a,b\r1,2\r3,4\r", header: []string{"a", "b"},
			want: []string{`1@2 "1" "2"`, `2@3 "3" "4"`}},
		{name: "MixedLineEnds", in: "a,b\r\n1,2\r3,4\n5,6", header: []string{"a", "b"},
			want: []string{`1@2 "1" "2"`, `2@3 "3" "4"`, `3@4 "5" "6"`}},
		{name: "CRThenCRLF", in: "a,b\r\r\n1,2\r\n",
			want: []string{`1@3 "1" "2"`}},
		{name: "BareCRInQuotedField", in: "a,b\r\"x\ry\",2\r3,4",
			want: []string{`1@2 "x\ny" "2"`, `2@4 "3" "4"`}},
		{name: "CRLFInQuotedField", in: "a,b\r\n\"x\r\ny\",2\r\n3,4",
			want: []string{`1@2 "x\ny" "2"`, `2@4 "3" "4"`}},
		{name: "MultiLineFieldCountsLines", in: "a,b\n\"x\ny\nz\",2\n3,4\n",
			want: []string{`1@2 "x\ny\nz" "2"`, `2@5 "3" "4"`}},
		{name: "BlankLines", in: "\n\na,b\n\n1,2\n  \n\r\n\t\n3,4\n\n", header: []string{"a", "b"},
			want: []string{`1@5 "1" "2"`, `2@9 "3" "4"`}},
		{name: "BlankLinesSingleColumn", in: "email\n\n \nx@example.org\n\"\"\n",
			want: []string{`1@4 "x@example.org"`}},
		{name: "HeaderTrimmed", in: " email ,\tname\t, x\n1,2,3\n", header: []string{"email", "name", "x"},
			want: []string{`1@2 "1" "2" "3"`}},
		{name: "CellsNotTrimmed", in: "a,b\n 1 , 2\n",
			want: []string{`1@2 " 1 " " 2"`}},
		{name: "BOMStripped", in: "\uFEFFemail,name\n1,2\n", header: []string{"email", "name"},
			want: []string{`1@2 "1" "2"`}},
		{name: "QuotedHeader", in: "\"e-mail\",\"first, name\"\n1,2\n", header: []string{"e-mail", "first, name"},
			want: []string{`1@2 "1" "2"`}},
		{name: "ShortRowsPadded", in: "a,b,c\n1\n1,2\n1,2,3\n",
			want: []string{`1@2 "1" "" "" padded`, `2@3 "1" "2" "" padded`, `3@4 "1" "2" "3"`}},
		{name: "TooManyFields", in: "a,b\n1,2,3\n4,5\n",
			want: []string{`1@2 "1" "2" "3" !too_many_fields@2:3`, `2@3 "4" "5"`}},
		{name: "TooManyFieldsOnContinuationLine", in: "a,b\n\"1\n1\",2,\n3,4\n",
			want: []string{`1@2 "1\n1" "2" "" !too_many_fields@3:3`, `2@4 "3" "4"`}},
		{name: "BareQuote", in: "a,b,c\n1,x\"y,3\n4,5,6\n",
			want: []string{`1@2 "1" "" "" !quote@2:2`, `2@3 "4" "5" "6"`}},
		{name: "ExtraneousQuote", in: "a,b\n\"x\"y,2\n3,4\n",
			want: []string{`1@2 "" "" !quote@2:1`, `2@3 "3" "4"`}},
		{name: "QuoteErrorInMultiLineField", in: "a,b\n1,\"x\ny\"z\n3,4\n",
			want: []string{`1@2 "1" "" !quote@2:2`, `2@3 "" "" !quote@3:1`, `3@4 "3" "4"`}},
		{name: "UnterminatedQuoteAtEnd", in: "a,b\n1,2\n3,\"x\n",
			want: []string{`1@2 "1" "2"`, `2@3 "3" "" !quote@3:2`}},
		{name: "LazyQuotes", in: "a,b\n1,x\"y\n\"p\"q\",2\n", opts: Options{LazyQuotes: true},
			want: []string{`1@2 "1" "x\"y"`, `2@3 "p\"q" "2"`}},
		{name: "Semicolon", in: "a;b\n\"1;1\";2,2\n",
			want: []string{`1@2 "1;1" "2,2"`}},
		{name: "TabOption", in: "a\tb\n1\t2\n", opts: Options{Delimiter: "tab"},
			want: []string{`1@2 "1" "2"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, recs := readSource(t, strings.NewReader(tt.in), tt.opts)
			if got := showRecords(recs); !slices.Equal(got, tt.want) {
				t.Errorf("records:\n got %q\nwant %q", got, tt.want)
			}
			if tt.header != nil && !slices.Equal(s.Header(), tt.header) {
				t.Errorf("Header() = %q, want %q", s.Header(), tt.header)
			}
		})
	}
}

func TestLineEndReader(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"LF", "a\nb\n", "a\nb\n"},
		{"CRLF", "a\r\nb\r\n", "a\r\nb\r\n"},
		{"BareCR", "a\rb\r", "a\nb\n"},
		{"CRThenCRLF", "a\r\r\nb", "a\n\r\nb"},
		{"CRRun", "\r\r\r", "\n\n\n"},
		{"LFThenCR", "a\n\rb", "a\n\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// One byte per read puts every CR at the end of a read, its successor unseen.
			r := &lineEndReader{r: bufio.NewReader(iotest.OneByteReader(strings.NewReader(tt.in)))}
			got, err := io.ReadAll(r)
			if err != nil || string(got) != tt.want {
				t.Errorf("read %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestSourceLineEndsAcrossReads feeds the input one byte per read beyond the sniffed 64 KiB,
// so that each line end there is split across reads.
func TestSourceLineEndsAcrossReads(t *testing.T) {
	const rows = sniffSize / 5 // "1,2\r\n"
	in := "a,b\r\n" + strings.Repeat("1,2\r\n", rows) + "3,4\r5,6\r\n\r7,\"8\r\n9\"\r\n0,0\r"
	_, recs := readSource(t, iotest.OneByteReader(strings.NewReader(in)), Options{})
	if len(recs) != rows+4 {
		t.Fatalf("read %d records, want %d", len(recs), rows+4)
	}
	want := []string{`13107@13108 "1" "2"`, `13108@13109 "3" "4"`, `13109@13110 "5" "6"`,
		`13110@13112 "7" "8\n9"`, `13111@13114 "0" "0"`}
	if got := showRecords(recs[rows-1:]); !slices.Equal(got, want) {
		t.Errorf("last records:\n got %q\nwant %q", got, want)
	}
}

func TestSourceDelimiter(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opt     string
		want    rune
		columns int
	}{
		{"Comma", "a,b,c\n1,2,3", "", ',', 3},
		{"Semicolon", "a;b;c\n1;2;3", "", ';', 3},
		{"Tab", "a\tb\tc\n1\t2\t3", "", '\t', 3},
		{"Pipe", "a|b|c\n1|2|3", "", '|', 3},
		{"MostFrequentWins", "a;b|c|d\n1|2|3|4", "auto", '|', 3},
		{"TieGoesToComma", "a;b,c\n1,2", "", ',', 2},
		{"TieSemicolonTab", "a;b\tc\n1", "", ';', 2},
		{"SingleColumn", "email\nx@example.org", "", ',', 1},
		{"QuotedDelimitersIgnored", "\"a;b;c\",d\n1,2", "", ',', 2},
		{"HeaderLineOnly", "a;b\n1,2,3,4,5\n", "", ';', 2},
		{"HeaderEndsAtBareCR", "a,b\r1;2;3;4", "", ',', 2},
		{"LeadingBlankLines", "\n\r\n  \na|b\n1|2", "", '|', 2},
		{"BOMBeforeHeader", "\uFEFFa;b\n1;2", "", ';', 2},
		{"OptionComma", "a;b\n1;2", ",", ',', 1},
		{"OptionSemicolon", "a,b;c\n1", ";", ';', 2},
		{"OptionTabWord", "a;b\tc\n1", "tab", '\t', 2},
		{"OptionTabChar", "a;b\tc\n1", "\t", '\t', 2},
		{"OptionPipe", "a,b|c\n1", "|", '|', 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(strings.NewReader(tt.in), Options{Delimiter: tt.opt})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got := s.Delimiter(); got != tt.want {
				t.Errorf("Delimiter() = %q, want %q", got, tt.want)
			}
			if got := len(s.Header()); got != tt.columns {
				t.Errorf("len(Header()) = %d, want %d", got, tt.columns)
			}
		})
	}
}

func TestOpenSourceErrors(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		opts       Options
		want       error
		line, col  int
		wantString string // "" when not checked
	}{
		{name: "Empty", in: "", opts: Options{Name: "people.csv"}, want: ErrEmptyInput,
			wantString: "read people.csv: empty input: no header line"},
		{name: "OnlyBOM", in: "\uFEFF", want: ErrEmptyInput},
		{name: "OnlyBlankLines", in: "\n\r\n  \r\r\n", want: ErrEmptyInput},
		{name: "HeaderOnly", in: "email,name\n", want: ErrNoRows,
			wantString: "read input: header has no data rows"},
		{name: "HeaderAndBlankLines", in: "email,name\r\n\r\n \r\n", want: ErrNoRows},
		{name: "UnknownEncoding", in: "a\n1\n", opts: Options{Encoding: "utf-32"}, want: ErrUnknownEncoding},
		{name: "UnknownDelimiter", in: "a\n1\n", opts: Options{Delimiter: ":"}, want: ErrUnknownDelimiter},
		{name: "HeaderBareQuote", in: "a,b\"c\n1,2\n", want: csv.ErrBareQuote, line: 1, col: 2,
			wantString: "read input: line 1, column 2: bare \" in non-quoted-field"},
		{name: "HeaderUnterminatedQuote", in: "a,\"b\n1,2\n", want: csv.ErrQuote, line: 1, col: 2},
		{name: "HeaderInvalidUTF8", in: "email,na\xffme\n1,2\n", opts: Options{Encoding: "utf-8", Name: "x.csv"},
			want: ErrInvalidUTF8, line: 1, col: 2, wantString: "read x.csv: line 1, column 2: invalid UTF-8"},
		{name: "HeaderUndefinedWindows1252", in: "a,b\x81\n1,2\n", opts: Options{Encoding: "windows-1252"},
			want: ErrUndefinedByte, line: 1, col: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(strings.NewReader(tt.in), tt.opts)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Open error = %v (source %v), want an *InputError", err, s)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
			if ie.Line != tt.line || ie.Column != tt.col {
				t.Errorf("position = %d:%d, want %d:%d", ie.Line, ie.Column, tt.line, tt.col)
			}
			if tt.wantString != "" && err.Error() != tt.wantString {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.wantString)
			}
		})
	}
}

func TestRowErrorMessage(t *testing.T) {
	in := "email,name\n" +
		"anna@example.org,Anna,extra\n" +
		"bob@example.org,B\"ob\n" +
		"carl@example.org,Ca\xffrl\n"
	_, recs := readSource(t, strings.NewReader(in), Options{Encoding: "utf-8"})
	tests := []struct {
		secret string
		want   string
		is     error
	}{
		{"extra", "line 2, column 3: 3 fields, header has 2 (a separator inside a value that is not quoted?)", csv.ErrFieldCount},
		{"B\"ob", "line 3, column 2: bare \" in non-quoted-field", csv.ErrBareQuote},
		{"Ca\xffrl", "line 4, column 2: invalid UTF-8", ErrInvalidUTF8},
	}
	if len(recs) != len(tests) {
		t.Fatalf("got %d records, want %d", len(recs), len(tests))
	}
	for i, tt := range tests {
		err := recs[i].Err
		if err == nil {
			t.Errorf("record %d: no error, want %q", i+1, tt.want)
			continue
		}
		if got := err.Error(); got != tt.want || strings.Contains(got, tt.secret) {
			t.Errorf("record %d: Error() = %q, want %q", i+1, got, tt.want)
		}
		if !errors.Is(err, tt.is) {
			t.Errorf("record %d: errors.Is(%v, %v) = false", i+1, err, tt.is)
		}
	}
}

func TestSourceReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	const rows = 30000 // more than the sniffed 64 KiB, so that the failure comes after Open
	in := io.MultiReader(strings.NewReader("a,b\n"+strings.Repeat("1,2\n", rows)+"3,"), iotest.ErrReader(boom))
	s, err := Open(in, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for i := range rows {
		if rec, err := s.Next(); err != nil || rec.Err != nil {
			t.Fatalf("Next #%d = %v, %v; want a record", i+1, rec.Err, err)
		}
	}
	rec, err := s.Next()
	if !errors.Is(err, boom) || rec.Cells != nil {
		t.Errorf("Next at the failure = %q, %v; want no record and %v", rec.Cells, err, boom)
	}

	_, err = Open(io.MultiReader(strings.NewReader("a,b\n1,2\n"), iotest.ErrReader(boom)), Options{})
	var ie *InputError
	if !errors.Is(err, boom) || errors.As(err, &ie) {
		t.Errorf("Open on a failing reader = %v, want %v and no *InputError", err, boom)
	}
}

func TestSourceEncoding(t *testing.T) {
	// window puts a blank-line run before the last line so that its bytes start at offset at.
	window := func(head string, at int, tail string) string {
		return head + strings.Repeat("\n", at-len(head)) + tail
	}
	const cp1252Warning = "input is not valid UTF-8 in its first 64 KiB; reading it as Windows-1252: "
	tests := []struct {
		name   string
		in     string
		opts   Options
		enc    string
		warn   []string // each a prefix of the warning given
		header []string // nil: not checked
		want   []string
	}{
		{name: "UTF8", in: "name,city\nJürgen,Köln\n", enc: EncodingUTF8,
			want: []string{`1@2 "Jürgen" "Köln"`}},
		{name: "UTF8BOM", in: "\uFEFFname\nJürgen\n", enc: EncodingUTF8, header: []string{"name"},
			want: []string{`1@2 "Jürgen"`}},
		{name: "AutoWindows1252", in: "name;city\nFran\xe7ois;K\xf6ln\n\x80 5;x\n", enc: EncodingWindows1252,
			warn: []string{cp1252Warning}, want: []string{`1@2 "François" "Köln"`, `2@3 "€ 5" "x"`}},
		{name: "AutoWindows1252AfterBOM", in: "\uFEFFname\nK\xf6ln\n", enc: EncodingWindows1252,
			warn: []string{cp1252Warning}, header: []string{"name"}, want: []string{`1@2 "Köln"`}},
		{name: "AutoRuneCutAtWindowEnd", in: window("a\n", sniffSize-1, "é\n"), enc: EncodingUTF8,
			want: []string{`1@65535 "é"`}},
		{name: "AutoInvalidAfterWindow", in: window("a,b\n", sniffSize, "x,\xff\n1,2\n"), enc: EncodingUTF8,
			want: []string{`1@65534 "x" "\xff" !invalid_utf8@65534:2`, `2@65535 "1" "2"`}},
		{name: "UTF8InvalidRow", in: "a,b\n1,2\nx,\xc3\n3\n", opts: Options{Encoding: "UTF-8"}, enc: EncodingUTF8,
			want: []string{`1@2 "1" "2"`, `2@3 "x" "\xc3" !invalid_utf8@3:2`, `3@4 "3" "" padded`}},
		{name: "Windows1252Explicit", in: "name\nK\xf6ln\n", opts: Options{Encoding: "windows-1252"},
			enc: EncodingWindows1252, want: []string{`1@2 "Köln"`}},
		{name: "Windows1252ExplicitOverUTF8", in: "name\nKöln\n", opts: Options{Encoding: "cp1252"},
			enc: EncodingWindows1252, want: []string{`1@2 "KÃ¶ln"`}},
		{name: "Windows1252UndefinedByte", in: "name,x\nab\x81c,1\n", opts: Options{Encoding: "windows-1252"},
			enc: EncodingWindows1252, want: []string{"1@2 \"ab\uFFFDc\" \"1\" !invalid_encoding@2:1"}},
		{name: "ISO88591", in: "name\n\x80\xe9\n", opts: Options{Encoding: "iso-8859-1"},
			enc: EncodingISO88591, want: []string{`1@2 "\u0080é"`}},
		{name: "Latin1Alias", in: "name\n\x81\n", opts: Options{Encoding: "latin1"},
			enc: EncodingISO88591, want: []string{`1@2 "\u0081"`}},
		{name: "ISO885915", in: "name,x\nc\xbdur \xa4,1\nab\x81c,2\n", opts: Options{Encoding: "Latin-9"},
			enc: EncodingISO885915, want: []string{`1@2 "cœur €" "1"`, "2@3 \"ab\uFFFDc\" \"2\" !invalid_encoding@3:1"}},
		{name: "MacRomanExplicit", in: "name\nM\x9fller \x8e\xa7\n", opts: Options{Encoding: "mac"},
			enc: EncodingMacintosh, want: []string{`1@2 "Müller éß"`}},
		{name: "CP850Explicit", in: "name\nJ\x94rg \xe1\xa4\n", opts: Options{Encoding: "IBM850"},
			enc: EncodingCP850, want: []string{`1@2 "Jörg ßñ"`}},
		{name: "CP437Explicit", in: "name\n\x9b\xe0\n", opts: Options{Encoding: "cp437"},
			enc: EncodingCP437, want: []string{`1@2 "¢α"`}},
		{name: "AutoMacRoman", in: "name;city\nM\x9fller;K\x9aln\n", enc: EncodingMacintosh,
			warn: []string{"input is not valid UTF-8 in its first 64 KiB; reading it as Mac Roman: "},
			want: []string{`1@2 "Müller" "Köln"`}},
		{name: "AutoCP850", in: "name;city\nJ\x94rg M\x81ller;K\x94ln\n", enc: EncodingCP850,
			warn: []string{"input is not valid UTF-8 in its first 64 KiB; reading it as CP850: "},
			want: []string{`1@2 "Jörg Müller" "Köln"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, recs := readSource(t, strings.NewReader(tt.in), tt.opts)
			if s.Encoding() != tt.enc {
				t.Errorf("Encoding() = %q, want %q", s.Encoding(), tt.enc)
			}
			if !slices.EqualFunc(s.Warnings(), tt.warn, strings.HasPrefix) {
				t.Errorf("Warnings() = %q, want %q", s.Warnings(), tt.warn)
			}
			if tt.header != nil && !slices.Equal(s.Header(), tt.header) {
				t.Errorf("Header() = %q, want %q", s.Header(), tt.header)
			}
			if got := showRecords(recs); !slices.Equal(got, tt.want) {
				t.Errorf("records:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestValidUTF8Prefix(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		atEOF bool
		want  bool
	}{
		{"ASCII", "abc", false, true},
		{"Full3Byte", "a\xe2\x82\xac", true, true},
		{"Cut2Byte", "a\xc3", false, true},
		{"Cut2ByteAtEOF", "a\xc3", true, false},
		{"Cut3Byte", "a\xe2\x82", false, true},
		{"Cut4Byte", "a\xf0\x9f\x98", false, true},
		{"InvalidBeforeCut", "\xff\xc3", false, false},
		{"InvalidLastByte", "a\xff", false, false},
		{"LoneContinuation", "a\x82", false, false},
		{"Empty", "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validUTF8Prefix([]byte(tt.in), tt.atEOF); got != tt.want {
				t.Errorf("validUTF8Prefix(%q, %v) = %v, want %v", tt.in, tt.atEOF, got, tt.want)
			}
		})
	}
}
