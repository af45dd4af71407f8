package importer

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"contactimport/importer/engage"
	"contactimport/importer/source"
	"contactimport/report"
)

// logRecorder keeps the records of a slog.Logger.
type logRecorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.recs = append(l.recs, r.Clone())
	return nil
}
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecorder) WithGroup(string) slog.Handler      { return l }

// rates returns the "rate" attribute of every record with message msg.
func (l *logRecorder) rates(msg string) []float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []float64
	for _, r := range l.recs {
		if r.Message != msg {
			continue
		}
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "rate" {
				out = append(out, a.Value.Float64())
			}
			return true
		})
	}
	return out
}

// silentAPI never answers: every call hangs until the client's 60-second timeout.
type silentAPI struct{}

func (s *silentAPI) wait(ctx context.Context, op string) error {
	select {
	case <-ctx.Done():
		return &engage.TransportError{Op: op, Err: context.Cause(ctx)}
	case <-time.After(engage.DefaultTimeout):
		return &engage.TransportError{Op: op, Err: errors.New("timeout awaiting response headers")}
	}
}

func (s *silentAPI) Get(ctx context.Context, id engage.ContactIdentifier) (*engage.Contact, error) {
	return nil, s.wait(ctx, "get")
}

func (s *silentAPI) Create(ctx context.Context, c *engage.Contact) (*engage.Contact, error) {
	return nil, s.wait(ctx, "create")
}

func (s *silentAPI) Update(ctx context.Context, t engage.IdentifierType, c *engage.Contact) (*engage.Contact, error) {
	return nil, s.wait(ctx, "update")
}

// TestRunStallWatchdog: a target that only throttles, only fails or never answers stops the run
// (ErrUnreachable) about StallAfter after the last progress, with a sentence saying which, not
// after the rows' retry budgets (which took 19 and 6 minutes); rows cut short are not reported.
func TestRunStallWatchdog(t *testing.T) {
	throttle := func(op, email string, n int) error {
		return &engage.APIError{Op: op, Status: 500, Kind: engage.KindThrottled, Body: engage.ErrorBody{Message: engage.ThrottleMessage}}
	}
	serverError := func(op, email string, n int) error {
		return &engage.APIError{Op: op, Status: 502, Kind: engage.KindTransient, Text: "Bad Gateway"}
	}
	for _, tc := range []struct {
		name  string
		api   func() API
		abort AbortPolicy
		want  string
	}{
		{"throttling", func() API { a := newFakeAPI(); a.fault = throttle; return a }, AbortPolicy{},
			"the target has answered only with throttling (HTTP 429, 503 or \"Database Access Limit Exceeded\") for 3m0s"},
		// Rows give up on 5xx within seconds; with the per-row abort off, only the watchdog sees it.
		{"server errors", func() API { a := newFakeAPI(); a.fault = serverError; return a }, AbortPolicy{Unreachable: -1},
			"the target has answered only with server errors (HTTP 5xx) for 3m0s"},
		{"silence", func() API { return &silentAPI{} }, AbortPolicy{},
			"the target has not answered for 3m0s (every request timed out or failed to connect)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				logs := &logRecorder{}
				start := time.Now()
				sink, _, err := runFake(t, tc.api(), csvOf(numbered(200, "c")...), func(c *Config) {
					c.Abort = tc.abort
					c.Abort.StallAfter = 3 * time.Minute
					c.Throttle = NewThrottle(ThrottleConfig{Rate: 1})
					c.Log = slog.New(logs)
				})
				took := time.Since(start)
				var stop *StopError
				if !errors.As(err, &stop) || !errors.Is(err, ErrUnreachable) {
					t.Fatalf("err = %v, want a StopError with ErrUnreachable", err)
				}
				if !strings.Contains(stop.Reason, tc.want) {
					t.Errorf("reason %q\ndoes not say %q", stop.Reason, tc.want)
				}
				// The stop comes after 3 minutes without progress plus at most the 15-second grace.
				if took < 3*time.Minute || took > 3*time.Minute+20*time.Second {
					t.Errorf("the run stopped after %v, want about 3m (StallAfter) plus the grace", took)
				}
				for _, l := range sink.lines {
					if l.Status != report.Failed || l.Class != report.Transient {
						t.Errorf("row %d reported %s/%s", l.Row, l.Status, l.Class)
					}
				}
				if tc.name != "server errors" && len(sink.lines) != 0 {
					t.Errorf("%d rows reported; rows cut short by the stop are left for --resume", len(sink.lines))
				}
				// "lowering the request rate" only when it fell: never twice at the same rate.
				rates := logs.rates("throttled by the API; lowering the request rate")
				for i := 1; i < len(rates); i++ {
					if rates[i] >= rates[i-1] {
						t.Fatalf("logged lowering the rate %d times, rates %v: logged without a cut", len(rates), rates)
					}
				}
			})
		})
	}
}

// TestRunStallWatchdogHonoursRetryAfter: a Retry-After up to the bound is waited for, even when
// it is longer than StallAfter; the run then goes on and finishes.
func TestRunStallWatchdogHonoursRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		start := time.Now()
		api.fault = func(op, email string, n int) error {
			if time.Since(start) < time.Second {
				return &engage.APIError{Op: op, Status: 429, Kind: engage.KindThrottled, RetryAfter: 4 * time.Minute}
			}
			return nil
		}
		sink, _, err := runFake(t, api, csvOf(numbered(50, "c")...), func(c *Config) { c.Abort.StallAfter = 3 * time.Minute })
		if err != nil {
			t.Fatalf("a 4-minute Retry-After stopped the run: %v", err)
		}
		if count(sink.lines, report.Created) != 50 {
			t.Errorf("%d rows created, want 50", count(sink.lines, report.Created))
		}
		if took := time.Since(start); took < 4*time.Minute {
			t.Errorf("the run took %v; the 4-minute Retry-After was not honoured", took)
		}
	})
}

// TestRunStopsOnRetryAfterBeyondBound: a server asking to wait longer than the bound stops the run
// at once, saying how long it asked for; the row is left for --resume.
func TestRunStopsOnRetryAfterBeyondBound(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.fault = func(op, email string, n int) error {
			return &engage.APIError{Op: op, Status: 429, Kind: engage.KindThrottled, RetryAfter: 999999 * time.Second}
		}
		start := time.Now()
		sink, _, err := runFake(t, api, csvOf(numbered(20, "c")...), nil)
		var stop *StopError
		if !errors.As(err, &stop) || !errors.Is(err, ErrUnreachable) {
			t.Fatalf("err = %v, want a StopError with ErrUnreachable", err)
		}
		want := "the server asks to wait 11 days 13 hours (Retry-After), longer than the bound of 5 minutes; stopping"
		if stop.Reason != want {
			t.Errorf("reason %q\nwant %q", stop.Reason, want)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("the run took %v to stop, want at once", took)
		}
		if len(sink.lines) != 0 {
			t.Errorf("%d rows reported; the rows are left for --resume", len(sink.lines))
		}
		if api.total() > 8 {
			t.Errorf("%d calls, want at most one per worker", api.total())
		}
	})
}

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{
		999999 * time.Second: "11 days 13 hours", 24 * time.Hour: "1 day", 2*time.Hour + 5*time.Minute: "2 hours 5 minutes",
		5 * time.Minute: "5 minutes", 61 * time.Second: "1 minute 1 second", 45 * time.Second: "45 seconds",
	} {
		if got := human(d); got != want {
			t.Errorf("human(%v) = %q, want %q", d, got, want)
		}
	}
}

// slowRecords waits before every record after the first: an input that arrives slowly.
type slowRecords struct {
	Records
	gap  time.Duration
	seen int
}

func (s *slowRecords) Next() (source.Record, error) {
	if s.seen > 0 {
		time.Sleep(s.gap)
	}
	s.seen++
	return s.Records.Next()
}

// TestRunStallWatchdogIgnoresIdleTime: the stall clock runs only while calls are under way: a
// row that gave up on server errors, then minutes without input, is not a stalled target.
func TestRunStallWatchdogIgnoresIdleTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := newFakeAPI()
		api.fault = func(op, email string, n int) error {
			if email == "c0@example.org" {
				return &engage.APIError{Op: op, Status: 500, Kind: engage.KindTransient}
			}
			return nil
		}
		src, err := source.Open(strings.NewReader(csvOf(numbered(3, "c")...)), source.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cfg := Config{API: api, Mapper: mustMapper(t, src.Header()), Abort: AbortPolicy{StallAfter: time.Minute}}
		sink := &memSink{}
		if err := Run(context.Background(), cfg, &slowRecords{Records: src, gap: 5 * time.Minute}, sink, &report.Summary{}); err != nil {
			t.Fatalf("a slow input stopped the run: %v", err)
		}
		if len(sink.lines) != 3 || count(sink.lines, report.Created) != 2 {
			t.Errorf("%d lines, %d created; want 3 lines, 2 created", len(sink.lines), count(sink.lines, report.Created))
		}
	})
}
