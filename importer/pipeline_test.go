package importer

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/report"
)

// checkOrder asserts one line per row, rows 1..n in input order.
func checkOrder(t *testing.T, lines []report.Line, n int) {
	t.Helper()
	if len(lines) != n {
		t.Fatalf("%d report lines, want %d", len(lines), n)
	}
	for i, l := range lines {
		if l.Row != i+1 {
			t.Fatalf("line %d is row %d, want row %d (input order)", i, l.Row, i+1)
		}
	}
}

func count(lines []report.Line, st report.Status) int {
	n := 0
	for _, l := range lines {
		if l.Status == st {
			n++
		}
	}
	return n
}

func TestRunCallsPerRow(t *testing.T) {
	const n = 400
	for _, tc := range []struct {
		name     string
		existing bool
		strategy Strategy
		maxCalls float64
		status   report.Status
	}{
		{"all new, guess", false, Guess, 1.05, report.Created},
		{"all existing, guess", true, Guess, 1.05, report.Updated},
		{"all new, lookup", false, Lookup, 2, report.Created},
		{"all existing, lookup", true, Lookup, 2, report.Updated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api := newFakeAPI()
				rows := numbered(n, "c")
				if tc.existing {
					for _, r := range rows {
						api.contacts[r[0]] = &engage.Contact{Email: r[0], ContactID: 7}
					}
				}
				api.latency = func(string) time.Duration { return time.Duration(rand.IntN(50)) * time.Millisecond }
				sink, sum, err := runFake(t, api, csvOf(rows...), func(c *Config) { c.Strategy = tc.strategy })
				if err != nil {
					t.Fatal(err)
				}
				checkOrder(t, sink.lines, n)
				if got := count(sink.lines, tc.status); got != n {
					t.Errorf("%d rows %s, want %d", got, tc.status, n)
				}
				perRow := float64(api.total()) / n
				if perRow > tc.maxCalls {
					t.Errorf("%.3f calls per row, want at most %v", perRow, tc.maxCalls)
				}
				if sum.APICalls() != api.total() {
					t.Errorf("summary counts %d calls, the API saw %d", sum.APICalls(), api.total())
				}
			})
		})
	}
}

func TestRunSameContactSerializedInFileOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		// Later rows of a contact are faster, so without ordering they would overtake.
		var mu sync.Mutex
		seen := map[string]int{}
		api.latency = func(email string) time.Duration {
			mu.Lock()
			defer mu.Unlock()
			seen[email]++
			return time.Duration(max(1, 60-seen[email])) * time.Millisecond
		}
		var rows [][2]string
		for i := range 30 {
			rows = append(rows, [2]string{"dup@example.org", fmt.Sprintf("V%02d", i)})
			rows = append(rows, [2]string{fmt.Sprintf("other%d@example.org", i), "X"})
			rows = append(rows, [2]string{"DUP@example.org", fmt.Sprintf("W%02d", i)})
		}
		sink, _, err := runFake(t, api, csvOf(rows...), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkOrder(t, sink.lines, len(rows))
		if len(api.overlap) > 0 {
			t.Fatalf("calls for one contact overlapped: %v", api.overlap[:1])
		}
		var want []string
		for _, r := range rows {
			if strings.EqualFold(r[0], "dup@example.org") {
				want = append(want, r[1])
			}
		}
		got := api.applied["dup@example.org"]
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("writes applied in order %v, want file order %v", got, want)
		}
		if c := api.contacts["dup@example.org"]; firstName(c) != "W29" {
			t.Errorf("last row should win, contact has %q", firstName(c))
		}
	})
}

func TestRunValidationFailuresAreNotSent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		input := csvOf([2]string{"ok@example.org", "A"}, [2]string{"not-an-email", "B"}, [2]string{"", "C"}) +
			"x@example.org,D,extra\n"
		sink, sum, err := runFake(t, api, input, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkOrder(t, sink.lines, 4)
		want := []struct {
			st   report.Status
			code string
		}{{report.Created, ""}, {report.Failed, "invalid_email"}, {report.Failed, "missing_identifier"}, {report.Failed, source.CodeTooManyFields}}
		for i, w := range want {
			l := sink.lines[i]
			if l.Status != w.st || l.Code != w.code {
				t.Errorf("row %d: %s %q, want %s %q", l.Row, l.Status, l.Code, w.st, w.code)
			}
			if l.Status == report.Failed && (l.Class != report.Validation || l.Message == "") {
				t.Errorf("row %d: class %q message %q, want validation with a message", l.Row, l.Class, l.Message)
			}
		}
		if api.total() != 1 {
			t.Errorf("%d calls, want 1 (bad rows are never sent)", api.total())
		}
		if sum.Counts[report.Failed] != 3 || sum.Failures[report.Validation] != 3 {
			t.Errorf("summary counts %v %v", sum.Counts, sum.Failures)
		}
	})
}

func TestRunRetriesTransientAndThrottle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.fault = func(op, email string, n int) error {
			switch {
			case email == "flaky@example.org" && n <= 2:
				return &engage.TransportError{Op: op, Err: errors.New("connection reset by peer")}
			case email == "busy@example.org" && n <= 3:
				return &engage.APIError{Op: op, Status: 500, Kind: engage.KindThrottled, Body: engage.ErrorBody{Message: engage.ThrottleMessage}}
			case email == "down@example.org":
				return &engage.APIError{Op: op, Status: 502, Kind: engage.KindTransient}
			}
			return nil
		}
		input := csvOf([2]string{"flaky@example.org", "A"}, [2]string{"busy@example.org", "B"}, [2]string{"down@example.org", "C"})
		sink, sum, err := runFake(t, api, input, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkOrder(t, sink.lines, 3)
		if l := sink.lines[0]; l.Status != report.Created || l.Attempts != 3 {
			t.Errorf("flaky row: %s after %d attempts, want created after 3", l.Status, l.Attempts)
		}
		if l := sink.lines[1]; l.Status != report.Created || l.Attempts != 4 {
			t.Errorf("throttled row: %s after %d attempts, want created after 4", l.Status, l.Attempts)
		}
		if l := sink.lines[2]; l.Status != report.Failed || l.Class != report.Transient || l.Code != "HTTP 502" || l.Attempts != 6 {
			t.Errorf("down row: %s %s %s after %d attempts, want failed transient HTTP 502 after 6", l.Status, l.Class, l.Code, l.Attempts)
		}
		if sum.ThrottleEvents != 1 {
			t.Errorf("throttle events %d, want 1", sum.ThrottleEvents)
		}
	})
}

func TestRunLostAnswerIsNotDuplicated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		// The first create is applied, but its answer is lost.
		var lost atomic.Bool
		api.fault = func(op, email string, n int) error { return nil }
		inner := api
		wrapped := &lossyAPI{fakeAPI: inner, lost: &lost}
		sink, _, err := runFake(t, wrapped, csvOf([2]string{"a@example.org", "A"}), nil)
		if err != nil {
			t.Fatal(err)
		}
		if l := sink.lines[0]; l.Status != report.Updated {
			t.Errorf("row after a lost create answer: %s, want updated (create → exists → update)", l.Status)
		}
		if len(api.contacts) != 1 || len(api.applied["a@example.org"]) != 2 {
			t.Errorf("contacts %d, writes %v", len(api.contacts), api.applied)
		}
	})
}

// lossyAPI applies the first create but answers it with a timeout.
type lossyAPI struct {
	*fakeAPI
	lost *atomic.Bool
}

func (l *lossyAPI) Create(ctx context.Context, c *engage.Contact) (*engage.Contact, error) {
	out, err := l.fakeAPI.Create(ctx, c)
	if err == nil && l.lost.CompareAndSwap(false, true) {
		return nil, &engage.TransportError{Op: "create", Err: errors.New("timeout awaiting response headers")}
	}
	return out, err
}

func TestRunAuthFailureStopsRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.fault = func(op, email string, n int) error {
			if email == "c20@example.org" {
				return &engage.APIError{Op: op, Status: 403, Kind: engage.KindAuth}
			}
			return nil
		}
		api.latency = func(string) time.Duration { return 10 * time.Millisecond }
		sink, _, err := runFake(t, api, csvOf(numbered(500, "c")...), func(c *Config) { c.Workers = 2 })
		var stop *StopError
		if !errors.As(err, &stop) || !errors.Is(err, engage.ErrAuth) {
			t.Fatalf("err = %v, want a StopError wrapping ErrAuth", err)
		}
		if n := len(sink.lines); n < 19 || n > 30 {
			t.Fatalf("%d lines reported, want the rows done before the failure (about 20)", n)
		}
		if api.total() > 30 {
			t.Errorf("%d calls after an auth failure; the run should stop at once", api.total())
		}
		for _, l := range sink.lines {
			if l.Row == 21 || l.Status == report.Failed {
				t.Errorf("row %d reported %s; the row refused for auth is left for --resume", l.Row, l.Status)
			}
		}
	})
}

func TestRunPanicFailsOnlyItsRow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.fault = func(op, email string, n int) error {
			if email == "c3@example.org" {
				panic("boom")
			}
			return nil
		}
		sink, _, err := runFake(t, api, csvOf(numbered(10, "c")...), nil)
		if err != nil {
			t.Fatal(err)
		}
		checkOrder(t, sink.lines, 10)
		if l := sink.lines[3]; l.Status != report.Failed || l.Code != "internal_error" {
			t.Errorf("panicking row: %+v", l)
		}
		if count(sink.lines, report.Created) != 9 {
			t.Errorf("other rows: %d created, want 9", count(sink.lines, report.Created))
		}
	})
}

func TestRunInterruptFinishesInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.latency = func(string) time.Duration { return 100 * time.Millisecond }
		src, _ := source.Open(strings.NewReader(csvOf(numbered(1000, "c")...)), source.Options{})
		m := mustMapper(t, src.Header())
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		sink := &memSink{}
		err := Run(ctx, Config{API: api, Throttle: NewThrottle(ThrottleConfig{Rate: 100}), Mapper: m, Workers: 8}, src, sink, &report.Summary{})
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("err = %v, want ErrInterrupted", err)
		}
		n := len(sink.lines)
		if n == 0 || n >= 1000 {
			t.Fatalf("%d rows reported after an interrupt at 1 s", n)
		}
		// Rows not started when the interrupt came leave gaps for --resume; the rest keep
		// input order.
		for i := 1; i < n; i++ {
			if sink.lines[i].Row <= sink.lines[i-1].Row {
				t.Fatalf("row %d reported after row %d", sink.lines[i].Row, sink.lines[i-1].Row)
			}
		}
		if n != len(api.contacts) {
			t.Errorf("%d rows reported but %d contacts written: every finished request must be reported", n, len(api.contacts))
		}
	})
}

func TestRunModes(t *testing.T) {
	for _, tc := range []struct {
		mode         Mode
		wantExisting report.Status
		wantNew      report.Status
	}{
		{ModeUpsert, report.Updated, report.Created},
		{ModeCreate, report.Skipped, report.Created},
		{ModeUpdate, report.Updated, report.Skipped},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				api := newFakeAPI()
				api.contacts["old@example.org"] = &engage.Contact{Email: "old@example.org", ContactID: 1}
				sink, _, err := runFake(t, api, csvOf([2]string{"old@example.org", "A"}, [2]string{"new@example.org", "B"}), func(c *Config) { c.Mode = tc.mode })
				if err != nil {
					t.Fatal(err)
				}
				if sink.lines[0].Status != tc.wantExisting || sink.lines[1].Status != tc.wantNew {
					t.Errorf("existing %s, new %s; want %s, %s", sink.lines[0].Status, sink.lines[1].Status, tc.wantExisting, tc.wantNew)
				}
				_, created := api.contacts["new@example.org"]
				if created != (tc.mode != ModeUpdate) {
					t.Errorf("new contact created = %v in mode %s", created, tc.mode)
				}
			})
		})
	}
}

func TestRunReportWriteErrorStops(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		src, _ := source.Open(strings.NewReader(csvOf(numbered(200, "c")...)), source.Options{})
		sink := &memSink{err: errors.New("disk full")}
		// Eight workers: the first line can be written only when row 1 is done, and with more
		// rows in flight that may take that many more calls; the bound is about the stop.
		err := Run(context.Background(), Config{API: api, Throttle: NewThrottle(ThrottleConfig{Rate: 1000}), Mapper: mustMapper(t, src.Header()), Workers: 8}, src, sink, &report.Summary{})
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("err = %v, want the write error", err)
		}
		if api.total() > 40 {
			t.Errorf("%d calls after the report failed", api.total())
		}
	})
}
