package mappimport

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer"
	"contactimport/importer/source"
	"contactimport/report"
)

// TestLayoutWithoutEmail: a mobile list with skipped and ignored columns has only the columns
// it fills; no empty email column is written over another one.
func TestLayoutWithoutEmail(t *testing.T) {
	yaml := `identifier: mobile
unmapped: ignore
columns:
  Handy: mobile
  Notiz: skip
  Vorname: user.FirstName
`
	header := []string{"Handy", "Notiz", "Vorname", "Intern"}
	m := compile(t, yaml, header)
	l, err := NewLayout(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Header(); !slices.Equal(got, []string{"user.MobileNumber", "user.FirstName"}) {
		t.Fatalf("header %q", got)
	}
	c, err := m.Map([]string{"+491701234567", "x", "Ann", "y"})
	if err != nil {
		t.Fatal(err)
	}
	cells := make([]string, 2)
	if err := l.Fill(&c, cells); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cells, []string{"+491701234567", "Ann"}) {
		t.Fatalf("cells %q", cells)
	}
	if HeaderName("member.") != "member." {
		t.Errorf("HeaderName(member.) = %q", HeaderName("member."))
	}
}

func TestAppendRowLeadingQuote(t *testing.T) {
	if got := string(appendRow(nil, []string{`"Q" first`, `"`})); got != "\"\"\"Q\"\" first\",\"\"\"\"\r\n" {
		t.Fatalf("got %q", got)
	}
}

type closeErrFile struct{ memFile }

func (f *closeErrFile) Close() error { return errors.New("no space left") }

func TestSplitHeaderAtLimitAndCloseError(t *testing.T) {
	// A header of exactly the limit is accepted; then no row fits.
	s, err := NewSplitter([]string{"h"}, 5, (&memFiles{}).create)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write([]string{""}); !errors.Is(err, ErrRowTooLarge) {
		t.Fatalf("err = %v", err)
	}
	// A file that cannot be completed is an error naming it.
	s, _ = NewSplitter([]string{"h"}, 100, func(int) (io.WriteCloser, error) { return new(closeErrFile), nil })
	if err := s.Write([]string{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err == nil || !strings.Contains(err.Error(), "write import file 1: no space left") {
		t.Fatalf("err = %v", err)
	}
}

// fakeRecords hands out n valid rows; at row cancelAt it cancels, and before row pauseAt it
// lets pause pass on the clock.
type fakeRecords struct {
	n, next  int
	cancelAt int
	cancel   func()
	pauseAt  int
	pause    time.Duration
	padded   int
}

func (f *fakeRecords) Next() (source.Record, error) {
	if f.next == f.n {
		return source.Record{}, io.EOF
	}
	f.next++
	if f.next == f.cancelAt {
		f.cancel()
	}
	if f.next == f.pauseAt {
		time.Sleep(f.pause)
	}
	return source.Record{Row: f.next, Line: f.next + 1, Cells: []string{"a@example.org"}, Padded: f.next == f.padded}, nil
}

type countingSink struct{ flushes int }

func (s *countingSink) Write(report.Line) error { return nil }
func (s *countingSink) Flush() error            { s.flushes++; return nil }

func convertFake(t *testing.T, ctx context.Context, recs *fakeRecords, sink importer.Sink) (*report.Summary, *importer.Progress, error) {
	t.Helper()
	m := compile(t, "", []string{"user.Email"})
	l, _ := NewLayout(m)
	s, _ := NewSplitter(l.Header(), Limit, (&memFiles{}).create)
	var sum report.Summary
	p := new(importer.Progress)
	err := Convert(ctx, m, l, recs, s, sink, &sum, p)
	return &sum, p, err
}

// TestConvertStopsWithin1024Rows: an interrupt is noticed at the next multiple of 1024 rows.
func TestConvertStopsWithin1024Rows(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, p, err := convertFake(t, ctx, &fakeRecords{n: 5000, cancelAt: 1500, cancel: cancel, padded: 7}, &countingSink{})
	if !errors.Is(err, importer.ErrInterrupted) {
		t.Fatalf("err = %v", err)
	}
	if p.Rows.Load() != 2048 || sum.Rows != 2048 {
		t.Fatalf("%d rows converted before the stop, want 2048", p.Rows.Load())
	}
	if sum.PaddedRows != 1 {
		t.Fatalf("padded rows %d, want 1", sum.PaddedRows)
	}
}

// TestConvertFlushesTheReportEverySecond: the report of failed rows reaches the disk at least
// every second (checked every 1024 rows), and once at the end.
func TestConvertFlushesTheReportEverySecond(t *testing.T) {
	for _, tc := range []struct {
		pause time.Duration
		want  int
	}{{time.Second, 2}, {time.Second - time.Nanosecond, 1}} {
		synctest.Test(t, func(t *testing.T) {
			sink := &countingSink{}
			_, _, err := convertFake(t, context.Background(), &fakeRecords{n: 2000, pauseAt: 1024, pause: tc.pause}, sink)
			if err != nil {
				t.Fatal(err)
			}
			if sink.flushes != tc.want {
				t.Errorf("pause %v: %d flushes, want %d", tc.pause, sink.flushes, tc.want)
			}
		})
	}
}

// TestConvertSplitAndSkipRows: a split column fills two import columns; a row that skip_rows
// leave out is in no file but in the report as skipped, with its reason.
func TestConvertSplitAndSkipRows(t *testing.T) {
	yaml := `skip_rows:
  - {column: Status, values: [bounced], reason: not mailable}
columns:
  Mail: email
  Name: {split: [user.FirstName, user.LastName]}
  Status: skip
`
	input := "Mail,Name,Status\nann@example.org,Ann Lee,ok\nbob@example.org,Bob Ray,bounced\n"
	src, err := source.Open(strings.NewReader(input), source.Options{Name: "in.csv"})
	if err != nil {
		t.Fatal(err)
	}
	m := compile(t, yaml, src.Header())
	l, err := NewLayout(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Header(); !slices.Equal(got, []string{"user.Email", "user.FirstName", "user.LastName"}) {
		t.Fatalf("header %q", got)
	}
	mem := &memFiles{}
	s, _ := NewSplitter(l.Header(), Limit, mem.create)
	sink := &reportSink{}
	var sum report.Summary
	if err := Convert(context.Background(), m, l, src, s, sink, &sum, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	want := "\"user.Email\",\"user.FirstName\",\"user.LastName\"\r\n\"ann@example.org\",\"Ann\",\"Lee\"\r\n"
	if len(mem.files) != 1 || mem.files[0].String() != want {
		t.Fatalf("files %q", mem.files[0].String())
	}
	if len(sink.lines) != 1 || sink.lines[0].Status != report.Skipped || sink.lines[0].Message != "not mailable" || sink.lines[0].Row != 2 {
		t.Fatalf("report %+v", sink.lines)
	}
	if sum.Counts[report.Skipped] != 1 || sum.Counts[report.Valid] != 1 {
		t.Fatalf("counts %v", sum.Counts)
	}
}
