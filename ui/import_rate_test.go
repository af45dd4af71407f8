package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// halfEngine is an import that writes the first 100 rows of the fixture report at once, then
// runs until it is stopped.
type halfEngine struct{ fakeEngine }

func (e *halfEngine) Import(ctx context.Context, req ImportRequest) int {
	data, _ := os.ReadFile(filepath.Join("testdata", "contacts.report.csv"))
	lines := bytes.SplitAfter(data, []byte("\n"))
	os.WriteFile(req.Report, bytes.Join(lines[:101], nil), 0o600)
	<-ctx.Done()
	return exitInterrupted
}

// TestImportRateAndTimeLeft: 100 of a 300-row list's rows done in 10 seconds (of the bubble's
// clock) is 10 rows/s, with about 20 seconds left; 10 seconds later, with no new row, the rate
// halves and the time left doubles.
func TestImportRateAndTimeLeft(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(list, []byte("email\n"+strings.Repeat("a@example.com\n", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		g, _ := NewGuard(addr, false)
		s, err := New(Config{Engine: &halfEngine{}, Guard: g, Dir: dir, Context: ctx})
		if err != nil {
			t.Fatal(err)
		}
		j, err := s.startImport(ImportRequest{List: list, Report: filepath.Join(dir, "list.report.csv")}, 0)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Second)
		st := s.importStatus(j)
		if st.Rows != 100 || st.Total != 300 || st.PerSecond != 10 || st.ETA != "20s" {
			t.Errorf("after 10s: %d of %d rows, %v rows/s, %q left; want 100 of 300, 10 rows/s, 20s left", st.Rows, st.Total, st.PerSecond, st.ETA)
		}
		time.Sleep(10 * time.Second)
		if st = s.importStatus(j); st.PerSecond != 5 || st.ETA != "40s" {
			t.Errorf("after 20s: %v rows/s, %q left; want 5 rows/s, 40s left", st.PerSecond, st.ETA)
		}
		cancel()
		s.Wait()
		if st = s.importStatus(j); !st.Done || st.Code != exitInterrupted || st.ETA != "" || !st.Resumable {
			t.Errorf("stopped: done %v, exit %d, %q left, resumable %v", st.Done, st.Code, st.ETA, st.Resumable)
		}
	})
}
