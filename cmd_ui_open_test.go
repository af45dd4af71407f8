package main

import (
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"contactimport/report"
	"contactimport/report/runfile"
)

// uiClient is an HTTP client of a running `contactimport ui` that holds its session cookie
// and sends the pages' CSRF token, as the browser does.
type uiClient struct {
	t    *testing.T
	c    *http.Client
	base string
	csrf string
}

func newUIClient(t *testing.T, link string) *uiClient {
	jar, _ := cookiejar.New(nil)
	u := &uiClient{t: t, c: &http.Client{Jar: jar}}
	u.base = link[:strings.Index(link, "/?t=")]
	u.get(link) // sets the session cookie
	page := u.get(withoutToken(link))
	m := regexp.MustCompile(`hx-headers='\{"X-CSRF-Token": "([0-9a-f]+)"\}'`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token in the first page")
	}
	u.csrf = m[1]
	return u
}

func (u *uiClient) get(target string) string {
	u.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = u.base + target
	}
	r, err := u.c.Get(target)
	if err != nil {
		u.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK {
		u.t.Fatalf("GET %s: %d %s", target, r.StatusCode, b)
	}
	return string(b)
}

// post sends a form as htmx does: the CSRF token in its header.
func (u *uiClient) post(path string, form url.Values) string {
	u.t.Helper()
	req, _ := http.NewRequest("POST", u.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-CSRF-Token", u.csrf)
	req.Header.Set("HX-Request", "true")
	r, err := u.c.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode != http.StatusOK {
		u.t.Fatalf("POST %s: %d %s", path, r.StatusCode, b)
	}
	return string(b)
}

// mappingText is the mapping file's text in a map screen.
func mappingText(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<textarea id="yaml"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no mapping text in the page:\n%s", page)
	}
	return html.UnescapeString(m[1])
}

// TestUIMappingSavedIsImportedAsChecked opens a list in the UI (with its encoding and separator
// chosen, for Excel for Mac's CSV: Mac Roman, `;`), edits the draft (first names upper-cased),
// checks the whole file in the UI, saves the mapping, and imports the list with `contactimport
// import --mapping` and the options the map screen's link carries: the import's counts are the
// check's, and the contacts stored are mapped as the edit says.
func TestUIMappingSavedIsImportedAsChecked(t *testing.T) {
	for _, tc := range []struct {
		sample, encoding, delimiter, first string
		failed                             int
	}{
		{"samples/exports/excel-mac/Kunden.csv", "macintosh", ";", "Vorname", 0},
		{"samples/contacts.csv", "", "", "user.FirstName", 6},
	} {
		t.Run(filepath.Base(filepath.Dir(tc.sample)), func(t *testing.T) {
			valid, failed, skipped, list := mapInUI(t, tc.sample, tc.encoding, tc.delimiter, tc.first)
			if valid == 0 || failed != tc.failed {
				t.Fatalf("the UI's check: %d valid, %d failed; want %d failed", valid, failed, tc.failed)
			}
			var stdout, stderr syncBuffer
			args := []string{"--sandbox", "--sandbox-db", "cli.db", "--rate", "1000", "--progress", "none", "--report", "cli.report.csv",
				"--mapping", list.Get("mapping")}
			for _, k := range []string{"encoding", "delimiter"} {
				if v := list.Get(k); v != "" {
					args = append(args, "--"+k, v)
				}
			}
			code := runImport(t.Context(), "import", append(args, list.Get("list")), noEnv, &stdout, &stderr)
			if code != exitOK && code != exitRowsFailed {
				t.Fatalf("import --mapping: exit %d; stderr: %s", code, stderr.String())
			}
			sum, err := runfile.ReadSummary("cli.report.csv")
			if err != nil {
				t.Fatal(err)
			}
			sent := sum.Counts[report.Created] + sum.Counts[report.Updated] + sum.Counts[report.Unchanged]
			if sent != valid || sum.Counts[report.Failed] != failed || sum.Counts[report.Skipped] != skipped {
				t.Errorf("import --mapping: %v; the UI's check: %d valid, %d failed, %d skipped", sum.Counts, valid, failed, skipped)
			}
			var export strings.Builder
			if code := run(t.Context(), []string{"sandbox", "export", "--db", "cli.db"}, noEnv, nil, &export, &stderr); code != exitOK {
				t.Fatalf("sandbox export: exit %d", code)
			}
			rows, err := csv.NewReader(strings.NewReader(export.String())).ReadAll()
			if err != nil || len(rows) != sent+1 {
				t.Fatalf("sandbox export: %d lines, %v; want %d contacts", len(rows), err, sent)
			}
			col := slices.Index(rows[0], "FirstName")
			for _, r := range rows[1:] {
				if col < 0 || r[col] == "" || r[col] != strings.ToUpper(r[col]) {
					t.Fatalf("a stored first name is not upper-cased as the mapping says: %q (columns %v)", r, rows[0])
				}
			}
		})
	}
}

// mapInUI copies sample into a temporary working directory, maps it in a running UI (the
// draft, with column first's transforms set to trim, upper), checks the whole file there, and
// saves the mapping. It returns the check's counts and the query of the link to the target
// screen (list, mapping, encoding, delimiter).
func mapInUI(t *testing.T, sample, encoding, delimiter, first string) (valid, failed, skipped int, next url.Values) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	list := filepath.Join(dir, filepath.Base(sample))
	if err := os.WriteFile(list, data, 0o600); err != nil {
		t.Fatal(err)
	}
	link, stop := startUI(t, "--sandbox", "--sandbox-db", "ui.db")
	defer stop()
	u := newUIClient(t, link)
	lq := url.Values{"path": {list}, "encoding": {encoding}, "delimiter": {delimiter}}
	page := u.get("/map?" + lq.Encode())
	yaml := mappingText(t, page)
	col := regexp.MustCompile(`name="name-(\d+)" value="` + regexp.QuoteMeta(first) + `"`).FindStringSubmatch(page)
	if col == nil {
		t.Fatalf("no %s column in the map screen", first)
	}
	form := url.Values{"path": {list}, "encoding": {encoding}, "delimiter": {delimiter}, "yaml": {yaml}, "edit": {col[1]},
		"name-" + col[1]: {first}, "to-" + col[1]: {"user.FirstName"}, "tf-" + col[1]: {"trim, upper"}}
	yaml = mappingText(t, u.post("/map/edit", form))
	if !strings.Contains(yaml, first+": {to: user.FirstName, transform: [trim, upper]}") {
		t.Fatalf("the edit is not in the mapping:\n%s", yaml)
	}
	form = url.Values{"path": {list}, "encoding": {encoding}, "delimiter": {delimiter}, "yaml": {yaml}}

	// The whole-file check, followed to its end over server-sent events.
	started := u.post("/map/check", form)
	id := regexp.MustCompile(`sse-connect="/map/check/(\d+)/events"`).FindStringSubmatch(started)
	if id == nil {
		t.Fatalf("the check did not start:\n%s", started)
	}
	events := u.get("/map/check/" + id[1] + "/events")
	final := events[strings.LastIndex(events, "event: status"):]
	valid, failed, skipped = countIn(final, "ready to send"), countIn(final, "fail"), countIn(final, "left out")

	saved := u.post("/map/save", form)
	m := regexp.MustCompile(`id="next" href="([^"]+)"`).FindStringSubmatch(saved)
	if m == nil {
		t.Fatalf("no link to the target screen after saving:\n%s", saved)
	}
	to, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || to.Path != "/target" {
		t.Fatalf("the link %q is not the target screen", m[1])
	}
	next = to.Query()
	stem := strings.TrimSuffix(list, filepath.Ext(list))
	if next.Get("list") != list || next.Get("mapping") != stem+".mapping.yaml" || next.Get("encoding") != encoding || next.Get("delimiter") != delimiter {
		t.Errorf("the link carries %v", next)
	}
	return valid, failed, skipped, next
}

// countIn reads the number before label in the check's fragment.
func countIn(fragment, label string) int {
	m := regexp.MustCompile(`(\d+) ` + regexp.QuoteMeta(label) + `<`).FindStringSubmatch(fragment)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestUIMapKeepsWhereTheListStarts maps lists that do not start on a first sheet's first line
// through a running UI: LinkedIn's Connections.csv (three note lines above the header, found or
// typed on the open screen) and a Numbers workbook whose list is on its second sheet, chosen on
// the open screen. The draft carries skip_lines and sheet, and the whole-file check counts what
// the exports' README says a careful import imports (the workbook's 48 rows: 32 contacts, and 16
// rows left out, one of them both without an email and with the box unticked).
func TestUIMapKeepsWhereTheListStarts(t *testing.T) {
	for _, tc := range []struct {
		name, sample, sheet, skip, want string
		valid, skipped                  int
	}{
		{"found", "samples/exports/linkedin/Connections.csv", "", "", "skip_lines: 3", 18, 71},
		{"typed", "samples/exports/linkedin/Connections.csv", "", "3", "chosen when the list was opened", 18, 71},
		{"sheet", "samples/exports/numbers-xlsx/Kunden.xlsx", "Kunden - Tabelle 1", "", "sheet: Kunden - Tabelle 1", 32, 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := filepath.Abs(tc.sample)
			if err != nil {
				t.Fatal(err)
			}
			t.Chdir(t.TempDir())
			link, stop := startUI(t, "--sandbox", "--sandbox-db", "ui.db")
			defer stop()
			u := newUIClient(t, link)
			q := url.Values{"path": {list}}
			for k, v := range map[string]string{"sheet": tc.sheet, "skip": tc.skip} {
				if v != "" {
					q.Set(k, v)
				}
			}
			yaml := mappingText(t, u.get("/map?"+q.Encode()))
			if !strings.Contains(yaml, tc.want) {
				t.Fatalf("the draft lacks %q:\n%s", tc.want, yaml)
			}
			started := u.post("/map/check", url.Values{"path": {list}, "yaml": {yaml}})
			id := regexp.MustCompile(`sse-connect="/map/check/(\d+)/events"`).FindStringSubmatch(started)
			if id == nil {
				t.Fatalf("the check did not start:\n%s", started)
			}
			events := u.get("/map/check/" + id[1] + "/events")
			final := events[strings.LastIndex(events, "event: status"):]
			if v, s := countIn(final, "ready to send"), countIn(final, "left out"); v != tc.valid || s != tc.skipped {
				t.Errorf("the check counts %d valid, %d left out; want %d and %d:\n%s", v, s, tc.valid, tc.skipped, final)
			}
		})
	}
}

// TestUIDraftIsInits shows that the map screen's draft is `contactimport init`'s, byte for byte,
// for lists that need its reasons and questions (a legacy CRM export, LinkedIn's notes above the
// header).
func TestUIDraftIsInits(t *testing.T) {
	for _, sample := range []string{"samples/legacy-crm.csv", "samples/exports/linkedin/Connections.csv"} {
		t.Run(filepath.Base(sample), func(t *testing.T) {
			list, err := filepath.Abs(sample)
			if err != nil {
				t.Fatal(err)
			}
			var draft, stderr syncBuffer
			if code := run(t.Context(), []string{"init", list}, noEnv, nil, &draft, &stderr); code != exitOK {
				t.Fatalf("init: exit %d: %s", code, stderr.String())
			}
			t.Chdir(t.TempDir())
			link, stop := startUI(t)
			defer stop()
			u := newUIClient(t, link)
			if got := mappingText(t, u.get("/map?"+url.Values{"path": {list}}.Encode())); got != draft.String() {
				t.Errorf("the map screen's draft:\n%s\ninit's:\n%s", got, draft.String())
			}
		})
	}
}
