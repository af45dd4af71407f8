package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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

// press focuses the link or button at sel and presses Enter on it, as a person working with the
// keyboard does: it fails when the element cannot take the focus.
func press(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Focus(chromedp.CSS(sel))(ctx, tg); err != nil {
			return err
		}
		focused, err := chromedp.Evaluate[bool](`document.activeElement !== null && document.activeElement.matches(`+jsString(sel)+`)`)(ctx, tg)
		if err != nil {
			return err
		}
		if !focused {
			return &keyboardError{sel}
		}
		_, err = chromedp.KeyEvent(kb.Enter)(ctx, tg)
		return err
	})
}

// keyboardError says that an element a person must reach cannot take the keyboard's focus.
type keyboardError struct{ sel string }

func (e *keyboardError) Error() string { return e.sel + " cannot take the keyboard's focus" }

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
