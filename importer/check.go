package importer

import (
	"context"
	"io"
	"runtime"
	"sync"

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
	t := newTail(sink, sum, p)
	for b := range ordered {
		if err := t.tick(ctx); err != nil {
			return err
		}
		<-b.done
		for i, l := range b.lines {
			t.read(b.recs[i])
			if err := t.done(l, true); err != nil {
				return err
			}
		}
		if b.err != nil {
			return t.readFailed(b.err)
		}
	}
	return t.flush()
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
