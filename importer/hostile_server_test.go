package importer

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"contactimport/importer/engage"
)

// upgradingServer answers every request with 101 Switching Protocols and then says nothing more
// on the connection, as a WebSocket endpoint or an upgrading proxy would.
func upgradingServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
					return
				}
				io.WriteString(conn, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
				<-done
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// TestRunSwitchingProtocolsStops: a server that answers 101 Switching Protocols stops the run at
// the first answer as a wrong URL or proxy, naming the status, and leaves every row for
// --resume; no row waits out the timeout (set far above what the run may take here).
func TestRunSwitchingProtocolsStops(t *testing.T) {
	hc, _ := engage.NewHTTPClient(engage.TLSOptions{})
	hc.Timeout = time.Minute
	client, err := engage.New(engage.Config{BaseURL: upgradingServer(t) + "/api/rest/v19", HTTP: hc})
	if err != nil {
		t.Fatal(err)
	}
	sink, _, err := runFake(t, client, csvOf(numbered(20, "c")...), func(c *Config) {
		c.Retry = RetryPolicy{Base: time.Millisecond, Cap: time.Millisecond}
	})
	var stop *StopError
	if !errors.As(err, &stop) || !errors.Is(err, engage.ErrEndpoint) {
		t.Fatalf("err = %v, want a StopError for a wrong endpoint", err)
	}
	for _, s := range []string{"HTTP 101 Switching Protocols", "--url", "HTTPS_PROXY"} {
		if !strings.Contains(stop.Reason, s) {
			t.Errorf("reason %q does not say %q", stop.Reason, s)
		}
	}
	if len(sink.lines) != 0 {
		t.Errorf("%d rows reported; rows stopped by a wrong URL are left for --resume", len(sink.lines))
	}
}
