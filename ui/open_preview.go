package ui

import (
	"context"
	"errors"
	"io"

	"contactimport/importer"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// The preview's bounds: the first rows of the list, and the rows that fail among the first
// rows scanned, so that a list's bad rows are seen before a whole-file check has run, while a
// list of any size is read only so far.
const (
	previewRows   = 20
	previewFailed = 20
	previewScan   = 10_000
)

// preview is the first rows of a list, and the failing rows found further down, each with the
// mapper's verdict (importer.MapRecord, as check and import map every row).
type preview struct {
	Header  []string
	Rows    []previewRow
	Failed  []previewRow // failing rows after the first ones, within the rows scanned
	Scanned int          // rows read
	More    bool         // the list goes on after the rows scanned
	MapErr  string       // why the rows could not be mapped (the mapping does not compile)
	Bad     int          // failing rows among the rows scanned
	Sent    bool         // show the contact each row sends
	Prefix  string       // of the rows' element ids: "p" for the first rows, "f" for the failing ones
}

// FailedOnly is the preview of the failing rows further down, for the same table.
func (p *preview) FailedOnly() *preview {
	f := *p
	f.Rows, f.Prefix = p.Failed, "f"
	return &f
}

// previewRow is one row of the preview: its cells as the reader read them, the contact the
// mapper makes of them, and the verdict.
type previewRow struct {
	Row, Line int
	Cells     []string
	Contact   []mapping.Attribute // what would be sent: identifier fields, then attributes
	Verdict   verdict
}

// autoMapper is auto-mapping of header (the mapping of check and import without --mapping), or
// nil when it does not know every column.
func autoMapper(header []string) *mapping.Mapper {
	m, err := mapping.Compile(nil, header, mapping.Options{})
	if err != nil {
		return nil
	}
	return m
}

// readPreview reads the first rows of r and judges each with m (nil: only the reader's
// verdict). It reads at most previewScan rows.
func readPreview(ctx context.Context, r *source.Reader, m *mapping.Mapper) (*preview, error) {
	p := &preview{Header: r.Header(), Prefix: "p", Sent: m != nil}
	for p.Scanned < previewScan {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return nil, err
		}
		p.Scanned++
		first := len(p.Rows) < previewRows
		pr := previewRow{Row: rec.Row, Line: rec.Line, Cells: fit(rec.Cells, len(p.Header))}
		pr.Verdict = judgeRecord(m, p.Header, rec)
		if pr.Verdict.State == "bad" {
			p.Bad++
		}
		switch {
		case first:
			if pr.Verdict.State == "ok" {
				pr.Contact = sent(m, rec)
			}
			p.Rows = append(p.Rows, pr)
		case pr.Verdict.State == "bad" && len(p.Failed) < previewFailed:
			p.Failed = append(p.Failed, pr)
		}
	}
	p.More = true
	return p, nil
}

// fit pads or cuts cells to n, for a table of n columns.
func fit(cells []string, n int) []string {
	out := make([]string, n)
	copy(out, cells)
	return out
}

// judgeRecord is the verdict on one record as the reader read it: the reader's own error (the
// cell at fault marked), else the mapper's (judge); with m nil only the reader's verdict is
// known, and State is "" for a row the reader read.
func judgeRecord(m *mapping.Mapper, header []string, rec source.Record) verdict {
	if rec.Err != nil {
		v := verdict{Row: rec.Row, State: "bad", Message: rec.Err.Error(), Bad: make([]bool, len(header))}
		if c := rec.Err.Column - 1; c >= 0 && c < len(header) {
			v.Bad[c] = true
		}
		return v
	}
	if m == nil {
		return verdict{Row: rec.Row, Bad: make([]bool, len(header))}
	}
	return judge(m, header, rec.Row, rec.Line, rec.Cells)
}

// sent is the contact a row the mapper accepts sends (importer.MapRecord), as the fields it
// sends: the identifier fields, then the attributes.
func sent(m *mapping.Mapper, rec source.Record) []mapping.Attribute {
	var l report.Line
	c, ok := importer.MapRecord(m, rec, &l)
	if !ok {
		return nil
	}
	var out []mapping.Attribute
	for _, f := range []mapping.Attribute{{Name: "email", Value: c.Email}, {Name: "mobile", Value: c.Mobile},
		{Name: "alias", Value: c.Alias}, {Name: "external", Value: c.External}} {
		if f.Value != "" {
			out = append(out, f)
		}
	}
	out = append(out, c.Attributes...)
	for _, a := range c.Member {
		out = append(out, mapping.Attribute{Name: "member." + a.Name, Value: a.Value})
	}
	return out
}
