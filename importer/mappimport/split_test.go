package mappimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// memFiles keeps the files a Splitter creates in memory.
type memFiles struct {
	files  []*memFile
	failAt int // create fails for this file number; 0: never
}

type memFile struct {
	bytes.Buffer
	closed bool
}

func (f *memFile) Close() error { f.closed = true; return nil }

func (m *memFiles) create(n int) (io.WriteCloser, error) {
	if n == m.failAt {
		return nil, errors.New("disk full")
	}
	if n != len(m.files)+1 {
		panic("files created out of order")
	}
	f := new(memFile)
	m.files = append(m.files, f)
	return f, nil
}

func TestAppendRowQuotesEveryField(t *testing.T) {
	got := string(appendRow(nil, []string{"a", "", `say "hi"`, "x,y", "two\nlines"}))
	want := "\"a\",\"\",\"say \"\"hi\"\"\",\"x,y\",\"two\nlines\"\r\n"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	r := csv.NewReader(strings.NewReader(got))
	rec, err := r.Read()
	if err != nil || !slices.Equal(rec, []string{"a", "", `say "hi"`, "x,y", "two\nlines"}) {
		t.Fatalf("read back %q, %v", rec, err)
	}
}

// TestSplitBoundaries: a file is filled up to the limit exactly, the next byte starts a new
// file, the header heads every file and no row is split.
func TestSplitBoundaries(t *testing.T) {
	header := []string{"user.Email"} // "\"user.Email\"\r\n": 14 bytes
	row := []string{"a@example.org"} // "\"a@example.org\"\r\n": 17 bytes
	hl, rl := int64(14), int64(17)
	for _, tc := range []struct {
		name      string
		limit     int64
		rows      int
		wantFiles []int // rows per file
	}{
		{"exactly full", hl + 3*rl, 3, []int{3}},
		{"one byte short", hl + 3*rl - 1, 3, []int{2, 1}},
		{"one row per file", hl + rl, 3, []int{1, 1, 1}},
		{"full then one more", hl + 2*rl, 5, []int{2, 2, 1}},
		{"no rows", hl + rl, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := &memFiles{}
			s, err := NewSplitter(header, tc.limit, mem.create)
			if err != nil {
				t.Fatal(err)
			}
			for range tc.rows {
				if err := s.Write(row); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			var got []int
			for i, f := range mem.files {
				if !f.closed {
					t.Errorf("file %d not closed", i+1)
				}
				if int64(f.Len()) > tc.limit {
					t.Errorf("file %d has %d bytes, limit %d", i+1, f.Len(), tc.limit)
				}
				if !strings.HasPrefix(f.String(), "\"user.Email\"\r\n") {
					t.Errorf("file %d does not start with the header: %q", i+1, f.String())
				}
				n := strings.Count(f.String(), "\"a@example.org\"\r\n")
				got = append(got, n)
				if want := hl + int64(n)*rl; int64(f.Len()) != want {
					t.Errorf("file %d: %d bytes, want %d", i+1, f.Len(), want)
				}
				info := s.Files()[i]
				if info.Number != i+1 || info.Rows != n || info.Bytes != int64(f.Len()) {
					t.Errorf("Files()[%d] = %+v, file has %d rows, %d bytes", i, info, n, f.Len())
				}
			}
			if !slices.Equal(got, tc.wantFiles) {
				t.Fatalf("rows per file %v, want %v", got, tc.wantFiles)
			}
		})
	}
}

func TestSplitRowTooLarge(t *testing.T) {
	mem := &memFiles{}
	s, err := NewSplitter([]string{"h"}, 10, mem.create) // header: 5 bytes
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write([]string{"12"}); err != nil { // 6 bytes: 11 > 10
		if !errors.Is(err, ErrRowTooLarge) {
			t.Fatalf("err = %v", err)
		}
	} else {
		t.Fatal("a row larger than a file was written")
	}
	if err := s.Write([]string{"1"}); err != nil { // 5 bytes: exactly 10
		t.Fatal(err)
	}
	if _, err := NewSplitter([]string{"a long header"}, 10, mem.create); err == nil {
		t.Fatal("a header larger than the limit was accepted")
	}
}

func TestSplitCreateError(t *testing.T) {
	mem := &memFiles{failAt: 2}
	s, _ := NewSplitter([]string{"h"}, 5+5, mem.create)
	if err := s.Write([]string{"1"}); err != nil {
		t.Fatal(err)
	}
	err := s.Write([]string{"2"})
	if err == nil || !strings.Contains(err.Error(), "create import file 2: disk full") {
		t.Fatalf("err = %v", err)
	}
	if !mem.files[0].closed {
		t.Fatal("file 1 not completed before file 2 was begun")
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 50000000: "50,000,000", 123456: "123,456"} {
		if got := group(n); got != want {
			t.Errorf("group(%d) = %q, want %q", n, got, want)
		}
	}
}
