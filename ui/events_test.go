package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/mapping"
	"contactimport/report"
)

// slowEngine's retry runs until release is closed.
type slowEngine struct {
	fakeEngine
	release chan struct{}
}

func (e *slowEngine) Mapper(sum *report.Summary, header []string) (*mapping.Mapper, error) {
	return e.fakeEngine.Mapper(sum, header)
}

func (e *slowEngine) Retry(ctx context.Context, req RetryRequest) int {
	<-e.release
	return e.fakeEngine.Retry(ctx, req)
}

// TestEventsStreamUntilDone: while a retry runs, the stream sends its status once (not on every
// tick while nothing changes); when it ends, the final status and "done", and the stream ends.
func TestEventsStreamUntilDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		eng := &slowEngine{release: make(chan struct{})}
		eng.code = 3
		_, s, do := fixServer(t, eng)
		if r := do("POST", "/fix/retry", row23("a@example.com")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("retry: %d", r.StatusCode)
		}
		g := s.cfg.Guard
		w := httptest.NewRecorder()
		ended := make(chan struct{})
		go func() {
			defer close(ended)
			r := request("GET", "/run/1/events", g.Token(), nil)
			s.Handler().ServeHTTP(w, r)
		}()
		time.Sleep(10 * tick) // ten ticks of a retry that writes nothing
		synctest.Wait()
		select {
		case <-ended:
			t.Fatal("the stream ended while the retry runs")
		default:
		}
		close(eng.release)
		<-ended
		got := w.Body.String()
		if w.Header().Get("Content-Type") != "text/event-stream" {
			t.Errorf("Content-Type %q", w.Header().Get("Content-Type"))
		}
		if n := strings.Count(got, "event: status\n"); n != 2 {
			t.Errorf("%d status events, want 2 (the running one, the final one):\n%s", n, got)
		}
		if !strings.Contains(got, "Retrying") || !strings.Contains(got, "Finished") || !strings.HasSuffix(got, "event: done\ndata: \n\n") {
			t.Errorf("want running, then finished, then done:\n%s", got)
		}
		for line := range strings.Lines(got) {
			if line != "\n" && !strings.HasPrefix(line, "event: ") && !strings.HasPrefix(line, "data: ") {
				t.Errorf("line %q is not an SSE field", line)
			}
		}
	})
}

func TestEventsUnknownRun(t *testing.T) {
	_, _, do := fixServer(t, &fakeEngine{})
	if r := do("GET", "/run/9/events", url.Values(nil)); r.StatusCode != http.StatusNotFound {
		t.Errorf("%d, want 404", r.StatusCode)
	}
}

// TestNewestFirst: the runs of one kind, from a sequence of ids shared with the other kinds, come
// newest first, the gaps left out.
func TestNewestFirst(t *testing.T) {
	a, b, c := &job{ID: 1}, &job{ID: 3}, &job{ID: 4}
	got := newestFirst(map[int]*job{1: a, 3: b, 4: c}, 5)
	if len(got) != 3 || got[0] != c || got[1] != b || got[2] != a {
		t.Errorf("newestFirst = %v, want the runs 4, 3, 1", got)
	}
	if got := newestFirst(map[int]*job{}, 0); len(got) != 0 {
		t.Errorf("no runs: %v", got)
	}
}
