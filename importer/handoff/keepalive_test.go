package handoff

import (
	"context"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// freezeConn stops passing bytes either way, without closing, once more than limit bytes were
// written: a network path that silently drops the connection.
type freezeConn struct {
	net.Conn
	written atomic.Int64
	limit   int64
	frozen  chan struct{}
	once    atomic.Bool
}

func (c *freezeConn) check() {
	if c.written.Load() > c.limit && c.once.CompareAndSwap(false, true) {
		close(c.frozen)
	}
}

func (c *freezeConn) Write(p []byte) (int, error) {
	c.written.Add(int64(len(p)))
	c.check()
	select {
	case <-c.frozen:
		return len(p), nil // swallowed
	default:
		return c.Conn.Write(p)
	}
}

func (c *freezeConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	select {
	case <-c.frozen:
		io.Copy(io.Discard, c.Conn) // nothing more reaches the client
		return 0, io.EOF
	default:
		return n, err
	}
}

// TestUploadSilentServer: when the connection goes silent in the middle of a file, the keepalive
// closes it and the upload fails saying so, instead of waiting forever.
func TestUploadSilentServer(t *testing.T) {
	oldEvery, oldWait := keepaliveEvery, keepaliveWait
	keepaliveEvery, keepaliveWait = 50*time.Millisecond, 300*time.Millisecond
	defer func() { keepaliveEvery, keepaliveWait = oldEvery, oldWait }()
	r := newRig(t)
	files := localFiles(t, 1, 2_000_000)
	o := r.options()
	o.Dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		return &freezeConn{Conn: c, limit: 300_000, frozen: make(chan struct{})}, err
	}
	s, err := Connect(t.Context(), r.target, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	done := make(chan error, 1)
	go func() {
		_, err := Upload(t.Context(), s, r.target.Dir, files, nil, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "stopped answering") {
			t.Errorf("Upload over a silent connection: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Upload still waiting 10 s after the connection went silent")
	}
}
