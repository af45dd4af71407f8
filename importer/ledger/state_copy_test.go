package ledger

import (
	"os"
	"path/filepath"
	"testing"
)

// TestStateCopyTo: a ledger whose file was removed while open is written back whole into an
// empty file the caller made, keeping that file's mode, under a name SQLite would misread as a URI.
func TestStateCopyTo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "st#1.db")
	s, err := Open(path, "https://t")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Record("EMAIL:a@example.org", Entry{Hash: "h1", ContactID: 5}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordMember(7, "EMAIL:a@example.org", MemberEntry{ContactID: 5, Status: StatusLeft}); err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.CopyTo(path); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("copy: %v, %v", fi, err)
	}
	back, err := Open(path, "https://t")
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if e, ok, err := back.Lookup("EMAIL:a@example.org"); !ok || err != nil || e.ContactID != 5 || e.Hash != "h1" {
		t.Errorf("contact entry after the copy: %+v %v %v", e, ok, err)
	}
	if m, ok, err := back.LookupMember(7, "EMAIL:a@example.org"); !ok || err != nil || m.Status != StatusLeft {
		t.Errorf("membership after the copy: %+v %v %v", m, ok, err)
	}
}
