package sandbox

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHTTPServerClosesAfterChunkedWithLength: a request with both Content-Length and
// Transfer-Encoding: chunked is answered and its connection closed (RFC 9112 §6.3), so a request
// smuggled after the chunked body never runs. The Content-Length covers the smuggled request,
// as it would for a proxy in front that reads the length.
func TestHTTPServerClosesAfterChunkedWithLength(t *testing.T) {
	box := newTestServer(t, Options{})
	srv := HTTPServer(box, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testPassword))
	head := func(length string) string {
		return "POST /api/rest/v19/contact/create HTTP/1.1\r\nHost: sandbox\r\nAuthorization: " + auth +
			"\r\nContent-Type: application/json\r\nAccept: application/json\r\n" + length
	}
	hidden := `{"emailAddress":"mallory@example.org"}`
	smuggled := head(fmt.Sprintf("Content-Length: %d\r\n\r\n", len(hidden))) + hidden
	ann := `{"emailAddress":"ann@example.org"}`
	chunked := fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(ann), ann)
	first := head(fmt.Sprintf("Content-Length: %d\r\nTransfer-Encoding: chunked\r\n\r\n", len(chunked)+len(smuggled))) + chunked

	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, first+smuggled); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer to the chunked request: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !resp.Close {
		t.Errorf("answer %d, close %v; want 200 and the connection closed", resp.StatusCode, resp.Close)
	}
	rest, err := io.ReadAll(br)
	if err != nil {
		t.Fatalf("the connection stayed open after the chunked request: %v", err)
	}
	if len(rest) != 0 {
		t.Errorf("the server answered again after the chunked request: %q", rest)
	}

	for email, want := range map[string]int{"ann@example.org": http.StatusOK, "mallory@example.org": http.StatusBadRequest} {
		rec := call(t, box, "get", `{"type":"EMAIL","value":"`+email+`"}`)
		if rec.Code != want {
			t.Errorf("get %s: %d, want %d (%s)", email, rec.Code, want, strings.TrimSpace(rec.Body.String()))
		}
	}
}

// TestHTTPServerKeepsPlainConnections: a request with a Content-Length alone keeps its
// connection, as the contact API's clients expect.
func TestHTTPServerKeepsPlainConnections(t *testing.T) {
	box := newTestServer(t, Options{})
	srv := HTTPServer(box, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/api/rest/v19/contact/create", strings.NewReader(`{"emailAddress":"ann@example.org"}`))
	req.SetBasicAuth(testUser, testPassword)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Errorf("answer %d, close %v; want 200 and the connection kept", resp.StatusCode, resp.Close)
	}
}
