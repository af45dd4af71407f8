// Package progress shows a running import, check or convert to the person waiting for it: a bar
// by bytes read on a terminal, a log line every 10 s otherwise (never carriage-return frames in
// a log file). It reads the counters the pipeline keeps (importer.Progress) and nothing else;
// each display runs on its own goroutine until its stop function is called.
package progress

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"contactimport/importer"
)

// logEvery is the interval of progress log lines when stderr is not a terminal.
const logEvery = 10 * time.Second

// Modes are the values of --progress.
func Modes() []string { return []string{"auto", "bar", "log", "none"} }

// Config is what a display shows, and where.
type Config struct {
	Mode   string // auto, bar, log or none; auto is a bar on a terminal whose TERM is not dumb
	Term   string // the TERM environment variable
	Out    io.Writer
	Log    *slog.Logger
	Counts *importer.Progress
	Size   int64 // input bytes, the bar's end
}

// Start shows progress until the returned function is called; calling it again does nothing.
func Start(c Config) func() {
	mode := c.Mode
	if mode == "auto" {
		mode = "log"
		if isTerminal(c.Out) && c.Term != "dumb" {
			mode = "bar"
		}
	}
	if mode == "none" {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	if mode == "bar" {
		go func() { defer wg.Done(); c.bar(done, time.Now()) }()
	} else {
		go func() { defer wg.Done(); c.logLines(done, time.Now()) }()
	}
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

func (c Config) bar(done <-chan struct{}, start time.Time) {
	bar := progressbar.NewOptions64(c.Size,
		progressbar.OptionSetWriter(c.Out),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetWidth(30),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
	)
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-done:
			bar.Describe(describe(c.Counts, start))
			bar.Set64(min(c.Counts.Offset.Load(), c.Size))
			bar.Exit()
			fmt.Fprintln(c.Out)
			return
		case <-t.C:
			bar.Describe(describe(c.Counts, start))
			bar.Set64(min(c.Counts.Offset.Load(), c.Size))
		}
	}
}

func (c Config) logLines(done <-chan struct{}, start time.Time) {
	t := time.NewTicker(logEvery)
	defer t.Stop()
	p := c.Counts
	for {
		select {
		case <-done:
			return
		case <-t.C:
			rows := p.Rows.Load()
			pct := 0.0
			if c.Size > 0 {
				pct = float64(min(p.Offset.Load(), c.Size)) * 100 / float64(c.Size)
			}
			c.Log.Info("progress", "rows", rows, "ok", p.OK.Load(), "failed", p.Failed.Load(),
				"percent", int(pct), "rows_per_second", int(float64(rows)/time.Since(start).Seconds()))
		}
	}
}

func describe(p *importer.Progress, start time.Time) string {
	rows := p.Rows.Load()
	return fmt.Sprintf("%d rows, %.0f rows/s, ok %d, failed %d", rows, float64(rows)/time.Since(start).Seconds(), p.OK.Load(), p.Failed.Load())
}

// isTerminal reports whether w is a terminal that can show a bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}
