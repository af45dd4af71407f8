package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"slices"
	"testing"
	"time"
)

var (
	testTime  = time.Date(2026, 11, 30, 8, 15, 0, 0, time.UTC)
	testFiles = []entry{
		{name: "man/man1/contactimport.1", data: []byte(".TH CONTACTIMPORT 1\n")},
		{name: "contactimport", data: []byte("\x7fELF binary"), exec: true},
		{name: "README.md", data: []byte("# contactimport\n")},
		{name: "completions/contactimport.bash", data: []byte("complete -F _contactimport contactimport\n")},
	}
)

// TestTarGzReproducible: the same files give the same bytes, whatever order they come in, with
// fixed owners, modes and times, sorted entries, and a gzip header without name or time.
func TestTarGzReproducible(t *testing.T) {
	var a, b bytes.Buffer
	if err := writeTarGz(&a, "top", testFiles, testTime); err != nil {
		t.Fatal(err)
	}
	reversed := slices.Clone(testFiles)
	slices.Reverse(reversed)
	if err := writeTarGz(&b, "top", reversed, testTime); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the same files differ")
	}
	gz, err := gzip.NewReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	if gz.Name != "" || !gz.ModTime.IsZero() {
		t.Errorf("gzip header carries name %q, time %v", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		wantMode := int64(0o644)
		if h.Typeflag == tar.TypeDir || h.Name == "top/contactimport" {
			wantMode = 0o755
		}
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" || h.Mode != wantMode || !h.ModTime.Equal(testTime) {
			t.Errorf("%s: uid %d gid %d %q/%q mode %o time %v", h.Name, h.Uid, h.Gid, h.Uname, h.Gname, h.Mode, h.ModTime)
		}
	}
	want := []string{"top/", "top/completions/", "top/man/", "top/man/man1/", "top/README.md", "top/completions/contactimport.bash",
		"top/contactimport", "top/man/man1/contactimport.1"}
	if !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
}

// TestZipReproducible: the same for the Windows archive, and a file's content still counts.
func TestZipReproducible(t *testing.T) {
	var a, b, c bytes.Buffer
	reversed := slices.Clone(testFiles)
	slices.Reverse(reversed)
	changed := slices.Clone(testFiles)
	changed[2].data = []byte("# contactimport!\n")
	for _, w := range []struct {
		buf   *bytes.Buffer
		files []entry
	}{{&a, testFiles}, {&b, reversed}, {&c, changed}} {
		if err := writeZip(w.buf, "top", w.files, testTime); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the same files differ")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("a changed README gave the same zip")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		want := fs.FileMode(0o644)
		switch {
		case f.Mode().IsDir():
			want = fs.ModeDir | 0o755
		case f.Name == "top/contactimport":
			want = 0o755
		}
		if f.Mode() != want || !f.Modified.Equal(testTime) {
			t.Errorf("%s: mode %v, time %v", f.Name, f.Mode(), f.Modified)
		}
		if f.Mode().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if i := slices.IndexFunc(testFiles, func(e entry) bool { return "top/"+e.name == f.Name }); i < 0 || !bytes.Equal(data, testFiles[i].data) {
			t.Errorf("%s: content %q", f.Name, data)
		}
	}
	want := []string{"top/", "top/completions/", "top/man/", "top/man/man1/", "top/README.md", "top/completions/contactimport.bash",
		"top/contactimport", "top/man/man1/contactimport.1"}
	if !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
}
