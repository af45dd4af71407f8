package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeProcesses answers runOnce with process 77 and getDetails with what status returns for
// the nth read; it calls onRead with n.
func fakeProcesses(t *testing.T, status func(n int) string, onRead func(n int)) string {
	var reads atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, _ := r.BasicAuth(); u != "sandbox" || p != "sandbox" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		switch r.URL.Path {
		case "/api/rest/v19/automation/runOnce":
			fmt.Fprint(w, `{"processId":77}`)
		case "/api/rest/v19/process/getDetails":
			n := int(reads.Add(1))
			if onRead != nil {
				onRead(n)
			}
			fmt.Fprintf(w, `{"processId":77,"status":%q,"processedCount":5,"totalCount":10,"error":"bad file"}`, status(n))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/api/rest/v19"
}

// TestConvertAutomationOutcomes: a FAILED process is exit 1 with Mapp's reason; a process that
// does not move is given up after --stall with exit 1 and how to follow it; Ctrl-C while
// following is exit 130, the process left running at Mapp and named.
func TestConvertAutomationOutcomes(t *testing.T) {
	fs := startFileSandbox(t)
	tests := []struct {
		name    string
		status  func(n int) string
		cancel  int // cancel at this read; 0 never
		want    int
		out     string
		outcome string
	}{
		{name: "failed", status: func(int) string { return "FAILED" }, want: exitStopped, out: "Import process 77 FAILED: bad file", outcome: "failed"},
		{name: "stalled", status: func(int) string { return "PROCESSING" }, want: exitStopped, out: "process 77 showed no change", outcome: "stalled"},
		{name: "interrupted", status: func(int) string { return "PROCESSING" }, cancel: 2, want: exitInterrupted, out: "the import goes on at Mapp as process 77", outcome: "interrupted"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			url := fakeProcesses(t, tc.status, func(n int) {
				if n == tc.cancel {
					cancel()
				}
			})
			dir := t.TempDir()
			in := filepath.Join(dir, "people.csv")
			writeList(t, in, 5)
			args := append(fs.handoffArgs(), "--url", url, "--stall", "200ms", "--upload", "sftp://sandbox@"+fs.sftpAddr+"/"+tc.name, in)
			code, stdout, stderr := runConvertEnv(t, ctx, args...)
			if code != tc.want || !strings.Contains(stdout+stderr, tc.out) {
				t.Fatalf("exit %d, want %d with %q\n%s\n%s", code, tc.want, tc.out, stdout, stderr)
			}
			sum := readSummary(t, filepath.Join(dir, "people.*.report.csv.json"))
			if h := sum.Handoff; h == nil || h.ProcessID != 77 || h.Outcome != tc.outcome {
				t.Errorf("summary handoff = %+v, want process 77 %s", sum.Handoff, tc.outcome)
			}
		})
	}
}

// TestSandboxAutomationsNeedSFTP: automations without the SFTP server they read from are a
// usage error.
func TestSandboxAutomationsNeedSFTP(t *testing.T) {
	var stderr strings.Builder
	code := run(context.Background(), []string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--automations", "1:up:add"},
		func(string) string { return "" }, strings.NewReader(""), io.Discard, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "--automations needs --sftp") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}

// TestHandoffFlags: --known-hosts ~/… is the home directory's; --automation without --upload and
// a password in the URL are usage errors.
func TestHandoffFlags(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	h := &handoffFlags{upload: "sftp://u@h/in", knownHosts: "~/.ssh/known_hosts", rate: 10, poll: 1, stall: 1}
	if err := h.check(); err != nil || h.knownHosts != filepath.Join(home, ".ssh", "known_hosts") {
		t.Errorf("check: %v, known hosts %s", err, h.knownHosts)
	}
	for _, bad := range []handoffFlags{{automation: 1}, {uploadOnly: true}, {upload: "sftp://u:pw@h/in", knownHosts: "k", rate: 10, poll: 1, stall: 1}} {
		if err := bad.check(); err == nil {
			t.Errorf("check(%+v) accepted", bad)
		}
	}
}
