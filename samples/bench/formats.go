package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"contactimport/report"
)

// formatSizes are the rows of the XLSX and the .csv.gz read by the formats scenario.
func formatSizes(quick bool) (xlsx, gz int) {
	if quick {
		return 20_000, 100_000
	}
	return 100_000, 1_000_000
}

// formats measures `check` of a gzip-compressed CSV and of an XLSX workbook: rows/s and peak
// RSS, which must stay under the same 100 MB as a plain CSV's.
func (b *bench) formats(ctx context.Context) ([]row, error) {
	xlsxRows, gzRows := formatSizes(b.quick)
	var rows []row
	for _, in := range []struct {
		kind string
		n    int
		make func(csvPath, out string) error
	}{
		{".csv.gz", gzRows, gzipFile},
		{".xlsx", xlsxRows, xlsxFile},
	} {
		src, err := b.input(genOptions{Rows: in.n, Seed: 1})
		if err != nil {
			return rows, err
		}
		file := strings.TrimSuffix(src, ".csv") + in.kind
		start := time.Now()
		if err := in.make(src, file); err != nil {
			return rows, fmt.Errorf("write %s: %w", file, err)
		}
		b.logf("formats: wrote %s in %s", file, time.Since(start).Round(time.Millisecond))
		fi, err := os.Stat(file)
		if err != nil {
			return rows, err
		}
		dir, err := b.dir("formats")
		if err != nil {
			return rows, err
		}
		r, err := b.cliRun(ctx, dir, "check", "check", nil, file)
		if err != nil {
			return rows, err
		}
		if r.sum.Counts[report.Valid] != in.n {
			return rows, fmt.Errorf("check %s: %d valid of %d (report %s)", file, r.sum.Counts[report.Valid], in.n, r.report)
		}
		what := fmt.Sprintf("%s rows %s", count(in.n), in.kind)
		rows = append(rows, row{scenario: "formats", measure: "check throughput, " + what,
			target: "— (no target)", measured: fmt.Sprintf("%s rows/s", count(int(r.sum.RowsPerSecond))),
			details: fmt.Sprintf("file %s; whole process %s (%s rows/s, input hashing and start-up included)",
				mb(fi.Size()/1024), r.wall.Round(time.Millisecond), count(int(float64(in.n)/r.wall.Seconds())))})
		rss := rssRow("check", in.n, r)
		rss.scenario, rss.measure = "formats", "peak RSS, check of "+what
		rows = append(rows, rss)
	}
	return rows, nil
}

// gzipFile compresses the file at src into out, as gzip(1) does at its default level.
func gzipFile(src, out string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f)
	if _, err := io.Copy(zw, in); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// xlsxFile writes the CSV at src as the first sheet of an XLSX workbook at out, row by row with
// excelize's stream writer, every cell as text (as the CSV has it).
func xlsxFile(src, out string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	rd := csv.NewReader(bufio.NewReader(in))
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	cells := []any{}
	for n := 1; ; n++ {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		cells = cells[:0]
		for _, c := range rec {
			cells = append(cells, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(out)
}
