package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"contactimport/report"
)

// faultRate is the share of requests the sandbox answers with a 500, 502, 503 or a dropped
// connection in the faults scenario; half of the faults strike after the write was applied.
const faultRate = 0.1

// faults imports against a sandbox that injects faults, and imports a file whose first run is
// killed with SIGKILL and then resumed. Neither may lose a row or apply one twice.
func (b *bench) faults(ctx context.Context) ([]row, error) {
	var rows []row
	n := b.size.faults
	file, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	inputs := []string{file}
	flags := []string{"--fail-rate", ftoa(faultRate), "--seed", "7"}
	check, err := b.withServer(ctx, "faults", flags, inputs, func(dir string, srv *server) error {
		m, err := b.importInto(ctx, srv, dir, "import", file, n, "--rate", "500")
		if err != nil {
			return err
		}
		lines, err := reportRows(m.report, n, false)
		if err != nil {
			return err
		}
		rows = append(rows, row{scenario: "faults", measure: fmt.Sprintf("rows lost or reported twice, sandbox --fail-rate %s", ftoa(faultRate)),
			target: "0", measured: lines.String(), verdict: judge(lines.ok()),
			details: fmt.Sprintf("%d rows; %d injected faults, %d retries, %d attempts", n, m.stats.Injected, m.sum.Retries, m.sum.Attempts)})
		return nil
	})
	if err != nil {
		return rows, err
	}
	check.measure += ", faults"
	rows = append(rows, check)

	check, err = b.withServer(ctx, "resume", nil, inputs, func(dir string, srv *server) error {
		killedAfter, err := b.killedRun(ctx, dir, srv, file)
		if err != nil {
			return err
		}
		before, err := reportRows(filepath.Join(dir, "import.report.csv"), n, true)
		if err != nil && !errors.Is(err, report.ErrEmpty) {
			return err
		}
		m, err := b.importInto(ctx, srv, dir, "import", file, n, "--rate", "300", "--resume")
		if err != nil {
			return err
		}
		lines, err := reportRows(m.report, n, false)
		if err != nil {
			return err
		}
		rows = append(rows, row{scenario: "faults", measure: "rows lost or reported twice, kill -9 then --resume",
			target: "0", measured: lines.String(), verdict: judge(lines.ok() && lines.rows == n),
			details: fmt.Sprintf("%d rows; killed after %s with %d in the report, the resumed run did the other %d",
				n, killedAfter.Round(time.Millisecond), before.rows, m.sum.Rows-m.sum.Resumed)})
		return nil
	})
	if err != nil {
		return rows, err
	}
	check.scenario, check.measure = "faults", check.measure+", kill -9 and --resume"
	return append(rows, check), nil
}

// killedRun starts an import at --rate 300 into dir/import.report.csv and kills it with SIGKILL
// halfway through.
func (b *bench) killedRun(ctx context.Context, dir string, srv *server, file string) (time.Duration, error) {
	cmd := command(ctx, b.bin, "import", "--progress", "none", "--report", filepath.Join(dir, "import.report.csv"),
		"--url", srv.url, "--rate", "300", file)
	cmd.Env = append(os.Environ(), "ENGAGE_USER=sandbox", "ENGAGE_PASSWORD=sandbox")
	b.logf("  import (killed halfway) --rate 300 %s", file)
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start import: %w", err)
	}
	half := time.Duration(float64(b.size.faults)/300/2*float64(time.Second)) + 300*time.Millisecond
	t := time.NewTimer(half)
	defer t.Stop()
	select {
	case <-t.C:
		cmd.Process.Kill()
	case <-ctx.Done():
	}
	if err := cmd.Wait(); err == nil {
		return half, errors.New("the import finished before it could be killed")
	}
	return half, ctx.Err()
}

// lineCount is what a report holds: lines, distinct rows, and rows with a successful status.
type lineCount struct {
	rows, distinct, succeeded int
	expected                  int // rows in the input
}

func (c lineCount) ok() bool { return c.distinct == c.rows && c.succeeded == c.expected }

func (c lineCount) String() string {
	if c.ok() {
		return "0"
	}
	return fmt.Sprintf("%d lost, %d twice", c.expected-c.succeeded, c.rows-c.distinct)
}

// reportRows reads a report back and counts its lines per row; expected is the input's row count.
// torn accepts a last line cut off by a kill, as --resume does.
func reportRows(path string, expected int, torn bool) (lineCount, error) {
	c := lineCount{expected: expected}
	f, err := os.Open(path)
	if err != nil {
		return c, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	rd, err := report.NewReader(f)
	if err != nil {
		return c, fmt.Errorf("read report %s: %w", path, err)
	}
	seen := map[int]bool{}
	for {
		l, err := rd.Read()
		if err == io.EOF || errors.Is(err, report.ErrTornLine) && torn {
			break
		}
		if err != nil {
			return c, fmt.Errorf("read report %s: %w", path, err)
		}
		c.rows++
		if !seen[l.Row] {
			seen[l.Row] = true
			c.distinct++
		}
		if l.Status == report.Created || l.Status == report.Updated || l.Status == report.Unchanged {
			c.succeeded++
		}
	}
	return c, nil
}
