package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"contactimport/importer/engage/sandbox"
	"contactimport/report"
)

// stopGrace is how long a child gets to stop after SIGINT before it is killed.
const stopGrace = 10 * time.Second

// command returns cmd with the cancellation every child of the harness gets: SIGINT when ctx
// ends (the CLI then flushes its report), and a kill stopGrace later.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Cancel = func() error { return interrupt(cmd.Process) }
	cmd.WaitDelay = stopGrace
	return cmd
}

// server is a `contactimport sandbox serve` child process.
type server struct {
	url    string // API base, e.g. http://127.0.0.1:PORT/api/rest/v19
	stats  string // the stats URL
	db     string
	cmd    *exec.Cmd
	cancel context.CancelFunc
	done   chan error
}

// startServer starts the sandbox on a free loopback port with its database at db and extra
// flags (--rate, --latency), and waits for the base URL it prints.
func (b *bench) startServer(ctx context.Context, db string, flags ...string) (*server, error) {
	ctx, cancel := context.WithCancel(ctx)
	args := append([]string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--db", db}, flags...)
	cmd := command(ctx, b.bin, args...)
	logFile, err := os.Create(db + ".serve.log")
	if err != nil {
		cancel()
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	defer logFile.Close() // the child holds its own descriptor
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("start sandbox: %w", err)
	}
	s := &server{db: db, cmd: cmd, cancel: cancel, done: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		for sc.Scan() { // drain, so the child never blocks on a full pipe
		}
		s.done <- cmd.Wait()
	}()
	select {
	case line, ok := <-lines:
		origin, _, found := strings.Cut(strings.TrimSpace(line), "/api/rest/")
		if ok && found && strings.HasPrefix(origin, "http://") {
			s.url, s.stats = strings.TrimSpace(line), origin+sandbox.StatsPath
			return s, nil
		}
		s.stop()
		return nil, fmt.Errorf("start sandbox: no base URL on its stdout (see %s.serve.log)", db)
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, errors.New("start sandbox: no base URL within 30 s")
	}
}

// readStats fetches the server's counters.
func (s *server) readStats(ctx context.Context) (sandbox.Stats, error) {
	var st sandbox.Stats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.stats, nil)
	if err != nil {
		return st, fmt.Errorf("read sandbox stats: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return st, fmt.Errorf("read sandbox stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("read sandbox stats: HTTP %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("read sandbox stats: %w", err)
	}
	return st, nil
}

// stop interrupts the server and waits for it; the database is closed cleanly afterwards.
func (s *server) stop() error {
	s.cancel()
	err := <-s.done
	s.done <- err // a second stop returns the same answer
	// After an interrupt Wait reports the cancellation even when the server exited cleanly.
	if ps := s.cmd.ProcessState; ps != nil && ps.Success() {
		return nil
	}
	return fmt.Errorf("stop sandbox: %w", err)
}

// run is one finished `contactimport import|check` process.
type run struct {
	sum    *report.Summary
	exit   int
	wall   time.Duration
	cpu    time.Duration // user + system
	rssKiB int64         // peak resident set size; 0 where the platform does not say
	// floorKiB is the harness's own peak RSS when the child started. Linux starts a child's
	// peak at its parent's, so an rssKiB at or near floorKiB says only that the CLI stayed below.
	floorKiB int64
	report   string
}

// masked reports whether the child's peak RSS may be the harness's rather than its own.
func (r *run) masked() bool { return r.floorKiB > 0 && r.rssKiB <= r.floorKiB+1024 }

// selfPeakKiB is the harness's peak RSS (VmHWM), where /proc tells; 0 elsewhere.
func selfPeakKiB() int64 {
	v, _ := strings.CutSuffix(procField("/proc/self/status", "VmHWM"), " kB")
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// cliRun runs `contactimport <sub> --progress none --report DIR/<name>.report.csv [args] FILE`
// and reads its summary. Exit codes 0 and 3 are runs that finished; any other is an error.
func (b *bench) cliRun(ctx context.Context, dir, name, sub string, args []string, file string) (*run, error) {
	rep := filepath.Join(dir, name+".report.csv")
	full := append([]string{sub, "--progress", "none", "--report", rep}, args...)
	full = append(full, file)
	cmd := command(ctx, b.bin, full...)
	cmd.Env = append(os.Environ(), "ENGAGE_USER=sandbox", "ENGAGE_PASSWORD=sandbox")
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", sub, name, err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile

	b.logf("  %s %s", sub, strings.Join(full[1:], " "))
	floor := selfPeakKiB()
	start := time.Now()
	err = cmd.Run()
	r := &run{wall: time.Since(start), report: rep, exit: -1, floorKiB: floor}
	if cmd.ProcessState != nil {
		r.exit = cmd.ProcessState.ExitCode()
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		r.rssKiB = peakRSSKiB(cmd.ProcessState)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return nil, fmt.Errorf("%s %s: %w", sub, name, err)
	}
	if r.exit != 0 && r.exit != 3 {
		return nil, fmt.Errorf("%s %s: exit code %d (log: %s)", sub, name, r.exit, logPath)
	}
	f, err := os.Open(rep + ".json")
	if err != nil {
		return nil, fmt.Errorf("%s %s: read summary: %w", sub, name, err)
	}
	defer f.Close()
	if r.sum, err = report.ReadSummary(f); err != nil {
		return nil, fmt.Errorf("%s %s: %w", sub, name, err)
	}
	return r, nil
}

// export runs `<bin> sandbox export --db db` and passes its CSV records, header first, to fn.
// The server using db must be stopped first. fn must not keep the record.
func export(ctx context.Context, bin, db string, fn func(rec []string) error) error {
	cmd := command(ctx, bin, "sandbox", "export", "--db", db)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("sandbox export: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("sandbox export: %w", err)
	}
	cr := csv.NewReader(bufio.NewReaderSize(out, 1<<16))
	cr.ReuseRecord = true
	var ferr error
	for ferr == nil {
		var rec []string
		if rec, ferr = cr.Read(); ferr == nil {
			ferr = fn(rec)
		}
	}
	if ferr == io.EOF {
		ferr = nil
	}
	if ferr != nil {
		cmd.Process.Kill() // stop writing to a pipe nobody reads
	}
	if werr := cmd.Wait(); werr != nil && ferr == nil {
		return fmt.Errorf("sandbox export: %w: %s", werr, strings.TrimSpace(stderr.String()))
	}
	if ferr != nil {
		return fmt.Errorf("sandbox export: %w", ferr)
	}
	return nil
}
