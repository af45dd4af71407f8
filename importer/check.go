package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"contactimport/mapping"
	"contactimport/report"
)

// Check reads, maps and validates every record of src without any network, writing a report
// line per row with status valid or failed. It returns a *StopError when ctx ends first.
func Check(ctx context.Context, m *mapping.Mapper, src Records, sink Sink, sum *report.Summary, p *Progress) error {
	if p == nil {
		p = new(Progress)
	}
	lastFlush := time.Now()
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if ctx.Err() != nil {
				if err := sink.Flush(); err != nil {
					return fmt.Errorf("write report: %w", err)
				}
				return &StopError{Reason: "interrupted", Err: ErrInterrupted}
			}
			if time.Since(lastFlush) >= time.Second {
				if err := sink.Flush(); err != nil {
					return fmt.Errorf("write report: %w", err)
				}
				lastFlush = time.Now()
			}
		}
		rec, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			sink.Flush()
			return fmt.Errorf("read input: %w", err)
		}
		p.Offset.Store(rec.End)
		if rec.Padded {
			sum.PaddedRows++
		}
		l := checkLine(m, rec)
		if err := sink.Write(l); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		sum.Add(l)
		p.Rows.Add(1)
		if l.Status == report.Failed {
			p.Failed.Add(1)
		} else {
			p.OK.Add(1)
		}
	}
	if err := sink.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

func checkLine(m *mapping.Mapper, rec Record) report.Line {
	l := report.Line{Row: rec.Row, Line: rec.Line, Cells: rec.Cells, Status: report.Valid}
	mapRecord(m, rec, &l)
	return l
}

// mapRecord maps rec. When the row is not to be sent it marks l, and reports false: skipped
// with the reason when the mapping's skip_rows leave it out, else a validation failure.
func mapRecord(m *mapping.Mapper, rec Record, l *report.Line) (mapping.Contact, bool) {
	fail := func(code, msg string) (mapping.Contact, bool) {
		l.Status, l.Class, l.Code, l.Message = report.Failed, report.Validation, code, msg
		return mapping.Contact{}, false
	}
	if rec.Err != nil {
		return fail(rec.Err.Code, rec.Err.Error())
	}
	if reason, skip := m.Skip(rec.Cells); skip {
		l.Status, l.Message = report.Skipped, reason
		return mapping.Contact{}, false
	}
	c, err := m.Map(rec.Cells)
	if err != nil {
		var fe *mapping.FieldError
		if errors.As(err, &fe) {
			return fail(fe.Code, err.Error())
		}
		return fail("invalid", err.Error())
	}
	return c, true
}
