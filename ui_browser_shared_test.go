package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshotDir is the folder the browser tests write their screenshots to: the one named by
// CONTACTIMPORT_UI_SCREENSHOTS (the README's come from ui/testdata/screenshots), else a
// temporary one.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CONTACTIMPORT_UI_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// headless starts the Chromium binary at browser, headless, with a window of w×h pixels, and
// returns a context that drives its first tab; the browser is stopped when the test ends.
func headless(t *testing.T, browser string, w, h int) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.WindowSize(w, h))
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil { // starts the browser, for as long as bctx lives
		t.Fatalf("start chromium: %v", err)
	}
	return bctx
}

// pageShows is the address and the visible text of the page the browser is on, for the message
// of a browser step that failed.
func pageShows(bctx context.Context) string {
	page, err := chromedp.Run(bctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
	if err != nil {
		return "(the page cannot be read: " + err.Error() + ")"
	}
	return page
}
