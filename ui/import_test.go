package ui

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"contactimport/report"
)

// TestTallyReadsTheReportAsItGrows feeds the fixture report (written by the real program) to a
// tally in pieces, cut in the middle of a record as a running import leaves it between flushes:
// each update counts the complete records only, never one twice, and ends with the run's counts.
func TestTallyReadsTheReportAsItGrows(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "contacts.report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.csv")
	tl := tally{path: path}
	if err := tl.update(); err != nil || tl.Rows != 0 {
		t.Fatalf("no report yet: %d rows, %v", tl.Rows, err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	write := func(b []byte) {
		if _, err := f.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	write(lines[0][:10]) // half a header
	if err := tl.update(); err != nil || tl.Rows != 0 {
		t.Fatalf("half a header: %d rows, %v", tl.Rows, err)
	}
	write(lines[0][10:])
	for _, l := range lines[1:11] {
		write(l)
	}
	write(lines[11][:len(lines[11])/2]) // a record cut off
	if err := tl.update(); err != nil || tl.Rows != 10 {
		t.Fatalf("after 10 records and half of one: %d rows, %v; want 10", tl.Rows, err)
	}
	write(lines[11][len(lines[11])/2:])
	for _, l := range lines[12:] {
		write(l)
	}
	if err := tl.update(); err != nil {
		t.Fatal(err)
	}
	if tl.Rows != 300 || tl.Status[report.Created] != 294 || tl.Status[report.Failed] != 6 || tl.Classes[report.Validation] != 6 {
		t.Errorf("at the end: %d rows, %v, %v; want 300 rows, 294 created, 6 failed validation", tl.Rows, tl.Status, tl.Classes)
	}
	if err := tl.update(); err != nil || tl.Rows != 300 {
		t.Errorf("an update with nothing new counted again: %d rows, %v", tl.Rows, err)
	}
}

// stopEngine is an import that writes the first ten rows of the fixture report and runs until
// it is stopped, then ends as the command does on Ctrl-C (exit 130); a resumed one ends at once
// with exit 0.
type stopEngine struct{ targetEngine }

func (e *stopEngine) Import(ctx context.Context, req ImportRequest) int {
	e.targetEngine.Import(ctx, req)
	if req.Resume {
		return 0
	}
	data, _ := os.ReadFile(filepath.Join("testdata", "contacts.report.csv"))
	lines := bytes.SplitAfter(data, []byte("\n"))
	os.WriteFile(req.Report, bytes.Join(lines[:11], nil), 0o600)
	<-ctx.Done()
	return exitInterrupted
}

// TestImportStopAndResumeRoutes: an import needs a chosen target; Stop cancels the run's context
// (the engine's exit 130 shown, with Resume); Resume starts the same import with --resume on the
// same report.
func TestImportStopAndResumeRoutes(t *testing.T) {
	eng := &stopEngine{}
	_, s, do := fixServer(t, eng)
	dir := t.TempDir()
	list := filepath.Join(dir, "contacts.csv")
	if r := do("POST", "/import", targetForm()); r.StatusCode != http.StatusBadRequest || !strings.Contains(body(t, r), "choose and check a target first") {
		t.Fatal("an import started without a target chosen")
	}
	do("POST", "/target", targetForm("kind", "sandbox", "db", "x.db", "group", "1001", "subscription", "CONFIRMED_OPT_IN"))
	r := do("POST", "/import", targetForm("list", list, "group", "1001", "subscription", "CONFIRMED_OPT_IN", "mode", "update", "state", "/data/state.db"))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/import/1" {
		t.Fatalf("start: %d to %s", r.StatusCode, r.Header.Get("Location"))
	}
	if page := body(t, do("GET", "/import/1", nil)); !strings.Contains(page, `action="/import/1/stop"`) || !strings.Contains(page, `sse-connect="/import/1/events"`) {
		t.Errorf("a running import's page has no Stop, or does not follow the run:\n%s", page)
	}
	do("POST", "/import/1/stop", url.Values{})
	page := body(t, do("GET", "/import/1/events", nil)) // ends when the import has ended
	if !strings.Contains(page, "Stopped (exit code 130)") || !strings.Contains(page, "<dd>10</dd>") || !strings.Contains(page, `action="/import/1/resume"`) || !strings.HasSuffix(page, "event: done\ndata: \n\n") {
		t.Errorf("after Stop the events do not end with exit 130 and Resume:\n%s", page)
	}
	if r := do("POST", "/import/1/resume", url.Values{}); r.Header.Get("Location") != "/import/2" {
		t.Fatalf("resume went to %s", r.Header.Get("Location"))
	}
	s.Wait()
	if len(eng.imports) != 2 {
		t.Fatalf("%d imports run, want 2", len(eng.imports))
	}
	first, again := eng.imports[0], eng.imports[1]
	if first.Resume || !again.Resume || again.Report != first.Report || filepath.Dir(first.Report) != dir || !strings.HasSuffix(first.Report, ".report.csv") {
		t.Errorf("reports %q then %q (resume %v, %v): want one beside the list, resumed", first.Report, again.Report, first.Resume, again.Resume)
	}
	if first.Group != 1001 || first.Subscription != "CONFIRMED_OPT_IN" || first.Mode != "update" || first.State != "/data/state.db" || !first.Target.Sandbox || !filepath.IsAbs(first.Target.DB) || filepath.Base(first.Target.DB) != "x.db" {
		t.Errorf("the import was asked for %+v, not the choices made", first)
	}
	if home := body(t, do("GET", "/", nil)); !strings.Contains(home, `href="/import/1"`) || !strings.Contains(home, `href="/import/2"`) {
		t.Error("the first page does not list the imports started")
	}
}

// TestRetryOfAnImportRedoesItsGroup: the rows of a report written by an import started here
// are retried with that import's group and subscription (the report's summary does not record
// them) while its target is the one chosen, and without them once another target is chosen.
func TestRetryOfAnImportRedoesItsGroup(t *testing.T) {
	eng := &targetEngine{}
	dir, s, do := fixServer(t, eng)
	do("POST", "/target", targetForm("kind", "sandbox", "db", "x.db"))
	if _, err := s.startImport(ImportRequest{Target: *s.chosen(), List: filepath.Join(dir, "contacts.csv"), Report: filepath.Join(dir, "contacts.report.csv"),
		Group: 1001, Subscription: "CONFIRMED_OPT_IN"}, 0); err != nil {
		t.Fatal(err)
	}
	s.Wait()
	do("POST", "/fix/retry", row23("ameliathomas@example.com"))
	do("POST", "/target", targetForm("kind", "sandbox", "db", "other.db"))
	do("POST", "/fix/retry", row23("ameliathomas@example.com"))
	s.Wait()
	if len(eng.reqs) != 2 {
		t.Fatalf("%d retries, want 2", len(eng.reqs))
	}
	if r := eng.reqs[0]; r.Group != 1001 || r.Subscription != "CONFIRMED_OPT_IN" || r.Target == nil || r.Target.DB != filepath.Join(dir, "x.db") {
		t.Errorf("retry to the import's target: group %d %q, target %v; want 1001 CONFIRMED_OPT_IN to x.db", r.Group, r.Subscription, r.Target)
	}
	if r := eng.reqs[1]; r.Group != 0 || r.Target == nil || r.Target.DB != filepath.Join(dir, "other.db") {
		t.Errorf("retry to another target: group %d, target %v; want no group, other.db", r.Group, r.Target)
	}
}
