package report

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestWriteFlushesAtLimit pins when Write passes the buffer on by itself: once it holds flushAt
// bytes or more, not a byte earlier.
func TestWriteFlushesAtLimit(t *testing.T) {
	head := "\ufeffemail," + imp + "\n"
	const rest = ",1,2,created,,,,,0\n" // the import cells of the line below
	tests := []struct {
		Name    string
		Size    int // bytes buffered after WriteHeader and one Write
		Out     int // want bytes passed on before Flush
		Written int // want Written() before Flush
	}{
		{Name: "OneByteShort", Size: flushAt - 1, Out: 0, Written: 0},
		{Name: "Exactly", Size: flushAt, Out: flushAt, Written: 1},
		{Name: "OneByteOver", Size: flushAt + 1, Out: flushAt + 1, Written: 1},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			cell := strings.Repeat("a", tt.Size-len(head)-len(rest))
			var buf bytes.Buffer
			w := NewWriter(&buf, []string{"email"})
			if err := w.WriteHeader(); err != nil {
				t.Fatal(err)
			}
			if err := w.Write(Line{Row: 1, Line: 2, Status: Created, Cells: []string{cell}}); err != nil {
				t.Fatal(err)
			}
			if got := buf.Len(); got != tt.Out {
				t.Errorf("bytes passed on before Flush = %d, want %d", got, tt.Out)
			}
			if got := w.Written(); got != tt.Written {
				t.Errorf("Written() before Flush = %d, want %d", got, tt.Written)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if got, want := buf.String(), head+cell+rest; got != want {
				t.Errorf("output after Flush is %d bytes, want %d", len(got), len(want))
			}
			if got := w.Written(); got != 1 {
				t.Errorf("Written() after Flush = %d, want 1", got)
			}
		})
	}
}

// shortWriter takes at most n bytes of a write and then answers err.
type shortWriter struct {
	buf bytes.Buffer
	n   int
	err error
}

func (s *shortWriter) Write(p []byte) (int, error) {
	if len(p) <= s.n {
		s.n -= len(p)
		return s.buf.Write(p)
	}
	k, _ := s.buf.Write(p[:s.n])
	s.n = 0
	return k, s.err
}

// TestWrittenAfterShortWrite checks that Written counts exactly the lines that reached the
// underlying writer in full, however far into the buffer a failing write got.
func TestWrittenAfterShortWrite(t *testing.T) {
	head := "\ufeffemail," + imp + "\n"
	lines := []string{"a,1,2,created,,,,,0\n", "bb,2,3,created,,,,,0\n", "ccc,3,4,created,,,,,0\n"}
	end := func(k int) int { // offset just past data line k (0: the header)
		n := len(head)
		for _, l := range lines[:k] {
			n += len(l)
		}
		return n
	}
	errDisk := errors.New("disk full")
	tests := []struct {
		Name    string
		Accept  int   // bytes the underlying writer takes
		Err     error // what it answers after them; nil makes a short write without an error
		Written int
		WantErr error
	}{
		{Name: "All", Accept: end(3), Written: 3},
		{Name: "NotEvenTheHeader", Accept: len(head) - 1, Err: errDisk, Written: 0, WantErr: errDisk},
		{Name: "OnlyTheHeader", Accept: end(0), Err: errDisk, Written: 0, WantErr: errDisk},
		{Name: "OneByteShortOfFirstLine", Accept: end(1) - 1, Err: errDisk, Written: 0, WantErr: errDisk},
		{Name: "ExactlyTheFirstLine", Accept: end(1), Err: errDisk, Written: 1, WantErr: errDisk},
		{Name: "OneByteIntoSecondLine", Accept: end(1) + 1, Err: errDisk, Written: 1, WantErr: errDisk},
		{Name: "OneByteShortOfAll", Accept: end(3) - 1, Err: errDisk, Written: 2, WantErr: errDisk},
		{Name: "ShortWriteWithoutError", Accept: end(2), Written: 2, WantErr: io.ErrShortWrite},
	}
	for _, tt := range tests {
		t.Run(tt.Name, func(t *testing.T) {
			out := &shortWriter{n: tt.Accept, err: tt.Err}
			w := NewWriter(out, []string{"email"})
			if err := w.WriteHeader(); err != nil {
				t.Fatal(err)
			}
			for i, cell := range []string{"a", "bb", "ccc"} {
				if err := w.Write(Line{Row: i + 1, Line: i + 2, Status: Created, Cells: []string{cell}}); err != nil {
					t.Fatal(err)
				}
			}
			err := w.Flush()
			if !errors.Is(err, tt.WantErr) || (tt.WantErr == nil && err != nil) {
				t.Errorf("Flush: err = %v, want %v", err, tt.WantErr)
			}
			if got := w.Written(); got != tt.Written {
				t.Errorf("Written() = %d, want %d", got, tt.Written)
			}
			if got, want := out.buf.String(), (head + strings.Join(lines, ""))[:tt.Accept]; got != want {
				t.Errorf("underlying writer got %q, want %q", got, want)
			}
			if tt.WantErr == nil {
				return
			}
			// The error sticks: nothing more is buffered or written, and Written stays.
			if werr := w.Write(Line{Row: 9, Line: 10, Status: Created}); werr != err {
				t.Errorf("Write after the error: err = %v, want %v", werr, err)
			}
			if again := w.Flush(); again != err {
				t.Errorf("Flush after the error: err = %v, want %v", again, err)
			}
			if got := w.Written(); got != tt.Written {
				t.Errorf("Written() after more calls = %d, want %d", got, tt.Written)
			}
		})
	}
}

// TestWrittenAcrossFlushes checks that Written adds up the lines of every Flush, and that a
// Flush of an empty buffer writes nothing.
func TestWrittenAcrossFlushes(t *testing.T) {
	var out countingWriter
	w := NewWriter(&out, []string{"email"})
	if err := w.Flush(); err != nil || out.calls != 0 {
		t.Fatalf("Flush of nothing: err = %v, %d writes; want no error, no write", err, out.calls)
	}
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	want := 0
	for round, n := range []int{2, 0, 1, 3} {
		for range n {
			want++
			if err := w.Write(Line{Row: want, Line: want + 1, Status: Updated, Cells: []string{"x"}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if got := w.Written(); got != want {
			t.Errorf("after flush %d: Written() = %d, want %d", round, got, want)
		}
	}
	if out.calls != 3 {
		t.Errorf("underlying writes = %d, want 3 (a flush with nothing buffered writes nothing)", out.calls)
	}
}

type countingWriter struct{ calls int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.calls++
	return len(p), nil
}
