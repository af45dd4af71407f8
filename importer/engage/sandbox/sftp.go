package sandbox

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// The files of an SFTP server's data directory. The host key and a client key are made on the
// first start and kept, so that a known_hosts line printed once stays true.
const (
	HostKeyFile        = "ssh_host_ed25519_key"
	ClientKeyFile      = "client_ed25519_key" // a key the server accepts, for rehearsals
	AuthorizedKeysFile = "authorized_keys"    // public keys allowed to log in, one per line
	FilesDir           = "files"              // the root of what clients see
)

// SFTP is the file server a Mapp import automation reads from, played locally: an SSH server
// that offers only the sftp subsystem, confined to the files directory of its data directory,
// and that lets in the public keys of authorized_keys (any user name).
type SFTP struct {
	dir    string
	root   *os.Root
	config *ssh.ServerConfig
	host   ssh.PublicKey
	log    *slog.Logger
	conns  sync.WaitGroup
}

// NewSFTP opens the data directory dir (created 0700 if missing), making its host key, client
// key, authorized_keys and files directory when they are not there yet.
func NewSFTP(dir string, log *slog.Logger) (*SFTP, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Join(dir, FilesDir), 0o700); err != nil {
		return nil, fmt.Errorf("sftp data directory: %w", err)
	}
	hostKey, err := loadOrMakeKey(filepath.Join(dir, HostKeyFile))
	if err != nil {
		return nil, err
	}
	clientPath := filepath.Join(dir, ClientKeyFile)
	_, statErr := os.Stat(clientPath)
	client, err := loadOrMakeKey(clientPath)
	if err != nil {
		return nil, err
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		if err := AuthorizeKey(dir, client.PublicKey()); err != nil {
			return nil, err
		}
	}
	root, err := os.OpenRoot(filepath.Join(dir, FilesDir))
	if err != nil {
		return nil, fmt.Errorf("sftp data directory: %w", err)
	}
	s := &SFTP{dir: dir, root: root, host: hostKey.PublicKey(), log: log}
	s.config = &ssh.ServerConfig{PublicKeyCallback: s.authorize}
	s.config.AddHostKey(hostKey)
	return s, nil
}

// loadOrMakeKey reads the OpenSSH private key at path, or makes an ed25519 one there (0600).
func loadOrMakeKey(path string) (ssh.Signer, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		signer, err := ssh.ParsePrivateKey(data)
		if err != nil {
			return nil, fmt.Errorf("sftp key %s: %w", path, err)
		}
		return signer, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("sftp key: %w", err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("sftp key %s: %w", path, err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "contactimport sandbox")
	if err != nil {
		return nil, fmt.Errorf("sftp key %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sftp key: %w", err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		return nil, fmt.Errorf("sftp key %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("sftp key %s: %w", path, err)
	}
	return ssh.NewSignerFromKey(priv)
}

// AuthorizeKey adds key to the authorized_keys of data directory dir.
func AuthorizeKey(dir string, key ssh.PublicKey) error {
	f, err := os.OpenFile(filepath.Join(dir, AuthorizedKeysFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("sftp authorized keys: %w", err)
	}
	if _, err := f.Write(ssh.MarshalAuthorizedKey(key)); err != nil {
		f.Close()
		return fmt.Errorf("sftp authorized keys: %w", err)
	}
	return f.Close()
}

// authorize lets key in when authorized_keys lists it; the file is read at every login, so a
// key added while the server runs works at once.
func (s *SFTP) authorize(meta ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
	data, err := os.ReadFile(filepath.Join(s.dir, AuthorizedKeysFile))
	if err != nil {
		return nil, fmt.Errorf("no authorized keys: %w", err)
	}
	want := key.Marshal()
	for len(data) > 0 {
		k, _, _, rest, err := ssh.ParseAuthorizedKey(data)
		if err != nil {
			break
		}
		if string(k.Marshal()) == string(want) {
			return &ssh.Permissions{}, nil
		}
		data = rest
	}
	s.log.Warn("sftp login refused: key not in authorized_keys", "user", meta.User(), "key", ssh.FingerprintSHA256(key))
	return nil, errors.New("key not authorized")
}

// Fingerprint is the host key's SHA256 fingerprint, as ssh prints it.
func (s *SFTP) Fingerprint() string { return ssh.FingerprintSHA256(s.host) }

// HostKey is the server's public host key.
func (s *SFTP) HostKey() ssh.PublicKey { return s.host }

// KnownHostsLine is the known_hosts line for the server listening at addr (host:port).
func (s *SFTP) KnownHostsLine(addr string) string {
	return knownhosts.Line([]string{knownhosts.Normalize(addr)}, s.host)
}

// ClientKey is the path of the private key the server accepts from the start.
func (s *SFTP) ClientKey() string { return filepath.Join(s.dir, ClientKeyFile) }

// Files is the directory the clients see as /.
func (s *SFTP) Files() string { return filepath.Join(s.dir, FilesDir) }

// Serve accepts connections on ln until ctx ends or ln fails, and waits for open ones to end
// once it returns (they end with ctx).
func (s *SFTP) Serve(ctx context.Context, ln net.Listener) error {
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	defer s.conns.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		s.conns.Add(1)
		go func() {
			defer s.conns.Done()
			done := context.AfterFunc(ctx, func() { conn.Close() })
			defer done()
			s.serveConn(conn)
		}()
	}
}

// Close releases the files directory.
func (s *SFTP) Close() error { return s.root.Close() }

func (s *SFTP) serveConn(conn net.Conn) {
	defer conn.Close()
	sc, chans, reqs, err := ssh.NewServerConn(conn, s.config)
	if err != nil {
		s.log.Debug("sftp handshake", "err", err)
		return
	}
	defer sc.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "only sessions")
			continue
		}
		ch, in, err := nc.Accept()
		if err != nil {
			continue
		}
		go s.session(ch, in)
	}
}

// session serves the sftp subsystem on ch and refuses everything else (no shell, no exec).
func (s *SFTP) session(ch ssh.Channel, in <-chan *ssh.Request) {
	defer ch.Close()
	for req := range in {
		ok := req.Type == "subsystem" && len(req.Payload) >= 4 && string(req.Payload[4:]) == "sftp"
		req.Reply(ok, nil)
		if !ok {
			continue
		}
		h := &rootedFS{root: s.root}
		srv := sftp.NewRequestServer(ch, sftp.Handlers{FileGet: h, FilePut: h, FileCmd: h, FileList: h})
		if err := srv.Serve(); err != nil && !errors.Is(err, net.ErrClosed) {
			s.log.Debug("sftp session", "err", err)
		}
		srv.Close()
		return
	}
}
