package importer

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"

	"contactimport/importer/engage"
	"contactimport/importer/pace"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// A row with several failing columns gets one report line naming each of them, with the
// first column's code.
func TestCheckLineEveryFailingColumn(t *testing.T) {
	m, err := mapping.Compile(nil, []string{"user.Title", "Email", "user.DateOfBirth"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := checkLine(m, source.Record{Row: 4, Line: 5, Cells: []string{"Herr", "a@b", "31.12.1980"}})
	if l.Status != report.Failed || l.Class != report.Validation || l.Code != "invalid_title" {
		t.Errorf("line %+v, want failed validation invalid_title", l)
	}
	want := `column "user.Title": not a valid title (1, 2 or -1); column "Email": not a valid email address; ` +
		`column "user.DateOfBirth": `
	if len(l.Message) < len(want) || l.Message[:len(want)] != want {
		t.Errorf("message %q, want it to start %q", l.Message, want)
	}
}

// Rows the mapping's skip_rows leave out are reported skipped with the reason, never failed,
// and never sent; a skip condition comes before the row's own validation.
func TestRunSkipRows(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		input := "email,first name,status\nok@example.org,A,subscribed\nbad@example.org,B,cleaned\n" +
			"not-an-email,C,CLEANED\nnot-an-email,D,subscribed\n,Total,\n"
		src, err := source.Open(strings.NewReader(input), source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := compile(t, "skip_rows:\n  - {column: status, values: [cleaned], reason: not mailable}\n"+
			"  - {column: email, empty: true, reason: report footer}\n", src.Header())
		cfg := Config{API: api, Throttle: pace.NewThrottle(pace.ThrottleConfig{Rate: 1000}), Mapper: m, Workers: 8,
			Tenant: engage.Tenant{Update: engage.UpdateMerges}}
		sink, sum := &memSink{}, &report.Summary{}
		if err := Run(context.Background(), cfg, src, sink, sum); err != nil {
			t.Fatal(err)
		}
		checkOrder(t, sink.lines, 5)
		want := []struct {
			st  report.Status
			msg string
		}{{report.Created, ""}, {report.Skipped, "not mailable"}, {report.Skipped, "not mailable"},
			{report.Failed, `column "email": not a valid email address`}, {report.Skipped, "report footer"}}
		for i, w := range want {
			l := sink.lines[i]
			if l.Status != w.st || l.Message != w.msg || (w.st == report.Skipped && (l.Class != "" || l.Code != "")) {
				t.Errorf("row %d: %s %q %q %q, want %s %q", l.Row, l.Status, l.Class, l.Code, l.Message, w.st, w.msg)
			}
		}
		if api.total() != 1 {
			t.Errorf("%d calls, want 1 (skipped rows are never sent)", api.total())
		}
		if sum.Counts[report.Skipped] != 3 || sum.Counts[report.Failed] != 1 {
			t.Errorf("summary counts %v", sum.Counts)
		}
	})
}

func TestCheckLineSkipped(t *testing.T) {
	f, err := mapping.ParseFile("m.yaml", []byte("skip_rows:\n  - {column: UNSUB_TIME, not_empty: true, reason: unsubscribed in Mailchimp}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mapping.Compile(f, []string{"Email Address", "UNSUB_TIME"}, mapping.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := checkLine(m, source.Record{Row: 1, Line: 2, Cells: []string{"not-an-email", "2024-01-01"}})
	if l.Status != report.Skipped || l.Message != "unsubscribed in Mailchimp" || l.Code != "" {
		t.Errorf("line %+v, want skipped with the reason", l)
	}
	// A record the reader could not read fails, whatever skip_rows say.
	l = checkLine(m, source.Record{Row: 2, Line: 3, Cells: []string{"", "x"}, Err: &source.RowError{Line: 3, Code: source.CodeTooManyFields, Err: errors.New("too many fields")}})
	if l.Status != report.Failed {
		t.Errorf("unreadable record: %+v, want failed", l)
	}
}
