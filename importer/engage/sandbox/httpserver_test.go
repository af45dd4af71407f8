package sandbox

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// A client that sends its headers and then trickles, or stops sending, its body is cut off
// instead of holding the connection forever.
func TestHTTPServerCutsSlowBodies(t *testing.T) {
	srv := HTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}), nil)
	if srv.ReadTimeout <= 0 || srv.ReadHeaderTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Fatalf("timeouts: read %v, header %v, idle %v; want all set", srv.ReadTimeout, srv.ReadHeaderTimeout, srv.IdleTimeout)
	}
	// The same server with a short read timeout, so that the test need not wait 30 s.
	srv.ReadTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/rest/v19/contact/create HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
	// Never send the rest. The server must give up on the connection: the read ends (an
	// answer, EOF or reset) long before the test's own deadline.
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, err = io.ReadAll(bufio.NewReader(conn))
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server kept a connection with a stalled body open")
	}
}
