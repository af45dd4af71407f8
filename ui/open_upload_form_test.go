package ui

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// formUpload is the upload form as a browser without script posts it: the CSRF token as the
// form's first field, then the file part holding head and then rows of 100 bytes.
func formUpload(t *testing.T, s *Server, rows int) (head, rest []byte, contentType string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField(csrfField, s.cfg.Guard.CSRF())
	part, _ := mw.CreateFormFile("file", "list.csv")
	io.WriteString(part, "user.Email,Notiz\n")
	headLen := b.Len()
	for range rows {
		io.WriteString(part, strings.Repeat("n", 60)+"@example.com,"+strings.Repeat("x", 26)+"\n")
	}
	mw.Close()
	data := b.Bytes()
	return data[:headLen], data[headLen:], mw.FormDataContentType()
}

// watchedBody serves first, then calls seen once before it serves rest.
type watchedBody struct {
	first, rest io.Reader
	seen        func()
}

func (b *watchedBody) Read(p []byte) (int, error) {
	if n, err := b.first.Read(p); err != io.EOF {
		return n, err
	}
	if b.seen != nil {
		b.seen()
		b.seen = nil
	}
	return b.rest.Read(p)
}

// uploadedSize is the size of the one file in the server's upload folder, 0 without one.
func uploadedSize(s *Server) int64 {
	s.lists.mu.Lock()
	dir := s.lists.uploads
	s.lists.mu.Unlock()
	if dir == "" {
		return 0
	}
	m, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(m) != 1 {
		return 0
	}
	fi, err := os.Stat(m[0])
	if err != nil {
		return 0
	}
	return fi.Size()
}

// The token sent as a form field (no script) must not make the guard parse the whole body:
// the list is in its private file while the browser is still sending it.
func TestUploadWithTheTokenInTheFormIsStreamed(t *testing.T) {
	_, s, _ := listServer(t)
	head, rows, ct := formUpload(t, s, 40_000) // 4 MB
	half := len(rows) / 2
	var written int64 = -1
	r := request("POST", "/open", s.cfg.Guard.Token(), nil)
	r.Body = io.NopCloser(&watchedBody{
		first: io.MultiReader(bytes.NewReader(head), bytes.NewReader(rows[:half])),
		rest:  bytes.NewReader(rows[half:]),
		seen:  func() { written = uploadedSize(s) },
	})
	r.ContentLength = -1
	r.Header.Set("Content-Type", ct)
	w := serve(s.Handler(), r)
	t.Cleanup(func() { os.RemoveAll(s.lists.uploads) })
	if w.Code != http.StatusSeeOther {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if written < int64(half)/2 {
		t.Errorf("after %d bytes of the list were sent, its copy held %d: the body was not streamed", half, written)
	}
}

// The upload's bound holds for a form that carries its token as a field, too.
func TestUploadWithTheTokenInTheFormIsBounded(t *testing.T) {
	_, s, _ := listServer(t)
	old := maxUpload
	maxUpload = 1 << 20
	t.Cleanup(func() { maxUpload = old })
	head, rows, ct := formUpload(t, s, 20_000) // 2 MB
	r := request("POST", "/open", s.cfg.Guard.Token(), nil)
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(head), bytes.NewReader(rows)))
	r.ContentLength = -1
	r.Header.Set("Content-Type", ct)
	w := serve(s.Handler(), r)
	t.Cleanup(func() { os.RemoveAll(s.lists.uploads) })
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "give the path of the file instead") {
		t.Errorf("a 2 MB upload over a 1 MiB bound: status %d: %s", w.Code, excerpt(w.Body.String(), "error"))
	}
	if n := uploadedSize(s); n != 0 {
		t.Errorf("a refused upload left a copy of %d bytes", n)
	}
}

// A form whose first part is not the CSRF token is refused before any of the list is stored.
func TestUploadWithTheTokenAfterTheFileIsRefused(t *testing.T) {
	_, s, _ := listServer(t)
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	part, _ := mw.CreateFormFile("file", "list.csv")
	io.WriteString(part, "user.Email\na@example.com\n")
	mw.WriteField(csrfField, s.cfg.Guard.CSRF())
	mw.Close()
	r := request("POST", "/open", s.cfg.Guard.Token(), nil)
	r.Body = io.NopCloser(&b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	if w := serve(s.Handler(), r); w.Code != http.StatusForbidden {
		t.Errorf("status %d, want 403: %s", w.Code, w.Body)
	}
	if n := uploadedSize(s); n != 0 {
		t.Errorf("a refused upload left a copy of %d bytes", n)
	}
}
