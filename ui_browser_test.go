package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"contactimport/importer/source"
	"contactimport/report"
)

// chromium finds a Chromium or Chrome binary, or skips the test: the browser tests need one
// (Debian: apt-get install chromium).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium binary found (install Debian's chromium: apt-get install -y chromium): the browser test of the UI is skipped")
	return ""
}

// startUI runs `contactimport ui` as the command runs it and returns the URL it printed, and a
// function that stops it (as Ctrl-C does) and returns its exit code.
func startUI(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"ui"}, args...), noEnv, nil, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("ui printed no URL: %v; stderr: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	_, url, ok := strings.Cut(strings.TrimSpace(line), "open ")
	url, _, _ = strings.Cut(url, " ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("ui printed %q, want a loopback URL", line)
	}
	var once sync.Once
	var exit int
	return url, func() int {
		once.Do(func() { cancel(); exit = <-code })
		return exit
	}
}

// shot saves a PNG of the browser's viewport as name in the screenshot folder: the folder named
// by CONTACTIMPORT_UI_SCREENSHOTS (the README's come from ui/testdata/screenshots), else a
// temporary one. An empty or non-PNG capture fails the test.
func shot(t *testing.T, dir, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.CaptureScreenshot()(ctx, tg)
		if err != nil {
			return err
		}
		if !bytes.HasPrefix(buf, []byte("\x89PNG")) {
			t.Errorf("screenshot %s is not a PNG", name)
		}
		return os.WriteFile(filepath.Join(dir, name), buf, 0o644)
	})
}

// into runs a and keeps its value in dst.
func into[T any](a chromedp.Action[T], dst *T) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		v, err := a(ctx, tg)
		*dst = v
		return chromedp.Void{}, err
	}
}

// TestUIFixAndRetryInBrowser drives the UI in headless Chromium: a fresh sandbox, the sample
// list imported by the CLI code (six bad rows), the report opened in the UI, one bad cell
// corrected in the grid and validated as typed, the rows retried; the sandbox then holds the
// contact with the corrected value, and the retry's report on disk says it was created.
func TestUIFixAndRetryInBrowser(t *testing.T) {
	browser := chromium(t)
	sample, err := filepath.Abs(filepath.Join("samples", "contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("CONTACTIMPORT_UI_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if shots, err = filepath.Abs(shots); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())

	var stdout, stderr syncBuffer
	if code := run(t.Context(), []string{"import", "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "1000", "--progress", "none", "--report", "contacts.report.csv", sample}, noEnv, nil, &stdout, &stderr); code != exitRowsFailed {
		t.Fatalf("import: exit %d, want %d; stderr: %s", code, exitRowsFailed, stderr.String())
	}
	original, err := os.ReadFile("contacts.report.csv")
	if err != nil {
		t.Fatal(err)
	}

	url, stop := startUI(t, "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "0.5")
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.WindowSize(1280, 800))
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil { // starts the browser, for as long as bctx lives
		t.Fatalf("start chromium: %v", err)
	}
	tctx, cancelTimeout := context.WithTimeout(bctx, time.Minute)
	defer cancelTimeout()

	email := `#row-23 input[aria-label^="user.Email,"]`
	country := `#row-72 input[aria-label^="user.ISOCountryCode,"]`
	var rows int
	var verdict, outcome, still string
	var fits, live bool
	var wide string
	err = chromedp.Do(tctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/fix?report=contacts.report.csv"]`)),
		shot(t, shots, "1-reports.png"),
		chromedp.Click(chromedp.CSS(`a[href="/fix?report=contacts.report.csv"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#row-23`)),
		into(chromedp.Evaluate[int](`document.querySelectorAll("table.grid tbody tr").length`), &rows),
		chromedp.WaitVisible(chromedp.CSS(`#mark-23-0.bad`)),
		shot(t, shots, "2-failed-rows.png"),
		// By keyboard: type into the cell, Enter checks the row and must not send the rows.
		chromedp.SendKeys(chromedp.CSS(email), kb.End+".com"+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#v-23 .ok`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#mark-23-0.bad`)),
		into(chromedp.Text(chromedp.CSS(`#v-23`)), &verdict),
		into(chromedp.Location(), &still),
		shot(t, shots, "3-row-corrected.png"),
		// A second row corrected: two contacts to send at --rate 0.5 keep the retry running
		// while its page loads, so the page follows it over server-sent events.
		chromedp.SendKeys(chromedp.CSS(country), kb.End+kb.Backspace+kb.Backspace+"GB"),
		chromedp.WaitVisible(chromedp.CSS(`#v-72 .ok`)),
		chromedp.Focus(chromedp.CSS(`button.primary`)),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#status`)),
		into(chromedp.Evaluate[bool](`document.querySelector("[sse-connect]") !== null && document.querySelector("table.outcome") === null`), &live),
		chromedp.WaitVisible(chromedp.CSS(`table.outcome`)),
		into(chromedp.Text(chromedp.CSS(`#status`)), &outcome),
		shot(t, shots, "4-retry-outcome.png"),
		// 200% zoom: the CSS viewport halves; the page must not scroll sideways (the grid
		// scrolls inside its own region).
		chromedp.Click(chromedp.CSS(`a[href^="/fix?report="]`)),
		chromedp.WaitVisible(chromedp.CSS(`#row-119`)),
		chromedp.EmulateViewport(640, 400, chromedp.EmulateScale(2)),
		into(chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth`), &fits),
		into(chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth && !e.closest(".scroll")).map(e => e.tagName + "." + e.className + " " + e.getBoundingClientRect().right).join("; ") + " / " + document.documentElement.scrollWidth + " " + document.documentElement.clientWidth`), &wide),
		shot(t, shots, "5-zoom-200.png"),
	)
	if err != nil {
		page, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
		t.Fatalf("browser: %v; the page shows:\n%s", err, page)
	}
	if code := stop(); code != exitOK {
		t.Errorf("ui: exit %d, want 0", code)
	}
	if rows != 6 {
		t.Errorf("the grid shows %d failed rows, want the 6 bad rows of the sample", rows)
	}
	if !strings.Contains(verdict, "ready to send") {
		t.Errorf("verdict after the fix: %q, want ready to send", verdict)
	}
	if !strings.Contains(still, "/fix?report=") {
		t.Errorf("Enter in a cell left the page for %s: it must check the row, not send the rows", still)
	}
	if !live {
		t.Error("the run page did not follow the retry while it ran (no SSE connection, or the retry ended before the page loaded)")
	}
	if !fits {
		t.Errorf("at 200%% zoom the page scrolls sideways: %s", wide)
	}
	if !strings.Contains(outcome, "created") {
		t.Errorf("the outcome shown does not name the created row: %q", outcome)
	}

	now, err := os.ReadFile("contacts.report.csv")
	if err != nil || !bytes.Equal(now, original) {
		t.Errorf("the original report was changed (err %v)", err)
	}
	checkRetryReport(t, "contacts.report.fixed.retry.csv", 23, 72)
	var export bytes.Buffer
	if code := run(t.Context(), []string{"sandbox", "export", "--db", "sandbox.db"}, noEnv, nil, &export, &stderr); code != exitOK {
		t.Fatalf("sandbox export: exit %d; stderr: %s", code, stderr.String())
	}
	if !strings.Contains(export.String(), "ameliathomas@example.com,") {
		t.Errorf("sandbox export lacks the corrected contact ameliathomas@example.com")
	}
	if !strings.Contains(export.String(), ",jackevans@example.net,") || !regexp.MustCompile(`(?m)^.*,jackevans@example\.net,.*,GB,`).MatchString(export.String()) {
		t.Errorf("sandbox export lacks jackevans@example.net with the corrected country GB:\n%s", export.String())
	}
}

// checkRetryReport reads the retry's report on disk with report.Reader: the rows fixed created
// (row 23 with its corrected email), the other failed rows of the sample failed again.
func checkRetryReport(t *testing.T, path string, fixed ...int) {
	t.Helper()
	f, err := source.OpenFile(path, source.KindInput)
	if err != nil {
		t.Fatalf("the retry's report: %v", err)
	}
	defer f.Close()
	rd, err := report.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]report.Status{}
	for {
		l, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got[l.Row] = l.Status
		if l.Row == 23 && l.Cells[0] != "ameliathomas@example.com" {
			t.Errorf("row 23 in the retry's report has the email %q, want the corrected one", l.Cells[0])
		}
	}
	if len(got) != 6 {
		t.Errorf("the retry's report has %d rows, want the 6 retried", len(got))
	}
	for _, row := range []int{23, 72, 119, 165, 204, 258} {
		want := report.Failed
		if slices.Contains(fixed, row) {
			want = report.Created
		}
		if got[row] != want {
			t.Errorf("row %d in the retry's report: %q, want %q", row, got[row], want)
		}
	}
}
