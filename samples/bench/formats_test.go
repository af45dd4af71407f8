package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"contactimport/importer/source"
)

// The workbook and the gzip file the formats scenario checks hold exactly the generated CSV's
// rows, read back through the CLI's own reader.
func TestFormatFilesHoldTheCSV(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "c.csv")
	opts := genOptions{Rows: 300, Seed: 1}
	if err := writeFile(src, opts); err != nil {
		t.Fatal(err)
	}
	want := records(t, opts)
	for _, f := range []struct {
		ext    string
		make   func(string, string) error
		format string
	}{{".csv.gz", gzipFile, source.FormatGzipCSV}, {".xlsx", xlsxFile, source.FormatXLSX}} {
		out := filepath.Join(dir, "c"+f.ext)
		if err := f.make(src, out); err != nil {
			t.Fatal(err)
		}
		in, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		s, err := source.Open(in, source.Options{TempDir: dir})
		if err != nil {
			t.Fatalf("%s: %v", f.ext, err)
		}
		got := [][]string{s.Header()}
		for {
			rec, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil || rec.Err != nil {
				t.Fatalf("%s row %d: %v %v", f.ext, rec.Row, err, rec.Err)
			}
			got = append(got, rec.Cells)
		}
		s.Close()
		in.Close()
		if s.Format() != f.format || !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: format %q, %d records; want %q and the CSV's %d", f.ext, s.Format(), len(got), f.format, len(want))
		}
	}
}
