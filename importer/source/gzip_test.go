package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// numberedCSV is a header and n rows, each with its own address and a longer text.
func numberedCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("email,name,note\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "c%d@example.org,Name %d,\"note %d, %x\"\n", i, i, i*7919, i*104729)
	}
	return b.Bytes()
}

// A gzip-compressed CSV is told by its content, whatever its name, and reads exactly as the
// CSV it holds; progress is measured in bytes of the compressed file.
func TestGzipReadsAsItsCSV(t *testing.T) {
	plain := numberedCSV(20000)
	packed := gzipOf(t, plain)
	_, want := readSource(t, bytes.NewReader(plain), Options{})
	s, got := readSource(t, bytes.NewReader(packed), Options{Name: "contacts.csv"})
	if s.Format() != FormatGzipCSV {
		t.Errorf("Format = %q, want %q", s.Format(), FormatGzipCSV)
	}
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d", len(got), len(want))
	}
	for i := range want {
		if showRecord(got[i]) != showRecord(want[i]) {
			t.Fatalf("record %d: %s, want %s", i, showRecord(got[i]), showRecord(want[i]))
		}
	}
	if s.Offset() != int64(len(packed)) {
		t.Errorf("Offset = %d, want the compressed size %d", s.Offset(), len(packed))
	}
	var last int64
	for _, r := range got {
		if r.End < last || r.End > int64(len(packed)) {
			t.Fatalf("row %d: End %d after %d, file %d bytes", r.Row, r.End, last, len(packed))
		}
		last = r.End
	}
	if got[0].End >= int64(len(packed)) {
		t.Errorf("the first row's End is the whole file (%d): progress would not move", got[0].End)
	}
}

// The encoding and delimiter are judged on the decompressed text.
func TestGzipEncodingAndMembers(t *testing.T) {
	cp1252 := []byte("name;city\nM\xfcller;K\xf6ln\n")
	more := []byte("Wei\xdf;Stra\xdfburg\n")
	packed := append(gzipOf(t, cp1252), gzipOf(t, more)...) // two members, as `cat a.gz b.gz` makes
	s, recs := readSource(t, bytes.NewReader(packed), Options{})
	if s.Encoding() != EncodingWindows1252 || s.Delimiter() != ';' {
		t.Errorf("encoding %q delimiter %q, want windows-1252 and ;", s.Encoding(), s.Delimiter())
	}
	want := []string{`1@2 "Müller" "Köln"`, `2@3 "Weiß" "Straßburg"`}
	if got := showRecords(recs); !slices.Equal(got, want) {
		t.Errorf("records %q, want %q", got, want)
	}
}

// readAll reads records until an error: the records before it and the error.
func readAll(t *testing.T, in io.Reader, opts Options) ([]Record, error) {
	t.Helper()
	s, err := Open(in, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var recs []Record
	for {
		rec, err := s.Next()
		if err != nil {
			return recs, err
		}
		recs = append(recs, rec)
	}
}

// A gzip file cut short, or damaged, gives the rows before the damage and then an error that
// names the file, the last line read and the byte where it stopped.
func TestGzipTruncatedOrDamaged(t *testing.T) {
	packed := gzipOf(t, numberedCSV(20000))
	damaged := slices.Clone(packed)
	for i := len(damaged) / 2; i < len(damaged)/2+64; i++ {
		damaged[i] ^= 0x5a
	}
	for name, data := range map[string][]byte{
		"Truncated":       packed[:len(packed)/2],
		"NoTrailer":       packed[:len(packed)-4], // the checksum and size are missing
		"Damaged":         damaged,
		"TrailingGarbage": append(slices.Clone(packed), "not gzip"...),
	} {
		t.Run(name, func(t *testing.T) {
			recs, err := readAll(t, bytes.NewReader(data), Options{Name: "big.csv.gz"})
			if !errors.Is(err, ErrGzip) {
				t.Fatalf("after %d rows: %v, want ErrGzip", len(recs), err)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("a damaged input is an *InputError: %v", err)
			}
			switch name {
			case "Truncated":
				if len(recs) == 0 || len(recs) >= 20000 {
					t.Errorf("%d rows before the end of a file cut in half", len(recs))
				}
			case "NoTrailer", "TrailingGarbage": // the damage is after the last row
				if len(recs) != 20000 {
					t.Errorf("%d rows before the damage, want 20000", len(recs))
				}
			}
			// Damaged data may decompress to text before deflate or the checksum notices: what
			// a run must not send is refused beforehand by CheckGzip.
			for i, r := range recs {
				if name != "Damaged" && (r.Row != i+1 || r.Err != nil) {
					t.Fatalf("row %d before the damage: %s", i+1, showRecord(r))
				}
			}
			want := fmt.Sprintf("read big.csv.gz: after line %d, at byte ", len(recs)+1)
			if len(recs) == 0 {
				want = "read big.csv.gz: before the first line"
			}
			if msg := err.Error(); !strings.HasPrefix(msg, want) || !strings.Contains(msg, "truncated or damaged") ||
				!strings.Contains(msg, "the rows before it were read") {
				t.Errorf("message %q, want it to start %q and say what happened", msg, want)
			}
		})
	}
}

// A broken gzip header stops the run before any row, as an input problem.
func TestGzipBadHeader(t *testing.T) {
	_, err := Open(strings.NewReader("\x1f\x8b\x09 not gzip at all"), Options{Name: "x.gz"})
	var ie *InputError
	if !errors.As(err, &ie) || !errors.Is(err, ErrGzip) || !strings.Contains(err.Error(), "gzip header cannot be read") {
		t.Errorf("Open = %v, want an *InputError for ErrGzip", err)
	}
}

// errReader yields data, then fails with err: a file that changes or a disk that fails.
type errReader struct {
	data []byte
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// A failure of the reader underneath (the caller's check that the file did not change) passes
// through the decompressor as itself, not as damaged gzip data.
func TestGzipPassesReadErrors(t *testing.T) {
	packed := gzipOf(t, numberedCSV(20000))
	changed := errors.New("the file changed while it was read")
	recs, err := readAll(t, &errReader{data: packed[:len(packed)/2], err: changed}, Options{})
	if !errors.Is(err, changed) || errors.Is(err, ErrGzip) {
		t.Errorf("after %d rows: %v, want the reader's own error", len(recs), err)
	}
}

// CheckGzip finds the damage that streaming finds only late (or, for damaged data, after
// decompressing text that was never written), before any row is used.
func TestCheckGzip(t *testing.T) {
	packed := gzipOf(t, numberedCSV(20000))
	damaged := slices.Clone(packed)
	for i := len(damaged) / 2; i < len(damaged)/2+64; i++ {
		damaged[i] ^= 0x5a
	}
	ctx := context.Background()
	for name, data := range map[string][]byte{
		"Intact": packed, "NotGzip": numberedCSV(10), "Empty": nil,
		"TwoMembers": append(gzipOf(t, []byte("a\n")), gzipOf(t, []byte("b\n"))...),
	} {
		if err := CheckGzip(ctx, bytes.NewReader(data), "x.gz"); err != nil {
			t.Errorf("%s: CheckGzip = %v, want nil", name, err)
		}
	}
	for name, data := range map[string][]byte{
		"Truncated": packed[:len(packed)/2], "NoTrailer": packed[:len(packed)-4], "Damaged": damaged,
		"BadHeader": []byte("\x1f\x8b\x09xx"),
	} {
		err := CheckGzip(ctx, bytes.NewReader(data), "x.gz")
		var ie *InputError
		if !errors.As(err, &ie) || !errors.Is(err, ErrGzip) ||
			!strings.HasPrefix(err.Error(), "read x.gz: the gzip-compressed data is truncated or damaged: decompressing stopped at byte ") {
			t.Errorf("%s: CheckGzip = %v, want an *InputError naming the byte", name, err)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := CheckGzip(cancelled, bytes.NewReader(packed), "x.gz"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: CheckGzip = %v, want context.Canceled", err)
	}
}
