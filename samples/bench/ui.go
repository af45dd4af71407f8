package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// uiRSSLimitKiB is the "the server's RSS under 150 MB" for a 1M-row list, in KiB.
const uiRSSLimitKiB = 150_000_000 / 1024

// uiRows is the size of the list the ui scenario opens.
func uiRows(quick bool) int {
	if quick {
		return 100_000
	}
	return 1_000_000
}

// ui measures `contactimport ui` with a large list: the server started as a person starts it,
// then driven over HTTP with its session cookie and CSRF token as the browser drives it: the
// list uploaded (streamed; the copy's size checked), the list opened by path (detection and the preview), the map screen (init's draft, sampled from
// the whole file, and the preview mapped with it), and the whole-file check, followed over
// server-sent events to its end. It reports the time of each step and the server's peak RSS.
func (b *bench) ui(ctx context.Context) ([]row, error) {
	n := uiRows(b.quick)
	file, err := b.input(genOptions{Rows: n, Seed: 1})
	if err != nil {
		return nil, err
	}
	dir, err := b.dir("ui")
	if err != nil {
		return nil, err
	}
	srv, err := b.startUI(ctx, dir)
	if err != nil {
		return nil, err
	}
	steps, checked, err := driveUI(ctx, srv.link, file)
	peak := srv.peakKiB()
	if serr := srv.stop(); err == nil {
		err = serr
	}
	if err != nil {
		return nil, err
	}
	if peak == 0 {
		peak = srv.rusagePeakKiB()
	}
	if checked != n {
		return nil, fmt.Errorf("ui: the whole-file check counted %d valid rows of %d", checked, n)
	}
	rows := []row{{scenario: "ui", measure: fmt.Sprintf("server peak RSS, upload + open + map + check of %s rows", count(n)),
		target: "< 150 MB", measured: mb(peak), verdict: judge(peak > 0 && peak < uiRSSLimitKiB),
		details: "VmHWM of the server process (the harness's own memory is not in it)"}}
	for _, s := range steps {
		rows = append(rows, row{scenario: "ui", measure: s.name + ", " + count(n) + " rows", target: "— (no target)",
			measured: s.took.Round(time.Millisecond).String(), details: s.details})
	}
	return rows, nil
}

// uiServer is a `contactimport ui` child process.
type uiServer struct {
	link   string // the URL it printed, with the token
	proc   *os.Process
	state  func() *os.ProcessState
	cancel context.CancelFunc
	done   chan error
}

// startUI starts `contactimport ui --sandbox` in dir and waits for the URL it prints.
func (b *bench) startUI(ctx context.Context, dir string) (*uiServer, error) {
	ctx, cancel := context.WithCancel(ctx)
	cmd := command(ctx, b.bin, "ui", "--addr", "127.0.0.1:0", "--sandbox", "--sandbox-db", filepath.Join(dir, "ui.db"))
	cmd.Dir = dir
	logFile, err := os.Create(filepath.Join(dir, "ui.log"))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("start ui: %w", err)
	}
	defer logFile.Close()
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, fmt.Errorf("start ui: %w", err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("start ui: %w", err)
	}
	s := &uiServer{proc: cmd.Process, state: func() *os.ProcessState { return cmd.ProcessState }, cancel: cancel, done: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		for sc.Scan() {
		}
		s.done <- cmd.Wait()
	}()
	select {
	case line := <-lines:
		if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+/\?t=[0-9a-f]+`).FindString(line); m != "" {
			s.link = m
			return s, nil
		}
		s.stop()
		return nil, fmt.Errorf("start ui: no URL on its stdout (see %s)", logFile.Name())
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, errors.New("start ui: no URL within 30 s")
	}
}

// peakKiB is the server's peak RSS so far (VmHWM), where /proc tells; 0 elsewhere.
func (s *uiServer) peakKiB() int64 {
	v, _ := strings.CutSuffix(procField("/proc/"+strconv.Itoa(s.proc.Pid)+"/status", "VmHWM"), " kB")
	n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n
}

// rusagePeakKiB is the peak RSS the stopped server's rusage gives, where /proc did not tell.
func (s *uiServer) rusagePeakKiB() int64 {
	if ps := s.state(); ps != nil {
		return peakRSSKiB(ps)
	}
	return 0
}

// stop interrupts the server (as Ctrl-C does) and waits for it.
func (s *uiServer) stop() error {
	s.cancel()
	err := <-s.done
	s.done <- err
	if ps := s.state(); ps != nil && ps.Success() {
		return nil
	}
	return fmt.Errorf("stop ui: %w", err)
}

// step is one timed step of the drive.
type step struct {
	name    string
	took    time.Duration
	details string
}
