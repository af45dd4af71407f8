package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"contactimport/report"
)

// mappFileLimit is the limit convert splits at: Mapp's 50 MB, read as 50,000,000 bytes.
const mappFileLimit = 50_000_000

// convert runs `contactimport convert` on generated lists (every row valid) and checks what it
// wrote: every file within Mapp's limit, starting with the header, and the rows of the files,
// read in order, exactly the input's rows, each value under its column.
func (b *bench) convert(ctx context.Context) ([]row, error) {
	var rows []row
	for i, n := range b.size.convert {
		file, err := b.input(genOptions{Rows: n, Seed: 1})
		if err != nil {
			return rows, err
		}
		dir, err := b.dir("convert")
		if err != nil {
			return rows, err
		}
		r, err := b.cliRun(ctx, dir, "convert", "convert", []string{"--out-dir", dir}, file)
		if err != nil {
			return rows, err
		}
		if r.sum.Counts[report.Valid] != n {
			return rows, fmt.Errorf("convert %d rows: %d valid (report %s)", n, r.sum.Counts[report.Valid], r.report)
		}
		files, err := filepath.Glob(filepath.Join(dir, filepath.Base(stem(file))+".mapp-*.csv"))
		if err != nil {
			return rows, err
		}
		start := time.Now()
		v, err := verifyConvert(file, files)
		if err != nil {
			return rows, fmt.Errorf("convert %d rows: %w", n, err)
		}
		b.logf("  verified %d files, %s rows in %s", len(files), count(v.rows), time.Since(start).Round(time.Millisecond))
		if i == len(b.size.convert)-1 {
			rows = append(rows, row{scenario: "convert", measure: fmt.Sprintf("convert throughput, %s rows", count(n)),
				target: "≥ 200,000 rows/s", measured: fmt.Sprintf("%s rows/s", count(int(r.sum.RowsPerSecond))),
				verdict: judge(r.sum.RowsPerSecond >= 200_000),
				details: fmt.Sprintf("whole process %s (%s rows/s, input hashing and start-up included)",
					r.wall.Round(time.Millisecond), count(int(float64(n)/r.wall.Seconds())))})
		}
		rows = append(rows, rssRow("convert", n, r),
			row{scenario: "convert", measure: fmt.Sprintf("import files of %s rows", count(n)),
				target: "every file ≤ 50,000,000 bytes; every row once", measured: fmt.Sprintf("%d files, largest %s bytes", len(files), count(int(v.largest))),
				verdict: judge(v.largest <= mappFileLimit && v.rows == n),
				details: fmt.Sprintf("%s rows in the files, in input order, every value under its column", count(v.rows))},
			cpuRow("convert", "converted", n, r))
	}
	return rows, nil
}

func stem(path string) string { return path[:len(path)-len(filepath.Ext(path))] }

type convertCheck struct {
	rows    int
	largest int64
}

// verifyConvert streams the input and the import files side by side (no row kept in memory):
// each file must start with the same header, and its rows, file after file, must be the
// input's rows in order, each input column's value under the import column of the same name
// (the generated header is Mapp's own names, which convert keeps).
func verifyConvert(input string, files []string) (convertCheck, error) {
	var v convertCheck
	if len(files) == 0 {
		return v, fmt.Errorf("no import file written")
	}
	in, err := os.Open(input)
	if err != nil {
		return v, err
	}
	defer in.Close()
	ir := csv.NewReader(bufio.NewReader(in))
	ih, err := ir.Read()
	if err != nil {
		return v, err
	}
	var header []string
	var cols []int // import column → input column
	for i, path := range files {
		if want := fmt.Sprintf("%s.mapp-%03d.csv", filepath.Base(stem(input)), i+1); filepath.Base(path) != want {
			return v, fmt.Errorf("file %d is %s, want %s", i+1, filepath.Base(path), want)
		}
		fi, err := os.Stat(path)
		if err != nil {
			return v, err
		}
		v.largest = max(v.largest, fi.Size())
		if fi.Size() > mappFileLimit {
			return v, fmt.Errorf("%s: %d bytes, above Mapp's limit", path, fi.Size())
		}
		f, err := os.Open(path)
		if err != nil {
			return v, err
		}
		fr := csv.NewReader(bufio.NewReader(f))
		h, err := fr.Read()
		if err == nil && header == nil {
			header = slices.Clone(h)
			for _, name := range h {
				j := slices.Index(ih, name)
				if j < 0 {
					f.Close()
					return v, fmt.Errorf("import column %q is not an input column", name)
				}
				cols = append(cols, j)
			}
		}
		if err == nil && !slices.Equal(h, header) {
			err = fmt.Errorf("header %q differs from the first file's %q", h, header)
		}
		for err == nil {
			var got, want []string
			if got, err = fr.Read(); err != nil {
				break
			}
			if want, err = ir.Read(); err != nil {
				err = fmt.Errorf("row %d is in the files but not in the input: %v", v.rows+1, err)
				break
			}
			v.rows++
			for k, j := range cols {
				if got[k] != want[j] {
					err = fmt.Errorf("row %d, column %s differs from the input", v.rows, header[k])
					break
				}
			}
		}
		f.Close()
		if err != io.EOF {
			return v, fmt.Errorf("%s: %w", path, err)
		}
	}
	if _, err := ir.Read(); err != io.EOF {
		return v, fmt.Errorf("the input has rows after row %d that are in no file", v.rows)
	}
	return v, nil
}
