package ui

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	importjob "contactimport/importer/job"
	"contactimport/importer/source"
	"contactimport/mapping/guess"
)

// The lists these tests open are the repository's samples, each made as its README says:
// samples/contacts.csv (300 rows, 6 of them bad: rows 23, 72, 119, 165, 204 and 258, see
// testdata/contacts.report.csv), and the exports under samples/exports, written by
// `go run samples/exports/gen*.go` (excel-mac/Kunden.csv: Mac Roman, `;`, CR line ends;
// linkedin/Connections.csv: three note lines above the header; numbers-xlsx/Kunden.xlsx: the
// summary sheet first, the list on "Kunden - Tabelle 1").
const (
	contactsCSV = "../samples/contacts.csv"
	macCSV      = "../samples/exports/excel-mac/Kunden.csv"
	linkedinCSV = "../samples/exports/linkedin/Connections.csv"
	numbersXLSX = "../samples/exports/numbers-xlsx/Kunden.xlsx"
)

// OpenList opens the list as package main's openList does: fingerprinted, then read.
func (e *fakeEngine) OpenList(ctx context.Context, path string, in ListInput) (*source.List, error) {
	inp, err := source.OpenInput(ctx, path)
	if err != nil {
		return nil, err
	}
	return inp.List(source.Options{Encoding: in.Encoding, Delimiter: in.Delimiter, Sheet: in.Sheet,
		SkipLines: in.SkipLines, FindStart: in.FindStart})
}

// Sample reads every row of the list, with where it starts, as init's sample of a short list.
func (e *fakeEngine) Sample(ctx context.Context, path string, in ListInput) (*guess.Sample, error) {
	in.FindStart = true
	l, err := e.OpenList(ctx, path, in)
	if err != nil {
		return nil, err
	}
	defer l.Close()
	s := &guess.Sample{Header: l.Header(), File: path, Encoding: l.Encoding(), Delimiter: importjob.DelimiterName(l.Delimiter()), Sheet: l.Sheet()}
	if st, ok := l.Start(); ok {
		s.SkipLines, s.SkipLinesWhy = st.SkipLines, st.Reason
		if st.Sheet != "" {
			s.SheetWhy = st.Reason
		}
	}
	for {
		rec, err := l.Next()
		if errors.Is(err, io.EOF) {
			return s, nil
		}
		if err != nil {
			return nil, err
		}
		if s.Total++; rec.Err == nil {
			s.Rows = append(s.Rows, rec.Cells)
		}
	}
}

// listServer serves the UI with the fake engine over a temporary working directory, and
// returns a client that sends the session cookie and the CSRF header as the pages do.
func listServer(t *testing.T) (dir string, s *Server, do func(method, target string, form url.Values) *http.Response) {
	t.Helper()
	dir, s, do = fixServer(t, &fakeEngine{})
	return dir, s, do
}

// abs is a sample's absolute path.
func abs(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenShowsDetectionAndFlagsBadRows(t *testing.T) {
	_, _, do := listServer(t)
	r := do("GET", "/open?path="+url.QueryEscape(abs(t, contactsCSV)), nil)
	b := body(t, r)
	if r.StatusCode != 200 {
		t.Fatalf("status %d: %s", r.StatusCode, b)
	}
	for _, want := range []string{text.formatCSV, "<strong>utf-8</strong>: " + text.utf8Why, "<strong>,</strong>: " + text.sniffedDelimiter,
		"about 300 rows", `id="p-1" class="v-ok"`, `href="/map?path=`} {
		if !strings.Contains(b, want) {
			t.Errorf("the open screen lacks %q", want)
		}
	}
	// The six bad rows of the sample, each flagged with check's message.
	for _, row := range []string{"23", "72", "119", "165", "204", "258"} {
		if !strings.Contains(b, `id="f-`+row+`" class="v-bad"`) {
			t.Errorf("bad row %s is not flagged in the preview", row)
		}
	}
	for _, msg := range []string{`column &#34;user.Email&#34;: not a valid email address`, "line 259, column 12: 12 fields, header has 11"} {
		if !strings.Contains(b, msg) {
			t.Errorf("the preview lacks the message %q", msg)
		}
	}
	if n := strings.Count(b, `class="v-bad"`); n != 6 {
		t.Errorf("%d rows flagged, want the sample's 6", n)
	}
}

func TestOpenOverridesReadAgain(t *testing.T) {
	_, _, do := listServer(t)
	path := url.QueryEscape(abs(t, macCSV))
	b := body(t, do("GET", "/open?path="+path, nil))
	if !strings.Contains(b, "<strong>macintosh</strong>: input is not valid UTF-8") || !strings.Contains(b, "<strong>;</strong>") {
		t.Fatalf("the Mac Roman list is not detected as macintosh with ;, the reason given:\n%s", excerpt(b, "enc-why"))
	}
	if !strings.Contains(b, "Müller") && !strings.Contains(b, "ü") {
		t.Errorf("the preview does not show the names decoded")
	}
	// Another encoding, asked for by the overrides' form (htmx asks for the part it swaps).
	r := do("GET", "/open?path="+path+"&encoding=windows-1252&delimiter=%3B", nil)
	b = body(t, r)
	if !strings.Contains(b, "<strong>windows-1252</strong>: "+text.chosen) {
		t.Errorf("the encoding chosen is not the one read:\n%s", excerpt(b, "enc-why"))
	}
	if !strings.Contains(b, `<option value="windows-1252" selected>`) || !strings.Contains(b, `<option value="auto">detect</option>`) {
		t.Errorf("the encoding chosen is not selected in the form, or detection still names one:\n%s", excerpt(b, `id="encoding"`))
	}
	// A separator that splits nothing: the list is read with it, in one column.
	b = body(t, do("GET", "/open?path="+path+"&delimiter=tab", nil))
	if !strings.Contains(b, "<strong>tab</strong>: "+text.chosen) || !strings.Contains(b, "<dd>1, about") {
		t.Errorf("the tab separator was not applied:\n%s", excerpt(b, "delim-why"))
	}
}

func TestOpenFindsAndOverridesTheHeaderLine(t *testing.T) {
	_, _, do := listServer(t)
	path := url.QueryEscape(abs(t, linkedinCSV))
	b := body(t, do("GET", "/open?path="+path, nil))
	if !strings.Contains(b, `<span class="why" id="skip-why"><strong>3</strong>`) {
		t.Errorf("the three note lines above the header are not found:\n%s", excerpt(b, "skip-why"))
	}
	// Told the header is the first line, the reader refuses as the command line does.
	b = body(t, do("GET", "/open?path="+path+"&skip=0", nil))
	if !strings.Contains(b, "the header looks like it is on line 4") {
		t.Errorf("skip=0 is not read as the header on line 1:\n%s", excerpt(b, "error"))
	}
	b = body(t, do("GET", "/open?path="+path+"&skip=many", nil))
	if !strings.Contains(b, text.badSkip) {
		t.Errorf("a skip that is no number is not refused")
	}
}

func TestOpenWorkbookListsSheets(t *testing.T) {
	_, _, do := listServer(t)
	path := url.QueryEscape(abs(t, numbersXLSX))
	b := body(t, do("GET", "/open?path="+path, nil))
	for _, want := range []string{text.formatXLSX, `<option value="Export Summary">Export Summary</option>`,
		`<option value="Kunden - Tabelle 1" selected>`} {
		if !strings.Contains(b, want) {
			t.Errorf("the workbook's screen lacks %q:\n%s", want, excerpt(b, "sheet"))
		}
	}
	b = body(t, do("GET", "/open?path="+path+"&sheet=Export+Summary", nil))
	if !strings.Contains(b, `<option value="Export Summary" selected>`) || !strings.Contains(b, text.chosen) {
		t.Errorf("the sheet chosen is not read:\n%s", excerpt(b, "sheet"))
	}
}

func TestOpenRefusesWhatIsNoList(t *testing.T) {
	dir, _, do := listServer(t)
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct{ path, want string }{
		"missing":   {filepath.Join(dir, "nope.csv"), "no such file or directory"},
		"directory": {dir, "it is a directory, not a regular file"},
		"fifo":      {fifo, "not a regular file"},
		"relative":  {"nope.csv", filepath.Join(dir, "nope.csv")},
	} {
		t.Run(name, func(t *testing.T) {
			r := do("GET", "/open?path="+url.QueryEscape(tc.path), nil)
			b := body(t, r)
			if r.StatusCode != 200 || !strings.Contains(b, `class="error" role="alert"`) || !strings.Contains(b, tc.want) {
				t.Errorf("status %d; want an error naming %q:\n%s", r.StatusCode, tc.want, excerpt(b, "error"))
			}
		})
	}
}

// excerpt is the part of a page around the first mark, for a failure message.
func excerpt(b, mark string) string {
	i := strings.Index(b, mark)
	if i < 0 {
		return "(no " + mark + " in the page)"
	}
	return b[max(0, i-300):min(len(b), i+500)]
}

func TestOpenGzipList(t *testing.T) {
	dir, _, do := listServer(t)
	data, err := os.ReadFile(contactsCSV)
	if err != nil {
		t.Fatal(err)
	}
	gz := filepath.Join(dir, "contacts.csv.gz")
	f, err := os.Create(gz)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f) // as gzip(1) writes it, at the default level
	zw.Write(data)
	if err := errors.Join(zw.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	b := body(t, do("GET", "/open?path="+url.QueryEscape(gz), nil))
	if !strings.Contains(b, "<dd>"+text.formatGzip+"</dd>") || strings.Count(b, `class="v-bad"`) != 6 {
		t.Errorf("the gzip-compressed sample is not read as the plain one:\n%s", excerpt(b, "Format"))
	}
}

func TestOpenOverrideAnswersWithThePartItReplaces(t *testing.T) {
	_, s, _ := listServer(t)
	r := request("GET", "/open?path="+url.QueryEscape(abs(t, macCSV))+"&delimiter=tab", s.cfg.Guard.Token(), nil)
	r.Header.Set("HX-Request", "true")
	r.Header.Set("HX-Target", "detected")
	w := serve(s.Handler(), r)
	b := w.Body.String()
	if w.Code != 200 || !strings.HasPrefix(b, `<section id="detected"`) || strings.Contains(b, "<html") {
		t.Errorf("status %d; want the detected part alone:\n%.300s", w.Code, b)
	}
	if !strings.Contains(b, "<strong>tab</strong>: "+text.chosen) {
		t.Errorf("the part does not read the list with the override")
	}
}
