package source

// Properties of whole inputs rather than single cases: fuzzing, outside corpora, streaming,
// ownership of cells and speed.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var (
	fuzzEncodings = []string{"", "utf-8", "windows-1252", "iso-8859-1", "ebcdic", "utf-16", "utf-16be",
		"iso-8859-15", "macintosh", "cp850", "cp437"}
	fuzzDelimiters = []string{"", ",", ";", "tab", "|", ":"}
)

func FuzzSource(f *testing.F) {
	f.Add([]byte("email,name\nanna@example.org,Anna\n"), uint8(0), uint8(0), false)
	f.Add([]byte("a;b\r1;\"x\r\ny\"\r\n\r2;3;4\n5"), uint8(0), uint8(0), false)
	f.Add([]byte("\xef\xbb\xbfa|b\n1|x\"y\n"), uint8(1), uint8(4), true)
	f.Add([]byte("name\tcity\nK\xf6ln\t\x81\n\n"), uint8(2), uint8(3), false)
	f.Add([]byte("email,name\na@x,A\nb@x,\"Broken\nc@x,C\nd@x,\"D\"x\ne@x,\"E\r\nF\"\n"), uint8(0), uint8(0), false)
	f.Add([]byte("name;city\rM\x9fller;K\x9aln\rWei\xa7;\xf0\r"), uint8(0), uint8(0), false) // Mac Roman, CR
	f.Add([]byte("name,city\nJ\x94rg M\x81ller,\xe1\xc9\xcd\n"), uint8(0), uint8(0), false)  // CP850
	f.Add([]byte("name\nJ\x94rg\n"), uint8(0), uint8(0), false)                              // ambiguous
	f.Add([]byte("name\nc\xbdur \xa4\n\x81\n"), uint8(7), uint8(0), false)                   // ISO-8859-15, undefined byte
	f.Add([]byte("name\tx\n\x9b\xe0\xb0\xdb\t\xff\n"), uint8(10), uint8(3), true)            // CP437
	f.Fuzz(func(t *testing.T, data []byte, enc, delim uint8, lazy bool) {
		opts := Options{
			Encoding:   fuzzEncodings[int(enc)%len(fuzzEncodings)],
			Delimiter:  fuzzDelimiters[int(delim)%len(fuzzDelimiters)],
			LazyQuotes: lazy,
		}
		s, err := Open(bytes.NewReader(data), opts)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Open error %v is not an *InputError", err)
			}
			return
		}
		width := len(s.Header())
		var row, line int
		var end int64
		for {
			rec, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			if rec.Err == nil && len(rec.Cells) != width {
				t.Fatalf("row %d: %d cells without an error, header has %d", rec.Row, len(rec.Cells), width)
			}
			if e := rec.Err; e != nil && (e.Code == "" || e.Line < rec.Line || e.Column < 1) {
				t.Fatalf("row %d at line %d: incomplete error %+v", rec.Row, rec.Line, *e)
			}
			if rec.Row != row+1 {
				t.Fatalf("row %d follows row %d", rec.Row, row)
			}
			if rec.Line <= line {
				t.Fatalf("row %d starts at line %d, row %d at line %d", rec.Row, rec.Line, row, line)
			}
			if rec.End < end {
				t.Fatalf("row %d ends at %d, before the row ahead of it (%d)", rec.Row, rec.End, end)
			}
			row, line, end = rec.Row, rec.Line, rec.End
		}
		if s.Offset() != int64(len(data)) {
			t.Fatalf("Offset() = %d at EOF, input has %d bytes", s.Offset(), len(data))
		}
	})
}

// rowGenerator produces a CSV input row by row, so a test can tell how far ahead of the
// records the reader has read.
type rowGenerator struct {
	rows, next int
	pending    []byte
}

func (g *rowGenerator) line(i int) string {
	return fmt.Sprintf("user%d@example.org,First %d,Last,DE,%d\n", i, i, i%7)
}

func (g *rowGenerator) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		if g.next > g.rows {
			return 0, io.EOF
		}
		if g.next == 0 {
			g.pending = []byte("email,first,last,country,tier\n")
		} else {
			g.pending = []byte(g.line(g.next))
		}
		g.next++
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

func TestSourceStreams(t *testing.T) {
	const rows, lead = 50_000, 128 << 10
	g := &rowGenerator{rows: rows}
	s, err := Open(g, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	consumed := int64(len("email,first,last,country,tier\n"))
	for i := 1; ; i++ {
		rec, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil || rec.Err != nil {
			t.Fatalf("Next: %v, %v", err, rec.Err)
		}
		consumed += int64(len(g.line(i)))
		if off := s.Offset(); off < consumed || off > consumed+lead {
			t.Fatalf("row %d: Offset() = %d, want between %d and %d", i, off, consumed, consumed+lead)
		}
	}
	if s.Offset() != consumed {
		t.Errorf("Offset() at EOF = %d, want %d", s.Offset(), consumed)
	}
}

func TestSourceOffsetCountsOriginalBytes(t *testing.T) {
	raw := "\uFEFFname;city\n" + strings.Repeat("J\xfcrgen;K\xf6ln\n", 10_000)
	for _, enc := range []string{"auto", "windows-1252", "iso-8859-1"} {
		t.Run(enc, func(t *testing.T) {
			s, recs := readSource(t, strings.NewReader(raw), Options{Encoding: enc})
			if len(recs) != 10_000 || recs[0].Cells[0] != "Jürgen" {
				t.Fatalf("read %d records, first %q", len(recs), recs[0].Cells)
			}
			if got := s.Offset(); got != int64(len(raw)) {
				t.Errorf("Offset() = %d, want the input size %d", got, len(raw))
			}
		})
	}
}

func TestSourceOffsetWhileReading(t *testing.T) {
	s, err := Open(&rowGenerator{rows: 20_000}, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	done := make(chan struct{})
	watched := make(chan int64)
	go func() {
		var last int64
		for {
			select {
			case <-done:
				watched <- last
				return
			default:
				last = max(last, s.Offset())
			}
		}
	}()
	for {
		if _, err := s.Next(); err != nil {
			break
		}
	}
	close(done)
	if last := <-watched; last > s.Offset() {
		t.Errorf("Offset() seen at %d, beyond the final %d", last, s.Offset())
	}
}

func TestSourceCellsBelongToCaller(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "u%d,v%d,w%d\n", i, i, i)
	}
	s, err := Open(strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	first, _ := s.Next()
	second, _ := s.Next()
	third, _ := s.Next()
	for i, r := range []Record{first, second, third} {
		want := []string{fmt.Sprint("u", i), fmt.Sprint("v", i), fmt.Sprint("w", i)}
		if !slices.Equal(r.Cells, want) {
			t.Errorf("record %d cells = %q after later reads, want %q", i+1, r.Cells, want)
		}
	}
	// One string for the row's text (from encoding/csv) and one slice for its cells.
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := s.Next(); err != nil {
			t.Fatalf("Next: %v", err)
		}
	})
	if allocs > 2 {
		t.Errorf("Next allocates %v times per record, want at most 2", allocs)
	}
}

func BenchmarkSource(b *testing.B) {
	const rows = 100_000
	var in bytes.Buffer
	in.WriteString("email,first_name,last_name,mobile,country,language,city,customer_id\n")
	for i := range rows {
		fmt.Fprintf(&in, "user%d@example.org,First%d,Last%d,+4917%08d,DE,de,Berlin,C%07d\n", i, i, i, i, i)
	}
	data := in.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := Open(bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatalf("Open: %v", err)
		}
		n := 0
		for {
			rec, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil || rec.Err != nil {
				b.Fatalf("Next: %v, %v", err, rec.Err)
			}
			n++
		}
		if n != rows {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}

// sourceGolden is what testdata/csv/NAME.json expects of NAME.csv read with default options.
type sourceGolden struct {
	Encoding  string   `json:"encoding"`
	Delimiter string   `json:"delimiter"`
	Warnings  []string `json:"warnings"`
	Header    []string `json:"header"`
	Records   []string `json:"records"` // as showRecord renders them
}

func TestSourceTestdata(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "csv", "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no inputs in testdata/csv (%v)", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			var want sourceGolden
			raw, err := os.ReadFile(strings.TrimSuffix(file, ".csv") + ".json")
			if err == nil {
				err = json.Unmarshal(raw, &want)
			}
			if err != nil {
				t.Fatalf("expectations: %v", err)
			}
			in, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			s, recs := readSource(t, in, Options{Name: file})
			got := sourceGolden{s.Encoding(), string(s.Delimiter()), s.Warnings(), s.Header(), showRecords(recs)}
			if got.Encoding != want.Encoding || got.Delimiter != want.Delimiter ||
				!slices.Equal(got.Warnings, want.Warnings) || !slices.Equal(got.Header, want.Header) {
				t.Errorf("got %q %q %q %q, want %q %q %q %q", got.Encoding, got.Delimiter, got.Warnings, got.Header,
					want.Encoding, want.Delimiter, want.Warnings, want.Header)
			}
			if !slices.Equal(got.Records, want.Records) {
				t.Errorf("records:\n got %q\nwant %q", got.Records, want.Records)
			}
		})
	}
}

// spectrumDir finds csv-spectrum in a "shared" folder beside the repository or one of its
// parents. A fresh clone has none, and then the test is skipped.
func spectrumDir(t *testing.T) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		d := filepath.Join(dir, "shared", "conformance", "csv-spectrum")
		if fi, err := os.Stat(filepath.Join(d, "csvs")); err == nil && fi.IsDir() {
			return d
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/conformance/csv-spectrum not found beside the repository")
		}
		dir = parent
	}
}

// spectrumErrata are cells where csv-spectrum's JSON disagrees with its own CSV, by file and
// column, with the reason.
var spectrumErrata = map[string]map[string]string{
	"location_coordinates": {"Contact Phone Number": "the JSON says 1234567890, the CSV 2095257564"},
}

// spectrumLazy are the files that need LazyQuotes, with the reason; without it their first
// record must fail with CodeQuote.
var spectrumLazy = map[string]string{
	"location_coordinates": `bare " for inches in unquoted fields`,
}

func TestCSVSpectrum(t *testing.T) {
	dir := spectrumDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "csvs", "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no csv-spectrum inputs in %s (%v)", dir, err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".csv")
		want := spectrumExpectations(t, filepath.Join(dir, "json", name+".json"))
		for _, lazy := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/lazy=%v", name, lazy), func(t *testing.T) {
				in, err := os.Open(file)
				if err != nil {
					t.Fatal(err)
				}
				defer in.Close()
				s, recs := readSource(t, in, Options{Name: name, LazyQuotes: lazy})
				if _, needed := spectrumLazy[name]; needed && !lazy {
					if recs[0].Err == nil || recs[0].Err.Code != CodeQuote {
						t.Errorf("first record = %s, want a quote error", showRecord(recs[0]))
					}
					return
				}
				compareSpectrum(t, name, s.Header(), recs, want)
			})
		}
	}
}

// spectrumExpectations reads a JSON expectation: mostly an array of objects, though a file of
// one row may have a bare object.
func spectrumExpectations(t *testing.T, path string) []map[string]string {
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if raw = bytes.TrimSpace(raw); len(raw) > 0 && raw[0] == '{' {
		raw = slices.Concat([]byte("["), raw, []byte("]"))
	}
	var want []map[string]string
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return want
}

func compareSpectrum(t *testing.T, name string, header []string, recs []Record, want []map[string]string) {
	if len(recs) != len(want) {
		t.Fatalf("read %d records, want %d", len(recs), len(want))
	}
	for i, rec := range recs {
		if rec.Err != nil || rec.Padded || len(want[i]) != len(header) {
			t.Errorf("row %d: error %v, padded %v, header of %d for %d expected values",
				rec.Row, rec.Err, rec.Padded, len(header), len(want[i]))
			continue
		}
		for j, h := range header {
			if _, skip := spectrumErrata[name][h]; skip {
				continue
			}
			// Line breaks inside quoted fields come out as \n, the way encoding/csv delivers
			// them, whatever line end the file used.
			w, ok := want[i][h]
			if w = strings.ReplaceAll(w, "\r\n", "\n"); !ok || rec.Cells[j] != w {
				t.Errorf("row %d, %s = %q, want %q", rec.Row, h, rec.Cells[j], w)
			}
		}
	}
}
