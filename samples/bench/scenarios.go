package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"contactimport/importer/engage/sandbox"
	"contactimport/report"
)

// measured is one import into a running sandbox: the CLI's view and the server's.
type measured struct {
	*run
	rows  int           // data rows in the input
	calls int           // contact requests the sandbox saw during the run, throttled ones included
	stats sandbox.Stats // the sandbox's counters after the run
}

// elapsed is the run's own start-to-end time, from its summary.
func (m *measured) elapsed() time.Duration { return m.sum.Ended.Sub(m.sum.Started) }

// lost is how many input rows have no successful report line.
func (m *measured) lost() int {
	ok := m.sum.Counts[report.Created] + m.sum.Counts[report.Updated] + m.sum.Counts[report.Unchanged]
	return m.rows - ok
}

// importInto runs `contactimport import --url <srv> args FILE` and reads the sandbox's counters
// around it. Without --profile in args the run gets the profile doctor writes for `sandbox
// serve` (it merges updates); "--profile none" runs without any, as on a tenant never checked.
func (b *bench) importInto(ctx context.Context, srv *server, dir, name, file string, rows int, args ...string) (*measured, error) {
	args, err := withProfile(dir, srv, args)
	if err != nil {
		return nil, err
	}
	before, err := srv.readStats(ctx)
	if err != nil {
		return nil, err
	}
	r, err := b.cliRun(ctx, dir, name, "import", append([]string{"--url", srv.url}, args...), file)
	if err != nil {
		return nil, err
	}
	after, err := srv.readStats(ctx)
	if err != nil {
		return nil, err
	}
	return &measured{run: r, rows: rows, calls: after.Calls() - before.Calls(), stats: after}, nil
}

// withServer starts a sandbox with its database in a fresh directory, runs fn, stops the
// sandbox, and compares what it stored with the contacts the input files describe.
// It returns the row that judges the comparison.
func (b *bench) withServer(ctx context.Context, name string, flags []string, inputs []string,
	fn func(dir string, srv *server) error) (row, error) {
	dir, err := b.dir(name)
	if err != nil {
		return row{}, err
	}
	db := filepath.Join(dir, "box.db")
	srv, err := b.startServer(ctx, db, flags...)
	if err != nil {
		return row{}, err
	}
	err = fn(dir, srv)
	if serr := srv.stop(); err == nil {
		err = serr
	}
	if err != nil {
		return row{}, err
	}
	t, err := b.verifyExport(ctx, db, inputs)
	if err != nil {
		return row{}, err
	}
	return row{scenario: name, measure: "contacts lost, duplicated or altered (sandbox export vs input)",
		target: "0", measured: t.String(), verdict: judge(t.ok())}, nil
}

// calls measures API calls per row for each file kind and strategy.
func (b *bench) calls(ctx context.Context) ([]row, error) {
	n := b.size.calls
	kinds := []struct {
		name string
		opts genOptions
	}{
		{"all-new", genOptions{Rows: n, Offset: 0, Seed: 1}},
		{"all-existing", genOptions{Rows: n, Offset: 0, Seed: 2}}, // same people, changed attributes
		// Half known, then half new, as when new sign-ups are appended to an export.
		{"50/50 appended", genOptions{Rows: n, Offset: n / 2, Seed: 3}},
		// Half known, half new, in random order: the worst case for guessing.
		{"50/50 shuffled", genOptions{Rows: n, Offset: n, Seed: 4, Shuffle: true}},
	}
	var files []string
	for _, k := range kinds {
		f, err := b.input(k.opts)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	var rows []row
	for _, strategy := range []string{"guess", "lookup"} {
		check, err := b.withServer(ctx, "calls", nil, files, func(dir string, srv *server) error {
			for i, k := range kinds {
				m, err := b.importInto(ctx, srv, dir, strategy+"-"+strconv.Itoa(i), files[i], n,
					"--strategy", strategy, "--rate", ftoa(b.size.highRate), "--workers", "8")
				if err != nil {
					return err
				}
				if m.lost() != 0 {
					return fmt.Errorf("%s file, %s: %d rows not imported (report %s)", k.name, strategy, m.lost(), m.report)
				}
				rows = append(rows, callsRow(k.name, strategy, m))
			}
			return nil
		})
		if err != nil {
			return rows, err
		}
		check.measure += ", " + strategy
		rows = append(rows, check)
	}
	return rows, nil
}

func callsRow(kind, strategy string, m *measured) row {
	perRow := float64(m.calls) / float64(m.rows)
	r := row{scenario: "calls", measure: fmt.Sprintf("API calls per row, %s file, %s", kind, strategy),
		measured: fmt.Sprintf("%.3f", perRow),
		details: fmt.Sprintf("%d rows; %d calls: get %d, create %d, update %d", m.rows, m.calls,
			m.sum.Calls["get"], m.sum.Calls["create"], m.sum.Calls["update"])}
	switch {
	case strategy == "guess" && strings.HasPrefix(kind, "all-"):
		r.target, r.verdict = "≤ 1.05", judge(perRow <= 1.05)
	case strategy == "lookup":
		r.target = "— (get then write: 2.0)"
	default:
		r.target = "— (no target)"
	}
	return r
}

// state measures a nightly rerun of an unchanged list with --state.
func (b *bench) state(ctx context.Context) ([]row, error) {
	n := b.size.calls
	file, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	var rows []row
	check, err := b.withServer(ctx, "state", nil, []string{file}, func(dir string, srv *server) error {
		args := []string{"--state", filepath.Join(dir, "state.db"), "--rate", ftoa(b.size.highRate)}
		first, err := b.importInto(ctx, srv, dir, "first", file, n, args...)
		if err != nil {
			return err
		}
		again, err := b.importInto(ctx, srv, dir, "again", file, n, args...)
		if err != nil {
			return err
		}
		rows = append(rows, row{scenario: "state", measure: "API calls on an unchanged rerun with --state",
			target: "0", measured: strconv.Itoa(again.calls), verdict: judge(again.calls == 0 && again.lost() == 0),
			details: fmt.Sprintf("%d rows; first run %d calls, rerun: %d unchanged in %s",
				n, first.calls, again.sum.Counts[report.Unchanged], again.elapsed().Round(time.Millisecond))})
		return nil
	})
	if err != nil {
		return rows, err
	}
	return append(rows, check), nil
}

func (b *bench) rate10(ctx context.Context) ([]row, error) {
	return b.rateRun(ctx, "rate10", 10, 0, 8, b.size.rate10)
}

func (b *bench) rate200(ctx context.Context) ([]row, error) {
	return b.rateRun(ctx, "rate200", 200, 50*time.Millisecond, 16, b.size.rate200)
}

// rateRun imports rows new contacts (workers 0: without --workers, the default auto) (one call each) at --rate rate against a sandbox that adds
// latency to every answer, and compares the achieved rate and the busiest second with rate.
func (b *bench) rateRun(ctx context.Context, name string, rate float64, latency time.Duration, workers, n int) ([]row, error) {
	file, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	var flags []string
	if latency > 0 {
		flags = []string{"--latency", latency.String()}
	}
	var rows []row
	check, err := b.withServer(ctx, name, flags, []string{file}, func(dir string, srv *server) error {
		stop := pollCalls(ctx, srv, 100*time.Millisecond)
		args := []string{"--rate", ftoa(rate)}
		setup := fmt.Sprintf("--rate %s, --workers %d, latency %s", ftoa(rate), workers, latency)
		if workers > 0 {
			args = append(args, "--workers", strconv.Itoa(workers))
		} else {
			setup = fmt.Sprintf("--rate %s, default flags (--workers auto), latency %s", ftoa(rate), latency)
		}
		m, err := b.importInto(ctx, srv, dir, "import", file, n, args...)
		samples := stop()
		if err != nil {
			return err
		}
		got := sustainedRate(samples, 0.05, 0.95)
		whole := float64(m.calls) / m.elapsed().Seconds()
		limit := int(rate * 1.02)
		rows = append(rows,
			row{scenario: name, measure: "sustained rate (5%–95% of the requests), " + setup, target: "≥ 97% of --rate",
				measured: fmt.Sprintf("%.2f/s (%.1f%%)", got, 100*got/rate), verdict: judge(got >= 0.97*rate),
				details: fmt.Sprintf("whole run, start-up included: %d calls in %s, %.2f/s (%.1f%%)",
					m.calls, m.elapsed().Round(time.Millisecond), whole, 100*whole/rate)},
			row{scenario: name, measure: "peak requests in any 1-second window", target: fmt.Sprintf("≤ %d (--rate + 2%%)", limit),
				measured: strconv.Itoa(m.stats.PeakPerSecond), verdict: judge(m.stats.PeakPerSecond <= limit),
				details: fmt.Sprintf("peak concurrency %d (the sandbox's count); the run's peak in flight %d, %s",
					m.stats.PeakConcurrent, m.sum.PeakInFlight, orDash(m.sum.WorkersMode))})
		return nil
	})
	if err != nil {
		return rows, err
	}
	return append(rows, check), nil
}

// throttle imports against a sandbox that admits 20 requests per second with the tool set to 40.
func (b *bench) throttle(ctx context.Context) ([]row, error) {
	const limit, toolRate = 20, 40
	n := b.size.throttle
	file, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	var rows []row
	check, err := b.withServer(ctx, "throttle", []string{"--rate", strconv.Itoa(limit)}, []string{file},
		func(dir string, srv *server) error {
			m, err := b.importInto(ctx, srv, dir, "import", file, n, "--rate", strconv.Itoa(toolRate))
			if err != nil {
				return err
			}
			secs := m.elapsed().Seconds()
			admitted := m.calls - m.stats.Throttled
			got := float64(admitted) / secs
			rows = append(rows,
				row{scenario: "throttle", measure: "rows lost (input rows without a successful report line)", target: "0",
					measured: strconv.Itoa(m.lost()), verdict: judge(m.lost() == 0),
					details: fmt.Sprintf("%d rows, %d report lines", n, m.sum.Rows)},
				row{scenario: "throttle", measure: fmt.Sprintf("admitted requests/s vs server limit %d/s (tool --rate %d)", limit, toolRate),
					target: "≥ 85%", measured: fmt.Sprintf("%.2f/s (%.1f%%)", got, 100*got/limit), verdict: judge(got >= 0.85*limit),
					details: fmt.Sprintf("%d admitted of %d requests in %s; %.2f rows/s", admitted, m.calls,
						m.elapsed().Round(time.Millisecond), float64(m.sum.Rows)/secs)},
				row{scenario: "throttle", measure: "throttle events (tool) / throttled answers (server)", target: "—",
					measured: fmt.Sprintf("%d / %d", m.sum.ThrottleEvents, m.stats.Throttled),
					details:  fmt.Sprintf("%d retries; server peak %d requests in 1 s", m.sum.Retries, m.stats.PeakPerSecond)})
			return nil
		})
	if err != nil {
		return rows, err
	}
	return append(rows, check), nil
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
