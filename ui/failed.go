package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
	"contactimport/report/runfile"
)

// maxRows is how many failed rows the fix screen shows (and retries) at once: a grid of more
// is not read by a person, and the page stays small.
const maxRows = 500

// failedReport is the failed rows of a report as the fix screen shows them.
type failedReport struct {
	Path      string
	Summary   *report.Summary // nil when no summary is beside the report
	Header    []string
	Rows      []failedRow
	Capped    bool   // more failed rows than maxRows
	Saved     string // how a report saved again by a spreadsheet was read; "" for one as written
	Member    bool   // the report has import.membership: its run was into a group
	Group     int64  // the group of the import started here that wrote it, to retry into
	Sub       string // and its subscription mode
	Subs      []engage.SubscriptionMode
	sep       rune
	NoSummary bool // no summary beside the report: the automatic mapping is used
}

// failedRow is one failed line of the report with the mapper's verdict on its cells now.
type failedRow struct {
	report.Line
	Verdict verdict
}

// verdict is what the mapper says of a row: ready to send, skipped by the mapping's skip_rows,
// or failed, with the cells at fault.
type verdict struct {
	Row     int
	State   string // "ok", "skip" or "bad"
	Message string
	Same    bool   // bad for the reason the report gives: nothing corrected yet
	Bad     []bool // per cell: at fault
}

// openReport reads the failed rows of the report at path (only its header when rows is false)
// and its summary, and compiles the mapping its run used. The report is read as written
// (report.NewReader) or, when that fails, as retry reads one a spreadsheet saved again
// (report.NewLenientReader): another separator or encoding, a byte order mark, an XLSX
// workbook, import.* cells other than import.row and import.status emptied. Without a summary
// beside it (a copy saved under another name), the mapping is the automatic one, as retry's
// without --mapping.
func openReport(path string, eng Engine, rows bool) (*failedReport, *mapping.Mapper, error) {
	sum, err := runfile.ReadSummary(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("report %s: its summary %s.json cannot be read (it tells which mapping the run used): %w", path, path, err)
	}
	fr, err := readFailed(path, rows, report.Strict)
	if err != nil {
		fr, err = readFailed(path, rows, report.Lenient)
	}
	if err != nil {
		return nil, nil, err
	}
	fr.Summary, fr.NoSummary, fr.Subs = sum, sum == nil, engage.SubscriptionModes()
	m, err := eng.Mapper(sum, fr.Header)
	if err != nil && sum == nil {
		err = fmt.Errorf("report %s: %w", path, err)
	}
	if err != nil {
		return nil, nil, err
	}
	for i := range fr.Rows {
		l := fr.Rows[i].Line
		v := judge(m, fr.Header, l.Row, l.Line, l.Cells)
		v.Same = v.State == "bad" && v.Message == l.Message
		fr.Rows[i].Verdict = v
	}
	return fr, m, nil
}

// readFailed reads the failed lines of the report at path in the reader's mode (only its
// header when rows is false), up to maxRows.
func readFailed(path string, rows bool, mode report.Mode) (*failedReport, error) {
	f, err := source.OpenFile(path, source.KindInput)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rd *report.Reader
	if mode == report.Strict {
		if rd, err = report.NewReader(f); err != nil {
			return nil, fmt.Errorf("report %s: %w", path, err)
		}
	} else if rd, err = report.NewLenientReader(f, source.Options{Name: path}); err != nil {
		return nil, err // names the report
	}
	defer rd.Close()
	fr := &failedReport{Path: path, Header: rd.InputHeader(), sep: rd.Delimiter(), Member: rd.HasMembership()}
	if mode == report.Lenient {
		fr.Saved = "a workbook"
		if fr.sep > 0 {
			fr.Saved = rd.Encoding() + ", separator " + strconv.QuoteRune(fr.sep)
		}
	}
	for rows {
		l, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("report %s: %w", path, err)
		}
		if l.Status != report.Failed {
			continue
		}
		if len(fr.Rows) == maxRows {
			fr.Capped = true
			break
		}
		l.Cells = append([]string(nil), l.Cells...) // the Reader reuses its record
		fr.Rows = append(fr.Rows, failedRow{Line: l})
	}
	return fr, nil
}

// judge maps the cells as import, check and retry do (importer.MapRecord) and marks the cells
// of the columns the mapper names.
func judge(m *mapping.Mapper, header []string, row, line int, cells []string) verdict {
	v := verdict{Row: row, State: "ok", Bad: make([]bool, len(header))}
	var l report.Line
	_, ok := importer.MapRecord(m, source.Record{Row: row, Line: line, Cells: cells}, &l)
	switch {
	case ok:
		return v
	case l.Status == report.Skipped:
		v.State, v.Message = "skip", l.Message
		return v
	}
	v.State, v.Message = "bad", l.Message
	_, err := m.Map(cells)
	for _, fe := range mapping.FieldErrors(err) {
		for i, h := range header {
			if h == fe.Column {
				v.Bad[i] = true
			}
		}
	}
	return v
}

// writeFixed writes the rows of fr, with the cells of edits where given (by row number), as a
// new report beside fr: <report stem>.fixed.csv, numbered when taken, created 0600 by
// runfile.Create. Every row edited must be a failed row of fr, with one cell per column. The
// copy keeps the report's columns, separator and import.* cells, so retry reads it as it reads
// a report saved back by a spreadsheet; fr itself is never touched.
func writeFixed(fr *failedReport, edits map[int][]string) (string, error) {
	for row, cells := range edits {
		if !fr.has(row) {
			return "", fmt.Errorf(text.noRow, row, fr.Path)
		}
		if len(cells) != len(fr.Header) {
			return "", fmt.Errorf(text.badRow, row, len(cells), len(fr.Header))
		}
	}
	path, f, err := createFixed(fr.Path)
	if err != nil {
		return "", err
	}
	sep := fr.sep
	if !report.ValidDelimiter(sep) {
		sep = ','
	}
	w, err := report.NewDelimitedWriter(f, fr.Header, sep)
	if err == nil && fr.Member {
		w = w.WithMembership()
	}
	if err == nil {
		err = w.WriteHeader()
	}
	for _, r := range fr.Rows {
		if err != nil {
			break
		}
		if cells, ok := edits[r.Row]; ok {
			r.Cells = cells
		}
		err = w.Write(r.Line)
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("write the corrected rows to %s: %w", path, err)
	}
	return path, nil
}

func (fr *failedReport) has(row int) bool {
	for _, r := range fr.Rows {
		if r.Row == row {
			return true
		}
	}
	return false
}

// createFixed creates <report stem>.fixed.csv, or .fixed.2.csv, .fixed.3.csv … when taken.
func createFixed(reportPath string) (string, *os.File, error) {
	stem := strings.TrimSuffix(reportPath, filepath.Ext(reportPath))
	for n := 1; n < 1000; n++ {
		p := stem + ".fixed.csv"
		if n > 1 {
			p = stem + ".fixed." + strconv.Itoa(n) + ".csv"
		}
		f, err := runfile.Create(p)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, fmt.Errorf("create %s: %w", p, err)
		}
		return p, f, nil
	}
	return "", nil, fmt.Errorf("create %s.fixed.csv: 999 corrected copies exist already; remove some", stem)
}
