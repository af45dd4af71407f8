package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCheckShowsHeaderNamesSafely: header names with terminal escapes (set the title, clear the
// screen) or a right-to-left override reach neither stdout nor stderr raw, in either log format:
// such a header is refused (exit 2) by a message that names the character by its code point or
// shows it escaped.
func TestCheckShowsHeaderNamesSafely(t *testing.T) {
	dir := t.TempDir()
	hostile := "user.\x1b]0;pwned\a\x1b[2J"
	for _, tc := range []struct{ name, header string }{
		{"escapes, mapped", "user.Email,\"" + hostile + "\"\nann@example.org,x\n"},
		{"escapes, refused", "user.Email,\"" + hostile + "\",\"" + hostile + "\"\nann@example.org,x,y\n"},
		{"bidi override", "user.Email,user.\u202eemaNtsriF\nann@example.org,x\n"},
	} {
		for _, format := range []string{"text", "json"} {
			t.Run(tc.name+" "+format, func(t *testing.T) {
				file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".csv")
				if err := os.WriteFile(file, []byte(tc.header), 0o600); err != nil {
					t.Fatal(err)
				}
				var stdout, stderr bytes.Buffer
				code := run(context.Background(), []string{"check", "--log-format", format, file}, noEnv, nil, &stdout, &stderr)
				out := stdout.String() + stderr.String()
				if code != exitUsage {
					t.Errorf("exit %d, want %d:\n%s", code, exitUsage, out)
				}
				if strings.ContainsAny(out, "\x1b\a\u202e") {
					t.Fatalf("raw control or bidi character printed:\n%q", out)
				}
				named := []string{`x1b]0;pwned`, `u001b]0;pwned`, `u202e`, "U+001B", "U+202E"}
				if !slices.ContainsFunc(named, func(n string) bool { return strings.Contains(out, n) }) {
					t.Errorf("the header's character is neither named nor shown escaped:\n%s", out)
				}
			})
		}
	}
}

// syncBuffer is a bytes.Buffer for a writer on another goroutine; lines signals each write.
type syncBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	lines chan struct{}
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	select {
	case b.lines <- struct{}{}:
	default:
	}
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestStdLogRoutedWithoutBodies: with --log-format json, the line Go's HTTP client writes with
// the standard log package for an answer on an idle connection (which quotes the answer, a
// contact's email address here) becomes a JSON record that says what happened, without the
// answer; nothing raw reaches stderr.
func TestStdLogRoutedWithoutBodies(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) { stdLogRouted(t, format) })
	}
}

func stdLogRouted(t *testing.T, format string) {
	t.Cleanup(func() { log.SetOutput(os.Stderr); log.SetFlags(log.LstdFlags) })
	stderr := &syncBuffer{lines: make(chan struct{}, 1)}
	newLogger(&options{logFormat: format, logLevel: "info"}, stderr)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
			return
		}
		other := `{"contactId":2,"emailAddress":"bob@example.org"}`
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"+
			"HTTP/1.1 200 OK\r\nContent-Length: 48\r\n\r\n"+other)
		io.Copy(io.Discard, conn) // until the client closes
	}()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	select {
	case <-stderr.lines:
	case <-time.After(10 * time.Second): // a bound on a failure, not a wait the test relies on
		t.Fatal("Go's HTTP client logged nothing about the answer on the idle connection")
	}
	out := stderr.String()
	if strings.Contains(out, "bob@example.org") || strings.Contains(out, "contactId") || strings.Contains(out, "Unsolicited") {
		t.Errorf("the answer or Go's raw line reached the log: %s", out)
	}
	if !strings.Contains(out, "no request asked for") || !strings.Contains(out, "WARN") {
		t.Errorf("log %q: want a warning saying an answer came that no request asked for", out)
	}
	if format == "json" {
		var rec map[string]any
		if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &rec); err != nil {
			t.Fatalf("stderr is not one JSON record: %q", out)
		}
	}
}

// TestStdLogOtherLinesCutAtQuote: another line of the standard library's log is kept up to its
// first quote, where the library puts the data it quotes.
func TestStdLogOtherLinesCutAtQuote(t *testing.T) {
	t.Cleanup(func() { log.SetOutput(os.Stderr); log.SetFlags(log.LstdFlags) })
	var stderr bytes.Buffer
	newLogger(&options{logFormat: "text", logLevel: "info"}, &stderr)
	log.Printf("http2: server: error reading preface from client %q: bogus", "ann@example.org")
	out := stderr.String()
	if strings.Contains(out, "ann@example.org") || !strings.Contains(out, "error reading preface from client") {
		t.Errorf("got %q: want the line up to its quote", out)
	}
}
