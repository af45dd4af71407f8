package main

import (
	"bytes"
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestUIImportInBrowser drives the target and run screens in headless Chromium, from an empty
// sandbox: the target screen opened for samples/contacts.csv (a copy, since the report is
// written beside the list) with auto-mapping, the sandbox checked by doctor, the import
// rehearsed and followed live to its end (six bad rows), the failed rows fixed and retried from
// the link on the run's page; the sandbox then holds the corrected contact, and the retry's
// report on disk says it was created.
func TestUIImportInBrowser(t *testing.T) {
	browser := chromium(t)
	shots := screenshotDir(t)
	list := sampleCopy(t)
	link, stop := startUI(t, "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "60")
	base, _, _ := strings.Cut(link, "/?")
	bctx := headless(t, browser, 1280, 900)
	tctx, cancelTimeout := context.WithTimeout(bctx, 2*time.Minute)
	defer cancelTimeout()

	email := `#row-23 input[aria-label^="user.Email,"]`
	var findings, running, finished, outcome string
	var live, targetFits, runFits bool
	fits := `document.documentElement.scrollWidth <= document.documentElement.clientWidth`
	err := chromedp.Do(tctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`main`)),
		chromedp.Navigate(base+"/target?list="+url.QueryEscape(list)+"&mapping="),
		chromedp.WaitVisible(chromedp.CSS(`#kind-sandbox`)),
		chromedp.Click(chromedp.CSS(`#kind-sandbox`)),
		chromedp.SetValue(chromedp.CSS(`#group`), "1001"),
		shot(t, shots, "13-target.png"),
		// 200% zoom: the CSS viewport halves; the page must not scroll sideways.
		chromedp.EmulateViewport(640, 450, chromedp.EmulateScale(2)),
		into(chromedp.Evaluate[bool](fits), &targetFits),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Click(chromedp.CSS(`form.target-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#findings`)),
		into(chromedp.Text(chromedp.CSS(`#findings`)), &findings),
		chromedp.ScrollIntoView(chromedp.CSS(`#findings`)),
		shot(t, shots, "14-target-checked.png"),
		chromedp.Click(chromedp.CSS(`form.run-form button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`#status .running`)),
		into(chromedp.Evaluate[bool](`document.querySelector("[sse-connect]") !== null`), &live),
		chromedp.WaitVisible(chromedp.CSS(`#status .counts`)),
		into(chromedp.Text(chromedp.CSS(`#status`)), &running),
		shot(t, shots, "15-import-running.png"),
		chromedp.WaitVisible(chromedp.CSS(`a.fix-link`)),
		into(chromedp.Text(chromedp.CSS(`#status`)), &finished),
		shot(t, shots, "16-import-finished.png"),
		chromedp.EmulateViewport(640, 450, chromedp.EmulateScale(2)),
		into(chromedp.Evaluate[bool](fits), &runFits),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Click(chromedp.CSS(`a.fix-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#row-23`)),
		chromedp.SendKeys(chromedp.CSS(email), kb.End+".com"),
		chromedp.WaitVisible(chromedp.CSS(`#v-23 .ok`)),
		chromedp.Click(chromedp.CSS(`button.primary`)),
		chromedp.WaitVisible(chromedp.CSS(`table.outcome`)),
		into(chromedp.Text(chromedp.CSS(`#status`)), &outcome),
	)
	if err != nil {
		t.Fatalf("browser: %v; the page shows:\n%s", err, pageShows(bctx))
	}
	if code := stop(); code != exitOK {
		t.Errorf("ui: exit %d, want 0", code)
	}
	if !strings.Contains(findings, "ok       group: group 1001 \"newsletter\" exists") || !strings.Contains(findings, "an import can run as configured") {
		t.Errorf("doctor's findings as shown:\n%s", findings)
	}
	if !live || !strings.Contains(running, "Importing…") {
		t.Errorf("the run page did not follow the import while it ran (SSE %v): %q", live, running)
	}
	for _, want := range []string{"Finished", "294 created", "6 failed", "6 validation"} {
		if !strings.Contains(finished, want) {
			t.Errorf("the finished import's page lacks %q:\n%s", want, finished)
		}
	}
	if !targetFits || !runFits {
		t.Errorf("at 200%% zoom a page scrolls sideways (target page fits: %v, finished import fits: %v)", targetFits, runFits)
	}
	if !strings.Contains(outcome, "created") {
		t.Errorf("the retry's outcome does not name the created row: %q", outcome)
	}
	reports, _ := filepath.Glob("contacts.*.report.fixed.retry.csv")
	if len(reports) != 1 {
		t.Fatalf("retry reports beside the list: %q, want one", reports)
	}
	checkRetryReport(t, reports[0], 23)
	var export, stderr bytes.Buffer
	if code := run(t.Context(), []string{"sandbox", "export", "--db", "sandbox.db"}, noEnv, nil, &export, &stderr); code != exitOK {
		t.Fatalf("sandbox export: exit %d; stderr: %s", code, stderr.String())
	}
	if !strings.Contains(export.String(), "ameliathomas@example.com,") {
		t.Errorf("sandbox export lacks the corrected contact ameliathomas@example.com")
	}
}
