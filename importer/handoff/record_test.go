package handoff

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// TestRecord: a file added is held as long as its content is the same, for the same target
// only; the record is saved 0600 and read back.
func TestRecord(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "list.mapp-001.csv")
	os.WriteFile(f, []byte("\"user.Email\"\r\n"), 0o600)
	path := filepath.Join(dir, "list.mapp-upload.json")
	rec, err := LoadRecord(path, "sftp://a@h:22/in")
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.Add(f); err != nil {
		t.Fatal(err)
	}
	if err := rec.Taken(9); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("record file: %v, %v", fi, err)
	}
	again, err := LoadRecord(path, "sftp://a@h:22/in")
	if err != nil || again.Process != 9 {
		t.Fatalf("read back: %+v, %v", again, err)
	}
	if ok, err := again.Has(f); !ok || err != nil {
		t.Errorf("Has(unchanged file) = %v, %v", ok, err)
	}
	other, _ := LoadRecord(path, "sftp://a@h:22/elsewhere")
	if ok, _ := other.Has(f); ok || other.Process != 0 {
		t.Errorf("the record of another target holds the file")
	}
	os.WriteFile(f, []byte("\"user.Email\"\r\n\"x@example.org\"\r\n"), 0o600)
	if ok, _ := again.Has(f); ok {
		t.Errorf("Has(changed file) = true")
	}
}

// TestConnectSilentServer: a server that accepts the connection and never speaks is given up
// after the handshake timeout, with an error naming the host.
func TestConnectSilentServer(t *testing.T) {
	old := handshakeTimeout
	handshakeTimeout = 200 * time.Millisecond
	defer func() { handshakeTimeout = old }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			io.Copy(io.Discard, c)
		}
	}()
	target, _ := ParseTarget("sftp://u@" + ln.Addr().String() + "/in")
	kh := filepath.Join(t.TempDir(), "known_hosts")
	os.WriteFile(kh, nil, 0o600)
	key := filepath.Join(t.TempDir(), "key")
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, _ := ssh.MarshalPrivateKey(priv, "")
	os.WriteFile(key, pem.EncodeToMemory(block), 0o600)
	_, err = Connect(t.Context(), target, ConnectOptions{KnownHosts: kh, KeyFile: key})
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Errorf("Connect to a silent server: %v", err)
	}
}
