//go:build unix

package main

// These tests stop a run of the real binary in the middle of its work (SIGSTOP), change its
// files underneath it, and let it go on: the run must notice and stop saying where its rows are.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"contactimport/report"
)

// startPaused starts an import, lets it write rows for a while, and stops the process (SIGSTOP),
// so that what the test does next happens while the run is in the middle of its work.
func startPaused(t *testing.T, cmd *exec.Cmd, stdout, stderr *bytes.Buffer) {
	t.Helper()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
}

// TestReportRemovedMidRun: the report deleted while the run writes it. A second run started
// meanwhile on the same report is refused at once (exit 1, the lock is held) and creates no
// file; the first run stops with exit 1 at its next flush, says the report was removed, and puts
// the rows it wrote back on disk, so that --resume completes them.
func TestReportRemovedMidRun(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const n = 400
	writeInput(t, dir, n, false, nil)
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	first := importCmd(bin, dir, box.url, "--rate", "50", "--report", "run.csv", "list.csv")
	var stdout, stderr bytes.Buffer
	startPaused(t, first, &stdout, &stderr)
	path := filepath.Join(dir, "run.csv")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := importCmd(bin, dir, box.url, "--report", "run.csv", "list.csv").CombinedOutput()
	if code := exitCode(err); code != exitStopped || !strings.Contains(string(out), "another contactimport run") {
		t.Errorf("a second run on the report while the first holds it: exit %d\n%s", code, out)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the second run should exit at once")
	}
	if _, err := os.Lstat(path); err == nil {
		t.Errorf("the refused second run left a file at %s", path)
	}
	first.Process.Signal(syscall.SIGCONT)
	if code := exitCode(first.Wait()); code != exitStopped {
		t.Fatalf("first run after its report was removed: exit %d, want 1\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "the report "+"run.csv was removed") || !strings.Contains(stderr.String(), "--resume --report run.csv") {
		t.Errorf("stderr should say the report was removed, where the rows are and how to continue:\n%s", stderr.String())
	}
	rows := readReport(t, path)
	var sum report.Summary
	data, _ := os.ReadFile(path + ".json")
	if err := json.Unmarshal(data, &sum); err != nil || sum.Finished || sum.Rows != len(rows) || len(rows) == 0 || len(rows) >= n {
		t.Fatalf("after the stop: report %d rows, summary finished=%v rows=%d (%v)", len(rows), sum.Finished, sum.Rows, err)
	}
	if !strings.Contains(stderr.String(), fmt.Sprintf("its %d rows are saved again in run.csv", len(rows))) {
		t.Errorf("stderr should say how many rows were saved again:\n%s", stderr.String())
	}
	out, err = importCmd(bin, dir, box.url, "--resume", "--rate", "1000", "--report", "run.csv", "list.csv").CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	if rows := readReport(t, path); len(rows) != n {
		t.Errorf("after resume the report has %d rows, want %d", len(rows), n)
	}
}

// TestStateRemovedMidRun: the state file deleted while a run uses it. The lock lives beside it,
// so a second run on the same --state is refused at once (exit 1), and the first run stops with
// exit 1 at its next flush, saying the state file was removed, and writes its ledger back.
func TestStateRemovedMidRun(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	writeInput(t, dir, 400, false, nil)
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	first := importCmd(bin, dir, box.url, "--rate", "50", "--report", "run.csv", "--state", "state.db", "list.csv")
	var stdout, stderr bytes.Buffer
	startPaused(t, first, &stdout, &stderr)
	if err := os.Remove(filepath.Join(dir, "state.db")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := importCmd(bin, dir, box.url, "--report", "other.csv", "--state", "state.db", "list.csv").CombinedOutput()
	if code := exitCode(err); code != exitStopped || !strings.Contains(string(out), "another contactimport run is using the state file state.db") {
		t.Errorf("a second run on the state file while the first holds it: exit %d\n%s", code, out)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the second run should exit at once")
	}
	first.Process.Signal(syscall.SIGCONT)
	if code := exitCode(first.Wait()); code != exitStopped {
		t.Fatalf("first run after its state file was removed: exit %d, want 1\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "the state file state.db was removed") || !strings.Contains(stderr.String(), "--resume --report run.csv") {
		t.Errorf("stderr should say the state file was removed and how to continue:\n%s", stderr.String())
	}
	if strings.Contains(stdout.String(), "finished") {
		t.Errorf("the summary table says finished:\n%s", stdout.String())
	}
	// The ledger the run held open is written back: a rerun knows every row it reported.
	if !strings.Contains(stderr.String(), "its ledger is saved again in state.db") {
		t.Errorf("stderr should say the ledger was saved again:\n%s", stderr.String())
	}
	if fi, err := os.Stat(filepath.Join(dir, "state.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file after the stop: %v, %v", fi, err)
	}
	done := readReport(t, filepath.Join(dir, "run.csv"))
	out, err = importCmd(bin, dir, box.url, "--rate", "1000", "--report", "again.csv", "--state", "state.db", "list.csv").CombinedOutput()
	if err != nil {
		t.Fatalf("rerun with the saved ledger: %v\n%s", err, out)
	}
	unchanged := 0
	for _, l := range readReport(t, filepath.Join(dir, "again.csv")) {
		if l.Status == report.Unchanged {
			unchanged++
		}
	}
	if len(done) == 0 || unchanged < len(done) {
		t.Errorf("rerun: %d rows unchanged, want at least the %d the stopped run reported", unchanged, len(done))
	}
}

// TestSummaryUnwritableMidRun: a summary that can no longer be saved (the report's folder made
// read-only; as root, whom permissions do not stop, a directory in the way of its temporary
// file) stops the run within seconds as a storage failure: exit 1, the table says stopped, never
// finished, stderr says how many rows the report holds and how to continue; --resume does.
func TestSummaryUnwritableMidRun(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const n = 500
	writeInput(t, dir, n, false, nil)
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o700)
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	cmd := importCmd(bin, dir, box.url, "--rate", "50", "--report", "out/run.csv", "list.csv")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	unblock := func() { os.Chmod(out, 0o700) }
	if os.Geteuid() == 0 {
		blocker := filepath.Join(out, "run.csv.json.tmp")
		os.Mkdir(blocker, 0o700)
		unblock = func() { os.Remove(blocker) }
	} else {
		os.Chmod(out, 0o500)
	}
	t.Cleanup(unblock)
	start := time.Now()
	if code := exitCode(cmd.Wait()); code != exitStopped {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout.String(), stderr.String())
	}
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("the run went on for %v after its summary could no longer be saved", took)
	}
	if strings.Contains(stdout.String(), "finished") || !strings.Contains(stdout.String(), "stopped") {
		t.Errorf("the table should say stopped, never finished:\n%s", stdout.String())
	}
	rows := readReport(t, filepath.Join(out, "run.csv"))
	if len(rows) == 0 || len(rows) >= n {
		t.Errorf("the report holds %d rows, want some of %d", len(rows), n)
	}
	if !strings.Contains(stderr.String(), "save summary") || !strings.Contains(stderr.String(), fmt.Sprintf("%d rows are in the report out/run.csv", len(rows))) ||
		!strings.Contains(stderr.String(), "--resume --report out/run.csv") {
		t.Errorf("stderr should name the summary, where the rows stand and how to continue:\n%s", stderr.String())
	}
	unblock()
	res, err := importCmd(bin, dir, box.url, "--resume", "--rate", "1000", "--report", "out/run.csv", "list.csv").CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, res)
	}
	if rows := readReport(t, filepath.Join(out, "run.csv")); len(rows) != n {
		t.Errorf("after resume the report has %d rows, want %d", len(rows), n)
	}
}
