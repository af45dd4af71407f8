package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"contactimport/report/runfile"
)

// maxUpload bounds an upload: lists of several gigabytes are read, a body without end is not.
// A variable for the test of the bound.
var maxUpload int64 = 64 << 30

// upload streams the list in the request's "file" part to a new file (0600, made by
// runfile.Create) in the server's private upload folder (0700), a buffer at a time: a list is
// never held whole in memory. The browser goes on to the open screen of the copy.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	path, err := s.receive(r)
	switch {
	case err != nil && r.Header.Get("HX-Request") == "true": // shown where the list would be
		s.render(w, http.StatusOK, "open_detected", openPage{Err: err.Error()})
		return
	case err != nil:
		s.fail(w, http.StatusBadRequest, err)
		return
	}
	to := "/open?" + openQuery{Path: path}.values().Encode()
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// receive stores the request's file part and returns the path of the copy. The body is read
// part by part, after the CSRF token's part when the guard has read that one.
func (s *Server) receive(r *http.Request) (string, error) {
	mr := multipartRest(r)
	if mr == nil {
		var err error
		if mr, err = r.MultipartReader(); err != nil {
			return "", fmt.Errorf("read the upload: %w", err)
		}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", errors.New(text.noUpload)
		}
		if err != nil {
			return "", fmt.Errorf("read the upload: %w", err)
		}
		if part.FormName() == "file" {
			return s.storePart(part)
		}
		part.Close()
	}
}

func (s *Server) storePart(part *multipart.Part) (string, error) {
	defer part.Close()
	return s.store(part.FileName(), part)
}

// store copies r into a new file named like the upload in the upload folder; a copy that
// fails half way is removed.
func (s *Server) store(name string, r io.Reader) (string, error) {
	dir, err := s.uploadDir()
	if err != nil {
		return "", err
	}
	path, f, err := createUpload(dir, uploadName(name))
	if err != nil {
		return "", err
	}
	_, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return "", fmt.Errorf(text.uploadTooLarge, tooLarge.Limit>>30)
		}
		return "", fmt.Errorf("read the upload: %w", err)
	}
	s.cfg.Log.Info("list uploaded", "file", path)
	return path, nil
}

// uploadDir is the server's private folder for uploads (0700), made at the first upload in
// the system's temporary directory; it is kept when the server stops, since a report names
// the list it was read from.
func (s *Server) uploadDir() (string, error) {
	s.lists.mu.Lock()
	defer s.lists.mu.Unlock()
	if s.lists.uploads == "" {
		dir, err := os.MkdirTemp("", "contactimport-ui-")
		if err != nil {
			return "", fmt.Errorf("make a folder for the upload: %w", err)
		}
		s.lists.uploads = dir
	}
	return s.lists.uploads, nil
}

// uploadName is the file name of an upload without any folder, or "list" when it has none.
func uploadName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	switch {
	case name == "." || name == "/":
		return "list"
	case strings.HasPrefix(name, "."):
		return "list" + name
	}
	return name
}

// createUpload creates dir/name, or name with a number before its extension when taken.
func createUpload(dir, name string) (string, *os.File, error) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for n := 1; n < 1000; n++ {
		p := filepath.Join(dir, name)
		if n > 1 {
			p = filepath.Join(dir, stem+"."+strconv.Itoa(n)+ext)
		}
		f, err := runfile.Create(p)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", nil, fmt.Errorf("store the upload: %w", err)
		}
		return p, f, nil
	}
	return "", nil, fmt.Errorf("store the upload %s: 999 uploads of that name exist already", name)
}
