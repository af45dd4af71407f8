package main

import (
	"bufio"
	"contactimport/ui"
	"context"
	"errors"
	"html"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// serveUI runs `contactimport ui args…` until the returned stop is called, and returns the URL
// it printed and its stderr.
func serveUI(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	stderr := &syncBuffer{lines: make(chan struct{}, 1)}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"ui"}, args...), noEnv, nil, pw, stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("ui printed no URL: %v; stderr: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	_, link, _ := strings.Cut(strings.TrimSpace(line), "open ")
	link, _, _ = strings.Cut(link, " ")
	var once sync.Once
	var exit int
	stop := func() int {
		once.Do(func() { cancel(); exit = <-code })
		return exit
	}
	return link, stderr, stop
}

// TestUIFileListOrReport: the file given to `contactimport ui` opens the screen it needs — a
// report of this tool its failed rows (/fix, also when a spreadsheet saved it with another
// separator), a list the open screen with its absolute path; a missing file is a usage error.
func TestUIFileListOrReport(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	files := map[string]string{
		"list.csv":        "email,name\nann@example.org,Ann\n",
		"saved.csv":       "user.Email;user.FirstName;import.row;import.status\nann@example;Ann;1;failed\n",
		"import-like.csv": "email,import_row,status\nann@example.org,1,failed\n",
	}
	for name, data := range files {
		if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ file, path, key, value string }{
		{"list.csv", "/open", "path", filepath.Join(dir, "list.csv")},
		{"import-like.csv", "/open", "path", filepath.Join(dir, "import-like.csv")},
		{"saved.csv", "/fix", "report", "saved.csv"},
		{filepath.Join("..", filepath.Base(dir), "list.csv"), "/open", "path", filepath.Join(dir, "list.csv")},
	} {
		link, _, stop := serveUI(t, tc.file)
		page, _ := newFormClient(t, link).get(withoutToken(link)) // the screen the printed URL leads to
		stop()
		if !strings.Contains(page, "list.csv") && !strings.Contains(page, "saved.csv") && !strings.Contains(page, "import-like.csv") {
			t.Errorf("ui %s: the page of %s does not name the file:\n%s", tc.file, link, page)
		}
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		if u.Path != tc.path || u.Query().Get(tc.key) != tc.value || u.Query().Get("t") == "" {
			t.Errorf("ui %s: URL %s, want %s?%s=%s with the token", tc.file, link, tc.path, tc.key, tc.value)
		}
	}
	var stdout, stderr syncBuffer
	code := run(t.Context(), []string{"ui", "missing.csv"}, noEnv, nil, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "missing.csv") || stdout.String() != "" {
		t.Errorf("ui missing.csv: exit %d, stdout %q, stderr %q; want exit 2 naming the file, no URL", code, stdout.String(), stderr.String())
	}
}

// TestUIOpenStartsTheBrowser: --open runs the browser opener on a private page (0600, in a 0700
// folder) that sends the browser on to the printed URL, so that the token is not in the opener's
// arguments, which every user of the machine can read; the page goes when the UI stops.
func TestUIOpenStartsTheBrowser(t *testing.T) {
	if _, err := exec.LookPath("mkfifo"); err != nil {
		t.Skip("no mkfifo to hand the opener's argument to the test:", err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "url")
	if out, err := exec.Command("mkfifo", fifo).CombinedOutput(); err != nil {
		t.Fatalf("mkfifo: %v %s", err, out)
	}
	opener := filepath.Join(dir, "opener")
	if err := os.WriteFile(opener, []byte("#!/bin/sh\nprintf '%s' \"$1\" > '"+fifo+"'\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	setBrowser(t, opener)
	t.Chdir(dir)
	if err := os.WriteFile("list.csv", []byte("email\nann@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link, stderr, stop := serveUI(t, "--open", "list.csv")
	f, err := os.Open(fifo) // blocks until the opener writes
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	token := mustParse(t, link).Query().Get("t")
	page := mustParse(t, string(got))
	if page.Scheme != "file" || strings.Contains(string(got), token) || !strings.Contains(link, "/open?path=") {
		t.Fatalf("the opener got %q; want a file URL without the token of %q (the open screen's)", got, link)
	}
	fi, err := os.Stat(page.Path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the page for the browser: %v, %v; want mode 0600", fi, err)
	}
	if di, err := os.Stat(filepath.Dir(page.Path)); err != nil || di.Mode().Perm() != 0o700 {
		t.Fatalf("the page's folder: %v, %v; want mode 0700", di, err)
	}
	b, err := os.ReadFile(page.Path)
	if err != nil || !strings.Contains(html.UnescapeString(string(b)), `content="0;url=`+link+`"`) {
		t.Errorf("the page for the browser does not send it on to %s:\n%s", link, b)
	}
	if code := stop(); code != exitOK || strings.Contains(stderr.String(), "--open") {
		t.Errorf("ui --open: exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(page.Path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the page for the browser is still there after the UI stopped: %v", err)
	}
}

// TestUIOpenWithoutBrowser: a browser that cannot be started is a warning on stderr that does
// not carry the URL's token, and the server goes on serving.
func TestUIOpenWithoutBrowser(t *testing.T) {
	setBrowser(t, filepath.Join(t.TempDir(), "no-such-browser"))
	link, stderr, stop := serveUI(t, "--open")
	deadline := time.After(30 * time.Second) // a bound on a broken test, not a wait for the result
	for !strings.Contains(stderr.String(), "no browser could be started") {
		select {
		case <-stderr.lines:
		case <-deadline:
			t.Fatalf("no warning on stderr: %q", stderr.String())
		}
	}
	u, _ := url.Parse(link)
	if strings.Contains(stderr.String(), u.Query().Get("t")) {
		t.Errorf("the warning carries the token: %q", stderr.String())
	}
	c := newFormClient(t, link) // still serving: the token's page answers
	if page, _ := c.get("/"); !strings.Contains(page, "<html") {
		t.Errorf("the first page after the warning:\n%s", page)
	}
	if code := stop(); code != exitOK {
		t.Errorf("ui --open without a browser: exit %d, want 0", code)
	}
}

// setBrowser makes cmd the browser opener for the test.
func setBrowser(t *testing.T, cmd string) {
	old := browserCommand
	browserCommand = func() []string { return []string{cmd} }
	t.Cleanup(func() { browserCommand = old })
}

// TestUIRetryIntoGroupOfACLIImport: the report of a group import run at the command line
// (import.membership) is retried from the fix screen into the group typed there, as
// `retry --group --subscription`: the fixed row's contact becomes a member, as
// `sandbox export --group` shows.
func TestUIRetryIntoGroupOfACLIImport(t *testing.T) {
	list := sampleCopy(t)
	var out syncBuffer
	if code := runImport(t.Context(), "import", []string{"--sandbox", "--sandbox-db", "sandbox.db", "--group", "1001",
		"--rate", "1000", "--progress", "none", "--report", "contacts.report.csv", list}, noEnv, &out, &out); code != exitRowsFailed {
		t.Fatalf("import into group 1001: exit %d; %s", code, out.String())
	}
	link, _, stop := serveUI(t, "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "1000", "contacts.report.csv")
	defer stop()
	c := newFormClient(t, link)
	c.base, _, _ = strings.Cut(link, "/fix?")
	page, _ := c.get(withoutToken(link))
	if !strings.Contains(page, `<tr id="row-23">`) || !strings.Contains(page, `name="group"`) || !strings.Contains(page, `<option value="DOUBLE_OPT_IN"`) {
		t.Fatalf("the fix screen of a group import's report shows no group field:\n%s", page)
	}
	row := url.Values{"report": {"contacts.report.csv"}, "row": {"23"},
		"c23": {"ameliathomas@example.com", "Amelia", "Thomas", "+447400123023", "GB", "en", "1976-06-27", "2", "B33 8TH", "Bronze", "true"}}
	row.Set("group", "x12")
	if r, err := c.c.PostForm(c.base+"/fix/retry", withCSRF(row, c.csrf)); err != nil || r.StatusCode != 400 {
		t.Fatalf("group x12: %v %v, want 400", r, err)
	}
	row.Set("group", "1001")
	row.Set("subscription", "CONFIRMED_OPT_IN")
	_, at := c.post("/fix/retry", row)
	if !strings.HasPrefix(at, "/run/") {
		t.Fatalf("retry went to %s", at)
	}
	c.waitDone(at)
	if code := stop(); code != exitOK {
		t.Errorf("ui: exit %d", code)
	}
	checkRetryReport(t, "contacts.report.fixed.retry.csv", 23)
	var members, errs syncBuffer
	if code := run(t.Context(), []string{"sandbox", "export", "--db", "sandbox.db", "--group", "1001"}, noEnv, nil, &members, &errs); code != exitOK {
		t.Fatalf("sandbox export --group 1001: exit %d; %s", code, errs.String())
	}
	var found string
	for l := range strings.Lines(members.String()) {
		if strings.Contains(l, "ameliathomas@example.com") {
			found = l
		}
	}
	if !strings.Contains(found, "CONFIRMED_OPT_IN") || !strings.Contains(found, "member") {
		t.Errorf("group 1001 after the retry: want ameliathomas@example.com a CONFIRMED_OPT_IN member, got line %q of\n%s", found, members.String())
	}
}

func withCSRF(v url.Values, csrf string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	out.Set("csrf", csrf)
	return out
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestUIOpenPageLeadsOnInBrowser: the private page --open gives the browser leads it on to the
// UI with the session's token: the browser lands signed in on the page it was to open.
func TestUIOpenPageLeadsOnInBrowser(t *testing.T) {
	browser := chromium(t)
	t.Chdir(t.TempDir())
	if err := os.WriteFile("list.csv", []byte("email\nann@example.org\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link, _, stop := serveUI(t, "list.csv")
	defer stop()
	page, remove, err := ui.RedirectFile(link)
	if err != nil {
		t.Fatal(err)
	}
	defer remove()
	bctx := headless(t, browser, 1000, 700)
	ctx, cancel := context.WithTimeout(bctx, 30*time.Second) // a bound on a broken test
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(`#path`))); err != nil {
		t.Fatalf("the page for the browser did not lead to the open screen: %v\n%s", err, pageShows(bctx))
	}
	shown := pageShows(bctx)
	if !strings.HasPrefix(shown, strings.SplitN(link, "?", 2)[0]) || !strings.Contains(shown, "list.csv") {
		t.Errorf("after the page for the browser:\n%s\nwant the open screen of list.csv under %s", shown, link)
	}
}
