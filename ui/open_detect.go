package ui

import (
	"context"
	"fmt"
	"strings"

	importjob "contactimport/importer/job"
	"contactimport/importer/source"
)

// detected is what the engine found out about a list when it opened it, each with why, and the
// first rows of the list as its reader reads them.
type detected struct {
	Path         string
	Format       string   // in words
	Encoding     string   // as --encoding names it; "" for a workbook
	EncodingWhy  string   // why that encoding
	Delimiter    string   // as --delimiter names it; "" for a workbook
	DelimiterWhy string   // why that separator
	SkipLines    int      // lines (sheet rows) above the header
	SkipWhy      string   // why
	Sheet        string   // the sheet read, for a workbook
	SheetWhy     string   // why that sheet
	Sheets       []string // the workbook's sheets, in its order
	Header       []string
	Rows         int64 // the data rows, estimated from the line ends; -1 when not known
	Warnings     []string
	Preview      *preview
}

// detect opens the list at path through the engine, as the command line would with the input
// options in, and says what it found: format, encoding, separator, where the header is, the
// sheet, and a preview of the first rows, judged by auto-mapping where it knows every column.
func (s *Server) detect(ctx context.Context, path string, in ListInput) (*detected, error) {
	l, err := s.cfg.Engine.OpenList(ctx, path, in)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	d := &detected{Path: path, Header: l.Header(), Sheet: l.Sheet(), Warnings: l.Warnings(), Rows: -1}
	if n, ok := l.Input.Rows(); ok && l.Format() != source.FormatXLSX {
		d.Rows = n
	}
	st, found := l.Start()
	d.describe(l.Reader, in, st, found)
	if l.Format() == source.FormatXLSX {
		d.Sheets = l.Sheets()
	}
	m := autoMapper(d.Header)
	if d.Preview, err = readPreview(ctx, l.Reader, m); err != nil {
		return nil, err
	}
	d.Preview.Sent = false // the map screen shows what is sent
	if m == nil {
		d.Preview.MapErr = text.PreviewNoMapper
	}
	return d, nil
}

// describe fills in the format, the encoding, the separator, the lines above the header and
// the sheet, each with why: the person chose it, or what the reader saw.
func (d *detected) describe(r *source.Reader, in ListInput, st source.Start, found bool) {
	switch r.Format() {
	case source.FormatXLSX:
		d.Format = text.formatXLSX
	case source.FormatGzipCSV:
		d.Format = text.formatGzip
	default:
		d.Format = text.formatCSV
	}
	d.SkipLines, d.SkipWhy = in.SkipLines, text.chosen
	switch {
	case found && st.SkipLines > 0:
		d.SkipLines, d.SkipWhy = st.SkipLines, st.Reason
	case in.SkipLines == 0 && in.FindStart:
		d.SkipWhy = text.headerFirst
	}
	if r.Format() == source.FormatXLSX {
		d.SheetWhy = text.firstSheet
		switch {
		case in.Sheet != "":
			d.SheetWhy = text.chosen
		case found && st.Sheet != "":
			d.SheetWhy = st.Reason
		}
		return
	}
	d.Encoding, d.EncodingWhy = r.Encoding(), text.chosen
	if in.Encoding == "" {
		d.EncodingWhy = encodingWhy(r.Encoding(), d.Warnings)
	}
	d.Delimiter, d.DelimiterWhy = importjob.DelimiterName(r.Delimiter()), text.chosen
	if in.Delimiter == "" {
		d.DelimiterWhy = text.sniffedDelimiter
	}
}

// encodingWhy is why the reader chose enc: its own words (the warning it gives for a file that
// is not UTF-8, with the reason), a byte order mark, or valid UTF-8.
func encodingWhy(enc string, warnings []string) string {
	for _, w := range warnings {
		if strings.Contains(w, "not valid UTF-8") {
			return w
		}
	}
	switch enc {
	case source.EncodingUTF16LE, source.EncodingUTF16BE:
		return text.utf16Why
	case source.EncodingUTF8:
		return text.utf8Why
	}
	return ""
}

// RowsText is the estimated number of data rows, in words.
func (d *detected) RowsText() string {
	if d.Rows < 0 {
		return ""
	}
	return fmt.Sprintf(text.aboutRows, d.Rows)
}
