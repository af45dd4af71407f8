package source

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDetectEncodingFiles runs detection on real exports: each is told apart by content and
// reads as the text that was saved, never as MŸller or J”rg.
func TestDetectEncodingFiles(t *testing.T) {
	tests := []struct {
		file string
		want string
		same []string // code pages that read the file identically, reported as want
	}{
		{"excel-mac-macroman-comma.csv", EncodingMacintosh, nil},
		{"msdos-cp850-comma.csv", EncodingCP850, []string{EncodingCP437}},
		{"msdos-cp437-comma.csv", EncodingCP850, []string{EncodingCP437}}, // no byte where they differ
		{"windows1252-comma.csv", EncodingWindows1252, []string{EncodingISO885915, EncodingISO88591}},
		{"excel-windows1252-semicolon.csv", EncodingWindows1252, nil},
		{"iso885915-euro-oe.csv", EncodingISO885915, nil},
		{"mac-classic-cr.csv", EncodingUTF8, nil},
		{"utf8-bom-pipe-mixed-endings.csv", EncodingUTF8, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			head := readHead(t, filepath.Join("testdata", "csv", tt.file))
			d := DetectEncoding(head, true)
			if d.Encoding != tt.want || d.Tied != nil {
				t.Fatalf("DetectEncoding = %q (tied %q), want %q; %s", d.Encoding, d.Tied, tt.want, d.Reason)
			}
			var same []string
			for _, c := range d.Candidates {
				if c.SameAs == tt.want {
					same = append(same, c.Encoding)
				} else if c.Encoding == tt.want && c.Implausible != 0 {
					t.Errorf("%s: %d implausible readings (%s), want none", c.Encoding, c.Implausible, c.Example)
				}
			}
			if !slices.Equal(same, tt.same) {
				t.Errorf("read alike by %q, want %q", same, tt.same)
			}
		})
	}
}

func readHead(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b = b[:min(len(b), sniffSize)]
	if strings.HasPrefix(string(b), "\uFEFF") {
		b = b[len(utf8BOM):]
	}
	return b
}

// TestCodePageExportsReadRight reads the same contacts saved by Excel's Mac and MS-DOS CSV
// formats, as LibreOffice writes them, and checks the names that went wrong before.
func TestCodePageExportsReadRight(t *testing.T) {
	for _, file := range []string{"excel-mac-macroman-comma.csv", "msdos-cp850-comma.csv", "msdos-cp437-comma.csv"} {
		t.Run(file, func(t *testing.T) {
			in, err := os.Open(filepath.Join("testdata", "csv", file))
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			_, recs := readSource(t, in, Options{Name: file})
			var cells []string
			for _, r := range recs {
				if r.Err != nil {
					t.Errorf("row %d: %v", r.Row, r.Err)
				}
				cells = append(cells, r.Cells...)
			}
			for _, want := range []string{"Müller", "Jörg", "Weiß", "Chloé", "Núñez", "François", "Çelik"} {
				if !slices.Contains(cells, want) {
					t.Errorf("no cell %q in %q", want, cells)
				}
			}
			for _, wrong := range []string{"MŸller", "J”rg", "MÅller", "Jîrg"} {
				if slices.Contains(cells, wrong) {
					t.Errorf("cell %q read as mojibake", wrong)
				}
			}
		})
	}
}

// TestAmbiguousEncodingRefused: a CP850 export whose one non-ASCII byte is "ö" in CP850 and
// "î" in Mac Roman stops before any row, naming both and --encoding; each reads as asked.
func TestAmbiguousEncodingRefused(t *testing.T) {
	file := filepath.Join("testdata", "csv", "refused", "cp850-or-macroman.csv")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(strings.NewReader(string(raw)), Options{Name: "people.csv"})
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, ErrAmbiguousEncoding) {
		t.Fatalf("Open = %v, %v; want an *InputError for ErrAmbiguousEncoding", s, err)
	}
	msg := err.Error()
	for _, want := range []string{"read people.csv: cannot tell the input's encoding", "Mac Roman", "CP850",
		"--encoding macintosh", "--encoding cp850"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	for _, secret := range []string{"Jörg", "Jîrg", "joerg"} {
		if strings.Contains(msg, secret) {
			t.Errorf("error %q holds a cell value", msg)
		}
	}
	for enc, name := range map[string]string{"cp850": "Jörg", "macintosh": "Jîrg"} {
		_, recs := readSource(t, strings.NewReader(string(raw)), Options{Encoding: enc})
		if len(recs) != 1 || recs[0].Cells[1] != name {
			t.Errorf("--encoding %s: records %q, want the name %q", enc, showRecords(recs), name)
		}
	}
}

// TestDetectEncoding is the decision on small samples, one property each.
func TestDetectEncoding(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string
		tied  []string
		trace string // in Reason
	}{
		{name: "UTF8", in: "name\nJürgen\n", want: EncodingUTF8},
		{name: "ASCII", in: "name\nJoe\n", want: EncodingUTF8},
		{name: "Windows1252Letters", in: "name\nM\xfcller, Fran\xe7ois\n", want: EncodingWindows1252,
			trace: "ISO-8859-15 and ISO-8859-1 read them alike"},
		{name: "Windows1252SmartQuotes", in: "name\nO\x92Brien \x84Anna\x93 \x965 \x80\n", want: EncodingWindows1252},
		{name: "MacRomanUmlaut", in: "name\nM\x9fller\n", want: EncodingMacintosh, trace: `byte 0x9F as "Ÿ"`},
		{name: "MacRomanEszett", in: "name\nWei\xa7 Stra\xa7e\n", want: EncodingMacintosh},
		{name: "CP850Umlauts", in: "name\nJ\x94rg M\x81ller\n", want: EncodingCP850},
		{name: "CP850Eszett", in: "name\nWei\xe1 M\x81ller\n", want: EncodingCP850},
		{name: "CP437Cents", in: "name\nJ\x94rg, 10\x9b\n", want: EncodingCP437, trace: `CP850 1`}, // ¢ in CP437, ø in CP850
		{name: "ISO885915Oe", in: "name\nc\xbdur\n", want: EncodingISO885915},
		{name: "ISO88591C1", in: "name\n\xe9t\xe9 \x805\n", want: EncodingWindows1252, trace: "ISO-8859-1 1"},
		{name: "ISO885915Euro", in: "name\n\xe9t\xe9 5 \xa4\n", want: EncodingISO885915, trace: `"¤"`},
		{name: "OneByteTwoLetters", in: "name\nWei\xe1\n", tied: []string{EncodingWindows1252, EncodingCP850}},
		{name: "TiedOneLetter", in: "name\nJ\x94rg\n", tied: []string{EncodingMacintosh, EncodingCP850},
			trace: "Mac Roman and CP850 alike"},
		{name: "TiedCapitals", in: "name\nREN\xc9\n", tied: []string{EncodingWindows1252, EncodingMacintosh}},
		{name: "RuneCutIsNotUTF8AtEOF", in: "name\nJ\xc3", want: EncodingWindows1252},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DetectEncoding([]byte(tt.in), true)
			if d.Encoding != tt.want || !slices.Equal(d.Tied, tt.tied) {
				t.Errorf("DetectEncoding = %q tied %q, want %q tied %q; %s", d.Encoding, d.Tied, tt.want, tt.tied, d.Reason)
			}
			if !strings.Contains(d.Reason, tt.trace) {
				t.Errorf("Reason %q does not say %q", d.Reason, tt.trace)
			}
		})
	}
}

func TestJudgeRune(t *testing.T) {
	tests := []struct {
		prev, r, next rune
		want          string
	}{
		{'M', 'ü', 'l', ""},
		{'M', 'Ÿ', 'l', whyForeign},
		{'J', '”', 'r', whyInWord},
		{' ', '”', 'A', ""},
		{'O', '’', 'B', ""},
		{'M', 'Å', 'l', whyCapital},
		{'r', 'É', ' ', whyCapital},
		{'N', 'É', ' ', ""},
		{'M', 'ü', 'L', whySmall},
		{' ', 'ä', 'A', whySmall},
		{'0', 'ø', ',', whyByNumber},
		{'3', 'è', 'm', ""},
		{'E', 'ß', 'E', ""},
		{'i', '§', ' ', whyByWord},
		{' ', '§', ' ', ""},
		{'l', '·', 'l', ""},
		{'i', '·', ' ', whyByWord},
		{'N', 'º', ' ', ""},
		{'i', 'º', ' ', whyByWord},
		{'5', '€', ' ', ""},
		{' ', '\u0081', ' ', whyControl},
		{' ', '\uFFFD', ' ', whyUndefined},
		{' ', '╔', ' ', whyOdd},
		{'a', 'α', 'b', whyForeign},
		{' ', '\u00A0', ' ', ""},
	}
	for _, tt := range tests {
		if got := judgeRune(tt.prev, tt.r, tt.next); got != tt.want {
			t.Errorf("judgeRune(%q, %q, %q) = %q, want %q", tt.prev, tt.r, tt.next, got, tt.want)
		}
	}
}

func TestParseEncodingAliases(t *testing.T) {
	tests := map[string]string{
		"auto": "", "UTF-8": EncodingUTF8, "cp1252": EncodingWindows1252, "Latin1": EncodingISO88591,
		"latin9": EncodingISO885915, "ISO_8859-15": EncodingISO885915, "macintosh": EncodingMacintosh,
		"mac": EncodingMacintosh, "MacRoman": EncodingMacintosh, "mac roman": EncodingMacintosh,
		"x-mac-roman": EncodingMacintosh, "cp850": EncodingCP850, "IBM850": EncodingCP850, "850": EncodingCP850,
		"cp437": EncodingCP437, "ibm437": EncodingCP437, "utf-16": encodingUTF16, "UTF-16BE": EncodingUTF16BE,
	}
	for in, want := range tests {
		if got, err := parseEncoding(in); err != nil || got != want {
			t.Errorf("parseEncoding(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"ebcdic", "utf-32", "windows-1250", "cp852"} {
		if _, err := parseEncoding(in); !errors.Is(err, ErrUnknownEncoding) ||
			!strings.Contains(err.Error(), "macintosh, cp850 or cp437") {
			t.Errorf("parseEncoding(%q) error = %v, want ErrUnknownEncoding listing the names", in, err)
		}
	}
}

// TestUndefinedByteNamesCodePage: a byte a code page leaves undefined fails its row, and the
// message names that code page.
func TestUndefinedByteNamesCodePage(t *testing.T) {
	for enc, want := range map[string]string{
		"windows-1252": "line 2, column 1: byte not defined in Windows-1252",
		"iso-8859-15":  "line 2, column 1: byte not defined in ISO-8859-15",
	} {
		_, recs := readSource(t, strings.NewReader("name,x\nab\x81c,1\n"), Options{Encoding: enc})
		if len(recs) != 1 || recs[0].Err == nil || recs[0].Err.Code != CodeInvalidEncoding ||
			recs[0].Err.Error() != want || !errors.Is(recs[0].Err, ErrUndefinedByte) {
			t.Errorf("%s: records %q, error %v; want %q", enc, showRecords(recs), recs[0].Err, want)
		}
	}
}
