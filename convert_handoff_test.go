package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/csv"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"contactimport/importer/engage/sandbox"
	"contactimport/report"

	"golang.org/x/crypto/ssh"
)

// fileSandbox is `sandbox serve --sftp` run in-process: its base URL, SFTP address and
// directory, a known_hosts file made from the line it printed, and a key made by the test and
// added to its authorized_keys.
type fileSandbox struct {
	base, sftpAddr, sftpDir, db string
	knownHosts, key             string
	stop                        func()
}

func startFileSandbox(t *testing.T) *fileSandbox {
	t.Helper()
	dir := t.TempDir()
	fs := &fileSandbox{sftpDir: filepath.Join(dir, "sftp"), db: filepath.Join(dir, "sandbox.db")}
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--db", fs.db, "--sftp", "127.0.0.1:0",
			"--sftp-dir", fs.sftpDir}, func(string) string { return "" }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var known string
	for known == "" && lines.Scan() {
		line := lines.Text()
		switch {
		case fs.base == "":
			fs.base = line
		case strings.HasPrefix(line, "SFTP server "):
			fs.sftpAddr = strings.Fields(line)[2]
			fs.sftpAddr = strings.TrimSuffix(fs.sftpAddr, ",")
		case strings.HasPrefix(line, "  known_hosts line: "):
			known = strings.TrimPrefix(line, "  known_hosts line: ")
		}
	}
	go io.Copy(io.Discard, pr)
	if known == "" || fs.sftpAddr == "" {
		cancel()
		t.Fatalf("the sandbox printed no SFTP address or known_hosts line (base %q)", fs.base)
	}
	fs.stop = sync.OnceFunc(func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("sandbox serve exit %d", code)
		}
	})
	t.Cleanup(fs.stop)
	fs.knownHosts = filepath.Join(dir, "known_hosts")
	writeFile(t, fs.knownHosts, known+"\n")
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	fs.key = filepath.Join(dir, "id_ed25519")
	writeFile(t, fs.key, string(pem.EncodeToMemory(block)))
	signer, _ := ssh.NewSignerFromKey(priv)
	if err := sandbox.AuthorizeKey(fs.sftpDir, signer.PublicKey()); err != nil {
		t.Fatal(err)
	}
	return fs
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// handoffArgs are the flags of a convert that uploads to fs and runs automation 1.
func (fs *fileSandbox) handoffArgs() []string {
	return []string{"--upload", "sftp://sandbox@" + fs.sftpAddr + "/upload", "--ssh-key", fs.key,
		"--known-hosts", fs.knownHosts, "--automation", "1", "--url", fs.base, "--poll", "20ms"}
}

func runConvertEnv(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	env := map[string]string{"ENGAGE_USER": "sandbox", "ENGAGE_PASSWORD": "sandbox"}
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"convert", "--progress", "none"}, args...), func(k string) string { return env[k] },
		strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// writeList writes n contacts, every tenth with an invalid email address, and returns the
// valid addresses.
func writeList(t *testing.T, path string, n int) []string {
	var b strings.Builder
	var valid []string
	b.WriteString("email,first name\n")
	for i := 1; i <= n; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&b, "broken%d@,Name %d\n", i, i)
			continue
		}
		e := fmt.Sprintf("p%d@example.org", i)
		valid = append(valid, e)
		fmt.Fprintf(&b, "%s,Name %d\n", e, i)
	}
	writeFile(t, path, b.String())
	return valid
}

// exported runs `sandbox export` on the stopped sandbox's database and returns the email column.
func (fs *fileSandbox) exported(t *testing.T) map[string]int {
	t.Helper()
	fs.stop()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"sandbox", "export", "--db", fs.db}, func(string) string { return "" },
		strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Fatalf("sandbox export: exit %d: %s", code, errOut.String())
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range recs[1:] {
		seen[r[1]]++
	}
	return seen
}

func readSummary(t *testing.T, pattern string) *report.Summary {
	t.Helper()
	m, _ := filepath.Glob(pattern)
	if len(m) != 1 {
		t.Fatalf("summaries %v for %s", m, pattern)
	}
	data, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	var s report.Summary
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

// TestConvertUploadAutomation: convert a list with invalid emails, upload it to the sandbox's
// SFTP server, run its automation and follow it: every valid contact is in `sandbox export`,
// once, in the automation's group; the invalid ones are in convert's report; the summary
// records the process; exit 3 (rows failed validation).
func TestConvertUploadAutomation(t *testing.T) {
	withConvertLimit(t, 8192)
	fs := startFileSandbox(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	valid := writeList(t, in, 600)
	code, stdout, stderr := runConvertEnv(t, context.Background(), append(fs.handoffArgs(), in)...)
	if code != exitRowsFailed {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "finished: 540 of 540 rows processed, none rejected") {
		t.Errorf("stdout lacks the outcome:\n%s", stdout)
	}
	sum := readSummary(t, filepath.Join(dir, "people.*.report.csv.json"))
	if h := sum.Handoff; h == nil || h.Outcome != "finished" || h.ProcessID == 0 || !h.Uploaded || len(h.Files) < 2 {
		t.Errorf("summary handoff = %+v", sum.Handoff)
	}
	rep, _ := filepath.Glob(filepath.Join(dir, "people.*.report.csv"))
	data, _ := os.ReadFile(rep[0])
	if n := strings.Count(string(data), "broken"); n != 60 {
		t.Errorf("convert's report holds %d invalid rows, want 60", n)
	}
	seen := fs.exported(t)
	for _, e := range valid {
		if seen[e] != 1 {
			t.Errorf("%s exported %d times", e, seen[e])
		}
	}
	if len(seen) != len(valid) {
		t.Errorf("%d contacts exported, want %d", len(seen), len(valid))
	}
}

// cutAfter dials connections that close after limit bytes written.
func cutAfter(limit int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &cutConn{Conn: c, left: limit}, nil
	}
}

type cutConn struct {
	net.Conn
	mu   sync.Mutex
	left int
}

func (c *cutConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.left -= len(p)
	cut := c.left < 0
	c.mu.Unlock()
	if cut {
		c.Conn.Close()
		return 0, net.ErrClosed
	}
	return c.Conn.Write(p)
}

// TestConvertUploadResumed: an upload cut in the middle stops with exit 1 and keeps the files;
// --upload-only then resumes it and runs the automation, which imports every row once: the
// process counts each row once, each file is in done/ once, and a second run uploads nothing.
func TestConvertUploadResumed(t *testing.T) {
	withConvertLimit(t, 64*1024)
	fs := startFileSandbox(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	valid := writeList(t, in, 6000)
	sftpDial = cutAfter(120_000)
	code, stdout, stderr := runConvertEnv(t, context.Background(), append(fs.handoffArgs(), in)...)
	sftpDial = nil
	if code != exitStopped || !strings.Contains(stderr, "--upload-only") {
		t.Fatalf("cut upload: exit %d\n%s\n%s", code, stdout, stderr)
	}
	parts, _ := filepath.Glob(filepath.Join(fs.sftpDir, "files", "upload", "*.part"))
	if len(parts) != 1 {
		t.Fatalf("partial uploads on the server: %v", parts)
	}
	code, stdout, stderr = runConvertEnv(t, context.Background(), append(fs.handoffArgs(), "--upload-only", in)...)
	if code != exitOK || !strings.Contains(stdout, fmt.Sprintf("finished: %d of %d rows processed", len(valid), len(valid))) {
		t.Fatalf("--upload-only: exit %d\n%s\n%s", code, stdout, stderr)
	}
	sum := readSummary(t, filepath.Join(dir, "people.*.upload.json"))
	resumed := 0
	for _, f := range sum.Handoff.Files {
		if f.Outcome == "resumed" {
			resumed++
		}
	}
	if resumed != 1 {
		t.Errorf("files resumed: %d, want 1 (%+v)", resumed, sum.Handoff.Files)
	}
	local, _ := filepath.Glob(filepath.Join(dir, "people.mapp-*.csv"))
	done, _ := filepath.Glob(filepath.Join(fs.sftpDir, "files", "upload", "done", "*"))
	if len(done) != len(local) {
		t.Errorf("done/ holds %v, want the %d files once each", done, len(local))
	}
	code, stdout, stderr = runConvertEnv(t, context.Background(), append(fs.handoffArgs(), "--upload-only", in)...)
	if code != exitStopped || !strings.Contains(stderr, "nothing uploaded or started again") || strings.Contains(stdout, "Uploaded") {
		t.Errorf("second run: exit %d, want a refusal to upload again\n%s\n%s", code, stdout, stderr)
	}
	if seen := fs.exported(t); len(seen) != len(valid) {
		t.Errorf("%d contacts exported, want %d", len(seen), len(valid))
	}
}

// TestConvertUploadUnknownHost: an unknown host key and a changed one are refused with exit 1
// before anything is converted, the first with the fingerprint to verify.
func TestConvertUploadUnknownHost(t *testing.T) {
	fs := startFileSandbox(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	writeList(t, in, 5)
	files, _ := sandbox.NewSFTP(fs.sftpDir, nil) // the same data directory: the same host key
	fingerprint := files.Fingerprint()
	files.Close()
	empty := filepath.Join(dir, "known_hosts")
	writeFile(t, empty, "")
	args := append(fs.handoffArgs(), "--known-hosts", empty, in)
	code, _, stderr := runConvertEnv(t, context.Background(), args...)
	if code != exitStopped || !strings.Contains(stderr, fingerprint) || !strings.Contains(stderr, "not in "+empty) {
		t.Errorf("unknown host: exit %d\n%s", code, stderr)
	}
	_, pub, _ := ed25519.GenerateKey(rand.Reader)
	other, _ := ssh.NewSignerFromKey(pub)
	writeFile(t, empty, "[127.0.0.1]:"+strings.Split(fs.sftpAddr, ":")[1]+" "+string(ssh.MarshalAuthorizedKey(other.PublicKey())))
	code, _, stderr = runConvertEnv(t, context.Background(), args...)
	if code != exitStopped || !strings.Contains(stderr, "CHANGED") {
		t.Errorf("changed host key: exit %d\n%s", code, stderr)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "people.mapp-*")); len(m) != 0 {
		t.Errorf("files converted for a refused upload: %v", m)
	}
}

// TestConvertUploadRejectedRows: a row Mapp's import rejects (here a mobile number another
// contact of the file has already) ends in the automation's error report; the process finishes
// with rejected rows, named with the report in the output and the summary; exit 3.
func TestConvertUploadRejectedRows(t *testing.T) {
	fs := startFileSandbox(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	writeFile(t, in, "user.Email,user.MobileNumber\nann@example.org,+4915112345678\nbob@example.org,+4915112345678\ncarl@example.org,\n")
	code, stdout, stderr := runConvertEnv(t, context.Background(), append(fs.handoffArgs(), in)...)
	const report = "/upload/errors/process-1.errors.csv"
	if code != exitRowsFailed || !strings.Contains(stdout, "1 of 3 rows rejected; error report: "+report) {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	sum := readSummary(t, filepath.Join(dir, "people.*.report.csv.json"))
	if h := sum.Handoff; h == nil || h.Outcome != "finished with rejected rows" || !strings.Contains(h.Error, report) {
		t.Errorf("summary handoff = %+v", sum.Handoff)
	}
	data, err := os.ReadFile(filepath.Join(fs.sftpDir, "files", filepath.FromSlash(report)))
	if err != nil || !strings.Contains(string(data), "bob@example.org") || !strings.Contains(string(data), "mobileNumber belongs to another contact") {
		t.Errorf("error report %q, %v", data, err)
	}
	if seen := fs.exported(t); len(seen) != 2 || seen["ann@example.org"] != 1 || seen["carl@example.org"] != 1 {
		t.Errorf("exported %v, want ann and carl", seen)
	}
}
