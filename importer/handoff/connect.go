package handoff

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"
)

// handshakeTimeout bounds the SSH handshake and login; tests shorten it.
var handshakeTimeout = 30 * time.Second

// ConnectOptions say how to reach and trust the server.
type ConnectOptions struct {
	KnownHosts string // known_hosts file the host key must be in
	KeyFile    string // private key file; "" uses the agent at AgentSocket
	// AgentSocket is the SSH agent's socket (SSH_AUTH_SOCK), used when KeyFile is "".
	AgentSocket string
	// Dial opens the TCP connection; nil uses a net.Dialer with a 15 s timeout.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// HostKeyError is a host key that is not trusted: not in known_hosts (Changed false), or
// different from the one known_hosts has for the host (Changed true). The connection is refused.
type HostKeyError struct {
	Host        string
	KnownHosts  string
	Fingerprint string // SHA256 fingerprint of the key the server presented
	Line        string // the known_hosts line that would trust it
	Changed     bool
	Where       string // file:line of the known key, for a changed one
}

func (e *HostKeyError) Error() string {
	if e.Changed {
		return fmt.Sprintf("the host key of %s has CHANGED since %s recorded it: the server now presents %s. "+
			"This is what a man-in-the-middle attack looks like (or a reinstalled server): ask the server's administrator "+
			"for its fingerprint; only if it matches, remove the old line and add the new one. Refused.",
			e.Host, e.Where, e.Fingerprint)
	}
	return fmt.Sprintf("the host key of %s is not in %s: the server presents %s. "+
		"Ask the server's administrator whether that is its fingerprint; only if it is, add this line to %s and run again:\n  %s",
		e.Host, e.KnownHosts, e.Fingerprint, e.KnownHosts, e.Line)
}

// hostKeyCallback checks the server's key against the known_hosts file; a missing file trusts
// nothing.
func hostKeyCallback(file string) (ssh.HostKeyCallback, error) {
	check, err := knownhosts.New(file)
	if errors.Is(err, fs.ErrNotExist) {
		check = func(string, net.Addr, ssh.PublicKey) error { return &knownhosts.KeyError{} }
	} else if err != nil {
		return nil, fmt.Errorf("known hosts %s: %w", file, err)
	}
	return func(host string, remote net.Addr, key ssh.PublicKey) error {
		err := check(host, remote, key)
		var ke *knownhosts.KeyError
		if !errors.As(err, &ke) {
			return err
		}
		he := &HostKeyError{Host: host, KnownHosts: file, Fingerprint: ssh.FingerprintSHA256(key),
			Line: knownhosts.Line([]string{knownhosts.Normalize(host)}, key), Changed: len(ke.Want) > 0}
		if he.Changed {
			he.Where = fmt.Sprintf("%s:%d", ke.Want[0].Filename, ke.Want[0].Line)
		}
		return he
	}, nil
}

// authMethod is the key of KeyFile, else the agent's keys.
func authMethod(o ConnectOptions) (ssh.AuthMethod, func(), error) {
	if o.KeyFile != "" {
		data, err := os.ReadFile(o.KeyFile)
		if err != nil {
			return nil, nil, fmt.Errorf("--ssh-key: %w", err)
		}
		signer, err := ssh.ParsePrivateKey(data)
		var pm *ssh.PassphraseMissingError
		if errors.As(err, &pm) {
			return nil, nil, fmt.Errorf("--ssh-key %s is protected by a passphrase: add it to the SSH agent (ssh-add %s) and leave --ssh-key out", o.KeyFile, o.KeyFile)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("--ssh-key %s: %w", o.KeyFile, err)
		}
		return ssh.PublicKeys(signer), func() {}, nil
	}
	if o.AgentSocket == "" {
		return nil, nil, errors.New("no SSH key: give --ssh-key FILE, or run an SSH agent (SSH_AUTH_SOCK) holding the key")
	}
	conn, err := net.Dial("unix", o.AgentSocket)
	if err != nil {
		return nil, nil, fmt.Errorf("SSH agent at SSH_AUTH_SOCK: %w", err)
	}
	return ssh.PublicKeysCallback(agent.NewClient(conn).Signers), func() { conn.Close() }, nil
}

// Keepalive: a server that leaves a keepalive request unanswered for keepaliveWait is taken as
// gone and the connection closed, so that a transfer the network silently dropped fails instead
// of waiting forever. Tests shorten both.
var (
	keepaliveEvery = 15 * time.Second
	keepaliveWait  = 45 * time.Second
)

// Session is an open SFTP connection.
type Session struct {
	*sftp.Client
	ssh    *ssh.Client
	stop   chan struct{}
	closed sync.Once
	silent atomic.Bool // the keepalive closed the connection
}

// Close ends the connection.
func (s *Session) Close() error {
	s.closed.Do(func() { close(s.stop) })
	err := s.Client.Close()
	return errors.Join(err, s.ssh.Close())
}

// keepAlive asks the server for a sign of life every keepaliveEvery until the session closes.
func (s *Session) keepAlive() {
	t := time.NewTicker(keepaliveEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		answered := make(chan struct{})
		go func() {
			s.ssh.SendRequest("keepalive@openssh.com", true, nil)
			close(answered)
		}()
		select {
		case <-answered:
		case <-s.stop:
			return
		case <-time.After(keepaliveWait):
			s.silent.Store(true)
			s.ssh.Close()
			return
		}
	}
}

// lost explains err when the keepalive closed the connection.
func (s *Session) lost(err error) error {
	if err != nil && s.silent.Load() {
		return fmt.Errorf("the server stopped answering for %v, connection closed: %w", keepaliveWait, err)
	}
	return err
}

// Connect opens an SFTP session to t: the host key must be in o.KnownHosts, the user is
// authenticated by key. ctx bounds the connection and handshake.
func Connect(ctx context.Context, t Target, o ConnectOptions) (*Session, error) {
	hostKey, err := hostKeyCallback(o.KnownHosts)
	if err != nil {
		return nil, err
	}
	auth, done, err := authMethod(o)
	if err != nil {
		return nil, err
	}
	defer done()
	dial := o.Dial
	if dial == nil {
		dial = (&net.Dialer{Timeout: 15 * time.Second}).DialContext
	}
	conn, err := dial(ctx, "tcp", t.Host)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", t.Host, err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	conn.SetDeadline(time.Now().Add(handshakeTimeout)) // a server that never answers does not hang the run
	cc, chans, reqs, err := ssh.NewClientConn(conn, t.Host, &ssh.ClientConfig{
		User: t.User, Auth: []ssh.AuthMethod{auth}, HostKeyCallback: hostKey})
	conn.SetDeadline(time.Time{})
	if err != nil {
		conn.Close()
		var he *HostKeyError
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, fmt.Errorf("SSH to %s as %s: %w", t.Host, t.User, err)
	}
	client := ssh.NewClient(cc, chans, reqs)
	sc, err := sftp.NewClient(client, sftp.UseConcurrentWrites(false))
	if err != nil {
		client.Close()
		return nil, fmt.Errorf("SFTP on %s: %w", t.Host, err)
	}
	sess := &Session{Client: sc, ssh: client, stop: make(chan struct{})}
	go sess.keepAlive()
	return sess, nil
}
