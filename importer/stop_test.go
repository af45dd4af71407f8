package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/report"
)

func TestRunAbortThresholds(t *testing.T) {
	rejected := func(op, email string, n int) error {
		return &engage.APIError{Op: op, Status: 400, Kind: engage.KindInvalid, Body: engage.ErrorBody{ErrorCode: engage.CodeInvalidParameter, ParameterName: "Tier"}}
	}
	for _, tc := range []struct {
		name  string
		abort AbortPolicy
		max   int // most lines the run may report before it stops
	}{
		{"max errors", AbortPolicy{MaxErrors: 5, SameCode: -1}, 6 + 16},
		{"error rate", AbortPolicy{MaxErrorRate: 0.5, MinSample: 20, SameCode: -1}, 20 + 16},
		{"same code", AbortPolicy{SameCode: 10}, 10 + 16},
		{"unreachable", AbortPolicy{Unreachable: 10}, 20 + 10 + 16},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api := newFakeAPI()
				api.fault = rejected
				if tc.abort.Unreachable > 0 {
					// The target answers, then goes away.
					api.fault = func(op, email string, n int) error {
						var i int
						fmt.Sscanf(email, "c%d@", &i)
						if i >= 20 {
							return &engage.TransportError{Op: op, Err: errors.New("connection refused")}
						}
						return nil
					}
				}
				sink, _, err := runFake(t, api, csvOf(numbered(1000, "c")...), func(c *Config) { c.Abort = tc.abort })
				if !errors.Is(err, ErrAborted) {
					t.Fatalf("err = %v, want ErrAborted", err)
				}
				if n := len(sink.lines); n > tc.max {
					t.Errorf("%d rows done before stopping, want at most %d", n, tc.max)
				}
				attempts := 1
				if tc.abort.Unreachable > 0 {
					attempts = 6 // each row spends its retries
				}
				if api.total() > (tc.max+8)*attempts {
					t.Errorf("%d calls spent", api.total())
				}
			})
		})
	}
}

func TestRunLedgerSkipsUnchanged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		led := newMemLedger()
		rows := numbered(100, "c")
		if _, _, err := runFake(t, api, csvOf(rows...), func(c *Config) { c.Ledger = led }); err != nil {
			t.Fatal(err)
		}
		first := api.total()
		rows[10][1] = "Changed"
		rows[50][1] = "Changed"
		sink, _, err := runFake(t, api, csvOf(rows...), func(c *Config) { c.Ledger = led })
		if err != nil {
			t.Fatal(err)
		}
		if got := api.total() - first; got != 2 {
			t.Errorf("second run made %d calls, want 2 (the changed rows, updated directly)", got)
		}
		if count(sink.lines, report.Unchanged) != 98 || count(sink.lines, report.Updated) != 2 {
			t.Errorf("statuses: %d unchanged, %d updated", count(sink.lines, report.Unchanged), count(sink.lines, report.Updated))
		}
		if sink.lines[0].ContactID == 0 {
			t.Error("unchanged rows should carry the remembered contact id")
		}
		// --full sends everything again.
		before := api.total()
		if _, _, err := runFake(t, api, csvOf(rows...), func(c *Config) { c.Ledger = led; c.Full = true }); err != nil {
			t.Fatal(err)
		}
		if got := api.total() - before; got != 100 {
			t.Errorf("--full made %d calls, want 100", got)
		}
	})
}

// memLedger is a Ledger in memory.
type memLedger struct {
	mu sync.Mutex
	m  map[string]Entry
}

func newMemLedger() *memLedger { return &memLedger{m: map[string]Entry{}} }

func (l *memLedger) Lookup(key string) (Entry, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.m[key]
	return e, ok, nil
}

func (l *memLedger) Record(key string, e Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m[key] = e
	return nil
}

func TestRunUnreachableFromTheStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.fault = func(op, email string, n int) error {
			return &engage.TransportError{Op: op, Err: errors.New("dial tcp: connection refused")}
		}
		sink, _, err := runFake(t, api, csvOf(numbered(100, "c")...), nil)
		if !errors.Is(err, ErrUnreachable) {
			t.Fatalf("err = %v, want ErrUnreachable", err)
		}
		if len(sink.lines) != 0 {
			t.Errorf("%d rows reported; rows that never reached the target are left for --resume", len(sink.lines))
		}
		if api.total() > 8*6 {
			t.Errorf("%d attempts before giving up, want at most one row's retries per worker", api.total())
		}
	})
}

func TestRunLedgerLastRowWinsEveryNight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.latency = func(string) time.Duration { return 20 * time.Millisecond }
		led := newMemLedger()
		input := csvOf([2]string{"ann@example.org", "A"}, [2]string{"bob@example.org", "X"}, [2]string{"ann@example.org", "B"})
		for night := 1; night <= 4; night++ {
			if _, _, err := runFake(t, api, input, func(c *Config) { c.Ledger = led }); err != nil {
				t.Fatal(err)
			}
			if got := firstName(api.contacts["ann@example.org"]); got != "B" {
				t.Fatalf("night %d: the contact holds %q, want the last row's %q", night, got, "B")
			}
		}
	})
}

func TestRunAbortEndsRetriesPromptly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.fault = func(op, email string, n int) error {
			if email == "c3@example.org" {
				return &engage.APIError{Op: op, Status: 400, Kind: engage.KindInvalid, Body: engage.ErrorBody{ErrorCode: engage.CodeInvalidParameter}}
			}
			return &engage.APIError{Op: op, Status: 500, Kind: engage.KindThrottled, Body: engage.ErrorBody{Message: engage.ThrottleMessage}}
		}
		start := time.Now()
		sink, _, err := runFake(t, api, csvOf(numbered(200, "c")...), func(c *Config) {
			c.Abort = AbortPolicy{MaxErrors: 0, MaxErrorRate: 0, SameCode: 1}
			c.Grace = 5 * time.Second
		})
		if !errors.Is(err, ErrAborted) {
			t.Fatalf("err = %v, want ErrAborted", err)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("the run took %v to stop after the abort; retries in flight must end within the grace", took)
		}
		for _, l := range sink.lines {
			if l.Status == report.Failed && l.Class == report.Transient {
				t.Errorf("row %d reported as given up; rows cut short by a stop are left for --resume", l.Row)
			}
		}
	})
}

// eofCancel cancels a context when its source runs dry: a signal that arrives as the last
// row finishes.
type eofCancel struct {
	Records
	cancel context.CancelFunc
}

func (e eofCancel) Next() (source.Record, error) {
	r, err := e.Records.Next()
	if err == io.EOF {
		e.cancel()
	}
	return r, err
}

func TestRunSignalAfterTheLastRow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		src, _ := source.Open(strings.NewReader(csvOf(numbered(20, "c")...)), source.Options{})
		ctx, cancel := context.WithCancel(context.Background())
		sink := &memSink{}
		err := Run(ctx, Config{API: api, Mapper: mustMapper(t, src.Header())}, eofCancel{src, cancel}, sink, &report.Summary{})
		if len(sink.lines) == 20 && err != nil {
			t.Errorf("every row done, yet Run returned %v", err)
		}
	})
}

func TestRunFlushesEverySecond(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.latency = func(string) time.Duration { return 100 * time.Millisecond }
		// 100 rows, one worker, 100 ms each: a 10-second run.
		sink, _, err := runFake(t, api, csvOf(numbered(100, "c")...), func(c *Config) { c.Workers = 1 })
		if err != nil {
			t.Fatal(err)
		}
		if sink.flushes < 9 {
			t.Errorf("%d flushes in a 10-second run, want one at least every second", sink.flushes)
		}
	})
}
