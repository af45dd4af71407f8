package ui

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// uploadBody is a multipart body with the file part name holding header and then rows
// generated one at a time, streamed through a pipe: the test never holds it whole either.
func uploadBody(t *testing.T, name, header string, rows int) (io.Reader, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("file", name)
		if err == nil {
			_, err = io.WriteString(part, header)
		}
		for i := 1; i <= rows && err == nil; i++ {
			_, err = fmt.Fprintf(part, "person%08d@example.com,Vorname%08d,Nachname%08d,%s\n", i, i, i, strings.Repeat("x", 40))
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType()
}

// uploadRequest is a POST of the upload form as htmx sends it: the CSRF token in its header.
func uploadRequest(s *Server, body io.Reader, contentType string) *http.Request {
	r := request("POST", "/open", s.cfg.Guard.Token(), nil)
	r.Body = io.NopCloser(body)
	r.ContentLength = -1
	r.Header.Set("Content-Type", contentType)
	r.Header.Set(csrfHeader, s.cfg.Guard.CSRF())
	r.Header.Set("HX-Request", "true")
	return r
}

func TestUploadStreamsLargeListToPrivateFile(t *testing.T) {
	_, s, do := listServer(t)
	const rows = 250_000 // about 25 MiB: more than the 16 MiB every other request may send
	src, ct := uploadBody(t, "Kunden Liste.csv", "user.Email,user.FirstName,user.LastName,Notiz\n", rows)
	w := serve(s.Handler(), uploadRequest(s, src, ct))
	if w.Code != http.StatusNoContent {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	to, err := url.Parse(w.Header().Get("HX-Redirect"))
	if err != nil || to.Path != "/open" {
		t.Fatalf("HX-Redirect %q: want the open screen of the copy", w.Header().Get("HX-Redirect"))
	}
	path := to.Query().Get("path")
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(path)) })
	if filepath.Base(path) != "Kunden Liste.csv" {
		t.Errorf("the copy is %s; want it named like the upload", path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() < 16<<20 {
		t.Errorf("the copy has %d bytes; the test must send more than 16 MiB", fi.Size())
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the copy is %v; want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil || di.Mode().Perm() != 0o700 {
		t.Errorf("the upload folder: %v, %v; want 0700", di.Mode().Perm(), err)
	}
	b := body(t, do("GET", to.String(), nil))
	if !strings.Contains(b, fmt.Sprintf("about %d rows", rows)) || !strings.Contains(b, "person00000001@example.com") {
		t.Errorf("the copy does not open as the list sent:\n%s", excerpt(b, "Columns"))
	}

	// A second upload of the same name is kept beside the first, not over it.
	src, ct = uploadBody(t, "Kunden Liste.csv", "user.Email\n", 1)
	w = serve(s.Handler(), uploadRequest(s, src, ct))
	to, _ = url.Parse(w.Header().Get("HX-Redirect"))
	if got := filepath.Base(to.Query().Get("path")); got != "Kunden Liste.2.csv" {
		t.Errorf("the second upload is %q; want Kunden Liste.2.csv", got)
	}
}

func TestUploadWithTheTokenInTheForm(t *testing.T) {
	_, s, _ := listServer(t)
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField(csrfField, s.cfg.Guard.CSRF())
	part, _ := mw.CreateFormFile("file", "../../etc/list.csv")
	io.WriteString(part, "user.Email\na@example.com\n")
	mw.Close()
	r := request("POST", "/open", s.cfg.Guard.Token(), nil)
	r.Body = io.NopCloser(&b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w := serve(s.Handler(), r)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	to, _ := url.Parse(w.Header().Get("Location"))
	path := to.Query().Get("path")
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(path)) })
	if filepath.Base(path) != "list.csv" || filepath.Dir(path) != s.lists.uploads {
		t.Errorf("the copy is %s; want list.csv in the upload folder %s", path, s.lists.uploads)
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != "user.Email\na@example.com\n" {
		t.Errorf("the copy holds %q, %v", data, err)
	}
}

func TestUploadWithoutFileIsRefused(t *testing.T) {
	_, s, _ := listServer(t)
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("other", "x")
	mw.Close()
	w := serve(s.Handler(), uploadRequest(s, &b, mw.FormDataContentType()))
	// htmx swaps only a 200: the reason is shown where the list would have been.
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `<section id="detected"`) || !strings.Contains(w.Body.String(), text.noUpload) {
		t.Errorf("status %d: %s", w.Code, w.Body)
	}
}

func TestNewPostRoutesNeedCSRF(t *testing.T) {
	_, s, _ := listServer(t)
	h := s.Handler()
	form := url.Values{"path": {abs(t, contactsCSV)}, "yaml": {"columns: {}\n"}}
	for _, target := range []string{"/open", "/map/edit", "/map/load", "/map/save", "/map/check"} {
		r := request("POST", target, s.cfg.Guard.Token(), form)
		if w := serve(h, r); w.Code != http.StatusForbidden {
			t.Errorf("POST %s without the CSRF token: status %d, want 403", target, w.Code)
		}
		r = request("POST", target, "", form)
		r.Header.Set(csrfHeader, s.cfg.Guard.CSRF())
		if w := serve(h, r); w.Code != http.StatusForbidden {
			t.Errorf("POST %s without the session cookie: status %d, want 403", target, w.Code)
		}
	}
	dir := filepath.Dir(abs(t, contactsCSV))
	if m, _ := filepath.Glob(filepath.Join(dir, "contacts.mapping*.yaml")); len(m) > 0 {
		t.Errorf("a refused save wrote %v", m)
	}
}
