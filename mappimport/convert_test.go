package mappimport

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"

	"contactimport/importer"
	"contactimport/importer/source"
	"contactimport/report"
)

// reportSink collects report lines.
type reportSink struct{ lines []report.Line }

func (s *reportSink) Write(l report.Line) error { s.lines = append(s.lines, l); return nil }
func (s *reportSink) Flush() error              { return nil }

type convertRun struct {
	files  *memFiles
	split  *Splitter
	failed *reportSink
	sum    report.Summary
	prog   importer.Progress
	err    error
}

func runConvert(t *testing.T, ctx context.Context, input string, limit int64) *convertRun {
	t.Helper()
	src, err := source.Open(strings.NewReader(input), source.Options{Name: "in.csv"})
	if err != nil {
		t.Fatal(err)
	}
	m := compile(t, "", src.Header())
	l, err := NewLayout(m)
	if err != nil {
		t.Fatal(err)
	}
	r := &convertRun{files: &memFiles{}, failed: &reportSink{}}
	if r.split, err = NewSplitter(l.Header(), limit, r.files.create); err != nil {
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
	r := runConvert(t, context.Background(), "user.Email,user.FirstName\na@example.org,First\nb@example.org,B\na@example.org,Second\n", Limit)
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
	r := runConvert(t, ctx, "user.Email\na@example.org\n", Limit)
	var stop *importer.StopError
	if !errors.As(r.err, &stop) || !errors.Is(r.err, importer.ErrInterrupted) {
		t.Fatalf("err = %v", r.err)
	}
	if len(r.files.files) != 0 {
		t.Fatal("an interrupted conversion wrote a file")
	}
}

func TestConvertRowTooLargeStops(t *testing.T) {
	r := runConvert(t, context.Background(), "user.Email,user.CustomAttribute.Note\na@example.org,"+strings.Repeat("x", 100)+"\n", 80)
	if !errors.Is(r.err, ErrRowTooLarge) || !strings.Contains(r.err.Error(), "row 1 (line 2)") {
		t.Fatalf("err = %v", r.err)
	}
}
