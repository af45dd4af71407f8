package sandbox

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// TestSFTPConfined: a client logged in with the client key reads and writes inside files/ only:
// ".." stays at the root and a link out of it is not followed. A key not in authorized_keys is
// refused.
func TestSFTPConfined(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSFTP(filepath.Join(dir, "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Serve(ctx, ln); close(done) }()
	defer func() { cancel(); <-done }()

	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("outside"), 0o600)
	if err := os.Symlink(secret, filepath.Join(s.Files(), "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	key, _ := os.ReadFile(s.ClientKey())
	signer, err := ssh.ParsePrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &ssh.ClientConfig{User: "any", Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, HostKeyCallback: ssh.FixedHostKey(s.HostKey())}
	conn, err := ssh.Dial("tcp", ln.Addr().String(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c, err := sftp.NewClient(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f, err := c.Create("/../../escaped.txt")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("x"))
	f.Close()
	if _, err := os.Stat(filepath.Join(s.Files(), "escaped.txt")); err != nil {
		t.Errorf("a file written to /../../ is not at the root of files/: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(s.Files(), "escaped.txt")); err == nil && fi.Mode().Perm() != 0o600 {
		t.Errorf("uploaded file mode %v, want 0600", fi.Mode().Perm())
	}
	if _, err := c.Open("/link"); err == nil {
		t.Error("a link out of files/ was followed")
	}

	other, _ := ssh.NewSignerFromKey(mustKey(t))
	cfg.Auth = []ssh.AuthMethod{ssh.PublicKeys(other)}
	if c, err := ssh.Dial("tcp", ln.Addr().String(), cfg); err == nil {
		c.Close()
		t.Error("a key not in authorized_keys logged in")
	}
}

func mustKey(t *testing.T) any {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return priv
}
