package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// genRecords hands out n records "user<i>@example.org" (every seventh address invalid), then
// err (io.EOF when nil). after, when set, runs after each record handed out.
type genRecords struct {
	n, i  int
	err   error
	after func(i int)
	reads atomic.Int64
}

func (g *genRecords) Next() (source.Record, error) {
	g.reads.Add(1)
	if g.i >= g.n {
		if g.err != nil {
			return source.Record{}, g.err
		}
		return source.Record{}, io.EOF
	}
	g.i++
	email := fmt.Sprintf("user%d@example.org", g.i)
	if g.i%7 == 0 {
		email = "not an address"
	}
	rec := source.Record{Row: g.i, Line: g.i + 1, Cells: []string{email, "+4915112345678"}, End: int64(g.i * 10)}
	if g.after != nil {
		g.after(g.i)
	}
	return rec, nil
}

func checkMapper(t *testing.T) *mapping.Mapper {
	t.Helper()
	m, err := mapping.Compile(nil, []string{"user.Email", "user.MobileNumber"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// wantCheckLines fails t unless lines are rows 1…len(lines) in input order, each valid or
// failed as its address is.
func wantCheckLines(t *testing.T, lines []report.Line) {
	t.Helper()
	for i, l := range lines {
		if l.Row != i+1 || l.Line != i+2 {
			t.Fatalf("line %d is row %d (line %d), want row %d: the report is out of input order", i, l.Row, l.Line, i+1)
		}
		want := report.Valid
		if l.Row%7 == 0 {
			want = report.Failed
		}
		if l.Status != want || l.Cells[0] == "" {
			t.Fatalf("row %d: status %s, want %s", l.Row, l.Status, want)
		}
	}
}

// TestCheckParallelInOrder: rows mapped on every core still reach the report, the summary and
// the progress in input order and counted once each.
func TestCheckParallelInOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	const n = 20*checkBatchRows + 17
	src := &genRecords{n: n}
	sink := &memSink{}
	var sum report.Summary
	var p Progress
	if err := Check(context.Background(), checkMapper(t), src, sink, &sum, &p); err != nil {
		t.Fatal(err)
	}
	if len(sink.lines) != n {
		t.Fatalf("%d lines, want %d", len(sink.lines), n)
	}
	wantCheckLines(t, sink.lines)
	failed := n / 7
	if sum.Rows != n || sum.Counts[report.Failed] != failed || sum.Counts[report.Valid] != n-failed {
		t.Errorf("summary %d rows, %v; want %d rows, %d failed", sum.Rows, sum.Counts, n, failed)
	}
	if p.Rows.Load() != n || p.Failed.Load() != int64(failed) || p.OK.Load() != int64(n-failed) || p.Offset.Load() != n*10 {
		t.Errorf("progress rows %d, failed %d, ok %d, offset %d", p.Rows.Load(), p.Failed.Load(), p.OK.Load(), p.Offset.Load())
	}
}

// TestCheckReadError: a read error ends the run after every row before it is in the report.
func TestCheckReadError(t *testing.T) {
	const n = 3*checkBatchRows + 5
	src := &genRecords{n: n, err: errors.New("disk gone")}
	sink := &memSink{}
	var sum report.Summary
	err := Check(context.Background(), checkMapper(t), src, sink, &sum, nil)
	if err == nil || !strings.Contains(err.Error(), "read input: disk gone") {
		t.Fatalf("Check = %v, want the read error", err)
	}
	if len(sink.lines) != n || sum.Rows != n {
		t.Fatalf("%d lines, %d in the summary, want %d", len(sink.lines), sum.Rows, n)
	}
	wantCheckLines(t, sink.lines)
}

// TestCheckInterrupted: an interrupt stops the run with a report that is a prefix of the input,
// and Check does not return while its reader still uses the records (synctest.Wait lets any
// goroutine left behind run to where it blocks or ends).
func TestCheckInterrupted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		const n = 1000 * checkBatchRows
		src := &genRecords{n: n, after: func(i int) {
			if i == 5*checkBatchRows+3 {
				cancel()
			}
		}}
		sink := &memSink{}
		var sum report.Summary
		err := Check(ctx, checkMapper(t), src, sink, &sum, nil)
		var se *StopError
		if !errors.As(err, &se) || !errors.Is(err, ErrInterrupted) {
			t.Fatalf("Check = %v, want an interrupted stop", err)
		}
		reads := src.reads.Load()
		if len(sink.lines) >= n || reads >= n {
			t.Fatalf("%d lines written, %d records read of %d: the run went on", len(sink.lines), reads, n)
		}
		wantCheckLines(t, sink.lines)
		if sink.flushes == 0 {
			t.Error("the report was not flushed")
		}
		synctest.Wait()
		if after := src.reads.Load(); after != reads {
			t.Errorf("records read after Check returned: %d, then %d", reads, after)
		}
	})
}

// BenchmarkCheck checks a file shaped like the benchmark harness's (samples/bench), writing the
// report nowhere: reading, mapping on every core, and the report's encoding.
func BenchmarkCheck(b *testing.B) {
	const rows = 100_000
	var in bytes.Buffer
	header := []string{"user.Email", "user.FirstName", "user.LastName", "user.MobileNumber", "user.ISOCountryCode",
		"user.DateOfBirth", "user.ZipCode", "user.CustomAttribute.CustomerTier"}
	in.WriteString(strings.Join(header, ",") + "\n")
	for i := range rows {
		fmt.Fprintf(&in, "anna.lee.%d@example.org,Anna,Lee,+49151%08d,DE,1980-12-31,10115,gold\n", i, i)
	}
	m, err := mapping.Compile(nil, header, mapping.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		src, err := source.Open(bytes.NewReader(in.Bytes()), source.Options{})
		if err != nil {
			b.Fatal(err)
		}
		var sum report.Summary
		if err := Check(context.Background(), m, src, report.NewWriter(io.Discard, header), &sum, nil); err != nil {
			b.Fatal(err)
		}
		if sum.Counts[report.Valid] != rows {
			b.Fatalf("%v", sum.Counts)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}
