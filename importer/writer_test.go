package importer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/source"
	"contactimport/report"
)

// fullDisk takes room bytes, then fails every write like a full disk, with the file's name.
type fullDisk struct {
	room int
	got  bytes.Buffer
}

func (d *fullDisk) Write(p []byte) (int, error) {
	n := min(len(p), d.room-d.got.Len())
	d.got.Write(p[:n])
	if n < len(p) {
		return n, &fs.PathError{Op: "write", Path: "run.csv", Err: syscall.ENOSPC}
	}
	return n, nil
}

// linesOn counts the complete report lines in data, as --resume would read them.
func linesOn(t *testing.T, data []byte) map[report.Status]int {
	t.Helper()
	rd, err := report.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[report.Status]int{}
	for {
		l, err := rd.Read()
		if err == io.EOF || errors.Is(err, report.ErrTornLine) {
			return counts
		}
		if err != nil {
			t.Fatal(err)
		}
		counts[l.Status]++
	}
}

// TestRunCountsOnlyLinesOnDisk: a report that fills the disk mid-run stops the run, and the
// summary counts exactly the lines the report holds, not those that were only buffered. The
// stop names its cause once and is marked as a storage failure, for the --resume hint.
func TestRunCountsOnlyLinesOnDisk(t *testing.T) {
	for _, room := range []int{300, 3000, 5000, 9000} {
		synctest.Test(t, func(t *testing.T) {
			api := newFakeAPI()
			rows := numbered(300, "c")
			rows[7][0] = "not-an-email"
			src, err := source.Open(strings.NewReader(csvOf(rows...)), source.Options{})
			if err != nil {
				t.Fatal(err)
			}
			disk := &fullDisk{room: room}
			w := report.NewWriter(disk, src.Header())
			if err := w.WriteHeader(); err != nil {
				t.Fatal(err)
			}
			sum := &report.Summary{}
			err = Run(context.Background(), Config{API: api, Throttle: NewThrottle(ThrottleConfig{Rate: 1000}), Mapper: mustMapper(t, src.Header()), Workers: 4}, src, w, sum)
			var stop *StopError
			if !errors.As(err, &stop) || !errors.Is(err, ErrStorage) {
				t.Errorf("room %d: err = %v, want a StopError marked ErrStorage", room, err)
			} else if msg := err.Error(); !strings.HasPrefix(msg, "writing the report failed: ") || strings.Count(msg, "no space left on device") != 1 || strings.Count(msg, "report") != 1 {
				t.Errorf("room %d: stop reason %q: want the cause once, no repeated prefix", room, msg)
			}
			on := linesOn(t, disk.got.Bytes())
			total := 0
			for st, n := range on {
				total += n
				if sum.Counts[st] != n {
					t.Errorf("room %d: summary counts %d %s, the report holds %d", room, sum.Counts[st], st, n)
				}
			}
			if sum.Rows != total {
				t.Errorf("room %d: summary rows %d, the report holds %d lines", room, sum.Rows, total)
			}
		})
	}
}

// flushFails is a sink that passes lines on only when flushed, and fails every flush after it
// passed on limit lines.
type flushFails struct {
	limit    int
	buffered []report.Line
	passed   []report.Line
}

func (s *flushFails) Write(l report.Line) error { s.buffered = append(s.buffered, l); return nil }

func (s *flushFails) Flush() error {
	if len(s.passed)+len(s.buffered) > s.limit {
		s.buffered = nil
		return errors.New("write run.csv: input/output error")
	}
	s.passed = append(s.passed, s.buffered...)
	s.buffered = nil
	return nil
}

// TestRunCountsOnlyFlushedLines: with a sink that says nothing about partial writes, a line
// counts once a flush after it succeeded.
func TestRunCountsOnlyFlushedLines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.latency = func(string) time.Duration { return 100 * time.Millisecond }
		src, err := source.Open(strings.NewReader(csvOf(numbered(100, "c")...)), source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		sink := &flushFails{limit: 25}
		sum := &report.Summary{}
		err = Run(context.Background(), Config{API: api, Throttle: NewThrottle(ThrottleConfig{Rate: 1000}), Mapper: mustMapper(t, src.Header()), Workers: 1}, src, sink, sum)
		if !errors.Is(err, ErrStorage) {
			t.Errorf("err = %v, want a storage stop", err)
		}
		if len(sink.passed) == 0 || sum.Rows != len(sink.passed) || sum.Counts[report.Created] != len(sink.passed) {
			t.Errorf("summary rows %d (created %d), the sink holds %d lines", sum.Rows, sum.Counts[report.Created], len(sink.passed))
		}
	})
}

// failingLedger refuses every write, like a state file on a full disk.
type failingLedger struct{}

func (failingLedger) Lookup(string) (Entry, bool, error) { return Entry{}, false, nil }

func (failingLedger) Record(string, Entry) error {
	return errors.New("state record: database or disk is full (13)")
}

// TestRunStateWriteStopNamesItsCause: a state file that cannot be written stops the run with
// its cause in the reason, marked as a storage failure.
func TestRunStateWriteStopNamesItsCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, _, err := runFake(t, newFakeAPI(), csvOf(numbered(20, "c")...), func(c *Config) { c.Ledger = failingLedger{} })
		var stop *StopError
		if !errors.As(err, &stop) || !errors.Is(err, ErrStorage) {
			t.Fatalf("err = %v, want a StopError marked ErrStorage", err)
		}
		if want := "writing the state file failed: state record: database or disk is full (13)"; stop.Reason != want {
			t.Errorf("reason %q, want %q", stop.Reason, want)
		}
	})
}
