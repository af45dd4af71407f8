package profile

import (
	"contactimport/importer/engage"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestWriteProfileFile: the profile reads back as written, with mode 0600; a link in its place is
// replaced, not followed; a directory is refused; no temporary file is left behind.
func TestWriteProfileFile(t *testing.T) {
	dir := t.TempDir()
	p := &engage.Profile{Target: "https://host/api/rest/v19", Checked: time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
		Tenant:   engage.Tenant{Update: engage.UpdateReplaces, CustomAttributes: engage.NamingBare, MissingAttributes: []string{"X"}},
		Findings: []engage.Finding{{Check: "update behaviour", OK: true, Found: "it replaces", Meaning: "…"}}}
	path := filepath.Join(dir, "tenant.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, p); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := engage.ReadProfile(f)
	f.Close()
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("read back %+v, %v; want %+v", got, err, p)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}

	if runtime.GOOS != "windows" {
		victim := filepath.Join(dir, "victim")
		os.WriteFile(victim, []byte("keep"), 0o644)
		link := filepath.Join(dir, "link.json")
		if err := os.Symlink(victim, link); err != nil {
			t.Fatal(err)
		}
		if err := Write(link, p); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "keep" {
			t.Errorf("the link's target was written: %q", b)
		}
		if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink != 0 {
			t.Errorf("%s is still a link", link)
		}
	}

	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o700)
	if err := Write(sub, p); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("writing over a directory: %v", err)
	}
	if err := Write(filepath.Join(dir, "missing", "tenant.json"), p); err == nil {
		t.Errorf("writing into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
