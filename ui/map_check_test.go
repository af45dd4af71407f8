package ui

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/report"
)

// TestCheckEventsFollowProgress: while a whole-file check runs, its stream sends a status when
// the rows checked change (not on every tick), and when it ends, the final counts and "done".
func TestCheckEventsFollowProgress(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, s, _ := listServer(t)
		_, cancel := context.WithCancel(context.Background())
		j := &checkJob{ID: 7, total: 100, done: make(chan struct{}), cancel: cancel,
			counts: map[report.Status]int{}, codes: map[string]int{}, class: map[report.Class]int{}}
		s.lists.checks = map[int]*checkJob{7: j}
		w := httptest.NewRecorder()
		ended := make(chan struct{})
		go func() {
			defer close(ended)
			s.Handler().ServeHTTP(w, request("GET", "/map/check/7/events", s.cfg.Guard.Token(), nil))
		}()
		statuses := func() int {
			synctest.Wait()
			return strings.Count(w.Body.String(), "event: status\n")
		}
		time.Sleep(5 * tick) // nothing checked yet: one status, however many ticks
		if n := statuses(); n != 1 {
			t.Fatalf("%d status events before any row, want 1", n)
		}
		for range 40 {
			j.Write(report.Line{Status: report.Valid})
		}
		j.Write(report.Line{Status: report.Failed, Class: report.Validation, Code: "invalid_email"})
		j.progress.Rows.Store(41)
		time.Sleep(tick)
		if n := statuses(); n != 2 || !strings.Contains(w.Body.String(), "41 rows checked") {
			t.Fatalf("%d status events after 41 rows, want 2 with the count:\n%s", n, w.Body.String())
		}
		time.Sleep(5 * tick)
		if n := statuses(); n != 2 {
			t.Fatalf("%d status events while nothing changed, want still 2", n)
		}
		close(j.done)
		<-ended
		got := w.Body.String()
		final := got[strings.LastIndex(got, "event: status"):]
		for _, want := range []string{text.CheckDone, `value="100"`, "40 ready to send", "1 fail", "invalid_email"} {
			if !strings.Contains(final, want) {
				t.Errorf("the final status lacks %q:\n%s", want, final)
			}
		}
		if !strings.HasSuffix(got, "event: done\ndata: \n\n") {
			t.Errorf("the stream does not end with done:\n%s", got)
		}
	})
}
