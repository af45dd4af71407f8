package runfile

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestPublishReadableByAll: Publish writes a file every user may read (a man page), replaces a
// symbolic link at its path instead of writing through it, and leaves no temporary file; Replace
// beside it keeps its files to their owner.
func TestPublishReadableByAll(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	dir := t.TempDir()
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	page := filepath.Join(dir, "contactimport.1")
	if err := Publish(page, write(".TH CONTACTIMPORT 1\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(page); err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("published file: %v, %v; want mode 0644", fi, err)
	}
	private := filepath.Join(dir, "summary.json")
	if err := Replace(private, write("{}")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(private); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("replaced file: %v, %v; want mode 0600", fi, err)
	}

	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.1")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	if err := Publish(link, write("page")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "keep" {
		t.Errorf("the link's target was written: %q", b)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink != 0 || fi.Mode().Perm() != 0o644 {
		t.Errorf("%s: %v, %v; want a plain file of mode 0644", link, fi, err)
	}
	if _, err := os.Lstat(link + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
}

// TestPublishIntoMakesTheFolder writes pages into a folder that does not exist yet, readable by
// all, and names the page it could not write.
func TestPublishIntoMakesTheFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "share", "man1")
	pages := []Page{{"contactimport.1", ".TH CONTACTIMPORT 1\n"}, {"contactimport-import.1", ".TH CONTACTIMPORT-IMPORT 1\n"}}
	if err := PublishInto(dir, pages); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		b, err := os.ReadFile(filepath.Join(dir, p.Name))
		if err != nil || string(b) != p.Text {
			t.Fatalf("%s: %q, %v; want %q", p.Name, b, err, p.Text)
		}
		if fi, _ := os.Stat(filepath.Join(dir, p.Name)); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", p.Name, fi.Mode().Perm())
		}
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("folder: %v, %v; want a folder made", fi, err)
	}
	if err := os.Mkdir(filepath.Join(dir, "taken.1"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := PublishInto(dir, []Page{{"taken.1", "x"}})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "taken.1")) {
		t.Fatalf("a page over a folder: %v; want an error naming its path", err)
	}
}
