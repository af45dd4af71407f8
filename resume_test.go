//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"contactimport/report"
)

// These tests run the real binary in its own process, against a sandbox in another process,
// so that they can kill it the way cron, a reboot or an impatient user would.

// buildBinary builds contactimport once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "contactimport")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// sandboxProc is a `contactimport sandbox serve` child process.
type sandboxProc struct {
	url  string
	cmd  *exec.Cmd
	base string // http://host:port
}

func startSandboxProc(t *testing.T, bin, db string, args ...string) *sandboxProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--db", db}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("sandbox did not print its URL: %v", err)
	}
	url := strings.TrimSpace(line)
	return &sandboxProc{url: url, cmd: cmd, base: strings.TrimSuffix(url, "/api/rest/v19")}
}

// stats returns the sandbox's request total.
func (s *sandboxProc) total(t *testing.T) int {
	t.Helper()
	resp, err := http.Get(s.base + "/_sandbox/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct {
		Total int `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st.Total
}

// importCmd prepares `contactimport import` against url in dir.
func importCmd(bin, dir, url string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, append([]string{"import", "--url", url, "--progress", "none"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ENGAGE_USER=sandbox", "ENGAGE_PASSWORD=sandbox")
	return cmd
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// writeInput writes list.csv with n rows; with dups, the last 5% repeat earlier contacts with
// other values (the last row wins). change marks rows whose name differs.
func writeInput(t *testing.T, dir string, n int, dups bool, change func(i int) bool) {
	t.Helper()
	contacts := n
	if dups {
		contacts = n - n/20
	}
	var b bytes.Buffer
	b.WriteString("user.Email,user.FirstName,user.CustomAttribute.Tier\n")
	for i := range n {
		name := fmt.Sprintf("Name%d", i)
		if change != nil && change(i) {
			name += "x"
		}
		fmt.Fprintf(&b, "k%05d@example.org,%s,%d\n", i%contacts, name, i%7)
	}
	if err := os.WriteFile(filepath.Join(dir, "list.csv"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readReport returns the rows of a report and checks each is there once.
func readReport(t *testing.T, path string) map[int]report.Line {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := report.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int]report.Line{}
	for {
		l, err := rd.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("report %s: %v", path, err)
		}
		if _, dup := rows[l.Row]; dup {
			t.Fatalf("row %d is in the report twice", l.Row)
		}
		rows[l.Row] = l
	}
}

// export returns the sandbox's contacts as CSV lines without the contactId column, sorted.
func export(t *testing.T, bin, db string) []string {
	t.Helper()
	out, err := exec.Command(bin, "sandbox", "export", "--db", db).Output()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		_, rest, _ := strings.Cut(l, ",")
		lines = append(lines, rest)
	}
	slices.Sort(lines)
	return lines
}

func TestKillAndResume(t *testing.T) {
	bin := buildBinary(t)
	const n = 600
	dir := t.TempDir()
	writeInput(t, dir, n, true, nil)

	// The reference: one uninterrupted run.
	ref := startSandboxProc(t, bin, filepath.Join(dir, "ref.db"), "--latency", "5ms")
	if out, err := importCmd(bin, dir, ref.url, "--rate", "1000", "--report", "ref.csv", "list.csv").CombinedOutput(); err != nil {
		t.Fatalf("reference run: %v\n%s", err, out)
	}
	refRows := readReport(t, filepath.Join(dir, "ref.csv"))
	if len(refRows) != n {
		t.Fatalf("reference report has %d rows", len(refRows))
	}

	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"), "--latency", "5ms")
	kills := []time.Duration{300 * time.Millisecond, 700 * time.Millisecond, 450 * time.Millisecond, 900 * time.Millisecond}
	args := []string{"--rate", "200", "--report", "run.csv", "list.csv"}
	for i, after := range kills {
		a := args
		if i > 0 {
			a = append([]string{"--resume"}, args...)
		}
		cmd := importCmd(bin, dir, box.url, a...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if code := exitCode(err); code != 128+9 {
			t.Fatalf("run %d: exit %d before the kill: %s", i, code, stderr.String())
		}
	}
	out, err := importCmd(bin, dir, box.url, append([]string{"--resume"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("final resume: %v\n%s", err, out)
	}
	rows := readReport(t, filepath.Join(dir, "run.csv"))
	if len(rows) != n {
		t.Fatalf("after kills and resumes the report has %d rows, want %d", len(rows), n)
	}
	for row, l := range rows {
		if l.Status != report.Created && l.Status != report.Updated {
			t.Errorf("row %d: %s %s", row, l.Status, l.Message)
		}
		if !slices.Equal(l.Cells, refRows[row].Cells) {
			t.Errorf("row %d: cells %v, want %v", row, l.Cells, refRows[row].Cells)
		}
	}
	if got, want := export(t, bin, filepath.Join(dir, "box.db")), export(t, bin, filepath.Join(dir, "ref.db")); !slices.Equal(got, want) {
		t.Errorf("sandbox after kills holds %d contacts, the uninterrupted run %d, or their values differ", len(got), len(want))
	}
	var sum report.Summary
	data, _ := os.ReadFile(filepath.Join(dir, "run.csv.json"))
	if err := json.Unmarshal(data, &sum); err != nil || !sum.Finished || sum.Rows != n {
		t.Errorf("final summary: finished=%v rows=%d err=%v", sum.Finished, sum.Rows, err)
	}
}

func TestInterruptAndResume(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const n = 400
	writeInput(t, dir, n, true, nil)
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	// The default report name: <stem>.<time>.report.csv, found again by --resume.
	cmd := importCmd(bin, dir, box.url, "--rate", "100", "list.csv")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(cmd.Wait()); code != exitInterrupted {
		t.Fatalf("exit %d after SIGINT, want 130\n%s", code, stderr.String())
	}
	reports, _ := filepath.Glob(filepath.Join(dir, "list.*.report.csv"))
	if len(reports) != 1 {
		t.Fatalf("reports: %v", reports)
	}
	rows := readReport(t, reports[0]) // a valid report: no torn line, no duplicates
	if len(rows) == 0 || len(rows) >= n {
		t.Fatalf("%d rows reported after an interrupt at 1 s", len(rows))
	}
	if !strings.Contains(stdout.String(), "stopped") || !strings.Contains(stderr.String(), "--resume") {
		t.Errorf("summary should say the run stopped and how to resume:\n%s\n%s", stdout.String(), stderr.String())
	}
	// Without --resume the unfinished report is refused, naming --resume.
	out, err := importCmd(bin, dir, box.url, "list.csv").CombinedOutput()
	if exitCode(err) != exitUsage || !strings.Contains(string(out), "--resume") {
		t.Errorf("a new run over an unfinished report: exit %d\n%s", exitCode(err), out)
	}
	out, err = importCmd(bin, dir, box.url, "--resume", "--rate", "1000", "list.csv").CombinedOutput()
	if err != nil {
		t.Fatalf("resume (finding the report by itself): %v\n%s", err, out)
	}
	if rows := readReport(t, reports[0]); len(rows) != n {
		t.Errorf("after resume the report has %d rows, want %d", len(rows), n)
	}
}

func TestOverlappingRunsAreRefused(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	writeInput(t, dir, 300, false, nil)
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	first := importCmd(bin, dir, box.url, "--rate", "50", "--report", "run.csv", "--state", "state.db", "list.csv")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { first.Process.Kill(); first.Wait() }()
	time.Sleep(700 * time.Millisecond)
	for _, args := range [][]string{
		{"--report", "run.csv", "list.csv"},                          // same report
		{"--report", "other.csv", "--state", "state.db", "list.csv"}, // same state file
	} {
		start := time.Now()
		out, err := importCmd(bin, dir, box.url, args...).CombinedOutput()
		if code := exitCode(err); code != exitStopped || !strings.Contains(string(out), "another contactimport run") {
			t.Errorf("%v while another run holds it: exit %d\n%s", args, code, out)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("%v: the second run should exit at once", args)
		}
	}
}

func TestStateNightlyRerun(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const n = 10000
	writeInput(t, dir, n, false, nil)
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	// What doctor learns of `sandbox serve`: it merges, so a changed row is one update.
	writeMergeProfile(t, dir, box.url)
	run := func(report string, extra ...string) {
		t.Helper()
		args := append([]string{"--rate", "5000", "--workers", "16", "--state", "state.db", "--report", report}, extra...)
		out, err := importCmd(bin, dir, box.url, append(args, "list.csv")...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", report, err, out)
		}
	}
	run("first.csv")
	before := box.total(t)
	run("second.csv")
	if calls := box.total(t) - before; calls != 0 {
		t.Errorf("rerun of an unchanged list made %d API calls, want 0", calls)
	}
	for _, l := range readReport(t, filepath.Join(dir, "second.csv")) {
		if l.Status != report.Unchanged {
			t.Fatalf("row %d: %s, want unchanged", l.Row, l.Status)
		}
	}
	// Change 1% of the rows: about 1% of the calls, each an update straight away.
	writeInput(t, dir, n, false, func(i int) bool { return i%100 == 3 })
	before = box.total(t)
	run("third.csv")
	if calls := box.total(t) - before; calls != n/100 {
		t.Errorf("rerun with 1%% of rows changed made %d API calls, want %d", calls, n/100)
	}
	before = box.total(t)
	run("full.csv", "--full")
	if calls := box.total(t) - before; calls != n {
		t.Errorf("--full made %d calls, want %d", calls, n)
	}
}

func TestSecondSignalExitsAtOnce(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const n = 300
	writeInput(t, dir, n, false, nil)
	// A slow target: the first signal would wait for the requests in flight.
	box := startSandboxProc(t, bin, filepath.Join(dir, "box.db"), "--latency", "3s")
	cmd := importCmd(bin, dir, box.url, "--rate", "100", "--report", "run.csv", "list.csv")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4 * time.Second)
	cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	if code := exitCode(cmd.Wait()); code != exitInterrupted {
		t.Fatalf("exit %d after two signals, want 130", code)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Errorf("the second signal took %v to end the run, want at once", waited)
	}
	// The report may end mid-line; --resume cuts that off and completes it.
	fast := startSandboxProc(t, bin, filepath.Join(dir, "box.db"))
	out, err := importCmd(bin, dir, fast.url, "--resume", "--rate", "1000", "--report", "run.csv", "list.csv").CombinedOutput()
	if err != nil {
		t.Fatalf("resume after a hard stop: %v\n%s", err, out)
	}
	if rows := readReport(t, filepath.Join(dir, "run.csv")); len(rows) != n {
		t.Errorf("after resume the report has %d rows, want %d", len(rows), n)
	}
}
