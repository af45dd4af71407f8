package main

import (
	"bufio"
	"context"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	stop := func() int { cancel(); return <-code }
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
		page, _ := newFormClient(t, link).get(link) // the screen answers the printed URL
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

// TestUIOpenStartsTheBrowser: --open runs the browser opener on the printed URL, token and page
// included.
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
	if string(got) != link || !strings.Contains(link, "/open?path=") {
		t.Errorf("the opener got %q, want the printed URL %q (the open screen's)", got, link)
	}
	if code := stop(); code != exitOK || strings.Contains(stderr.String(), "--open") {
		t.Errorf("ui --open: exit %d, stderr %q", code, stderr.String())
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
