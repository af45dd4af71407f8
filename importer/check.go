package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// Check reads, maps and validates every record of src without any network, writing a report
// line per row with status valid or failed, in input order. It returns a *StopError when ctx
// ends first.
//
// Mapping, the costly part, runs on every core: one goroutine reads records into batches,
// workers map whole batches, and the caller's goroutine writes the batches' lines in the order
// they were read. At most checkInFlight batches exist at a time, so memory stays bounded
// whatever the file's size.
func Check(ctx context.Context, m *mapping.Mapper, src Records, sink Sink, sum *report.Summary, p *Progress) error {
	if p == nil {
		p = new(Progress)
	}
	workers := max(runtime.GOMAXPROCS(0), 1)
	ordered := make(chan *checkBatch, checkInFlight) // every batch, in input order
	work := make(chan *checkBatch, checkInFlight)    // batches waiting for a worker
	quit := make(chan struct{})
	var wg sync.WaitGroup
	defer func() {
		close(quit)
		wg.Wait() // src is the caller's again once Check returns
	}()
	wg.Add(1 + workers)
	go func() {
		defer wg.Done()
		defer close(work)
		defer close(ordered)
		readBatches(src, ordered, work, quit)
	}()
	for range workers {
		go func() {
			defer wg.Done()
			for b := range work {
				for i := range b.recs {
					b.lines[i] = checkLine(m, b.recs[i])
				}
				close(b.done)
			}
		}()
	}
	lastFlush := time.Now()
	for b := range ordered {
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
		<-b.done
		for i, l := range b.lines {
			p.Offset.Store(b.recs[i].End)
			if b.recs[i].Padded {
				sum.PaddedRows++
			}
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
		if b.err != nil {
			sink.Flush()
			return fmt.Errorf("read input: %w", b.err)
		}
	}
	if err := sink.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// Batches of Check: records per batch, and batches read ahead of the report.
const (
	checkBatchRows = 256
	checkInFlight  = 8
)

// checkBatch is a run of records and, once done is closed, their report lines. err is the read
// error after the records, if reading stopped there.
type checkBatch struct {
	recs  []source.Record
	lines []report.Line
	err   error
	done  chan struct{}
}

// readBatches reads src into batches until its end, a read error (carried by the last batch)
// or quit, handing each batch to the workers and, in order, to the writer.
func readBatches(src Records, ordered, work chan<- *checkBatch, quit <-chan struct{}) {
	for {
		b := &checkBatch{recs: make([]source.Record, 0, checkBatchRows), done: make(chan struct{})}
		eof := false
		for len(b.recs) < checkBatchRows {
			rec, err := src.Next()
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				b.err = err
				break
			}
			b.recs = append(b.recs, rec)
		}
		if len(b.recs) == 0 && b.err == nil {
			return
		}
		b.lines = make([]report.Line, len(b.recs))
		select {
		case ordered <- b:
		case <-quit:
			return
		}
		select {
		case work <- b:
		case <-quit:
			return
		}
		if eof || b.err != nil {
			return
		}
	}
}

func checkLine(m *mapping.Mapper, rec source.Record) report.Line {
	l := report.Line{Row: rec.Row, Line: rec.Line, Cells: rec.Cells, Status: report.Valid}
	MapRecord(m, rec, &l)
	return l
}

// MapRecord maps rec as import, check and convert do. When the row is not to be sent it marks l,
// and reports false: skipped with the reason when the mapping's skip_rows leave it out, else a
// validation failure naming the column, never the value.
func MapRecord(m *mapping.Mapper, rec source.Record, l *report.Line) (mapping.Contact, bool) {
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
