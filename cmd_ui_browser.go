package main

import (
	"contactimport/ui"
	"context"
	"log/slog"
	"os/exec"
	"runtime"
	"time"
)

// browserCommand is the command that starts the system's web browser on a URL, which is added
// as its last argument. It is a variable so that a test can put another command in its place.
var browserCommand = func() []string {
	switch runtime.GOOS {
	case "darwin":
		return []string{"open"}
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler"}
	}
	return []string{"xdg-open"}
}

// startBrowser runs browserCommand for link (`ui --open`) and waits for it: the openers hand the
// URL to the browser and return. A browser that cannot be started is a warning, never the end of
// the server: the URL is printed, and the person opens it. The warning names the command, not
// the URL (it carries the session's token).
//
// The opener is given a private page that sends the browser on to link, not link itself: an
// opener's arguments are visible to every user of the machine, and link carries the token. The
// page is removed when ctx ends (the server stops).
func startBrowser(ctx context.Context, link string, log *slog.Logger) {
	page, remove, err := ui.RedirectFile(link)
	if err != nil {
		log.Warn("--open: the page for the browser could not be written; open the printed URL in your browser", "error", err.Error())
		return
	}
	defer func() { <-ctx.Done(); remove() }() // the caller waits for it before the UI exits
	argv := append(browserCommand(), page)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		log.Warn("--open: no browser could be started; open the printed URL in your browser", "command", argv[0], "error", err.Error())
		return
	}
	if err := cmd.Wait(); err != nil && ctx.Err() == nil {
		log.Warn("--open: the browser opener failed; open the printed URL in your browser", "command", argv[0], "error", err.Error())
	}
}
