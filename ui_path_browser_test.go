package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestUIWholePathInBrowser walks the whole path in headless Chromium as a person works, by the
// keyboard, from a fresh sandbox: a copy of samples/contacts.csv opened by its path (its
// detected encoding and its six bad rows seen in the preview), the draft mapping saved as init
// writes it, the link followed to the target screen, the sandbox chosen and checked by doctor,
// the import rehearsed and followed to its end (294 created, 6 failed), the link followed to
// the fix screen, row 23's bad email corrected in the grid (valid as typed) and retried. The
// sandbox then holds that contact with the corrected email, and the retry's report on disk
// says it was created.
func TestUIWholePathInBrowser(t *testing.T) {
	browser := chromium(t)
	list := sampleCopy(t)
	var draft, stderr bytes.Buffer
	if code := run(t.Context(), []string{"init", list}, noEnv, nil, &draft, &stderr); code != exitOK {
		t.Fatalf("init: exit %d; stderr: %s", code, stderr.String())
	}
	link, stop := startUI(t, "--sandbox", "--sandbox-db", "sandbox.db", "--rate", "60")
	defer stop()
	bctx := headless(t, browser, 1280, 900)
	tctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()

	email := `#row-23 input[aria-label^="user.Email,"]`
	var encoding, flagged, saved, findings, finished, verdict, outcome string
	var badRows int
	var live bool
	err := chromedp.Do(tctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/open"]`)),
		press(`a[href="/open"]`),
		// Open: the list by its path, read at once.
		chromedp.WaitVisible(chromedp.CSS(`#path`)),
		chromedp.SendKeys(chromedp.CSS(`#path`), list+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`dl.found`)),
		into(chromedp.Text(chromedp.CSS(`#enc-why`)), &encoding),
		into(chromedp.Evaluate[int](`document.querySelectorAll("#preview tr.v-bad").length`), &badRows),
		into(chromedp.Text(chromedp.CSS(`#f-23 td.verdict`)), &flagged),
		// Map: the draft saved as it is, then on to the target.
		press(`a.button.primary[href^="/map"]`),
		chromedp.WaitVisible(chromedp.CSS(`table.columns`)),
		press(`button[hx-post="/map/save"]`),
		chromedp.WaitVisible(chromedp.CSS(`#next`)),
		into(chromedp.Text(chromedp.CSS(`#saved`)), &saved),
		press(`#next`),
		// Target: the sandbox and its group 1001, checked by doctor.
		chromedp.WaitVisible(chromedp.CSS(`#kind-sandbox`)),
		chromedp.Focus(chromedp.CSS(`#kind-sandbox`)),
		chromedp.KeyEvent(" "),
		chromedp.SetValue(chromedp.CSS(`#group`), "1001"),
		press(`form.target-form button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`#findings`)),
		into(chromedp.Text(chromedp.CSS(`#findings`)), &findings),
		// Run: the rehearsal followed live to its end.
		press(`form.run-form button.primary`),
		chromedp.WaitVisible(chromedp.CSS(`#status .running`)),
		into(chromedp.Evaluate[bool](`document.querySelector("[sse-connect]") !== null`), &live),
		chromedp.WaitVisible(chromedp.CSS(`a.fix-link`)),
		into(chromedp.Text(chromedp.CSS(`#status`)), &finished),
		// Fix and retry: row 23's email corrected, checked as typed, the rows retried.
		press(`a.fix-link`),
		chromedp.WaitVisible(chromedp.CSS(`#mark-23-0.bad`)),
		chromedp.SendKeys(chromedp.CSS(email), kb.End+".com"),
		chromedp.WaitVisible(chromedp.CSS(`#v-23 .ok`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#mark-23-0.bad`)),
		into(chromedp.Text(chromedp.CSS(`#v-23`)), &verdict),
		press(`button.primary`),
		chromedp.WaitVisible(chromedp.CSS(`table.outcome`)),
		into(chromedp.Text(chromedp.CSS(`#status`)), &outcome),
	)
	if err != nil {
		t.Fatalf("browser: %v; the page shows:\n%s", err, pageShows(bctx))
	}
	if code := stop(); code != exitOK {
		t.Errorf("ui: exit %d, want 0", code)
	}

	if !strings.Contains(encoding, "utf-8") || !strings.Contains(encoding, "valid UTF-8") {
		t.Errorf("the detected encoding shown is %q; want utf-8 with its reason", encoding)
	}
	if badRows != 6 || !strings.Contains(flagged, "not a valid email address") {
		t.Errorf("the preview flags %d rows (row 23: %q); want the sample's 6 with check's messages", badRows, flagged)
	}
	mappingFile := filepath.Join(filepath.Dir(list), "contacts.mapping.yaml")
	if got, err := os.ReadFile(mappingFile); err != nil {
		t.Errorf("the mapping was not saved beside the list (the page says %q): %v", saved, err)
	} else if !bytes.Equal(got, draft.Bytes()) {
		t.Errorf("the mapping saved differs from the draft init writes:\n--- saved\n%s\n--- init\n%s", got, draft.String())
	}
	if !strings.Contains(findings, `group 1001 "newsletter" exists`) || !strings.Contains(findings, "an import can run as configured") {
		t.Errorf("doctor's findings as shown:\n%s", findings)
	}
	if !live {
		t.Error("the run page did not follow the import over server-sent events")
	}
	for _, want := range []string{"Finished", "294 created", "6 failed"} {
		if !strings.Contains(finished, want) {
			t.Errorf("the finished import's page lacks %q:\n%s", want, finished)
		}
	}
	if !strings.Contains(verdict, "ready to send") {
		t.Errorf("after the correction row 23 says %q; want ready to send", verdict)
	}
	if !strings.Contains(outcome, "created") {
		t.Errorf("the retry's outcome does not name the created row: %q", outcome)
	}
	reports, _ := filepath.Glob(filepath.Join(filepath.Dir(list), "contacts.*.report.fixed.retry.csv"))
	if len(reports) != 1 {
		t.Fatalf("retry reports beside the list: %q, want one", reports)
	}
	checkRetryReport(t, reports[0], 23)
	var export bytes.Buffer
	if code := run(t.Context(), []string{"sandbox", "export", "--db", "sandbox.db"}, noEnv, nil, &export, &stderr); code != exitOK {
		t.Fatalf("sandbox export: exit %d; stderr: %s", code, stderr.String())
	}
	if !strings.Contains(export.String(), "ameliathomas@example.com,") {
		t.Errorf("sandbox export lacks the corrected contact ameliathomas@example.com:\n%s", export.String())
	}
}
