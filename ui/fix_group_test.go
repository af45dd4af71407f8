package ui

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"contactimport/importer/source"
	"contactimport/report"
)

// withMembership rewrites the report at path (testdata/contacts.report.csv, as the program wrote
// it) as a run into a group writes it: with the import.membership column, by report.Writer.
func withMembership(t *testing.T, path string) {
	t.Helper()
	f, err := source.OpenFile(path, source.KindInput)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := report.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var lines []report.Line
	for {
		l, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if l.Status == report.Created {
			l.Membership = report.Subscribed
		}
		l.Cells = append([]string(nil), l.Cells...)
		lines = append(lines, l)
	}
	f.Close()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w, err := report.NewDelimitedWriter(out, rd.InputHeader(), ',')
	if err != nil {
		t.Fatal(err)
	}
	w = w.WithMembership()
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
}

// TestFixGroupOfAGroupRun: the fix screen of a report with import.membership asks for the group
// and subscription mode, and passes them to the retry; a group id or a mode that is not one is
// refused before anything is written. A report without membership has no such field.
func TestFixGroupOfAGroupRun(t *testing.T) {
	eng := &fakeEngine{}
	dir, s, do := fixServer(t, eng)
	if page := body(t, do("GET", "/fix?report=contacts.report.csv", nil)); strings.Contains(page, `name="group"`) {
		t.Errorf("a report without membership shows a group field")
	}
	withMembership(t, filepath.Join(dir, "contacts.report.csv"))
	page := body(t, do("GET", "/fix?report=contacts.report.csv", nil))
	if !strings.Contains(page, `<input id="group" name="group"`) || !strings.Contains(page, `<option value="DOUBLE_OPT_IN">`) {
		t.Fatalf("no group field on the fix screen of a group run's report:\n%s", page)
	}
	for _, bad := range [][2]string{{"0", ""}, {"12a", "OPT_IN"}, {"1001", "SOMETIMES"}} {
		form := row23("ameliathomas@example.com")
		form.Set("group", bad[0])
		form.Set("subscription", bad[1])
		if r := do("POST", "/fix/retry", form); r.StatusCode != http.StatusBadRequest {
			t.Errorf("group %q, subscription %q: %d, want 400", bad[0], bad[1], r.StatusCode)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "contacts.report.fixed.csv")); err == nil {
		t.Error("a refused retry wrote a corrected copy")
	}
	form := row23("ameliathomas@example.com")
	form.Set("group", " 1001 ")
	form.Set("subscription", "DOUBLE_OPT_IN")
	if r := do("POST", "/fix/retry", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d %s", r.StatusCode, body(t, r))
	}
	s.Wait()
	if len(eng.reqs) != 1 || eng.reqs[0].Group != 1001 || eng.reqs[0].Subscription != "DOUBLE_OPT_IN" {
		t.Fatalf("retries %+v; want one into group 1001 with DOUBLE_OPT_IN", eng.reqs)
	}
}
