package engage_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"contactimport/importer/engage"
)

// switchingServer answers every request with 101 Switching Protocols and then keeps the
// connection open without a word, as a WebSocket endpoint or an upgrading proxy would. It
// counts the requests.
func switchingServer(t *testing.T) (url string, requests *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	requests = new(atomic.Int64)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				io.Copy(io.Discard, req.Body)
				requests.Add(1)
				io.WriteString(conn, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
				<-done
			}()
		}
	}()
	return "http://" + ln.Addr().String(), requests
}

// TestSwitchingProtocolsIsAWrongEndpoint: a 101 to a contact call is a wrong endpoint at once,
// with a sentence that names it and where to look; the client does not wait for a body on a
// connection that no longer speaks HTTP (the timeout here is far above what the call may take).
func TestSwitchingProtocolsIsAWrongEndpoint(t *testing.T) {
	url, requests := switchingServer(t)
	hc, _ := engage.NewHTTPClient(engage.TLSOptions{})
	hc.Timeout = 30 * time.Second
	c, err := engage.New(engage.Config{BaseURL: url + "/api/rest/v19", HTTP: hc})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(t.Context(), &engage.Contact{Email: "ann@example.org"})
	var ae *engage.APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusSwitchingProtocols || !errors.Is(err, engage.ErrEndpoint) {
		t.Fatalf("err = %v, want a wrong endpoint with HTTP 101", err)
	}
	for _, s := range []string{"101 Switching Protocols", "--url", "proxy"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message %q does not say %q", err, s)
		}
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if k := engage.Classify(http.StatusSwitchingProtocols, "", ""); k != engage.KindEndpoint {
		t.Errorf("Classify(101) = %v, want %v", k, engage.KindEndpoint)
	}
}
