package importer

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"

	"contactimport/importer/engage"
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
