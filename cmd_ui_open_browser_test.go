package main

import (
	"context"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"contactimport/mapping"
)

// TestUIOpenAndMapInBrowser drives the open and map screens in headless Chromium: the sample
// list opened by its path, its detected encoding and its six bad rows seen in the preview; on
// the map screen, a column's target changed with the keyboard and the preview mapped again;
// the whole file checked; the mapping saved beside the list as the YAML file the CLI reads.
func TestUIOpenAndMapInBrowser(t *testing.T) {
	browser := chromium(t)
	data, err := os.ReadFile(filepath.Join("samples", "contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	crm, err := filepath.Abs(filepath.Join("samples", "legacy-crm.csv")) // a draft with questions
	if err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)
	dir := t.TempDir()
	t.Chdir(dir)
	list := filepath.Join(dir, "contacts.csv")
	if err := os.WriteFile(list, data, 0o600); err != nil {
		t.Fatal(err)
	}

	url, stop := startUI(t, "--sandbox", "--sandbox-db", "sandbox.db")
	defer stop()
	bctx := headless(t, browser, 1280, 900)
	tctx, cancelTimeout := context.WithTimeout(bctx, time.Minute)
	defer cancelTimeout()

	first := `#to-1` // user.FirstName's target
	var encoding, bad, sentBefore, sentAfter, checked, saved string
	var badRows int
	var question string
	var fits, openFits, ok bool
	var wide string
	err = chromedp.Do(tctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/open"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/open"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#path`)),
		chromedp.SendKeys(chromedp.CSS(`#path`), list+kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`dl.found`)),
		into(chromedp.Text(chromedp.CSS(`#enc-why`)), &encoding),
		into(chromedp.Evaluate[int](`document.querySelectorAll("#preview tr.v-bad").length`), &badRows),
		into(chromedp.Text(chromedp.CSS(`#f-23 td.verdict`)), &bad),
		shot(t, shots, "6-open.png"),
		chromedp.ScrollIntoView(chromedp.CSS(`#prev-failed`)),
		shot(t, shots, "7-open-bad-rows.png"),
		chromedp.EmulateViewport(640, 450, chromedp.EmulateScale(2)),
		into(chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth`), &openFits),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Click(chromedp.CSS(`a.button.primary[href^="/map"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.columns`)),
		into(chromedp.Text(chromedp.CSS(`#p-1 td.sent`)), &sentBefore),
		shot(t, shots, "8-map.png"),
		// By keyboard: the target typed over, Tab leaves the field and the preview is mapped
		// again with the edited mapping.
		chromedp.Focus(chromedp.CSS(first)),
		into(chromedp.Evaluate[bool](`(() => { document.querySelector("#to-1").select(); return true })()`), &ok),
		chromedp.SendKeys(chromedp.CSS(first), "user.CustomAttribute.Vorname"+kb.Tab),
		chromedp.WaitVisible(chromedp.CSS(`#p-1 td.sent`)),
		into(chromedp.Poll[bool](`document.querySelector("#p-1 td.sent").innerText.includes("user.CustomAttribute.Vorname")`), &ok),
		into(chromedp.Text(chromedp.CSS(`#p-1 td.sent`)), &sentAfter),
		chromedp.ScrollIntoView(chromedp.CSS(`#prev-h`)),
		shot(t, shots, "10-map-preview-edited.png"),
		chromedp.Click(chromedp.CSS(`button[hx-post="/map/check"]`)),
		into(chromedp.Poll[bool](`document.querySelector("#check-h") !== null && document.querySelector("#check-h").innerText === "Whole-file check"`), &ok),
		into(chromedp.Text(chromedp.CSS(`section.checked`)), &checked),
		chromedp.ScrollIntoView(chromedp.CSS(`section.checked`)),
		shot(t, shots, "11-check.png"),
		chromedp.Click(chromedp.CSS(`button[hx-post="/map/save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#next`)),
		into(chromedp.Text(chromedp.CSS(`#saved`)), &saved),
		// 200% zoom: the page must not scroll sideways; the tables scroll in their regions.
		chromedp.ScrollIntoView(chromedp.CSS(`h1`)),
		chromedp.EmulateViewport(640, 450, chromedp.EmulateScale(2)),
		into(chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth`), &fits),
		into(chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth && !e.closest(".scroll")).map(e => e.tagName + "." + e.className + " " + e.getBoundingClientRect().right).join("; ") + " / " + document.documentElement.scrollWidth + " " + document.documentElement.clientWidth`), &wide),
		shot(t, shots, "12-map-zoom-200.png"),
		// A list whose draft has questions: each is shown in its column's row.
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(strings.Replace(url, "/?t=", "/map?path="+neturl.QueryEscape(crm)+"&t=", 1)),
		chromedp.WaitVisible(chromedp.CSS(`tr.question`)),
		into(chromedp.Text(chromedp.CSS(`tr.question .todo`)), &question),
		chromedp.ScrollIntoView(chromedp.CSS(`table.columns`)),
		shot(t, shots, "9-map-questions.png"),
	)
	if err != nil {
		t.Fatalf("browser: %v; the page shows:\n%s", err, pageShows(bctx))
	}
	if !strings.Contains(encoding, "utf-8") || !strings.Contains(encoding, "valid UTF-8") {
		t.Errorf("the detected encoding shown is %q; want utf-8 with its reason", encoding)
	}
	if badRows != 6 || !strings.Contains(bad, "not a valid email address") {
		t.Errorf("the preview flags %d rows (row 23: %q); want the sample's 6 with check's messages", badRows, bad)
	}
	if !strings.Contains(sentBefore, "user.FirstName") || strings.Contains(sentAfter, "user.FirstName") {
		t.Errorf("row 1 sends %q before the edit and %q after: want user.FirstName replaced", sentBefore, sentAfter)
	}
	// Row 165's first name, too long for user.FirstName, is no longer at fault once the column
	// goes to a custom attribute: the check counts the mapping as edited.
	if !strings.Contains(checked, "295 ready to send") || !strings.Contains(checked, "5 fail") || strings.Contains(checked, "too_long") {
		t.Errorf("the whole-file check shows %q; want 295 ready, 5 failing, none too long", checked)
	}
	if !fits {
		t.Errorf("at 200%% zoom the map screen scrolls sideways: %s", wide)
	}
	if !openFits {
		t.Error("at 200% zoom the open screen scrolls sideways")
	}
	if !strings.HasPrefix(question, "To decide:") || !strings.Contains(question, "Kundennr") {
		t.Errorf("the draft's first question is shown as %q; want Kundennr's TODO", question)
	}
	yaml, err := os.ReadFile(filepath.Join(dir, "contacts.mapping.yaml"))
	if err != nil {
		t.Fatalf("the mapping was not saved beside the list (%q): %v", saved, err)
	}
	f, err := mapping.ParseFile("contacts.mapping.yaml", yaml)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Columns {
		if c.Name == "user.FirstName" && c.Target != "user.CustomAttribute.Vorname" {
			t.Errorf("the saved mapping sends user.FirstName to %q", c.Target)
		}
	}
}

// TestUIUploadInBrowser uploads the sample list with the open screen's form in headless
// Chromium: the browser posts it (htmx, the CSRF token in its header), the server streams it to
// a private copy and the browser goes on to the copy's open screen, read as the original.
func TestUIUploadInBrowser(t *testing.T) {
	browser := chromium(t)
	sample, err := filepath.Abs(filepath.Join("samples", "contacts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	url, stop := startUI(t)
	defer stop()
	bctx := headless(t, browser, 1280, 900)
	tctx, cancelTimeout := context.WithTimeout(bctx, time.Minute)
	defer cancelTimeout()
	var location string
	var badRows int
	err = chromedp.Do(tctx,
		chromedp.Navigate(strings.Replace(url, "/?t=", "/open?t=", 1)),
		chromedp.WaitVisible(chromedp.CSS(`#file`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{sample}),
		chromedp.Click(chromedp.CSS(`form[hx-post="/open"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.found`)),
		into(chromedp.Location(), &location),
		into(chromedp.Evaluate[int](`document.querySelectorAll("#preview tr.v-bad").length`), &badRows),
	)
	if err != nil {
		t.Fatalf("browser: %v; the page shows:\n%s", err, pageShows(bctx))
	}
	u, err := neturl.Parse(location)
	if err != nil {
		t.Fatal(err)
	}
	copied := u.Query().Get("path")
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(copied)) })
	if filepath.Base(copied) != "contacts.csv" || !strings.Contains(filepath.Dir(copied), "contactimport-ui-") {
		t.Errorf("the browser is at %s; want the open screen of the upload's copy", location)
	}
	want, _ := os.ReadFile(sample)
	if got, err := os.ReadFile(copied); err != nil || string(got) != string(want) {
		t.Errorf("the copy differs from the file uploaded (%v)", err)
	}
	if badRows != 6 {
		t.Errorf("the copy's preview flags %d rows, want the sample's 6", badRows)
	}
}
