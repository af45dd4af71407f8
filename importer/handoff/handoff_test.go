package handoff

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"contactimport/importer/engage/sandbox"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// rig is the sandbox's SFTP server on a loopback port, a known_hosts file holding the line it
// prints, and its client key.
type rig struct {
	files      *sandbox.SFTP
	addr       string
	knownHosts string
	target     Target
}

func newRig(t *testing.T) *rig {
	t.Helper()
	files, err := sandbox.NewSFTP(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { files.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done; files.Close() })
	r := &rig{files: files, addr: ln.Addr().String(), knownHosts: filepath.Join(t.TempDir(), "known_hosts")}
	if err := os.WriteFile(r.knownHosts, []byte(files.KnownHostsLine(r.addr)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.target, err = ParseTarget("sftp://migrate@" + r.addr + "/upload")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *rig) options() ConnectOptions {
	return ConnectOptions{KnownHosts: r.knownHosts, KeyFile: r.files.ClientKey()}
}

// localFiles writes n files of size bytes each, with distinct contents.
func localFiles(t *testing.T, n, size int) []string {
	t.Helper()
	dir := t.TempDir()
	var out []string
	for i := range n {
		data := bytes.Repeat([]byte{byte('a' + i)}, size)
		copy(data, []byte(strings.Repeat("header,", 3)))
		p := filepath.Join(dir, "list.mapp-00"+string(rune('1'+i))+".csv")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func sameFile(t *testing.T, a, b string) {
	t.Helper()
	x, err1 := os.ReadFile(a)
	y, err2 := os.ReadFile(b)
	if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
		t.Errorf("%s and %s differ (%v, %v)", a, b, err1, err2)
	}
}

// TestUploadRenamesWhenWhole: each file arrives whole under its name, nothing under .part stays,
// progress reaches the size.
func TestUploadRenamesWhenWhole(t *testing.T) {
	r := newRig(t)
	files := localFiles(t, 2, 100_000)
	s, err := Connect(t.Context(), r.target, r.options())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	last := map[string]int64{}
	res, err := Upload(t.Context(), s, r.target.Dir, files, nil, func(f string, done, size int64) {
		mu.Lock()
		last[f] = done
		mu.Unlock()
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range files {
		if res[i].Outcome != Uploaded || last[filepath.Base(f)] != 100_000 {
			t.Errorf("%s: %+v, progress at %d", f, res[i], last[filepath.Base(f)])
		}
		sameFile(t, f, filepath.Join(r.files.Files(), "upload", filepath.Base(f)))
	}
	if m, _ := filepath.Glob(filepath.Join(r.files.Files(), "upload", "*"+PartSuffix)); len(m) != 0 {
		t.Errorf("partial files left: %v", m)
	}
}

// cutConn closes the connection once it has written more than limit bytes.
type cutConn struct {
	net.Conn
	mu      sync.Mutex
	written int
	limit   int
}

func (c *cutConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.written += len(p)
	over := c.written > c.limit
	c.mu.Unlock()
	if over {
		c.Conn.Close()
		return 0, net.ErrClosed
	}
	return c.Conn.Write(p)
}

// TestUploadResumes: a connection cut in the middle of the second file leaves the first whole
// and the second under .part; the next upload takes the first as present and continues the
// second from where it stopped, sending only the rest.
func TestUploadResumes(t *testing.T) {
	r := newRig(t)
	files := localFiles(t, 2, 300_000)
	o := r.options()
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		return &cutConn{Conn: c, limit: 450_000}, err
	}
	s, err := Connect(t.Context(), r.target, o)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Upload(t.Context(), s, r.target.Dir, files, nil, nil)
	s.Close()
	if err == nil {
		t.Fatal("the cut upload succeeded")
	}
	part := filepath.Join(r.files.Files(), "upload", filepath.Base(files[1])+PartSuffix)
	fi, err := os.Stat(part)
	if err != nil || fi.Size() == 0 || fi.Size() >= 300_000 {
		t.Fatalf("partial file after the cut: %v, %v", fi, err)
	}
	s, err = Connect(t.Context(), r.target, r.options())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := Upload(t.Context(), s, r.target.Dir, files, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Outcome != Present || res[0].Sent != 0 {
		t.Errorf("first file: %+v, want present, nothing sent", res[0])
	}
	if res[1].Outcome != Resumed || res[1].Sent != 300_000-fi.Size() {
		t.Errorf("second file: %+v, want resumed sending %d bytes", res[1], 300_000-fi.Size())
	}
	for _, f := range files {
		sameFile(t, f, filepath.Join(r.files.Files(), "upload", filepath.Base(f)))
	}
}

// TestUploadRestartsForeignPart: a .part that is not the start of the file is written over from
// the beginning.
func TestUploadRestartsForeignPart(t *testing.T) {
	r := newRig(t)
	files := localFiles(t, 1, 100_000)
	part := filepath.Join(r.files.Files(), "upload", filepath.Base(files[0])+PartSuffix)
	os.MkdirAll(filepath.Dir(part), 0o700)
	os.WriteFile(part, bytes.Repeat([]byte("z"), 5000), 0o600)
	s, err := Connect(t.Context(), r.target, r.options())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := Upload(t.Context(), s, r.target.Dir, files, nil, nil)
	if err != nil || res[0].Outcome != Uploaded || res[0].Sent != 100_000 {
		t.Fatalf("Upload = %+v, %v; want the whole file sent", res, err)
	}
	sameFile(t, files[0], filepath.Join(r.files.Files(), "upload", filepath.Base(files[0])))
}

// TestUploadRefusesDifferentFile: a different file already under the name is not replaced.
func TestUploadRefusesDifferentFile(t *testing.T) {
	r := newRig(t)
	files := localFiles(t, 1, 1000)
	remote := filepath.Join(r.files.Files(), "upload", filepath.Base(files[0]))
	os.MkdirAll(filepath.Dir(remote), 0o700)
	os.WriteFile(remote, []byte("someone else's file"), 0o600)
	s, err := Connect(t.Context(), r.target, r.options())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Upload(t.Context(), s, r.target.Dir, files, nil, nil); err == nil || !strings.Contains(err.Error(), "differs") {
		t.Errorf("Upload over a different file: %v", err)
	}
	if data, _ := os.ReadFile(remote); string(data) != "someone else's file" {
		t.Errorf("the server's file was replaced")
	}
}

// TestUnknownHostRefused: a host not in known_hosts (or without a known_hosts file) is refused
// with its SHA256 fingerprint and the line to add.
func TestUnknownHostRefused(t *testing.T) {
	r := newRig(t)
	for _, kh := range []string{filepath.Join(t.TempDir(), "missing"), emptyFile(t)} {
		o := r.options()
		o.KnownHosts = kh
		_, err := Connect(t.Context(), r.target, o)
		var he *HostKeyError
		if !errors.As(err, &he) || he.Changed || he.Fingerprint != r.files.Fingerprint() {
			t.Fatalf("Connect with %s: %v, want an unknown-host refusal", kh, err)
		}
		if !strings.Contains(err.Error(), r.files.Fingerprint()) || !strings.Contains(err.Error(), r.files.KnownHostsLine(r.addr)) {
			t.Errorf("message %q lacks the fingerprint or the line", err)
		}
	}
}

func emptyFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(p, nil, 0o600)
	return p
}

// TestChangedHostRefused: a host whose key differs from the one known_hosts has is refused as
// changed, naming where the old key is recorded.
func TestChangedHostRefused(t *testing.T) {
	r := newRig(t)
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	other, _ := ssh.NewPublicKey(pub)
	line := strings.Replace(r.files.KnownHostsLine(r.addr), strings.TrimSpace(string(ssh.MarshalAuthorizedKey(r.files.HostKey()))),
		strings.TrimSpace(string(ssh.MarshalAuthorizedKey(other))), 1)
	os.WriteFile(r.knownHosts, []byte(line+"\n"), 0o600)
	_, err := Connect(t.Context(), r.target, r.options())
	var he *HostKeyError
	if !errors.As(err, &he) || !he.Changed || !strings.Contains(err.Error(), r.knownHosts+":1") {
		t.Fatalf("Connect: %v, want a changed-key refusal naming %s:1", err, r.knownHosts)
	}
}

// TestAgentKey: without --ssh-key the agent's key logs in.
func TestAgentKey(t *testing.T) {
	r := newRig(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := ssh.NewSignerFromKey(priv)
	keyDir := filepath.Dir(r.files.ClientKey())
	if err := sandbox.AuthorizeKey(keyDir, signer.PublicKey()); err != nil {
		t.Fatal(err)
	}
	keyring := agent.NewKeyring()
	keyring.Add(agent.AddedKey{PrivateKey: priv})
	sock := filepath.Join(t.TempDir(), "agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Skip("no unix sockets here:", err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { agent.ServeAgent(keyring, c); c.Close() }()
		}
	}()
	s, err := Connect(t.Context(), r.target, ConnectOptions{KnownHosts: r.knownHosts, AgentSocket: sock})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Connect(t.Context(), r.target, ConnectOptions{KnownHosts: r.knownHosts}); err == nil || !strings.Contains(err.Error(), "no SSH key") {
		t.Errorf("without key or agent: %v", err)
	}
}

// TestParseTarget reads sftp URLs and refuses the ones it cannot use.
func TestParseTarget(t *testing.T) {
	got, err := ParseTarget("sftp://mapp@files.example.com/in/contacts")
	if err != nil || got != (Target{User: "mapp", Host: "files.example.com:22", Dir: "/in/contacts"}) {
		t.Errorf("ParseTarget = %+v, %v", got, err)
	}
	for _, bad := range []string{"ftp://u@h/d", "sftp://h/d", "sftp://u:pw@h/d", "sftp://u@h:99999/d", "sftp://u@/d", "sftp://u@h/../d"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}
