package main

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"testing"

	"contactimport/importer"
	"contactimport/importer/engage"
	"contactimport/importer/engage/sandbox"
	"contactimport/importer/source"
	"contactimport/mapping"
	"contactimport/report"
)

// importOnce runs the import pipeline in process against srv, as the CLI would, and returns
// its summary.
func importOnce(tb testing.TB, srvURL string, data []byte, strategy importer.Strategy) *report.Summary {
	tb.Helper()
	src, err := source.Open(bytes.NewReader(data), source.Options{})
	if err != nil {
		tb.Fatalf("open source: %v", err)
	}
	m, err := mapping.Compile(nil, src.Header(), mapping.Options{})
	if err != nil {
		tb.Fatalf("compile mapping: %v", err)
	}
	// A rate far above what the sandbox answers: these runs measure calls and CPU, not pacing.
	th := importer.NewThrottle(importer.ThrottleConfig{Rate: 50_000})
	client, err := engage.New(engage.Config{BaseURL: srvURL + "/api/rest/v19", User: "sandbox", Password: "sandbox",
		BeforeAttempt: th.Wait})
	if err != nil {
		tb.Fatalf("engage client: %v", err)
	}
	sum := &report.Summary{}
	// The sandbox merges updates, as a doctor profile of it says.
	cfg := importer.Config{API: client, Throttle: th, Mapper: m, Strategy: strategy, Workers: 8,
		Tenant: engage.Tenant{Update: engage.UpdateMerges}}
	if err := importer.Run(context.Background(), cfg, src, report.NewWriter(io.Discard, src.Header()), sum); err != nil {
		tb.Fatalf("import: %v", err)
	}
	if sum.Counts[report.Failed] > 0 {
		tb.Fatalf("import: %d rows failed", sum.Counts[report.Failed])
	}
	return sum
}

func newSandbox(tb testing.TB) *httptest.Server {
	tb.Helper()
	box, err := sandbox.New(sandbox.Options{User: "sandbox", Password: "sandbox"})
	if err != nil {
		tb.Fatalf("sandbox: %v", err)
	}
	srv := httptest.NewServer(box)
	tb.Cleanup(func() { srv.Close(); box.Close() })
	return srv
}

// BenchmarkImport is the calls-per-row scenario in one process: the pipeline against an
// in-memory sandbox over loopback HTTP, for each strategy on an all-new and an all-existing
// file. It reports API calls per row and the pipeline's own CPU cost per row.
//
//	go test -run '^$' -bench Import ./samples/bench
func BenchmarkImport(b *testing.B) {
	const rows = 2000
	var fresh, again bytes.Buffer
	if err := generate(&fresh, genOptions{Rows: rows, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := generate(&again, genOptions{Rows: rows, Seed: 2}); err != nil {
		b.Fatal(err)
	}
	for _, strategy := range []importer.Strategy{importer.Guess, importer.Lookup} {
		for _, existing := range []bool{false, true} {
			name := string(strategy) + "/all-new"
			if existing {
				name = string(strategy) + "/all-existing"
			}
			b.Run(name, func(b *testing.B) {
				calls := 0
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					srv := newSandbox(b)
					data := fresh.Bytes()
					if existing {
						importOnce(b, srv.URL, fresh.Bytes(), importer.Guess)
						data = again.Bytes()
					}
					b.StartTimer()
					calls += importOnce(b, srv.URL, data, strategy).APICalls()
				}
				b.ReportMetric(float64(calls)/float64(rows*b.N), "calls/row")
				b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}

// TestImportCallsPerRow holds the default strategy to SPEC's target on a small file, so that a
// regression shows in `go test` and not only in a benchmark run.
func TestImportCallsPerRow(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1,800 rows over loopback HTTP")
	}
	const rows = 600
	var fresh, again bytes.Buffer
	if err := generate(&fresh, genOptions{Rows: rows, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := generate(&again, genOptions{Rows: rows, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		setup []byte // imported first, uncounted
		data  []byte
		want  report.Status
	}{
		{"all-new", nil, fresh.Bytes(), report.Created},
		{"all-existing", fresh.Bytes(), again.Bytes(), report.Updated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newSandbox(t)
			if tt.setup != nil {
				importOnce(t, srv.URL, tt.setup, importer.Guess)
			}
			sum := importOnce(t, srv.URL, tt.data, importer.Guess)
			if got := sum.Counts[tt.want]; got != rows {
				t.Errorf("%d rows %s, want %d", got, tt.want, rows)
			}
			if perRow := float64(sum.APICalls()) / rows; perRow > 1.05 {
				t.Errorf("%.3f API calls per row, want at most 1.05 (calls %v)", perRow, sum.Calls)
			}
		})
	}
}
