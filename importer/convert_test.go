package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/mappimport"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// memFiles keeps the files a Splitter creates in memory (as in mappimport's own tests).
type memFiles struct{ files []*memFile }

type memFile struct{ bytes.Buffer }

func (f *memFile) Close() error { return nil }

func (m *memFiles) create(n int) (io.WriteCloser, error) {
	if n != len(m.files)+1 {
		panic("files created out of order")
	}
	f := new(memFile)
	m.files = append(m.files, f)
	return f, nil
}

// compile compiles a mapping file (none when yaml is empty) for header.
func compile(t *testing.T, yaml string, header []string) *mapping.Mapper {
	t.Helper()
	var f *mapping.File
	if yaml != "" {
		var err error
		if f, err = mapping.ParseFile("test.yaml", []byte(yaml)); err != nil {
			t.Fatal(err)
		}
	}
	m, err := mapping.Compile(f, header, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// reportSink collects report lines.
type reportSink struct{ lines []report.Line }

func (s *reportSink) Write(l report.Line) error { s.lines = append(s.lines, l); return nil }
func (s *reportSink) Flush() error              { return nil }

type convertRun struct {
	files  *memFiles
	split  *mappimport.Splitter
	failed *reportSink
	sum    report.Summary
	prog   Progress
	err    error
}

func runConvert(t *testing.T, ctx context.Context, input string, limit int64) *convertRun {
	t.Helper()
	src, err := source.Open(strings.NewReader(input), source.Options{Name: "in.csv"})
	if err != nil {
		t.Fatal(err)
	}
	m := compile(t, "", src.Header())
	l, err := mappimport.NewLayout(m)
	if err != nil {
		t.Fatal(err)
	}
	r := &convertRun{files: &memFiles{}, failed: &reportSink{}}
	if r.split, err = mappimport.NewSplitter(l.Header(), limit, r.files.create); err != nil {
		t.Fatal(err)
	}
	r.err = Convert(ctx, m, l, src, r.split, r.failed, &r.sum, &r.prog)
	if err := r.split.Close(); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestConvertEveryValidRowOnce converts a list with bad rows spread through it into several
// files and reads them back: every valid row is in exactly one file, in input order, with the
// header on top of each; every bad row is in the report and in no file.
func TestConvertEveryValidRowOnce(t *testing.T) {
	var in strings.Builder
	in.WriteString("E-Mail,Vorname,user.CustomAttribute.Tier\n")
	var want []string
	bad := map[int]bool{}
	for i := 1; i <= 500; i++ {
		switch {
		case i%37 == 0:
			fmt.Fprintf(&in, "not-an-email-%d,Name%d,Gold\n", i, i)
			bad[i] = true
		case i%53 == 0:
			fmt.Fprintf(&in, "row%d@example.org,Name%d,Gold,extra\n", i, i) // too many fields
			bad[i] = true
		default:
			fmt.Fprintf(&in, "row%d@example.org,\"Na\"\"me %d\",Gold\n", i, i)
			want = append(want, fmt.Sprintf("row%d@example.org", i))
		}
	}
	r := runConvert(t, context.Background(), in.String(), 2000)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.files.files) < 10 {
		t.Fatalf("%d files: the limit did not split the output", len(r.files.files))
	}
	var got []string
	for i, f := range r.files.files {
		if f.Len() > 2000 {
			t.Errorf("file %d: %d bytes", i+1, f.Len())
		}
		recs, err := csv.NewReader(strings.NewReader(f.String())).ReadAll()
		if err != nil {
			t.Fatalf("file %d: %v", i+1, err)
		}
		if h := strings.Join(recs[0], ","); h != "user.Email,user.FirstName,user.CustomAttribute.Tier" {
			t.Fatalf("file %d header %q", i+1, h)
		}
		for _, rec := range recs[1:] {
			got = append(got, rec[0])
			if !strings.HasPrefix(rec[1], `Na"me `) || rec[2] != "Gold" {
				t.Fatalf("file %d row %q", i+1, rec)
			}
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("rows in files differ from the valid rows:\n got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
	if len(r.failed.lines) != len(bad) {
		t.Fatalf("%d report lines, want %d", len(r.failed.lines), len(bad))
	}
	for _, l := range r.failed.lines {
		if !bad[l.Row] || l.Status != report.Failed || l.Class != report.Validation || l.Line != l.Row+1 || l.Message == "" {
			t.Errorf("report line %+v", l)
		}
		if strings.Contains(l.Message, "not-an-email") {
			t.Errorf("report message carries the cell value: %q", l.Message)
		}
	}
	if r.sum.Counts[report.Valid] != len(want) || r.sum.Counts[report.Failed] != len(bad) || r.sum.Rows != 500 {
		t.Errorf("summary counts %v rows %d", r.sum.Counts, r.sum.Rows)
	}
	if r.prog.Rows.Load() != 500 || r.prog.OK.Load() != int64(len(want)) || r.prog.Failed.Load() != int64(len(bad)) {
		t.Errorf("progress %d/%d/%d", r.prog.Rows.Load(), r.prog.OK.Load(), r.prog.Failed.Load())
	}
}

// TestConvertKeepsRepeatedContacts: two rows of one contact both go out, in file order, so the
// later one wins in Mapp as it does in import.
func TestConvertKeepsRepeatedContacts(t *testing.T) {
	r := runConvert(t, context.Background(), "user.Email,user.FirstName\na@example.org,First\nb@example.org,B\na@example.org,Second\n", mappimport.Limit)
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := "\"user.Email\",\"user.FirstName\"\r\n\"a@example.org\",\"First\"\r\n\"b@example.org\",\"B\"\r\n\"a@example.org\",\"Second\"\r\n"
	if len(r.files.files) != 1 || r.files.files[0].String() != want {
		t.Fatalf("files %d, first %q", len(r.files.files), r.files.files[0].String())
	}
}

func TestConvertInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runConvert(t, ctx, "user.Email\na@example.org\n", mappimport.Limit)
	var stop *StopError
	if !errors.As(r.err, &stop) || !errors.Is(r.err, ErrInterrupted) {
		t.Fatalf("err = %v", r.err)
	}
	if len(r.files.files) != 0 {
		t.Fatal("an interrupted conversion wrote a file")
	}
}

func TestConvertRowTooLargeStops(t *testing.T) {
	r := runConvert(t, context.Background(), "user.Email,user.CustomAttribute.Note\na@example.org,"+strings.Repeat("x", 100)+"\n", 80)
	if !errors.Is(r.err, mappimport.ErrRowTooLarge) || !strings.Contains(r.err.Error(), "row 1 (line 2)") {
		t.Fatalf("err = %v", r.err)
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

func convertFake(t *testing.T, ctx context.Context, recs *fakeRecords, sink Sink) (*report.Summary, *Progress, error) {
	t.Helper()
	m := compile(t, "", []string{"user.Email"})
	l, _ := mappimport.NewLayout(m)
	s, _ := mappimport.NewSplitter(l.Header(), mappimport.Limit, (&memFiles{}).create)
	var sum report.Summary
	p := new(Progress)
	err := Convert(ctx, m, l, recs, s, sink, &sum, p)
	return &sum, p, err
}

// TestConvertStopsWithin1024Rows: an interrupt is noticed at the next multiple of 1024 rows.
func TestConvertStopsWithin1024Rows(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, p, err := convertFake(t, ctx, &fakeRecords{n: 5000, cancelAt: 1500, cancel: cancel, padded: 7}, &countingSink{})
	if !errors.Is(err, ErrInterrupted) {
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
	l, err := mappimport.NewLayout(m)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Header(); !slices.Equal(got, []string{"user.Email", "user.FirstName", "user.LastName"}) {
		t.Fatalf("header %q", got)
	}
	mem := &memFiles{}
	s, _ := mappimport.NewSplitter(l.Header(), mappimport.Limit, mem.create)
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
