package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"contactimport/importer"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// The fixture testdata/contacts.report.csv (with its summary .json) was written by the real
// program: `contactimport import --sandbox --report contacts.report.csv samples/contacts.csv`
// (exit 3: 294 created, 6 failed validation, rows 23, 72, 119, 165, 204 and 258).

// fakeEngine stands in for package main's wiring: auto-mapping as the fixture's run used, and a
// retry that records what it was asked and keeps the corrected copy as it was then.
type fakeEngine struct {
	mu    sync.Mutex
	reqs  []RetryRequest
	fixed []byte
	code  int
}

func (e *fakeEngine) Mapper(sum *report.Summary, header []string) (*mapping.Mapper, error) {
	if sum != nil && sum.Mapping != "auto" { // nil: no summary, auto-mapping as retry's
		return nil, fmt.Errorf("the fixture's run used auto-mapping, got %q", sum.Mapping)
	}
	return mapping.Compile(nil, header, mapping.Options{})
}

func (e *fakeEngine) Retry(ctx context.Context, req RetryRequest) int {
	data, _ := os.ReadFile(req.Report)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reqs, e.fixed = append(e.reqs, req), data
	fmt.Fprintln(req.Output, "result  stopped")
	return e.code
}

func (e *fakeEngine) Target() string { return "sandbox (test.db)" }

// fixServer serves the UI over a copy of the fixture in a temporary directory.
func fixServer(t *testing.T, eng Engine) (dir string, s *Server, do func(method, target string, form url.Values) *http.Response) {
	t.Helper()
	dir = t.TempDir()
	for _, name := range []string{"contacts.report.csv", "contacts.report.csv.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	g, err := NewGuard(addr, false)
	if err != nil {
		t.Fatal(err)
	}
	s, err = New(Config{Engine: eng, Guard: g, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	return dir, s, func(method, target string, form url.Values) *http.Response {
		r := request(method, target, g.Token(), form)
		r.Header.Set(csrfHeader, g.CSRF())
		return serve(h, r).Result()
	}
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// row23 is the cells of failed row 23 (a bad email address), with the email given.
func row23(email string) url.Values {
	return url.Values{"report": {"contacts.report.csv"}, "row": {"23"}, "line": {"24"},
		"c23": {email, "Amelia", "Thomas", "+447400123023", "GB", "en", "1976-06-27", "2", "B33 8TH", "Bronze", "true"}}
}

func TestFixShowsFailedRows(t *testing.T) {
	_, _, do := fixServer(t, &fakeEngine{})
	r := do("GET", "/fix?report=contacts.report.csv", nil)
	page := body(t, r)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%d: %s", r.StatusCode, page)
	}
	for _, row := range []string{"23", "72", "119", "165", "204", "258"} {
		if !strings.Contains(page, `<tr id="row-`+row+`">`) {
			t.Errorf("failed row %s not in the grid", row)
		}
	}
	if n := strings.Count(page, `<tr id="row-`); n != 6 {
		t.Errorf("%d rows in the grid, want the 6 failed", n)
	}
	if !strings.Contains(page, `id="mark-23-0" class="mark bad"`) || strings.Contains(page, `id="mark-23-1" class="mark bad"`) {
		t.Errorf("row 23: want its email cell (column 0) marked at fault, and only that")
	}
	if !strings.Contains(page, `id="mark-72-4" class="mark bad"`) {
		t.Errorf("row 72: want its country cell (column 4) marked at fault")
	}
}

func TestCheckValidatesRow(t *testing.T) {
	_, _, do := fixServer(t, &fakeEngine{})
	for _, tc := range []struct {
		email, want, mark string
	}{
		{"ameliathomas@example.com", "ready to send", `id="mark-23-0" class="mark" hx-swap-oob="true"`},
		{"ameliathomas@example", `not a valid email address`, `id="mark-23-0" class="mark bad" hx-swap-oob="true"`},
		{"", `still wrong`, `id="mark-23-0" class="mark bad" hx-swap-oob="true"`},
	} {
		r := do("POST", "/fix/check", row23(tc.email))
		got := body(t, r)
		if r.StatusCode != http.StatusOK || !strings.Contains(got, tc.want) || !strings.Contains(got, tc.mark) {
			t.Errorf("email %q: %d %s\nwant %q and %q", tc.email, r.StatusCode, got, tc.want, tc.mark)
		}
	}
	short := row23("a@example.com")
	short["c23"] = short["c23"][:3]
	if r := do("POST", "/fix/check", short); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a row of 3 cells: %d, want 400", r.StatusCode)
	}
}

func TestRetryWritesCorrectedCopy(t *testing.T) {
	eng := &fakeEngine{code: 1}
	dir, s, do := fixServer(t, eng)
	original, _ := os.ReadFile(filepath.Join(dir, "contacts.report.csv"))
	r := do("POST", "/fix/retry", row23("ameliathomas@example.com"))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/run/1" {
		t.Fatalf("%d to %q: %s", r.StatusCode, r.Header.Get("Location"), body(t, r))
	}
	s.Wait()
	if len(eng.reqs) != 1 {
		t.Fatalf("%d retries, want 1", len(eng.reqs))
	}
	req := eng.reqs[0]
	fixed := filepath.Join(dir, "contacts.report.fixed.csv")
	if req.Report != fixed || req.Out != filepath.Join(dir, "contacts.report.fixed.retry.csv") || req.Summary.Mapping != "auto" {
		t.Errorf("retry of %q into %q (mapping %q), want %s into its .retry.csv", req.Report, req.Out, req.Summary.Mapping, fixed)
	}
	if fi, err := os.Stat(fixed); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("corrected copy: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "contacts.report.csv")); !bytes.Equal(now, original) {
		t.Error("the original report was changed")
	}
	// The copy reads back as retry reads a report.
	fr, err := importer.NewFailedRows(bytes.NewReader(eng.fixed), source.Options{Name: fixed})
	if err != nil {
		t.Fatal(err)
	}
	defer fr.Close()
	rows := map[int]string{}
	for {
		rec, err := fr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows[rec.Row] = rec.Cells[0]
	}
	if len(rows) != 6 || rows[23] != "ameliathomas@example.com" || rows[72] != "jackevans@example.net" {
		t.Errorf("rows of the corrected copy: %v; want the 6 failed, row 23 corrected", rows)
	}
	if home := body(t, do("GET", "/", nil)); !strings.Contains(home, `<a href="/run/1">`) {
		t.Errorf("the first page does not list the retry started:\n%s", home)
	}
	page := body(t, do("GET", "/run/1", nil))
	if !strings.Contains(page, "Stopped (exit code 1)") || !strings.Contains(page, "result  stopped") {
		t.Errorf("the run page does not show the retry's end and output:\n%s", page)
	}
}

func TestRetryRefusesRowsNotFailed(t *testing.T) {
	eng := &fakeEngine{}
	dir, _, do := fixServer(t, eng)
	form := row23("a@example.com")
	form["row"] = []string{"1"}
	form["c1"] = form["c23"]
	r := do("POST", "/fix/retry", form)
	if page := body(t, r); r.StatusCode != http.StatusBadRequest || !strings.Contains(page, "row 1 is not a failed row") {
		t.Errorf("%d %s, want 400 naming row 1", r.StatusCode, page)
	}
	if _, err := os.Stat(filepath.Join(dir, "contacts.report.fixed.csv")); err == nil {
		t.Error("a corrected copy was written for a refused request")
	}
	if len(eng.reqs) != 0 {
		t.Error("a refused request was retried")
	}
}

func TestRetryNumbersCorrectedCopies(t *testing.T) {
	eng := &fakeEngine{}
	dir, s, do := fixServer(t, eng)
	for range 2 {
		if r := do("POST", "/fix/retry", row23("a@example.com")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d", r.StatusCode)
		}
	}
	s.Wait()
	if _, err := os.Stat(filepath.Join(dir, "contacts.report.fixed.2.csv")); err != nil || len(eng.reqs) != 2 || eng.reqs[1].Report != filepath.Join(dir, "contacts.report.fixed.2.csv") {
		t.Errorf("second corrected copy: %v; retries %d", err, len(eng.reqs))
	}
}

func TestHomeListsReportsNewestFirst(t *testing.T) {
	dir, _, do := fixServer(t, &fakeEngine{})
	// An older report of the same run beside it, and a CSV that is no report (no summary).
	for _, name := range []string{"older.report.csv", "older.report.csv.json"} {
		data, _ := os.ReadFile(filepath.Join(dir, strings.Replace(name, "older", "contacts", 1)))
		os.WriteFile(filepath.Join(dir, name), data, 0o600)
	}
	os.WriteFile(filepath.Join(dir, "list.csv"), []byte("email\na@example.com\n"), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "older.report.csv"), old, old)
	page := body(t, do("GET", "/", nil))
	newer := strings.Index(page, `href="/fix?report=contacts.report.csv"`)
	older := strings.Index(page, `href="/fix?report=older.report.csv"`)
	if newer < 0 || older < 0 || newer > older {
		t.Errorf("want both reports, the newer first (at %d, %d):\n%s", newer, older, page)
	}
	if strings.Contains(page, "list.csv") {
		t.Error("a CSV without a summary is listed as a report")
	}
	if !strings.Contains(page, "300 rows") || !strings.Contains(page, "6 failed") {
		t.Error("the report's rows and failures are not shown")
	}
}
