//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SIGHUP (a closed terminal or ssh session) stops a run the way Ctrl-C does: the summary is
// printed, the report flushed, exit 130, and --resume continues.
func TestHangupStopsLikeInterrupt(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const n = 300
	writeInput(t, dir, n, false, nil)
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	cmd := importCmd(bin, dir, box.url, "--rate", "50", "--report", "run.csv", "list.csv")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	cmd.Process.Signal(syscall.SIGHUP)
	if code := exitCode(cmd.Wait()); code != exitInterrupted {
		t.Fatalf("exit %d after SIGHUP, want 130\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "stopped") {
		t.Errorf("no summary after SIGHUP:\n%s", stdout.String())
	}
	rows := readReport(t, filepath.Join(dir, "run.csv"))
	if len(rows) == 0 || len(rows) >= n {
		t.Fatalf("%d rows reported after a hang-up at 1 s", len(rows))
	}
	out, err := importCmd(bin, dir, box.url, "--resume", "--rate", "1000", "--report", "run.csv", "list.csv").CombinedOutput()
	if err != nil {
		t.Fatalf("resume after SIGHUP: %v\n%s", err, out)
	}
	if rows := readReport(t, filepath.Join(dir, "run.csv")); len(rows) != n {
		t.Errorf("after resume the report has %d rows, want %d", len(rows), n)
	}
}

// A reader that closes stdout early (`| head -1`) does not turn a finished run into a death by
// SIGPIPE (exit 141): the exit code is the run's.
func TestClosedStdoutKeepsTheExitCode(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	writeInput(t, dir, 20, false, nil)
	cmd := importCmd(bin, dir, "", "--sandbox", "--sandbox-db", filepath.Join(dir, "box.db"), "--rate", "1000", "--report", "run.csv", "list.csv")
	cmd.Args = append(cmd.Args[:2], cmd.Args[4:]...) // no --url
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Like head -1: read nothing, close the pipe at once, before the summary is printed.
	out.(*os.File).Close()
	if code := exitCode(cmd.Wait()); code != exitOK {
		t.Fatalf("exit %d with stdout closed early, want 0\n%s", code, stderr.String())
	}
	if rows := readReport(t, filepath.Join(dir, "run.csv")); len(rows) != 20 {
		t.Errorf("the report has %d rows, want 20", len(rows))
	}
}
