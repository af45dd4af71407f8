package main

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
	"contactimport/report"
)

// logEvery is the interval of progress log lines when stderr is not a terminal.
const logEvery = 10 * time.Second

// startProgress shows progress until the returned function is called: a bar by bytes read on a
// terminal, a log line every 10 s otherwise (never carriage-return frames in a log file).
func startProgress(o *options, getenv func(string) string, stderr io.Writer, log *slog.Logger, p *importer.Progress, size int64, sum *report.Summary) func() {
	mode := o.progress
	if mode == "auto" {
		mode = "log"
		if isTerminal(stderr) && getenv("TERM") != "dumb" {
			mode = "bar"
		}
	}
	if mode == "none" {
		return func() {}
	}
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	if mode == "bar" {
		bar := progressbar.NewOptions64(size,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetWidth(30),
			progressbar.OptionUseANSICodes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
		)
		go func() {
			defer wg.Done()
			t := time.NewTicker(250 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					bar.Describe(describe(p, start))
					bar.Set64(min(p.Offset.Load(), size))
					bar.Exit()
					fmt.Fprintln(stderr)
					return
				case <-t.C:
					bar.Describe(describe(p, start))
					bar.Set64(min(p.Offset.Load(), size))
				}
			}
		}()
	} else {
		go func() {
			defer wg.Done()
			t := time.NewTicker(logEvery)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					rows := p.Rows.Load()
					pct := 0.0
					if size > 0 {
						pct = float64(min(p.Offset.Load(), size)) * 100 / float64(size)
					}
					log.Info("progress", "rows", rows, "ok", p.OK.Load(), "failed", p.Failed.Load(),
						"percent", int(pct), "rows_per_second", int(float64(rows)/time.Since(start).Seconds()))
				}
			}
		}()
	}
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
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

// newLogger builds the stderr logger: text or JSON, at --log-level, every record shown safely
// (safeHandler); Go's standard log package writes to it too (routeStdLog).
func newLogger(o *options, stderr io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	hopts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(stderr, hopts)
	if o.logFormat == "json" {
		h = slog.NewJSONHandler(stderr, hopts)
	}
	l := slog.New(safeHandler{h})
	routeStdLog(l)
	return l
}
