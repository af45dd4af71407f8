package progress

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer"
)

// lockedBuffer is a bytes.Buffer the display's goroutine and the test may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogEveryTenSeconds: away from a terminal, auto logs one progress line every 10 s with the
// counters and the share of the input read, and nothing once stopped.
func TestLogEveryTenSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs, out lockedBuffer
		p := new(importer.Progress)
		stop := Start(Config{Mode: "auto", Term: "xterm", Out: &out, Log: slog.New(slog.NewTextHandler(&logs, nil)), Counts: p, Size: 1000})
		p.Rows.Store(40)
		p.OK.Store(38)
		p.Failed.Store(2)
		p.Offset.Store(250)
		time.Sleep(9 * time.Second)
		synctest.Wait()
		if logs.String() != "" {
			t.Fatalf("logged before 10 s: %q", logs.String())
		}
		time.Sleep(time.Second)
		synctest.Wait()
		got := logs.String()
		for _, want := range []string{"msg=progress", "rows=40", "ok=38", "failed=2", "percent=25", "rows_per_second=4"} {
			if !strings.Contains(got, want) {
				t.Errorf("log line %q lacks %s", got, want)
			}
		}
		stop()
		stop() // a second stop does nothing
		before := logs.String()
		time.Sleep(time.Minute)
		synctest.Wait()
		if logs.String() != before || out.String() != "" {
			t.Errorf("after stop: logs grew to %q, out %q", logs.String(), out.String())
		}
	})
}

// TestNoneShowsNothing: --progress none neither logs nor draws.
func TestNoneShowsNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs, out lockedBuffer
		stop := Start(Config{Mode: "none", Out: &out, Log: slog.New(slog.NewTextHandler(&logs, nil)), Counts: new(importer.Progress), Size: 10})
		time.Sleep(time.Minute)
		synctest.Wait()
		stop()
		if logs.String() != "" || out.String() != "" {
			t.Errorf("none showed logs %q, out %q", logs.String(), out.String())
		}
	})
}

// TestBarDrawsOnStop: a bar (asked for; auto draws one only on a terminal) is drawn to Out with
// the counters, and finished on stop.
func TestBarDrawsOnStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var logs, out lockedBuffer
		p := new(importer.Progress)
		p.Rows.Store(7)
		p.OK.Store(7)
		p.Offset.Store(10)
		stop := Start(Config{Mode: "bar", Out: &out, Log: slog.New(slog.NewTextHandler(&logs, nil)), Counts: p, Size: 10})
		time.Sleep(time.Second)
		stop()
		if got := out.String(); !strings.Contains(got, "7 rows") || !strings.Contains(got, "ok 7, failed 0") {
			t.Errorf("bar output %q lacks the counters", got)
		}
		if logs.String() != "" {
			t.Errorf("a bar also logged: %q", logs.String())
		}
	})
}
